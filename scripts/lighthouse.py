"""Mobile Lighthouse scores of the portal's main pages, served as in production.

    python scripts/lighthouse.py                     # own server over demo data (hp database below)
    python scripts/lighthouse.py --database-url postgres://postgres@127.0.0.1:5432/hp_scale --no-seed
    python scripts/lighthouse.py --base-url http://127.0.0.1:8123 --cookie sessionid=... --region ES03

Without --base-url it serves the portal itself, the way production does: `collectstatic` into a
temporary STATIC_ROOT (WhiteNoise's compressed manifest storage, DEBUG=false), gunicorn with two
workers on a free loopback port over --database-url (migrated, reference and demo data loaded
unless --no-seed; other data, such as `generate_scale_data`'s, is used as it is), and stops it
afterwards. INSECURE_COOKIES_FOR_LOCAL_HTTP=true lets the session cookie travel over plain http
on loopback (the settings refuse it for any other host).

With --base-url it measures a server someone else started (`make bench` does); pass --cookie,
or --login/--password to log in over HTTP; --region names the region dashboard to measure
(default: the RES region with the most municipalities in the database DATABASE_URL points at).

The logged-in pages (planning board, region dashboard) get the session cookie through
Lighthouse's --extra-headers. Each page is measured --runs times (Lighthouse's mobile
defaults: Moto G-class device, simulated slow 4G, headless Debian Chromium via CHROME_PATH) and
the median run is kept. Writes --out (bench/lighthouse.json): per page its URL, the median
performance and accessibility scores (0-100), every run's scores and the median run's metrics.
Exits 1 when a page's performance is below --fail-under (default 0: never).
"""

import argparse
import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
DEMO_LOGIN = "adviseur@warmteportaal.nl"  # programme staff: sees every board and dashboard
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/heatportal_lighthouse"
CHROME_FLAGS = "--headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base-url", help="measure this running server instead of starting one")
    parser.add_argument("--cookie", help="session cookie for the logged-in pages: NAME=VALUE or the bare value")
    parser.add_argument("--login", default=DEMO_LOGIN, help="log in as this user when no --cookie is given")
    parser.add_argument("--password", default=None, help="its password (default: the demo password)")
    parser.add_argument("--region", help="RES region code of the region dashboard (default: the largest)")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DB))
    parser.add_argument("--no-seed", action="store_true", help="use the database as it is (no migrate, no demo)")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page; the median is kept")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "lighthouse.json")
    parser.add_argument("--fail-under", type=int, default=0, help="exit 1 if a page's performance is lower")
    return parser.parse_args(argv)


def django_setup(database_url: str) -> None:
    """Settings for URL names and the region lookup: the runner's own process, never the server's."""
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heatportal.settings")
    os.environ.setdefault("DEBUG", "true")  # the runner's process needs no SECRET_KEY
    import django

    django.setup()


def page_paths(region: str | None) -> dict[str, tuple[str, bool]]:
    """label -> (path, needs login)."""
    from django.db.models import Count
    from django.urls import reverse

    from municipalities.models import ResRegion

    if region is None:
        largest = ResRegion.objects.annotate(n=Count("municipalities")).order_by("-n", "code").first()
        if largest is None:
            sys.exit("No RES region in the database: load the reference data or pass --region.")
        region = largest.code
    return {
        "home": (reverse("home"), False),
        "lab catalogue": (reverse("labs:catalogue"), False),
        "planning board": (reverse("sessions:board"), True),
        "region dashboard": (reverse("progress:region_dashboard", kwargs={"code": region}), True),
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)  # noqa: S603 (our own command)


@contextmanager
def production_server(database_url: str, *, seed: bool):
    """collectstatic and gunicorn as the Dockerfile runs them, on loopback; yields the base URL."""
    static_root = Path(tempfile.mkdtemp(prefix="heatportal-static-"))
    port = free_port()
    env = {
        **os.environ,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "DATABASE_URL": database_url,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "INSECURE_COOKIES_FOR_LOCAL_HTTP": "true",
        "STATIC_ROOT": str(static_root),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    server = None
    try:
        if seed:
            ensure_database(database_url)
            manage(env, "migrate", "--no-input", "-v", "0")
            manage(env, "load_reference_data")
            manage(env, "seed_demo")
        manage(env, "collectstatic", "--no-input", "-v", "0")
        gunicorn = Path(sys.executable).with_name("gunicorn")
        # --no-control-socket: gunicorn's default control socket is shared by every run on the machine.
        command = [str(gunicorn), "--config", "deploy/gunicorn.conf.py", "--no-control-socket"]
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.DEVNULL)  # noqa: S603 (our own command)
        base_url = f"http://127.0.0.1:{port}"
        wait_until_up(base_url + "/healthz", server)
        yield base_url
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=30)
        shutil.rmtree(static_root, ignore_errors=True)


