"""The terugblik of a session on its outcomes page: the summary, photos, attendance, publishing
(organisers only; writes in outcomes.services_review), and its photos as the pages show them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from outcomes import services_review
from outcomes.forms_review import PhotoForm, ReviewForm
from outcomes.rules import get_review_photo_for_user, get_session_outcomes_for_user
from outcomes.selectors_review import review_of
from outcomes.views import page_context


def _back(session):
    return redirect(reverse("outcomes:session", args=[session.pk]) + "#terugblik")


def _page_again(request, session, **forms):
    """The outcomes page with a refused form in place (as the outcome forms answer: 200)."""
    return render(request, "outcomes/session.html", page_context(request, session, **forms))


def _written(request, form, write, *, field, message) -> bool:
    """A valid FORM's cleaned data through WRITE (a service call); its refusal comes back on the
    form at FIELD (None: above the form), success as MESSAGE."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except ValidationError as error:
        form.add_error(field, error)
        return False
    messages.success(request, message)
    return True


@login_required
@require_POST
def review_save(request, pk):
    session = get_session_outcomes_for_user(request.user, pk, action="review")
    form = ReviewForm(request.POST, instance=review_of(session))

    def write(data):
        services_review.review_save(session=session, user=request.user, summary=data["summary"])

    if _written(request, form, write, field="summary", message=_("Terugblik opgeslagen.")):
        return _back(session)
    return _page_again(request, session, review_form=form)


@login_required
@require_POST
def review_attendance(request, pk):
    session = get_session_outcomes_for_user(request.user, pk, action="review")
    try:
        services_review.review_attendance_count(session=session, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Aanwezigheid vastgelegd."))
    return _back(session)


@login_required
@require_POST
def review_publish(request, pk):
    session = get_session_outcomes_for_user(request.user, pk, action="review")
    try:
        services_review.review_publish(session=session, user=request.user)
    except ValidationError as error:
        review = review_of(session)
        form = ReviewForm({"summary": review.summary if review else ""}, instance=review)
        form.is_valid()  # bound, so that the refusal shows at the field
        form.add_error("summary", error)
        return _page_again(request, session, review_form=form)
    messages.success(request, _("De terugblik staat op de sessiepagina."))
    return _back(session)


@login_required
@require_POST
def review_withdraw(request, pk):
    session = get_session_outcomes_for_user(request.user, pk, action="review")
    services_review.review_withdraw(session=session, user=request.user)
    messages.success(request, _("De terugblik staat niet meer op de sessiepagina."))
    return _back(session)


@login_required
@require_POST
def review_photo_add(request, pk):
    session = get_session_outcomes_for_user(request.user, pk, action="review")
    form = PhotoForm(request.POST, request.FILES, prefix="foto")

    def write(data):
        services_review.review_photo_add(
            session=session, user=request.user, upload=data["image"], alt_text=data["alt_text"]
        )

    if _written(request, form, write, field=None, message=_("Foto toegevoegd.")):
        return _back(session)
    return _page_again(request, session, photo_form=form)


@login_required
@require_POST
def review_photo_remove(request, pk, photo_pk):
    get_session_outcomes_for_user(request.user, pk, action="review")
    photo = get_review_photo_for_user(request.user, pk, photo_pk)
    services_review.review_photo_remove(photo=photo, user=request.user)
    messages.success(request, _("Foto verwijderd."))
    return _back(photo.review.session)


@login_required
@require_GET
def review_photo(request, pk, photo_pk):
    """The photo itself, inline as the image it was checked to be (never from MEDIA_URL)."""
    photo = get_review_photo_for_user(request.user, pk, photo_pk)
    try:
        handle = photo.image.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    response = FileResponse(handle, content_type=photo.content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "private, no-store"  # withdrawn is gone, also from a browser's cache
    return response
