"""Validation at the edge: clear Dutch errors on the field that is wrong."""

import datetime as dt

import pytest
from django.utils import timezone

from progress.forms import FlagForm, NeighbourhoodForm, ProgrammeForm, VisionForm

# Model validation checks the table constraints with a query.
pytestmark = pytest.mark.django_db


def test_adopted_vision_requires_a_date():
    form = VisionForm({"vision_status": "adopted", "vision_adopted_on": ""})
    assert not form.is_valid()
    assert form.errors["vision_adopted_on"] == ["Vul de datum in waarop de raad de visie heeft vastgesteld."]
    assert not form.non_field_errors()


def test_adoption_date_cannot_be_in_the_future():
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    form = ProgrammeForm({"programme_status": "adopted", "programme_adopted_on": tomorrow.isoformat()})
    assert not form.is_valid()
    assert form.errors["programme_adopted_on"] == ["De datum van vaststelling kan niet in de toekomst liggen."]


def test_adoption_date_only_with_status_adopted():
    form = VisionForm({"vision_status": "in_preparation", "vision_adopted_on": "2021-05-19"})
    assert not form.is_valid()
    assert "hoort alleen bij de status" in form.errors["vision_adopted_on"][0]


def test_valid_adopted_vision():
    form = VisionForm(
        {
            "vision_status": "adopted",
            "vision_adopted_on": "2021-05-19",
            "vision_decision_url": "https://assen.raadsinformatie.nl/besluit/1",
            "vision_url": "https://www.assen.nl/tvw",
        }
    )
    assert form.is_valid(), form.errors


def test_neighbourhood_period_end_not_before_start():
    form = NeighbourhoodForm(
        {
            "name": "Pittelo",
            "period_start": 2030,
            "period_end": 2026,
            "alternative": "heat_network",
            "wup_status": "none",
        }
    )
    assert not form.is_valid()
    assert form.errors["period_end"] == ["Het eindjaar kan niet vóór het beginjaar liggen."]
    assert not form.non_field_errors(), "one clear message, not also the database constraint's"


def test_neighbourhood_code_must_be_a_cbs_wijk_code():
    data = {"name": "Pittelo", "alternative": "heat_network", "wup_status": "none"}
    assert not NeighbourhoodForm({**data, "cbs_code": "BU01060001"}).is_valid()
    form = NeighbourhoodForm({**data, "cbs_code": "wk010601"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["cbs_code"] == "WK010601"


def test_neighbourhood_end_year_needs_start_year_and_sane_years():
    data = {"name": "Pittelo", "alternative": "heat_network", "wup_status": "none"}
    form = NeighbourhoodForm({**data, "period_end": 2030})
    assert form.errors["period_start"] == ["Vul ook het beginjaar van de periode in."]
    form = NeighbourhoodForm({**data, "period_start": 1990})
    assert form.errors["period_start"] == ["Vul een jaartal in tussen 2015 en 2060."]


def test_flag_needs_a_reason():
    form = FlagForm({"flagged": "on", "flag_reason": " "})
    assert not form.is_valid()
    assert "waarom" in form.errors["flag_reason"][0]
