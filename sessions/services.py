"""Writes of the sessions app: planning, invitations, answers, allocation and scheduled messages.

Every email goes through the outbox with a key naming the occasion and the invitation, so a
message goes out once per person and occasion however often beat or a retried task asks.
"""

import datetime as dt
import random
import re
import secrets
from dataclasses import dataclass

from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from heatportal.mail.services import Attachment, email_queue
from heatportal.tasks import enqueue_on_commit
from municipalities.models import Contact, Municipality, Organisation
from sessions.ical import public_holidays, session_ics
from sessions.models import (
    Invitation,
    MunicipalityPlan,
    ProgrammeItem,
    Session,
    SessionDay,
    SessionMunicipality,
    SignupRequest,
    Workshop,
    WorkshopPreference,
)

ANSWER_SALT = "sessions.answer"
ANSWER_LINK_MAX_AGE = 60 * 60 * 24 * 365  # a year: the deadline, not the link, ends answering
NUDGE_DAYS_BEFORE_DEADLINE = 3
THANKS_WITHIN_DAYS = 14


@dataclass(frozen=True)
class DayData:
    date: dt.date
    start_time: dt.time
    end_time: dt.time
    venue: str = ""
    address: str = ""
    online_url: str = ""
    # The SessionDay this row is, when it exists already; None for a day to add.
    id: int | None = None

    def values(self) -> dict:
        return {name: getattr(self, name) for name in DAY_FIELDS}


