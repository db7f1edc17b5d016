"""The dossier of one municipality: one timeline of everything about it, newest first.

Every source gives its rows as (moment, row id, reference, table), the shape of the progress
history's own entries (progress/selectors/history.py entry_parts, reused as they are): the rows
are united and ordered in the database, a page is cut there, and only the page's rows are then
loaded, one query per source that has any (progress/selectors/dossier_items.py). So the number
of queries does not grow with the number of entries, however many years lie behind them.

The columns keep the history's names in every source: history_date is the moment, history_id
the row's id, previous_id a reference (the session of an outcome, the lab of an enrolment, the
record before a history record), table which source the row comes from.
"""

import datetime as dt

from django.core.paginator import Page, Paginator
from django.db.models import DateTimeField, F, IntegerField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from labs.models import Enrolment, Lab
from outcomes.models import AgreedAction, LinkingOpportunity, SessionReview, WijkDirection
from progress.models import Progress, ProgressComment
from progress.selectors import dossier_items, history
from sessions.models import SessionDay, SessionMunicipality

# The kinds a reader filters on, in the order the form offers them (the keys are the URL's).
KINDS = {
    "sessies": _("Sessies"),
    "leerlabs": _("Leer Labs"),
    "uitkomsten": _("Uitkomsten"),
    "voortgang": _("Voortgang"),
    "opmerkingen": _("Opmerkingen"),
    "documenten": _("Documenten"),
}
DOSSIER_PAGE_SIZE = 25
# The history's tables are 0-3 (history.HISTORY_TABLES); the progress record (table 0) holds
# the flag too, which the dossier counts as a remark (dossier_items splits such a change).
PROGRESS_TABLE = 0


def _columns(records, table: int, *, when, ref, row=None):
    """RECORDS with the dossier's columns; WHEN and ROW None: a history table's own fields."""
    named = {"history_date": when, "history_id": row}
    return records.annotate(
        **{name: value for name, value in named.items() if value is not None},
        previous_id=ref,
        table=Value(table, output_field=IntegerField()),
    )


def _day(field):
    """A date as a moment (midnight UTC: the same day in the Netherlands), to sort among moments."""
    return Cast(field, DateTimeField())


def _session_parts(municipality) -> dict:
    first_day = SessionDay.objects.filter(session=OuterRef("session_id")).order_by("date", "start_time")
    when = Coalesce(_day(Subquery(first_day.values("date")[:1])), F("session__created_at"))
    taking_part = SessionMunicipality.objects.filter(municipality=municipality)
    return {
        dossier_items.SESSION: _columns(taking_part, dossier_items.SESSION, when=when, ref=F("session_id"), row=F("pk"))
    }


def _lab_parts(municipality) -> dict:
    enrolments = Enrolment.objects.filter(municipality=municipality)
    started = enrolments.filter(
        status=Enrolment.Status.ACTIVE,
        lab__status__in=[Lab.Status.RUNNING, Lab.Status.COMPLETED],
        lab__start_date__isnull=False,
    )
    gone = enrolments.filter(
        status__in=[Enrolment.Status.WITHDRAWN, Enrolment.Status.DECLINED, Enrolment.Status.EXPIRED]
    )
    lab = F("lab_id")
    return {
        dossier_items.LAB_ENROLLED: _columns(
            enrolments, dossier_items.LAB_ENROLLED, when=F("created_at"), ref=lab, row=F("pk")
        ),
        dossier_items.LAB_STARTED: _columns(
            started, dossier_items.LAB_STARTED, when=_day("lab__start_date"), ref=lab, row=F("pk")
        ),
        dossier_items.LAB_LEFT: _columns(gone, dossier_items.LAB_LEFT, when=F("updated_at"), ref=lab, row=F("pk")),
    }


def _outcome_parts(municipality) -> dict:
    session = F("session_id")
    mine = {"municipality": municipality}
    action_history = AgreedAction.history.model.objects
    before = action_history.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
        "-history_date", "-history_id"
    )
    # A record whose status differs from the record before it: the action's status changed.
    changed = (
        action_history.filter(history_type="~", **mine)
        .annotate(previous_status=Subquery(before.values("status")[:1]))
        .filter(~Q(previous_status=F("status")))
    )
    i = dossier_items
    return {
        i.KOPPELKANS: _columns(
            LinkingOpportunity.objects.filter(**mine), i.KOPPELKANS, when=F("created_at"), ref=session, row=F("pk")
        ),
        i.ACTION: _columns(
            AgreedAction.objects.filter(**mine), i.ACTION, when=F("created_at"), ref=session, row=F("pk")
        ),
        i.ACTION_STATUS: _columns(changed, i.ACTION_STATUS, when=None, ref=session),
        i.DIRECTION: _columns(
            WijkDirection.objects.filter(**mine), i.DIRECTION, when=F("created_at"), ref=session, row=F("pk")
        ),
        i.DIRECTION_ADOPTED: _columns(
            WijkDirection.objects.filter(adopted_at__isnull=False, **mine),
            i.DIRECTION_ADOPTED,
            when=F("adopted_at"),
            ref=session,
            row=F("pk"),
        ),
    }


