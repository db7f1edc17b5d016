"""The region table as CSV or XLSX, written by heatportal.exports (Dutch Excel CSV, typed XLSX, one guard)."""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from heatportal.exports import FORMATS, Column, export_response

__all__ = ["FORMATS", "dossier_response", "response"]


def _progress(name: str):
    """Getter for a field of the row's Progress (None while a municipality has none)."""
    return lambda row: getattr(row.progress, name) if row.progress else None


def _columns() -> list[Column]:
    return [
        Column(_("Gemeente"), lambda row: row.municipality.name, width=24),
        Column(_("CBS-code"), lambda row: row.municipality.cbs_code, width=10),
        Column(_("Transitievisie warmte"), lambda row: str(row.vision_label), width=26),
        Column(_("Visie vastgesteld op"), _progress("vision_adopted_on"), "date"),
        Column(_("Warmteprogramma"), lambda row: str(row.programme_label), width=26),
        Column(_("Warmteprogramma vastgesteld op"), _progress("programme_adopted_on"), "date"),
        Column(_("Termijn"), lambda row: str(row.deadline.label) if row.deadline else "", width=30),
        Column(_("Termijn uiterlijk"), lambda row: row.deadline.due_on if row.deadline else None, "date"),
        Column(_("Stand van de termijn"), lambda row: row.deadline.state_label if row.deadline else "", width=14),
        Column(_("Aantal woningen"), lambda row: row.municipality.dwellings, "number"),
        Column(_("Wijken met planperiode"), lambda row: row.neighbourhoods_planned, "number"),
        Column(_("Lokale initiatieven"), lambda row: row.initiatives, "number"),
        Column(_("Sessies"), lambda row: row.sessions["sessions"], "number"),
        Column(_("Sessies gehouden"), lambda row: row.sessions["held"], "number"),
        Column(_("Leer Labs"), lambda row: row.labs["labs"], "number"),
        # Written as wall-clock time in Amsterdam, to the minute: spreadsheets have no time zones.
        Column(_("Laatst bijgewerkt"), lambda row: row.updated_at, "datetime"),
        Column(_("Aandacht nodig"), lambda row: row.flagged, "bool"),
        Column(_("Reden voor aandacht"), lambda row: row.progress.flag_reason if row.progress else "", width=40),
    ]


def response(*, rows, fmt: str, name: str) -> HttpResponse:
    stamp = timezone.localdate().isoformat()
    return export_response(
        fmt=fmt, filename=f"voortgang-{name}-{stamp}", columns=_columns(), rows=rows, sheet_title=_("Voortgang")
    )


def _dossier_columns(absolute) -> list[Column]:
    return [
        Column(_("Datum"), lambda e: timezone.localtime(e.when).date(), "date"),
        Column(_("Tijd"), lambda e: "" if e.dated else timezone.localtime(e.when).strftime("%H:%M"), width=7),
        Column(_("Soort"), lambda e: e.kind_label, width=14),
        Column(_("Onderwerp"), lambda e: e.title, width=50),
        Column(_("Toelichting"), lambda e: e.detail, width=50),
        Column(_("Door"), lambda e: e.actor, width=24),
        Column(_("Details"), lambda e: "; ".join([*e.lines, *(url for _label, url in e.links)]), width=50),
        Column(_("Link"), lambda e: absolute(e.link) if e.link else "", width=40),
    ]


def dossier_response(*, entries, fmt: str, municipality, absolute) -> HttpResponse:
    """A municipality's dossier (ENTRIES as the page shows them); ABSOLUTE makes a link a full URL."""
    return export_response(
        fmt=fmt,
        filename=f"dossier-{municipality.cbs_code}-{timezone.localdate().isoformat()}",
        columns=_dossier_columns(absolute),
        rows=entries,
        sheet_title=_("Dossier"),
    )
