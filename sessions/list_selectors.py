"""Reads of the pages that list sessions: the planning board with its month calendar, the session
list and the personal calendar feed (the session page's reads stay in sessions/selectors.py).

Each is bounded by what a person looks at, however many years of sessions the portal holds: the
board shows current and coming sessions (the held ones one filter away, a page at a time), the
list is paged, the feed starts a year back. Counts are correlated subqueries per shown session
(over the index on Invitation (session, answer)), never a join of every invitation and outbox
row of the province grouped afterwards: that sorted the whole outbox join on disk.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page
from django.db.models import (
    Count,
    Exists,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.rules import province_ids
from heatportal.mail.models import Email
from heatportal.paging import counted_page
from municipalities.models import Contact, Municipality, Province
from sessions.models import Invitation, MunicipalityPlan, Session, SessionDay, SessionMunicipality
from sessions.selectors import missing_seats_bulk

BOARD_PAGE_SIZE = 25
LIST_PAGE_SIZE = 50
# The personal feed: a calendar app keeps what it was given before, so a year back is plenty.
FEED_DAYS_BACK = 365
OPEN = Session.OPEN_STATUSES
CANCELLED, SCHEDULED, TO_SCHEDULE = Session.Status.CANCELLED, Session.Status.SCHEDULED, Session.Status.TO_SCHEDULE


# --- Current and past ---------------------------------------------------------------------
def _days(ref: str, **filters) -> QuerySet[SessionDay]:
    return SessionDay.objects.filter(session=OuterRef(ref), **filters)


def current_q(*, today: dt.date) -> Q:
    """Current and coming sessions: not cancelled, and a day today or later, or no days yet while
    still to be planned."""
    return ~Q(status=CANCELLED) & (
        Q(Exists(_days("pk", date__gte=today))) | (Q(~Exists(_days("pk"))) & Q(status__in=OPEN))
    )


def past_q(*, today: dt.date) -> Q:
    """Held sessions: not cancelled and not current (every day behind us, or held without days)."""
    return (
        ~Q(status=CANCELLED) & Q(~Exists(_days("pk", date__gte=today))) & (Q(Exists(_days("pk"))) | ~Q(status__in=OPEN))
    )


def _session_ids(condition: Q):
    return Session.objects.filter(condition).values("pk")


def _first_date(ref: str = "pk"):
    return Subquery(_days(ref).order_by("date").values("date")[:1])


def _last_date(ref: str = "pk"):
    return Subquery(_days(ref).order_by("-date").values("date")[:1])


def _invitation_count(**filters):
    """Invitations of the outer session matching FILTERS, counted in a subquery of their own."""
    invitations = (
        Invitation.objects.filter(session=OuterRef("pk"), **filters)
        .order_by()
        .values("session_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(invitations), 0)


def _counts(*, delivery: bool) -> dict:
    A = Invitation.Answer
    counts = {"accepted": _invitation_count(answer=A.ACCEPTED)}
    if delivery:
        counts |= {
            "invited": _invitation_count(),
            "declined": _invitation_count(answer=A.DECLINED),
            # Through each invitation's outbox row by its primary key: no scan or join of the outbox.
            "failed": _invitation_count(email__status=Email.Status.FAILED),
        }
    return counts


def add_counts(sessions: list[Session], *, delivery: bool = False) -> None:
    """Who accepted (and with DELIVERY who was invited, declined, or whose mail failed) for the
    shown SESSIONS, in one query after the page is cut: counted in the page's query, PostgreSQL
    counts every row an OFFSET skips too, so a late page would count hundreds of sessions."""
    if not sessions:
        return
    counts = _counts(delivery=delivery)
    rows = Session.objects.filter(pk__in=[s.pk for s in sessions]).order_by().annotate(**counts)
    found = {row["pk"]: row for row in rows.values("pk", *counts)}
    for session in sessions:
        for name in counts:
            setattr(session, name, found[session.pk][name])


def in_province(province: Province) -> Q:
    """Organised by PROVINCE, or with one of its municipalities taking part."""
    taking_part = SessionMunicipality.objects.filter(municipality__province=province).values("session_id")
    return Q(organiser_province=province) | Q(pk__in=taking_part)


# --- Board --------------------------------------------------------------------------------
class MunicipalityState:
    NONE = "none"
    TO_SCHEDULE = "to_schedule"
    SCHEDULED = "scheduled"
    HELD = "held"
    OWN = "own"

    LABELS = {
        NONE: _("Nog geen sessie"),
        TO_SCHEDULE: _("Nog te plannen"),
        SCHEDULED: _("Gepland"),
        HELD: _("Gehouden"),
        OWN: _("Eigen traject"),
    }
    BADGES = {NONE: "muted", TO_SCHEDULE: "warn", SCHEDULED: "ok", HELD: "ok", OWN: "muted"}


class Period:
    """Which sessions the board shows: current and coming (the default) or held ones."""

    CURRENT = ""
    HELD = "gehouden"

    LABELS = {CURRENT: _("Huidige en komende sessies"), HELD: _("Gehouden sessies")}


@dataclass
class BoardRow:
    municipality: Municipality
    state: str
    sessions: list
    plan: MunicipalityPlan | None

    @property
    def state_label(self):
        return MunicipalityState.LABELS[self.state]

    @property
    def badge(self):
        return MunicipalityState.BADGES[self.state]


def _state(municipality: Municipality) -> str:
    """From the municipality's annotations (_board_municipalities): a current session decides,
    else a held one anywhere back, else its plan."""
    if municipality.has_scheduled:
        return MunicipalityState.SCHEDULED
    if municipality.has_to_schedule:
        return MunicipalityState.TO_SCHEDULE
    if municipality.has_held:
        return MunicipalityState.HELD
    if _plan(municipality) and _plan(municipality).own_trajectory:
        return MunicipalityState.OWN
    return MunicipalityState.NONE


def _plan(municipality: Municipality) -> MunicipalityPlan | None:
    return getattr(municipality, "session_plan", None)  # select_related: None when it has none


def _board_municipalities(*, province: Province, today: dt.date, latest_held: bool) -> list[Municipality]:
    """The province's current municipalities with their plans, each knowing whether it takes part
    in a current scheduled or to-be-planned session and in a held one (EXISTS per row, over the
    index on its participations), and with LATEST_HELD which held one was last. The sessions are
    id subqueries of their own: as conditions on the joined session the planner hashed every
    participation of the country for each board."""
    taking_part = SessionMunicipality.objects.filter(municipality=OuterRef("pk"))
    current = current_q(today=today)
    held = taking_part.filter(session__in=_session_ids(past_q(today=today)))
    municipalities = (
        Municipality.objects.current()
        .filter(province=province)
        .select_related("session_plan")
        .annotate(
            has_scheduled=Exists(taking_part.filter(session__in=_session_ids(current & Q(status=SCHEDULED)))),
            has_to_schedule=Exists(taking_part.filter(session__in=_session_ids(current & Q(status=TO_SCHEDULE)))),
            has_held=Exists(held),
        )
    )
    if latest_held:
        latest = held.annotate(last=_last_date("session_id")).order_by("-last", "-session_id").values("session_id")
        municipalities = municipalities.annotate(latest_held=Subquery(latest[:1]))
    return list(municipalities.order_by("name"))


def _current_sessions(municipalities: list[Municipality], *, today: dt.date) -> dict[int, list]:
    """Per municipality its current and coming sessions. Which participations first, then those
    rows with their sessions: in one query the planner expects most of the province's
    participations to be current and hashes every session."""
    current_ids = SessionMunicipality.objects.filter(
        municipality__in=municipalities, session__in=_session_ids(current_q(today=today))
    ).values("pk")
    participations = (
        SessionMunicipality.objects.filter(pk__in=current_ids).select_related("session").order_by("session__created_at")
    )
    current = defaultdict(list)
    for participation in participations:
        current[participation.municipality_id].append(participation.session)
    return current


def _latest_held(municipalities: list[Municipality]) -> dict[int, list]:
    """Per municipality id its latest held session; one session held by several municipalities
    shows in each of their rows."""
    sessions = Session.objects.in_bulk({m.latest_held for m in municipalities if m.latest_held})
    return {m.pk: [sessions[m.latest_held]] for m in municipalities if m.latest_held in sessions}


def _board_rows(*, province: Province, period: str, today: dt.date) -> list[BoardRow]:
    """A row per municipality: its state, and its current sessions or (HELD) its latest held one."""
    held = period == Period.HELD
    municipalities = _board_municipalities(province=province, today=today, latest_held=held)
    shown = _latest_held(municipalities) if held else _current_sessions(municipalities, today=today)
    return [BoardRow(m, _state(m), shown.get(m.pk, []), _plan(m)) for m in municipalities]


def board_sessions(*, visible: QuerySet[Session], province: Province, period: str, today: dt.date):
    """The board's session table: current and coming by status and date, or held ones latest first."""
    sessions = visible.filter(in_province(province))
    if period == Period.HELD:
        ordered = sessions.filter(past_q(today=today)).annotate(last_date=_last_date()).order_by("-last_date", "pk")
    else:
        ordered = (
            sessions.filter(current_q(today=today))
            .annotate(first_date=_first_date())
            .order_by("status", "first_date", "title", "pk")
        )
    return ordered.prefetch_related(
        Prefetch(
            "participations",
            queryset=SessionMunicipality.objects.select_related("municipality").order_by("municipality__name"),
        ),
    )


