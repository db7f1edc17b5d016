"""labs/retention.py: a lab's end, and only ended labs' enrolments lose personal fields."""

import datetime as dt

import pytest
from django.utils import timezone

from heatportal.retention import retention_apply
from labs.models import Enrolment, Lab
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 6, 15)


def _enrolment(drenthe, assen, *, status, start_date):
    lab = Lab.objects.create(
        title="Lab",
        summary="s",
        organiser_province=drenthe,
        organiser_name="Servicepunt",
        enrolment_deadline=dt.date(2020, 1, 1),
        start_date=start_date,
        duration_months=3,
        status=status,
    )
    return Enrolment.objects.create(
        lab=lab,
        municipality=assen,
        enrolled_by=UserFactory(),
        case_title="Wijk",
        colleagues="Jan Jansen",
        status=Enrolment.Status.ACTIVE,
        queued_at=timezone.now(),
    )


def test_a_lab_without_meetings_ends_at_its_start_plus_its_duration(drenthe, assen):
    # start 14 March 2024 + 3 months = 14 June 2024: one day past 24 months on 15 June 2026
    past = _enrolment(drenthe, assen, status=Lab.Status.COMPLETED, start_date=dt.date(2024, 3, 14))
    inside = _enrolment(drenthe, assen, status=Lab.Status.COMPLETED, start_date=dt.date(2024, 3, 15))

    assert retention_apply(today=TODAY)["labs.enrolments"] == 1

    past.refresh_from_db()
    inside.refresh_from_db()
    assert past.colleagues == "" and past.enrolled_by is None and past.case_title == "Wijk"
    assert inside.colleagues == "Jan Jansen" and inside.enrolled_by is not None


def test_a_lab_still_running_is_never_due(drenthe, assen):
    running = _enrolment(drenthe, assen, status=Lab.Status.RUNNING, start_date=dt.date(2010, 1, 1))
    assert retention_apply(today=TODAY)["labs.enrolments"] == 0
    running.refresh_from_db()
    assert running.colleagues == "Jan Jansen"
