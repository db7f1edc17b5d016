"""The change log of progress, read from django-simple-history's tables: who changed what and
when, each record compared with the one before it of the same object (diff_against)."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.db.models import OuterRef, Q, Subquery, Value
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from municipalities.models import Municipality
from progress.models import Initiative, Neighbourhood, Progress, ProgressComment


@dataclass
class Change:
    when: dt.datetime
    who: str
    municipality_id: int
    subject: str
    action: str
    fields: list  # [(label, old, new)]
    municipality_name: str = ""
    kind: str = "~"  # simple_history's history_type: + created, ~ changed, - deleted
    reason: str = ""  # simple_history's change reason: the source of a change made elsewhere (a session)
    source: tuple = ()  # (table, history id) of the record, set by changes_of


def _display(record, name: str) -> str:
    value = getattr(record, name)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, dt.date):
        return formats.date_format(value, "j F Y")
    if name == "dwellings":
        return formats.number_format(value, use_l10n=True, force_grouping=True)
    getter = getattr(record, f"get_{name}_display", None)
    return str(getter()) if getter else str(value)


PROGRESS_FIELDS = [
    "vision_status",
    "vision_adopted_on",
    "vision_url",
    "programme_status",
    "programme_adopted_on",
    "programme_url",
    "flagged",
    "flag_reason",
]
NEIGHBOURHOOD_FIELDS = [
    "name",
    "cbs_code",
    "dwellings",
    "period_start",
    "period_end",
    "alternative",
    "insulation_first",
    "wup_status",
]
INITIATIVE_FIELDS = [
    "name",
    "phase",
    "heat_solution",
    "contact_name",
    "contact_email",
    "collaboration",
    "collaboration_notes",
]


def _tracked():
    """(history model, municipality field, fields shown, subject of a record)."""
    return [
        (Progress.history.model, "municipality_id", PROGRESS_FIELDS, lambda r: _("Visie en warmteprogramma")),
        (
            Neighbourhood.history.model,
            "municipality_id",
            NEIGHBOURHOOD_FIELDS,
            lambda r: _("Wijk %(name)s") % {"name": r.name},
        ),
        (
            Initiative.history.model,
            "municipality_id",
            INITIATIVE_FIELDS,
            lambda r: _("Initiatief %(name)s") % {"name": r.name},
        ),
        (Municipality.history.model, "id", ["dwellings"], lambda r: _("Aantal woningen")),
    ]


ACTIONS = {"+": gettext_lazy("toegevoegd"), "~": gettext_lazy("gewijzigd"), "-": gettext_lazy("verwijderd")}


def _change(record, previous, municipality_field, names, subject) -> Change | None:
    model = record.instance_type
    label = {name: str(model._meta.get_field(name).verbose_name) for name in names}
    if record.history_type == "~" and previous is not None:
        # diff_against lists changes sorted by field name; shown in the order of NAMES.
        changed = set(record.diff_against(previous, included_fields=names).changed_fields)
        fields = [(label[n], _display(previous, n), _display(record, n)) for n in names if n in changed]
        if not fields:
            return None
    else:
        shown = previous if record.history_type == "-" and previous is not None else record
        # A new progress row starts "not started": only what differs from that is news.
        defaults = {n: model._meta.get_field(n).get_default() if model is Progress else None for n in names}
        fields = [
            (label[n], "", _display(shown, n)) for n in names if getattr(shown, n) not in (None, "", False, defaults[n])
        ]
        if record.history_type == "+" and not fields and model is Progress:
            return None  # the empty row made by a first edit; that edit follows as its own change
    user = record.history_user
    return Change(
        when=record.history_date,
        who=(user.full_name or user.email) if user else _("onbekend (import of beheer)"),
        municipality_id=getattr(record, municipality_field),
        subject=subject(record),
        action=str(ACTIONS[record.history_type]),
        fields=fields,
        kind=record.history_type,
        reason=record.history_change_reason or "",
    )


def change_log(*, municipality_ids, since=None, until=None, limit: int | None = None) -> list[Change]:
    """What changed in MUNICIPALITY_IDS between SINCE and UNTIL, newest first: one query per
    history table (4). Each record is compared with the record before it of the same object."""
    changes: list[Change] = []
    for model, municipality_field, names, subject in _tracked():
        window = Q()
        if since is not None:
            window &= Q(history_date__gte=since)
        if until is not None:
            window &= Q(history_date__lt=until)
        touched = model.objects.filter(window, **{f"{municipality_field}__in": municipality_ids}).values("id")
        if municipality_field == "id":
            # Reference data loads create municipalities without a user: only dwellings count.
            touched = touched.filter(history_type="~")
        records = model.objects.filter(id__in=touched).select_related("history_user").order_by("id", "history_date")
        if until is not None:
            records = records.filter(history_date__lt=until)
        previous = None
        for record in records:
            if previous is not None and previous.id != record.id:
                previous = None
            in_window = (since is None or record.history_date >= since) and (
                until is None or record.history_date < until
            )
            if in_window and not (municipality_field == "id" and record.history_type != "~"):
                change = _change(record, previous, municipality_field, names, subject)
                if change:
                    changes.append(change)
            previous = record
    changes.sort(key=lambda c: c.when, reverse=True)
    changes = changes[:limit] if limit else changes
    if changes:
        names = dict(Municipality.objects.filter(pk__in={c.municipality_id for c in changes}).values_list("pk", "name"))
        for change in changes:
            change.municipality_name = names.get(change.municipality_id, "")
    return changes


# --- One municipality's log, a page at a time --------------------------------------------------
# The records of the four tables are united and ordered in the database, each with the id of the
# record before it of the same object, so a page reads only its own records and their
# predecessors, however many years of history lie behind it.
def entry_parts(municipality_id: int, *, since=None, until=None) -> list:
    """Per history table the municipality's records as (date, history id, previous id, table),
    between SINCE and UNTIL when given: to be united (here, and with the dossier's other sources)."""
    parts = []
    for index, (model, municipality_field, _names, _subject) in enumerate(_tracked()):
        records = model.objects.filter(**{municipality_field: municipality_id})
        if since is not None:
            records = records.filter(history_date__gte=since)
        if until is not None:
            records = records.filter(history_date__lt=until)
        if municipality_field == "id":
            records = records.filter(history_type="~")  # reference data loads: only dwellings count
        before = model.objects.filter(
            Q(history_date__lt=OuterRef("history_date"))
            | Q(history_date=OuterRef("history_date"), history_id__lt=OuterRef("history_id")),
            # Implied by the line above; spelled out so the index on (id, history_date) is
            # entered at this record's date rather than scanned from the object's newest one.
            id=OuterRef("id"),
            history_date__lte=OuterRef("history_date"),
        ).order_by("-history_date", "-history_id")
        parts.append(
            records.order_by()
            .annotate(previous_id=Subquery(before.values("history_id")[:1]), table=Value(index))
            .values_list("history_date", "history_id", "previous_id", "table")
        )
    return parts


HISTORY_TABLES = range(len(_tracked()))


def _entries(municipality_id: int):
    parts = entry_parts(municipality_id)
    return parts[0].union(*parts[1:], all=True).order_by("-history_date", "-table", "-history_id")


def changes_of(entries) -> list[Change]:
    """The changes of ENTRIES ((date, history id, previous id, table) newest first): one query
    per table that has any. A record that changed nothing shown gives no change."""
    tracked = _tracked()
    wanted: dict = defaultdict(set)
    for _date, history_id, previous_id, table in entries:
        wanted[table].update({history_id, previous_id} - {None})
    loaded = {
        table: model.objects.select_related("history_user").in_bulk(ids, field_name="history_id")
        for table, ids in wanted.items()
        for model in [tracked[table][0]]
    }
    changes = []
    for _date, history_id, previous_id, table in entries:
        _model, municipality_field, names, subject = tracked[table]
        records = loaded[table]
        change = _change(records[history_id], records.get(previous_id), municipality_field, names, subject)
        if change:
            change.source = (table, history_id)
            changes.append(change)
    return changes


def recent_changes(*, municipality_id: int, limit: int) -> list[Change]:
    """The latest LIMIT records' changes of one municipality: at most 5 queries."""
    return changes_of(list(_entries(municipality_id)[:limit]))


HISTORY_PAGE_SIZE = 25


def change_log_page(*, municipality_id: int, page=None, size: int = HISTORY_PAGE_SIZE) -> Page:
    """One page of a municipality's change log, newest first, its object_list the changes: at
    most 6 queries. Pages count records; one that changed nothing shown is left out of its page."""
    result = Paginator(_entries(municipality_id), size).get_page(page)
    result.object_list = changes_of(list(result.object_list))
    return result


def comments_between(*, municipality_ids, since=None, until=None) -> list[ProgressComment]:
    comments = ProgressComment.objects.filter(municipality_id__in=municipality_ids).select_related(
        "author", "municipality"
    )
    if since is not None:
        comments = comments.filter(created_at__gte=since)
    if until is not None:
        comments = comments.filter(created_at__lt=until)
    return list(comments.order_by("-created_at"))


def comments_page(*, municipality_id: int, page=None, size: int = HISTORY_PAGE_SIZE) -> Page:
    comments = ProgressComment.objects.filter(municipality_id=municipality_id).select_related("author")
    return Paginator(comments.order_by("-created_at", "-id"), size).get_page(page)
