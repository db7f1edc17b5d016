"""Demo progress matches the seeds: Drenthe adopted all visions in 2021, Noord-Holland 15."""

import pytest

from progress import demo
from progress.deadlines import scope_deadlines
from progress.models import Initiative, Neighbourhood, Progress

pytestmark = pytest.mark.django_db


def test_demo_progress_matches_the_seeds_and_is_idempotent(reference_data):
    demo.seed()
    demo.seed()
    drenthe = Progress.objects.filter(municipality__province__code="PV22")
    assert drenthe.count() == 12
    assert {p.vision_status for p in drenthe} == {"adopted"}
    assert {p.vision_adopted_on.year for p in drenthe} == {2021}
    assert len({p.vision_adopted_on.month for p in drenthe}) >= 10, "spread over the year"

    noord_holland = Progress.objects.filter(municipality__province__code="PV27")
    assert noord_holland.count() == 44
    assert noord_holland.filter(vision_status="adopted").count() == 15
    assert noord_holland.exclude(vision_status="adopted").filter(vision_status="in_preparation").count() == 29
    assert Progress.objects.filter(programme_status="in_preparation").count() >= 3
    adopted = Progress.objects.filter(programme_status="adopted")
    assert {p.municipality.province.code for p in adopted} == {"PV22", "PV27"}
    for progress in adopted:  # each with its raadsbesluit, a PDF the upload check accepts
        with progress.programme_decision_file.open("rb") as document:
            assert document.read(5) == b"%PDF-"
    states = {
        m.province.code + v.state for m, v in scope_deadlines(municipalities=Progress.objects.values("municipality"))
    }
    assert {"PV22met", "PV22at_risk", "PV27met", "PV27at_risk"} <= states

    assert Neighbourhood.objects.filter(period_start__isnull=False, alternative="heat_network").count() >= 5
    initiatives = Initiative.objects.all()
    stuck = initiatives.filter(phase__in=["orientation", "project_development"]).count()
    assert stuck > initiatives.count() * 0.8
    assert initiatives.filter(heat_solution="heat_network").count() > initiatives.count() * 0.75
    assert initiatives.count() == len(demo.INITIATIVES)
