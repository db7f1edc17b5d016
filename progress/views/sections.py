"""The progress of one municipality: its sections on the municipality's page (edited inline with
htmx, or as plain page loads without JavaScript), its remarks and its history.

The municipality's page belongs to municipalities, which imports nothing of progress: the
sections get onto it as a page part (municipalities/pages.py), registered in ProgressConfig.ready()."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from heatportal.uploads import KNOWN
from municipalities import pages
from municipalities.models import Municipality
from progress import services
from progress.forms import (
    CommentForm,
    DwellingsForm,
    FlagForm,
    InitiativeForm,
    NeighbourhoodForm,
    ProgrammeForm,
    VisionForm,
)
from progress.models import Progress
from progress.rules import (
    PROGRESS_ACTIONS,
    get_initiative_for_user,
    get_municipality_progress_for_user,
    get_neighbourhood_for_user,
)
from progress.selectors import dashboard, history, outcomes

SECTIONS_TEMPLATE = "progress/progress_sections.html"


@dataclass(frozen=True)
class Section:
    partial: str
    form_class: type
    action: str  # what editing the section is, of PROGRESS_ACTIONS
    save: Callable  # (municipality, user, values, obj) -> None
    instance: Callable = lambda m: None  # noqa: E731  (municipality -> instance being edited)


def _progress_instance(municipality) -> Progress:
    return Progress.objects.filter(municipality=municipality).first() or Progress(municipality=municipality)


SECTIONS = {
    "visie": Section(
        "vision",
        VisionForm,
        "change",
        lambda m, u, v, o: services.progress_update(municipality=m, user=u, values=v),
        _progress_instance,
    ),
    "warmteprogramma": Section(
        "programme",
        ProgrammeForm,
        "change",
        lambda m, u, v, o: services.progress_update(municipality=m, user=u, values=v),
        _progress_instance,
    ),
    "woningen": Section(
        "dwellings",
        DwellingsForm,
        "change",
        lambda m, u, v, o: services.municipality_dwellings_set(municipality=m, user=u, dwellings=v["dwellings"]),
        lambda m: Municipality.objects.get(pk=m.pk),
    ),
    "wijken": Section(
        "neighbourhoods",
        NeighbourhoodForm,
        "change",
        lambda m, u, v, o: services.neighbourhood_save(municipality=m, user=u, values=v, neighbourhood=o),
    ),
    "initiatieven": Section(
        "initiatives",
        InitiativeForm,
        "change",
        lambda m, u, v, o: services.initiative_save(municipality=m, user=u, values=v, initiative=o),
    ),
    "aandacht": Section(
        "flag",
        FlagForm,
        "flag",
        lambda m, u, v, o: services.progress_flag(
            municipality=m, user=u, flagged=v["flagged"], reason=v["flag_reason"]
        ),
        _progress_instance,
    ),
}


def progress_context(request, municipality, *, editing="", form=None, edit_pk=None, comment_form=None) -> dict:
    """What the progress sections of MUNICIPALITY's page need; the caller checked view_progress."""
    user = request.user
    if form is None and editing in SECTIONS:
        section = SECTIONS[editing]
        if user.has_perm(PROGRESS_ACTIONS[section.action], municipality):
            form = section.form_class(instance=section.instance(municipality), prefix=editing)
        else:
            editing = ""
    progress = dashboard.municipality_progress(municipality=municipality)
    return {
        "can_edit": user.has_perm("progress.change_progress", municipality),
        "can_comment": user.has_perm("progress.comment_progress", municipality),
        "can_flag": user.has_perm("progress.flag_progress", municipality),
        "can_override_deadline": user.has_perm("progress.override_deadline", municipality),
        "editing": editing,
        "form": form,
        "edit_pk": edit_pk,
        "comment_form": comment_form or CommentForm(prefix="opmerking"),
        "recent_changes": history.recent_changes(municipality_id=municipality.pk, limit=5),
        "session_outcomes": outcomes.municipality_outcomes(
            municipality_id=municipality.pk, viewer=user, neighbourhoods=progress["neighbourhoods"]
        ),
        **progress,
    }


def _page_part(context: dict) -> pages.PagePart:
    # The sections show (and edit) the number of dwellings: the page's own line for it goes.
    return pages.PagePart(
        SECTIONS_TEMPLATE,
        context,
        stylesheets=("progress/progress.css",),
        scripts=("progress/progress.js",),
        covers=frozenset({"dwellings"}),
    )


def municipality_page_part(request, municipality) -> pages.PagePart | None:
    """The progress sections on the municipality's page, for who may see them (registered with
    municipalities.pages); `?bewerken=<section>` opens that section's form without JavaScript."""
    if not request.user.has_perm("progress.view_progress", municipality):
        return None
    return _page_part(progress_context(request, municipality, editing=request.GET.get("bewerken", "")))


def _whole_page(request, municipality, context: dict):
    """The municipality's page around the sections: a form posted without JavaScript, shown again
    with its errors (the organisations are left out, as the page's own view would add them)."""
    page = pages.detail_context(request, municipality, parts=[_page_part(context)])
    return render(request, "municipalities/detail.html", page)


