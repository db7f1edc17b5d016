"""Writes of the labs app: enrolment, the waiting list and its offers, go/no-go, meetings, updates.

Every change to who holds a place in a lab runs under a row lock on the lab
(`select_for_update`), so the count of places taken is read and changed by one transaction at
a time: many officers enrolling at once for the last place cannot exceed the maximum.
Callers pass `now` so that tests (and the beat task) control time.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from heatportal.mail.services import email_queue
from heatportal.permissions import is_programme_admin, municipality_ids
from labs.models import CaseUpdate, Enrolment, Lab, LabMeeting
from labs.selectors import lab_is_eligible, places_taken

OFFER_SALT = "labs.offer"


class LabError(Exception):
    """A refusal with a Dutch message for the person who asked."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


# --- Email helpers --------------------------------------------------------------------------
def _send(*, key: str, user, template: str, context: dict, batch: str = "") -> None:
    if user is None or not user.email:
        return
    email_queue(
        key=key,
        to_email=user.email,
        to_name=user.full_name,
        template=template,
        context={"recipient": user, **context},
        batch=batch,
    )


def _lab_url(lab: Lab) -> str:
    return settings.SITE_URL + reverse("labs:detail", kwargs={"pk": lab.pk})


def _stamp(moment: datetime.datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")


def _lock(lab: Lab) -> Lab:
    return Lab.objects.select_for_update().get(pk=lab.pk)


# --- Enrolment ------------------------------------------------------------------------------
def ineligible_message(*, lab: Lab, names: str) -> str:
    return _(
        "Gemeente %(municipality)s kan niet deelnemen aan dit Leer Lab: het is alleen voor gemeenten in %(area)s."
    ) % {
        "municipality": names,
        "area": lab.eligible_area,
    }


def _check_may_enrol(*, lab: Lab, municipality, user, today: datetime.date) -> None:
    if user is not None and not is_programme_admin(user) and municipality.pk not in municipality_ids(user):
        raise LabError(_("U kunt alleen aanmelden voor een gemeente waarvoor u werkt."))
    if not lab_is_eligible(lab=lab, municipality=municipality):
        raise LabError(ineligible_message(lab=lab, names=municipality.name))
    if lab.status not in (Lab.Status.OPEN, Lab.Status.CONFIRMED):
        raise LabError(
            _("Aanmelden is niet meer mogelijk (status van dit Leer Lab: %(status)s).")
            % {"status": lab.get_status_display().lower()}
        )
    if lab.status == Lab.Status.OPEN and today > lab.enrolment_deadline:
        raise LabError(_("De aanmeldtermijn van dit Leer Lab is verlopen."))


def _is_repeat(enrolment: Enrolment, *, user, case_title: str) -> bool:
    return user is not None and enrolment.enrolled_by_id == user.pk and enrolment.case_title == case_title.strip()


@transaction.atomic
def enrolment_create(
    *,
    lab: Lab,
    municipality,
    user,
    case_title: str,
    case_description: str = "",
    colleagues: str = "",
    share_contact: bool = False,
    now: datetime.datetime | None = None,
) -> Enrolment:
    """Enrol MUNICIPALITY: a place while there is one, else the waiting list. Raises LabError."""
    now = now or timezone.now()
    lab = _lock(lab)
    _check_may_enrol(lab=lab, municipality=municipality, user=user, today=timezone.localdate(now))
    if not case_title.strip():
        raise LabError(_("Beschrijf de case waaraan uw gemeente in dit Leer Lab werkt."))
    enrolment = Enrolment.objects.filter(lab=lab, municipality=municipality).first()
    if (
        enrolment
        and enrolment.status in (Enrolment.Status.ACTIVE, *Enrolment.ON_LIST)
        and _is_repeat(enrolment, user=user, case_title=case_title)
    ):
        # The same form sent again (a retry after an error page, a double click): that enrolment
        # is what they asked for, so they see it rather than a refusal. Its email is already queued.
        return enrolment
    if enrolment and enrolment.status in (Enrolment.Status.ACTIVE, *Enrolment.ON_LIST):
        raise LabError(
            _("%(municipality)s is al aangemeld voor dit Leer Lab (%(status)s).")
            % {"municipality": municipality.name, "status": enrolment.get_status_display().lower()}
        )
    full = places_taken(lab=lab) >= lab.max_participants
    enrolment = enrolment or Enrolment(lab=lab, municipality=municipality)
    enrolment.enrolled_by = user
    enrolment.case_title = case_title.strip()
    enrolment.case_description = case_description.strip()
    enrolment.colleagues = colleagues.strip()
    enrolment.share_contact = share_contact
    enrolment.status = Enrolment.Status.WAITING if full else Enrolment.Status.ACTIVE
    enrolment.queued_at = now
    enrolment.offer_expires_at = None
    enrolment.save()
    _send(
        key=f"lab:{lab.pk}:enrolment:{enrolment.pk}:{_stamp(now)}:{enrolment.status}",
        user=user,
        template="labs_waiting" if full else "labs_enrolled",
        context={"lab": lab, "enrolment": enrolment, "lab_url": _lab_url(lab)},
    )
    return enrolment


@transaction.atomic
def enrolment_withdraw(*, enrolment: Enrolment, user, now: datetime.datetime | None = None) -> Enrolment:
    """Take the municipality out of the lab or off the waiting list; a freed place is offered on."""
    now = now or timezone.now()
    lab = _lock(enrolment.lab)
    enrolment = Enrolment.objects.select_related("municipality", "enrolled_by").get(pk=enrolment.pk)
    if enrolment.status not in (Enrolment.Status.ACTIVE, *Enrolment.ON_LIST):
        raise LabError(_("Deze aanmelding is al beëindigd."))
    if lab.status in (Lab.Status.COMPLETED, Lab.Status.CANCELLED):
        raise LabError(_("Dit Leer Lab is afgelopen; afmelden is niet meer nodig."))
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.offer_expires_at = None
    enrolment.save(update_fields=["status", "offer_expires_at", "updated_at"])
    for person in {user, enrolment.enrolled_by} - {None}:
        _send(
            key=f"lab:{lab.pk}:enrolment:{enrolment.pk}:{_stamp(enrolment.queued_at)}:withdrawn:{person.pk}",
            user=person,
            template="labs_withdrawn",
            context={"lab": lab, "enrolment": enrolment, "lab_url": _lab_url(lab)},
        )
    _offer_free_places(lab=lab, now=now)
    return enrolment


# --- Waiting list and offers ----------------------------------------------------------------
def offer_token(enrolment: Enrolment) -> str:
    return signing.dumps({"e": enrolment.pk, "r": enrolment.offer_round}, salt=OFFER_SALT)


def offer_from_token(token: str, *, max_age_days: int = 31) -> Enrolment:
    """The enrolment an offer link is for. Raises LabError for a tampered, old or used link.

    The signature expires after MAX_AGE_DAYS (offers run at most 30 days); the offer's own
    expiry, checked when answering, is the real limit.
    """
    try:
        data = signing.loads(token, salt=OFFER_SALT, max_age=datetime.timedelta(days=max_age_days))
    except signing.SignatureExpired as exc:
        raise LabError(_("Deze link is verlopen.")) from exc
    except signing.BadSignature as exc:
        raise LabError(_("Deze link is ongeldig. Controleer of u de volledige link uit de e-mail gebruikt.")) from exc
    enrolment = Enrolment.objects.select_related("lab", "municipality", "enrolled_by").filter(pk=data.get("e")).first()
    if enrolment is None or enrolment.offer_round != data.get("r"):
        raise LabError(_("Deze link hoort bij een eerder aanbod en is niet meer geldig."))
    return enrolment


def _offer_free_places(*, lab: Lab, now: datetime.datetime) -> list[Enrolment]:
    """Offer each free place to the next municipality on the waiting list. Caller holds the lab lock."""
    if lab.status not in (Lab.Status.OPEN, Lab.Status.CONFIRMED, Lab.Status.RUNNING):
        return []
    free = lab.max_participants - places_taken(lab=lab)
    waiting = list(
        Enrolment.objects.filter(lab=lab, status=Enrolment.Status.WAITING)
        .select_related("enrolled_by", "municipality")
        .order_by("queued_at", "id")[: max(free, 0)]
    )
    for enrolment in waiting:
        enrolment.status = Enrolment.Status.OFFERED
        enrolment.offer_expires_at = now + datetime.timedelta(days=lab.offer_days)
        enrolment.offer_round += 1
        enrolment.save(update_fields=["status", "offer_expires_at", "offer_round", "updated_at"])
        token = offer_token(enrolment)
        _send(
            key=f"lab:{lab.pk}:enrolment:{enrolment.pk}:offer:{enrolment.offer_round}",
            user=enrolment.enrolled_by,
            template="labs_offer",
            context={
                "lab": lab,
                "enrolment": enrolment,
                "lab_url": _lab_url(lab),
                "offer_url": settings.SITE_URL + reverse("labs:offer_link", kwargs={"token": token}),
            },
        )
    return waiting


def _get_open_offer(*, enrolment: Enrolment, now: datetime.datetime) -> Enrolment:
    enrolment = Enrolment.objects.select_related("lab", "municipality", "enrolled_by").get(pk=enrolment.pk)
    if enrolment.lab.status in (Lab.Status.CANCELLED, Lab.Status.COMPLETED):
        raise LabError(_("Dit Leer Lab gaat niet door; het aanbod vervalt."))
    if enrolment.status != Enrolment.Status.OFFERED:
        raise LabError(_("Er staat geen aanbod open voor %(municipality)s.") % {"municipality": enrolment.municipality})
    if enrolment.offer_expires_at <= now:
        raise LabError(_("Dit aanbod is verlopen."))
    return enrolment


@transaction.atomic
def offer_accept(*, enrolment: Enrolment, user=None, now: datetime.datetime | None = None) -> Enrolment:
    now = now or timezone.now()
    lab = _lock(enrolment.lab)
    enrolment = _get_open_offer(enrolment=enrolment, now=now)
    enrolment.status = Enrolment.Status.ACTIVE
    enrolment.offer_expires_at = None
    enrolment.save(update_fields=["status", "offer_expires_at", "updated_at"])
    _send(
        key=f"lab:{lab.pk}:enrolment:{enrolment.pk}:offer:{enrolment.offer_round}:accepted",
        user=enrolment.enrolled_by,
        template="labs_enrolled",
        context={"lab": lab, "enrolment": enrolment, "lab_url": _lab_url(lab)},
    )
    return enrolment


@transaction.atomic
def offer_decline(*, enrolment: Enrolment, user=None, now: datetime.datetime | None = None) -> Enrolment:
    now = now or timezone.now()
    lab = _lock(enrolment.lab)
    enrolment = _get_open_offer(enrolment=enrolment, now=now)
    enrolment.status = Enrolment.Status.DECLINED
    enrolment.offer_expires_at = None
    enrolment.save(update_fields=["status", "offer_expires_at", "updated_at"])
    _send(
        key=f"lab:{lab.pk}:enrolment:{enrolment.pk}:offer:{enrolment.offer_round}:declined",
        user=enrolment.enrolled_by,
        template="labs_offer_declined",
        context={"lab": lab, "enrolment": enrolment, "lab_url": _lab_url(lab)},
    )
    _offer_free_places(lab=lab, now=now)
    return enrolment


def offers_expire(*, now: datetime.datetime) -> int:
    """Offers past their expiry leave the list; the place goes to the next. One lab at a time."""
    lab_ids = set(
        Enrolment.objects.filter(status=Enrolment.Status.OFFERED, offer_expires_at__lte=now)
        .exclude(lab__status__in=[Lab.Status.CANCELLED, Lab.Status.COMPLETED])
        .values_list("lab_id", flat=True)
    )
    expired = 0
    for lab_id in lab_ids:
        with transaction.atomic():
            lab = Lab.objects.select_for_update().get(pk=lab_id)
            for enrolment in Enrolment.objects.filter(
                lab=lab, status=Enrolment.Status.OFFERED, offer_expires_at__lte=now
            ).select_related("enrolled_by", "municipality"):
                enrolment.status = Enrolment.Status.EXPIRED
                enrolment.save(update_fields=["status", "updated_at"])
                expired += 1
                _send(
                    key=f"lab:{lab.pk}:enrolment:{enrolment.pk}:offer:{enrolment.offer_round}:expired",
                    user=enrolment.enrolled_by,
                    template="labs_offer_expired",
                    context={"lab": lab, "enrolment": enrolment, "lab_url": _lab_url(lab)},
                )
            _offer_free_places(lab=lab, now=now)
    return expired


# --- Go / no-go -----------------------------------------------------------------------------
def _people(lab: Lab, *, statuses=(Enrolment.Status.ACTIVE,)) -> list:
    """Contact persons of the enrolments in STATUSES, then the advisers; each person once."""
    people = {}
    for enrolment in lab.enrolments.filter(status__in=statuses).select_related("enrolled_by"):
        if enrolment.enrolled_by:
            people.setdefault(enrolment.enrolled_by.pk, enrolment.enrolled_by)
    for adviser in lab.advisers.all():
        people.setdefault(adviser.pk, adviser)
    return list(people.values())


def _notify_all(lab: Lab, *, occasion: str, template: str, statuses=(Enrolment.Status.ACTIVE,)) -> None:
    for person in _people(lab, statuses=statuses):
        _send(
            key=f"lab:{lab.pk}:{occasion}:user:{person.pk}",
            user=person,
            template=template,
            context={"lab": lab, "lab_url": _lab_url(lab)},
            batch=f"lab:{lab.pk}:{occasion}",
        )


@transaction.atomic
def lab_confirm(*, lab: Lab, user=None) -> Lab:
    """The lab goes ahead: needs at least the minimum number of participants."""
    lab = _lock(lab)
    if lab.status != Lab.Status.OPEN:
        raise LabError(_("Alleen een Leer Lab dat open staat voor aanmelding kan worden bevestigd."))
    active = lab.enrolments.filter(status=Enrolment.Status.ACTIVE).count()
    if active < lab.min_participants:
        raise LabError(
            _("Er zijn %(count)s van minimaal %(minimum)s aanmeldingen; het Leer Lab kan nog niet doorgaan.")
            % {"count": active, "minimum": lab.min_participants}
        )
    lab.status = Lab.Status.CONFIRMED
    lab.save(update_fields=["status", "updated_at"])
    _notify_all(lab, occasion="confirmed", template="labs_confirmed")
    return lab


@transaction.atomic
def lab_cancel(*, lab: Lab, user=None) -> Lab:
    lab = _lock(lab)
    if lab.status in (Lab.Status.CANCELLED, Lab.Status.COMPLETED):
        raise LabError(_("Dit Leer Lab is al geannuleerd of afgerond."))
    lab.status = Lab.Status.CANCELLED
    lab.save(update_fields=["status", "updated_at"])
    _notify_all(
        lab, occasion="cancelled", template="labs_cancelled", statuses=(Enrolment.Status.ACTIVE, *Enrolment.ON_LIST)
    )
    return lab


@transaction.atomic
def lab_extend_deadline(*, lab: Lab) -> Lab:
    lab = _lock(lab)
    lab.enrolment_deadline += datetime.timedelta(days=lab.extension_days)
    lab.deadline_extended = True
    lab.save(update_fields=["enrolment_deadline", "deadline_extended", "updated_at"])
    _notify_all(lab, occasion=f"extended:{lab.enrolment_deadline:%Y%m%d}", template="labs_extended")
    return lab


@transaction.atomic
def lab_set_status(*, lab: Lab, status: str, user=None) -> Lab:
    """Organiser's later steps: a confirmed lab starts running, a running lab is completed."""
    lab = _lock(lab)
    allowed = {Lab.Status.RUNNING: Lab.Status.CONFIRMED, Lab.Status.COMPLETED: Lab.Status.RUNNING}
    if allowed.get(status) != lab.status:
        raise LabError(_("Deze statuswijziging is nu niet mogelijk."))
    lab.status = status
    lab.save(update_fields=["status", "updated_at"])
    return lab


def labs_process_deadlines(*, today: datetime.date) -> dict[str, int]:
    """Open labs whose deadline has passed: confirm, extend once if the organiser chose so, or cancel."""
    counts = {"confirmed": 0, "extended": 0, "cancelled": 0}
    due = Lab.objects.filter(status=Lab.Status.OPEN, enrolment_deadline__lt=today).values_list("pk", flat=True)
    for lab_id in list(due):
        with transaction.atomic():
            lab = Lab.objects.select_for_update().get(pk=lab_id)
            if lab.status != Lab.Status.OPEN or lab.enrolment_deadline >= today:
                continue
            active = lab.enrolments.filter(status=Enrolment.Status.ACTIVE).count()
            if active >= lab.min_participants:
                lab_confirm(lab=lab)
                counts["confirmed"] += 1
            elif lab.on_shortfall == Lab.Shortfall.EXTEND and not lab.deadline_extended:
                lab_extend_deadline(lab=lab)
                counts["extended"] += 1
            else:
                lab_cancel(lab=lab)
                counts["cancelled"] += 1
    return counts


# --- Meetings and reminders -----------------------------------------------------------------
def meeting_reminders_send(*, now: datetime.datetime) -> int:
    """Reminders N days before each meeting (N from the lab), the latest due one only."""
    horizon = now + datetime.timedelta(days=max([7, 1, *_all_reminder_days()]))
    meetings = LabMeeting.objects.filter(
        starts_at__gt=now,
        starts_at__lte=horizon,
        lab__status__in=[Lab.Status.CONFIRMED, Lab.Status.RUNNING],
    ).select_related("lab")
    queued = 0
    for meeting in meetings:
        due = [d for d in meeting.lab.reminder_days if meeting.starts_at - datetime.timedelta(days=d) <= now]
        if not due:
            continue
        days = min(due)
        for person in _people(meeting.lab):
            _send(
                key=f"lab-meeting:{meeting.pk}:{_stamp(meeting.starts_at)}:reminder:{days}d:user:{person.pk}",
                user=person,
                template="labs_meeting_reminder",
                context={
                    "lab": meeting.lab,
                    "meeting": meeting,
                    "days": days,
                    "lab_url": settings.SITE_URL + reverse("labs:room", kwargs={"pk": meeting.lab_id}),
                },
                batch=f"lab-meeting:{meeting.pk}:reminder:{days}d",
            )
            queued += 1
    return queued


def _all_reminder_days() -> list[int]:
    days = set()
    for value in Lab.objects.filter(status__in=[Lab.Status.CONFIRMED, Lab.Status.RUNNING]).values_list(
        "reminder_days", flat=True
    ):
        days.update(d for d in value or [] if isinstance(d, int))
    return sorted(days)


def labs_process_due(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """What beat runs every ten minutes: deadlines, expired offers, meeting reminders. Idempotent."""
    now = now or timezone.now()
    counts = labs_process_deadlines(today=timezone.localdate(now))
    counts["offers_expired"] = offers_expire(now=now)
    counts["reminders"] = meeting_reminders_send(now=now)
    return counts


@transaction.atomic
def meeting_save(*, meeting: LabMeeting) -> LabMeeting:
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: LabMeeting) -> None:
    meeting.delete()


# --- Labs and updates -----------------------------------------------------------------------
@transaction.atomic
def lab_save(*, lab: Lab, user, eligible_provinces, eligible_res_regions, advisers) -> Lab:
    """Create or edit a lab; raising the maximum offers the new places to the waiting list."""
    creating = lab.pk is None
    if creating:
        lab.created_by = user
    lab.save()
    lab.eligible_provinces.set(eligible_provinces)
    lab.eligible_res_regions.set(eligible_res_regions)
    lab.advisers.set(advisers)
    if not creating:
        _offer_free_places(lab=_lock(lab), now=timezone.now())
    return lab


@transaction.atomic
def case_update_create(*, enrolment: Enrolment, author, body: str) -> CaseUpdate:
    body = body.strip()
    if not body:
        raise LabError(_("Schrijf eerst een bericht."))
    return CaseUpdate.objects.create(enrolment=enrolment, author=author, body=body)
