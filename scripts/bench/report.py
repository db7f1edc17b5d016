"""bench/results.json, the printed table and the README's benchmark section, from one run."""

import datetime as dt
import os
import platform
import re
import subprocess
from pathlib import Path

from scripts.bench.config import ROOT

LIGHTHOUSE_PAGES = ("home", "lab catalogue", "planning board", "region dashboard")
README_START, README_END = "<!-- bench:start -->", "<!-- bench:end -->"


def _proc_field(path: str, name: str) -> str:
    for line in Path(path).read_text().splitlines():
        if line.split(":", 1)[0].strip() == name:
            return line.split(":", 1)[1].strip()
    return "unknown"


def machine(postgres: str, *, load_at_start: tuple[float, float, float]) -> dict:
    """The machine and what else ran on it: the load averages tell a quiet run from a busy one."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True)  # noqa: S607
    return {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "ram_gb": round(int(_proc_field("/proc/meminfo", "MemTotal").split()[0]) / 1024 / 1024, 1),
        "cpu": _proc_field("/proc/cpuinfo", "model name"),
        "os": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgres,
        "commit": commit.stdout.strip(),
        "load_average_at_start": [round(x, 2) for x in load_at_start],
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
    }


def growth(main: dict) -> dict[str, float]:
    """Per page, its median over the same page's at the smaller scale, timed in the same rounds."""
    return {row["key"]: row["growth"] for row in main["pages"] if "growth" in row}


def _target(name: str, figure, limit: str, ok: bool | None) -> dict:
    return {"target": name, "figure": figure, "limit": limit, "met": ok}


def page_targets(main: dict, grown: dict[str, float]) -> list[dict]:
    found = []
    for row in main["pages"]:
        label = row["label"].strip()
        found.append(_target(f"{label}: queries", row["queries"], "≤ 15", row["queries"] <= 15))
        found.append(_target(f"{label}: × bare", row["ratio_to_bare"], "≤ 10", row["ratio_to_bare"] <= 10))
        found.append(_target(f"{label}: × admin changelist", row["ratio_to_admin"], "≤ 1", row["ratio_to_admin"] <= 1))
        if row["key"] in grown:
            found.append(_target(f"{label}: growth", grown[row["key"]], "≤ 1.5", grown[row["key"]] <= 1.5))
        if row["status"] != [200]:
            found.append(_target(f"{label}: answers 200", row["status"], "[200]", False))
    return found


def mail_targets(main: dict) -> list[dict]:
    mail = main.get("mail")
    if not mail:
        return []
    found = []
    for row, limit in zip(mail["paste"], (1000, 3000), strict=True):
        ok = row["status"] == 302 and row["all_saved"] and row["ms"] < limit
        found.append(_target(f"paste {row['invitees']} invitees (ms)", row["ms"], f"< {limit}, all saved", ok))
        whole = row.get("all_or_nothing", row["all_saved"])
        found.append(_target(f"paste {row['invitees']} invitees: all or nothing", row["saved"], "0 or all", whole))
    ratio = mail["fan_out_ratio"]
    found.append(_target("fan-out / smtplib one connection", ratio, "≥ 0.5", ratio is not None and ratio >= 0.5))
    found.append(
        _target("fan-out exactly once", mail["fan_out"]["exactly_once"], "true", mail["fan_out"]["exactly_once"])
    )
    return found


def other_targets(main: dict) -> list[dict]:
    found = []
    worst = max(main["memory"]["workers_mb"], default=None)
    found.append(_target("gunicorn worker RSS after the run (MB)", worst, "< 150", worst is not None and worst < 150))
    scores = (main.get("lighthouse") or {}).get("pages", {})
    for label in LIGHTHOUSE_PAGES:
        if label in scores:
            score = scores[label]["performance"]
            found.append(_target(f"Lighthouse mobile performance, {label}", score, "≥ 90", score >= 90))
    return found


def targets(main: dict, grown: dict[str, float]) -> list[dict]:
    return page_targets(main, grown) + mail_targets(main) + other_targets(main)


def write(path: Path, results: dict) -> None:
    import json

    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n")


def update_readme(text: str, readme: Path = ROOT / "README.md") -> bool:
    """Replace what lies between the bench markers in the README; False when there are none."""
    content = readme.read_text()
    pattern = re.compile(re.escape(README_START) + r".*?" + re.escape(README_END), re.DOTALL)
    if not pattern.search(content):
        return False
    readme.write_text(pattern.sub(lambda _m: f"{README_START}\n{text.strip()}\n{README_END}", content, count=1))
    return True
