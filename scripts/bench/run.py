"""One scale's measurements (a process of its own: Django is set up once per database).

    python -m scripts.bench.run --scale 1.0 --database heatportal_bench_s1000 --out F.json [--full]

Starts the stack on the given database (a copy `make bench` made), logs in over HTTP as each
role, measures every page; with --full also pastes invitees, fans out 2,000 invitations through
a Celery worker, and runs Lighthouse when scripts/lighthouse.py is there. Writes F.json.
"""

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from contextlib import ExitStack
from pathlib import Path

from scripts.bench import mailing, pages, stack, targets
from scripts.bench.client import Browser
from scripts.bench.config import REDIS_URL, RESULTS_DIR, ROOT, WORK_DIR, database_url, read_settings


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--scale", type=float, required=True)
    parser.add_argument("--database", required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--full", action="store_true", help="also paste, fan-out, Lighthouse")
    parser.add_argument("--serve", type=Path, help="write a hand-off file, serve until stdin closes")
    parser.add_argument("--compare-with", type=Path, help="time the pages of the server in this hand-off too")
    return parser.parse_args(argv)


def setup_django(env: dict[str, str]) -> None:
    os.environ.update(env)
    import django

    django.setup()
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()  # db 9 is the benchmark's: no stale tasks or rate counts


def worker_queues() -> list[str]:
    """The default queue and every queue the settings route a task to (a `mail` queue, say)."""
    from django.conf import settings

    queues = {getattr(settings, "CELERY_TASK_DEFAULT_QUEUE", "celery")}
    routes = getattr(settings, "CELERY_TASK_ROUTES", None) or {}
    for route in routes.values() if isinstance(routes, dict) else ():
        if isinstance(route, dict) and route.get("queue"):
            queues.add(route["queue"])
    return sorted(queues)


def browsers(base_url: str, logins: dict[str, str]) -> dict[str | None, Browser]:
    found: dict[str | None, Browser] = {None: Browser(base_url), "bare": Browser(base_url)}
    for role, email in logins.items():
        found[role] = Browser(base_url)
        found[role].login(email, targets.BENCH_PASSWORD, otp_key=targets.BENCH_OTP_KEY)
    return found


def lighthouse(base_url: str, cookie: str, region: str, database: str, runs: int) -> dict | None:
    script = ROOT / "scripts" / "lighthouse.py"
    if not script.exists() or runs < 1:
        return None
    out = RESULTS_DIR / "lighthouse.json"
    command = [sys.executable, str(script), "--base-url", base_url, "--cookie", cookie, "--region", region]
    command += ["--database-url", database_url(database), "--runs", str(runs), "--out", str(out)]
    env = {key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"}
    done = subprocess.run(command, cwd=ROOT, env={**env, "DEBUG": "true"}, check=False)  # noqa: S603
    if done.returncode != 0 or not out.exists():
        return {"error": f"scripts/lighthouse.py exited {done.returncode}"}
    return json.loads(out.read_text())


def worker_memory(server) -> dict:
    workers = stack.worker_pids(server.pid)
    return {"workers_mb": [stack.rss_mb(pid) for pid in workers], "master_mb": stack.rss_mb(server.pid)}


def serve(args, env, world, people: dict, result: dict) -> None:
    """The smaller scale: hand the larger scale's run what it needs to time this server's pages
    beside its own, and keep serving until the caller closes stdin."""
    pages_here = [*targets.pages(world), targets.ADMIN_CHANGELIST]
    given = pages.handoff(pages_here, people, env["SITE_URL"], args.scale)
    result["queries"] = {entry["key"]: entry["queries"] for entry in given["pages"]}
    partial = args.serve.with_suffix(".partial")
    partial.write_text(json.dumps(given))
    partial.rename(args.serve)  # whole or not at all: the other run waits for this name
    print(f"bench: scale {args.scale} serving {env['SITE_URL']} for the comparison", flush=True)
    sys.stdin.read()


def measure_main(args, settings, env, world, people: dict, handler, smtp_port: int) -> dict:
    twinned = pages.twins(json.loads(args.compare_with.read_text())) if args.compare_with else None
    print(f"bench: scale {args.scale}, {settings.rounds} requests per page, server {env['SITE_URL']}", flush=True)
    result = pages.measure_all(targets.pages(world), people, settings.rounds, twinned)
    if args.full:
        result["mail"] = mailing.mail_figures(people["staff"], world, handler, smtp_port, secrets.token_hex(4))
        cookie = people["adviser"].cookies["sessionid"]
        result["lighthouse"] = lighthouse(
            env["SITE_URL"], cookie, world.region.code, args.database, settings.lighthouse_runs
        )
    return result


def measure(args, settings, env, world, logins, smtp_port: int) -> dict:
    result: dict = {"scale": args.scale}
    with ExitStack() as running:
        handler = running.enter_context(stack.smtp_server(smtp_port))
        server = running.enter_context(stack.gunicorn(env))
        if args.full:
            result["worker_queues"] = worker_queues()
            running.enter_context(stack.celery_worker(env, result["worker_queues"]))
        people = browsers(env["SITE_URL"], logins)
        if args.serve:
            serve(args, env, world, people, result)
        else:
            result.update(measure_main(args, settings, env, world, people, handler, smtp_port))
        result["memory"] = worker_memory(server)
    return result


def main(argv: list[str]) -> None:
    args = parse_args(argv)
    settings = read_settings()
    web_port, smtp_port = stack.free_port(), stack.free_port()
    env = stack.stack_env(
        database_url=database_url(args.database),
        web_port=web_port,
        smtp_port=smtp_port,
        secret_key=stack.new_secret_key(),
        static_root=WORK_DIR / f"static-{args.scale:g}",
    )
    setup_django(env)
    world = targets.world()
    logins = targets.prepare_logins(world)
    start = time.monotonic()
    stack.collectstatic(env)
    static_seconds = time.monotonic() - start
    result = measure(args, settings, env, world, logins, smtp_port)
    result["collectstatic_seconds"] = round(static_seconds, 1)
    result["fixtures"] = {
        "session_500": {"pk": world.session_500.pk, "invitations": world.session_500.invitations.count()},
        "session_2000": {"pk": world.session_2000.pk, "invitations": world.session_2000.invitations.count()},
        "region": world.region.code,
        "province": world.province.code,
    }
    WORK_DIR.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2, default=str) + "\n")


if __name__ == "__main__":
    main(sys.argv[1:])
