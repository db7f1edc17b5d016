"""The open-data rows: per current municipality only what is public (no people, no e-mail
addresses, no remarks, no flags). A fixed number of queries for all of them (5)."""

import datetime as dt

from django.db.models import Count, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from labs.selectors import municipality_lab_summary
from municipalities.models import Municipality
from progress.deadlines import municipality_headlines
from progress.models import AdoptionStatus, Initiative, Neighbourhood
from sessions.selectors import municipality_session_summary

# The fields of a row, in the order of the CSV's columns (and the JSON Schema's properties).
FIELDS = [
    "cbs_code",
    "naam",
    "provincie_code",
    "provincie_naam",
    "res_regio_code",
    "res_regio_naam",
    "visie_status",
    "visie_vastgesteld_op",
    "visie_url",
    "visie_raadsbesluit_url",
    "visie_raadsbesluit_beschikbaar",
    "programma_status",
    "programma_vastgesteld_op",
    "programma_url",
    "programma_raadsbesluit_url",
    "programma_raadsbesluit_beschikbaar",
    "wijken",
    "wijken_gepland",
    "initiatieven",
    "termijn_soort",
    "termijn_datum",
    "termijn_stand",
    "sessies_gehouden",
    "leerlabs",
    "laatst_bijgewerkt",
]


def _count(queryset):
    sub = queryset.filter(municipality=OuterRef("pk")).order_by().values("municipality")
    return Coalesce(Subquery(sub.annotate(n=Count("pk")).values("n"), output_field=IntegerField()), Value(0))


def _document(progress, prefix: str) -> dict:
    """Status, date, link and council decision of the vision or the warmteprogramma. An uploaded
    decision is served only behind a login: whether there is one, never its address."""
    name = {"visie": "vision", "programma": "programme"}[prefix]
    if progress is None:
        return {
            f"{prefix}_status": AdoptionStatus.NOT_STARTED.value,
            f"{prefix}_vastgesteld_op": None,
            f"{prefix}_url": None,
            f"{prefix}_raadsbesluit_url": None,
            f"{prefix}_raadsbesluit_beschikbaar": False,
        }
    decision_url = getattr(progress, f"{name}_decision_url")
    adopted_on = getattr(progress, f"{name}_adopted_on")
    return {
        f"{prefix}_status": getattr(progress, f"{name}_status"),
        f"{prefix}_vastgesteld_op": adopted_on.isoformat() if adopted_on else None,
        f"{prefix}_url": getattr(progress, f"{name}_url") or None,
        f"{prefix}_raadsbesluit_url": decision_url or None,
        f"{prefix}_raadsbesluit_beschikbaar": bool(decision_url or getattr(progress, f"{name}_decision_file")),
    }


def _iso(value) -> str | None:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return value.isoformat() if value else None


def open_data_rows(*, today: dt.date | None = None) -> list[dict]:
    """One dict per current municipality (FIELDS), ordered by CBS code: 5 queries."""
    municipalities = list(
        Municipality.objects.current()
        .select_related("province", "res_region", "progress")
        .annotate(
            n_neighbourhoods=_count(Neighbourhood.objects.all()),
            n_planned=_count(Neighbourhood.objects.filter(period_start__isnull=False)),
            n_initiatives=_count(Initiative.objects.all()),
        )
        .order_by("cbs_code")
    )
    ids = [m.pk for m in municipalities]
    sessions = municipality_session_summary(municipality_ids=ids)
    labs = municipality_lab_summary(municipality_ids=ids)
    headlines = municipality_headlines(municipality_ids=ids, today=today)
    rows = []
    for m in municipalities:
        progress = getattr(m, "progress", None)
        deadline = headlines.get(m.pk)
        rows.append(
            {
                "cbs_code": m.cbs_code,
                "naam": m.name,
                "provincie_code": m.province.code if m.province_id else None,
                "provincie_naam": m.province.name if m.province_id else None,
                "res_regio_code": m.res_region.code if m.res_region_id else None,
                "res_regio_naam": m.res_region.name if m.res_region_id else None,
                **_document(progress, "visie"),
                **_document(progress, "programma"),
                "wijken": m.n_neighbourhoods,
                "wijken_gepland": m.n_planned,
                "initiatieven": m.n_initiatives,
                "termijn_soort": deadline.kind if deadline else None,
                "termijn_datum": _iso(deadline.due_on) if deadline else None,
                "termijn_stand": deadline.state if deadline else None,
                "sessies_gehouden": sessions[m.pk]["held"],
                "leerlabs": labs[m.pk]["labs"],
                "laatst_bijgewerkt": _iso(progress.updated_at) if progress else None,
            }
        )
    return rows
