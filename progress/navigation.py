from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from accounts.rules import municipality_ids, res_region_ids
from heatportal.navigation import NavItem


def items(user) -> list[NavItem]:
    result = []
    if res_region_ids(user):
        result.append(
            NavItem(
                _("Regio-overzicht"),
                reverse("progress:progress"),
                35,
                _("Waar elke gemeente in uw RES-regio staat."),
            )
        )
    elif user.has_perm("progress.view_progress_overview"):
        result.append(
            NavItem(
                _("Voortgang"),
                reverse("progress:progress"),
                35,
                _("Voortgang van gemeenten per regio, provincie en landelijk."),
            )
        )
    elif len(municipality_ids(user)) == 1:
        # role_list has the municipality loaded already: no query for the menu.
        role = next(r for r in user.role_list if r.kind == Role.Kind.MUNICIPAL_OFFICER)
        result.append(
            NavItem(
                _("Onze voortgang"),
                f"{role.municipality.get_absolute_url()}#voortgang",
                35,
                _("Visie, warmteprogramma, wijken en initiatieven van uw gemeente bijwerken."),
            )
        )
    return result
