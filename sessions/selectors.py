"""Reads of the sessions app: the session page and its parts (the pages that list sessions, the
board, the session list and the calendar feed, read through sessions/list_selectors.py; the
session's invitees, its invitations table and the invite page's contacts through
sessions/invitation_selectors.py)."""

from collections import defaultdict

from django.db.models import Count, Max, Prefetch, Q, QuerySet
from django.utils.formats import date_format

from municipalities.models import Organisation
from sessions.models import (
    Invitation,
    InvitationDay,
    ProgrammeItem,
    Session,
    SessionDay,
    SessionMunicipality,
    Workshop,
)


def municipality_session_summary(*, municipality_ids) -> dict[int, dict]:
    """Per municipality id: sessions it takes part in (not cancelled), how many were held, and the
    date of its latest held session day. One query; ids without sessions map to zeros and None."""
    ids = list(municipality_ids)
    summary = {pk: {"sessions": 0, "held": 0, "last_date": None} for pk in ids}
    if not ids:
        return summary
    held = Q(session__status=Session.Status.HELD)
    rows = (
        SessionMunicipality.objects.filter(municipality_id__in=ids)
        .exclude(session__status=Session.Status.CANCELLED)
        .values("municipality_id")
        .annotate(
            sessions=Count("session", distinct=True),
            held=Count("session", filter=held, distinct=True),
            last_date=Max("session__days__date", filter=held),
        )
        .order_by()
    )
    for row in rows:
        summary[row["municipality_id"]] = {
            "sessions": row["sessions"],
            "held": row["held"],
            "last_date": row["last_date"],
        }
    return summary


# --- One session --------------------------------------------------------------------------
def sessions_with_detail() -> QuerySet[Session]:
    """Sessions loaded as the session page shows them: days, participants, programme, workshops."""
    return Session.objects.select_related("organiser_province", "created_by").prefetch_related(
        # Each day with how many come (the rows of those who accepted it), for its count and capacity.
        Prefetch(
            "days",
            queryset=SessionDay.objects.annotate(n_attending=Count("attendances")).order_by("date", "start_time"),
        ),
        Prefetch(
            "participations",
            queryset=SessionMunicipality.objects.select_related("municipality__province").order_by(
                "municipality__name"
            ),
        ),
        Prefetch("programme", queryset=ProgrammeItem.objects.select_related("day")),
        Prefetch(
            "workshops",
            queryset=Workshop.objects.select_related("day").annotate(n_allocated=Count("placed")).order_by("pk"),
        ),
    )


def session_detail(*, pk: int) -> Session:
    return sessions_with_detail().get(pk=pk)


def missing_seats(*, session: Session) -> dict[int, list[str]]:
    """Per participating municipality: wanted organisation types nobody who accepted represents.
    An accepted contact counts for a municipality when their organisation works there."""
    return missing_seats_bulk(sessions=[session])[session.pk]


def missing_seats_bulk(*, sessions: list[Session]) -> dict[int, dict[int, list[str]]]:
    """missing_seats for several sessions (participations prefetched) in one query."""
    accepted = (
        Invitation.objects.filter(session__in=[s.pk for s in sessions], answer=Invitation.Answer.ACCEPTED)
        .exclude(contact__organisation=None)
        .values_list("session_id", "contact__organisation__type", "contact__organisation__municipalities")
    )
    present = defaultdict(set)
    for session_id, type_, municipality_id in accepted:
        present[session_id, municipality_id].add(type_)
    labels = dict(Organisation.Type.choices)
    return {
        s.pk: {
            p.municipality_id: [labels[t] for t in p.seat_types if t not in present[s.pk, p.municipality_id]]
            for p in s.participations.all()
        }
        for s in sessions
    }


def attendee_rows(*, session: Session, workshop: Workshop | None = None, day: SessionDay | None = None) -> list[dict]:
    """Accepted invitees for lists and exports (of one DAY: those who come that day)."""
    invitations = (
        session.invitations.filter(answer=Invitation.Answer.ACCEPTED)
        .select_related("contact__organisation", "workshop")
        .prefetch_related(
            Prefetch("places", queryset=Workshop.objects.order_by("day__date", "start_time", "pk")),
            Prefetch("attending_days", queryset=InvitationDay.objects.select_related("day").order_by("day__date")),
        )
    )
    if day is not None:
        invitations = invitations.filter(attending_days__day=day)
    if workshop is not None:
        # A workshop's list: whoever has a place in it, in whichever time slot (places), or
        # was given it where only the first slot's workshop is stored (older rows, scale data).
        invitations = invitations.filter(Q(places=workshop) | Q(workshop=workshop)).distinct()
    return [
        {
            "pk": inv.pk,
            "name": inv.contact.name,
            "email": inv.contact.email,
            "organisation": str(inv.contact.organisation or ""),
            "workshop": ", ".join(w.title for w in inv.places.all()) or str(inv.workshop or ""),
            "attended": inv.attended,
            "days": ", ".join(date_format(a.day.date, "D j b") for a in inv.attending_days.all()),
            "day_ids": {a.day_id for a in inv.attending_days.all()},
        }
        for inv in invitations.order_by("contact__name", "pk")
    ]


def notice_recipients(*, session: Session) -> QuerySet[Invitation]:
    """Who gets an update or cancellation notice: invited (the invitation went out), not declined."""
    return session.invitations.filter(email__isnull=False).exclude(answer=Invitation.Answer.DECLINED)
