"""Findings of the browser walk-through: attendance only for held-able sessions, a confirmed
cancel, a board filter in the URL, valid .ics, honest sending progress, Dutch dates and texts."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from heatportal.mail.models import Email
from municipalities.services import contact_erase
from sessions import services
from sessions.ical import feed_ics, session_ics
from sessions.models import Invitation, Session
from sessions.tests.conftest import invite_sent
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory, WorkshopFactory
from tests.factories import ContactFactory

pytestmark = pytest.mark.django_db


def _starting(session: Session, first: dt.date) -> Session:
    for offset, day in enumerate(session.days.order_by("date")):
        day.date = first + dt.timedelta(days=offset)
        day.save()
    return session


def _accepted(session: Session, n: int = 2) -> list[Invitation]:
    return [
        InvitationFactory(session=session, contact=ContactFactory(), answer=Invitation.Answer.ACCEPTED)
        for _ in range(n)
    ]


# --- 1. Attendance ------------------------------------------------------------------------
def test_attendance_of_a_future_session_is_refused_and_not_offered(client, world, planned):
    came, _absent = _accepted(planned)
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:attendance", kwargs={"pk": planned.pk})
    page = client.get(url).content.decode()
    assert "Aanwezigheid registreren kan vanaf de eerste sessiedag" in page and 'name="attended"' not in page
    response = client.post(url, {"attended": [came.pk]})
    assert response.status_code == 409 and "vanaf de eerste sessiedag" in response.content.decode()
    planned.refresh_from_db()
    assert planned.status == Session.Status.SCHEDULED
    assert not planned.invitations.filter(attended__isnull=False).exists()
    detail = client.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()
    assert url not in detail


@pytest.mark.parametrize("status", [Session.Status.CANCELLED, Session.Status.TO_SCHEDULE])
def test_attendance_of_a_cancelled_or_unscheduled_session_is_refused(client, world, planned, today, status):
    _starting(planned, today - dt.timedelta(days=1))
    Session.objects.filter(pk=planned.pk).update(status=status)
    came, _absent = _accepted(planned)
    with pytest.raises(ValidationError):
        services.attendance_save(session=planned, attended_ids={came.pk})
    client.force_login(world.users["staff_drenthe"])
    response = client.post(reverse("sessions:attendance", kwargs={"pk": planned.pk}), {"attended": [came.pk]})
    assert response.status_code == 409
    planned.refresh_from_db()
    assert planned.status == status
    detail = client.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()
    assert reverse("sessions:attendance", kwargs={"pk": planned.pk}) not in detail


def test_attendance_from_the_first_day_on_needs_ticks_or_an_explicit_nobody(client, world, planned, today):
    _starting(planned, today)  # the first day is today: allowed
    came, absent = _accepted(planned)
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:attendance", kwargs={"pk": planned.pk})
    assert url in client.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()

    response = client.post(url, {})
    assert response.status_code == 200 and "Vink aan wie er waren" in response.content.decode()
    planned.refresh_from_db()
    assert planned.status == Session.Status.SCHEDULED

    client.post(url, {"nobody": "on"})
    planned.refresh_from_db()
    assert planned.status == Session.Status.HELD
    assert set(planned.invitations.values_list("attended", flat=True)) == {False}

    client.post(url, {"attended": [came.pk]})  # a held session can be corrected
    assert dict(planned.invitations.values_list("pk", "attended")) == {came.pk: True, absent.pk: False}


# --- 2. Cancel needs confirmation ----------------------------------------------------------
def test_cancel_asks_for_confirmation_first(client, world, planned):
    invite_sent(planned, 2)
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:cancel", kwargs={"pk": planned.pk})
    detail = client.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()
    assert f'action="{url}"' not in detail and f'href="{url}"' in detail
    confirm = client.get(url)
    body = confirm.content.decode()
    assert confirm.status_code == 200
    assert "Alle 2 genodigden" in body and "annuleringsmail" in body and "niet ongedaan" in body
    planned.refresh_from_db()
    assert planned.status == Session.Status.SCHEDULED and not Email.objects.filter(key__contains=":cancel:")
    client.post(url)
    planned.refresh_from_db()
    assert planned.status == Session.Status.CANCELLED
    assert Email.objects.filter(key__contains=":cancel:").count() == 2


# --- 3. Board filter in the URL ------------------------------------------------------------
def test_board_filter_is_in_the_url_and_the_url_renders_the_full_page(client, world, planned):
    client.force_login(world.users["staff_drenthe"])
    board = client.get(reverse("sessions:board")).content.decode()
    assert 'hx-push-url="true"' in board and 'hx-target="#board"' in board and "deel=rows" not in board

    url = reverse("sessions:board") + "?provincie=PV22&status=scheduled"
    partial = client.get(url, headers={"HX-Request": "true", "HX-Target": "board"})
    text = partial.content.decode()
    assert '<div id="board">' in text and "<html" not in text
    assert "Assen" in text and "Noordenveld" not in text  # Noordenveld has no session
    assert "HX-Request" in partial["Vary"]

    full = client.get(url)  # loaded directly, or restored from history (not an htmx request)
    text = full.content.decode()
    assert "<html" in text and '<option value="scheduled" selected>' in text
    assert "Assen" in text and "Noordenveld" not in text


# --- 4. iCalendar -------------------------------------------------------------------------
@pytest.mark.parametrize("feed", [False, True])
def test_ics_organizer_is_a_plain_address_and_the_timezone_is_included(planned, settings, feed):
    settings.DEFAULT_FROM_EMAIL = "Warmteportaal <noreply@warmteportaal.nl>"
    text = feed_ics(sessions=[planned], name="Mijn sessies") if feed else session_ics(session=planned)
    calendar = Calendar.from_ical(text)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 2
    for event in events:
        assert str(event["ORGANIZER"]) == "mailto:noreply@warmteportaal.nl"
        assert event["ORGANIZER"].params["CN"] == "Provincie Drenthe"
        assert event["DTSTART"].params["TZID"] == "Europe/Amsterdam"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["Europe/Amsterdam"]


# --- 5. Invalid or expired answer link ----------------------------------------------------
def test_link_problem_pages_send_people_to_the_organiser(client, planned, monkeypatch):
    (invitation,) = invite_sent(planned)
    token = services.answer_token(invitation)
    broken = client.get(reverse("sessions:answer", kwargs={"token": token[:-3] + "xyz"}))
    body = broken.content.decode()
    assert broken.status_code == 400
    assert "Antwoord dan op de uitnodigingsmail" not in body and "contact op met de organisator" in body

    monkeypatch.setattr(services, "ANSWER_LINK_MAX_AGE", -1)
    expired = client.get(reverse("sessions:answer", kwargs={"token": token}))
    body = expired.content.decode()
    assert expired.status_code == 410
    assert planned.title in body and "Provincie Drenthe" in body and "contact op met de organisator" in body


# --- 6 and 7. Sending progress and failure reasons ----------------------------------------
def test_progress_counts_the_current_invitations_per_state(client, world, planned):
    invitations = invite_sent(planned, 5)
    ids = [inv.email_id for inv in invitations]
    Email.objects.filter(pk__in=ids[:4]).update(status=Email.Status.SENT)
    Email.objects.filter(pk=ids[4]).update(
        status=Email.Status.FAILED, last_error="SMTPRecipientsRefused: 550 5.1.1 <x@example.org>: user unknown"
    )
    InvitationFactory(session=planned, contact=ContactFactory())
    InvitationFactory(session=planned, contact=ContactFactory())
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:detail", kwargs={"pk": planned.pk})

    body = client.get(url).content.decode()
    assert "Verzonden: 4 van 5" in body
    assert "1 mislukt" in body and "0 in wachtrij" in body and "2 nog niet verstuurd" in body
    assert "550 5.1.1" not in body and "Controleer het adres" in body

    contact_erase(contact=invitations[0].contact)
    body = client.get(url).content.decode()
    assert "Verzonden: 3 van 4" in body and "1 mislukt" in body and "2 nog niet verstuurd" in body


# --- 8. Dutch dates -----------------------------------------------------------------------
def test_board_and_pages_use_dutch_month_names(client, world, planned):
    _starting(planned, dt.date(2030, 12, 3))
    client.force_login(world.users["staff_drenthe"])
    board = client.get(reverse("sessions:board")).content.decode()
    assert "3 dec 2030" in board and "di 3 dec 2030" in board and "Dec" not in board
    detail = client.get(reverse("sessions:detail", kwargs={"pk": planned.pk})).content.decode()
    assert "dinsdag 3 december 2030" in detail
    presence = client.get(reverse("sessions:presence", kwargs={"pk": planned.pk})).content.decode()
    assert "Handtekening 3 dec" in presence and "Dec" not in presence


# --- 9. Session list wording per role -----------------------------------------------------
@pytest.mark.parametrize(
    ("role", "text"),
    [
        ("programme_admin", "Alle sessies van het programma"),
        ("staff_drenthe", "uw provincie"),
        ("officer_assen", "waaraan uw gemeente deelneemt"),
    ],
)
def test_session_list_intro_fits_the_role(client, world, role, text):
    client.force_login(world.users[role])
    body = client.get(reverse("sessions:list")).content.decode()
    assert text in body
    if role != "officer_assen":
        assert "uw gemeente" not in body


# --- 10. Invitation mentions workshops only when there are any ----------------------------
@pytest.mark.parametrize("with_workshops", [False, True])
def test_invitation_mentions_workshops_only_when_there_are_any(planned, with_workshops):
    if with_workshops:
        WorkshopFactory(session=planned)
        WorkshopFactory(session=planned)
    (invitation,) = invite_sent(planned)
    email = invitation.email
    assert ("workshop" in email.body_text.lower()) is with_workshops
    assert ("workshop" in email.body_html.lower()) is with_workshops


# --- 11. Pasted lines: duplicates and line numbers ----------------------------------------
def test_pasted_duplicates_are_reported_per_line_and_numbers_match_the_box(client, world, planned):
    InvitationFactory(session=planned, contact=ContactFactory(name="Henk", email="henk@actium.example"))
    client.force_login(world.users["staff_drenthe"])
    text = "\n".join(
        [
            "Henk <henk@actium.example>",
            "Femke <femke@meppel.example>",
            "kapotte regel",
            "Femke Post <FEMKE@meppel.example>",
            "ook kapot",
        ]
    )
    response = client.post(reverse("sessions:invite", kwargs={"pk": planned.pk}), {"lines": text})
    body = response.content.decode()
    assert "“Henk &lt;henk@actium.example&gt;” – al uitgenodigd" in body
    assert "“Femke Post &lt;FEMKE@meppel.example&gt;” – dubbel in de lijst" in body
    # The box now holds the two bad lines; the numbers count lines in that box.
    assert "Regel 1 in het vak: “kapotte regel”" in body and "Regel 2 in het vak: “ook kapot”" in body
    assert "kapotte regel\nook kapot</textarea>" in body
    assert sorted(planned.invitations.values_list("contact__email", flat=True)) == [
        "femke@meppel.example",
        "henk@actium.example",
    ]


# --- 12. Workshop ranking error at the ranking fields -------------------------------------
def test_duplicate_workshop_choice_error_sits_at_the_ranking_fields(client, planned):
    first, _second = WorkshopFactory(session=planned), WorkshopFactory(session=planned)
    (invitation,) = invite_sent(planned)
    url = reverse("sessions:answer", kwargs={"token": services.answer_token(invitation)})
    body = client.post(url, {"answer": "accept", "choice_1": first.pk, "choice_2": first.pk}).content.decode()
    start = body.index("Uw voorkeur voor de parallelle workshops")
    fieldset = body[body.rindex("<fieldset", 0, start) : body.index("</fieldset>", start)]
    assert 'aria-describedby="ranking-error"' in fieldset
    assert 'id="ranking-error"' in fieldset and "Kies elke workshop maar één keer" in fieldset
    assert fieldset.count('aria-invalid="true"') == 2
    assert body.count("Kies elke workshop maar één keer") == 1  # not repeated above the radios
    invitation.refresh_from_db()
    assert invitation.answer == Invitation.Answer.PENDING


# --- 13. Municipalities of other provinces grouped by province ----------------------------
def test_other_municipalities_are_grouped_by_province(client, world):
    client.force_login(world.users["staff_drenthe"])
    body = client.get(reverse("sessions:create")).content.decode()
    select = body[
        body.index('name="other_municipalities"') : body.index("</select>", body.index("other_municipalities"))
    ]
    assert '<optgroup label="Noord-Holland">' in select and "Zaanstad" in select
    assert "Assen" not in select  # Drenthe's own are the checkboxes


def test_grouped_picker_still_saves_a_municipality_of_another_province(client, world, today):
    session = SessionFactory(organiser_province=world.drenthe, status=Session.Status.TO_SCHEDULE)
    SessionDayFactory(session=session, date=today + dt.timedelta(days=40))
    from municipalities.models import Province
    from sessions.forms import SessionForm

    form = SessionForm(
        {
            "kind": "sprint",
            "title": "Over de grens",
            "organiser_province": world.drenthe.pk,
            "other_municipalities": [world.zaanstad.pk],
            "reminder_days_text": "7",
        },
        province=world.drenthe,
        provinces=Province.objects.filter(pk=world.drenthe.pk),
    )
    assert form.is_valid(), form.errors
    assert form.municipality_ids() == [world.zaanstad.pk]
