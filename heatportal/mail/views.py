from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from heatportal.mail import selectors, services
from heatportal.mail.models import Email
from heatportal.permissions import require_perm


@require_GET
def outbox(request):
    require_perm(request.user, "mail.view_outbox")
    status = request.GET.get("status", "")
    if status not in Email.Status.values:
        status = ""
    query = request.GET.get("q", "").strip()[:100]
    batch = request.GET.get("reeks", "").strip()[:120]
    page, counts = selectors.outbox_page(status=status, batch=batch, query=query, page=request.GET.get("pagina"))
    context = {
        "page": page,
        "status": status,
        "q": query,
        "batch": batch,
        "filters": urlencode({k: v for k, v in {"status": status, "reeks": batch, "q": query}.items() if v}),
        "counts": [(value, label, counts[value]) for value, label in Email.Status.choices],
        "statuses": Email.Status.choices,
    }
    template = "mail/outbox.html#results" if request.htmx else "mail/outbox.html"
    return render(request, template, context)


@require_GET
def detail(request, pk):
    require_perm(request.user, "mail.view_outbox")
    email = get_object_or_404(Email, pk=pk)
    return render(request, "mail/detail.html", {"email": email})


@require_GET
def html_body(request, pk):
    """The HTML part on its own, under a CSP that runs no script and loads nothing remote."""
    require_perm(request.user, "mail.view_outbox")
    email = get_object_or_404(Email, pk=pk)
    if email.sensitive:
        raise Http404
    response = HttpResponse(email.body_html or "<p>(geen HTML-deel)</p>")
    response["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'; img-src data:"
    return response


@require_POST
def retry(request, pk):
    require_perm(request.user, "mail.view_outbox")
    email = services.email_retry(email=get_object_or_404(Email, pk=pk))
    messages.success(request, _("Het bericht aan %(to)s staat weer in de wachtrij.") % {"to": email.to_email})
    return redirect("mail:detail", pk=email.pk)
