from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from heatportal.navigation import NavItem


def items(user) -> list[NavItem]:
    result = [
        NavItem(
            _("Leer Labs"),
            reverse("labs:catalogue"),
            30,
            _("Leertrajecten waarin 3 tot 5 gemeenten elk aan een eigen case werken."),
        )
    ]
    if user.has_perm("labs.view_mine"):
        result.append(
            NavItem(
                _("Mijn Leer Labs"), reverse("labs:mine"), 31, _("De Leer Labs van uw gemeente of die u begeleidt.")
            )
        )
    return result
