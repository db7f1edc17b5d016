"""Checking in on the day: the day's list, ticking, walk-ins, counts per kind, and the QR code of
the confirmation that opens a person's entry for an organiser who scans it."""

import base64
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from heatportal.mail.models import Email
from municipalities.models import Contact
from sessions.checkin_codes import checkin_token
from sessions.models import Invitation, InvitationDay
from sessions.services.answers import answer_token, invitation_answer
from sessions.tests.conftest import dated, invite_sent
from sessions.tests.factories import InvitationFactory
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def today_session(planned, today):
    """The planned two-day session, starting today."""
    return dated(planned, today)


@pytest.fixture
def staff(client, world):
    client.force_login(world.users["staff_drenthe"])
    return world.users["staff_drenthe"]


def _accepted(session, name, organisation=None, day_ids=None):
    contact = ContactFactory(name=name, organisation=organisation)
    invitation = InvitationFactory(session=session, contact=contact)
    invitation_answer(invitation=invitation, accept=True, day_ids=day_ids)
    return invitation


def _row(invitation, day):
    return InvitationDay.objects.get(invitation=invitation, day=day)


def _list(client, session, **params):
    return client.get(reverse("sessions:checkin", kwargs={"pk": session.pk}), params)


def test_the_days_list_holds_who_comes_that_day_and_searches(client, staff, today_session):
    first, second = today_session.days.order_by("date")
    actium = OrganisationFactory(name="Actium")
    _accepted(today_session, "Henk Bosma", actium)
    _accepted(today_session, "Ilse Kuipers", day_ids=[second.pk])
    page = _list(client, today_session).content.decode()
    assert "Henk Bosma" in page and "Ilse Kuipers" not in page  # today is day one
    assert "0 van 1 aanwezig" in page
    assert "Ilse Kuipers" in _list(client, today_session, dag=second.pk).content.decode()
    found = _list(client, today_session, q="actium").content.decode()
    assert "Henk Bosma" in found and "1 deelnemer gevonden" in found


def test_ticking_in_records_the_moment_and_the_session_attendance(client, staff, today_session):
    first = today_session.days.order_by("date").first()
    henk = _accepted(today_session, "Henk Bosma")
    url = reverse("sessions:checkin_toggle", kwargs={"pk": today_session.pk, "attendance_pk": _row(henk, first).pk})
    assert client.post(url, {"present": "1"}).status_code == 302
    row = _row(henk, first)
    assert row.present_at is not None and row.checked_in_by == staff
    assert Invitation.objects.get(pk=henk.pk).attended is True
    moment = row.present_at
    client.post(url, {"present": "1"})  # a second tap
    assert _row(henk, first).present_at == moment
    client.post(url, {"present": "0"})
    assert _row(henk, first).present_at is None
    assert Invitation.objects.get(pk=henk.pk).attended is None


def test_htmx_gets_the_row_and_the_counts_back(client, staff, today_session):
    first = today_session.days.order_by("date").first()
    henk = _accepted(today_session, "Henk Bosma", OrganisationFactory(name="Actium", type="housing_corporation"))
    url = reverse("sessions:checkin_toggle", kwargs={"pk": today_session.pk, "attendance_pk": _row(henk, first).pk})
    body = client.post(url, {"present": "1"}, headers={"HX-Request": "true"}).content.decode()
    assert f'id="checkin-{_row(henk, first).pk}"' in body and "aanwezig sinds" in body
    assert 'id="checkin-counts" hx-swap-oob="true"' in body and "1 van 1 aanwezig" in body
    assert "Woningcorporatie: 1 / 1" in body
    assert "<html" not in body


def test_nobody_is_ticked_in_before_the_day(client, staff, planned):
    first = planned.days.order_by("date").first()
    henk = _accepted(planned, "Henk Bosma")
    url = reverse("sessions:checkin_toggle", kwargs={"pk": planned.pk, "attendance_pk": _row(henk, first).pk})
    client.post(url, {"present": "1"})
    assert _row(henk, first).present_at is None
    assert "Inchecken kan vanaf de dag zelf" in _list(client, planned).content.decode()


def test_a_row_of_another_session_is_not_found(client, staff, today_session, reference_data):
    from sessions.tests.factories import SessionDayFactory, SessionFactory

    other = SessionFactory(organiser_province=today_session.organiser_province)
    day = SessionDayFactory(session=other, date=timezone.localdate())
    henk = _accepted(other, "Henk Bosma")
    url = reverse("sessions:checkin_toggle", kwargs={"pk": today_session.pk, "attendance_pk": _row(henk, day).pk})
    assert client.post(url, {"present": "1"}).status_code == 404


def test_a_walk_in_is_added_checked_in_and_gets_the_evaluation_later(client, staff, today_session):
    first = today_session.days.order_by("date").first()
    url = reverse("sessions:checkin_walk_in", kwargs={"pk": today_session.pk})
    response = client.post(url, {"dag": first.pk, "nieuw-name": "Bij de Deur", "nieuw-email": "deur@example.org"})
    assert response.status_code == 302
    invitation = Invitation.objects.get(session=today_session, contact__email="deur@example.org")
    assert invitation.walk_in and invitation.answer == Invitation.Answer.ACCEPTED and invitation.attended
    assert _row(invitation, first).present_at is not None
    assert "bij de deur" in _list(client, today_session).content.decode()


