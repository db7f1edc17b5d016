"""Enrolling a municipality in a lab (a place, or the waiting list when full) and withdrawing it."""

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.rules import is_programme_admin, municipality_ids
from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from labs.models import Enrolment, Lab
from labs.selectors import lab_is_eligible, places_taken
from labs.services._lock import lab_lock
from labs.services._mail import lab_url, organisers, send, stamp
from labs.services.errors import LabError
from labs.services.offers import offer_free_places

HOLDING = (Enrolment.Status.ACTIVE, *Enrolment.ON_LIST)  # a place, or a spot on the waiting list


def ineligible_message(*, lab: Lab, names: str) -> str:
    return _(
        "Gemeente %(municipality)s kan niet deelnemen aan dit Leer Lab: het is alleen voor gemeenten in %(area)s."
    ) % {
        "municipality": names,
        "area": lab.eligible_area,
    }


def _check_may_enrol(*, lab: Lab, municipality, user, today: datetime.date) -> None:
    if user is not None and not is_programme_admin(user) and municipality.pk not in municipality_ids(user):
        raise LabError(_("U kunt alleen aanmelden voor een gemeente waarvoor u werkt."), status=403)
    if not lab_is_eligible(lab=lab, municipality=municipality):
        raise LabError(ineligible_message(lab=lab, names=municipality.name), status=403)
    if lab.status not in (Lab.Status.OPEN, Lab.Status.CONFIRMED):
        raise LabError(
            _("Aanmelden is niet meer mogelijk (status van dit Leer Lab: %(status)s).")
            % {"status": lab.get_status_display().lower()}
        )
    if lab.status == Lab.Status.OPEN and today > lab.enrolment_deadline:
        raise LabError(_("De aanmeldtermijn van dit Leer Lab is verlopen."))


def _is_repeat(enrolment: Enrolment, *, user, case_title: str) -> bool:
    return user is not None and enrolment.enrolled_by_id == user.pk and enrolment.case_title == case_title.strip()


def _is_sent_again(enrolment: Enrolment | None, *, municipality, user, case_title: str) -> bool:
    """True if ENROLMENT is this same form sent again; raises LabError if it holds a place otherwise."""
    if enrolment is None or enrolment.status not in HOLDING:
        return False
    if _is_repeat(enrolment, user=user, case_title=case_title):
        # A retry after an error page, a double click: that enrolment is what they asked for,
        # so they see it rather than a refusal. Its email is already queued.
        return True
    raise LabError(
        _("%(municipality)s is al aangemeld voor dit Leer Lab (%(status)s).")
        % {"municipality": municipality.name, "status": enrolment.get_status_display().lower()}
    )


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
    learning_goals: str = "",
    now: datetime.datetime | None = None,
) -> Enrolment:
    """Enrol MUNICIPALITY: a place while there is one, else the waiting list. Raises LabError."""
    now = now or timezone.now()
    lab = lab_lock(lab)
    _check_may_enrol(lab=lab, municipality=municipality, user=user, today=timezone.localdate(now))
    if not case_title.strip():
        raise LabError(_("Beschrijf de case waaraan uw gemeente in dit Leer Lab werkt."))
    enrolment = Enrolment.objects.filter(lab=lab, municipality=municipality).first()
    if _is_sent_again(enrolment, municipality=municipality, user=user, case_title=case_title):
        return enrolment
    full = places_taken(lab=lab) >= lab.max_participants
    enrolment = enrolment or Enrolment(lab=lab, municipality=municipality)
    enrolment.enrolled_by = user
    enrolment.case_title = case_title.strip()
    enrolment.case_description = case_description.strip()
    enrolment.colleagues = colleagues.strip()
    enrolment.share_contact = share_contact
    enrolment.learning_goals = learning_goals.strip()
    enrolment.withdrawal_reason = ""
    enrolment.status = Enrolment.Status.WAITING if full else Enrolment.Status.ACTIVE
    enrolment.queued_at = now
    enrolment.offer_expires_at = None
    enrolment.save()
    send(
        key=f"lab:{lab.pk}:enrolment:{enrolment.pk}:{stamp(now)}:{enrolment.status}",
        user=user,
        template="labs_waiting" if full else "labs_enrolled",
        context={"lab": lab, "enrolment": enrolment, "lab_url": lab_url(lab)},
    )
    return enrolment


