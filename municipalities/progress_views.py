"""Views for the progress of municipalities: inline sections on a municipality's page (htmx),
its history, and the overviews for coordinators (region), provinces and the programme."""

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.rules import province_ids, res_region_ids
from heatportal.permissions import require_perm
from municipalities import progress_export, progress_map
from municipalities import progress_selectors as selectors
from municipalities import progress_services as services
from municipalities.models import AdoptionStatus, Initiative, Municipality, Neighbourhood, Progress, Province, ResRegion
from municipalities.progress_forms import (
    CommentForm,
    DwellingsForm,
    FlagForm,
    InitiativeForm,
    NeighbourhoodForm,
    ProgrammeForm,
    VisionForm,
)

SECTIONS_TEMPLATE = "municipalities/progress_sections.html"


@dataclass(frozen=True)
class Section:
    partial: str
    form_class: type
    perm: str
    save: Callable  # (municipality, user, values, obj) -> None
    instance: Callable = lambda m: None  # noqa: E731  (municipality -> instance being edited)


def _progress_instance(municipality) -> Progress:
    return Progress.objects.filter(municipality=municipality).first() or Progress(municipality=municipality)


SECTIONS = {
    "visie": Section(
        "vision",
        VisionForm,
        "municipalities.change_progress",
        lambda m, u, v, o: services.progress_update(municipality=m, user=u, values=v),
        _progress_instance,
    ),
    "warmteprogramma": Section(
        "programme",
        ProgrammeForm,
        "municipalities.change_progress",
        lambda m, u, v, o: services.progress_update(municipality=m, user=u, values=v),
        _progress_instance,
    ),
    "woningen": Section(
        "dwellings",
        DwellingsForm,
        "municipalities.change_progress",
        lambda m, u, v, o: services.municipality_dwellings_set(municipality=m, user=u, dwellings=v["dwellings"]),
        lambda m: Municipality.objects.get(pk=m.pk),
    ),
    "wijken": Section(
        "neighbourhoods",
        NeighbourhoodForm,
        "municipalities.change_progress",
        lambda m, u, v, o: services.neighbourhood_save(municipality=m, user=u, values=v, neighbourhood=o),
    ),
    "initiatieven": Section(
        "initiatives",
        InitiativeForm,
        "municipalities.change_progress",
        lambda m, u, v, o: services.initiative_save(municipality=m, user=u, values=v, initiative=o),
    ),
    "aandacht": Section(
        "flag",
        FlagForm,
        "municipalities.flag_progress",
        lambda m, u, v, o: services.progress_flag(
            municipality=m, user=u, flagged=v["flagged"], reason=v["flag_reason"]
        ),
        _progress_instance,
    ),
}


def _municipality(cbs_code) -> Municipality:
    return get_object_or_404(
        Municipality.objects.select_related("province", "res_region", "successor"), cbs_code=cbs_code
    )


def progress_context(request, municipality, *, editing="", form=None, edit_pk=None, comment_form=None) -> dict:
    """What the progress sections of MUNICIPALITY's page need (empty when the user may not see them)."""
    user = request.user
    if not user.has_perm("municipalities.view_progress", municipality):
        return {"progress_visible": False}
    if form is None and editing in SECTIONS:
        section = SECTIONS[editing]
        if user.has_perm(section.perm, municipality):
            form = section.form_class(instance=section.instance(municipality), prefix=editing)
        else:
            editing = ""
    return {
        "progress_visible": True,
        "can_edit": user.has_perm("municipalities.change_progress", municipality),
        "can_comment": user.has_perm("municipalities.comment_progress", municipality),
        "can_flag": user.has_perm("municipalities.flag_progress", municipality),
        "editing": editing,
        "form": form,
        "edit_pk": edit_pk,
        "comment_form": comment_form or CommentForm(prefix="opmerking"),
        "recent_changes": selectors.change_log(municipality_ids=[municipality.pk], limit=5),
        **selectors.municipality_progress(municipality=municipality),
    }


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
    return render(request, "municipalities/detail.html", {"organisations": None, **context})


def _section(request, municipality, key, *, obj=None):
    section = SECTIONS[key]
    editing = request.method == "POST" or "bewerken" in request.GET
    require_perm(request.user, section.perm if editing else "municipalities.view_progress", municipality)
    if not editing:
        return _respond(request, municipality, key, form=None, saved=False)
    instance = obj if obj is not None else section.instance(municipality)
    form = section.form_class(request.POST or None, instance=instance, prefix=key)
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
    return _section(request, _municipality(cbs_code), section)


