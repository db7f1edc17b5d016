"""The progress overviews: a RES region's dashboard (coordinators), a province's and the
country's, each with its map; the region's export and print version; the boundaries the maps draw."""

import re
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts.rules import province_ids, res_region_ids
from heatportal.permissions import require_perm
from municipalities.models import Municipality, Province, ResRegion
from outcomes.selectors import counts_of, overdue_actions, overdue_actions_counts
from progress import charts, deadlines, exports
from progress.map import boundaries_geojson, boundaries_geojson_gzip
from progress.models import AdoptionStatus
from progress.rules import (
    get_province_progress_for_user,
    get_region_progress_for_user,
    visible_progress_municipalities,
)
from progress.selectors import charts as chart_data
from progress.selectors import dashboard, figures
from sessions.rules import visible_sessions


@dataclass
class Scope:
    kind: str  # "region", "province" or "country"
    obj: object
    title: str
    municipalities: object
    url: str
    map_url: str
    boundaries_query: str


def _region_scope(user, code) -> Scope:
    region = get_region_progress_for_user(user, code)
    return Scope(
        "region",
        region,
        _("RES-regio %(name)s") % {"name": region.name},
        # A region can span two provinces: staff of one see its dashboard, but only the rows of
        # the municipalities whose progress they may see (the same rule as each municipality's page).
        Municipality.objects.current().filter(
            res_region=region, pk__in=visible_progress_municipalities(user).values("pk")
        ),
        reverse("progress:region_dashboard", kwargs={"code": code}),
        reverse("progress:region_map", kwargs={"code": code}),
        f"regio={region.code}",
    )


def _province_scope(user, code) -> Scope:
    province = get_province_progress_for_user(user, code)
    return Scope(
        "province",
        province,
        _("Provincie %(name)s") % {"name": province.name},
        Municipality.objects.current().filter(province=province),
        reverse("progress:province_overview", kwargs={"code": code}),
        reverse("progress:province_map", kwargs={"code": code}),
        f"provincie={province.code}",
    )


def _country_scope(user) -> Scope:
    require_perm(user, "progress.view_national_progress")
    return Scope(
        "country",
        None,
        _("Nederland"),
        Municipality.objects.current(),
        reverse("progress:national_overview"),
        reverse("progress:national_map"),
        "",
    )


def _scope_for(request, kind, code=None) -> Scope:
    """The region, province (each fetched through progress.rules) or the country, for the user."""
    if kind == "country":
        return _country_scope(request.user)
    return {"region": _region_scope, "province": _province_scope}[kind](request.user, code)


def _filters(query) -> dict:
    vision, programme = query.get("visie", ""), query.get("programma", "")
    sort = query.get("sorteer", "naam")
    return {
        "vision": vision if vision in AdoptionStatus.values else "",
        "programme": programme if programme in AdoptionStatus.values else "",
        "flagged": query.get("aandacht") == "1",
        "no_evidence": query.get("zonder_besluit") == "1",
        "query": query.get("q", "").strip()[:100],
        "sort": sort if sort.lstrip("-") in dashboard.SORTS else "naam",
    }


def _sort_links(request, current: str) -> list[dict]:
    """Column headers: the link sorts by the column, ascending first, or flips the direction;
    a new order starts on the first page."""
    links = []
    for key, label in dashboard.SORTS.items():
        params = request.GET.copy()
        params.pop("pagina", None)
        params["sorteer"] = f"-{key}" if current == key else key
        direction = "ascending" if current == key else "descending" if current == f"-{key}" else ""
        links.append({"key": key, "label": label, "query": params.urlencode(), "direction": direction})
    return links


def _overview_context(request, scope: Scope, *, paged: bool = True, overdue: dict | None = None) -> dict:
    """The table of SCOPE's municipalities, filtered and sorted: one page of it, or (PAGED
    false, the print page) every row. OVERDUE: the overdue actions per municipality, if shown."""
    filters = _filters(request.GET)
    kept = request.GET.copy()
    kept.pop("pagina", None)
    context = {
        "scope": scope,
        "filters": filters,
        "statuses": AdoptionStatus.choices,
        "sort_links": {link["key"]: link for link in _sort_links(request, filters["sort"])},
        "export_query": kept.urlencode(),
    }
    if paged:
        page = dashboard.overview_page(
            municipalities=scope.municipalities, page=request.GET.get("pagina"), overdue=overdue, **filters
        )
        context.update(page=page, rows=page.object_list, page_query=kept.urlencode())
    else:
        context["rows"] = dashboard.overview_rows(municipalities=scope.municipalities, **filters)
    return context


def _charts(scope: Scope, summary, scope_deadlines: list, provinces=None) -> dict:
    """The charts of an overview: 1 query (the history); the deadlines are read by the caller."""
    over_time = chart_data.status_over_time(municipalities=scope.municipalities, total=summary.municipalities)
    deadlines = chart_data.deadline_states(deadlines=scope_deadlines, total=summary.municipalities)
    counts = deadlines.counts
    return {
        "deadline_bars": [charts.bar(deadlines, charts.DEADLINE_SERIES, length=charts.BAR_LENGTH)],
        "deadline_legend": charts.legend(charts.DEADLINE_SERIES, counts),
        "at_risk": counts[chart_data.DeadlineState.AT_RISK],
        "overdue": counts[chart_data.DeadlineState.OVERDUE],
        "programme": charts.columns(over_time["programme"], charts.STATUS_SERIES),
        "vision": charts.columns(over_time["vision"], charts.STATUS_SERIES),
        "status_legend": charts.legend(charts.STATUS_SERIES),
        "provinces": charts.small_multiples(
            chart_data.programme_by_province(provinces), charts.STATUS_SERIES, length=charts.BAR_LENGTH
        ),
    }


