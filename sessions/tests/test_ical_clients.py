"""Calendar files that calendar clients trust: every .ics the portal makes is read by two
independent parsers (icalendar and the stricter vobject), for a winter and a summer date."""

import datetime as dt

import pytest
import vobject
from icalendar import Calendar

from accounts.services import calendar_token_rotate
from heatportal.mail.models import Email
from sessions.ical import feed_ics, session_ics
from sessions.models import Invitation, Session
from sessions.services.planning import DayData, session_cancel, session_save
from sessions.tests.conftest import invite_sent
from sessions.tests.factories import SessionDayFactory, SessionFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
WINTER = dt.date(2027, 1, 12)  # CET, UTC+1
SUMMER = dt.date(2027, 7, 6)  # CEST, UTC+2
# 09:00 in Amsterdam, in UTC:
EXPECTED_UTC = {WINTER: dt.datetime(2027, 1, 12, 8, 0, tzinfo=UTC), SUMMER: dt.datetime(2027, 7, 6, 7, 0, tzinfo=UTC)}


@pytest.fixture
def two_seasons(reference_data, drenthe):
    session = SessionFactory(organiser_province=drenthe, title="Sprint winter en zomer", status="scheduled")
    SessionDayFactory(session=session, date=WINTER, start_time=dt.time(9), end_time=dt.time(16))
    SessionDayFactory(session=session, date=SUMMER, start_time=dt.time(9), end_time=dt.time(16))
    return session


def _both_parsers(text: str) -> dict[str, dict]:
    """{uid: {"start": utc datetime, "status":, "sequence":}} as each parser reads TEXT; asserts they agree."""
    by_icalendar = {
        str(event["UID"]): {
            "start": event.decoded("DTSTART").astimezone(UTC),
            "status": str(event.get("STATUS", "")),
            "sequence": int(event.get("SEQUENCE", 0)),
        }
        for event in Calendar.from_ical(text).walk("VEVENT")
    }
    parsed = vobject.readOne(text)
    by_vobject = {
        event.uid.value: {
            "start": event.dtstart.value.astimezone(UTC),
            "status": event.status.value if hasattr(event, "status") else "",
            "sequence": int(event.sequence.value) if hasattr(event, "sequence") else 0,
        }
        for event in parsed.vevent_list
    }
    assert by_icalendar == by_vobject
    return by_icalendar


def _starts(text: str) -> set[dt.datetime]:
    return {event["start"] for event in _both_parsers(text).values()}


def test_a_session_file_spanning_winter_and_summer_reads_the_same_in_both_parsers(two_seasons):
    text = session_ics(session=two_seasons)
    assert _starts(text) == set(EXPECTED_UTC.values())
    timezone = Calendar.from_ical(text).walk("VTIMEZONE")
    assert len(timezone) == 1
    assert {c.name for c in timezone[0].subcomponents} == {"STANDARD", "DAYLIGHT"}


@pytest.mark.parametrize("date", [WINTER, SUMMER], ids=["winter", "summer"])
def test_a_file_with_one_season_still_carries_both_parts_of_the_timezone(reference_data, drenthe, date):
    session = SessionFactory(organiser_province=drenthe)
    SessionDayFactory(session=session, date=date, start_time=dt.time(9), end_time=dt.time(12))
    text = session_ics(session=session)
    assert _starts(text) == {EXPECTED_UTC[date]}
    (timezone,) = Calendar.from_ical(text).walk("VTIMEZONE")
    assert {"STANDARD", "DAYLIGHT"} <= {c.name for c in timezone.subcomponents}
    assert text.index("BEGIN:VTIMEZONE") < text.index("BEGIN:VEVENT")


def test_the_feed_spanning_both_seasons_reads_the_same_in_both_parsers(client, two_seasons, world):
    from sessions.tests.factories import InvitationFactory
    from tests.factories import ContactFactory

    user = world.users["officer_assen"]
    InvitationFactory(session=two_seasons, contact=ContactFactory(email=user.email), answer=Invitation.Answer.ACCEPTED)
    token = calendar_token_rotate(user=user)
    from django.urls import reverse

    response = client.get(reverse("sessions:feed", kwargs={"token": token}))
    assert response.status_code == 200
    assert _starts(response.content.decode()) == set(EXPECTED_UTC.values())


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