def _document_parts(municipality) -> dict:
    progress = Progress.objects.filter(municipality=municipality)
    parts = {}
    for table, document in ((dossier_items.VISION_DOCUMENT, "vision"), (dossier_items.PROGRAMME_DOCUMENT, "programme")):
        some = ~Q(**{f"{document}_url": ""}) | ~Q(**{f"{document}_decision_url": ""})
        some |= ~Q(**{f"{document}_decision_file": ""})
        adopted = progress.filter(some, **{f"{document}_adopted_on__isnull": False})
        parts[table] = _columns(adopted, table, when=_day(f"{document}_adopted_on"), ref=F("pk"), row=F("pk"))
    reviews = SessionReview.objects.filter(
        published_at__isnull=False, session__participations__municipality=municipality
    )
    parts[dossier_items.REVIEW] = _columns(
        reviews, dossier_items.REVIEW, when=F("published_at"), ref=F("session_id"), row=F("pk")
    )
    return parts


def _own_parts(municipality) -> dict:
    comments = ProgressComment.objects.filter(municipality=municipality)
    return {
        **_session_parts(municipality),
        **_lab_parts(municipality),
        **_outcome_parts(municipality),
        dossier_items.COMMENT: _columns(
            comments, dossier_items.COMMENT, when=F("created_at"), ref=F("municipality_id"), row=F("pk")
        ),
        **_document_parts(municipality),
    }


def _tables_of(kinds) -> set[int]:
    tables = {table for table, kind in dossier_items.KIND_OF_TABLE.items() if kind in kinds}
    if "voortgang" in kinds:
        tables |= set(history.HISTORY_TABLES)
    if "opmerkingen" in kinds:
        tables.add(PROGRESS_TABLE)  # the flag
    return tables


def _year_window(year):
    if year is None:
        return None, None
    zone = timezone.get_current_timezone()
    return dt.datetime(year, 1, 1, tzinfo=zone), dt.datetime(year + 1, 1, 1, tzinfo=zone)


def _entries(municipality, kinds, year):
    """The united rows of KINDS in YEAR (all when None), unordered."""
    since, until = _year_window(year)
    tables = _tables_of(kinds)
    parts = [
        part
        for index, part in enumerate(history.entry_parts(municipality.pk, since=since, until=until))
        if index in tables
    ]
    for table, part in _own_parts(municipality).items():
        if table in tables:
            if since is not None:
                part = part.filter(history_date__gte=since, history_date__lt=until)
            parts.append(part.order_by().values_list("history_date", "history_id", "previous_id", "table"))
    return parts[0].union(*parts[1:], all=True)


def clean_kinds(values) -> list[str]:
    """The known kinds among VALUES (the form's checkboxes), in the form's order; none: all."""
    chosen = [kind for kind in KINDS if kind in set(values or ())]
    return chosen or list(KINDS)


def dossier_years(municipality) -> list[int]:
    """The years the form offers: from the dossier's oldest entry to this year, newest first."""
    oldest = _entries(municipality, list(KINDS), None).order_by("history_date").first()
    this_year = timezone.localdate().year
    first = timezone.localtime(oldest[0]).year if oldest else this_year
    return list(range(this_year, min(first, this_year) - 1, -1))


def dossier_entries(municipality, user, kinds=None, year: int | None = None, page=None, size=DOSSIER_PAGE_SIZE) -> Page:
    """One page of MUNICIPALITY's dossier as USER may read it, newest first: its object_list the
    entries (dossier_items.Entry). KINDS: keys of KINDS (none: every kind); YEAR: one calendar
    year. A page counts rows: a history record that changed nothing shown, or a progress change
    of a kind not asked for (the flag beside the vision), is left out of its page."""
    kinds = clean_kinds(kinds)
    ordered = _entries(municipality, kinds, year).order_by("-history_date", "-table", "-history_id")
    result = Paginator(ordered, size).get_page(page)
    rows = list(result.object_list)
    result.object_list = [
        entry for entry in dossier_items.entries_of(rows, municipality=municipality, user=user) if entry.kind in kinds
    ]
    return result


EXPORT_PAGE_SIZE = 500


def dossier_all(municipality, user, kinds=None, year: int | None = None):
    """Every entry of the dossier as dossier_entries gives them, read a page of EXPORT_PAGE_SIZE
    at a time (the export): each page its bounded number of queries."""
    number = 1
    while True:
        page = dossier_entries(municipality, user, kinds=kinds, year=year, page=number, size=EXPORT_PAGE_SIZE)
        yield from page.object_list
        if not page.has_next():
            return
        number += 1
