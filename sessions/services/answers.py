"""Answering an invitation: the signed answer link, and the answer itself."""

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from heatportal.mail.services import Attachment
from sessions.ical import session_ics
from sessions.models import Invitation, Session, WorkshopPreference

ANSWER_SALT = "sessions.answer"
ANSWER_LINK_MAX_AGE = 60 * 60 * 24 * 365  # a year: the deadline, not the link, ends answering


def answer_token(invitation: Invitation) -> str:
    return signing.dumps({"i": invitation.pk, "s": invitation.session_id}, salt=ANSWER_SALT, compress=True)


def answer_url(invitation: Invitation) -> str:
    from django.conf import settings

    return settings.SITE_URL + reverse("sessions:answer", kwargs={"token": answer_token(invitation)})


def invitation_from_token(token: str) -> Invitation:
    """The invitation of a signed answer link. Raises signing.SignatureExpired / BadSignature,
    or Invitation.DoesNotExist when it was withdrawn or the person erased."""
    data = signing.loads(token, salt=ANSWER_SALT, max_age=ANSWER_LINK_MAX_AGE)
    return Invitation.objects.select_related("session", "contact", "workshop").get(pk=data["i"], session_id=data["s"])


def session_from_expired_token(token: str) -> Session | None:
    """The session of an answer link whose signature is genuine but too old, so the expired-link
    page can name the session and its organiser; None when that cannot be read any more."""
    try:
        data = signing.loads(token, salt=ANSWER_SALT, max_age=None)
    except signing.BadSignature:
        return None
    return Session.objects.select_related("organiser_province").filter(pk=data.get("s")).first()


def answer_open(invitation: Invitation) -> bool:
    session = invitation.session
    if not session.is_open:
        return False
    return session.answer_deadline is None or timezone.localdate() <= session.answer_deadline


@transaction.atomic
def invitation_answer(*, invitation: Invitation, accept: bool, ranking: list[int] = ()) -> Invitation:
    """Accept (with a workshop ranking, best first) or decline; changeable until the deadline."""
    invitation = Invitation.objects.select_for_update().select_related("session").get(pk=invitation.pk)
    if not answer_open(invitation):
        raise ValidationError(_("De termijn om te reageren is voorbij."))
    invitation.answer = Invitation.Answer.ACCEPTED if accept else Invitation.Answer.DECLINED
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "answered_at"])
    invitation.preferences.all().delete()
    if accept:
        workshops = set(invitation.session.workshops.values_list("pk", flat=True))
        ordered = [pk for pk in dict.fromkeys(ranking) if pk in workshops]
        WorkshopPreference.objects.bulk_create(
            WorkshopPreference(invitation=invitation, workshop_id=pk, rank=rank)
            for rank, pk in enumerate(ordered, start=1)
        )
    _confirmation_queue(invitation)
    return invitation


def _confirmation_queue(invitation: Invitation) -> None:
    """The answer back in the invitee's mailbox, with the calendar file when they come. One per
    answer given: the key names its moment, so a double click sends one, a change of mind another."""
    # _mail builds every invitee message from answer_url, defined here: imported where used.
    from sessions.services._mail import invitee_mail_queue

    session = Session.objects.select_related("created_by").prefetch_related("days").get(pk=invitation.session_id)
    invitation.session = session
    attachments = []
    if invitation.answer == Invitation.Answer.ACCEPTED and session.days.all():
        attachments.append(Attachment("sessie.ics", session_ics(session=session, url=answer_url(invitation))))
    preferences = [p.workshop for p in invitation.preferences.select_related("workshop").order_by("rank")]
    moment = f"answer-{invitation.answered_at:%Y%m%d%H%M%S%f}"
    invitee_mail_queue(
        invitation, session, moment, "sessions_answer_confirmation", attachments, preferences=preferences
    )
