"""Counts in Dutch take the singular for one and the plural otherwise ("1 gemeente", "3 gemeenten"):
each page that shows a count rendered with one and with three, through {% blocktranslate count %}
or ngettext (issue 12's sweep; Leer Labs and the e-mail templates have their own tests)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone

from heatportal.mail.models import Email
from sessions.tests.conftest import invite_sent
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory
from tests.factories import ContactFactory, municipality

pytestmark = pytest.mark.django_db

DRENTHE = ["GM0106", "GM0118", "GM0119"]  # Assen, Hoogeveen, Meppel


def _text(response) -> str:
    assert response.status_code == 200
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _planned(world, n: int):
    sessions = []
    for code in DRENTHE[:n]:
        session = SessionFactory(organiser_province=world.drenthe, municipalities=[municipality(code)])
        SessionDayFactory(session=session)
        sessions.append(session)
    return sessions


@pytest.mark.parametrize(("n", "words"), [(1, "1 gemeente)"), (3, "3 gemeenten)")])
def test_board_counts_its_municipalities(client, world, n, words):
    _planned(world, n)
    client.force_login(world.users["staff_drenthe"])
    text = _text(client.get(reverse("sessions:board"), {"provincie": "PV22", "status": "scheduled"}))
    assert f"Gemeenten ({words}" in text


@pytest.mark.parametrize(("n", "words"), [(1, "1 sessie "), (3, "3 sessies ")])
def test_session_list_counts_its_sessions(client, world, n, words):
    _planned(world, n)
    client.force_login(world.users["staff_drenthe"])
    assert words in _text(client.get(reverse("sessions:list")))


@pytest.mark.parametrize(
    ("n", "button", "pending"),
    [
        (1, "1 uitnodiging versturen", "1 genodigde heeft nog geen uitnodiging gekregen."),
        (3, "3 uitnodigingen versturen", "3 genodigden hebben nog geen uitnodiging gekregen."),
    ],
)
def test_unsent_invitations_are_counted_on_the_session_and_the_invite_page(client, world, n, button, pending):
    (session,) = _planned(world, 1)
    for _ in range(n):
        InvitationFactory(session=session, contact=ContactFactory())
    client.force_login(world.users["staff_drenthe"])
    assert button in _text(client.get(reverse("sessions:detail", kwargs={"pk": session.pk})))
    assert pending in _text(client.get(reverse("sessions:invite", kwargs={"pk": session.pk})))


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, ["1 e-mail mislukt", "1 wacht op verzending"]), (3, ["3 e-mails mislukt", "3 wachten op verzending"])],
)
def test_failed_and_stalled_mail_is_counted(client, world, n, words):
    (session,) = _planned(world, 1)
    failed, stalled = invite_sent(session, n), invite_sent(session, n)
    Email.objects.filter(pk__in=[i.email_id for i in failed]).update(status=Email.Status.FAILED)
    an_hour_ago = timezone.now() - timezone.timedelta(hours=1)
    Email.objects.filter(pk__in=[i.email_id for i in stalled]).update(updated_at=an_hour_ago)
    client.force_login(world.users["staff_drenthe"])
    board = _text(client.get(reverse("sessions:board"), {"provincie": "PV22"}))
    detail = _text(client.get(reverse("sessions:detail", kwargs={"pk": session.pk})))
    assert words[0] in board
    assert words[1] in detail


@pytest.mark.parametrize(("query", "words"), [("Assen", "1 gemeente"), ("oo", "3 gemeenten")])
def test_municipality_list_counts_what_the_filter_finds(client, world, query, words):
    # "oo": Borger-Odoorn, Hoogeveen and Noordenveld
    text = _text(client.get(reverse("municipalities:list"), {"provincie": "PV22", "q": query}))
    assert re.search(rf"\b{words}\b", text), text[:500]