def _respond(request, municipality, key, *, form, saved, edit_pk=None):
    section = SECTIONS[key]
    anchor = f"voortgang-{key}"
    if saved and not request.htmx:
        messages.success(request, _("Wijziging opgeslagen."))
        return redirect(f"{municipality.get_absolute_url()}#{anchor}")
    context = {
        "municipality": municipality,
        "saved": saved,
        **progress_context(request, municipality, editing=key if form is not None else "", form=form, edit_pk=edit_pk),
    }
    if request.htmx:
        html = render_to_string(f"{SECTIONS_TEMPLATE}#{section.partial}", context, request)
        if saved:  # the list of recent changes (and the flag banner) follow along (out-of-band swaps)
            html += render_to_string(f"{SECTIONS_TEMPLATE}#changes", {**context, "oob": True}, request)
            if key == "aandacht":
                html += render_to_string(f"{SECTIONS_TEMPLATE}#flag_alert", {**context, "oob": True}, request)
        return HttpResponse(html)
    return _whole_page(request, municipality, context)


def _action(request, key) -> str:
    """Asking for a section's form or posting it is editing it; anything else reads it."""
    editing = request.method == "POST" or "bewerken" in request.GET
    return SECTIONS[key].action if editing else "view"


def _section(request, municipality, key, *, obj=None):
    """Section KEY of MUNICIPALITY (and its row OBJ), fetched by the caller for _action()."""
    section = SECTIONS[key]
    if _action(request, key) == "view":
        return _respond(request, municipality, key, form=None, saved=False)
    instance = obj if obj is not None else section.instance(municipality)
    form = section.form_class(request.POST or None, request.FILES or None, instance=instance, prefix=key)
    if request.method == "POST" and form.is_valid():
        section.save(municipality, request.user, form.cleaned_data, obj)
        return _respond(request, municipality, key, form=None, saved=True)
    return _respond(request, municipality, key, form=form, saved=False, edit_pk=obj.pk if obj else None)


@require_http_methods(["GET", "POST"])
def progress_section(request, cbs_code, section):
    if section not in SECTIONS:
        raise Http404
    if not request.user.is_authenticated:
        return redirect(f"{reverse('accounts:login')}?next={request.path}")
    municipality = get_municipality_progress_for_user(request.user, cbs_code, action=_action(request, section))
    return _section(request, municipality, section)


@login_required
@require_http_methods(["GET", "POST"])
def neighbourhood_edit(request, cbs_code, pk):
    neighbourhood = get_neighbourhood_for_user(request.user, cbs_code, pk, action=_action(request, "wijken"))
    return _section(request, neighbourhood.municipality, "wijken", obj=neighbourhood)


@login_required
@require_POST
def neighbourhood_delete(request, cbs_code, pk):
    neighbourhood = get_neighbourhood_for_user(request.user, cbs_code, pk, action="change")
    services.neighbourhood_delete(neighbourhood=neighbourhood, user=request.user)
    return _respond(request, neighbourhood.municipality, "wijken", form=None, saved=True)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, cbs_code, pk):
    initiative = get_initiative_for_user(request.user, cbs_code, pk, action=_action(request, "initiatieven"))
    return _section(request, initiative.municipality, "initiatieven", obj=initiative)


@login_required
@require_POST
def initiative_delete(request, cbs_code, pk):
    initiative = get_initiative_for_user(request.user, cbs_code, pk, action="change")
    services.initiative_delete(initiative=initiative, user=request.user)
    return _respond(request, initiative.municipality, "initiatieven", form=None, saved=True)


@login_required
@require_POST
def comment_create(request, cbs_code):
    municipality = get_municipality_progress_for_user(request.user, cbs_code, action="comment")
    form = CommentForm(request.POST, prefix="opmerking")
    saved = form.is_valid()
    if saved:
        services.comment_add(municipality=municipality, user=request.user, body=form.cleaned_data["body"])
        if not request.htmx:
            messages.success(request, _("Opmerking geplaatst."))
            return redirect(f"{municipality.get_absolute_url()}#voortgang-opmerkingen")
        form = None
    context = {
        "municipality": municipality,
        "saved": saved,
        **progress_context(request, municipality, comment_form=form),
    }
    if request.htmx:
        return render(request, f"{SECTIONS_TEMPLATE}#comments", context)
    return _whole_page(request, municipality, context)


@login_required
@require_GET
def progress_history(request, cbs_code):
    """Every change and remark, newest first, a page of each at a time (they grow every year)."""
    municipality = get_municipality_progress_for_user(request.user, cbs_code)
    changes = history.change_log_page(municipality_id=municipality.pk, page=request.GET.get("pagina"))
    comments = history.comments_page(municipality_id=municipality.pk, page=request.GET.get("opmerkingen"))
    kept_for_changes, kept_for_comments = request.GET.copy(), request.GET.copy()
    kept_for_changes.pop("pagina", None)
    kept_for_comments.pop("opmerkingen", None)
    context = {
        "municipality": municipality,
        "changes_page": changes,
        "changes": changes.object_list,
        "changes_query": kept_for_changes.urlencode(),
        "comments_page": comments,
        "comments_query": kept_for_comments.urlencode(),
    }
    return render(request, "progress/history.html", context)


@login_required
@require_GET
def decision_download(request, cbs_code, document):
    """An uploaded council decision, for whoever may see the municipality's progress, as an
    attachment (never shown inline from our origin). The type follows from the extension the
    upload was checked against (progress.forms.DECISION_TYPES)."""
    if document not in ("vision", "programme"):
        raise Http404
    municipality = get_municipality_progress_for_user(request.user, cbs_code)
    progress = Progress.objects.filter(municipality=municipality).first()
    stored = getattr(progress, f"{document}_decision_file", None)
    if not stored:
        raise Http404
    extension = stored.name.rsplit(".", 1)[-1].lower()
    try:
        handle = stored.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    content_type = sorted(KNOWN[extension][0])[0] if extension in KNOWN else "application/octet-stream"
    filename = f"raadsbesluit-{document}-{municipality.cbs_code}.{extension}"
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
