"""Leer Labs that ended (completed or cancelled) more than RETENTION_MONTHS ago: enrolments
lose the free text that names people (the colleagues list, the case's explanation, the case
updates' bodies) and who enrolled or wrote, while municipality, case title and status stay
for the programme's statistics. Anonymised, not deleted: enrolment counts per lab are reported.

A lab has no end date of its own: it ended at its last meeting, or (without meetings) at its
start date plus its expected duration.
"""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from heatportal.retention import ANONYMISED, RetentionRule, months_ago, register
from labs.models import CaseUpdate, Enrolment, Lab


def lab_end(lab: Lab) -> dt.date | None:
    last = lab.meetings.order_by("-starts_at").values_list("starts_at", flat=True).first()
    if last is not None:
        from django.utils import timezone

        return timezone.localdate(last)
    if lab.start_date:
        return lab.start_date + relativedelta(months=lab.duration_months)
    return lab.enrolment_deadline


def _ended_lab_ids(today: dt.date) -> list[int]:
    # Few labs a year (tens): computing each end in Python is cheap and keeps the rule readable.
    cutoff = months_ago(today)
    ended = Lab.objects.filter(status__in=[Lab.Status.COMPLETED, Lab.Status.CANCELLED])
    return [lab.pk for lab in ended if (end := lab_end(lab)) is not None and end < cutoff]


def _period() -> str:
    n = settings.RETENTION_MONTHS
    return ngettext("%(n)d maand na het einde van het Lab", "%(n)d maanden na het einde van het Lab", n) % {"n": n}


@register
class EnrolmentRule(RetentionRule):
    key = "labs.enrolments"
    label = _("Aanmeldingen voor Leer Labs")
    description = _(
        "Collega's, toelichting op de case en wie aanmeldde worden gewist; gemeente, case en status blijven."
    )

    def period(self) -> str:
        return _period()

    def due(self, today: dt.date):
        return Enrolment.objects.filter(lab_id__in=_ended_lab_ids(today)).filter(
            ~Q(colleagues="") | ~Q(case_description="") | Q(enrolled_by__isnull=False)
        )

    def anonymise(self, queryset) -> int:
        return queryset.update(colleagues="", case_description="", enrolled_by=None)


@register
class CaseUpdateRule(RetentionRule):
    key = "labs.case_updates"
    label = _("Berichten bij cases in Leer Labs")
    description = _("De tekst en de auteur van berichten worden geanonimiseerd; het aantal berichten blijft.")

    def period(self) -> str:
        return _period()

    def due(self, today: dt.date):
        return CaseUpdate.objects.filter(enrolment__lab_id__in=_ended_lab_ids(today)).filter(
            ~Q(body=ANONYMISED) | Q(author__isnull=False)
        )

    def anonymise(self, queryset) -> int:
        return queryset.update(body=ANONYMISED, author=None)
