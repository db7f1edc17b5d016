"""Page timings over HTTP, each request interleaved with one to the bare view, and query counts.

Interleaving puts the page and the bare view under the same conditions (other load on the
machine, CPU frequency, PostgreSQL's caches) so their ratio means something even when the
absolute figures drift. The query count comes from one in-process run of the same request,
with the same session cookie, against the same database (CaptureQueriesContext): gunicorn's
workers keep no count, and nothing in the portal is changed to report one.
"""

import math
import re
import statistics

from scripts.bench.client import Browser
from scripts.bench.targets import ADMIN_CHANGELIST, BARE, Page

WARM_UP = 4  # two per gunicorn worker, roughly: template loading and first connections
TOKEN_IN_PATH = re.compile(r"/(antwoord|agenda)/[^/]+")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def public_path(path: str) -> str:
    """The path as results.json may show it: no answer or calendar token."""
    return TOKEN_IN_PATH.sub(lambda m: f"/{m.group(1)}/<token>", path)


def count_queries(page: Page, session_cookie: str | None) -> tuple[int, int]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    if session_cookie:
        from django.conf import settings

        client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.path, headers=page.headers)
    return len(queries), response.status_code


def time_page(page: Page, browser: Browser, bare: Browser, rounds: int) -> dict:
    """ROUNDS requests to PAGE, each right after one to the bare view (a cookie-less browser)."""
    for _ in range(WARM_UP):
        browser.get(page.path, headers=page.headers)
    times, bare_times, statuses, sizes = [], [], set(), []
    for _ in range(rounds):
        bare_times.append(bare.get(BARE.path).ms)
        answer = browser.get(page.path, headers=page.headers)
        times.append(answer.ms)
        statuses.add(answer.status)
        sizes.append(len(answer.body))
    return {
        "median_ms": round(statistics.median(times), 1),
        "p95_ms": round(p95(times), 1),
        "bare_median_ms": round(statistics.median(bare_times), 2),
        "bare_p95_ms": round(p95(bare_times), 2),
        "status": sorted(statuses),
        "kb": round(statistics.median(sizes) / 1024, 1),
    }


def measure(page: Page, browsers: dict[str | None, Browser], rounds: int) -> dict:
    browser = browsers[page.role]
    result = time_page(page, browser, browsers["bare"], rounds)
    cookie = browser.cookies.get("sessionid")
    queries, in_process_status = count_queries(page, cookie)
    result.update(
        key=page.key,
        label=page.label,
        path=public_path(page.path),
        role=page.role or "anonymous",
        queries=queries,
        in_process_status=in_process_status,
        ratio_to_bare=round(result["median_ms"] / result["bare_median_ms"], 1),
    )
    return result


def measure_all(pages: list[Page], browsers: dict[str | None, Browser], rounds: int) -> dict:
    """Every page, the bare view and the admin changelist; ratios to the changelist added."""
    bare = measure(BARE, browsers, rounds)
    admin = measure(ADMIN_CHANGELIST, browsers, rounds)
    rows = []
    for page in pages:
        row = measure(page, browsers, rounds)
        row["ratio_to_admin"] = round(row["median_ms"] / admin["median_ms"], 2)
        rows.append(row)
        print(
            f"  {row['label'][:44]:44} {'/'.join(map(str, row['status'])):>7} {row['queries']:>4} q "
            f"{row['median_ms']:>8.1f} ms  p95 {row['p95_ms']:>8.1f}  x{row['ratio_to_bare']:<6} bare",
            flush=True,
        )
    return {"bare": bare, "admin_changelist": admin, "pages": rows}
