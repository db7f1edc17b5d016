from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from heatportal.navigation import NavItem


def items(user) -> list[NavItem]:
    result = [NavItem(_("Gemeenten"), reverse("municipalities:list"), 40)]
    if user.has_perm("municipalities.view_directory"):
        result.append(NavItem(_("Organisaties"), reverse("municipalities:organisations"), 45))
    if user.has_perm("municipalities.manage_contacts"):
        result.append(NavItem(_("Contactpersonen"), reverse("municipalities:contacts"), 46))
    return result