DAY_FIELDS = ("date", "start_time", "end_time", "venue", "address", "online_url")
# Fields the session form edits; a save writes only these, so it cannot undo what another
# process changed meanwhile on the same row (sequence, allocation, status).
SESSION_FORM_FIELDS = (
    "kind",
    "title",
    "description",
    "organiser_province",
    "organiser_name",
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


# --- Planning -----------------------------------------------------------------------------
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
        # The row lock serialises editors of one session: the version check and the SEQUENCE
        # raise below cannot interleave with another save.
        current = Session.objects.select_for_update().get(pk=session.pk)
        if expected_version is not None and expected_version != session_version(current):
            raise SessionConflict(current)
        existing = {day.pk: day for day in SessionDay.objects.filter(session_id=session.pk)}
        before = _schedule_signature(session)
    elif user is not None:
        session.created_by = user
    removed = [existing[pk] for pk in removed_day_ids if pk in existing]
    removed_ids = {day.pk for day in removed}
    remaining = set(existing) - removed_ids or any(d.id not in existing for d in days if d.id not in removed_ids)
    if session.status in (Session.Status.TO_SCHEDULE, Session.Status.SCHEDULED):
        session.status = Session.Status.SCHEDULED if remaining else Session.Status.TO_SCHEDULE
    if is_new:
        session.save()
    else:
        session.save(update_fields=[*SESSION_FORM_FIELDS, "status", "updated_at"])
    _days_apply(session=session, days=days, existing=existing, removed_ids=removed_ids)
    current_ids = set(session.participations.values_list("municipality_id", flat=True))
    wanted = set(municipality_ids)
    session.participations.filter(municipality_id__in=current_ids - wanted).delete()
    SessionMunicipality.objects.bulk_create(
        SessionMunicipality(session=session, municipality_id=pk) for pk in wanted - current_ids
    )
    # The view's instance came with its days and municipalities prefetched: drop them, so the
    # notice below and the caller see what is stored now.
    for name in ("days", "participations", "municipalities"):
        getattr(session, "_prefetched_objects_cache", {}).pop(name, None)
    # Dates added to a session that was invited without them count as a change too.
    if not is_new and before != _schedule_signature(session):
        _notify_invitees(session=session, occasion="update", removed_days=removed)
    return session


def _days_apply(*, session: Session, days: list[DayData], existing: dict, removed_ids: set[int]) -> None:
    for data in days:
        if data.id in removed_ids:
            continue
        row = existing.get(data.id) if data.id is not None else None
        if row is None:
            # A day without id is new; one whose row has gone (removed by someone else) is kept
            # as a new day rather than lost: the editor can still remove it.
            SessionDay.objects.create(session=session, **data.values())
            continue
        changed = [name for name, value in data.values().items() if getattr(row, name) != value]
        for name in changed:
            setattr(row, name, getattr(data, name))
        if changed:
            row.save(update_fields=changed)
    if removed_ids:
        SessionDay.objects.filter(session=session, pk__in=removed_ids).delete()


@transaction.atomic
def session_cancel(*, session: Session, user=None) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status == Session.Status.CANCELLED:
        return session
    session.status = Session.Status.CANCELLED
    session.save(update_fields=["status", "updated_at"])
    _notify_invitees(session=session, occasion="cancel")
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
    for invitation in invitations:
        _queue(invitation, session, f"{occasion}:{session.sequence}", template, attachments, removed_days=removed)
    return len(invitations)


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


@transaction.atomic
def programme_item_add(
    *, session: Session, title: str, start_time=None, speaker: str = "", format: str = "plenary", day=None
) -> ProgrammeItem:
    return ProgrammeItem.objects.create(
        session=session, title=title, start_time=start_time, speaker=speaker, format=format, day=day
    )


@transaction.atomic
def workshop_add(*, session: Session, title: str, capacity: int, description: str = "") -> Workshop:
    return Workshop.objects.create(session=session, title=title, capacity=capacity, description=description)


# --- Invitees -----------------------------------------------------------------------------
LINE_RE = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<\s*(?P<email>[^<>\s]+)\s*>\s*$")


def invitee_lines_parse(
    text: str,
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """Pasted "Name <email>" lines: good [(name, email, line)], bad [(line, reason)] to correct,
    and duplicates [(line, reason)] of an earlier line in the same paste (skipped)."""
    good, bad, duplicates, seen = [], [], [], set()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = LINE_RE.match(line)
        if not match:
            bad.append((line, _("Gebruik de vorm: Naam <e-mailadres>.")))
            continue
        name, email = match["name"].strip().strip(",;"), match["email"].lower()
        try:
            validate_email(email)
        except ValidationError:
            bad.append((line, _("Ongeldig e-mailadres.")))
            continue
        if not name:
            bad.append((line, _("Naam ontbreekt.")))
            continue
        if email in seen:
            duplicates.append((line, _("dubbel in de lijst")))
            continue
        seen.add(email)
        good.append((name, email, line))
    return good, bad, duplicates


def contact_for_invitee(*, name: str, email: str, organisation: Organisation | None = None) -> Contact:
    """The contact with this address (at this organisation, if given), created when new."""
    contacts = Contact.objects.filter(email__iexact=email)
    if organisation is not None:
        contacts = contacts.filter(organisation=organisation)
    contact = contacts.order_by("pk").first()
    if contact is None:
        contact = Contact.objects.create(name=name, email=email.lower(), organisation=organisation)
    return contact


@transaction.atomic
def invitations_add(*, session: Session, contacts: list[Contact], user=None) -> list[Invitation]:
    """Invite CONTACTS (those already invited are skipped). Sending is a separate step."""
    existing = set(session.invitations.values_list("contact_id", flat=True))
    new = [
        Invitation(session=session, contact=contact, invited_by=user)
        for contact in {c.pk: c for c in contacts}.values()
        if contact.pk not in existing
    ]
    return Invitation.objects.bulk_create(new)


@dataclass(frozen=True)
class PasteResult:
    added: list[Invitation]
    bad: list[tuple[str, str]]  # (line, reason): not added, to correct
    skipped: list[tuple[str, str]]  # (line, reason): already invited, or twice in the paste


@transaction.atomic
def invitations_paste(*, session: Session, text: str, user=None) -> PasteResult:
    good, bad, skipped = invitee_lines_parse(text)
    invited = set(session.invitations.values_list("contact_id", flat=True))
    contacts = []
    for name, email, line in good:
        contact = contact_for_invitee(name=name, email=email)
        if contact.pk in invited:
            skipped.append((line, _("al uitgenodigd")))
        else:
            contacts.append(contact)
    added = invitations_add(session=session, contacts=contacts, user=user)
    return PasteResult(added=added, bad=bad, skipped=skipped)


def invitation_batch(session: Session) -> str:
    return f"session-{session.pk}-invitations"


@transaction.atomic
def invitations_send(*, session: Session) -> int:
    """Mark the unsent invitations of SESSION as requested and hand them to Celery after commit;
    the web request sends nothing. Returns how many are waiting to be queued."""
    from sessions.tasks import queue_invitations

    session.invitations.filter(email__isnull=True, send_requested_at__isnull=True).update(
        send_requested_at=timezone.now()
    )
    count = session.invitations.filter(email__isnull=True).count()
    if count:
        enqueue_on_commit(queue_invitations, session.pk)
    return count


def answer_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "s": invitation.session_id}, salt=ANSWER_SALT, compress=True)


def answer_url(invitation: Invitation) -> str:
    from django.conf import settings

    return settings.SITE_URL + reverse("sessions:answer", kwargs={"token": answer_token(invitation)})


