"""How the labs services queue a mail (private to this package).

Every email goes through the outbox with a key naming the lab, the occasion and the person,
so a message goes out once per person and occasion however often beat or a retry asks.
"""

import datetime

from django.conf import settings
from django.db.models import Q
from django.urls import reverse

from accounts.models import Role, User
from heatportal.mail.services import email_queue, reply_to_person
from labs.models import Enrolment, Lab


def send(*, key: str, user, template: str, context: dict, batch: str = "") -> None:
    if user is None or not user.email:
        return
    lab = context.get("lab")
    email_queue(
        key=key,
        to_email=user.email,
        to_name=user.full_name,
        template=template,
        context={"recipient": user, **context},
        batch=batch,
        language=user.language,
        # Replies reach whoever set the lab up (the sender is a no-reply address).
        reply_to=reply_to_person(_answerer(lab)) if isinstance(lab, Lab) else ("", ""),
    )


def _answerer(lab: Lab):
    """Who answers replies about LAB: its creator, else a provincial staff member of its province."""
    if lab.created_by_id:
        return lab.created_by
    staff = Role.objects.active().filter(kind=Role.Kind.PROVINCIAL_STAFF, province_id=lab.organiser_province_id)
    return User.objects.filter(pk__in=staff.values("user_id"), is_active=True).order_by("pk").first()


def lab_url(lab: Lab) -> str:
    return settings.SITE_URL + reverse("labs:detail", kwargs={"pk": lab.pk})


def stamp(moment: datetime.datetime) -> str:
    return moment.strftime("%Y%m%d%H%M%S")


def people(lab: Lab, *, statuses=(Enrolment.Status.ACTIVE,)) -> list:
    """Contact persons of the enrolments in STATUSES, then the advisers; each person once."""
    found = {}
    for enrolment in lab.enrolments.filter(status__in=statuses).select_related("enrolled_by"):
        if enrolment.enrolled_by:
            found.setdefault(enrolment.enrolled_by.pk, enrolment.enrolled_by)
    for adviser in lab.advisers.all():
        found.setdefault(adviser.pk, adviser)
    return list(found.values())


def organisers(lab: Lab) -> list:
    """Who runs LAB: provincial staff of its province, whoever created it, and its advisers; each once.

    Programme admins may manage every lab but are told only of the labs they created."""
    staff = Role.objects.active().filter(kind=Role.Kind.PROVINCIAL_STAFF, province_id=lab.organiser_province_id)
    found = {
        person.pk: person
        for person in User.objects.filter(Q(pk__in=staff.values("user_id")) | Q(pk=lab.created_by_id), is_active=True)
    }
    for adviser in lab.advisers.all():
        found.setdefault(adviser.pk, adviser)
    return sorted(found.values(), key=lambda person: person.pk)


def notify_all(lab: Lab, *, occasion: str, template: str, statuses=(Enrolment.Status.ACTIVE,)) -> None:
    for person in people(lab, statuses=statuses):
        send(
            key=f"lab:{lab.pk}:{occasion}:user:{person.pk}",
            user=person,
            template=template,
            context={"lab": lab, "lab_url": lab_url(lab)},
            batch=f"lab:{lab.pk}:{occasion}",
        )
