"""Demo outcomes for the seed sessions: every participant of the two held Drenthe sprints."""

import pytest

from accounts import demo as accounts_demo
from municipalities import demo as municipalities_demo
from municipalities.models import Municipality
from outcomes import demo
from outcomes.models import AgreedAction, LinkingOpportunity, SessionReview, WijkDirection
from outcomes.selectors import overdue_actions
from sessions import demo as sessions_demo

pytestmark = pytest.mark.django_db


def test_demo_outcomes_for_the_seed_sessions_and_idempotent(reference_data):
    municipalities_demo.seed()
    accounts_demo.seed()
    sessions_demo.seed()
    assert demo.seed() == "outcomes for 5 municipalities created, 2 terugblikken published"
    counts = (LinkingOpportunity.objects.count(), AgreedAction.objects.count(), WijkDirection.objects.count())
    assert demo.seed() == "outcomes for 0 municipalities created, 0 terugblikken published"
    assert counts == (10, 10, 5)
    rows = LinkingOpportunity.objects.values_list("session__title", "municipality__cbs_code")
    by_session = {title: sorted({code for t, code in rows if t == title}) for title in demo.SESSIONS}
    assert by_session == {
        "Sprintsessie Assen en Midden-Drenthe": ["GM0106", "GM1731"],
        "Sprintsessie Westerveld, De Wolden en Hoogeveen": ["GM0118", "GM1690", "GM1701"],
    }
    # Realistic states: done, dropped, open and due, and Assen's open past its date.
    assert AgreedAction.objects.filter(status="open").count() == 3
    assert AgreedAction.objects.filter(status="dropped").count() == 1
    overdue = overdue_actions(municipality_ids=Municipality.objects.values("pk"))
    assert [(a.municipality.cbs_code, a.description) for a in overdue] == [
        ("GM0106", "Warmteprogramma: wijkvolgorde vastleggen")
    ]
    linked = AgreedAction.objects.get(owner_contact__isnull=False)
    assert (linked.municipality.cbs_code, linked.owner_organisation.name) == ("GM1731", "Actium")


def test_demo_terugblikken_are_published_with_who_came(reference_data):
    municipalities_demo.seed()
    accounts_demo.seed()
    sessions_demo.seed()
    demo.seed()
    reviews = SessionReview.objects.select_related("session", "published_by")
    assert {r.session.title for r in reviews} == set(demo.REVIEWS)
    for review in reviews:
        assert review.is_published and review.published_by.email == sessions_demo.ORGANISER_EMAIL
        came = sum(row["came"] for row in review.attendance.values())
        assert came == review.session.invitations.filter(attended=True).count() > 0
