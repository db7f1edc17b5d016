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


def _command(scale: float, database_name: str, out, *extra: str) -> list[str]:
    return [sys.executable, "-m", "scripts.bench.run", "--scale", str(scale), "--database", database_name,
            "--out", str(out), *extra]  # fmt: skip


def _wait_for_handoff(path, server: subprocess.Popen, *, seconds: float = 300) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit("bench: the smaller scale's server did not come up (see above)")
        time.sleep(0.5)


def run(settings) -> dict[float, dict]:
    """The smaller scale serves while the larger one measures both (pages twinned per round)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    build_env = {**os.environ, **BUILD_ENV}
    prepared = {
        s: database.prepare(s, seed=settings.seed, env=build_env, rebuild=settings.rebuild) for s in settings.scales
    }
    main, small = settings.main_scale, min(settings.scales)
    outs = {scale: WORK_DIR / f"scale-{scale:g}.json" for scale in settings.scales}
    handoff = WORK_DIR / "handoff.json"
    handoff.unlink(missing_ok=True)
    server = None
    try:
        extra = ["--full"]
        if small != main:
            command = _command(small, prepared[small]["database"], outs[small], "--serve", str(handoff))
            server = subprocess.Popen(command, cwd=ROOT, env=env, stdin=subprocess.PIPE)  # noqa: S603
            _wait_for_handoff(handoff, server)
            extra += ["--compare-with", str(handoff)]
        subprocess.run(_command(main, prepared[main]["database"], outs[main], *extra), cwd=ROOT, env=env, check=True)  # noqa: S603
    finally:
        if server is not None:
            server.stdin.close()
            server.wait(timeout=120)
        handoff.unlink(missing_ok=True)  # it holds session cookies
        for scale in settings.scales:
            database.drop(prepared[scale]["database"])
    return {scale: {**json.loads(outs[scale].read_text()), "data": prepared[scale]} for scale in settings.scales}


def main() -> None:
    settings = read_settings()
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    start, load_at_start = time.monotonic(), os.getloadavg()
    by_scale = run(settings)
    grown = report.growth(by_scale[settings.main_scale])
    results = {
        "machine": report.machine(database.postgres_version(), load_at_start=load_at_start),
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
