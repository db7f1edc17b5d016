"""The programme and workshops of a session, changed from its page: adding, editing, moving an
item up or down within its day (a plain form post, swapped in place by htmx) and deleting."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from sessions.forms.programme import ProgrammeItemForm, WorkshopForm
from sessions.rules import get_programme_item_for_user, get_session_for_user, get_workshop_for_user
from sessions.services import programme
from sessions.views.session_page import detail_context


def _back(session, anchor: str):
    return redirect(reverse("sessions:detail", kwargs={"pk": session.pk}) + anchor)


@login_required
@require_POST
def programme_add(request, pk):
    session = get_session_for_user(request.user, pk, action="change")
    form = ProgrammeItemForm(request.POST, prefix="programme", session=session)
    if not form.is_valid():
        # The page again with the form open and what was typed in it, errors beside the fields.
        context = detail_context(request, session, programme_form=form)
        return render(request, "sessions/detail.html", context, status=400)
    programme.programme_item_add(session=session, **form.cleaned_data)
    messages.success(request, _("Programmaonderdeel toegevoegd."))
    return _back(session, "#programma")


@login_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk, item_pk):
    item = get_programme_item_for_user(request.user, pk, item_pk, detail=True)
    form = ProgrammeItemForm(request.POST or None, instance=item, session=item.session)
    if request.method == "POST" and form.is_valid():
        # The form's cleaned values, not form.save(): the service decides where the item goes.
        changed = programme.programme_item_edit(item=item, user=request.user, **form.cleaned_data)
        if changed:
            messages.success(request, _("Programmaonderdeel opgeslagen."))
        return _back(item.session, "#programma")
    context = {"session": item.session, "item": item, "form": form}
    return render(request, "sessions/programme_item_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def programme_move(request, pk, item_pk):
    """Up or down within its day. For htmx the programme is swapped in place; without
    JavaScript the page is loaded again at the programme."""
    item = get_programme_item_for_user(request.user, pk, item_pk)
    programme.programme_item_move(item=item, up=request.POST.get("richting") != "omlaag", user=request.user)
    if request.htmx:
        session = get_session_for_user(request.user, pk, action="change")
        context = {"session": session, "can_change": True, "moved": item.pk}
        return render(request, "sessions/detail.html#programme", context)
    return _back(item.session, f"#programma-{item.pk}")


@login_required
@require_POST
def programme_delete(request, pk, item_pk):
    item = get_programme_item_for_user(request.user, pk, item_pk)
    programme.programme_item_delete(item=item)
    return _back(item.session, "#programma")


@login_required
@require_POST
def workshop_add(request, pk):
    session = get_session_for_user(request.user, pk, action="change")
    form = WorkshopForm(request.POST, prefix="workshop", session=session)
    if not form.is_valid():
        context = detail_context(request, session, workshop_form=form)
        return render(request, "sessions/detail.html", context, status=400)
    programme.workshop_add(session=session, **form.cleaned_data)
    messages.success(request, _("Workshop toegevoegd."))
    return _back(session, "#workshops")


@login_required
@require_http_methods(["GET", "POST"])
def workshop_edit(request, pk, workshop_pk):
    workshop = get_workshop_for_user(request.user, pk, workshop_pk, detail=True)
    form = WorkshopForm(request.POST or None, instance=workshop, session=workshop.session)
    if request.method == "POST" and form.is_valid():
        if programme.workshop_edit(workshop=workshop, user=request.user, **form.cleaned_data):
            messages.success(request, _("Workshop opgeslagen."))
        return _back(workshop.session, "#workshops")
    context = {"session": workshop.session, "workshop": workshop, "form": form}
    return render(request, "sessions/workshop_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def workshop_delete(request, pk, workshop_pk):
    workshop = get_workshop_for_user(request.user, pk, workshop_pk)
    workshop.delete()
    return _back(workshop.session, "#workshops")
