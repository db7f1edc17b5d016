"""Reads of a session's invitees: the invitations table of the session page (filtered, a page at a
time), its counts, the rows the sending poll brings up to date, and the invite page's contact
picker (the rest of the session page reads through sessions/selectors.py).

Bounded by what a person looks at, however many are invited: the counts are one aggregate over the
session's invitations and the status columns of their outbox rows (never a body or an attachment),
the table loads one page, and the poll loads only rows of that page that moved since it last asked.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Case, Count, DateTimeField, F, Min, Prefetch, Q, QuerySet, TextChoices, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heatportal.mail.models import Email
from municipalities.models import Contact, Organisation
from sessions.models import Invitation, InvitationDay, Session, Workshop, WorkshopPreference

INVITATION_PAGE_SIZE = 50
CONTACT_PAGE_SIZE = 50
# A change is stamped (updated_at = now) before its transaction commits, so the poll looks back
# this much further than its last answer: a row committed just after that answer still comes up.
POLL_OVERLAP = dt.timedelta(seconds=5)

# What a table row shows of its outbox row: the state, never the message.
_ROW_FIELDS = (
    "session",
    "answer",
    "answered_at",
    "send_requested_at",
    "contact__name",
    "contact__email",
    "contact__organisation__name",
    "email__status",
    "email__attempts",
    "email__last_error",
    "email__updated_at",
    "email__retry_after",
    "workshop__title",
    "replaced_contact__name",
    "replaced_at",
    "walk_in",
)


class Delivery(TextChoices):
    """Where an invitation's own email is, as the table's filter names it."""

    NOT_SENT = "not_sent", _("Nog niet verstuurd")
    QUEUED = "queued", _("In wachtrij")
    SENT = "sent", _("Verzonden")
    FAILED = "failed", _("Mislukt")
    STALLED = "stalled", _("Wacht op verzending")


def _stalled_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.EMAIL_STALLED_AFTER_SECONDS)


def _waiting() -> Case:
    """Since when an invitation on its way has not moved: the query form of Email.waiting_since
    (before its one-minute threshold), and for one requested but not in the outbox yet, since the
    request. None for one not requested, sent or failed."""
    S = Email.Status
    return Case(
        When(email__isnull=True, then=F("send_requested_at")),
        When(email__status=S.QUEUED, email__retry_after__gt=F("email__updated_at"), then=F("email__retry_after")),
        When(email__status__in=[S.QUEUED, S.SENDING], then=F("email__updated_at")),
        default=None,
        output_field=DateTimeField(),
    )


def _delivery(state: str, stalled_before: dt.datetime) -> Q:
    """The invitations in delivery STATE (of an invitations queryset annotated with `waiting`)."""
    S = Email.Status
    return {
        # A walk-in came in at the door: there is no invitation to send them.
        Delivery.NOT_SENT: Q(email__isnull=True, send_requested_at__isnull=True, walk_in=False),
        Delivery.QUEUED: Q(email__isnull=True, send_requested_at__isnull=False)
        | Q(email__status__in=[S.QUEUED, S.SENDING]),
        Delivery.SENT: Q(email__status=S.SENT),
        Delivery.FAILED: Q(email__status=S.FAILED),
        Delivery.STALLED: Q(waiting__lt=stalled_before),
    }[state]


def invitation_progress(*, session: Session) -> dict:
    """Delivery state and answers of SESSION's current invitations, in one aggregate query: an
    erased contact's invitation is gone from both the counts and the table. "stalled" counts those
    on their way that did not move for over a minute, "stalled_since" is the oldest of them, so the
    page tells a stuck batch from a moving one; "requested" those not in the outbox yet."""
    stalled_before = _stalled_before()
    stalled = _delivery(Delivery.STALLED, stalled_before)
    answers = {answer: Count("pk", filter=Q(answer=answer)) for answer in Invitation.Answer.values}
    states = [Delivery.NOT_SENT, Delivery.QUEUED, Delivery.SENT, Delivery.FAILED]
    counts = (
        session.invitations.annotate(waiting=_waiting())
        .order_by()
        .aggregate(
            total=Count("pk"),
            requested=Count("pk", filter=Q(email__isnull=True, send_requested_at__isnull=False)),
            stalled=Count("pk", filter=stalled),
            stalled_since=Min("waiting", filter=stalled),
            **{str(state): Count("pk", filter=_delivery(state, stalled_before)) for state in states},
            **answers,
        )
    )
    counts["handed_over"] = counts["sent"] + counts["failed"] + counts["queued"]
    return counts


def invitation_table(
    *, session: Session, answer: str = "", delivery: str = "", types=(), query: str = ""
) -> QuerySet[Invitation]:
    """SESSION's invitations as the table shows them, by name, with the filters that are set
    (ANSWER, DELIVERY state, organisation TYPES, QUERY in the name or address). Each row has
    `waiting_since`: when it stopped moving, once that is over a minute ago; None otherwise."""
    stalled_before = _stalled_before()
    rows = (
        session.invitations.annotate(waiting=_waiting())
        .annotate(
            waiting_since=Case(
                When(waiting__lt=stalled_before, then=F("waiting")), default=None, output_field=DateTimeField()
            )
        )
        .select_related("contact__organisation", "email", "workshop", "replaced_contact")
        .only(*_ROW_FIELDS)
        .prefetch_related(
            Prefetch("preferences", queryset=WorkshopPreference.objects.select_related("workshop")),
            # The days each comes on, for a session answered per day.
            Prefetch("attending_days", queryset=InvitationDay.objects.select_related("day").order_by("day__date")),
            # A place per time slot (Invitation.workshop is only the first slot's).
            Prefetch("places", queryset=Workshop.objects.order_by("day__date", "start_time", "pk").only("title")),
        )
        .order_by("contact__name", "pk")
    )
    if answer:
        rows = rows.filter(answer=answer)
    if delivery:
        rows = rows.filter(_delivery(delivery, stalled_before))
    if types:
        rows = rows.filter(contact__organisation__type__in=types)
    if query:
        rows = rows.filter(Q(contact__name__icontains=query) | Q(contact__email__icontains=query))
    return rows


def invitation_rows_moved(*, session: Session, ids, since: dt.datetime | None) -> QuerySet[Invitation]:
    """The rows IDS of SESSION's table (those on the reader's page) that moved since SINCE: their
    outbox row changed, the invitee answered, or they now count as waiting for over a minute. All
    of them without SINCE. Ids of another session's invitations find nothing."""
    rows = invitation_table(session=session).filter(pk__in=ids)
    if since is None:
        return rows
    since -= POLL_OVERLAP
    stalled_after = dt.timedelta(seconds=settings.EMAIL_STALLED_AFTER_SECONDS)
    # Nothing is written when a row passes the one-minute mark: it moves by the clock alone.
    became_stalled = Q(waiting__gte=since - stalled_after, waiting__lt=_stalled_before())
    return rows.filter(Q(email__updated_at__gte=since) | Q(answered_at__gte=since) | became_stalled)


