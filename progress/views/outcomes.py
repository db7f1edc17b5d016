"""What the sessions a municipality took part in produced, on its page (the "Uit sessies"
section of progress/views/sections.py), and adopting a wijk direction agreed in one of them into
the municipality's wijk records."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from progress import services
from progress.rules import get_direction_for_user
from progress.views.sections import SECTIONS_TEMPLATE, progress_context


@login_required
@require_POST
def direction_adopt(request, cbs_code, pk):
    """One action: the direction goes into the wijk of its name (created if there is none). With
    htmx the section answers in place, the wijken and the recent changes along (out of band)."""
    direction = get_direction_for_user(request.user, cbs_code, pk, action="change")
    municipality = direction.municipality
    services.direction_adopt(direction=direction, user=request.user)
    if not request.htmx:
        messages.success(request, _("Richting overgenomen in wijk %(name)s.") % {"name": direction.neighbourhood_name})
        return redirect(f"{municipality.get_absolute_url()}#voortgang-sessies")
    context = {"municipality": municipality, "adopted": direction, **progress_context(request, municipality)}
    html = render_to_string(f"{SECTIONS_TEMPLATE}#from_sessions", context, request)
    for part in ("neighbourhoods", "changes"):
        html += render_to_string(f"{SECTIONS_TEMPLATE}#{part}", {**context, "oob": True}, request)
    return HttpResponse(html)
