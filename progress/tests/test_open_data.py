"""Open data: the CSV and JSON of every municipality's public progress, their schema and page."""

import csv
import io
import json

import jsonschema
import pytest
from django.core.cache import cache
from django.urls import reverse

from progress.deadlines import deadlines_refresh
from progress.open_data import row_schema
from progress.selectors.open_data import FIELDS, open_data_rows
from progress.tests.factories import InitiativeFactory, NeighbourhoodFactory, ProgressFactory

pytestmark = pytest.mark.django_db
PROGRAMME_URL = "https://www.assen.nl/warmteprogramma"
DECISION_URL = "https://assen.bestuurlijkeinformatie.nl/besluit/12"


@pytest.fixture
def assen_adopted(world):
    cache.clear()
    ProgressFactory(
        municipality=world.assen,
        programme_status="adopted",
        programme_adopted_on="2026-06-30",
        programme_url=PROGRAMME_URL,
        programme_decision_url=DECISION_URL,
        vision_decision_file="raadsbesluiten/1/abc.pdf",
        flagged=True,
        flag_reason="Intern: wethouder ziek",
    )
    NeighbourhoodFactory(municipality=world.assen, period_start=2027, period_end=2030)
    InitiativeFactory(municipality=world.assen, contact_name="Jan Jansen", contact_email="jan@example.org")
    deadlines_refresh()
    return world.assen


def _get(client, name, **headers):
    return client.get(reverse(f"open_data:{name}"), headers=headers)


def test_both_files_hold_the_adopted_programme_with_its_link(client, assen_adopted):
    data = json.loads(_get(client, "json").content)
    assen = next(row for row in data["data"] if row["cbs_code"] == "GM0106")
    assert assen["programma_status"] == "adopted" and assen["programma_vastgesteld_op"] == "2026-06-30"
    assert assen["programma_url"] == PROGRAMME_URL and assen["programma_raadsbesluit_url"] == DECISION_URL
    # An uploaded decision is behind a login: only that there is one.
    assert assen["visie_raadsbesluit_url"] is None and assen["visie_raadsbesluit_beschikbaar"] is True
    assert (assen["wijken"], assen["wijken_gepland"], assen["initiatieven"]) == (1, 1, 1)
    assert assen["termijn_soort"] == "programme_renewal" and assen["termijn_stand"] == "on_track"
    assert len(data["data"]) == 342
    assert data["metadata"]["licence"] == "CC BY 4.0" and data["metadata"]["schema"].endswith("voortgang.schema.json")
    rows = list(csv.DictReader(io.StringIO(_get(client, "csv").content.decode("utf-8"))))
    row = next(r for r in rows if r["cbs_code"] == "GM0106")
    assert (row["programma_url"], row["programma_raadsbesluit_url"]) == (PROGRAMME_URL, DECISION_URL)
    assert row["programma_vastgesteld_op"] == "2026-06-30" and row["visie_raadsbesluit_beschikbaar"] == "true"
    assert list(rows[0]) == FIELDS and len(rows) == 342


def test_no_personal_or_internal_data_in_either_file(client, assen_adopted):
    for name in ("csv", "json"):
        body = _get(client, name).content.decode()
        assert "@" not in body
        for secret in ("Jan Jansen", "contact", "wethouder", "flag", "aandacht", "opmerking", "abc.pdf"):
            assert secret not in body, (name, secret)
    assert ";" not in _get(client, "csv").content.decode().splitlines()[0]


def test_both_files_validate_against_the_published_schema(client, assen_adopted):
    schema = json.loads(_get(client, "schema").content)
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.validate(json.loads(_get(client, "json").content), schema, cls=jsonschema.Draft202012Validator)
    # CSV: every line, its cells typed back as the schema says, is a valid row.
    properties = row_schema()["properties"]
    for line in csv.DictReader(io.StringIO(_get(client, "csv").content.decode())):
        typed = {name: _typed(value, properties[name]["type"]) for name, value in line.items()}
        jsonschema.validate(typed, row_schema(), cls=jsonschema.Draft202012Validator)


def _typed(value: str, kind):
    if value == "":
        return None if isinstance(kind, list) else value
    base = kind if isinstance(kind, str) else kind[0]
    return {"integer": int, "boolean": lambda v: v == "true"}.get(base, str)(value)


def test_files_are_public_and_cached_with_validators(client, assen_adopted):
    response = _get(client, "json")
    assert response.status_code == 200 and response["Cache-Control"] == "public, max-age=3600"
    assert response["ETag"] and response["Last-Modified"]
    assert _get(client, "json", if_none_match=response["ETag"]).status_code == 304
    assert _get(client, "csv")["Content-Type"] == "text/csv; charset=utf-8"


def test_a_change_to_progress_renews_the_cached_file(client, assen_adopted):
    before = _get(client, "json")
    progress = assen_adopted.progress
    progress.vision_url = "https://www.assen.nl/visie"
    progress.save()
    after = _get(client, "json")
    assert after["ETag"] != before["ETag"] and b"https://www.assen.nl/visie" in after.content


def test_all_municipalities_in_a_fixed_number_of_queries(assen_adopted, django_assert_num_queries):
    # Municipalities with progress and counts; sessions; labs; deadlines (their progress joined).
    with django_assert_num_queries(4):
        rows = open_data_rows()
    assert len(rows) == 342


def test_the_page_describes_every_field_and_the_licence(client, world):
    html = _get(client, "index").content.decode()
    for name in FIELDS:
        assert f"<code>{name}</code>" in html
    assert "CC BY 4.0 — bron: Warmteportaal (127.0.0.1:8000)" in html  # SITE_URL's host
    assert reverse("open_data:csv") in html and reverse("open_data:schema") in html
