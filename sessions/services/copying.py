"""A session copied as the start of the next round: its settings, participating municipalities
with their seat mix, programme and workshops; not its invitees, answers or dates."""

from django.db import transaction
from django.utils.translation import gettext as _

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from sessions.models import ProgrammeItem, Session, SessionMunicipality, Workshop

# What of the session itself carries over; status, sequence, allocation and the ical UID do not.
COPIED_FIELDS = (
    "kind",
    "description",
    "organiser_province",
    "organiser_name",
    "contact_name",
    "contact_email",
    "is_pilot",
    "invitation_only",
    "reminder_days",
    "follow_up",
    "evaluation_questions",
)


@transaction.atomic
def session_copy(*, session: Session, user) -> Session:
    """A new session "<title> (kopie)", still to be planned. Programme items and workshops keep
    their times, order and rooms, and remember which day they were on (day 1, day 2): the copy
    has no dates yet, and each goes to its day once the planner gives the copy that day."""
    source = Session.objects.get(pk=session.pk)
    numbers = {day.pk: n for n, day in enumerate(source.days.order_by("date", "start_time"), start=1)}
    copy = Session.objects.create(
        **{name: getattr(source, name) for name in COPIED_FIELDS},
        title=_copy_title(source.title),
        status=Session.Status.TO_SCHEDULE,
        created_by=user,
    )
    SessionMunicipality.objects.bulk_create(
        SessionMunicipality(session=copy, municipality_id=p.municipality_id, seat_types=list(p.seat_types))
        for p in source.participations.all()
    )
    ProgrammeItem.objects.bulk_create(
        ProgrammeItem(
            session=copy,
            start_time=item.start_time,
            title=item.title,
            speaker=item.speaker,
            format=item.format,
            position=item.position,
            day_number=numbers.get(item.day_id),
        )
        for item in source.programme.order_by("day__date", "position", "pk")
    )
    Workshop.objects.bulk_create(
        Workshop(
            session=copy,
            title=w.title,
            description=w.description,
            capacity=w.capacity,
            start_time=w.start_time,
            end_time=w.end_time,
            room=w.room,
            day_number=numbers.get(w.day_id),
        )
        for w in source.workshops.order_by("pk")
    )
    summary = _("Kopie van %(title)s") % {"title": source.title}
    audit_record(Action.SESSION_COPIED, actor=user, obj=copy, summary=summary)
    return copy


def _copy_title(title: str) -> str:
    suffix = _(" (kopie)")
    return title[: 200 - len(suffix)] + suffix
