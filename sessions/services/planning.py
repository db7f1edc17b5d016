"""Planning a session: its days, municipalities and seats, and
the warnings a planner confirms before saving. Invitees already told hear of every change to
the schedule (with a new .ics) and of a cancellation."""

import datetime as dt
from dataclasses import dataclass

import holidays
from django.db import transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from heatportal.mail.services import Attachment
from municipalities.models import Municipality, Organisation
from sessions.ical import session_ics
from sessions.models import (
    Invitation,
    InvitationDay,
    MunicipalityPlan,
    ProgrammeItem,
    Session,
    SessionDay,
    SessionMunicipality,
    Workshop,
)
from sessions.services._mail import invitee_mail_queue


@dataclass(frozen=True)
class DayData:
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    venue: str = ""
    address: str = ""
    online_url: str = ""
    capacity: int | None = None
    # The SessionDay this row is, when it exists already; None for a day to add.
    id: int | None = None

    def values(self) -> dict:
        return {name: getattr(self, name) for name in DAY_EDITED_FIELDS}


# What invitees are told about when it changes (their calendars hold it).
DAY_FIELDS = ("date", "start_time", "end_time", "venue", "address", "online_url")
# What the session form edits of a day: the schedule, and how many can come.
DAY_EDITED_FIELDS = (*DAY_FIELDS, "capacity")
# Fields the session form edits; a save writes only these, so it cannot undo what another
# process changed meanwhile on the same row (sequence, allocation, status).
SESSION_FORM_FIELDS = (
    "kind",
    "title",
    "description",
    "organiser_province",
    "organiser_name",
    "contact_name",
    "contact_email",
    "is_pilot",
    "invitation_only",
    "answer_deadline",
    "follow_up",
    "reminder_days",
)


class SessionConflict(Exception):
    """The session changed since the editor opened it; CURRENT is what is stored now."""

    def __init__(self, current: Session):
        super().__init__(f"session {current.pk} changed meanwhile")
        self.current = current


def session_version(session: Session) -> str:
    """An opaque token of the stored state the editor started from (the last save's time)."""
    return session.updated_at.isoformat() if session.updated_at else ""


def public_holidays(year: int) -> dict[dt.date, str]:
    """The Dutch public holidays of YEAR by date, named in Dutch (from the holidays package):
    Nieuwjaarsdag, Goede vrijdag, Pasen, Koningsdag, Hemelvaartsdag, Pinksteren, Kerst, and
    Bevrijdingsdag every year, the days the portal has always warned about.

    The package counts 5 May as a public holiday only in lustrum years (2025, 2030: many
    collective agreements give the day off only then) and puts the other years in its "optional"
    category, which holds nothing else for the Netherlands; it is asked for too, so 5 May warns
    every year, as it did. Two holidays on one day are named together ("Bevrijdingsdag;
    Hemelvaartsdag"), and before 2014 the package has Koninginnedag on 30 April, as it was."""
    calendar = holidays.country_holidays(
        "NL", years=year, categories=(holidays.PUBLIC, holidays.OPTIONAL), language="nl"
    )
    return dict(calendar)


def session_warnings(
    *, days: list[DayData], municipality_ids: list[int], exclude_session_id: int | None = None
) -> list[str]:
    """What a planner should confirm before saving: overlaps, past dates, weekends, holidays."""
    warnings = []
    today = timezone.localdate()
    for day in days:
        label = day.date.strftime("%d-%m-%Y")
        if day.date < today:
            warnings.append(_("%(date)s ligt in het verleden.") % {"date": label})
        if day.date.weekday() >= 5:
            warnings.append(_("%(date)s valt in het weekend.") % {"date": label})
        holiday = public_holidays(day.date.year).get(day.date)
        if holiday:
            warnings.append(_("%(date)s is een feestdag (%(name)s).") % {"date": label, "name": holiday})
    dates = [day.date for day in days]
    if dates and municipality_ids:
        overlaps = (
            SessionDay.objects.filter(date__in=dates, session__participations__municipality_id__in=municipality_ids)
            .exclude(session__status=Session.Status.CANCELLED)
            .exclude(session_id=exclude_session_id)
            .values_list("date", "session__title", "session__participations__municipality__name")
            .order_by("date", "session__title")
            .distinct()
        )
        for date, title, municipality in overlaps:
            if municipality is None:
                continue
            warnings.append(
                _("%(municipality)s zit op %(date)s al in de sessie “%(title)s”.")
                % {"municipality": municipality, "date": date.strftime("%d-%m-%Y"), "title": title}
            )
    return warnings


def _schedule_signature(session: Session) -> dict[int, tuple]:
    # Always from the database: the caller's instance may hold prefetched (stale) days.
    days = SessionDay.objects.filter(session_id=session.pk)
    return {day.pk: tuple(getattr(day, name) for name in DAY_FIELDS) for day in days}


