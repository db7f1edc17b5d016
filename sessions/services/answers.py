"""Answering an invitation: the signed answer link, and the answer itself."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from heatportal.mail.services import Attachment
from sessions.checkin_codes import checkin_url, qr_png
from sessions.ical import session_ics
from sessions.models import Invitation, InvitationDay, Session, SessionDay, WorkshopPreference

ANSWER_SALT = "sessions.answer"
ANSWER_LINK_MAX_AGE = 60 * 60 * 24 * 365  # a year: the deadline, not the link, ends answering


def answer_token(invitation: Invitation) -> str:
    data = {"i": invitation.pk, "s": invitation.session_id}
    if invitation.link_version:  # links from before any colleague took over carry no version
        data["v"] = invitation.link_version
    return signing.dumps(data, salt=ANSWER_SALT, compress=True)


def answer_url(invitation: Invitation) -> str:
    from django.conf import settings

    return settings.SITE_URL + reverse("sessions:answer", kwargs={"token": answer_token(invitation)})


def invitation_from_token(token: str) -> Invitation:
    """The invitation of a signed answer link. Raises signing.SignatureExpired / BadSignature,
    or Invitation.DoesNotExist when it was withdrawn or the person erased."""
    data = signing.loads(token, salt=ANSWER_SALT, max_age=ANSWER_LINK_MAX_AGE)
    return Invitation.objects.select_related("session", "contact", "workshop").get(
        pk=data["i"], session_id=data["s"], link_version=data.get("v", 0)
    )


def session_from_expired_token(token: str) -> Session | None:
    """The session of an answer link whose signature is genuine but too old, so the expired-link
    page can name the session and its organiser; None when that cannot be read any more."""
    try:
        data = signing.loads(token, salt=ANSWER_SALT, max_age=None)
    except signing.BadSignature:
        return None
    return Session.objects.select_related("organiser_province", "created_by").filter(pk=data.get("s")).first()


def session_of_passed_on_link(token: str) -> Session | None:
    """The session of a genuine answer link whose invitation went to a colleague since (its link
    version moved on); None for any other link that finds no invitation."""
    try:
        data = signing.loads(token, salt=ANSWER_SALT, max_age=None)
    except signing.BadSignature:
        return None
    moved = Invitation.objects.filter(pk=data.get("i"), session_id=data.get("s")).exclude(link_version=data.get("v", 0))
    return Session.objects.select_related("organiser_province", "created_by").filter(invitations__in=moved).first()


def answer_open(invitation: Invitation) -> bool:
    session = invitation.session
    if not session.is_open:
        return False
    return session.answer_deadline is None or timezone.localdate() <= session.answer_deadline


@transaction.atomic
def invitation_answer(
    *, invitation: Invitation, accept: bool, ranking: list[int] = (), day_ids: list[int] | None = None
) -> Invitation:
    """Accept (with a workshop ranking, best first) or decline; changeable until the deadline.

    DAY_IDS: the days of a multi-day session they come on (None: all of them). A day at its
    capacity takes nobody more, unless they were already on it."""
    invitation = Invitation.objects.select_for_update().select_related("session").get(pk=invitation.pk)
    if not answer_open(invitation):
        raise ValidationError(_("De termijn om te reageren is voorbij."))
    chosen = _days_chosen(invitation, accept=accept, day_ids=day_ids)
    workshops = _workshops_on(invitation, chosen, ranking) if accept else set()
    invitation.answer = Invitation.Answer.ACCEPTED if accept else Invitation.Answer.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at"])
    invitation.attending_days.all().delete()
    InvitationDay.objects.bulk_create(InvitationDay(invitation=invitation, day=day) for day in chosen)
    invitation.preferences.all().delete()
    if accept:
        ordered = [pk for pk in dict.fromkeys(ranking) if pk in workshops]
        WorkshopPreference.objects.bulk_create(
            WorkshopPreference(invitation=invitation, workshop_id=pk, rank=rank)
            for rank, pk in enumerate(ordered, start=1)
        )
    _confirmation_queue(invitation, days=chosen)
    return invitation


def _workshops_on(invitation: Invitation, days: list[SessionDay], ranking) -> set[int]:
    """The session's workshops one may rank when coming on DAYS (one without a day goes with
    every day). A ranked workshop on a day they do not come is refused (ValidationError)."""
    rows = list(invitation.session.workshops.values_list("pk", "day_id", "title"))
    own = {day.pk for day in days}
    allowed = {pk for pk, day_id, _title in rows if day_id is None or day_id in own or not own}
    elsewhere = [title for pk, _day, title in rows if pk in set(ranking) and pk not in allowed]
    if elsewhere:
        raise ValidationError(
            _("“%(title)s” is op een dag waarop u niet komt. Kies die dag ook, of een andere workshop.")
            % {"title": elsewhere[0]},
            code="workshop_day",
        )
    return allowed


def _days_chosen(invitation: Invitation, *, accept: bool, day_ids: list[int] | None) -> list[SessionDay]:
    """The days an answer comes on, checked against each day's capacity. The session's days are
    locked, so two people taking the last place of a day cannot both get it."""
    if not accept:
        return []
    days = list(
        SessionDay.objects.select_for_update().filter(session_id=invitation.session_id).order_by("date", "start_time")
    )
    if day_ids is not None and len(days) > 1:
        wanted = set(day_ids)
        days = [day for day in days if day.pk in wanted]
        if not days:
            raise ValidationError(_("Kies op welke dag of dagen u komt."), code="no_day")
    taken = dict(
        InvitationDay.objects.filter(day__in=days)
        .exclude(invitation=invitation)
        .values("day")
        .annotate(n=Count("pk"))
        .values_list("day", "n")
    )
    full = [day for day in days if day.capacity is not None and taken.get(day.pk, 0) >= day.capacity]
    if full:
        names = ", ".join(date_format(day.date, "l j F") for day in full)
        raise ValidationError(
            ngettext("%(days)s is vol.", "Deze dagen zijn vol: %(days)s.", len(full)) % {"days": names}, code="full"
        )
    return days


def _confirmation_queue(invitation: Invitation, *, days: list[SessionDay]) -> None:
    """The answer back in the invitee's mailbox, with the calendar file when they come. One per
    answer given: the key names its moment, so a double click sends one, a change of mind another."""
    # _mail builds every invitee message from answer_url, defined here: imported where used.
    from sessions.services._mail import invitee_mail_queue

    session = Session.objects.select_related("created_by").get(pk=invitation.session_id)
    invitation.session = session
    attachments = []
    extra = {}
    if days:
        ics = session_ics(session=session, days=days, url=answer_url(invitation))
        attachments.append(Attachment("sessie.ics", ics))
        # The code the organiser scans at the door, as a picture any phone shows.
        attachments.append(Attachment("inchecken.png", qr_png(checkin_url(invitation)), "image/png"))
        extra["checkin_code"] = True
    preferences = [p.workshop for p in invitation.preferences.select_related("workshop").order_by("rank")]
    moment = f"answer-{invitation.answered_at:%Y%m%d%H%M%S%f}"
    invitee_mail_queue(
        invitation,
        session,
        moment,
        "sessions_answer_confirmation",
        attachments,
        preferences=preferences,
        days=days,
        **extra,
    )
