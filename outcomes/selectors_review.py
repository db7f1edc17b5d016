"""Reads for a session's terugblik: the review with its photos, and who actually came per kind
of organisation against the seat mix (the figure outcomes.services_review keeps with it)."""

from collections import Counter

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from accounts.models import Role
from municipalities.models import Organisation
from outcomes.models import ReviewPhoto, SessionReview
from sessions.models import Invitation, Session

# Keys of SessionReview.attendance besides the organisation types: the municipalities' own
# officers (a contact without organisation whose address is an officer's of a participant), and
# everyone else who came without an organisation in the register.
MUNICIPALITY = "municipality"
NO_ORGANISATION = "none"


def review_of(session: Session) -> SessionReview | None:
    """SESSION's terugblik with its photos in order, or None when nothing was written yet."""
    photos = Prefetch("photos", queryset=ReviewPhoto.objects.order_by("position", "pk"))
    return SessionReview.objects.prefetch_related(photos).filter(session=session).first()


def _officer_emails(municipality_ids: list[int]) -> set[str]:
    roles = Role.objects.active().filter(kind=Role.Kind.MUNICIPAL_OFFICER, municipality_id__in=municipality_ids)
    return {email.lower() for email in roles.values_list("user__email", flat=True)}


def attendance_by_type(session: Session) -> dict:
    """{kind: {"expected": seats wanted, "came": people who came}} for SESSION. Expected: a seat
    per participating municipality whose table wants that type (its own officers: one per
    municipality). Came: invitations ticked attended (on the attendance list or by check-in)."""
    participations = list(session.participations.all())
    expected = Counter(t for p in participations for t in p.seat_types if t in Organisation.Type.values)
    if participations:
        expected[MUNICIPALITY] = len(participations)
    officers = _officer_emails([p.municipality_id for p in participations])
    came = Counter()
    attended = Invitation.objects.filter(session=session, attended=True)
    for type_, email in attended.values_list("contact__organisation__type", "contact__email"):
        if type_:
            came[type_] += 1
        else:
            came[MUNICIPALITY if email.lower() in officers else NO_ORGANISATION] += 1
    return {key: {"expected": expected[key], "came": came[key]} for key in sorted(set(expected) | set(came))}


def attendance_rows(attendance: dict) -> list[dict]:
    """The stored figure as table rows: the municipalities first, then the register's types in
    their order, then who came without an organisation. Unknown keys (a type since removed) last."""
    labels = {MUNICIPALITY: _("Gemeente"), **dict(Organisation.Type.choices), NO_ORGANISATION: _("Zonder organisatie")}
    order = list(labels)
    keys = sorted(attendance, key=lambda key: (order.index(key) if key in order else len(order), key))
    return [
        {
            "label": labels.get(key, key),
            "expected": attendance[key].get("expected", 0),
            "came": attendance[key].get("came", 0),
        }
        for key in keys
    ]
