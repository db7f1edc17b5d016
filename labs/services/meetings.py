"""A lab's meetings, and the reminders before each."""

import datetime

from django.conf import settings
from django.db import transaction
from django.urls import reverse

from labs.models import Lab, LabMeeting
from labs.services._mail import people, send, stamp


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
