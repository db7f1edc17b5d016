"""Writes of a session's terugblik: its summary, its photos, the attendance kept with it, and
publishing it on the session's page. Atomic, audited, with the acting user in the history.

Only for a session that has taken place (outcomes.services.session_has_taken_place) and only by
its organisers (outcomes.change_session_review, checked here as well as in the views). A refusal
a person can mend is a ValidationError with words for them.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
from heatportal.permissions import require_perm
from heatportal.uploads import PHOTOS, UploadRefused, upload_check
from outcomes.models import ReviewPhoto, SessionReview
from outcomes.selectors_review import attendance_by_type
from outcomes.services import session_has_taken_place
from sessions.models import Session

PHOTO_MAX_BYTES = 5 * 1024 * 1024


def _review_for_change(*, session: Session, user) -> SessionReview:
    """SESSION's review, locked (a new one, not stored yet, when there is none), after the checks
    every write makes."""
    require_perm(user, "outcomes.change_session_review", session)
    if not session_has_taken_place(session):
        raise ValidationError(_("Een terugblik schrijft u nadat de sessie is gehouden."), code="not_held")
    review = SessionReview.objects.select_for_update().filter(session=session).first()
    review = review or SessionReview(session=session)  # stored by the first write that keeps something
    review.session = session
    review._history_user = user
    return review


def _count(review: SessionReview) -> None:
    review.attendance = attendance_by_type(review.session)
    review.attendance_counted_at = timezone.now()


@transaction.atomic
def review_save(*, session: Session, user, summary: str) -> SessionReview:
    """Store SUMMARY (stripped); unchanged, nothing is written. The first save also counts the
    attendance when nobody recorded it yet. A published terugblik cannot be emptied."""
    review = _review_for_change(session=session, user=user)
    summary = summary.replace("\r\n", "\n").strip()  # a browser sends a textarea's line breaks as CRLF
    if summary == review.summary:
        return review
    if not summary and review.is_published:
        raise ValidationError(_("Een gepubliceerde terugblik kan niet leeg zijn. Trek de publicatie eerst in."))
    before = review.summary
    review.summary = summary
    if review.attendance_counted_at is None:
        _count(review)
    review.full_clean()
    review.save()
    changes = {"summary": [before, summary]}
    audit_record(Action.REVIEW_SAVED, actor=user, obj=review, summary=str(session), changes=changes)
    return review


@transaction.atomic
def review_attendance_count(*, session: Session, user) -> SessionReview:
    """Count who came per kind of organisation now and keep that figure with the terugblik."""
    review = _review_for_change(session=session, user=user)
    before = review.attendance
    _count(review)
    review.save()
    changes = {"attendance": [before, review.attendance]}
    audit_record(Action.REVIEW_ATTENDANCE, actor=user, obj=review, summary=str(session), changes=changes)
    return review


@transaction.atomic
def review_photo_add(*, session: Session, user, upload, alt_text: str) -> ReviewPhoto:
    """A JPEG, PNG or WebP (checked on its first bytes) with its description, stored under a
    random name (the uploader's file name is kept nowhere), after the photos there are."""
    review = _review_for_change(session=session, user=user)
    alt_text = alt_text.strip()
    if not alt_text:
        raise ValidationError(_("Beschrijf wat er op de foto staat, voor wie hem niet kan zien."), code="alt_text")
    try:
        checked = upload_check(upload, allowed=PHOTOS, max_bytes=PHOTO_MAX_BYTES)
    except UploadRefused as refusal:
        raise ValidationError(str(refusal), code="upload") from refusal
    if review.pk is None:
        review.save()
    position = (review.photos.aggregate(last=Max("position"))["last"] or 0) + 1
    photo = ReviewPhoto(
        review=review, content_type=checked.content_type, alt_text=alt_text, position=position, uploaded_by=user
    )
    photo.image.save(upload.name, upload, save=False)
    try:
        photo.save()
    except Exception:
        photo.image.storage.delete(photo.image.name)  # no row, so no file either
        raise
    changes = {"alt_text": alt_text, "content_type": checked.content_type}
    audit_record(Action.REVIEW_PHOTO_ADDED, actor=user, obj=review, summary=str(session), changes=changes)
    return photo


@transaction.atomic
def review_photo_remove(*, photo: ReviewPhoto, user) -> None:
    """Remove PHOTO; its file goes once the removal is committed."""
    review = _review_for_change(session=photo.review.session, user=user)
    name, storage = photo.image.name, photo.image.storage
    audit_record(
        Action.REVIEW_PHOTO_REMOVED,
        actor=user,
        obj=review,
        summary=str(review.session),
        changes={"alt_text": photo.alt_text},
    )
    photo.delete()
    transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def review_publish(*, session: Session, user) -> SessionReview:
    """Show the terugblik on the session's page; refused without a summary. Publishing twice
    changes nothing."""
    review = _review_for_change(session=session, user=user)
    if not review.summary.strip():
        raise ValidationError(
            _("Schrijf eerst de terugblik; een lege terugblik wordt niet gepubliceerd."), code="empty"
        )
    if review.is_published:
        return review
    review.published_at, review.published_by = timezone.now(), user
    review.save()
    audit_record(Action.REVIEW_PUBLISHED, actor=user, obj=review, summary=str(session))
    return review


@transaction.atomic
def review_withdraw(*, session: Session, user) -> SessionReview:
    """Take the terugblik off the session's page (it stays, for the organisers, to publish again)."""
    review = _review_for_change(session=session, user=user)
    if not review.is_published:
        return review
    review.published_at, review.published_by = None, None
    review.save()
    audit_record(Action.REVIEW_WITHDRAWN, actor=user, obj=review, summary=str(session))
    return review
