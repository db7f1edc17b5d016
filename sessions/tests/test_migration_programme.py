"""Migration 0009 keeps what existing sessions showed: programme items without a day go to the
session's day when it has exactly one (and stay without when it has several), positions follow
the old order (time, then creation; items without time last), allocated workshops become the
invitee's place, and workshops keep no slot."""

import datetime as dt

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("sprints", "0008_session_contact")]
AFTER = [("sprints", "0009_programme_days_and_workshop_slots")]


def _fill(apps) -> dict:
    Session = apps.get_model("sprints", "Session")
    SessionDay = apps.get_model("sprints", "SessionDay")
    ProgrammeItem = apps.get_model("sprints", "ProgrammeItem")
    Workshop = apps.get_model("sprints", "Workshop")
    Invitation = apps.get_model("sprints", "Invitation")
    Contact = apps.get_model("municipalities", "Contact")

    def day(session, offset):
        return SessionDay.objects.create(
            session=session,
            date=dt.date(2027, 1, 8) + dt.timedelta(days=offset),
            start_time=dt.time(9),
            end_time=dt.time(17),
        )

    one = Session.objects.create(title="Eén dag")
    only = day(one, 0)
    ProgrammeItem.objects.create(session=one, title="Zonder tijd")
    ProgrammeItem.objects.create(session=one, title="Lunch", start_time=dt.time(12))
    ProgrammeItem.objects.create(session=one, title="Opening", start_time=dt.time(9))
    two = Session.objects.create(title="Twee dagen")
    first, _second = day(two, 0), day(two, 1)
    ProgrammeItem.objects.create(session=two, title="Dag 1", day=first)
    ProgrammeItem.objects.create(session=two, title="Los")
    workshop = Workshop.objects.create(session=two, title="Warmtenet", capacity=5)
    contact = Contact.objects.create(name="Henk Bosma", email="henk@example.org")
    invitation = Invitation.objects.create(session=two, contact=contact, answer="accepted", workshop=workshop)
    return {
        "one": one.pk,
        "only": only.pk,
        "two": two.pk,
        "first": first.pk,
        "workshop": workshop.pk,
        "invitation": invitation.pk,
    }


def test_existing_programmes_and_allocations_come_through_as_they_were_shown(migrator):
    old = migrator.apply_initial_migration(BEFORE)
    ids = _fill(old.apps)

    new = migrator.apply_tested_migration(AFTER)
    ProgrammeItem = new.apps.get_model("sprints", "ProgrammeItem")
    items = ProgrammeItem.objects.filter(session_id=ids["one"]).order_by("position")
    assert [(i.title, i.day_id) for i in items] == [
        ("Opening", ids["only"]),
        ("Lunch", ids["only"]),
        ("Zonder tijd", ids["only"]),
    ]
    assert [i.position for i in items] == [1, 2, 3]
    two = {i.title: i.day_id for i in ProgrammeItem.objects.filter(session_id=ids["two"])}
    assert two == {"Dag 1": ids["first"], "Los": None}
    Workshop = new.apps.get_model("sprints", "Workshop")
    workshop = Workshop.objects.get(pk=ids["workshop"])
    assert (workshop.day_id, workshop.start_time, workshop.end_time, workshop.room) == (None, None, None, "")
    Invitation = new.apps.get_model("sprints", "Invitation")
    assert list(Invitation.objects.get(pk=ids["invitation"]).places.values_list("pk", flat=True)) == [ids["workshop"]]
