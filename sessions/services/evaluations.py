"""The evaluation after a session: a rating and a few open questions, sent the day after to those
present, answered once through a signed link without an account."""

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from sessions.models import Evaluation, Invitation, Session

EVALUATION_SALT = "sessions.evaluation"
EVALUATION_LINK_MAX_AGE = 60 * 60 * 24 * 60  # two months: an evaluation is about a fresh memory
MAX_QUESTIONS = 5


def evaluation_token(invitation: Invitation) -> str:
    data = {"i": invitation.pk, "v": invitation.link_version}
    return signing.dumps(data, salt=EVALUATION_SALT, compress=True)


def evaluation_url(invitation: Invitation) -> str:
    return settings.SITE_URL + reverse("sessions:evaluation", kwargs={"token": evaluation_token(invitation)})


def invitation_from_evaluation_token(token: str) -> Invitation:
    """Raises signing.SignatureExpired / BadSignature, or Invitation.DoesNotExist (erased, passed on)."""
    data = signing.loads(token, salt=EVALUATION_SALT, max_age=EVALUATION_LINK_MAX_AGE)
    return Invitation.objects.select_related("session", "contact").get(pk=data["i"], link_version=data["v"])


def evaluation_open(invitation: Invitation) -> bool:
    """Only who was there evaluates, once the session (its last day) is over."""
    return bool(invitation.attended) and invitation.session.status != Session.Status.CANCELLED


@transaction.atomic
def evaluation_submit(*, invitation: Invitation, rating: int, answers: list[str]) -> Evaluation:
    """Store the evaluation; a second one for the same invitation is refused (ValidationError)."""
    session = invitation.session
    if not evaluation_open(invitation):
        raise ValidationError(_("Deze evaluatie is alleen voor wie bij de sessie was."))
    questions = list(session.evaluation_questions)
    try:
        with transaction.atomic():
            return Evaluation.objects.create(
                invitation=invitation,
                session=session,
                rating=rating,
                questions=questions,
                answers=[answer.strip() for answer in answers[: len(questions)]],
            )
    except IntegrityError:  # a second tab, or a double click that beat the page's check
        raise ValidationError(_("U heeft deze evaluatie al ingevuld. Dank u wel!"), code="done") from None


@transaction.atomic
def evaluation_questions_save(*, session: Session, questions: list[str]) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    session.evaluation_questions = [q.strip() for q in questions if q.strip()][:MAX_QUESTIONS]
    session.save(update_fields=["evaluation_questions", "updated_at"])
    return session