def test_each_day_keeps_its_own_uid_when_it_moves_and_a_removed_day_is_cancelled(two_seasons):
    (invitation,) = invite_sent(two_seasons, 1)
    winter, summer = two_seasons.days.order_by("date")
    original = _both_parsers(session_ics(session=two_seasons))
    uid_of = {event["start"]: uid for uid, event in original.items()}

    # The summer day moves a week; the winter day stays.
    later = SUMMER + dt.timedelta(days=7)
    session_save(
        session=two_seasons,
        days=[
            DayData(winter.date, winter.start_time, winter.end_time, id=winter.pk),
            DayData(later, summer.start_time, summer.end_time, id=summer.pk),
        ],
        municipality_ids=[],
    )
    (update,) = Email.objects.filter(key__contains=":update:1:")
    (attachment,) = update.attachments
    moved = _both_parsers(attachment["content"])
    assert set(moved) == set(original)  # the same two appointments
    assert moved[uid_of[EXPECTED_UTC[SUMMER]]]["start"] == EXPECTED_UTC[SUMMER] + dt.timedelta(days=7)
    assert {event["sequence"] for event in moved.values()} == {1}

    # Removing the winter day: its UID is cancelled, and never passed to the day that is left.
    two_seasons = Session.objects.get(pk=two_seasons.pk)
    summer.refresh_from_db()
    session_save(
        session=two_seasons,
        days=[DayData(summer.date, summer.start_time, summer.end_time, id=summer.pk)],
        removed_day_ids={winter.pk},
        municipality_ids=[],
    )
    update = Email.objects.get(key__contains=":update:2:")
    files = {a["filename"]: a["content"] for a in update.attachments}
    kept, cancelled = _both_parsers(files["sessie.ics"]), _both_parsers(files["vervallen-dagen.ics"])
    assert list(kept) == [uid_of[EXPECTED_UTC[SUMMER]]]
    assert list(cancelled) == [uid_of[EXPECTED_UTC[WINTER]]]
    assert cancelled[uid_of[EXPECTED_UTC[WINTER]]]["status"] == "CANCELLED"
    assert Calendar.from_ical(files["vervallen-dagen.ics"])["METHOD"] == "CANCEL"
    assert {e["sequence"] for e in [*kept.values(), *cancelled.values()]} == {2}
    assert invitation.contact.email == update.to_email


def test_a_cancelled_session_sends_method_cancel_for_every_day_read_by_both_parsers(two_seasons):
    invite_sent(two_seasons, 1)
    session_cancel(session=two_seasons)
    (cancel,) = Email.objects.filter(key__contains=":cancel:")
    (attachment,) = cancel.attachments
    events = _both_parsers(attachment["content"])
    assert Calendar.from_ical(attachment["content"])["METHOD"] == "CANCEL"
    assert {e["start"] for e in events.values()} == set(EXPECTED_UTC.values())
    assert {e["status"] for e in events.values()} == {"CANCELLED"}
    assert {e["sequence"] for e in events.values()} == {1}


def test_sequence_goes_up_once_per_change_also_when_two_changes_race(two_seasons):
    """Each change raises SEQUENCE under the session's row lock: two changes, two numbers."""
    invite_sent(two_seasons, 1)
    winter, summer = two_seasons.days.order_by("date")
    for shift in (1, 2):
        session_save(
            session=Session.objects.get(pk=two_seasons.pk),
            days=[DayData(winter.date + dt.timedelta(days=shift), winter.start_time, winter.end_time, id=winter.pk)],
            municipality_ids=[],
        )
    assert Session.objects.get(pk=two_seasons.pk).sequence == 2
    assert Email.objects.filter(key__contains=":update:1:").count() == 1
    assert Email.objects.filter(key__contains=":update:2:").count() == 1


def test_feed_of_a_cancelled_session_marks_its_events_cancelled(two_seasons):
    two_seasons.status = Session.Status.CANCELLED
    two_seasons.save()
    events = _both_parsers(feed_ics(sessions=[two_seasons], name="Mijn sessies"))
    assert {e["status"] for e in events.values()} == {"CANCELLED"}


@pytest.mark.django_db(transaction=True)
def test_days_sent_before_uids_came_from_ids_keep_the_uid_calendars_hold(reference_data):
    """Invitations sent before this change named day N `<session uid>-N`: the migration stores that
    on each day, so a later update or cancellation reaches the event already in people's calendars
    instead of adding a second one. New days get a UID from their own id."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("sprints", "0005_signup_request_one_pending_per_email")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    old_session = old.get_model("sprints", "Session").objects.create(title="Al verstuurd", status="scheduled")
    Day = old.get_model("sprints", "SessionDay")
    Day.objects.create(session=old_session, date=SUMMER, start_time=dt.time(9), end_time=dt.time(12))
    Day.objects.create(session=old_session, date=WINTER, start_time=dt.time(9), end_time=dt.time(12))

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    session = Session.objects.get(pk=old_session.pk)
    winter, summer = session.days.order_by("date")
    assert (winter.ical_uid, summer.ical_uid) == (f"{session.uid}-1@warmteportaal", f"{session.uid}-2@warmteportaal")
    uids = _both_parsers(session_ics(session=session))
    assert set(uids) == {winter.ical_uid, summer.ical_uid}

    # Removing the winter day cancels `-1`; the summer day keeps `-2`; a new day gets its own.
    later = SUMMER + dt.timedelta(days=14)
    session_save(
        session=session,
        days=[
            DayData(summer.date, summer.start_time, summer.end_time, id=summer.pk),
            DayData(later, dt.time(9), dt.time(12)),
        ],
        removed_day_ids={winter.pk},
        municipality_ids=[],
    )
    new_day = session.days.get(date=later)
    assert new_day.ical_uid == ""
    events = _both_parsers(session_ics(session=session))
    assert set(events) == {summer.ical_uid, f"{session.uid}-day{new_day.pk}@warmteportaal"}