@transaction.atomic
def session_save(
    *,
    session: Session,
    days: list[DayData],
    municipality_ids: list[int],
    user=None,
    removed_day_ids: set[int] = frozenset(),
    expected_version: str | None = None,
    notify: bool = True,
) -> Session:
    """Create or update a session with its days and municipalities.

    Days are edited in place: a day with an id updates that row, a day without one is added, and
    a day is removed only when its id is in REMOVED_DAY_IDS; days not mentioned stay as they are.
    With EXPECTED_VERSION (from the form the editor opened) a session that changed meanwhile is
    not overwritten: SessionConflict is raised and nothing is written.

    A session without days is "to be scheduled"; with days it is scheduled. Invitees already told
    get an update with a new .ics (and a cancellation of removed days) only when the schedule
    really changed, so saving a new title, or nothing at all, sends nothing."""
    is_new = session.pk is None
    before: dict[int, tuple] = {}
    existing: dict[int, SessionDay] = {}
    if not is_new:
        existing = _lock_unchanged(session=session, expected_version=expected_version)
        before = _schedule_signature(session)
        stored = _audited_state(Session.objects.get(pk=session.pk))
    elif user is not None:
        session.created_by = user
    removed = [existing[pk] for pk in removed_day_ids if pk in existing]
    removed_ids = {day.pk for day in removed}
    remaining = set(existing) - removed_ids or any(d.id not in existing for d in days if d.id not in removed_ids)
    if session.is_open:
        session.status = Session.Status.SCHEDULED if remaining else Session.Status.TO_SCHEDULE
    if is_new:
        session.save()
    else:
        session.save(update_fields=[*SESSION_FORM_FIELDS, "status", "updated_at"])
    _days_apply(session=session, days=days, existing=existing, removed_ids=removed_ids)
    _participations_apply(session=session, municipality_ids=municipality_ids)
    # The view's instance came with its days and municipalities prefetched: drop them, so the
    # notice below and the caller see what is stored now.
    for name in ("days", "participations", "municipalities"):
        getattr(session, "_prefetched_objects_cache", {}).pop(name, None)
    # Dates added to a session that was invited without them count as a change too.
    # NOTIFY False: the organiser chose to tell nobody (a typo fixed); the change is still audited.
    if notify and not is_new and before != _schedule_signature(session):
        _notify_invitees(session=session, occasion="update", removed_days=removed)
    _audit_changes(session=session, user=user, stored=None if is_new else stored, days_before=before)
    return session


def _audited_state(session: Session) -> dict:
    state = {name: str(getattr(session, Session._meta.get_field(name).attname)) for name in SESSION_FORM_FIELDS}
    state["municipalities"] = sorted(session.participations.values_list("municipality_id", flat=True))
    return state


def _audit_changes(*, session: Session, user, stored: dict | None, days_before: dict) -> None:
    # What really changed, by field name: saving an edit form back unchanged records nothing.
    if stored is None:
        audit_record(Action.SESSION_PLANNED, actor=user, obj=session, summary=session.title)
        return
    now = _audited_state(Session.objects.get(pk=session.pk))
    changed = [name for name in now if now[name] != stored[name]]
    if days_before != _schedule_signature(session):
        changed.append("days")
    if changed:
        audit_record(
            Action.SESSION_CHANGED, actor=user, obj=session, summary=", ".join(changed), changes={"fields": changed}
        )


def _lock_unchanged(*, session: Session, expected_version: str | None) -> dict[int, SessionDay]:
    """Lock the stored session and return its days by id; SessionConflict when it is no longer
    the version the editor opened (EXPECTED_VERSION, when given).

    The row lock serialises editors of one session: the version check and the SEQUENCE raise in
    _notify_invitees cannot interleave with another save."""
    current = Session.objects.select_for_update().get(pk=session.pk)
    if expected_version is not None and expected_version != session_version(current):
        raise SessionConflict(current)
    return {day.pk: day for day in SessionDay.objects.filter(session_id=session.pk)}


def _participations_apply(*, session: Session, municipality_ids: list[int]) -> None:
    current_ids = set(session.participations.values_list("municipality_id", flat=True))
    wanted = set(municipality_ids)
    session.participations.filter(municipality_id__in=current_ids - wanted).delete()
    SessionMunicipality.objects.bulk_create(
        SessionMunicipality(session=session, municipality_id=pk) for pk in wanted - current_ids
    )


def _copied_onto_days(*, session: Session) -> None:
    """A copied session's programme items and workshops go to the day they were on in the
    original (by number), once the copy has that many days."""
    days = list(SessionDay.objects.filter(session=session).order_by("date", "start_time"))
    for model in (ProgrammeItem, Workshop):
        waiting = model.objects.filter(session=session, day__isnull=True, day_number__isnull=False)
        for number, day in enumerate(days, start=1):
            waiting.filter(day_number=number).update(day=day, day_number=None)


def _attend_new_day(*, session: Session, day: SessionDay) -> None:
    """Who said they come to every day so far comes to a day added after: those who came to
    the whole session, or answered before it had dates. Who chose some days is asked nothing."""
    others = SessionDay.objects.filter(session=session).exclude(pk=day.pk).count()
    whole = (
        session.invitations.filter(answer=Invitation.Answer.ACCEPTED)
        .annotate(n_days=Count("attending_days"))
        .filter(n_days=others)
        .values_list("pk", flat=True)
    )
    InvitationDay.objects.bulk_create(InvitationDay(invitation_id=pk, day=day) for pk in whole)