def ensure_database(database_url: str) -> None:
    """Create the database when it does not exist yet (a fresh machine has only the default ones)."""
    import psycopg
    from psycopg import sql

    name = urllib.parse.urlsplit(database_url).path.lstrip("/")
    server_url = urllib.parse.urlsplit(database_url)._replace(path="/postgres").geturl()
    with psycopg.connect(server_url, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def wait_until_up(url: str, server: subprocess.Popen) -> None:
    for _ in range(120):
        if server.poll() is not None:
            sys.exit(f"gunicorn stopped at start-up (exit {server.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 (our own loopback URL)
                return
        except OSError:
            time.sleep(0.5)
    sys.exit(f"gunicorn did not answer {url} within a minute")


def login_cookie(base_url: str, email: str, password: str) -> str:
    """Log in through the login form, as a browser does; returns NAME=VALUE of the session cookie."""
    from django.conf import settings

    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login_url = base_url + "/account/inloggen/"
    opener.open(login_url, timeout=30).read()
    csrf = next(c.value for c in jar if c.name == settings.CSRF_COOKIE_NAME)
    form = urllib.parse.urlencode({"csrfmiddlewaretoken": csrf, "username": email, "password": password})
    request = urllib.request.Request(login_url, data=form.encode(), headers={"Referer": login_url})  # noqa: S310
    opener.open(request, timeout=30).read()
    session = [c.value for c in jar if c.name == settings.SESSION_COOKIE_NAME]
    if not session:
        sys.exit(f"Logging in as {email} at {login_url} gave no session cookie.")
    return f"{settings.SESSION_COOKIE_NAME}={session[0]}"


def check_answers(url: str, cookie: str | None) -> None:
    """A page that errors or redirects to the login would be measured as that page: stop instead."""
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})  # noqa: S310
    with urllib.request.urlopen(request, timeout=60) as response:  # noqa: S310 (loopback or --base-url)
        if response.status != 200 or response.url != url:
            sys.exit(f"{url} answered {response.status} at {response.url}: not a page to measure.")


def run_lighthouse(url: str, cookie: str | None) -> dict:
    """One mobile run (Lighthouse's default form factor and throttling); returns the report."""
    with tempfile.TemporaryDirectory(prefix="heatportal-lighthouse-") as tmp:
        report = Path(tmp) / "report.json"
        command = [
            str(LIGHTHOUSE),
            url,
            "--only-categories=performance,accessibility",
            "--output=json",
            f"--output-path={report}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--quiet",
        ]
        if cookie:
            command.append("--extra-headers=" + json.dumps({"Cookie": cookie}))
        env = {**os.environ, "CHROME_PATH": os.environ.get("CHROME_PATH", "/usr/bin/chromium")}
        subprocess.run(command, env=env, check=True, timeout=300)  # noqa: S603 (our own command)
        return json.loads(report.read_text())


def summarise(report: dict) -> dict:
    audits = report["audits"]
    scores = {name: round(cat["score"] * 100) for name, cat in report["categories"].items() if cat["score"] is not None}
    metrics = ("first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")
    return {
        "performance": scores.get("performance"),
        "accessibility": scores.get("accessibility"),
        "final_url": report["finalDisplayedUrl"],
        "metrics": {name: audits[name]["displayValue"] for name in metrics if name in audits},
        "lighthouse": report["lighthouseVersion"],
        "user_agent": report["environment"]["hostUserAgent"],
    }


def measure(base_url: str, pages: dict[str, tuple[str, bool]], cookie: str | None, runs: int) -> dict:
    results = {}
    for label, (path, needs_login) in pages.items():
        url = base_url + path
        check_answers(url, cookie if needs_login else None)
        summaries = [summarise(run_lighthouse(url, cookie if needs_login else None)) for _ in range(runs)]
        for summary in summaries:
            if needs_login and summary["final_url"] != url:
                sys.exit(f"{label}: Lighthouse ended on {summary['final_url']}, not {url}: not logged in?")
        # A run Lighthouse could not score (no paint) counts as 0, never as a pass.
        median_run = sorted(summaries, key=lambda s: s["performance"] or 0)[len(summaries) // 2]
        results[label] = {
            "url": path,
            "performance": median_run["performance"],
            "accessibility": median_run["accessibility"],
            "runs": [{"performance": s["performance"], "accessibility": s["accessibility"]} for s in summaries],
            "metrics": median_run["metrics"],
        }
        print(f"{label:18} performance {median_run['performance']:3}  accessibility {median_run['accessibility']:3}")
    first = summaries[0]
    return {"lighthouse": first["lighthouse"], "user_agent": first["user_agent"], "runs": runs, "pages": results}


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if not LIGHTHOUSE.exists():
        sys.exit("node_modules/.bin/lighthouse is missing: run `make deps`.")
    django_setup(args.database_url)
    from accounts.demo import DEMO_PASSWORD

    if args.base_url:
        server = _given(args.base_url)
    else:
        server = production_server(args.database_url, seed=not args.no_seed)
    with server as base:
        pages = page_paths(args.region)
        cookie = args.cookie
        if cookie and "=" not in cookie:
            from django.conf import settings

            cookie = f"{settings.SESSION_COOKIE_NAME}={cookie}"
        cookie = cookie or login_cookie(base, args.login, args.password or DEMO_PASSWORD)
        result = measure(base, pages, cookie, args.runs)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print(f"written {args.out}")
    low = [label for label, page in result["pages"].items() if (page["performance"] or 0) < args.fail_under]
    return 1 if low else 0


@contextmanager
def _given(base_url: str):
    yield base_url.rstrip("/")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
