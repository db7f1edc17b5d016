"""Reads of the check-in list: who is expected on a day (a page at a time, searchable by name or
organisation) and how many of each kind of organisation are there."""

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from municipalities.models import Organisation
from sessions.models import InvitationDay, SessionDay

CHECKIN_PAGE_SIZE = 50


def checkin_rows(*, day: SessionDay, query: str = "") -> QuerySet[InvitationDay]:
    """Who comes on DAY, by name; QUERY in the name or the organisation's name."""
    rows = InvitationDay.objects.filter(day=day, invitation__answer="accepted").select_related(
        "invitation__contact__organisation", "day"
    )
    if query:
        rows = rows.filter(
            Q(invitation__contact__name__icontains=query) | Q(invitation__contact__organisation__name__icontains=query)
        )
    return rows.order_by("invitation__contact__name", "pk")


def checkin_counts(*, day: SessionDay) -> dict:
    """Expected and present on DAY, in total and per kind of organisation (one aggregate)."""
    per_type = (
        InvitationDay.objects.filter(day=day, invitation__answer="accepted")
        .values("invitation__contact__organisation__type")
        .annotate(expected=Count("pk"), present=Count("pk", filter=Q(present_at__isnull=False)))
        .order_by()
    )
    labels = dict(Organisation.Type.choices)
    kinds = sorted(
        (
            {
                "label": str(labels.get(row["invitation__contact__organisation__type"], _("Zonder organisatie"))),
                "expected": row["expected"],
                "present": row["present"],
            }
            for row in per_type
        ),
        key=lambda kind: kind["label"],
    )
    return {
        "expected": sum(kind["expected"] for kind in kinds),
        "present": sum(kind["present"] for kind in kinds),
        "kinds": kinds,
    }
