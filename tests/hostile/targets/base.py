"""A form target, and what targets of several apps share."""

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone


@dataclass
class Target:
    """One form as a role posts it: base data that would be accepted, the fields to make
    hostile, and the rows (querysets) the form may write."""

    url_name: str
    role: str
    kwargs: callable
    base: callable  # (world, objects) -> data
    fields: list[str]
    rows: callable  # (world, objects) -> [queryset]
    objects: callable = field(default=lambda world: {})  # world -> dict of objects the target needs
    query: str = ""


def future(days=60) -> str:
    day = timezone.localdate() + dt.timedelta(days=days)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day.isoformat()


def contacts():
    from municipalities.models import Contact, Organisation

    return Contact.objects.all(), Organisation.objects.all()


def emails():
    from heatportal.mail.models import Email

    return Email.objects.all()
