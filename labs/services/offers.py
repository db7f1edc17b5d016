"""The waiting list: free places offered in turn, the signed offer link, answering, expiry."""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from labs.models import Enrolment, Lab
from labs.selectors import places_taken
from labs.services._lock import lab_lock
from labs.services._mail import lab_url, send
from labs.services.errors import LabError

OFFER_SALT = "labs.offer"


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


def offer_free_places(*, lab: Lab, now: datetime.datetime) -> list[Enrolment]:
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
        audit_record(
            Action.LAB_OFFER_MADE,
            obj=lab,
            summary=str(enrolment.municipality),
            changes={"municipality": str(enrolment.municipality), "round": enrolment.offer_round},
        )
        token = offer_token(enrolment)
        send(
            key=f"lab:{lab.pk}:enrolment:{enrolment.pk}:offer:{enrolment.offer_round}",
            user=enrolment.enrolled_by,
            template="labs_offer",
            context={
                "lab": lab,
                "enrolment": enrolment,
                "lab_url": lab_url(lab),
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
    lab = lab_lock(enrolment.lab)
    enrolment = _get_open_offer(enrolment=enrolment, now=now)
    enrolment.status = Enrolment.Status.ACTIVE
    enrolment.offer_expires_at = None
    enrolment.save(update_fields=["status", "offer_expires_at", "updated_at"])
    send(
        key=f"lab:{lab.pk}:enrolment:{enrolment.pk}:offer:{enrolment.offer_round}:accepted",
        user=enrolment.enrolled_by,
        template="labs_enrolled",
        context={"lab": lab, "enrolment": enrolment, "lab_url": lab_url(lab)},
    )
    return enrolment


@transaction.atomic
def offer_decline(*, enrolment: Enrolment, user=None, now: datetime.datetime | None = None) -> Enrolment:
    now = now or timezone.now()
    lab = lab_lock(enrolment.lab)
    enrolment = _get_open_offer(enrolment=enrolment, now=now)
    enrolment.status = Enrolment.Status.DECLINED
    enrolment.offer_expires_at = None
    enrolment.save(update_fields=["status", "offer_expires_at", "updated_at"])
    send(
        key=f"lab:{lab.pk}:enrolment:{enrolment.pk}:offer:{enrolment.offer_round}:declined",
        user=enrolment.enrolled_by,
        template="labs_offer_declined",
        context={"lab": lab, "enrolment": enrolment, "lab_url": lab_url(lab)},
    )
    offer_free_places(lab=lab, now=now)
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
                send(
                    key=f"lab:{lab.pk}:enrolment:{enrolment.pk}:offer:{enrolment.offer_round}:expired",
                    user=enrolment.enrolled_by,
                    template="labs_offer_expired",
                    context={"lab": lab, "enrolment": enrolment, "lab_url": lab_url(lab)},
                )
            offer_free_places(lab=lab, now=now)
    return expired