def invitation_from_token(token: str) -> Invitation:
    """The invitation of a signed answer link. Raises signing.SignatureExpired / BadSignature,
    or Invitation.DoesNotExist when it was withdrawn or the person erased."""
    data = signing.loads(token, salt=ANSWER_SALT, max_age=ANSWER_LINK_MAX_AGE)
    return Invitation.objects.select_related("session", "contact", "workshop").get(pk=data["i"], session_id=data["s"])


def session_from_expired_token(token: str) -> Session | None:
    """The session of an answer link whose signature is genuine but too old, so the expired-link
    page can name the session and its organiser; None when that cannot be read any more."""
    try:
        data = signing.loads(token, salt=ANSWER_SALT, max_age=None)
    except signing.BadSignature:
        return None
    return Session.objects.select_related("organiser_province").filter(pk=data.get("s")).first()


def _context(invitation: Invitation, session: Session) -> dict:
    return {
        "session": session,
        "days": list(session.days.all()),
        "invitation": invitation,
        "contact": invitation.contact,
        "answer_url": answer_url(invitation),
        "session_url": session.get_absolute_url(),
    }


def _queue(
    invitation: Invitation, session: Session, occasion: str, template: str, attachments=(), batch: str = "", **extra
):
    return email_queue(
        key=f"session:{session.pk}:{occasion}:{invitation.pk}",
        to_email=invitation.contact.email,
        to_name=invitation.contact.name,
        template=template,
        context={**_context(invitation, session), **extra},
        attachments=list(attachments),
        batch=batch,
    )


def invitations_queue_emails(*, session_id: int) -> int:
    """Queue the invitation email of every requested invitation not yet queued (Celery task body)."""
    session = Session.objects.select_related("organiser_province").get(pk=session_id)
    if session.status == Session.Status.CANCELLED:
        return 0
    has_days = session.days.exists()
    attachments = [Attachment("sessie.ics", session_ics(session=session))] if has_days else []
    queued = 0
    requested = session.invitations.filter(email__isnull=True, send_requested_at__isnull=False)
    for invitation in requested.select_related("contact"):
        with transaction.atomic():
            email, _created = _queue(
                invitation, session, "invitation", "sessions_invitation", attachments, invitation_batch(session)
            )
            Invitation.objects.filter(pk=invitation.pk).update(email=email)
        queued += 1
    return queued


def invitations_queue_lost() -> int:
    """Queue the invitations whose queueing task was lost (broker down when they were sent, Redis
    restart, dead worker): requested over INVITATIONS_LOST_AFTER_SECONDS ago and still not in the
    outbox. Beat runs this every minute; a batch still being queued is safe to run alongside."""
    from django.conf import settings

    stale = timezone.now() - dt.timedelta(seconds=settings.INVITATIONS_LOST_AFTER_SECONDS)
    lost = Invitation.objects.filter(email__isnull=True, send_requested_at__lt=stale).exclude(
        session__status=Session.Status.CANCELLED
    )
    return sum(
        invitations_queue_emails(session_id=session_id)
        for session_id in sorted(set(lost.values_list("session_id", flat=True)))
    )


def answer_open(invitation: Invitation) -> bool:
    session = invitation.session
    if not session.is_open:
        return False
    return session.answer_deadline is None or timezone.localdate() <= session.answer_deadline


@transaction.atomic
def invitation_answer(*, invitation: Invitation, accept: bool, ranking: list[int] = ()) -> Invitation:
    """Accept (with a workshop ranking, best first) or decline; changeable until the deadline."""
    invitation = Invitation.objects.select_for_update().select_related("session").get(pk=invitation.pk)
    if not answer_open(invitation):
        raise ValidationError(_("De termijn om te reageren is voorbij."))
    invitation.answer = Invitation.Answer.ACCEPTED if accept else Invitation.Answer.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at"])
    invitation.preferences.all().delete()
    if accept:
        workshops = set(invitation.session.workshops.values_list("pk", flat=True))
        ordered = [pk for pk in dict.fromkeys(ranking) if pk in workshops]
        WorkshopPreference.objects.bulk_create(
            WorkshopPreference(invitation=invitation, workshop_id=pk, rank=rank)
            for rank, pk in enumerate(ordered, start=1)
        )
    return invitation


