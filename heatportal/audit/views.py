from urllib.parse import urlencode

from django.shortcuts import render
from django.views.decorators.http import require_GET

from heatportal.audit import selectors
from heatportal.audit.forms import LogFilterForm
from heatportal.audit.models import Action
from heatportal.permissions import require_perm


@require_GET
def log(request):
    require_perm(request.user, "audit.view_log")
    form = LogFilterForm(request.GET or None)
    filters = form.log_filter() if form.is_bound and form.is_valid() else selectors.LogFilter()
    try:
        number = int(request.GET.get("pagina", 1))
    except ValueError:
        number = 1
    page = selectors.log_page(filters=filters, number=number)
    query = {k: v for k, v in request.GET.items() if k != "pagina" and v and k in form.fields}
    context = {"form": form, "page": page, "filters": urlencode(query), "actions": Action.choices}
    template = "audit/log.html#results" if request.htmx else "audit/log.html"
    return render(request, template, context)
