"""The terugblik on the pages that show it: the organisers' section of the outcomes page, and the
published part of the session's page (registered in sessions.pages by outcomes.apps)."""

from django.http import HttpRequest
from django.utils import timezone

from municipalities.pages import PagePart
from outcomes.forms_review import PhotoForm, ReviewForm
from outcomes.selectors_review import attendance_rows, review_of
from sessions.models import Session
from sessions.rules import can_view_session


def review_context(request: HttpRequest, session: Session, *, review_form=None, photo_form=None) -> dict:
    """The terugblik section of the outcomes page: for the organisers only (empty otherwise). A
    rejected form comes back bound, with its errors."""
    if not request.user.has_perm("outcomes.change_session_review", session):
        return {"may_review": False}
    review = review_of(session)
    return {
        "may_review": True,
        "review": review,
        "review_form": review_form or ReviewForm(instance=review),
        "photo_form": photo_form or PhotoForm(prefix="foto"),
        "attendance": attendance_rows(review.attendance) if review else [],
    }


def _may_have_review(session: Session) -> bool:
    if session.status == Session.Status.HELD:
        return True
    if session.status == Session.Status.CANCELLED:
        return False
    last_day = max((day.date for day in session.days.all()), default=None)
    return last_day is not None and last_day < timezone.localdate()


def session_page_part(request: HttpRequest, session: Session) -> PagePart | None:
    """The published terugblik on the session's page, for whoever may see that page. A session
    still ahead has none: answered from its days (loaded with the page), without a query."""
    if not can_view_session(request.user, session) or not _may_have_review(session):
        return None
    review = review_of(session)
    if review is None or not review.is_published:
        return None
    context = {"published_review": review, "published_attendance": attendance_rows(review.attendance)}
    return PagePart(template="outcomes/_review_published.html", context=context)
