"""A municipality's deadline set by hand: a date other than the law's with its reason, or back to
the law's. A page of its own (reached from the municipality's page), for provincial staff and
programme administrators (progress.override_deadline)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from progress import services
from progress.deadlines import DeadlineView, municipality_deadlines, with_cover
from progress.forms import DeadlineOverrideForm
from progress.models import Deadline, DeadlineKind
from progress.rules import get_municipality_progress_for_user


def _shown(deadline: Deadline, municipality) -> DeadlineView:
    """DEADLINE as the municipality page shows it: a revision its open first warmteprogramma
    covers is said to be covered there, so here too."""
    views = municipality_deadlines(municipality_ids=[municipality.pk])[municipality.pk]
    return next(v for v in with_cover(views) if v.kind == deadline.kind)


@login_required
@require_http_methods(["GET", "POST"])
def deadline_edit(request, cbs_code, kind):
    municipality = get_municipality_progress_for_user(request.user, cbs_code, action="deadline")
    if kind not in DeadlineKind.values:
        raise Http404
    deadline = get_object_or_404(Deadline, municipality=municipality, kind=kind)
    back = f"{municipality.get_absolute_url()}#voortgang-warmteprogramma"
    if request.method == "POST" and "terug" in request.POST:
        if deadline.is_overridden:
            services.deadline_reset(deadline=deadline, user=request.user)
        messages.success(request, _("De termijn volgt weer de wet."))
        return redirect(back)
    initial = {"due_on": deadline.due_on, "reason": deadline.override_reason}
    form = DeadlineOverrideForm(request.POST or None, initial=initial, law_due_on=deadline.law_due_on)
    if request.method == "POST" and form.is_valid():
        due_on = form.cleaned_data["due_on"]
        services.deadline_override(
            deadline=deadline, user=request.user, due_on=due_on, reason=form.cleaned_data["reason"]
        )
        law = due_on == deadline.law_due_on
        messages.success(request, _("De termijn volgt de wet.") if law else _("De termijn is aangepast."))
        return redirect(back)
    context = {
        "municipality": municipality,
        "deadline": _shown(deadline, municipality),
        "form": form,
    }
    return render(request, "progress/deadline_form.html", context, status=400 if form.errors else 200)
