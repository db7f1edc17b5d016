import datetime as dt

import pytest

from municipalities.models import Municipality
from progress.deadlines import (
    DeadlineState,
    add_years,
    at_risk_this_quarter,
    deadlines_refresh,
    municipality_deadlines,
    municipality_headlines,
    scope_deadlines,
    with_cover,
)
from progress.models import AdoptionStatus, Deadline, DeadlineKind, LegalDeadline, Progress

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 2)


def _municipality(code="GM0106"):
    return Municipality.objects.get(cbs_code=code)


def test_the_law_rules_are_loaded_from_the_reference_data():
    rule = LegalDeadline.objects.get(kind=DeadlineKind.PROGRAMME)
    assert rule.due_on == dt.date(2026, 12, 31)
    assert LegalDeadline.objects.get(kind=DeadlineKind.PROGRAMME_RENEWAL).years_after_adoption == 5


def test_every_current_municipality_gets_the_first_programme_deadline():
    deadlines_refresh()
    current = Municipality.objects.current().count()
    assert Deadline.objects.filter(kind=DeadlineKind.PROGRAMME, due_on=dt.date(2026, 12, 31)).count() == current
    assert deadlines_refresh() == 0  # a second run changes nothing


def test_adopting_the_programme_meets_it_and_sets_the_next_one():
    assen = _municipality()
    Progress.objects.create(
        municipality=assen,
        vision_status=AdoptionStatus.ADOPTED,
        vision_adopted_on=dt.date(2021, 6, 1),
        programme_status=AdoptionStatus.ADOPTED,
        programme_adopted_on=dt.date(2026, 10, 8),
    )
    deadlines_refresh(municipality_ids=[assen.pk])
    rows = {d.kind: d for d in assen.deadlines.all()}
    assert rows[DeadlineKind.PROGRAMME].met_on == dt.date(2026, 10, 8)
    assert rows[DeadlineKind.PROGRAMME_RENEWAL].due_on == dt.date(2031, 10, 8)
    # The vision's revision is met by the programme that replaced it.
    assert rows[DeadlineKind.VISION_REVISION].due_on == dt.date(2026, 6, 1)
    assert rows[DeadlineKind.VISION_REVISION].met_on == dt.date(2026, 10, 8)
    headline = municipality_headlines(municipality_ids=[assen.pk], today=TODAY)[assen.pk]
    assert (headline.kind, headline.state) == (DeadlineKind.PROGRAMME_RENEWAL, DeadlineState.ON_TRACK)


def test_a_month_before_the_deadline_an_unadopted_programme_is_at_risk_and_after_it_overdue():
    assen = _municipality()
    Progress.objects.create(municipality=assen, programme_status=AdoptionStatus.IN_PREPARATION)
    deadlines_refresh(municipality_ids=[assen.pk])
    assert municipality_headlines(municipality_ids=[assen.pk], today=TODAY)[assen.pk].state == DeadlineState.AT_RISK
    later = municipality_headlines(municipality_ids=[assen.pk], today=dt.date(2027, 1, 1))[assen.pk]
    assert (later.state, later.days_left) == (DeadlineState.OVERDUE, -1)


def test_an_override_keeps_its_date_when_the_rules_are_refreshed():
    assen = _municipality()
    deadlines_refresh(municipality_ids=[assen.pk])
    row = assen.deadlines.get(kind=DeadlineKind.PROGRAMME)
    row.due_on, row.override_reason, row.overridden_at = dt.date(2027, 6, 30), "Herindeling", dt.datetime.now(dt.UTC)
    row.save()
    LegalDeadline.objects.filter(kind=DeadlineKind.PROGRAMME).update(due_on=dt.date(2027, 3, 31))
    deadlines_refresh(municipality_ids=[assen.pk])
    row.refresh_from_db()
    assert (row.law_due_on, row.due_on) == (dt.date(2027, 3, 31), dt.date(2027, 6, 30))


def test_a_leap_day_moves_to_the_28th():
    assert add_years(dt.date(2024, 2, 29), 5) == dt.date(2029, 2, 28)


def test_an_open_first_programme_covers_an_overdue_vision_revision():
    """Adopting the first warmteprogramma meets the vision's revision too: the dashboards chase
    the programme's deadline, not a revision that fell due before it (vision adopted in 2021)."""
    assen = _municipality()
    Progress.objects.create(
        municipality=assen, vision_status=AdoptionStatus.ADOPTED, vision_adopted_on=dt.date(2021, 6, 1)
    )
    deadlines_refresh(municipality_ids=[assen.pk])
    views = municipality_deadlines(municipality_ids=[assen.pk], today=TODAY)[assen.pk]
    revision = next(v for v in views if v.kind == DeadlineKind.VISION_REVISION)
    assert revision.state == DeadlineState.OVERDUE  # due 1 June 2026, on its own overdue
    assert municipality_headlines(municipality_ids=[assen.pk], today=TODAY)[assen.pk].kind == DeadlineKind.PROGRAMME
    listed = at_risk_this_quarter(scope_deadlines(municipalities=[assen.pk], today=TODAY), TODAY)
    assert [v.kind for _, v in listed] == [DeadlineKind.PROGRAMME]
    assert [v.covered for v in with_cover(views) if v.kind == DeadlineKind.VISION_REVISION] == [True]


def test_without_an_open_programme_the_revision_is_its_own_deadline():
    assen = _municipality()
    Progress.objects.create(
        municipality=assen,
        vision_status=AdoptionStatus.ADOPTED,
        vision_adopted_on=dt.date(2026, 3, 1),
        programme_status=AdoptionStatus.ADOPTED,
        programme_adopted_on=dt.date(2025, 10, 1),  # before the vision: it does not meet the revision
    )
    deadlines_refresh(municipality_ids=[assen.pk])
    views = municipality_deadlines(municipality_ids=[assen.pk], today=TODAY)[assen.pk]
    assert not any(v.covered for v in with_cover(views))
    kinds = {v.kind for v in views if v.state and v.state != DeadlineState.MET}
    assert DeadlineKind.VISION_REVISION in kinds