# --- Sign-up requests (invitation-only sessions) ------------------------------------------
# An anonymous form: nothing it stores goes into the stakeholder register before staff approve,
# and what it shows never says whether an address is known (the page is the same in every case).
@transaction.atomic
def signup_request_create(
    *, session: Session, name: str, email: str, organisation_name: str = "", motivation: str = ""
) -> SignupRequest | None:
    """Store a request, or update the pending one of the same address (asking twice is one
    request). An address already invited gets a kind email with its answer link instead, and
    no request: None."""
    email = email.strip().lower()
    invitation = session.invitations.filter(contact__email__iexact=email).select_related("contact").first()
    if invitation is not None:
        _already_invited_notice(invitation=invitation, session=session)
        return None
    values = {"name": name, "organisation_name": organisation_name, "motivation": motivation}
    pending = SignupRequest.objects.select_for_update().filter(
        session=session, email__iexact=email, status=SignupRequest.Status.PENDING
    )
    signup = pending.first()
    if signup is None:
        try:
            with transaction.atomic():
                return SignupRequest.objects.create(session=session, email=email, **values)
        except IntegrityError:  # the same address sent at the same moment: merge into that one
            signup = pending.get()
    for field, value in values.items():
        setattr(signup, field, value)
    signup.save(update_fields=list(values))
    return signup


def _already_invited_notice(*, invitation: Invitation, session: Session) -> None:
    """Once a day at most, so the form cannot be used to flood an invitee's mailbox."""
    email_queue(
        key=f"session:{session.pk}:already-invited:{invitation.pk}:{timezone.localdate():%Y%m%d}",
        to_email=invitation.contact.email,
        to_name=invitation.contact.name,
        template="sessions_already_invited",
        context={
            **_context(invitation, session),
            # The link only once staff sent the invitation: until then they may still change the list.
            "answer_url": answer_url(invitation) if invitation.email_id else "",
        },
    )


@transaction.atomic
def signup_request_decide(*, signup: SignupRequest, approve: bool, user=None) -> SignupRequest:
    """Approval puts the person in the register and invites them (the invitation goes out
    through Celery); rejection tells them and leaves the register untouched."""
    signup = SignupRequest.objects.select_for_update().select_related("session").get(pk=signup.pk)
    if signup.status != SignupRequest.Status.PENDING:
        return signup
    signup.status = SignupRequest.Status.APPROVED if approve else SignupRequest.Status.REJECTED
    signup.decided_by, signup.decided_at = user, timezone.now()
    fields = ["status", "decided_by", "decided_at"]
    if approve:
        signup.contact = contact_for_invitee(name=signup.name, email=signup.email)
        fields.append("contact")
    signup.save(update_fields=fields)
    if approve:
        invitations_add(session=signup.session, contacts=[signup.contact], user=user)
        invitations_send(session=signup.session)
    else:
        email_queue(
            key=f"session:{signup.session_id}:request-rejected:{signup.pk}",
            to_email=signup.email,
            to_name=signup.name,
            template="sessions_request_rejected",
            context={"session": signup.session, "contact": {"name": signup.name}},
        )
    return signup


