"""The evaluation: sent the day after to those present, answered once through a signed link,
results for the organiser without names, in the exports too."""

import csv
import datetime as dt
import io
import re

import pytest
from django.urls import reverse

from heatportal.mail.models import Email
from sessions.models import Evaluation, Invitation
from sessions.services.evaluations import evaluation_token
from sessions.services.scheduled import due_messages_send
from sessions.tests.conftest import dated, invite_sent
from sessions.tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(planned, today):
    """The two-day session, its last day yesterday; one invitee present, one absent, one walk-in."""
    dated(planned, today - dt.timedelta(days=2))
    present, absent = invite_sent(planned, 2, answer=Invitation.Answer.ACCEPTED)
    Invitation.objects.filter(pk=present.pk).update(attended=True)
    Invitation.objects.filter(pk=absent.pk).update(attended=False)
    walk_in = InvitationFactory(session=planned, answer=Invitation.Answer.ACCEPTED, attended=True, walk_in=True)
    return planned, present, absent, walk_in


def _url(invitation):
    return reverse("sessions:evaluation", kwargs={"token": evaluation_token(invitation)})


def test_the_day_after_those_present_get_the_evaluation_once(held, today):
    session, present, absent, walk_in = held
    counts = due_messages_send(today=today)
    assert counts["evaluation"] == 2
    mails = Email.objects.filter(key__contains=":evaluation:")
    assert sorted(m.to_email for m in mails) == sorted([present.contact.email, walk_in.contact.email])
    mail = mails.get(to_email=present.contact.email)
    assert mail.subject == "Hoe was Sprintsessie Assen en Midden-Drenthe?"
    assert re.search(r"http\S+/sessies/evaluatie/\S+/", mail.body_text)
    assert due_messages_send(today=today)["evaluation"] == 0  # once


def test_not_before_the_last_day_is_over(planned, today):
    dated(planned, today)
    [present] = invite_sent(planned, answer=Invitation.Answer.ACCEPTED)
    Invitation.objects.filter(pk=present.pk).update(attended=True)
    assert due_messages_send(today=today)["evaluation"] == 0


def test_an_evaluation_is_given_once_without_an_account(client, held):
    session, present, *_ = held
    page = client.get(_url(present))
    assert page.status_code == 200 and "Wat was voor u het waardevolst?" in page.content.decode()
    data = {"rating": "4", "answer_0": "De wijkwandeling", "answer_1": "", "answer_2": "Een warmteplan"}
    assert client.post(_url(present), data).status_code == 200
    evaluation = Evaluation.objects.get(invitation=present)
    assert evaluation.rating == 4 and evaluation.answers == ["De wijkwandeling", "", "Een warmteplan"]
    assert evaluation.questions == session.evaluation_questions
    again = client.post(_url(present), {**data, "rating": "1"})
    assert "al ingevuld" in again.content.decode()
    assert Evaluation.objects.get(invitation=present).rating == 4


@pytest.mark.parametrize("rating", ["", "0", "6", "vijf"])
def test_a_rating_outside_one_to_five_is_refused_in_place(client, held, rating):
    _, present, *_ = held
    response = client.post(_url(present), {"rating": rating, "answer_0": "Bewaard"})
    assert response.status_code == 400
    assert "Bewaard" in response.content.decode()
    assert not Evaluation.objects.exists()


def test_who_was_not_there_cannot_evaluate(client, held):
    _, _, absent, _ = held
    response = client.post(_url(absent), {"rating": "5"})
    assert response.status_code == 403
    assert not Evaluation.objects.exists()


def test_a_tampered_link_says_so(client, held):
    _, present, *_ = held
    assert client.get(_url(present)[:-3] + "xx/").status_code == 400


def test_the_organiser_sees_the_figures_and_the_answers_without_names(client, world, held):
    session, present, _, walk_in = held
    client.post(_url(present), {"rating": "4", "answer_0": "De wijkwandeling"})
    client.post(_url(walk_in), {"rating": "5", "answer_1": "Meer tijd voor vragen"})
    client.force_login(world.users["staff_drenthe"])
    page = client.get(reverse("sessions:evaluation_results", kwargs={"pk": session.pk})).content.decode()
    assert "2 ingevulde evaluaties, gemiddelde waardering 4,5 van 5" in page
    assert "De wijkwandeling" in page and "Meer tijd voor vragen" in page
    assert present.contact.name not in page and walk_in.contact.name not in page
    export = client.get(reverse("sessions:evaluation_export", kwargs={"pk": session.pk, "fmt": "csv"}))
    rows = list(csv.reader(io.StringIO(export.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == ["Ingevuld op", "Waardering", "Vraag 1", "Antwoord 1"]
    assert [r[1] for r in rows[1:]] == ["4", "5"]
    assert present.contact.email not in export.content.decode()


def test_the_organiser_edits_the_questions_and_earlier_answers_keep_theirs(client, world, held):
    session, present, *_ = held
    client.post(_url(present), {"rating": "3", "answer_0": "Goed"})
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:evaluation_results", kwargs={"pk": session.pk})
    assert client.post(url, {"questions": "Wat neemt u mee?\n\nWat mist u?"}).status_code == 302
    session.refresh_from_db()
    assert session.evaluation_questions == ["Wat neemt u mee?", "Wat mist u?"]
    assert Evaluation.objects.get(invitation=present).questions[0] == "Wat was voor u het waardevolst?"
    too_many = client.post(url, {"questions": "\n".join(f"Vraag {n}" for n in range(6))})
    assert too_many.status_code == 400 and "Hoogstens vijf vragen" in too_many.content.decode()


def test_the_questions_form_posted_back_as_it_is_changes_nothing(client, world, held):
    from tests.htmlforms import page_form, post_data

    session, *_ = held
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:evaluation_results", kwargs={"pk": session.pk})
    before = list(session.evaluation_questions)
    client.post(url, post_data(page_form(client.get(url), action_contains="/evaluatie/")))
    session.refresh_from_db()
    assert session.evaluation_questions == before
