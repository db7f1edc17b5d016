"""A message to a chosen group of invitees: preview, a test copy to oneself, then the sending
through the outbox with its progress; each copy with the person's own name and link."""

import re

import pytest
from django.urls import reverse

from heatportal.mail.models import Email
from sessions.models import Invitation, SessionMessage
from sessions.services.answers import invitation_answer
from sessions.tests.conftest import invite_sent
from tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, world):
    client.force_login(world.users["staff_drenthe"])
    return world.users["staff_drenthe"]


@pytest.fixture
def group(planned):
    """Three invited: one comes (a housing corporation), two have not answered (one a grid operator)."""
    coming, quiet, other = invite_sent(planned, 3)
    invitation_answer(invitation=coming, accept=True)
    for invitation, kind in ((coming, "housing_corporation"), (other, "grid_operator")):
        invitation.contact.organisation = OrganisationFactory(type=kind)
        invitation.contact.save(update_fields=["organisation"])
    return coming, quiet, other


def _url(session):
    return reverse("sessions:message", kwargs={"pk": session.pk})


def _data(**extra):
    return {"audience": "pending", "subject": "Nog even reageren?", "body": "Wij horen graag of u komt.", **extra}


def _message_mails(session):
    return Email.objects.filter(key__contains=f"session:{session.pk}:message-", batch__contains="message")


def test_the_preview_shows_the_message_and_how_many_get_it_and_sends_nothing(client, staff, planned, group):
    response = client.post(_url(planned), _data(actie="voorbeeld"))
    body = response.content.decode()
    assert "Beste Naam van de genodigde," in body and "Wij horen graag of u komt." in body
    assert "Versturen aan 2 genodigden" in body
    assert not Email.objects.filter(key__contains="message").exists()


def test_a_test_copy_goes_to_the_organiser_only(client, staff, planned, group):
    client.post(_url(planned), _data(actie="test"))
    [test] = Email.objects.filter(key__contains="message-test")
    assert test.to_email == staff.email and test.subject == "[Test] Nog even reageren?"
    assert "/sessies/antwoord/" not in test.body_text  # nobody's personal link in a test copy
    assert not _message_mails(planned).exists()


def test_sending_reaches_exactly_the_group_each_with_their_own_link(
    client, staff, planned, group, django_capture_on_commit_callbacks
):
    coming, quiet, other = group
    with django_capture_on_commit_callbacks(execute=True):  # Celery queues the copies after commit
        response = client.post(_url(planned), _data(actie="versturen"))
    assert response.status_code == 302
    mails = {m.to_email: m for m in _message_mails(planned)}
    assert set(mails) == {quiet.contact.email, other.contact.email}
    mail = mails[quiet.contact.email]
    assert mail.body_text.startswith(f"Beste {quiet.contact.name},")
    links = {re.search(r"/sessies/antwoord/(\S+)/", m.body_text).group(1) for m in mails.values()}
    assert len(links) == 2
    message = SessionMessage.objects.get()
    assert message.recipients == 2 and all(m.batch == message.batch for m in mails.values())
    Email.objects.filter(batch=message.batch).update(status=Email.Status.QUEUED)  # as while the worker runs
    assert "Verzonden: 0 van 2" in client.get(_url(planned)).content.decode()
    Email.objects.filter(batch=message.batch).update(status=Email.Status.SENT)
    assert "Verzonden: 2 van 2" in client.get(_url(planned)).content.decode()


def test_the_group_narrows_by_kind_of_organisation(client, staff, planned, group, django_capture_on_commit_callbacks):
    _, _, other = group
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(planned), _data(actie="versturen", audience="all", types=["grid_operator"]))
    assert [m.to_email for m in _message_mails(planned)] == [other.contact.email]


def test_a_message_without_a_subject_is_refused_in_place(client, staff, planned, group):
    response = client.post(_url(planned), _data(actie="versturen", subject=""))
    assert response.status_code == 400
    assert "Wij horen graag of u komt." in response.content.decode()  # what was typed stays
    assert not SessionMessage.objects.exists() and not _message_mails(planned).exists()


def test_who_has_not_received_the_invitation_is_not_messaged(
    client, staff, planned, django_capture_on_commit_callbacks
):
    from sessions.tests.factories import InvitationFactory

    InvitationFactory(session=planned)  # on the list, never sent
    with django_capture_on_commit_callbacks(execute=True):
        client.post(_url(planned), _data(actie="versturen", audience="all"))
    assert not _message_mails(planned).exists()
    assert Invitation.objects.filter(session=planned).count() == 1
