"""The invitations table of the session page: filtered, a page at a time, and while a batch goes
out, a poll every two seconds that brings the progress figures and only the rows that moved.

Invitees are personal data: only those who may change the session see them, whatever the page
around the table shows (a municipal officer reads the session, never its invitees)."""

import datetime as dt
import functools
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from sessions import invitation_selectors as invitees
from sessions.forms.invitations import InvitationFilterForm
from sessions.models import Session
from sessions.rules import get_session_for_user

POLL_PARAMETERS = ("sinds", "rijen")


@login_required
@require_GET
def session_invitations(request, pk):
    """The table alone, for htmx: a page of it (filters and page in the query), or with `sinds`
    the sending poll. Without htmx, the session page at the same filters and page."""
    session = get_session_for_user(request.user, pk, action="change", detail=False)
    if not request.htmx:
        query = request.GET.copy()
        for name in POLL_PARAMETERS:
            query.pop(name, None)
        url = reverse("sessions:detail", kwargs={"pk": session.pk})
        return redirect(url + (f"?{query.urlencode()}" if query else "") + "#uitnodigingen")
    if "sinds" in request.GET:
        return render(request, "sessions/detail.html#invitations_poll", poll_context(request, session))
    return render(request, "sessions/detail.html#invitations", {"session": session, **table_context(request, session)})


def table_context(request, session: Session) -> dict:
    """One page of the table with the session's counts; the poll asks about the rows of this page."""
    now = timezone.now()
    form = InvitationFilterForm(request.GET)
    filters = form.filters()
    rows = invitees.invitation_table(session=session, **filters)
    page = Paginator(rows, invitees.INVITATION_PAGE_SIZE).get_page(request.GET.get("pagina"))
    progress = invitees.invitation_progress(session=session)
    shown = [invitation.pk for invitation in page.object_list]
    kept = {name: value for name, value in request.GET.lists() if name in form.fields}
    return {
        "filter_form": form,
        "filtered": any(filters.values()),
        "page": page,
        "invitations": page.object_list,
        "page_query": urlencode(kept, doseq=True),
        **_progress_context(session, progress, now=now, shown=shown),
    }


def poll_context(request, session: Session) -> dict:
    """The poll: the figures, and of the rows on the reader's page (`rijen`) those that moved since
    the last poll (`sinds`, the moment its answer was made). Once nothing is on its way any more
    the poll ends, and its last answer brings every row of the page, whatever a poll missed."""
    now = timezone.now()
    shown = _ids(request.GET.get("rijen", ""))
    progress = invitees.invitation_progress(session=session)
    since = None if not progress["queued"] else _moment(request.GET.get("sinds", ""))
    rows = invitees.invitation_rows_moved(session=session, ids=shown, since=since) if shown else []
    return {"moved": rows, **_progress_context(session, progress, now=now, shown=shown)}


def _progress_context(session: Session, progress: dict, *, now: dt.datetime, shown: list[int]) -> dict:
    return {
        "session": session,
        "progress": progress,
        "unsent": progress["not_sent"],
        "sending": bool(progress["requested"]),
        "poll_query": urlencode({"sinds": now.isoformat(), "rijen": ",".join(map(str, shown))}, safe=",:"),
        # Answered per day: rows name the days. Called by the template only when a row shows
        # (a poll with nothing moved asks nothing), and read from the page's prefetch if it has one.
        "per_day": functools.cache(lambda: len(session.days.all()) > 1),
    }


def _ids(value: str) -> list[int]:
    """The ids of the rows on the reader's page, as the poll's URL lists them (no more than a page)."""
    ids = [int(part) for part in value.split(",")[: invitees.INVITATION_PAGE_SIZE] if part.isascii() and part.isdigit()]
    return [pk for pk in ids if pk < 2**63]


def _moment(value: str) -> dt.datetime | None:
    """The moment the last poll answered, as it wrote it; None (every row) for anything else."""
    try:
        moment = dt.datetime.fromisoformat(value[:40])
    except ValueError:
        return None
    return moment if timezone.is_aware(moment) else None
