import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from heatportal.permissions import require_perm
from municipalities import pages, selectors, services
from municipalities.forms import ContactForm, OrganisationForm
from municipalities.models import Organisation
from municipalities.rules import get_contact_for_user, get_municipality_for_user, get_organisation_for_user


@require_GET
def municipality_list(request):
    province = request.GET.get("provincie", "")
    region = request.GET.get("regio", "")
    query = request.GET.get("q", "").strip()[:100]
    municipalities = selectors.municipality_list(province=province, region=region, query=query)
    context = {
        "municipalities": municipalities,
        "provinces": selectors.province_list(),
        "regions": selectors.res_region_list(),
        "province": province,
        "region": region,
        "q": query,
    }
    template = "municipalities/list.html#results" if request.htmx else "municipalities/list.html"
    return render(request, template, context)


@require_GET
def municipality_detail(request, cbs_code):
    municipality = get_municipality_for_user(request.user, cbs_code)
    organisations = None
    if request.user.has_perm("municipalities.view_directory"):
        organisations = selectors.organisation_list(municipality=municipality)
    # What other apps show here (progress) comes in through municipalities.pages.
    context = pages.detail_context(request, municipality, organisations=organisations)
    return render(request, "municipalities/detail.html", context)


@login_required
@require_GET
def organisation_list(request):
    require_perm(request.user, "municipalities.view_directory")
    type_ = request.GET.get("soort", "")
    if type_ not in Organisation.Type.values:
        type_ = ""
    organisations = selectors.organisation_list(type=type_)
    return render(
        request,
        "municipalities/organisations.html",
        {"organisations": organisations, "type": type_, "types": Organisation.Type.choices},
    )


def _register_form(request, *, form_class, fetch, pk, template, list_url, saved):
    """Create (pk None) or edit (FETCH(user, pk) for a row the user may change) one row of the
    stakeholder register; errors stay in the form."""
    if pk is None:
        require_perm(request.user, "municipalities.manage_contacts")
        instance = None
    else:
        instance = fetch(request.user, pk)
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        # The row and its many-to-many links (an organisation's municipalities) are two writes:
        # one transaction, so a failure between them leaves no organisation without its links.
        with transaction.atomic():
            form.save()
        messages.success(request, saved)
        return redirect(list_url)
    return render(request, template, {"form": form, "object": instance})


@login_required
@require_http_methods(["GET", "POST"])
def organisation_form(request, pk=None):
    return _register_form(
        request,
        form_class=OrganisationForm,
        fetch=lambda user, pk: get_organisation_for_user(user, pk, action="change"),
        pk=pk,
        template="municipalities/organisation_form.html",
        list_url="municipalities:organisations",
        saved=_("Organisatie opgeslagen."),
    )


@login_required
@require_GET
def contact_list(request):
    require_perm(request.user, "municipalities.manage_contacts")
    query = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.contact_list(query=query), 50).get_page(request.GET.get("page"))
    template = "municipalities/contacts.html#results" if request.htmx else "municipalities/contacts.html"
    return render(request, template, {"page": page, "q": query})


@login_required
@require_http_methods(["GET", "POST"])
def contact_form(request, pk=None):
    return _register_form(
        request,
        form_class=ContactForm,
        fetch=get_contact_for_user,
        pk=pk,
        template="municipalities/contact_form.html",
        list_url="municipalities:contacts",
        saved=_("Contactpersoon opgeslagen."),
    )


@login_required
@require_GET
def contact_export(request, pk):
    contact = get_contact_for_user(request.user, pk)
    data = services.contact_export(contact=contact)
    response = HttpResponse(json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="gegevens-{slugify(contact.name)}.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def contact_erase(request, pk):
    contact = get_contact_for_user(request.user, pk)
    if request.method == "POST":
        name = contact.name
        services.contact_erase(contact=contact)
        messages.success(request, _("De gegevens van %(name)s zijn verwijderd.") % {"name": name})
        return redirect("municipalities:contacts")
    found = {kind: len(rows) for kind, rows in services.contact_export(contact=contact)["gekoppelde gegevens"].items()}
    return render(
        request,
        "municipalities/contact_erase.html",
        {"contact": contact, "rows": services.contacts_of_person(contact=contact), "found": found},
    )
