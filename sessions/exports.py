"""Attendee lists as CSV and XLSX downloads (written by heatportal.exports, guard included)."""

from operator import itemgetter

from django.http import HttpResponse
from django.utils.translation import gettext as _

from heatportal.exports import Column, export_response
from sessions.models import Session, Workshop


def _columns(*, per_day: bool) -> list[Column]:
    return [
        Column(_("Naam"), itemgetter("name"), width=30),
        Column(_("E-mailadres"), itemgetter("email"), width=36),
        Column(_("Organisatie"), itemgetter("organisation"), width=36),
        *([Column(_("Dagen"), itemgetter("days"), width=24)] if per_day else []),
        Column(_("Workshop"), itemgetter("workshop"), width=36),
        Column(_("Aanwezig"), itemgetter("attended"), "bool", width=10),  # None: not yet ticked
    ]


def attendee_response(*, session: Session, workshop: Workshop | None, rows: list[dict], fmt: str) -> HttpResponse:
    name = f"deelnemers-{session.title}" + (f"-{workshop.title}" if workshop else "")
    columns = _columns(per_day=len(session.days.all()) > 1)
    return export_response(fmt=fmt, filename=name, columns=columns, rows=rows, sheet_title=_("Deelnemers"))
