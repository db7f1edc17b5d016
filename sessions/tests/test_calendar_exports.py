import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils.formats import date_format
from icalendar import Calendar
from openpyxl import load_workbook

from accounts.services import calendar_token_rotate
from sessions.models import Invitation, InvitationDay, Session
from sessions.services.answers import answer_url
from sessions.tests.conftest import invite_sent
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory, WorkshopFactory
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_feed_lists_sessions_the_user_organises_or_attends_as_valid_icalendar(client, world, planned, today):
    officer = world.users["officer_zaanstad"]
    attended = SessionFactory(organiser_province=world.noord_holland, title="Kennissessie Zaanstad")
    SessionDayFactory(session=attended, date=today + dt.timedelta(days=10))
    InvitationFactory(session=attended, contact=ContactFactory(email=officer.email), answer=Invitation.Answer.ACCEPTED)
    declined = SessionFactory(title="Niet bij")
    SessionDayFactory(session=declined)
    InvitationFactory(session=declined, contact=ContactFactory(email=officer.email), answer=Invitation.Answer.DECLINED)

    token = calendar_token_rotate(user=officer)
    response = client.get(reverse("sessions:feed", kwargs={"token": token}))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    events = list(calendar.walk("VEVENT"))
    assert [str(e["SUMMARY"]) for e in events] == ["Kennissessie Zaanstad"]
    assert str(events[0]["URL"]).endswith(reverse("sessions:detail", kwargs={"pk": attended.pk}))
    assert all(e.get("DTSTAMP") and e.get("UID") for e in events)

    # Provincial staff: the sessions their province organises (two days of `planned`).
    staff_token = calendar_token_rotate(user=world.users["staff_drenthe"])
    staff_events = Calendar.from_ical(client.get(reverse("sessions:feed", kwargs={"token": staff_token})).content)
    assert [str(e["SUMMARY"]) for e in staff_events.walk("VEVENT")] == [planned.title] * 2


def test_unknown_or_rotated_feed_token_is_404(client, world):
    user = world.users["staff_drenthe"]
    old = calendar_token_rotate(user=user)
    assert client.get(reverse("sessions:feed", kwargs={"token": "x" * 43})).status_code == 404
    client.force_login(user)
    response = client.post(reverse("sessions:calendar_rotate"))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.calendar_token and user.calendar_token != old
    client.logout()
    assert client.get(reverse("sessions:feed", kwargs={"token": old})).status_code == 404
    assert client.get(reverse("sessions:feed", kwargs={"token": user.calendar_token})).status_code == 200


def test_profile_shows_the_feed_link(client, world):
    user = world.users["staff_drenthe"]
    token = calendar_token_rotate(user=user)
    client.force_login(user)
    body = client.get(reverse("accounts:profile")).content.decode()
    assert reverse("sessions:feed", kwargs={"token": token}) in body


def _attendees(planned):
    workshop = WorkshopFactory(session=planned, title="Stappen naar een warmteprogramma")
    other = WorkshopFactory(session=planned, title="Regionaal afwegingskader")
    actium = OrganisationFactory(name="Actium")
    henk = InvitationFactory(
        session=planned,
        contact=ContactFactory(name="Henk Bosma", organisation=actium),
        answer="accepted",
        workshop=workshop,
    )
    InvitationFactory(session=planned, contact=ContactFactory(name="Ilse Kuipers"), answer="accepted", workshop=other)
    InvitationFactory(session=planned, contact=ContactFactory(name="Niet Komend"), answer="declined")
    return workshop, henk


def test_attendee_list_as_csv_and_xlsx_per_session_and_workshop(client, world, planned):
    workshop, henk = _attendees(planned)
    first_day = planned.days.order_by("date").first()
    InvitationDay.objects.create(invitation=henk, day=first_day)  # a two-day session: Henk comes on day 1
    client.force_login(world.users["staff_drenthe"])
    response = client.get(reverse("sessions:export", kwargs={"pk": planned.pk, "fmt": "csv"}))
    assert response["Content-Disposition"].endswith('.csv"')
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Naam", "E-mailadres", "Organisatie", "Dagen", "Workshop", "Aanwezig"]
    assert [r[0] for r in rows[1:]] == ["Henk Bosma", "Ilse Kuipers"]
    assert rows[1][2] == "Actium"
    assert rows[1][3] == date_format(first_day.date, "D j b")

    response = client.get(
        reverse("sessions:export", kwargs={"pk": planned.pk, "fmt": "xlsx"}), {"workshop": workshop.pk}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][0] == "Naam" and [v[0] for v in values[1:]] == ["Henk Bosma"]
    assert values[1][4] == "Stappen naar een warmteprogramma"
    assert client.get(reverse("sessions:export", kwargs={"pk": planned.pk, "fmt": "pdf"})).status_code == 404


def test_presence_list_is_printable(client, world, planned):
    _attendees(planned)
    client.force_login(world.users["staff_drenthe"])
    body = client.get(reverse("sessions:presence", kwargs={"pk": planned.pk})).content.decode()
    assert "Henk Bosma" in body and "Niet Komend" not in body
    assert "data-print" in body and "sessions/sessions.css" in body


def test_ticking_attendance_marks_the_session_held(client, world, planned, today):
    for offset, day in enumerate(planned.days.order_by("date")):
        day.date = today - dt.timedelta(days=1 - offset)  # the first day was yesterday
        day.save()
    _workshop, henk = _attendees(planned)
    client.force_login(world.users["staff_drenthe"])
    client.post(reverse("sessions:attendance", kwargs={"pk": planned.pk}), {"attended": [henk.pk]})
    planned.refresh_from_db()
    assert planned.status == Session.Status.HELD
    assert dict(planned.invitations.filter(answer="accepted").values_list("contact__name", "attended")) == {
        "Henk Bosma": True,
        "Ilse Kuipers": False,
    }


def test_invitation_ics_has_stable_uid_per_day(planned):
    (invitation,) = invite_sent(planned)
    from sessions.ical import session_ics

    first = Calendar.from_ical(session_ics(session=planned))
    again = Calendar.from_ical(session_ics(session=planned))
    assert [e["UID"] for e in first.walk("VEVENT")] == [e["UID"] for e in again.walk("VEVENT")]
    assert len({e["UID"] for e in first.walk("VEVENT")}) == 2
    assert answer_url(invitation).startswith("http")


def test_exported_names_cannot_become_formulas(client, world, planned):
    InvitationFactory(
        session=planned, contact=ContactFactory(name='=HYPERLINK("http://x")', organisation=None), answer="accepted"
    )
    client.force_login(world.users["staff_drenthe"])
    response = client.get(reverse("sessions:export", kwargs={"pk": planned.pk, "fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == '\'=HYPERLINK("http://x")'
    assert sheet["A2"].data_type == "s"
