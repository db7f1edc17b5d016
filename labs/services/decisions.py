"""Go/no-go: a lab confirmed, its deadline extended once, or cancelled; later status steps; beat's scan."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from labs.models import Enrolment, Lab
from labs.services._lock import lab_lock
from labs.services._mail import notify_all
from labs.services.errors import LabError
from labs.services.meetings import meeting_reminders_send
from labs.services.offers import offers_expire


@transaction.atomic
def lab_confirm(*, lab: Lab, user=None) -> Lab:
    """The lab goes ahead: needs at least the minimum number of participants."""
    lab = lab_lock(lab)
    if lab.status != Lab.Status.OPEN:
        raise LabError(_("Alleen een Leer Lab dat open staat voor aanmelding kan worden bevestigd."))
    active = lab.enrolments.filter(status=Enrolment.Status.ACTIVE).count()
    if active < lab.min_participants:
        raise LabError(
            ngettext(
                "Er zijn %(count)s van minimaal %(minimum)s aanmelding; het Leer Lab kan nog niet doorgaan.",
                "Er zijn %(count)s van minimaal %(minimum)s aanmeldingen; het Leer Lab kan nog niet doorgaan.",
                lab.min_participants,
            )
            % {"count": active, "minimum": lab.min_participants}
        )
    lab.status = Lab.Status.CONFIRMED
    lab.save(update_fields=["status", "updated_at"])
    notify_all(lab, occasion="confirmed", template="labs_confirmed")
    audit_record(Action.LAB_CONFIRMED, actor=user, obj=lab, summary=lab.title, changes={"active": active})
    return lab


@transaction.atomic
def lab_cancel(*, lab: Lab, user=None) -> Lab:
    lab = lab_lock(lab)
    if lab.status in (Lab.Status.CANCELLED, Lab.Status.COMPLETED):
        raise LabError(_("Dit Leer Lab is al geannuleerd of afgerond."))
    lab.status = Lab.Status.CANCELLED
    lab.save(update_fields=["status", "updated_at"])
    notify_all(
        lab, occasion="cancelled", template="labs_cancelled", statuses=(Enrolment.Status.ACTIVE, *Enrolment.ON_LIST)
    )
    audit_record(Action.LAB_CANCELLED, actor=user, obj=lab, summary=lab.title)
    return lab


@transaction.atomic
def lab_extend_deadline(*, lab: Lab) -> Lab:
    lab = lab_lock(lab)
    lab.enrolment_deadline += datetime.timedelta(days=lab.extension_days)
    lab.deadline_extended = True
    lab.save(update_fields=["enrolment_deadline", "deadline_extended", "updated_at"])
    notify_all(lab, occasion=f"extended:{lab.enrolment_deadline:%Y%m%d}", template="labs_extended")
    return lab


@transaction.atomic
def lab_set_status(*, lab: Lab, status: str, user=None) -> Lab:
    """Organiser's later steps: a confirmed lab starts running, a running lab is completed."""
    lab = lab_lock(lab)
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


def labs_process_due(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """What beat runs every ten minutes: deadlines, expired offers, meeting reminders. Idempotent."""
    now = now or timezone.now()
    counts = labs_process_deadlines(today=timezone.localdate(now))
    counts["offers_expired"] = offers_expire(now=now)
    counts["reminders"] = meeting_reminders_send(now=now)
    return counts
