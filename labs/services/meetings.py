"""A lab's meetings, the reminders before each, and who was present."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from labs.models import Lab, LabMeeting, MeetingAttendance
from labs.services._mail import people, send, stamp
from labs.services.errors import LabError


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
        for person in people(meeting.lab):
            if not person.wants_reminders:  # reminders are optional; changes and cancellations are not
                continue
            send(
                key=f"lab-meeting:{meeting.pk}:{stamp(meeting.starts_at)}:reminder:{days}d:user:{person.pk}",
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


@transaction.atomic
def meeting_save(*, meeting: LabMeeting) -> LabMeeting:
    meeting.full_clean()
    meeting.save()
    return meeting


@transaction.atomic
def meeting_delete(*, meeting: LabMeeting) -> None:
    meeting.delete()


@transaction.atomic
def meeting_attendance_set(*, meeting: LabMeeting, enrolments, user, now: datetime.datetime | None = None) -> bool:
    """Record which municipalities (ENROLMENTS of the meeting's lab) were present; the others
    were not. Returns whether anything changed (only a change is audited)."""
    now = now or timezone.now()
    if timezone.localdate(meeting.starts_at) > timezone.localdate(now):
        raise LabError(_("De aanwezigheid houdt u bij vanaf de dag van de bijeenkomst."))
    chosen = {e.pk: e for e in enrolments}
    if any(e.lab_id != meeting.lab_id for e in chosen.values()):
        raise LabError(_("Alleen gemeenten die in dit Leer Lab meedoen kunnen aanwezig zijn."))
    existing = dict(meeting.attendances.values_list("enrolment_id", "enrolment__municipality__name"))
    added = [chosen[pk] for pk in chosen.keys() - existing.keys()]
    removed = sorted(existing.keys() - chosen.keys())
    if not added and not removed:
        return False
    MeetingAttendance.objects.bulk_create(
        [MeetingAttendance(meeting=meeting, enrolment=e, recorded_by=user) for e in added]
    )
    meeting.attendances.filter(enrolment_id__in=removed).delete()
    audit_record(
        Action.LAB_ATTENDANCE,
        actor=user,
        obj=meeting.lab,
        summary=meeting.topic,
        changes={
            "meeting": f"{meeting.topic} ({timezone.localtime(meeting.starts_at):%Y-%m-%d %H:%M})",
            "present": sorted(str(e.municipality) for e in added),
            "absent": sorted(existing[pk] for pk in removed),
        },
    )
    return True
