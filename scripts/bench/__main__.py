"""`make bench`: issue 10's benchmark on the national scale data, over HTTP against gunicorn.

For each scale in BENCH_SCALES (see scripts/bench/config.py): a fresh copy of the built data set
(built once per scale, seed and migrations, then cached as a template database), the portal
served as in production on loopback, every main page timed against the bare view and the Django
admin changelist; at the largest scale also pasting invitees, the fan-out of 2,000 invitations
through Celery to an SMTP server, worker memory and Lighthouse. Writes bench/results.json,
prints the table and puts it in the README. Exits 0 when it measured, whatever the figures.
"""

import json
import os
import subprocess
import sys
import time

from scripts.bench import database, report, table
from scripts.bench.config import RESULTS_DIR, ROOT, WORK_DIR, read_settings

BUILD_ENV = {
    # The data build runs the commands with development settings and no broker (tasks in-process,
    # mail to files): it must not publish into the benchmark's Redis database.
    "DEBUG": "true",
    "REDIS_URL": "",
    "CELERY_BROKER_URL": "",
    "SMTP_HOST": "",
    "PYTHONPATH": str(ROOT),
}


def run_scale(scale: float, *, settings, full: bool) -> dict:
    prepared = database.prepare(scale, seed=settings.seed, env={**os.environ, **BUILD_ENV}, rebuild=settings.rebuild)
    out = WORK_DIR / f"scale-{scale:g}.json"
    command = [sys.executable, "-m", "scripts.bench.run", "--scale", str(scale), "--database", prepared["database"]]
    command += ["--out", str(out)] + (["--full"] if full else [])
    try:
        subprocess.run(command, cwd=ROOT, check=True, env={**os.environ, "PYTHONPATH": str(ROOT)})  # noqa: S603
    finally:
        database.drop(prepared["database"])
    return {**json.loads(out.read_text()), "data": prepared}


def main() -> None:
    settings = read_settings()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    start = time.monotonic()
    by_scale = {
        scale: run_scale(scale, settings=settings, full=scale == settings.main_scale) for scale in settings.scales
    }
    grown = report.growth(by_scale)
    results = {
        "machine": report.machine(database.postgres_version()),
        "scales": list(settings.scales),
        "main_scale": settings.main_scale,
        "seed": settings.seed,
        "rounds": settings.rounds,
        "by_scale": {str(scale): result for scale, result in by_scale.items()},
        "growth": grown,
        "targets": report.targets(by_scale[settings.main_scale], grown),
        "seconds": round(time.monotonic() - start),
    }
    report.write(RESULTS_DIR / "results.json", results)
    text = table.markdown(results)
    print("\n" + text)
    readme = "updated" if report.update_readme(text) else "has no bench markers, left as it is"
    print(f"bench: {RESULTS_DIR / 'results.json'} written; README {readme}; {results['seconds']} s in all")


if __name__ == "__main__":
    main()
