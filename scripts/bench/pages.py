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
from dataclasses import dataclass

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


@dataclass
class Twin:
    """The same page on the smaller scale's server, timed in the same rounds: its growth ratio is
    then measured under the same conditions, not minutes apart on a machine whose load drifts."""

    browser: Browser
    path: str
    headers: dict
    queries: int


def twins(handoff: dict) -> dict[str, Twin]:
    found = {}
    for entry in handoff["pages"]:
        browser = Browser(handoff["base_url"])
        if entry["cookie"]:
            browser.cookies["sessionid"] = entry["cookie"]
        found[entry["key"]] = Twin(browser, entry["path"], entry["headers"], entry["queries"])
    return found


def handoff(pages: list[Page], browsers: dict[str | None, Browser], base_url: str, scale: float) -> dict:
    """What the larger scale's run needs to time this server's pages beside its own."""
    entries = []
    for page in pages:
        cookie = browsers[page.role].cookies.get("sessionid")
        queries, status = count_queries(page, cookie)
        entries.append(
            {
                "key": page.key,
                "path": page.path,
                "headers": page.headers,
                "cookie": cookie,
                "queries": queries,
                "status": status,
            }
        )
    return {"base_url": base_url, "scale": scale, "pages": entries}


def _summary(times: list[float]) -> dict:
    return {"median_ms": round(statistics.median(times), 1), "p95_ms": round(p95(times), 1)}


def time_page(page: Page, browser: Browser, bare: Browser, rounds: int, twin: Twin | None = None) -> dict:
    """ROUNDS requests to PAGE, each right after one to the bare view (a cookie-less browser) and,
    with a TWIN, followed by one to the same page at the smaller scale."""
    for _ in range(WARM_UP):
        browser.get(page.path, headers=page.headers)
        if twin:
            twin.browser.get(twin.path, headers=twin.headers)
    times, bare_times, twin_times, statuses, sizes = [], [], [], set(), []
    for _ in range(rounds):
        bare_times.append(bare.get(BARE.path).ms)
        answer = browser.get(page.path, headers=page.headers)
        times.append(answer.ms)
        statuses.add(answer.status)
        sizes.append(len(answer.body))
        if twin:
            twin_answer = twin.browser.get(twin.path, headers=twin.headers)
            twin_times.append(twin_answer.ms)
            statuses.add(twin_answer.status)
    result = {
        **_summary(times),
        "bare_median_ms": round(statistics.median(bare_times), 2),
        "bare_p95_ms": round(p95(bare_times), 2),
        "status": sorted(statuses),
        "kb": round(statistics.median(sizes) / 1024, 1),
    }
    if twin:
        result["smaller_scale"] = {**_summary(twin_times), "queries": twin.queries}
        result["growth"] = round(result["median_ms"] / result["smaller_scale"]["median_ms"], 2)
    return result


def measure(page: Page, browsers: dict[str | None, Browser], rounds: int, twin: Twin | None = None) -> dict:
    browser = browsers[page.role]
    result = time_page(page, browser, browsers["bare"], rounds, twin)
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


def measure_all(pages: list[Page], browsers: dict, rounds: int, twinned: dict[str, Twin] | None = None) -> dict:
    """Every page, the bare view and the admin changelist; ratios to the changelist added; with
    TWINNED (the smaller scale's pages by key) each page's growth as well."""
    twinned = twinned or {}
    bare = measure(BARE, browsers, rounds)
    admin = measure(ADMIN_CHANGELIST, browsers, rounds, twinned.get(ADMIN_CHANGELIST.key))
    rows = []
    for page in pages:
        row = measure(page, browsers, rounds, twinned.get(page.key))
        row["ratio_to_admin"] = round(row["median_ms"] / admin["median_ms"], 2)
        rows.append(row)
        grown = f"  growth {row['growth']}" if "growth" in row else ""
        print(
            f"  {row['label'][:44]:44} {'/'.join(map(str, row['status'])):>7} {row['queries']:>4} q "
            f"{row['median_ms']:>8.1f} ms  p95 {row['p95_ms']:>8.1f}  x{row['ratio_to_bare']:<6} bare{grown}",
            flush=True,
        )
    return {"bare": bare, "admin_changelist": admin, "pages": rows}
