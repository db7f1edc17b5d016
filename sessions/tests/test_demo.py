import datetime as dt

import pytest

from accounts import demo as accounts_demo
from heatportal.mail.models import Email
from municipalities import demo as municipalities_demo
from sessions import demo
from sessions.models import Invitation, MunicipalityPlan, Session
from sessions.selectors import municipality_session_summary
from tests.factories import municipality

pytestmark = pytest.mark.django_db


def test_demo_has_the_seed_sessions_and_is_idempotent(reference_data):
    municipalities_demo.seed()
    accounts_demo.seed()
    demo.seed()
    counts = (Session.objects.count(), Invitation.objects.count(), Email.objects.count())
    assert demo.seed() == f"0 sessions created, {counts[0]} in total"
    assert (Session.objects.count(), Invitation.objects.count(), Email.objects.count()) == counts

    pilot = Session.objects.get(title__startswith="Pilot sprintsessie Meppel")
    assert pilot.is_pilot and pilot.status == Session.Status.HELD
    assert sorted(pilot.municipalities.values_list("cbs_code", flat=True)) == ["GM0119", "GM0180", "GM1708"]
    assert {m.province.name for m in pilot.municipalities.select_related("province")} == {"Drenthe", "Overijssel"}
    assen = Session.objects.get(title="Sprintsessie Assen en Midden-Drenthe")
    assert [d.date for d in assen.days.all()] == [dt.date(2020, 12, 3), dt.date(2020, 12, 4)]
    westerveld = Session.objects.get(title__startswith="Sprintsessie Westerveld")
    assert [d.date for d in westerveld.days.all()] == [dt.date(2021, 1, 20), dt.date(2021, 1, 21)]
    for title in ("Sprintsessie Borger-Odoorn, Emmen en Coevorden", "Sprintsessie Tynaarlo en Aa en Hunze"):
        undated = Session.objects.get(title=title)
        assert undated.status == Session.Status.TO_SCHEDULE and not undated.days.exists()
    assert MunicipalityPlan.objects.get(municipality__cbs_code="GM1699").own_trajectory

    meeting = Session.objects.get(kind=Session.Kind.COORDINATOR)
    assert meeting.days.get().date == dt.date(2024, 1, 29) and "NPLW" in meeting.organiser
    assert list(meeting.workshops.values_list("title", flat=True)) == [
        "Stappen naar een warmteprogramma",
        "Regionaal afwegingskader duurzame warmtebronnen",
    ]
    knowledge = Session.objects.get(kind=Session.Kind.KNOWLEDGE)
    assert knowledge.invitation_only and knowledge.days.get().date == dt.date(2023, 5, 9)
    assert "Drentse KEI" in knowledge.organiser
    assert {p.speaker for p in knowledge.programme.all()} >= {"Christiaan Teule", "Krijn Korver (Energie Samen)"}

    upcoming = Session.objects.get(status=Session.Status.SCHEDULED)
    assert upcoming.days.first().date > dt.date(2026, 11, 21)
    assert upcoming.created_by.email == "provincie.drenthe@warmteportaal.nl"
    states = {(i.answer, i.email.status if i.email else None) for i in upcoming.invitations.select_related("email")}
    assert {
        ("accepted", "sent"),
        ("declined", "sent"),
        ("pending", "sent"),
        ("pending", "failed"),
        ("pending", None),
    } <= states

    summary = municipality_session_summary(municipality_ids=[municipality("GM0106").pk, municipality("GM1699").pk])
    assert summary[municipality("GM0106").pk] == {"sessions": 2, "held": 1, "last_date": dt.date(2020, 12, 4)}
    assert summary[municipality("GM1699").pk]["sessions"] == 0
