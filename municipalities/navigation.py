from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from heatportal.navigation import NavItem


def items(user) -> list[NavItem]:
    result = [
        NavItem(
            _("Gemeenten"),
            reverse("municipalities:list"),
            40,
            _("Alle gemeenten met hun provincie, RES-regio en voortgang."),
        )
    ]
    if user.has_perm("municipalities.view_directory"):
        result.append(
            NavItem(
                _("Organisaties"),
                reverse("municipalities:organisations"),
                45,
                _("Woningcorporaties, netbeheerders, initiatieven en andere partijen."),
            )
        )
    if user.has_perm("municipalities.manage_contacts"):
        result.append(
            NavItem(
                _("Contactpersonen"),
                reverse("municipalities:contacts"),
                46,
                _("Persoonsgegevens van contactpersonen: wijzigen, inzien, verwijderen."),
            )
        )
    return result
