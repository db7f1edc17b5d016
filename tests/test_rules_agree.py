"""Each restricted view rule exists twice: as a predicate (`user.has_perm(perm, obj)`, asked on
one object) and as a queryset (`visible_<objects>(user)`, for lists). Both are built from the
same scope helpers in the app's rules.py; this test keeps them from drifting apart.

On the demo data (seed_demo, as a fresh installation shows it), for every demo user (one or
more per role, and an anonymous visitor) and every object of each type below, the predicate and
the queryset must give the same answer. An app whose rules gain a queryset form adds one row.
"""

from collections.abc import Callable
from dataclasses import dataclass
from io import StringIO

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db.models import QuerySet

from accounts.demo import DEMO_USERS
from accounts.models import User
from labs.models import Enrolment, Lab, LabMeeting
from labs.rules import labs_managed_by, labs_with_room_for, visible_enrolments, visible_meetings
from municipalities.models import Contact, Municipality, Organisation, Province, ResRegion
from municipalities.rules import visible_contacts, visible_organisations
from progress.rules import visible_progress_municipalities, visible_progress_provinces, visible_progress_regions
from sessions.models import Session
from sessions.rules import visible_sessions

pytestmark = pytest.mark.django_db


@dataclass(frozen=True)
class Rule:
    perm: str
    objects: Callable[[], QuerySet]  # every object of the type, loaded as views load them
    visible: Callable[[object], QuerySet]

    @property
    def id(self) -> str:
        return self.perm


RULES = [
    Rule("labs.manage_lab", lambda: Lab.objects.all(), labs_managed_by),
    Rule("labs.view_room", lambda: Lab.objects.prefetch_related("advisers"), labs_with_room_for),
    Rule(
        "labs.view_enrolment",
        lambda: Enrolment.objects.select_related("lab", "municipality").prefetch_related("lab__advisers"),
        visible_enrolments,
    ),
    Rule("labs.view_meeting", lambda: LabMeeting.objects.select_related("lab"), visible_meetings),
    Rule("municipalities.view_directory", lambda: Organisation.objects.all(), visible_organisations),
    Rule("municipalities.manage_contacts", lambda: Contact.objects.all(), visible_contacts),
    Rule("sprints.view_session", lambda: Session.objects.all(), visible_sessions),
    Rule("progress.view_progress", lambda: Municipality.objects.all(), visible_progress_municipalities),
    Rule(
        "progress.view_region_progress",
        lambda: ResRegion.objects.prefetch_related("provinces"),
        visible_progress_regions,
    ),
    Rule("progress.view_province_progress", lambda: Province.objects.all(), visible_progress_provinces),
]


@pytest.fixture
def demo(reference_data):
    call_command("seed_demo", stdout=StringIO())


def _demo_users() -> list:
    users = list(User.objects.filter(email__in=[email for email, *_ in DEMO_USERS]).order_by("email"))
    assert len(users) == len(DEMO_USERS), "every demo account is seeded"
    return [AnonymousUser(), *users]


@pytest.mark.parametrize("rule", RULES, ids=[rule.id for rule in RULES])
def test_predicate_and_queryset_agree_for_every_demo_user_and_object(demo, rule):
    objects = list(rule.objects())
    assert objects, f"the demo has no objects for {rule.perm}: the row would prove nothing"
    disagreements, outcomes = [], set()
    for user in _demo_users():
        visible = set(rule.visible(user).values_list("pk", flat=True))
        for obj in objects:
            allowed = user.has_perm(rule.perm, obj)
            outcomes.add(allowed)
            if allowed != (obj.pk in visible):
                disagreements.append(f"{user}: {obj!r} has_perm={allowed}, in queryset={obj.pk in visible}")
    assert not disagreements, "\n".join(disagreements)
    # Someone sees something and someone is refused something: the demo exercises the rule.
    assert outcomes == {True, False}