def test_a_walk_in_without_a_valid_address_is_refused_in_place(client, staff, today_session):
    first = today_session.days.order_by("date").first()
    url = reverse("sessions:checkin_walk_in", kwargs={"pk": today_session.pk})
    contacts = Contact.objects.count()
    response = client.post(url, {"dag": first.pk, "nieuw-name": "Bij de Deur", "nieuw-email": "geen-adres"})
    assert response.status_code == 400
    assert "Voer een geldig e-mailadres in" in response.content.decode()
    assert 'value="Bij de Deur"' in response.content.decode()  # what was typed stays
    assert Contact.objects.count() == contacts


def test_the_confirmation_carries_a_qr_code_that_opens_the_persons_entry(client, staff, today_session):
    [invitation] = invite_sent(today_session)
    invitation_answer(invitation=invitation, accept=True)
    confirmation = Email.objects.get(key__contains=":answer-", key__endswith=f":{invitation.pk}")
    [png] = [a for a in confirmation.attachments if a["filename"] == "inchecken.png"]
    assert png["mimetype"] == "image/png" and base64.b64decode(png["content"]).startswith(b"\x89PNG")
    assert "toon de qr-code uit de bijlage (inchecken.png)" in confirmation.body_text.lower()
    entry = client.get(reverse("sessions:checkin_code", kwargs={"token": checkin_token(invitation)}))
    assert entry.status_code == 200
    assert invitation.contact.name in entry.content.decode()
    row = invitation.attending_days.order_by("day__date").first()
    client.post(
        reverse("sessions:checkin_toggle", kwargs={"pk": today_session.pk, "attendance_pk": row.pk}),
        {"present": "1", "terug": entry.request["PATH_INFO"]},
    )
    assert InvitationDay.objects.get(pk=row.pk).present_at is not None


def test_the_answer_page_shows_the_code_once_they_come(client, today_session):
    [invitation] = invite_sent(today_session)
    url = reverse("sessions:answer", kwargs={"token": answer_token(invitation)})
    assert "QR-code om in te checken" not in client.get(url).content.decode()
    invitation_answer(invitation=invitation, accept=True)
    page = client.get(url).content.decode()
    assert re.search(r'<svg role="img" aria-label="QR-code om in te checken"', page)


def test_a_code_passed_on_or_tampered_with_opens_nothing(client, staff, today_session):
    [invitation] = invite_sent(today_session)
    invitation_answer(invitation=invitation, accept=True)
    token = checkin_token(invitation)
    assert client.get(reverse("sessions:checkin_code", kwargs={"token": token + "x"})).status_code == 400
    Invitation.objects.filter(pk=invitation.pk).update(link_version=1)
    assert client.get(reverse("sessions:checkin_code", kwargs={"token": token})).status_code == 400


def test_the_code_gives_nothing_to_someone_who_may_not_change_the_session(client, world, today_session):
    [invitation] = invite_sent(today_session)
    invitation_answer(invitation=invitation, accept=True)
    client.force_login(world.users["staff_nh"])
    response = client.get(reverse("sessions:checkin_code", kwargs={"token": checkin_token(invitation)}))
    assert response.status_code in (403, 404)
    assert invitation.contact.name not in response.content.decode()


def test_the_check_in_page_is_bounded_by_its_page(client, staff, today_session, django_assert_max_num_queries):
    for n in range(60):
        _accepted(today_session, f"Deelnemer {n:02d}")
    # The same however many come: the session, its days, participants, programme and workshops;
    # one page of rows, their number, the counts per kind, the walk-in form's organisations; and
    # the request's own (session, user, second factor, roles).
    with django_assert_max_num_queries(15):
        page = _list(client, today_session).content.decode()
    assert "Pagina 1 van 2" in page and "Deelnemer 49" in page and "Deelnemer 50" not in page


@pytest.mark.parametrize("back", ["https://evil.example/", "//evil.example/sessies/", "/sessies/\\evil", "/account/"])
def test_the_way_back_after_a_tick_is_only_a_sessions_page_of_the_portal(client, staff, today_session, back):
    first = today_session.days.order_by("date").first()
    henk = _accepted(today_session, "Henk Bosma")
    url = reverse("sessions:checkin_toggle", kwargs={"pk": today_session.pk, "attendance_pk": _row(henk, first).pk})
    response = client.post(url, {"present": "1", "terug": back})
    assert response.status_code == 302
    assert response.url.startswith(reverse("sessions:checkin", kwargs={"pk": today_session.pk}))


def test_a_walk_in_is_no_invitation_still_to_send(client, staff, today_session):
    first = today_session.days.order_by("date").first()
    url = reverse("sessions:checkin_walk_in", kwargs={"pk": today_session.pk})
    client.post(url, {"dag": first.pk, "nieuw-name": "Bij de Deur", "nieuw-email": "deur@example.org"})
    from sessions.invitation_selectors import invitation_progress
    from sessions.services.sending import invitations_send

    assert invitation_progress(session=today_session)["not_sent"] == 0
    assert invitations_send(session=today_session) == 0
    assert not Email.objects.filter(to_email="deur@example.org").exists()
