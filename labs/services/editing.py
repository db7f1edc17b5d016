"""Creating and editing a lab, and the case updates participants post in its room."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from labs.models import CaseUpdate, Enrolment, Lab
from labs.services._lock import lab_lock
from labs.services.errors import LabError
from labs.services.offers import offer_free_places


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
        offer_free_places(lab=lab_lock(lab), now=timezone.now())
    return lab


@transaction.atomic
def case_update_create(*, enrolment: Enrolment, author, body: str) -> CaseUpdate:
    body = body.strip()
    if not body:
        raise LabError(_("Schrijf eerst een bericht."))
    return CaseUpdate.objects.create(enrolment=enrolment, author=author, body=body)
