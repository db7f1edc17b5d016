"""`make bench`: response times and query counts of the main pages, and outbox throughput.

Runs against a throw-away PostgreSQL database (test_heatportal_bench) filled with the reference
data and the demo data, using Django's test client in-process, so the figures measure the
application (views, queries, templates), not a network. Prints a table; exits 0.
"""

import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "heatportal.settings_test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/heatportal_bench")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_databases, setup_test_environment  # noqa: E402
from django.urls import NoReverseMatch, reverse  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))

# (label, URL name, kwargs, demo login or None)
PAGES = [
    ("home (anonymous)", "home", {}, None),
    ("municipality list, 342 rows", "municipalities:list", {}, None),
    ("municipality detail", "municipalities:detail", {"cbs_code": "GM0106"}, "gemeente.assen@warmteportaal.nl"),
    ("organisations", "municipalities:organisations", {}, "provincie.drenthe@warmteportaal.nl"),
    ("outbox", "mail:outbox", {}, "beheer@warmteportaal.nl"),
    ("session planning board", "sessions:board", {}, "provincie.drenthe@warmteportaal.nl"),
    ("Leer Labs catalogue", "labs:catalogue", {}, None),
    ("region dashboard", "progress:region_dashboard", {"code": "ES03"}, "regio.drenthe@warmteportaal.nl"),
    ("national overview", "progress:national_overview", {}, "adviseur@warmteportaal.nl"),
    ("healthz", "healthz", {}, None),
]


def measure(client: Client, url: str) -> tuple[list[float], int, int]:
    client.get(url)  # warm-up (template and URL caches)
    timings = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return timings, len(queries), response.status_code


def bench_pages() -> None:
    from accounts.models import User

    print(f"{'page':34} {'status':>6} {'queries':>7} {'median ms':>10} {'p95 ms':>8}")
    for label, name, kwargs, login in PAGES:
        try:
            url = reverse(name, kwargs=kwargs)
        except NoReverseMatch:
            print(f"{label:34} {'n/a':>6}  (no such page in this build)")
            continue
        client = Client()
        if login:
            client.force_login(User.objects.get(email=login))
        timings, queries, status = measure(client, url)
        p95 = sorted(timings)[int(len(timings) * 0.95) - 1]
        print(f"{label:34} {status:>6} {queries:>7} {statistics.median(timings):>10.1f} {p95:>8.1f}")


def bench_outbox() -> None:
    from django.core import mail

    from heatportal.celery import app
    from heatportal.mail.models import Email
    from heatportal.mail.services import email_queue
    from heatportal.mail.tasks import send_email

    # Queue into an in-memory broker nobody consumes, then send one by one: two separate figures.
    app.conf.update(task_always_eager=False, broker_url="memory://")
    Email.objects.filter(key__startswith="bench:").delete()
    n = 300
    start = time.perf_counter()
    for i in range(n):
        email_queue(
            key=f"bench:{i}",
            to_email=f"bench{i}@example.org",
            template="password_reset",
            context={"user": {"full_name": "Bench"}, "uid": "MQ", "token": "t"},
        )
    queued = time.perf_counter() - start
    start = time.perf_counter()
    for email in Email.objects.filter(key__startswith="bench:"):
        send_email.apply(args=[email.pk])
    sent = time.perf_counter() - start
    print(
        f"\noutbox: {n} messages queued in {queued:.2f} s ({n / queued:.0f}/s), "
        f"sent to the in-memory mailer in {sent:.2f} s ({n / sent:.0f}/s); {len(mail.outbox)} delivered"
    )


def main() -> None:
    import logging

    logging.disable(logging.WARNING)
    setup_test_environment()
    old = setup_databases(verbosity=0, interactive=False, keepdb=False)
    try:
        from municipalities.services import reference_data_load

        reference_data_load()
        call_command("seed_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
        print(f"heatportal bench: {ROUNDS} requests per page, PostgreSQL, in-process client\n")
        bench_pages()
        bench_outbox()
    finally:
        from django.test.utils import teardown_databases

        teardown_databases(old, verbosity=0)


if __name__ == "__main__":
    main()