# The rollups each overview compares: a province's regions, the country's regions and provinces.
ROLLUPS = {"region": (), "province": ("res_region",), "country": ("res_region", "province")}


def _overdue(request, scope: Scope, *, listed: bool) -> tuple[list | None, dict | None]:
    """A region's overdue agreed actions (outcomes): the list (LISTED: the whole page), each with
    whether the user may open its session, and the count per municipality; 2 queries (1 without any). Nothing
    for a province or the country, whose tables are too long for a list of actions."""
    if scope.kind != "region":
        return None, None
    if not listed:
        return None, overdue_actions_counts(municipality_ids=scope.municipalities)
    actions = overdue_actions(municipality_ids=scope.municipalities)
    # Which sessions the user may open, in one query (sessions.rules.visible_sessions): asking the
    # predicate per action read each session's participants, one query per action for staff.
    sessions = {action.session_id for action in actions}
    visible = (
        set(visible_sessions(request.user).filter(pk__in=sessions).values_list("pk", flat=True)) if sessions else set()
    )
    for action in actions:
        action.session_visible = action.session_id in visible
    return actions, counts_of(actions)


def _overview(request, scope: Scope):
    partial = bool(request.htmx and request.htmx.target == "progress-results")
    overdue_list, overdue = _overdue(request, scope, listed=not partial)
    context = _overview_context(request, scope, overdue=overdue)
    if partial:
        response = render(request, "progress/overview.html#results", context)
        # The partial and the page share a URL (hx-push-url): keep "back" from showing the partial.
        patch_vary_headers(response, ["HX-Request", "HX-Target"])
        add_never_cache_headers(response)
        return response
    summary, rollups = figures.progress_summary(municipalities=scope.municipalities, rollups=ROLLUPS[scope.kind])
    context["figures"] = summary
    context["timeline"] = figures.adoption_timeline(municipalities=scope.municipalities)
    context["regions"] = rollups.get("res_region")
    context["provinces"] = rollups.get("province")
    # One read of the scope's deadlines for the chart and for the list of this quarter's risks.
    scope_deadlines = deadlines.scope_deadlines(municipalities=scope.municipalities)
    provinces = rollups.get("province") if scope.kind == "country" else None
    context["charts"] = _charts(scope, summary, scope_deadlines, provinces)
    context["at_risk_quarter"] = deadlines.at_risk_this_quarter(scope_deadlines)
    context["quarter_end"] = deadlines.quarter_end(timezone.localdate())
    context["overdue_actions"] = overdue_list
    response = render(request, "progress/overview.html", context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


@login_required
@require_GET
def progress_home(request):
    """Where "Voortgang" leads: straight to the one overview a person has, else a choice."""
    require_perm(request.user, "progress.view_progress_overview")
    user = request.user
    is_programme = user.has_perm("progress.view_national_progress")
    regions = list(ResRegion.objects.filter(pk__in=res_region_ids(user)))
    provinces = list(Province.objects.filter(pk__in=province_ids(user)))
    if not is_programme and len(regions) + len(provinces) == 1:
        target = regions[0] if regions else provinces[0]
        name = "region_dashboard" if regions else "province_overview"
        return redirect(f"progress:{name}", code=target.code)
    if is_programme and not regions and not provinces:
        return redirect("progress:national_overview")
    return render(
        request,
        "progress/progress_home.html",
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
    if fmt not in exports.FORMATS:
        raise Http404
    rows = dashboard.overview_rows(municipalities=scope.municipalities, **_filters(request.GET))
    return exports.response(rows=rows, fmt=fmt, name=scope.obj.slug)


@login_required
@require_GET
def region_print(request, code):
    scope = _scope_for(request, "region", code)
    summary = figures.progress_figures(municipalities=scope.municipalities)
    context = {
        **_overview_context(request, scope, paged=False),
        "figures": summary,
        "charts": _charts(scope, summary, deadlines.scope_deadlines(municipalities=scope.municipalities)),
        "timeline": figures.adoption_timeline(municipalities=scope.municipalities),
        "today": timezone.localdate(),
    }
    return render(request, "progress/overview_print.html", context)


def _map(request, kind, code=None):
    scope = _scope_for(request, kind, code)
    # Two layers: the vision (TVW, the default) and the warmteprogramma (?laag=warmteprogramma).
    layer = "programme" if request.GET.get("laag") == "warmteprogramma" else "vision"
    rows = dashboard.map_rows(municipalities=scope.municipalities, layer=layer)
    return render(request, "progress/map.html", {"scope": scope, "rows": rows, "layer": layer})


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


ACCEPTS_GZIP = re.compile(r"\bgzip\b")


@require_GET
def boundaries(request):
    """Municipal boundaries (public CBS reference data) of a region or province, as GeoJSON,
    gzipped for the clients that accept it (WhiteNoise compresses static files, not views)."""
    area = {"region": request.GET.get("regio", ""), "province": request.GET.get("provincie", "")}
    if ACCEPTS_GZIP.search(request.headers.get("Accept-Encoding", "")):
        response = HttpResponse(boundaries_geojson_gzip(**area), content_type="application/geo+json")
        response["Content-Encoding"] = "gzip"
    else:
        response = HttpResponse(boundaries_geojson(**area), content_type="application/geo+json")
    patch_vary_headers(response, ["Accept-Encoding"])
    response["Cache-Control"] = "public, max-age=86400"
    return response