@transaction.atomic
def enrolment_withdraw(
    *, enrolment: Enrolment, user, reason: str = "", now: datetime.datetime | None = None
) -> Enrolment:
    """Take the municipality out of the lab or off the waiting list; a freed place is offered on.

    The municipality gets its confirmation; the organisers and advisers are told who left and
    why, and warned apart when the lab drops below its minimum of participants."""
    now = now or timezone.now()
    lab = lab_lock(enrolment.lab)
    enrolment = Enrolment.objects.select_related("municipality", "enrolled_by").get(pk=enrolment.pk)
    if enrolment.status not in HOLDING:
        raise LabError(_("Deze aanmelding is al beëindigd."))
    if lab.status in (Lab.Status.COMPLETED, Lab.Status.CANCELLED):
        raise LabError(_("Dit Leer Lab is afgelopen; afmelden is niet meer nodig."))
    before = enrolment.status
    active_before = lab.enrolments.filter(status=Enrolment.Status.ACTIVE).count()
    enrolment.status = Enrolment.Status.WITHDRAWN
    enrolment.offer_expires_at = None
    enrolment.withdrawal_reason = reason.strip()
    enrolment.save(update_fields=["status", "offer_expires_at", "withdrawal_reason", "updated_at"])
    active = active_before - (before == Enrolment.Status.ACTIVE)
    audit_record(
        Action.LAB_WITHDRAWN,
        actor=user,
        obj=lab,
        summary=str(enrolment.municipality),
        changes={"municipality": str(enrolment.municipality), "was": before, "reason": enrolment.withdrawal_reason},
    )
    context = {"lab": lab, "enrolment": enrolment, "lab_url": lab_url(lab), "withdrawn_by": user}
    told = organisers(lab)
    # An organiser who withdraws a municipality gets the organisers' notice, not a confirmation too.
    for person in {user, enrolment.enrolled_by} - {None} - set(told):
        send(
            key=f"lab:{lab.pk}:enrolment:{enrolment.pk}:{stamp(enrolment.queued_at)}:withdrawn:{person.pk}",
            user=person,
            template="labs_withdrawn",
            context=context,
        )
    _tell_organisers(told, lab=lab, enrolment=enrolment, context={**context, "active": active, "was": before})
    if active_before >= lab.min_participants > active:
        _warn_below_minimum(told, lab=lab, enrolment=enrolment, context={**context, "active": active})
    offer_free_places(lab=lab, now=now)
    return enrolment


def _tell_organisers(people: list, *, lab: Lab, enrolment: Enrolment, context: dict) -> None:
    occasion = f"enrolment:{enrolment.pk}:{stamp(enrolment.queued_at)}:withdrawn"
    for person in people:
        send(
            key=f"lab:{lab.pk}:{occasion}:organiser:{person.pk}",
            user=person,
            template="labs_withdrawal_notice",
            context=context,
            batch=f"lab:{lab.pk}:{occasion}",
        )


def _warn_below_minimum(people: list, *, lab: Lab, enrolment: Enrolment, context: dict) -> None:
    """Its own message, so it stands out in an inbox: the lab may not go ahead (or on) as planned."""
    occasion = f"enrolment:{enrolment.pk}:{stamp(enrolment.queued_at)}:below_minimum"
    for person in people:
        send(
            key=f"lab:{lab.pk}:{occasion}:organiser:{person.pk}",
            user=person,
            template="labs_below_minimum",
            context=context,
            batch=f"lab:{lab.pk}:{occasion}",
        )
