from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from heatportal.navigation import NavItem


def items(user) -> list[NavItem]:
    result = [NavItem(_("Leer Labs"), reverse("labs:catalogue"), 30)]
    if user.has_perm("labs.view_mine"):
        result.append(NavItem(_("Mijn Leer Labs"), reverse("labs:mine"), 31))
    return result
