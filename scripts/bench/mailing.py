"""Pasting invitees over HTTP, and the invitations' fan-out through Celery to a loopback SMTP server.

The fan-out is timed from the organiser's "send" (the POST) until the SMTP server has received
every message: the web request, the queueing task, the outbox and its send tasks on a real
worker. Its yardstick, in the same run and against the same server, is a plain smtplib loop
sending the same messages (the bytes the server received) over one connection.
"""

import datetime as dt
import smtplib
import time

from django.urls import reverse

from scripts.bench.client import Browser
from scripts.bench.stack import CountingHandler
from scripts.bench.targets import PASTE_TITLES

FANOUT_TIMEOUT_SECONDS = 900
LATE_DUPLICATE_WAIT_SECONDS = 5  # after the last expected message: anything sent twice shows up here


def empty_sessions(world, run_id: str) -> dict[int, object]:
    """The scale data's two empty sessions to paste into; where they are missing (demo data), two
    new sessions of the organising province, a month ahead, with nobody invited yet."""
    from sessions.models import Session
    from sessions.services.planning import DayData, session_save

    staff, province = world.users["staff"], world.province
    day = dt.date.today() + dt.timedelta(days=30)
    municipalities = list(province.municipalities.order_by("cbs_code").values_list("pk", flat=True)[:3])
    found = {}
    for n, title in PASTE_TITLES.items():
        found[n] = Session.objects.filter(title=title, invitations__isnull=True).first()
        if found[n] is None:
            session = Session(
                kind=Session.Kind.SPRINT, title=f"Bench {run_id}: plakken {n}", organiser_province=province
            )
            days = [DayData(date=day, start_time=dt.time(9, 30), end_time=dt.time(16, 0), venue="Provinciehuis")]
            found[n] = session_save(session=session, days=days, municipality_ids=municipalities, user=staff)
    return found


def _address(run_id: str, n: int, i: int) -> str:
    return f"bench-{run_id}-{n}-{i}@example.org"


def paste(browser: Browser, session, n: int, run_id: str) -> dict:
    from sessions.models import Invitation

    path = reverse("sessions:invite", kwargs={"pk": session.pk})
    lines = "\n".join(f"Genodigde {i} Bench <{_address(run_id, n, i)}>" for i in range(n))
    form = browser.get(path)
    answer = browser.post_form(path, {"lines": lines}, token_from=form.body)
    saved = Invitation.objects.filter(session=session, contact__email__startswith=f"bench-{run_id}-{n}-").count()
    # A refused or cut-off paste must have saved nothing: all or none, never a part.
    whole = saved == n if answer.status == 302 else saved == 0
    return {"invitees": n, "status": answer.status, "ms": round(answer.ms, 1), "saved": saved, "all_saved": saved == n,
            "all_or_nothing": whole}  # fmt: skip


def _wait_for(handler: CountingHandler, phase: str, n: int, *, timeout: float) -> float:
    start = time.perf_counter()
    while handler.count(phase) < n and time.perf_counter() - start < timeout:
        time.sleep(0.05)
    return time.perf_counter()


def _outbox_states(session) -> dict[str, int]:
    from django.db.models import Count

    from heatportal.mail.models import Email

    emails = Email.objects.filter(pk__in=session.invitations.values("email_id"))
    return dict(emails.values_list("status").annotate(n=Count("pk")).order_by("status"))


def fan_out(browser: Browser, session, handler: CountingHandler) -> dict:
    """Send the session's invitations; every invitee must receive exactly one message."""
    expected = sorted(session.invitations.values_list("contact__email", flat=True))
    n = len(expected)
    handler.phase = "fan-out"
    detail = browser.get(reverse("sessions:detail", kwargs={"pk": session.pk}))
    start = time.perf_counter()
    send = reverse("sessions:invitations_send", kwargs={"pk": session.pk})
    answer = browser.post_form(send, {}, token_from=detail.body)
    end = _wait_for(handler, "fan-out", n, timeout=FANOUT_TIMEOUT_SECONDS)
    time.sleep(LATE_DUPLICATE_WAIT_SECONDS)
    received = handler.received("fan-out")
    recipients = sorted(rcpt for rcpts, _id, _content in received for rcpt in rcpts)
    message_ids = {message_id for _rcpts, message_id, _content in received}
    seconds = end - start
    return {
        "messages": n,
        "send_status": answer.status,
        "received": len(received),
        "seconds": round(seconds, 2),
        "per_second": round(min(len(received), n) / seconds, 1),
        "distinct_message_ids": len(message_ids),
        "exactly_once": n > 0 and len(received) == n and len(message_ids) == n and recipients == expected,
        "outbox_states": _outbox_states(session),
    }


def smtplib_loop(handler: CountingHandler, port: int, messages: list[tuple[list[str], str, bytes]]) -> dict:
    """The same messages, one after the other, over ONE connection."""
    handler.phase = "smtplib"
    start = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for rcpts, _message_id, content in messages:
            smtp.sendmail("noreply@warmteportaal.nl", rcpts, content)
    end = _wait_for(handler, "smtplib", len(messages), timeout=60)
    seconds = end - start
    return {"messages": len(messages), "seconds": round(seconds, 2), "per_second": round(len(messages) / seconds, 1)}


def mail_figures(browser: Browser, world, handler: CountingHandler, smtp_port: int, run_id: str) -> dict:
    sessions = empty_sessions(world, run_id)
    pastes = [paste(browser, sessions[n], n, run_id) for n in (500, 2000)]
    for row in pastes:
        print(
            f"  paste {row['invitees']:>5} invitees: HTTP {row['status']} in {row['ms']:.0f} ms, {row['saved']} saved",
            flush=True,
        )
    fan = fan_out(browser, sessions[2000], handler)
    print(
        f"  fan-out: {fan['received']} messages in {fan['seconds']} s ({fan['per_second']}/s), "
        f"exactly once: {fan['exactly_once']}",
        flush=True,
    )
    baseline = smtplib_loop(handler, smtp_port, handler.received("fan-out")[: fan["messages"]])
    print(f"  smtplib, one connection: {baseline['per_second']}/s", flush=True)
    ratio = round(fan["per_second"] / baseline["per_second"], 3) if fan["exactly_once"] else None
    return {"paste": pastes, "fan_out": fan, "smtplib_one_connection": baseline, "fan_out_ratio": ratio}