def board(*, visible: QuerySet[Session], province: Province, state: str = "", period: str = "", page=None) -> dict:
    """Every current municipality of PROVINCE with its state and sessions (current ones, or its
    latest held one), and a page of the sessions of VISIBLE (sessions.rules.visible_sessions of
    the planner) in the province for PERIOD, with their counts and missing seats."""
    today = timezone.localdate()
    rows = _board_rows(province=province, period=period, today=today)
    if state:
        rows = [row for row in rows if row.state == state]
    listed = board_sessions(visible=visible, province=province, period=period, today=today)
    sessions = counted_page(listed, BOARD_PAGE_SIZE, page)
    # The days of the rows' sessions and of the table's in one query.
    shown = [session for row in rows for session in row.sessions] + sessions.object_list
    prefetch_related_objects(shown, Prefetch("days", queryset=SessionDay.objects.order_by("date")))
    add_counts(sessions.object_list, delivery=True)
    missing = missing_seats_bulk(sessions=sessions.object_list)
    for session in sessions.object_list:
        session.missing_seats = sorted({label for labels in missing[session.pk].values() for label in labels})
    return {"rows": rows, "sessions": sessions}


def month_calendar(*, visible: QuerySet[Session], province: Province, year: int, month: int) -> list[list[dict]]:
    """Weeks (Monday first) of the month, each day with the session days of the province on it
    (of the sessions of VISIBLE, sessions.rules.visible_sessions of the planner)."""
    first = dt.date(year, month, 1)
    start = first - dt.timedelta(days=first.weekday())
    last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
    end = last + dt.timedelta(days=6 - last.weekday())
    session_ids = visible.filter(in_province(province)).exclude(status=CANCELLED).values("pk")
    days = (
        SessionDay.objects.filter(date__range=(start, end), session__in=session_ids)
        .select_related("session")
        .order_by("date", "start_time")
    )
    on = defaultdict(list)
    for day in days:
        on[day.date].append(day)
    weeks, cursor = [], start
    while cursor <= end:
        weeks.append(
            [
                {"date": d, "in_month": d.month == month, "days": on[d]}
                for d in (cursor + dt.timedelta(days=i) for i in range(7))
            ]
        )
        cursor += dt.timedelta(days=7)
    return weeks