def invitation_counts(*, session: Session) -> dict[str, int]:
    """How many are invited and how many accepted: all a reader of the session may know of its
    invitees (no names, addresses or answers of individuals)."""
    counts = session.invitations.aggregate(
        invitation_count=Count("pk"), accepted=Count("pk", filter=Q(answer=Invitation.Answer.ACCEPTED))
    )
    return {"invitation_count": counts["invitation_count"], "accepted": counts["accepted"]}


def invitable_contacts(*, session: Session, types=(), query: str = "") -> QuerySet[Contact]:
    """Contacts not yet invited, of organisations working in the participating municipalities,
    of the given TYPES (all without), with QUERY in their name, address or organisation's name."""
    # The organisations first, as a list (a few dozen): as a subquery the planner walked the
    # whole contact index to merge them in (70 ms with 100,000 contacts, 3 ms this way).
    organisations = list(
        Organisation.objects.filter(municipalities__in=session.participations.values("municipality_id"))
        .order_by()
        .values_list("pk", flat=True)
        .distinct()
    )
    contacts = (
        Contact.objects.filter(organisation__in=organisations)
        .exclude(pk__in=session.invitations.values("contact_id"))
        .select_related("organisation")
    )
    if types:
        contacts = contacts.filter(organisation__type__in=types)
    if query:
        contacts = contacts.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__name__icontains=query)
        )
    return contacts.order_by("organisation__name", "name", "pk")
