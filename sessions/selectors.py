"""Reads of the sessions app: the session page and its parts (the pages that list sessions, the
board, the session list and the calendar feed, read through sessions/list_selectors.py)."""

from collections import defaultdict

from django.db.models import Count, Max, Prefetch, Q, QuerySet

from municipalities.models import Contact, Organisation
from sessions.models import (
    Invitation,
    ProgrammeItem,
    Session,
    SessionDay,
    SessionMunicipality,
    Workshop,
    WorkshopPreference,
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
        Prefetch("days", queryset=SessionDay.objects.order_by("date", "start_time")),
        Prefetch(
            "participations",
            queryset=SessionMunicipality.objects.select_related("municipality__province").order_by(
                "municipality__name"
            ),
        ),
        Prefetch("programme", queryset=ProgrammeItem.objects.select_related("day")),
        Prefetch("workshops", queryset=Workshop.objects.annotate(n_allocated=Count("allocated")).order_by("pk")),
    )


def session_detail(*, pk: int) -> Session:
    return sessions_with_detail().get(pk=pk)


def invitation_list(*, session: Session) -> QuerySet[Invitation]:
    return (
        session.invitations.select_related("contact__organisation", "email", "workshop")
        .prefetch_related(Prefetch("preferences", queryset=WorkshopPreference.objects.select_related("workshop")))
        .order_by("contact__name", "pk")
    )


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


def invitable_contacts(*, session: Session, types: list[str]) -> QuerySet[Contact]:
    """Contacts of organisations working in the participating municipalities, of the given types."""
    contacts = Contact.objects.filter(
        organisation__municipalities__in=session.participations.values("municipality_id")
    ).select_related("organisation")
    if types:
        contacts = contacts.filter(organisation__type__in=types)
    return contacts.exclude(session_invitations__session=session).distinct().order_by("organisation__name", "name")


def attendee_rows(*, session: Session, workshop: Workshop | None = None) -> list[dict]:
    """Accepted invitees for lists and exports."""
    invitations = session.invitations.filter(answer=Invitation.Answer.ACCEPTED).select_related(
        "contact__organisation", "workshop"
    )
    if workshop is not None:
        invitations = invitations.filter(workshop=workshop)
    return [
        {
            "pk": inv.pk,
            "name": inv.contact.name,
            "email": inv.contact.email,
            "organisation": str(inv.contact.organisation or ""),
            "workshop": str(inv.workshop or ""),
            "attended": inv.attended,
        }
        for inv in invitations.order_by("contact__name", "pk")
    ]


def notice_recipients(*, session: Session) -> QuerySet[Invitation]:
    """Who gets an update or cancellation notice: invited (the invitation went out), not declined."""
    return session.invitations.filter(email__isnull=False).exclude(answer=Invitation.Answer.DECLINED)


def invitation_progress(invitations: list[Invitation]) -> dict:
    """Delivery state of a session's current invitations (each with its outbox row loaded), so the
    counts always match the table: an erased contact's invitation is gone from both.

    Each invitation gets `waiting_since`: when it stopped moving, if it is on its way (requested or
    in the outbox) but nothing happened to it for over a minute; None otherwise. "stalled" counts
    those, "stalled_since" is the oldest, so the page tells a stuck batch from a moving one."""
    from django.conf import settings
    from django.utils import timezone

    from heatportal.mail.models import Email

    stalled_before = timezone.now() - timezone.timedelta(seconds=settings.EMAIL_STALLED_AFTER_SECONDS)
    counts = {"sent": 0, "failed": 0, "queued": 0, "not_sent": 0, "stalled": 0, "stalled_since": None}
    for invitation in invitations:
        if invitation.email_id is None:
            requested = invitation.send_requested_at
            invitation.waiting_since = requested if requested and requested < stalled_before else None
        else:
            invitation.waiting_since = invitation.email.waiting_since
        if invitation.waiting_since:
            counts["stalled"] += 1
            counts["stalled_since"] = min(counts["stalled_since"] or invitation.waiting_since, invitation.waiting_since)
        if invitation.email_id is None:
            counts["queued" if invitation.send_requested_at else "not_sent"] += 1
        elif invitation.email.status == Email.Status.SENT:
            counts["sent"] += 1
        elif invitation.email.status == Email.Status.FAILED:
            counts["failed"] += 1
        else:
            counts["queued"] += 1
    counts["handed_over"] = counts["sent"] + counts["failed"] + counts["queued"]
    counts["total"] = counts["handed_over"] + counts["not_sent"]
    return counts


def invitation_counts(*, session: Session) -> dict[str, int]:
    """How many are invited and how many accepted: all a reader of the session may know of its
    invitees (no names, addresses or answers of individuals)."""
    counts = session.invitations.aggregate(
        invitation_count=Count("pk"), accepted=Count("pk", filter=Q(answer=Invitation.Answer.ACCEPTED))
    )
    return {"invitation_count": counts["invitation_count"], "accepted": counts["accepted"]}
