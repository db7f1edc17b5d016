"""Writes for the progress of municipalities: every change goes through one of these functions,
which records who made it (django-simple-history's history_user), also outside web requests."""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models.functions import Trim
from django.utils import formats, timezone, translation
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from accounts.models import Role
from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from heatportal.mail.services import email_queue
from municipalities.models import Municipality
from outcomes.models import WijkDirection
from outcomes.selectors import overdue_actions
from progress.deadlines import deadlines_coming, deadlines_refresh
from progress.models import Deadline, Initiative, Neighbourhood, Progress, ProgressComment
from progress.selectors.history import change_log, comments_between

# What the law's deadlines (progress.deadlines) are worked out from.
ADOPTION_FIELDS = {"vision_status", "vision_adopted_on", "programme_status", "programme_adopted_on"}
# The council decision behind an adoption; adding or changing it is audited (PROGRESS_EVIDENCE).
EVIDENCE_FIELDS = {"vision_decision_url", "vision_decision_file", "programme_decision_url", "programme_decision_file"}


def _progress_locked(*, municipality: Municipality, user) -> Progress:
    """The municipality's progress row, locked for this transaction; created on first use."""
    progress = Progress.objects.select_for_update().filter(municipality=municipality).first()
    if progress is not None:
        return progress
    try:
        with transaction.atomic():  # savepoint: a concurrent first edit may create the row too
            progress = Progress(municipality=municipality)
            progress._history_user = user
            progress.save()
            return progress
    except IntegrityError:
        # The other request won the unique constraint; wait for its lock and carry on with its row.
        return Progress.objects.select_for_update().get(municipality=municipality)


def _touch(*, municipality: Municipality, user) -> None:
    """Move "last update" of the municipality without adding a history record."""
    _progress_locked(municipality=municipality, user=user)
    Progress.objects.filter(municipality=municipality).update(updated_at=timezone.now())


@transaction.atomic
def progress_update(*, municipality: Municipality, user, values: dict) -> Progress:
    """Set progress fields (vision, warmteprogramma, revision, flag); saves only what differs."""
    progress = _progress_locked(municipality=municipality, user=user)
    changed = [name for name, value in values.items() if getattr(progress, name) != value]
    if changed:
        for name in changed:
            setattr(progress, name, values[name])
        progress._history_user = user
        progress.save(update_fields=[*changed, "updated_at"])
        if ADOPTION_FIELDS & set(changed):
            deadlines_refresh(municipality_ids=[municipality.pk])
        for name in sorted(EVIDENCE_FIELDS & set(changed)):
            audit_record(
                Action.PROGRESS_EVIDENCE,
                actor=user,
                obj=progress,
                summary=f"{municipality}: {progress._meta.get_field(name).verbose_name}",
                changes={"field": name},
            )
        for name in {"vision_status", "programme_status"} & set(changed):
            if values[name] == "adopted":
                audit_record(
                    Action.PROGRESS_ADOPTED,
                    actor=user,
                    obj=progress,
                    summary=f"{municipality}: {progress._meta.get_field(name).verbose_name}",
                    changes={"field": name},
                )
    return progress


@transaction.atomic
def progress_flag(*, municipality: Municipality, user, flagged: bool, reason: str = "") -> Progress:
    return progress_update(
        municipality=municipality, user=user, values={"flagged": flagged, "flag_reason": reason if flagged else ""}
    )


@transaction.atomic
def municipality_dwellings_set(*, municipality: Municipality, user, dwellings: int | None) -> Municipality:
    municipality = Municipality.objects.select_for_update().get(pk=municipality.pk)
    if municipality.dwellings != dwellings:
        municipality.dwellings = dwellings
        municipality._history_user = user
        municipality.save(update_fields=["dwellings"])
        _touch(municipality=municipality, user=user)
    return municipality


def _save_child(instance, *, user, values: dict):
    for name, value in values.items():
        setattr(instance, name, value)
    instance._history_user = user
    instance.save()
    _touch(municipality=instance.municipality, user=user)
    return instance


