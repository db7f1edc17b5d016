"""`make bench`'s arithmetic and reporting (scripts/bench): no server, no database."""

from scripts.bench import report, table
from scripts.bench.pages import p95, public_path


def test_p95_is_the_nearest_rank():
    assert p95(list(range(1, 31))) == 29  # ceil(0.95 * 30) = 29th of 30
    assert p95([5.0]) == 5.0


def test_results_never_show_an_answer_or_calendar_token():
    assert public_path("/sessies/antwoord/eyJpIjo1:1xYc:0X0I/") == "/sessies/antwoord/<token>/"
    assert public_path("/sessies/agenda/schaal123abc.ics") == "/sessies/agenda/<token>"
    assert public_path("/sessies/12/") == "/sessies/12/"


def _row(key, median, *, queries=5, bare=2.0, admin=1.0, status=(200,)):
    return {
        "key": key,
        "label": key,
        "median_ms": median,
        "p95_ms": median,
        "queries": queries,
        "ratio_to_bare": round(median / bare, 1),
        "ratio_to_admin": admin,
        "status": list(status),
        "kb": 1.0,
    }


def test_growth_is_read_from_the_pages_timed_on_both_scales():
    twinned = {**_row("board", 16.0), "growth": 1.6}
    assert report.growth({"pages": [twinned, _row("new", 1.0)]}) == {"board": 1.6}
    assert report.growth({"pages": [_row("board", 16.0)]}) == {}


def test_each_missed_target_is_named():
    main = {
        "pages": [_row("board", 30.0, queries=16, admin=1.5), _row("list", 4.0, status=(200, 502))],
        "memory": {"workers_mb": [120.0, 151.0]},
        "lighthouse": {"pages": {"home": {"performance": 95}, "planning board": {"performance": 80}}},
    }
    missed = {t["target"] for t in report.targets(main, {"board": 1.6, "list": 1.0}) if t["met"] is False}
    assert missed == {
        "board: queries",
        "board: × bare",
        "board: × admin changelist",
        "board: growth",
        "list: answers 200",
        "gunicorn worker RSS after the run (MB)",
        "Lighthouse mobile performance, planning board",
    }


def test_a_fan_out_that_lost_or_doubled_a_message_has_no_ratio_that_passes():
    main = {
        "pages": [],
        "memory": {"workers_mb": [100.0]},
        "mail": {
            "paste": [
                {"invitees": 500, "status": 302, "ms": 400.0, "saved": 500, "all_saved": True},
                {"invitees": 2000, "status": 0, "ms": 30000.0, "saved": 0, "all_saved": False, "all_or_nothing": True},
            ],
            "fan_out": {"exactly_once": False},
            "fan_out_ratio": None,
        },
    }
    met = {t["target"]: t["met"] for t in report.targets(main, {})}
    assert met["paste 500 invitees (ms)"] is True
    assert met["paste 2000 invitees (ms)"] is False
    assert met["paste 2000 invitees: all or nothing"] is True  # cut off, and nothing of it stored
    assert met["fan-out / smtplib one connection"] is False
    assert met["fan-out exactly once"] is False


def test_the_readme_table_replaces_only_what_lies_between_the_markers(tmp_path):
    readme = tmp_path / "README.md"
    readme.write_text(
        f"# x\n\n## Measured\n\nintro\n\n{report.README_START}\nold table\n{report.README_END}\n\nafter\n"
    )
    assert report.update_readme("| new | table |\n", readme) is True
    assert readme.read_text() == (
        f"# x\n\n## Measured\n\nintro\n\n{report.README_START}\n| new | table |\n{report.README_END}\n\nafter\n"
    )
    (tmp_path / "plain.md").write_text("no markers\n")
    assert report.update_readme("x", tmp_path / "plain.md") is False


def test_the_markdown_lists_every_page_and_what_it_missed():
    page = {**_row("board", 30.0, queries=16), "smaller_scale": {"median_ms": 25.0}, "growth": 1.2}
    results = {
        "machine": {
            "date": "2026-12-02T05:00:00+00:00",
            "commit": "abc1234",
            "cores": 2,
            "cpu": "AMD EPYC",
            "ram_gb": 23.5,
            "postgresql": "15.20",
            "python": "3.13.0",
        },
        "scales": [0.1, 1.0],
        "main_scale": 1.0,
        "seed": 2026,
        "rounds": 30,
        "growth": {"board": 1.2},
        "by_scale": {
            "1.0": {
                "bare": _row("bare", 2.0),
                "admin_changelist": _row("admin", 20.0),
                "pages": [page],
                "memory": {"workers_mb": [99.0, 101.0]},
            }
        },
        "targets": report.targets({"pages": [page], "memory": {"workers_mb": [99.0]}}, {"board": 1.2}),
    }
    text = table.markdown(results)
    assert "| page | queries | median | p95 | × bare | × admin | median at 0.1 | growth | size |" in text
    assert "| board | 16 | 30.0 ms | 30.0 ms | 15.0 | 1.0 | 25.0 ms | 1.2 | 1.0 KB |" in text
    assert "- board: queries: 16 (target ≤ 15)" in text
    assert "99.0 MB, 101.0 MB" in text
