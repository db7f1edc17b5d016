"""Editing a session keeps what was not changed: tests post the edit form back exactly as the
browser does (every initial value, hidden day ids, the management form), then change one thing."""

import datetime as dt

import pytest
from django.urls import reverse
from icalendar import Calendar

from heatportal.mail.models import Email
from sessions.models import Session, SessionDay
from sessions.tests.conftest import invite_sent
from tests.htmlforms import page_form, post_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(world):
    return world.users["staff_drenthe"]


def _edit_form(client, session):
    response = client.get(reverse("sessions:edit", args=[session.pk]))
    assert response.status_code == 200
    return page_form(response, action_contains=reverse("sessions:edit", args=[session.pk]))


def _post(client, session, data, **headers):
    return client.post(reverse("sessions:edit", args=[session.pk]) + "?provincie=PV22", post_data(data), **headers)


def _state(session):
    session = Session.objects.get(pk=session.pk)
    days = list(SessionDay.objects.filter(session=session).order_by("pk").values())
    municipalities = sorted(session.participations.values_list("municipality_id", flat=True))
    return session, days, municipalities


def test_posting_the_edit_form_back_unchanged_changes_and_sends_nothing(client, staff, planned):
    invite_sent(planned, 3)
    before_session, before_days, before_municipalities = _state(planned)
    mails = Email.objects.count()
    client.force_login(staff)

    data = _edit_form(client, planned)
    assert data["days-TOTAL_FORMS"] == "3" and data["days-INITIAL_FORMS"] == "2"
    data["confirm"] = "on"  # the past/weekend warnings of factory dates are not what this is about
    response = _post(client, planned, data)

    assert response.status_code == 302, response.content.decode()[:2000]
    session, days, municipalities = _state(planned)
    assert days == before_days  # the same rows, ids and values
    assert municipalities == before_municipalities
    assert session.status == Session.Status.SCHEDULED
    assert session.sequence == before_session.sequence
    for field in ("title", "description", "kind", "reminder_days", "answer_deadline", "organiser_province_id"):
        assert getattr(session, field) == getattr(before_session, field), field
    assert Email.objects.count() == mails  # nobody is told about a change that did not happen


def test_changing_only_the_title_keeps_both_days_and_tells_nobody(client, staff, planned):
    invite_sent(planned, 2)
    _, before_days, _ = _state(planned)
    mails = Email.objects.count()
    client.force_login(staff)

    data = _edit_form(client, planned)
    data["title"] = "Sprintsessie Assen en Midden-Drenthe (nieuwe titel)"
    data["confirm"] = "on"
    assert _post(client, planned, data).status_code == 302

    session, days, _ = _state(planned)
    assert session.title.endswith("(nieuwe titel)")
    assert days == before_days
    assert session.status == Session.Status.SCHEDULED
    assert Email.objects.count() == mails