@transaction.atomic
def neighbourhood_save(
    *, municipality: Municipality, user, values: dict, neighbourhood: Neighbourhood | None = None
) -> Neighbourhood:
    """Create a wijk (no NEIGHBOURHOOD) or update one of MUNICIPALITY's wijken."""
    if neighbourhood is None:
        neighbourhood = Neighbourhood(municipality=municipality)
    elif neighbourhood.municipality_id != municipality.pk:
        raise ValueError("neighbourhood belongs to another municipality")
    return _save_child(neighbourhood, user=user, values=values)


@transaction.atomic
def neighbourhood_delete(*, neighbourhood: Neighbourhood, user) -> None:
    neighbourhood._history_user = user
    municipality = neighbourhood.municipality
    neighbourhood.delete()
    _touch(municipality=municipality, user=user)


# simple_history's history_change_reason holds 100 characters.
CHANGE_REASON_LENGTH = 100


def _adoption_reason(direction: WijkDirection) -> str:
    """'Overgenomen uit sessie “<name>” (<first day>)', in Dutch like the rest of the record,
    the session's name shortened to fit the history's column."""
    first_day = direction.session.days.order_by("date").values_list("date", flat=True).first()
    with translation.override(settings.LANGUAGE_CODE):
        day = f" ({formats.date_format(first_day, 'j F Y')})" if first_day else ""
        template = _("Overgenomen uit sessie “%(name)s”%(day)s")
        room = CHANGE_REASON_LENGTH - len(template % {"name": "", "day": day})
        name = Truncator(direction.session.title).chars(room)
        return template % {"name": name, "day": day}


@transaction.atomic
def direction_adopt(*, direction: WijkDirection, user) -> Neighbourhood | None:
    """Adopt a wijk direction agreed in a session into the municipality's wijk records: the wijk
    of that name (trimmed, any case) gets its alternative and insulation-first, or is created.
    Its history record names the session as the source. Adopting it again changes nothing and
    returns the wijk it went into (None if that wijk was deleted since)."""
    # Locks the direction's row only, not its session's and municipality's that come along.
    locked = WijkDirection.objects.select_for_update(of=("self",)).select_related("session", "municipality")
    direction = locked.get(pk=direction.pk)
    municipality = direction.municipality
    if not user.has_perm("progress.change_progress", municipality):
        raise PermissionDenied
    if direction.adopted_at is not None:
        return Neighbourhood.objects.filter(pk=direction.adopted_neighbourhood_id).first()
    # Adoptions in one municipality one at a time: two directions for a wijk not yet recorded
    # must not each create it.
    _progress_locked(municipality=municipality, user=user)
    name = direction.neighbourhood_name.strip()
    wijken = Neighbourhood.objects.select_for_update().annotate(trimmed=Trim("name"))
    neighbourhood = wijken.filter(municipality=municipality, trimmed__iexact=name).order_by("pk").first()
    values = {"alternative": direction.alternative, "insulation_first": direction.insulation_first}
    if neighbourhood is None:
        neighbourhood = Neighbourhood(municipality=municipality, name=name)
    if neighbourhood.pk is None or any(getattr(neighbourhood, k) != v for k, v in values.items()):
        neighbourhood._change_reason = _adoption_reason(direction)
        _save_child(neighbourhood, user=user, values=values)
    direction.adopted_at, direction.adopted_by = timezone.now(), user
    direction.adopted_neighbourhood_id = neighbourhood.pk
    direction._history_user = user
    direction.save(update_fields=["adopted_at", "adopted_by", "adopted_neighbourhood_id", "updated_at"])
    audit_record(
        Action.DIRECTION_ADOPTED,
        actor=user,
        obj=direction,
        summary=f"{municipality}: {neighbourhood.name} ({direction.session})",
        changes={"neighbourhood": neighbourhood.pk, "session": direction.session_id, **values},
    )
    return neighbourhood


@transaction.atomic
def initiative_save(
    *, municipality: Municipality, user, values: dict, initiative: Initiative | None = None
) -> Initiative:
    if initiative is None:
        initiative = Initiative(municipality=municipality)
    elif initiative.municipality_id != municipality.pk:
        raise ValueError("initiative belongs to another municipality")
    return _save_child(initiative, user=user, values=values)


@transaction.atomic
def initiative_delete(*, initiative: Initiative, user) -> None:
    initiative._history_user = user
    municipality = initiative.municipality
    initiative.delete()
    _touch(municipality=municipality, user=user)


