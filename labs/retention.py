"""Leer Labs that ended (completed or cancelled) more than RETENTION_MONTHS ago: enrolments
lose the free text that names people (the colleagues list, the case's explanation, the learning
needs and the reason for withdrawing, the case updates' bodies) and who enrolled or wrote, while
municipality, case title and status stay for the programme's statistics. Anonymised, not
deleted: enrolment counts per lab are reported.

A lab has no end date of its own: it ended at its last meeting, or (without meetings) at its
start date plus its expected duration.
"""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from heatportal.retention import ANONYMISED, RetentionRule, months_ago, register
from labs.models import CaseUpdate, Enrolment, Lab


def lab_end(*, start_date, duration_months, enrolment_deadline, last_meeting) -> dt.date:
    if last_meeting is not None:
        return timezone.localdate(last_meeting)
    if start_date:
        return start_date + relativedelta(months=duration_months)
    return enrolment_deadline


def _ended_lab_ids(today: dt.date) -> list[int]:
    # Tens of labs a year, one query: each end is computed in Python, which keeps the rule readable.
    cutoff = months_ago(today)
    ended = (
        Lab.objects.filter(status__in=[Lab.Status.COMPLETED, Lab.Status.CANCELLED])
        .annotate(last_meeting=Max("meetings__starts_at"))
        .values("pk", "start_date", "duration_months", "enrolment_deadline", "last_meeting")
    )
    return [row.pop("pk") for row in ended if lab_end(**{k: v for k, v in row.items() if k != "pk"}) < cutoff]


def _period() -> str:
    n = settings.RETENTION_MONTHS
    return ngettext("%(n)d maand na het einde van het Lab", "%(n)d maanden na het einde van het Lab", n) % {"n": n}


@register
class EnrolmentRule(RetentionRule):
    key = "labs.enrolments"
    label = _("Aanmeldingen voor Leer Labs")
    description = _(
        "Collega's, toelichting op de case, leervragen, reden van afmelden en wie aanmeldde worden gewist;"
        " gemeente, case en status blijven."
    )

    def period(self) -> str:
        return _period()

    def due(self, today: dt.date):
        return Enrolment.objects.filter(lab_id__in=_ended_lab_ids(today)).filter(
            ~Q(colleagues="")
            | ~Q(case_description="")
            | ~Q(learning_goals="")
            | ~Q(withdrawal_reason="")
            | Q(enrolled_by__isnull=False)
        )

    def anonymise(self, queryset) -> int:
        return queryset.update(
            colleagues="", case_description="", learning_goals="", withdrawal_reason="", enrolled_by=None
        )


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