def test_the_board_editor_over_htmx_keeps_the_days_too(client, staff, planned):
    _, before_days, _ = _state(planned)
    client.force_login(staff)
    response = client.get(reverse("sessions:edit", args=[planned.pk]), headers={"HX-Request": "true"})
    data = page_form(response, action_contains=reverse("sessions:edit", args=[planned.pk]))
    data["description"] = "Alleen de omschrijving is anders."
    data["confirm"] = "on"
    response = _post(client, planned, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    assert "opgeslagen" in response.content.decode()
    session, days, _ = _state(planned)
    assert session.description == "Alleen de omschrijving is anders."
    assert days == before_days


def test_removing_the_first_day_keeps_the_second_and_cancels_only_the_first(client, staff, planned):
    (invitation,) = invite_sent(planned, 1)
    first, second = planned.days.order_by("date")
    client.force_login(staff)

    data = _edit_form(client, planned)
    index = next(i for i in range(2) if data[f"days-{i}-id"] == str(first.pk))
    data[f"days-{index}-DELETE"] = "on"
    data["confirm"] = "on"
    asked = _post(client, planned, data)  # first the organiser sees who will be told
    assert asked.status_code == 200 and "Deze wijziging gaat naar 1 genodigde" in asked.content.decode()
    assert SessionDay.objects.filter(session=planned).count() == 2
    data["notify_decided"] = "on"
    assert _post(client, planned, data).status_code == 302

    assert list(SessionDay.objects.filter(session=planned).values_list("pk", "date")) == [(second.pk, second.date)]
    update = Email.objects.get(key__contains=":update:")
    assert update.to_email == invitation.contact.email
    files = {a["filename"]: Calendar.from_ical(a["content"]) for a in update.attachments}
    assert set(files) == {"sessie.ics", "vervallen-dagen.ics"}
    (kept,) = files["sessie.ics"].walk("VEVENT")
    (gone,) = files["vervallen-dagen.ics"].walk("VEVENT")
    assert files["sessie.ics"]["METHOD"] == "REQUEST" and files["vervallen-dagen.ics"]["METHOD"] == "CANCEL"
    assert kept.decoded("DTSTART").date() == second.date
    assert gone.decoded("DTSTART").date() == first.date and gone["STATUS"] == "CANCELLED"
    assert f"day{first.pk}@" in str(gone["UID"]) and f"day{second.pk}@" in str(kept["UID"])
    assert int(kept["SEQUENCE"]) == int(gone["SEQUENCE"]) == 1
    # The mail itself says which day is off, not only the days that remain.
    from django.utils.formats import date_format

    removed_line = update.body_text.split("Deze dagen vervallen:")[1]
    assert date_format(first.date, "l j F Y") in removed_line
    assert date_format(second.date, "l j F Y") not in removed_line


def test_adding_a_day_in_the_empty_row_keeps_the_other_two(client, staff, planned):
    _, before_days, _ = _state(planned)
    client.force_login(staff)
    data = _edit_form(client, planned)
    new_date = max(d["date"] for d in before_days) + dt.timedelta(days=7)
    data.update({"days-2-date": new_date.isoformat(), "days-2-start_time": "10:00", "days-2-end_time": "15:00"})
    data["confirm"] = "on"
    assert _post(client, planned, data).status_code == 302
    days = list(SessionDay.objects.filter(session=planned).order_by("pk").values())
    assert days[:2] == before_days
    assert len(days) == 3 and days[2]["date"] == new_date


def test_a_second_editor_is_shown_what_changed_and_asked_again(client, staff, planned):
    invite_sent(planned, 2)
    client.force_login(staff)
    first_editor = _edit_form(client, planned)
    second_editor = _edit_form(client, planned)

    first_editor["title"] = "Titel van de eerste"
    first_editor["confirm"] = "on"
    assert _post(client, planned, first_editor).status_code == 302

    second_editor["description"] = "Omschrijving van de tweede"
    second_editor["confirm"] = "on"
    response = _post(client, planned, second_editor)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Iemand anders heeft deze sessie gewijzigd" in page
    assert "Overgenomen in uw formulier" in page and "Titel van de eerste" in page
    session = Session.objects.get(pk=planned.pk)
    assert session.title == "Titel van de eerste" and session.description != "Omschrijving van de tweede"

    # The form now holds the first editor's title (they left it alone) and their own description:
    # saving again keeps both, so the first editor's work is not quietly undone.
    again = page_form(response, action_contains=reverse("sessions:edit", args=[planned.pk]))
    assert again["title"] == "Titel van de eerste"
    assert again["description"] == "Omschrijving van de tweede"
    assert _post(client, planned, again).status_code == 302
    session = Session.objects.get(pk=planned.pk)
    assert (session.title, session.description) == ("Titel van de eerste", "Omschrijving van de tweede")
    assert planned.days.count() == 2
    assert not Email.objects.filter(key__contains=":update:").exists()  # no schedule change, no notices


def test_a_day_moved_by_one_editor_survives_a_second_editor_saving_a_description(client, staff, planned):
    client.force_login(staff)
    first_editor = _edit_form(client, planned)
    second_editor = _edit_form(client, planned)
    first_day = planned.days.order_by("date").first()
    index = next(i for i in range(2) if first_editor[f"days-{i}-id"] == str(first_day.pk))
    moved = first_day.date + dt.timedelta(days=3)
    first_editor[f"days-{index}-date"] = moved.isoformat()
    first_editor["confirm"] = "on"
    assert _post(client, planned, first_editor).status_code == 302

    second_editor["description"] = "Alleen de omschrijving"
    second_editor["confirm"] = "on"
    response = _post(client, planned, second_editor)
    assert response.status_code == 409
    again = page_form(response, action_contains=reverse("sessions:edit", args=[planned.pk]))
    again["confirm"] = "on"
    assert _post(client, planned, again).status_code == 302
    first_day.refresh_from_db()
    assert first_day.date == moved  # the second editor's stale copy of the day did not win
    assert Session.objects.get(pk=planned.pk).description == "Alleen de omschrijving"


def test_both_editors_changing_the_title_keeps_the_second_ones_input_and_names_it(client, staff, planned):
    client.force_login(staff)
    first_editor, second_editor = _edit_form(client, planned), _edit_form(client, planned)
    first_editor["title"], second_editor["title"] = "Titel A", "Titel B"
    first_editor["confirm"] = second_editor["confirm"] = "on"
    assert _post(client, planned, first_editor).status_code == 302
    response = _post(client, planned, second_editor)
    assert response.status_code == 409
    page = response.content.decode()
    assert "Nu opgeslagen:" in page and "Titel A" in page and "Titel B" in page
    again = page_form(response, action_contains=reverse("sessions:edit", args=[planned.pk]))
    assert again["title"] == "Titel B"


def test_a_tampered_version_is_refused_with_a_message_and_nothing_saved(client, staff, planned):
    client.force_login(staff)
    data = _edit_form(client, planned)
    data["version"] = "knoeiwerk"
    data["title"] = "Niet opslaan"
    data["confirm"] = "on"
    response = _post(client, planned, data)
    assert response.status_code == 200
    assert "Dit formulier is niet meer geldig" in response.content.decode()
    assert Session.objects.get(pk=planned.pk).title != "Niet opslaan"


def test_a_day_id_of_another_session_cannot_be_edited_through_this_one(client, staff, planned):
    from sessions.tests.factories import SessionDayFactory, SessionFactory

    other_day = SessionDayFactory(session=SessionFactory(), venue="Elders")
    client.force_login(staff)
    data = _edit_form(client, planned)
    data["days-0-id"] = str(other_day.pk)
    data["days-0-venue"] = "Overgenomen"
    data["confirm"] = "on"
    response = _post(client, planned, data)
    assert response.status_code in (200, 302)
    other_day.refresh_from_db()
    assert other_day.venue == "Elders" and other_day.session_id != planned.pk


def test_seats_of_a_municipality_added_after_the_page_was_opened_are_kept(client, staff, planned):
    from sessions.models import SessionMunicipality
    from tests.factories import municipality

    client.force_login(staff)
    response = client.get(reverse("sessions:seats", args=[planned.pk]))
    data = page_form(response, action_contains=reverse("sessions:seats", args=[planned.pk]))
    # Meanwhile another planner adds Tynaarlo with its seats.
    SessionMunicipality.objects.create(session=planned, municipality=municipality("GM1730"), seat_types=["business"])
    assen = municipality("GM0106")
    data.setlist(f"m{assen.pk}", ["housing_corporation"])
    assert client.post(reverse("sessions:seats", args=[planned.pk]), post_data(data)).status_code == 302
    seats = dict(planned.participations.values_list("municipality__cbs_code", "seat_types"))
    assert seats["GM0106"] == ["housing_corporation"]
    assert seats["GM1730"] == ["business"]  # not on the page that was posted: untouched


def test_a_conflict_in_the_board_editor_is_shown_in_place(client, staff, planned):
    """htmx swaps no 4xx answer: on the board the conflict comes back as 200 with the notice."""
    client.force_login(staff)
    htmx = {"HX-Request": "true"}
    url = reverse("sessions:edit", args=[planned.pk])
    first = page_form(client.get(url, headers=htmx), action_contains=url)
    second = page_form(client.get(url, headers=htmx), action_contains=url)
    first["days-0-venue"] = "Provinciehuis, zaal 2"
    first["confirm"] = second["confirm"] = "on"
    assert _post(client, planned, first, headers=htmx).status_code == 200
    second["description"] = "Van het bord"
    response = _post(client, planned, second, headers=htmx)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Iemand anders heeft deze sessie gewijzigd" in page and "zaal 2" in page
    again = page_form(response, action_contains=url)
    assert _post(client, planned, again, headers=htmx).status_code == 200
    assert planned.days.filter(venue="Provinciehuis, zaal 2").count() == 1  # the other's venue stays
    assert Session.objects.get(pk=planned.pk).description == "Van het bord"


def test_a_stale_edit_of_a_day_removed_meanwhile_is_a_conflict_not_a_dead_end(client, staff, planned):
    """Editor A removes day 1; editor B, from an older page, changes that day's venue. B is told
    and can save (the day comes back as a new day, B's input kept), never stuck on a hidden error."""
    client.force_login(staff)
    first_editor, second_editor = _edit_form(client, planned), _edit_form(client, planned)
    first_day = planned.days.order_by("date").first()
    index = next(i for i in range(2) if first_editor[f"days-{i}-id"] == str(first_day.pk))
    first_editor[f"days-{index}-DELETE"] = "on"
    first_editor["confirm"] = second_editor["confirm"] = "on"
    assert _post(client, planned, first_editor).status_code == 302
    assert planned.days.count() == 1

    second_editor[f"days-{index}-venue"] = "Zaal van B"
    response = _post(client, planned, second_editor)
    assert response.status_code == 409, response.content.decode()[:1500]
    again = page_form(response, action_contains=reverse("sessions:edit", args=[planned.pk]))
    assert _post(client, planned, again).status_code == 302
    assert planned.days.filter(venue="Zaal van B").count() == 1