@transaction.atomic
def comment_add(*, municipality: Municipality, user, body: str) -> ProgressComment:
    return ProgressComment.objects.create(municipality=municipality, author=user, body=body.strip())


# --- Monthly digest -------------------------------------------------------------------------
def previous_month(today: dt.date) -> tuple[dt.date, dt.date]:
    """First day of last month and first day of this month."""
    this_month = today.replace(day=1)
    last_month = (this_month - dt.timedelta(days=1)).replace(day=1)
    return last_month, this_month


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def monthly_digests_send(*, now: dt.datetime | None = None) -> int:
    """Queue last month's digest for every active regional coordinator. Returns how many were
    newly queued; the outbox key digest:<month>:<user> makes every later run a no-op."""
    today = timezone.localdate(now or timezone.now())
    first, next_first = previous_month(today)
    since, until = _aware(first), _aware(next_first)
    roles = (
        Role.objects.active(today=today)
        .filter(kind=Role.Kind.REGIONAL_COORDINATOR, user__is_active=True)
        .select_related("user", "res_region")
        .order_by("user_id", "res_region__name")
    )
    regions_by_user: dict = {}
    for role in roles:
        regions_by_user.setdefault(role.user, []).append(role.res_region)
    queued = 0
    for user, regions in regions_by_user.items():
        if not user.wants_digest:  # the digest is optional (own account page)
            continue
        sections = []
        for region in regions:
            municipalities = Municipality.objects.current().filter(res_region=region)
            ids = list(municipalities.values_list("pk", flat=True))
            sections.append(
                {
                    "region": region,
                    # First in the digest: what falls due in the coming three months, or is overdue.
                    "deadlines": deadlines_coming(municipalities=municipalities, today=today),
                    # Then the agreed actions of sessions still open past their date.
                    "overdue_actions": overdue_actions(municipality_ids=ids, today=today),
                    "changes": change_log(municipality_ids=ids, since=since, until=until),
                    "comments": comments_between(municipality_ids=ids, since=since, until=until),
                }
            )
        _, created = email_queue(
            key=f"digest:{first:%Y-%m}:{user.pk}",
            to_email=user.email,
            to_name=user.full_name,
            template="progress_digest",
            context={"user_name": user.get_short_name(), "month": first, "sections": sections},
            batch=f"digest:{first:%Y-%m}",
            language=user.language,
        )
        queued += created
    return queued


# --- Deadlines --------------------------------------------------------------------------------
def _deadline_set(*, deadline: Deadline, user, due_on: dt.date | None, reason: str, action: str) -> Deadline:
    """Lock DEADLINE, give it DUE_ON and REASON (an override when REASON is set), audit ACTION.
    Setting what is already there writes nothing: a form posted back unchanged leaves no trace."""
    deadline = Deadline.objects.select_for_update().get(pk=deadline.pk)
    old = deadline.due_on
    if (old, deadline.override_reason) == (due_on, reason):
        return deadline
    deadline.due_on, deadline.override_reason = due_on, reason
    deadline.overridden_by, deadline.overridden_at = (user, timezone.now()) if reason else (None, None)
    deadline._history_user = user
    deadline.save()
    changes = {"due_on": [str(old or ""), str(due_on or "")]}
    if reason:
        changes["reason"] = reason
    summary = f"{deadline.municipality}: {deadline.get_kind_display()}"
    audit_record(action, actor=user, obj=deadline, summary=summary, changes=changes)
    return deadline


@transaction.atomic
def deadline_override(*, deadline: Deadline, user, due_on: dt.date, reason: str) -> Deadline:
    """Give DEADLINE a date other than the law's, with REASON; later refreshes keep it. The law's
    own date is no override: it puts the deadline back (deadline_reset)."""
    if due_on == deadline.law_due_on:
        return deadline_reset(deadline=deadline, user=user)
    return _deadline_set(
        deadline=deadline, user=user, due_on=due_on, reason=reason.strip(), action=Action.DEADLINE_OVERRIDDEN
    )


@transaction.atomic
def deadline_reset(*, deadline: Deadline, user) -> Deadline:
    """Back to the law's date: the override and its reason go (the history keeps them)."""
    return _deadline_set(
        deadline=deadline, user=user, due_on=deadline.law_due_on, reason="", action=Action.DEADLINE_RESET
    )