def _child(request, cbs_code, model, pk):
    municipality = _municipality(cbs_code)
    require_perm(request.user, "municipalities.view_progress", municipality)
    obj = get_object_or_404(model, pk=pk, municipality=municipality)
    return municipality, obj


@login_required
@require_http_methods(["GET", "POST"])
def neighbourhood_edit(request, cbs_code, pk):
    municipality, neighbourhood = _child(request, cbs_code, Neighbourhood, pk)
    return _section(request, municipality, "wijken", obj=neighbourhood)


@login_required
@require_POST
def neighbourhood_delete(request, cbs_code, pk):
    municipality, neighbourhood = _child(request, cbs_code, Neighbourhood, pk)
    require_perm(request.user, "municipalities.change_progress", municipality)
    services.neighbourhood_delete(neighbourhood=neighbourhood, user=request.user)
    return _respond(request, municipality, "wijken", form=None, saved=True)


@login_required
@require_http_methods(["GET", "POST"])
def initiative_edit(request, cbs_code, pk):
    municipality, initiative = _child(request, cbs_code, Initiative, pk)
    return _section(request, municipality, "initiatieven", obj=initiative)


@login_required
@require_POST
def initiative_delete(request, cbs_code, pk):
    municipality, initiative = _child(request, cbs_code, Initiative, pk)
    require_perm(request.user, "municipalities.change_progress", municipality)
    services.initiative_delete(initiative=initiative, user=request.user)
    return _respond(request, municipality, "initiatieven", form=None, saved=True)


@login_required
@require_POST
def comment_create(request, cbs_code):
    municipality = _municipality(cbs_code)
    require_perm(request.user, "municipalities.comment_progress", municipality)
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
    template = f"{SECTIONS_TEMPLATE}#comments" if request.htmx else "municipalities/detail.html"
    return render(request, template, context)


@login_required
@require_GET
def progress_history(request, cbs_code):
    municipality = _municipality(cbs_code)
    require_perm(request.user, "municipalities.view_progress", municipality)
    context = {
        "municipality": municipality,
        "changes": selectors.change_log(municipality_ids=[municipality.pk], limit=200),
        "comments": selectors.comments_between(municipality_ids=[municipality.pk]),
    }
    return render(request, "municipalities/history.html", context)


# --- Overviews: region (coordinators), province, country ------------------------------------
@dataclass
class Scope:
    kind: str  # "region", "province" or "country"
    obj: object
    title: str
    municipalities: object
    url: str
    map_url: str
    boundaries_query: str


def _region_scope(code) -> Scope:
    region = get_object_or_404(ResRegion.objects.prefetch_related("provinces"), code=code)
    return Scope(
        "region",
        region,
        _("RES-regio %(name)s") % {"name": region.name},
        Municipality.objects.current().filter(res_region=region),
        reverse("municipalities:region_dashboard", kwargs={"code": code}),
        reverse("municipalities:region_map", kwargs={"code": code}),
        f"regio={region.code}",
    )


def _province_scope(code) -> Scope:
    province = get_object_or_404(Province, code=code)
    return Scope(
        "province",
        province,
        _("Provincie %(name)s") % {"name": province.name},
        Municipality.objects.current().filter(province=province),
        reverse("municipalities:province_overview", kwargs={"code": code}),
        reverse("municipalities:province_map", kwargs={"code": code}),
        f"provincie={province.code}",
    )


def _country_scope() -> Scope:
    return Scope(
        "country",
        None,
        _("Nederland"),
        Municipality.objects.current(),
        reverse("municipalities:national_overview"),
        reverse("municipalities:national_map"),
        "",
    )


SCOPE_PERMS = {
    "region": "municipalities.view_region_progress",
    "province": "municipalities.view_province_progress",
    "country": "municipalities.view_national_progress",
}


def _scope_for(request, kind, code=None) -> Scope:
    scope = {"region": _region_scope, "province": _province_scope}[kind](code) if code else _country_scope()
    require_perm(request.user, SCOPE_PERMS[kind], scope.obj)
    return scope


def _filters(query) -> dict:
    vision, programme = query.get("visie", ""), query.get("programma", "")
    sort = query.get("sorteer", "naam")
    return {
        "vision": vision if vision in AdoptionStatus.values else "",
        "programme": programme if programme in AdoptionStatus.values else "",
        "flagged": query.get("aandacht") == "1",
        "query": query.get("q", "").strip()[:100],
        "sort": sort if sort.lstrip("-") in selectors.SORTS else "naam",
    }