# --- Session list -------------------------------------------------------------------------
def session_years() -> list[int]:
    """The years the portal has session days in, latest first (two index lookups on the date)."""
    bounds = SessionDay.objects.aggregate(first=Min("date"), last=Max("date"))
    if bounds["first"] is None:
        return []
    return list(range(bounds["last"].year, bounds["first"].year - 1, -1))


def session_list(
    *,
    visible: QuerySet[Session],
    year: int | None = None,
    province: Province | None = None,
    kind: str = "",
    status: str = "",
    query: str = "",
) -> QuerySet[Session]:
    """The session list: VISIBLE (sessions.rules.visible_sessions of the reader) narrowed by a
    year it has a day in, a province it is organised by or takes part from, kind, status and
    words of its title; latest first (those still without dates on top), with who accepted."""
    sessions = visible
    if year:
        sessions = sessions.filter(Exists(_days("pk", date__year=year)))
    if province:
        sessions = sessions.filter(in_province(province))
    if kind:
        sessions = sessions.filter(kind=kind)
    if status:
        sessions = sessions.filter(status=status)
    if query:
        sessions = sessions.filter(title__icontains=query)
    # Only what the list shows: the page's total comes as a window over every matching row, and
    # descriptions would make that window several times wider.
    return (
        sessions.annotate(first_date=_first_date())
        .select_related("organiser_province")
        .only("title", "status", "organiser_name", "organiser_province__name")
        .order_by("-first_date", "title", "pk")
    )


def session_list_page(*, sessions: QuerySet[Session], page=None) -> Page:
    """Page PAGE of SESSIONS (session_list), each with who accepted."""
    page = counted_page(sessions, LIST_PAGE_SIZE, page)
    add_counts(page.object_list)
    return page


# --- Personal calendar feed ---------------------------------------------------------------
def feed_sessions(*, user) -> QuerySet[Session]:
    """Sessions USER organises (created, or their province organises) or accepted to attend, with
    a day from a year back on. The address matches case-insensitively through the index on
    lower(email) of contacts (municipalities migration 0004), not UPPER() over every invitation."""
    contacts = Contact.objects.alias(email_lower=Lower("email")).filter(email_lower=Lower(Value(user.email)))
    accepted = Invitation.objects.filter(answer=Invitation.Answer.ACCEPTED, contact__in=contacts)
    match = Q(created_by=user) | Q(pk__in=accepted.values("session_id"))
    provinces = province_ids(user)
    if provinces:
        match |= Q(organiser_province_id__in=provinces)
    since = timezone.localdate() - dt.timedelta(days=FEED_DAYS_BACK)
    return (
        Session.objects.filter(match)
        .filter(Exists(_days("pk", date__gte=since)))
        .exclude(status=Session.Status.TO_SCHEDULE)
        .prefetch_related(Prefetch("days", queryset=SessionDay.objects.order_by("date", "start_time")))
        .select_related("organiser_province")
    )
