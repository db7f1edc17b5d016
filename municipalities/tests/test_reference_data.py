import csv
import shutil

import pytest

from municipalities.models import Municipality, Province, ResRegion
from municipalities.services import BUNDLED_DATA_DIR, reference_data_load

pytestmark = pytest.mark.django_db


def test_every_municipality_province_and_region_is_loaded(reference_data):
    assert Municipality.objects.count() == 342
    assert Province.objects.count() == 12
    assert ResRegion.objects.count() == 30
    assen = Municipality.objects.get(cbs_code="GM0106")
    assert (assen.name, assen.province.name, assen.res_region.name) == ("Assen", "Drenthe", "Drenthe")
    assert set(ResRegion.objects.get(code="ES09").provinces.values_list("code", flat=True)) == {"PV25", "PV26"}


def test_loading_twice_changes_nothing(reference_data):
    before = list(Municipality.objects.order_by("pk").values())
    report = reference_data_load()
    assert not report.changed
    assert list(Municipality.objects.order_by("pk").values()) == before


def _newer_division(tmp_path, *, merged: list[str], into: dict, mergers: bool = True):
    """A copy of the bundled data where MERGED municipalities are gone and INTO is a new one."""
    for name in ("provinces.csv", "res_regions.csv"):
        shutil.copy(BUNDLED_DATA_DIR / name, tmp_path / name)
    with (BUNDLED_DATA_DIR / "municipalities.csv").open(encoding="utf-8") as src:
        rows = [row for row in csv.DictReader(src) if row["cbs_code"] not in merged]
    rows.append(into)
    with (tmp_path / "municipalities.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=list(into))
        writer.writeheader()
        writer.writerows(rows)
    if mergers:
        with (tmp_path / "mergers.csv").open("w", encoding="utf-8") as out:
            out.write("old_cbs_code,new_cbs_code,date\n")
            out.writelines(f"{code},{into['cbs_code']},2027-01-01\n" for code in merged)
    return tmp_path


NEW_MUNICIPALITY = {
    "cbs_code": "GM9999",
    "name": "Westerwolde-Oost",
    "province_code": "PV22",
    "province_name": "Drenthe",
    "res_region": "Drenthe",
    "res_code": "ES03",
}


def test_a_merger_ends_the_old_municipalities_with_their_successor(reference_data, tmp_path):
    folder = _newer_division(tmp_path, merged=["GM1681", "GM0114"], into=NEW_MUNICIPALITY)

    report = reference_data_load(directory=folder, division_year=2027)

    assert report.created == ["GM9999"]
    assert sorted(report.ended) == ["GM0114", "GM1681"]
    borger = Municipality.objects.get(cbs_code="GM1681")
    assert borger.ended_on.isoformat() == "2027-01-01"
    assert borger.successor.cbs_code == "GM9999"
    assert not Municipality.objects.current().filter(cbs_code__in=["GM1681", "GM0114"]).exists()
    # Never deleted: history in other apps keeps pointing at them.
    assert Municipality.objects.count() == 343


def test_a_vanished_municipality_without_merger_file_is_ended_without_successor(reference_data, tmp_path):
    folder = _newer_division(tmp_path, merged=["GM0109"], into=NEW_MUNICIPALITY, mergers=False)
    reference_data_load(directory=folder, division_year=2027)
    coevorden = Municipality.objects.get(cbs_code="GM0109")
    assert coevorden.ended_on.isoformat() == "2027-01-01"
    assert coevorden.successor is None


def test_reloading_an_older_division_does_not_end_newer_municipalities(reference_data, tmp_path):
    folder = _newer_division(tmp_path, merged=["GM1681"], into=NEW_MUNICIPALITY)
    reference_data_load(directory=folder, division_year=2027)
    report = reference_data_load()  # the bundled 2025 list, which lacks GM9999 and has GM1681
    assert "GM9999" not in report.ended
    assert Municipality.objects.get(cbs_code="GM9999").ended_on is None
    borger = Municipality.objects.get(cbs_code="GM1681")
    assert borger.ended_on is not None and borger.successor.cbs_code == "GM9999"
    assert "GM1681" not in report.updated


def test_a_dwellings_column_is_loaded_where_the_list_has_it(reference_data, tmp_path):
    for name in ("provinces.csv", "res_regions.csv"):
        shutil.copy(BUNDLED_DATA_DIR / name, tmp_path / name)
    with (BUNDLED_DATA_DIR / "municipalities.csv").open(encoding="utf-8") as src:
        rows = list(csv.DictReader(src))
    with (tmp_path / "municipalities.csv").open("w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=[*rows[0], "dwellings"])
        writer.writeheader()
        writer.writerows({**row, "dwellings": "31250" if row["cbs_code"] == "GM0106" else ""} for row in rows)
    reference_data_load(directory=tmp_path, division_year=2025)
    assert Municipality.objects.get(cbs_code="GM0106").dwellings == 31250
    assert Municipality.objects.get(cbs_code="GM0114").dwellings is None


def test_load_reference_data_command_reports_counts(reference_data, capsys):
    from django.core.management import call_command

    call_command("load_reference_data")
    assert "0 created, 0 updated, 0 ended" in capsys.readouterr().out