def _sort_links(request, current: str) -> list[dict]:
    """Column headers: the link sorts by the column, ascending first, or flips the direction."""
    links = []
    for key, label in selectors.SORTS.items():
        params = request.GET.copy()
        params["sorteer"] = f"-{key}" if current == key else key
        direction = "ascending" if current == key else "descending" if current == f"-{key}" else ""
        links.append({"key": key, "label": label, "query": params.urlencode(), "direction": direction})
    return links


def _overview_context(request, scope: Scope) -> dict:
    filters = _filters(request.GET)
    return {
        "scope": scope,
        "filters": filters,
        "statuses": AdoptionStatus.choices,
        "rows": selectors.overview_rows(municipalities=scope.municipalities, **filters),
        "sort_links": {link["key"]: link for link in _sort_links(request, filters["sort"])},
        "export_query": request.GET.urlencode(),
    }


def _overview(request, scope: Scope):
    context = _overview_context(request, scope)
    if request.htmx and request.htmx.target == "progress-results":
        response = render(request, "municipalities/overview.html#results", context)
        # The partial and the page share a URL (hx-push-url): keep "back" from showing the partial.
        patch_vary_headers(response, ["HX-Request", "HX-Target"])
        add_never_cache_headers(response)
        return response
    context["figures"] = selectors.progress_figures(municipalities=scope.municipalities)
    context["timeline"] = selectors.adoption_timeline(municipalities=scope.municipalities)
    if scope.kind != "region":
        context["regions"] = selectors.progress_rollup(municipalities=scope.municipalities, by="res_region")
    if scope.kind == "country":
        context["provinces"] = selectors.progress_rollup(municipalities=scope.municipalities, by="province")
    response = render(request, "municipalities/overview.html", context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
@require_GET
def progress_home(request):
    """Where "Voortgang" leads: straight to the one overview a person has, else a choice."""
    require_perm(request.user, "municipalities.view_progress_overview")
    user = request.user
    is_programme = user.has_perm("municipalities.view_national_progress")
    regions = list(ResRegion.objects.filter(pk__in=res_region_ids(user)))
    provinces = list(Province.objects.filter(pk__in=province_ids(user)))
    if not is_programme and len(regions) + len(provinces) == 1:
        target = regions[0] if regions else provinces[0]
        name = "region_dashboard" if regions else "province_overview"
        return redirect(f"municipalities:{name}", code=target.code)
    if is_programme and not regions and not provinces:
        return redirect("municipalities:national_overview")
    return render(
        request,
        "municipalities/progress_home.html",
        {"regions": regions, "provinces": provinces, "is_programme": is_programme},
    )


@login_required
@require_GET
def region_dashboard(request, code):
    return _overview(request, _scope_for(request, "region", code))


@login_required
@require_GET
def province_overview(request, code):
    return _overview(request, _scope_for(request, "province", code))


@login_required
@require_GET
def national_overview(request):
    return _overview(request, _scope_for(request, "country"))


@login_required
@require_GET
def region_export(request, code, fmt):
    scope = _scope_for(request, "region", code)
    if fmt not in progress_export.FORMATS:
        raise Http404
    rows = selectors.overview_rows(municipalities=scope.municipalities, **_filters(request.GET))
    return progress_export.response(rows=rows, fmt=fmt, name=scope.obj.slug)


@login_required
@require_GET
def region_print(request, code):
    scope = _scope_for(request, "region", code)
    context = {
        **_overview_context(request, scope),
        "figures": selectors.progress_figures(municipalities=scope.municipalities),
        "timeline": selectors.adoption_timeline(municipalities=scope.municipalities),
        "today": timezone.localdate(),
    }
    return render(request, "municipalities/overview_print.html", context)


def _map(request, kind, code=None):
    scope = _scope_for(request, kind, code)
    rows = selectors.overview_rows(municipalities=scope.municipalities)
    return render(request, "municipalities/map.html", {"scope": scope, "rows": rows})


@login_required
@require_GET
def region_map(request, code):
    return _map(request, "region", code)


@login_required
@require_GET
def province_map(request, code):
    return _map(request, "province", code)


@login_required
@require_GET
def national_map(request):
    return _map(request, "country")


@require_GET
def boundaries(request):
    """Municipal boundaries (public CBS reference data) of a region or province, as GeoJSON."""
    body = progress_map.boundaries_geojson(
        region=request.GET.get("regio", ""), province=request.GET.get("provincie", "")
    )
    response = HttpResponse(body, content_type="application/geo+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response
