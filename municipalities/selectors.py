from django.db.models import Count, Q, QuerySet

from municipalities.models import Contact, Municipality, Organisation, Province, ResRegion


def municipality_list(
    *, province: str = "", region: str = "", query: str = "", include_ended: bool = False
) -> QuerySet[Municipality]:
    municipalities = Municipality.objects.select_related("province", "res_region", "successor")
    if not include_ended:
        municipalities = municipalities.current()
    if province:
        municipalities = municipalities.filter(province__code=province)
    if region:
        municipalities = municipalities.filter(res_region__code=region)
    if query:
        municipalities = municipalities.filter(Q(name__icontains=query) | Q(cbs_code__iexact=query))
    return municipalities.order_by("name")


def province_list() -> QuerySet[Province]:
    return Province.objects.order_by("name")


def res_region_list() -> QuerySet[ResRegion]:
    return ResRegion.objects.order_by("name")


def organisation_list(
    *, type: str = "", municipality: Municipality | None = None, province: Province | None = None
) -> QuerySet[Organisation]:
    organisations = Organisation.objects.annotate(contact_count=Count("contacts", distinct=True))
    if type:
        organisations = organisations.filter(type=type)
    if municipality is not None:
        organisations = organisations.filter(municipalities=municipality)
    if province is not None:
        organisations = organisations.filter(municipalities__province=province).distinct()
    return organisations.order_by("name")


def contact_list(*, query: str = "") -> QuerySet[Contact]:
    contacts = Contact.objects.select_related("organisation")
    if query:
        contacts = contacts.filter(
            Q(name__icontains=query) | Q(email__icontains=query) | Q(organisation__name__icontains=query)
        )
    return contacts.order_by("name")