def _days_apply(*, session: Session, days: list[DayData], existing: dict, removed_ids: set[int]) -> None:
    for data in days:
        if data.id in removed_ids:
            continue
        row = existing.get(data.id) if data.id is not None else None
        if row is None:
            # A day without id is new; one whose row has gone (removed by someone else) is kept
            # as a new day rather than lost: the editor can still remove it.
            day = SessionDay.objects.create(session=session, **data.values())
            _attend_new_day(session=session, day=day)
            continue
        changed = [name for name, value in data.values().items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, getattr(data, name))
        if changed:
            row.save(update_fields=changed)
    if removed_ids:
        SessionDay.objects.filter(session=session, pk__in=removed_ids).delete()
    _copied_onto_days(session=session)


@transaction.atomic
def session_cancel(*, session: Session, user=None) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        return session
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    _notify_invitees(session=session, occasion="cancel")
    audit_record(Action.SESSION_CANCELLED, actor=user, obj=session, summary=session.title)
    return session


def _notify_invitees(*, session: Session, occasion: str, removed_days: list[SessionDay] = ()) -> int:
    """Update or cancellation notice to everyone already invited, with a new .ics: METHOD:REQUEST
    for the days that remain and METHOD:CANCEL for days removed (or for all, when cancelled).

    Runs inside the caller's transaction with the session row locked, so SEQUENCE goes up by
    exactly one per change and every file of one change carries the same number."""
    Session.objects.filter(pk=session.pk).update(sequence=F("sequence") + 1)
    session.sequence = Session.objects.values_list("sequence", flat=True).get(pk=session.pk)
    from sessions.selectors import notice_recipients

    invitations = list(notice_recipients(session=session).select_related("contact"))
    days = list(SessionDay.objects.filter(session_id=session.pk).order_by("date", "start_time"))
    attachments = []
    if occasion == "cancel":
        if days:
            attachments.append(Attachment("sessie.ics", session_ics(session=session, days=days, method="CANCEL")))
    else:
        if days:
            attachments.append(Attachment("sessie.ics", session_ics(session=session, days=days)))
        if removed_days:
            cancelled = session_ics(session=session, days=list(removed_days), method="CANCEL")
            attachments.append(Attachment("vervallen-dagen.ics", cancelled))
    template = "sessions_cancellation" if occasion == "cancel" else "sessions_update"
    removed = sorted(removed_days, key=lambda day: (day.date, day.start_time))
    own_days = _own_days(invitations, days) if occasion != "cancel" else {}
    files: dict[frozenset, list] = {}
    for invitation in invitations:
        chosen = own_days.get(invitation.pk)
        if chosen is None:  # every day: the session's own files
            mine, extra = attachments, {}
        else:  # only some days: their calendar holds those, and the mail names those
            key = frozenset(day.pk for day in chosen)
            if key not in files:
                others = [a for a in attachments if a.filename != "sessie.ics"]
                files[key] = [Attachment("sessie.ics", session_ics(session=session, days=chosen)), *others]
            mine, extra = files[key], {"days": chosen}
        invitee_mail_queue(
            invitation, session, f"{occasion}:{session.sequence}", template, mine, removed_days=removed, **extra
        )
    return len(invitations)


def _own_days(invitations: list[Invitation], days: list[SessionDay]) -> dict[int, list[SessionDay]]:
    """For who accepted only some of DAYS: {invitation id: those days}; everyone else is absent."""
    chosen: dict[int, set[int]] = {}
    rows = InvitationDay.objects.filter(invitation__in=[i.pk for i in invitations if i.answer == "accepted"])
    for invitation_id, day_id in rows.values_list("invitation_id", "day_id"):
        chosen.setdefault(invitation_id, set()).add(day_id)
    every = {day.pk for day in days}
    return {pk: [d for d in days if d.pk in ids] for pk, ids in chosen.items() if ids and ids != every}


@transaction.atomic
def municipality_plan_save(
    *, municipality: Municipality, own_trajectory: bool, note: str, user=None
) -> MunicipalityPlan:
    plan = MunicipalityPlan.objects.select_for_update().filter(municipality=municipality).first()
    if plan is not None and (plan.own_trajectory, plan.note) == (own_trajectory, note):
        return plan  # nothing changed: who last changed it stays on record
    plan, _created = MunicipalityPlan.objects.update_or_create(
        municipality=municipality, defaults={"own_trajectory": own_trajectory, "note": note, "updated_by": user}
    )
    return plan


@transaction.atomic
def seats_save(*, session: Session, seats: dict[int, list[str]]) -> None:
    """Which kinds of organisation should be at the table, per participating municipality."""
    valid = set(Organisation.Type.values)
    for participation in session.participations.all():
        if participation.municipality_id not in seats:
            continue  # not on the page that was posted: left as it is
        wanted = [t for t in seats[participation.municipality_id] if t in valid]
        if wanted != participation.seat_types:
            participation.seat_types = wanted
            participation.save(update_fields=["seat_types"])
