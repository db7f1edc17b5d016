"""The dossier of one municipality: everything about it on one timeline, filtered by kind and year
with a plain GET form (progress/selectors/dossier.py reads it)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from progress import exports
from progress.rules import get_municipality_progress_for_user
from progress.selectors import dossier


def _year(value, years) -> int | None:
    """The year asked for if the form offers it; anything else is every year."""
    return next((year for year in years if str(year) == (value or "").strip()), None)


@login_required
@require_GET
def dossier_page(request, cbs_code):
    """For whoever may see the municipality's progress."""
    municipality = get_municipality_progress_for_user(request.user, cbs_code)
    years = dossier.dossier_years(municipality)
    asked = request.GET.getlist("soort")
    kinds = dossier.clean_kinds(asked)
    year = _year(request.GET.get("jaar"), years)
    page = dossier.dossier_entries(municipality, request.user, kinds=kinds, year=year, page=request.GET.get("pagina"))
    kept = request.GET.copy()
    kept.pop("pagina", None)
    filters = kept.urlencode()
    context = {
        "municipality": municipality,
        "page": page,
        "entries": page.object_list,
        "kinds": [(key, label, key in kinds and bool(asked)) for key, label in dossier.KINDS.items()],
        "years": years,
        "year": year,
        "filtered": bool(asked) or year is not None,
        "query": filters,
        "export_query": f"?{filters}" if filters else "",
    }
    return render(request, "progress/dossier.html", context)


@login_required
@require_GET
def dossier_export(request, cbs_code, fmt):
    """The dossier as the page filters it (every page of it), as CSV or XLSX."""
    municipality = get_municipality_progress_for_user(request.user, cbs_code)
    if fmt not in exports.FORMATS:
        raise Http404
    year = _year(request.GET.get("jaar"), dossier.dossier_years(municipality))
    kinds = dossier.clean_kinds(request.GET.getlist("soort"))
    entries = dossier.dossier_all(municipality, request.user, kinds=kinds, year=year)
    return exports.dossier_response(
        entries=list(entries), fmt=fmt, municipality=municipality, absolute=request.build_absolute_uri
    )
