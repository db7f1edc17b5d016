"""The entries of a page of the dossier (progress/selectors/dossier.py): the page's rows loaded,
one query per source that has any, and each told as an Entry.

Names of people from the stakeholder register (who came to a session, a contact who updated an
action through their link) are shown as the session page shows them: to whoever may change the
session. Everyone else reads counts and organisations. Links go to a page the reader may open,
or are left out."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import OuterRef, Q, Subquery
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from labs.models import Enrolment
from outcomes.models import AgreedAction, LinkingOpportunity, SessionReview, WijkDirection
from progress.models import Progress, ProgressComment
from progress.selectors import history
from sessions.models import Invitation, Session
from sessions.rules import changeable_sessions, visible_sessions

# The dossier's own tables (the history's are 0-3).
SESSION = 10
LAB_ENROLLED, LAB_STARTED, LAB_LEFT = 11, 12, 13
KOPPELKANS, ACTION, ACTION_STATUS, DIRECTION, DIRECTION_ADOPTED = 20, 21, 22, 23, 24
COMMENT = 30
VISION_DOCUMENT, PROGRAMME_DOCUMENT, REVIEW = 40, 41, 42

KIND_OF_TABLE = {
    SESSION: "sessies",
    **dict.fromkeys((LAB_ENROLLED, LAB_STARTED, LAB_LEFT), "leerlabs"),
    **dict.fromkeys((KOPPELKANS, ACTION, ACTION_STATUS, DIRECTION, DIRECTION_ADOPTED), "uitkomsten"),
    COMMENT: "opmerkingen",
    **dict.fromkeys((VISION_DOCUMENT, PROGRAMME_DOCUMENT, REVIEW), "documenten"),
}
SESSION_TABLES = {SESSION, KOPPELKANS, ACTION, ACTION_STATUS, DIRECTION, DIRECTION_ADOPTED, REVIEW}
FLAG_FIELDS = ("flagged", "flag_reason")


@dataclass
class Entry:
    when: dt.datetime
    kind: str  # a key of dossier.KINDS
    title: str
    detail: str = ""
    link: str = ""
    actor: str = ""
    lines: list = field(default_factory=list)  # what changed, who came
    links: list = field(default_factory=list)  # (label, url): a document and its council decision
    lines_label: str = ""  # what the lines are, when they need saying
    dated: bool = False  # a day rather than a moment: shown without a time

    @property
    def kind_label(self) -> str:
        from progress.selectors.dossier import KINDS

        return str(KINDS[self.kind])

    @property
    def month(self) -> dt.date:
        return timezone.localtime(self.when).date().replace(day=1)


def _name(user) -> str:
    return (user.full_name or user.email) if user else ""


@dataclass
class _Context:
    municipality: object
    user: object
    visible: set  # session ids USER may open
    changeable: set  # session ids whose invitees USER may see by name

    def session_link(self, session_id, view="sessions:detail") -> str:
        return reverse(view, args=[session_id]) if session_id in self.visible else ""


def _context(rows, municipality, user) -> _Context:
    ids = {ref for _when, _pk, ref, table in rows if table in SESSION_TABLES}
    visible = set(visible_sessions(user).filter(pk__in=ids).values_list("pk", flat=True)) if ids else set()
    changeable = (
        set(changeable_sessions(user).filter(pk__in=visible).values_list("pk", flat=True)) if visible else set()
    )
    return _Context(municipality, user, visible, changeable)


# --- Sessions ---------------------------------------------------------------------------------
def _attendees(session_ids, municipality) -> dict:
    """Per session: the invitees from organisations working in MUNICIPALITY who came."""
    came = Q(attended=True) | Q(attending_days__present_at__isnull=False)
    invitations = (
        Invitation.objects.filter(came, session_id__in=session_ids, contact__organisation__municipalities=municipality)
        .select_related("contact__organisation")
        .distinct()
        .order_by("contact__name", "pk")
    )
    found = defaultdict(list)
    for invitation in invitations:
        found[invitation.session_id].append(invitation.contact)
    return found


def _session_title(session) -> str:
    kind = session.get_kind_display()
    return session.title if session.title.lower().startswith(kind.lower()) else f"{kind}: {session.title}"


def _sessions(rows, ctx) -> dict:
    ids = [ref for *_rest, ref, _table in rows]
    sessions = Session.objects.prefetch_related("days").in_bulk(ids)
    attendees = _attendees(ids, ctx.municipality)
    entries = {}
    for when, pk, ref, table in rows:
        session = sessions[ref]
        came = attendees.get(ref, [])
        lines, label = [], ""
        if came and ref in ctx.changeable:
            lines = [f"{c.name} ({c.organisation.name})" if c.organisation else c.name for c in came]
            label = _("Wie er waren")
        elif came:
            lines = sorted({c.organisation.name for c in came if c.organisation})
            label = _("Van de organisaties")
        detail = session.get_status_display()
        if session.status == Session.Status.HELD:
            counted = ngettext("%(n)d aanwezige uit de gemeente", "%(n)d aanwezigen uit de gemeente", len(came))
            detail = f"{detail}, {counted % {'n': len(came)}}"
        days = list(session.days.all())
        entries[(table, pk)] = Entry(
            when=when,
            kind="sessies",
            title=_session_title(session),
            detail=detail,
            link=ctx.session_link(ref),
            lines=lines,
            lines_label=label,
            dated=bool(days),
        )
    return entries


# --- Leer Labs --------------------------------------------------------------------------------
LAB_TITLES = {
    LAB_ENROLLED: lambda e: _("Aangemeld voor Leer Lab %(lab)s") % {"lab": e.lab.title},
    LAB_STARTED: lambda e: _("Leer Lab %(lab)s gestart") % {"lab": e.lab.title},
    LAB_LEFT: lambda e: _("Leer Lab %(lab)s: %(status)s") % {"lab": e.lab.title, "status": e.get_status_display()},
}


def _labs(rows, ctx) -> dict:
    enrolments = Enrolment.objects.select_related("lab", "enrolled_by").in_bulk([pk for _w, pk, _r, _t in rows])
    entries = {}
    for when, pk, _ref, table in rows:
        enrolment = enrolments[pk]
        detail = _("Case: %(case)s") % {"case": enrolment.case_title}
        if table == LAB_ENROLLED:
            detail = f"{detail} ({enrolment.get_status_display().lower()})"
        entries[(table, pk)] = Entry(
            when=when,
            kind="leerlabs",
            title=LAB_TITLES[table](enrolment),
            detail=detail,
            link=reverse("labs:detail", args=[enrolment.lab_id]),
            actor=_name(enrolment.enrolled_by) if table == LAB_ENROLLED else "",
            dated=table == LAB_STARTED,
        )
    return entries


# --- Outcomes ---------------------------------------------------------------------------------
def _from_session(outcome) -> str:
    return _("Uit %(session)s") % {"session": outcome.session.title}


def _outcome_entry(when, outcome, ctx, *, title, detail, actor="") -> Entry:
    return Entry(
        when=when,
        kind="uitkomsten",
        title=title,
        detail=" · ".join(part for part in (detail, _from_session(outcome)) if part),
        link=ctx.session_link(outcome.session_id, "outcomes:session"),
        actor=actor,
    )


def _koppelkansen(rows, ctx) -> dict:
    found = LinkingOpportunity.objects.select_related("session", "organisation", "created_by").in_bulk(
        [r[1] for r in rows]
    )
    entries = {}
    for when, pk, _ref, table in rows:
        kans = found[pk]
        parts = [
            kans.neighbourhood_name,
            kans.organisation.name if kans.organisation else "",
            kans.get_status_display(),
        ]
        title = _("Koppelkans: %(what)s") % {"what": kans.description}
        detail = ", ".join(p for p in parts if p)
        entries[(table, pk)] = _outcome_entry(when, kans, ctx, title=title, detail=detail, actor=_name(kans.created_by))
    return entries


def _owner(action) -> str:
    return action.owner_organisation.name if action.owner_organisation_id else _("de gemeente")


def _actions(rows, ctx) -> dict:
    found = AgreedAction.objects.select_related("session", "owner_organisation", "created_by").in_bulk(
        [r[1] for r in rows]
    )
    entries = {}
    for when, pk, _ref, table in rows:
        action = found[pk]
        title = _("Afspraak: %(what)s") % {"what": action.description}
        detail = _("door %(owner)s") % {"owner": _owner(action)}
        if action.due_on:
            detail += ", " + _("uiterlijk %(date)s") % {"date": _date(action.due_on)}
        actor = _name(action.created_by)
        entries[(table, pk)] = _outcome_entry(when, action, ctx, title=title, detail=detail, actor=actor)
    return entries


def _action_changes(rows, ctx) -> dict:
    model = AgreedAction.history.model
    before = model.objects.filter(id=OuterRef("id"), history_date__lt=OuterRef("history_date")).order_by(
        "-history_date", "-history_id"
    )
    records = (
        model.objects.filter(history_id__in=[r[1] for r in rows])
        .select_related("session", "owner_organisation", "history_user")
        .annotate(previous_status=Subquery(before.values("status")[:1]))
    )
    found = {record.history_id: record for record in records}
    labels = dict(AgreedAction.Status.choices)
    entries = {}
    for when, pk, _ref, table in rows:
        record = found[pk]
        actor = _name(record.history_user)
        if not actor and record.status_changed_by_name:
            # A contact through their personal link: named to who sees the session's invitees.
            actor = record.status_changed_by_name if record.session_id in ctx.changeable else _("de contactpersoon")
        title = _("Afspraak %(what)s: %(old)s → %(new)s") % {
            "what": record.description,
            "old": labels.get(record.previous_status, "—"),
            "new": record.get_status_display(),
        }
        entry = _outcome_entry(when, record, ctx, title=title, detail=record.status_note, actor=actor)
        entries[(table, pk)] = entry
    return entries


def _directions(rows, ctx) -> dict:
    found = WijkDirection.objects.select_related("session", "created_by", "adopted_by").in_bulk([r[1] for r in rows])
    entries = {}
    for when, pk, _ref, table in rows:
        direction = found[pk]
        values = {"wijk": direction.neighbourhood_name, "alternative": direction.get_alternative_display()}
        if table == DIRECTION_ADOPTED:
            title = _("Richting voor %(wijk)s overgenomen in de wijken") % values
            actor = _name(direction.adopted_by)
        else:
            title = _("Richting voor %(wijk)s: %(alternative)s") % values
            actor = _name(direction.created_by)
        detail = _("eerst isoleren") if direction.insulation_first else ""
        entries[(table, pk)] = _outcome_entry(when, direction, ctx, title=title, detail=detail, actor=actor)
    return entries


# --- Remarks and documents --------------------------------------------------------------------
def _comments(rows, ctx) -> dict:
    found = ProgressComment.objects.select_related("author").in_bulk([r[1] for r in rows])
    link = reverse("progress:history", args=[ctx.municipality.cbs_code]) + "#opmerkingen"
    return {
        (table, pk): Entry(
            when=when,
            kind="opmerkingen",
            title=_("Opmerking"),
            detail=found[pk].body,
            link=link,
            actor=_name(found[pk].author) or _("Onbekend"),
        )
        for when, pk, _ref, table in rows
    }


def _date(day) -> str:
    from django.utils.formats import date_format

    return date_format(day, "j F Y")


DOCUMENTS = {
    VISION_DOCUMENT: ("vision", lambda: _("Transitievisie warmte vastgesteld")),
    PROGRAMME_DOCUMENT: ("programme", lambda: _("Warmteprogramma vastgesteld")),
}


def _decisions(rows, ctx) -> dict:
    found = Progress.objects.in_bulk([r[1] for r in rows])
    entries = {}
    for when, pk, _ref, table in rows:
        progress, (document, title) = found[pk], DOCUMENTS[table]
        lines = []
        if getattr(progress, f"{document}_url"):
            lines.append((_("Het document"), getattr(progress, f"{document}_url")))
        if getattr(progress, f"{document}_decision_file"):
            download = reverse("progress:decision_download", args=[ctx.municipality.cbs_code, document])
            lines.append((_("Het raadsbesluit (download)"), download))
        elif getattr(progress, f"{document}_decision_url"):
            lines.append((_("Het raadsbesluit"), getattr(progress, f"{document}_decision_url")))
        entries[(table, pk)] = Entry(when=when, kind="documenten", title=title(), links=lines, dated=True)
    return entries


def _reviews(rows, ctx) -> dict:
    found = SessionReview.objects.select_related("session").in_bulk([r[1] for r in rows])
    return {
        (table, pk): Entry(
            when=when,
            kind="documenten",
            title=_("Terugblik op %(session)s gepubliceerd") % {"session": found[pk].session.title},
            link=ctx.session_link(found[pk].session_id),
        )
        for when, pk, _ref, table in rows
    }


# --- Progress history -------------------------------------------------------------------------
def _change_entries(change, ctx) -> list[Entry]:
    """A change of the progress history; on the progress record the flag is a remark of its own."""
    lines = {True: [], False: []}
    flag_labels = {str(Progress._meta.get_field(name).verbose_name) for name in FLAG_FIELDS}
    table = change.source[0]
    for label, old, new in change.fields:
        flag = table == 0 and label in flag_labels
        lines[flag].append(
            f"{label[:1].upper()}{label[1:]}: {old} → {new}" if old else f"{label[:1].upper()}{label[1:]}: {new}"
        )
    history_link = reverse("progress:history", args=[ctx.municipality.cbs_code])
    entries = []
    if lines[False] or not lines[True]:
        title = f"{change.subject} {change.action}"
        entries.append(Entry(change.when, "voortgang", title, link=history_link, actor=change.who, lines=lines[False]))
    if lines[True]:
        flag_link = f"{ctx.municipality.get_absolute_url()}#voortgang-aandacht"
        title = _("Markering ‘aandacht nodig’ gewijzigd")
        entries.append(Entry(change.when, "opmerkingen", title, link=flag_link, actor=change.who, lines=lines[True]))
    return entries


def _history(rows, ctx) -> dict:
    entries = {}
    for change in history.changes_of(rows):
        entries[change.source] = _change_entries(change, ctx)
    return entries


LOADERS = {
    SESSION: _sessions,
    LAB_ENROLLED: _labs,
    KOPPELKANS: _koppelkansen,
    ACTION: _actions,
    ACTION_STATUS: _action_changes,
    DIRECTION: _directions,
    COMMENT: _comments,
    VISION_DOCUMENT: _decisions,
    REVIEW: _reviews,
}
# Tables read by one loader (one query for all of them).
SAME_LOADER = {LAB_STARTED: LAB_ENROLLED, LAB_LEFT: LAB_ENROLLED, DIRECTION_ADOPTED: DIRECTION}
SAME_LOADER |= {PROGRAMME_DOCUMENT: VISION_DOCUMENT, **dict.fromkeys(history.HISTORY_TABLES, "history")}


def entries_of(rows, *, municipality, user) -> list[Entry]:
    """The entries of ROWS ((moment, id, reference, table) newest first), in their order."""
    ctx = _context(rows, municipality, user)
    grouped = defaultdict(list)
    for row in rows:
        grouped[SAME_LOADER.get(row[3], row[3])].append(row)
    found = {}
    for loader, group in grouped.items():
        if loader == "history":
            found |= _history(group, ctx)
        else:
            found |= {key: [entry] for key, entry in LOADERS[loader](group, ctx).items()}
    return [entry for _when, pk, _ref, table in rows for entry in found.get((table, pk), [])]