# --- Workshop allocation ------------------------------------------------------------------
@transaction.atomic
def workshop_allocate(*, session: Session, seed: str | None = None) -> dict[int, int | None]:
    """Random serial dictatorship: a lottery (seed stored for audit) orders the attendees; each in
    turn gets their highest-ranked workshop with a place left, or else the one with most room.
    Nobody's chance depends on how fast they answered. Returns {invitation id: workshop id}."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    workshops = list(session.workshops.all())
    if session.allocated_at is not None or not workshops:
        return dict(session.invitations.filter(answer=Invitation.Answer.ACCEPTED).values_list("pk", "workshop_id"))
    session.allocation_seed = seed or secrets.token_hex(16)
    attendees = list(
        session.invitations.filter(answer=Invitation.Answer.ACCEPTED).prefetch_related("preferences").order_by("pk")
    )
    random.Random(session.allocation_seed).shuffle(attendees)
    room = {w.pk: w.capacity for w in workshops}
    result = {}
    for position, invitation in enumerate(attendees, start=1):
        ranked = [p.workshop_id for p in sorted(invitation.preferences.all(), key=lambda p: p.rank)]
        choice = next((pk for pk in ranked if room.get(pk, 0) > 0), None)
        if choice is None:
            choice = max(room, key=lambda pk: room[pk]) if any(room.values()) else None
            choice = choice if choice is not None and room[choice] > 0 else None
        if choice is not None:
            room[choice] -= 1
        invitation.workshop_id, invitation.lottery_position = choice, position
        result[invitation.pk] = choice
    Invitation.objects.bulk_update(attendees, ["workshop", "lottery_position"])
    session.allocated_at = timezone.now()
    session.save(update_fields=["allocation_seed", "allocated_at", "updated_at"])
    return result


def _allocation_due(session: Session, today: dt.date, first_day: dt.date | None) -> bool:
    if session.answer_deadline is not None:
        return today > session.answer_deadline
    return first_day is not None and (first_day - today).days <= 2


# --- Attendance ---------------------------------------------------------------------------
def attendance_refusal(session: Session) -> str:
    """Why attendance cannot be recorded for SESSION now, or "" when it can: only for a scheduled
    (or already held) session whose first day is today or earlier (Europe/Amsterdam)."""
    if session.status == Session.Status.CANCELLED:
        return _("Deze sessie is geannuleerd; er valt geen aanwezigheid te registreren.")
    if session.status == Session.Status.TO_SCHEDULE:
        return _("Deze sessie heeft nog geen data; aanwezigheid registreren kan vanaf de eerste sessiedag.")
    first = min((day.date for day in session.days.all()), default=None)
    if first is None:
        return _("Deze sessie heeft nog geen data; aanwezigheid registreren kan vanaf de eerste sessiedag.")
    if first > timezone.localdate():
        return _("Aanwezigheid registreren kan vanaf de eerste sessiedag (%(date)s).") % {
            "date": date_format(first, "l j F Y")
        }
    return ""


@transaction.atomic
def attendance_save(*, session: Session, attended_ids: set[int], nobody_attended: bool = False) -> Session:
    """Tick who attended; the session is then held. Refused (ValidationError) for a cancelled,
    unscheduled or future session, and when nobody is ticked unless NOBODY_ATTENDED says so."""
    session = Session.objects.select_for_update().prefetch_related("days").get(pk=session.pk)
    refusal = attendance_refusal(session)
    if refusal:
        raise ValidationError(refusal)
    invitations = list(session.invitations.filter(answer=Invitation.Answer.ACCEPTED))
    ticked = {invitation.pk for invitation in invitations} & set(attended_ids)
    if not ticked and not nobody_attended:
        raise ValidationError(_("Vink aan wie er waren, of vink “Niemand was aanwezig” aan."))
    if ticked and nobody_attended:
        raise ValidationError(_("U vinkte aanwezigen én “Niemand was aanwezig” aan; kies één van beide."))
    for invitation in invitations:
        invitation.attended = invitation.pk in ticked
    Invitation.objects.bulk_update(invitations, ["attended"])
    if session.status != Session.Status.HELD:
        session.status = Session.Status.HELD
        session.save(update_fields=["status", "updated_at"])
    return session


# --- Scheduled messages (beat) ------------------------------------------------------------
def due_messages_send(*, today: dt.date | None = None) -> dict[str, int]:
    """Scan for what is due and queue it. Keys make every message once per person and occasion."""
    today = today or timezone.localdate()
    counts = {"invitation": 0, "reminder": 0, "nudge": 0, "allocation": 0, "thanks": 0}
    counts["invitation"] = invitations_queue_lost()
    sessions = (
        Session.objects.filter(status__in=[Session.Status.SCHEDULED, Session.Status.HELD])
        .filter(days__date__gte=today - dt.timedelta(days=THANKS_WITHIN_DAYS))
        .distinct()
        .prefetch_related("days", "workshops")
    )
    for session in sessions:
        days = list(session.days.all())
        first, last = days[0].date, days[-1].date
        invitations = session.invitations.filter(email__isnull=False).select_related("contact", "workshop")
        accepted = invitations.filter(answer=Invitation.Answer.ACCEPTED)
        if session.status == Session.Status.SCHEDULED:
            until = (first - today).days
            due = sorted(n for n in session.reminder_days if 0 < until <= n)
            if due:
                for invitation in accepted:
                    counts["reminder"] += _queue(invitation, session, f"reminder:{due[0]}d", "sessions_reminder")[1]
            deadline = session.answer_deadline
            if deadline and 0 <= (deadline - today).days <= NUDGE_DAYS_BEFORE_DEADLINE:
                for invitation in invitations.filter(answer=Invitation.Answer.PENDING).exclude(email__status="failed"):
                    counts["nudge"] += _queue(invitation, session, "nudge", "sessions_nudge")[1]
            if session.workshops.all() and _allocation_due(session, today, first):
                workshop_allocate(session=session)
                for invitation in accepted.filter(workshop__isnull=False):
                    counts["allocation"] += _queue(invitation, session, "allocation", "sessions_allocation")[1]
        elif session.status == Session.Status.HELD and last < today:
            for invitation in accepted.exclude(attended=False):
                counts["thanks"] += _queue(invitation, session, "thanks", "sessions_thanks")[1]
    return counts
