from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from heatportal.navigation import NavItem


def items(user) -> list[NavItem]:
    result = []
    if user.has_perm("sprints.use_board"):
        result.append(NavItem(_("Sessieplanning"), reverse("sessions:board"), 10))
    elif user.has_perm("sprints.list_sessions"):
        result.append(NavItem(_("Sessies"), reverse("sessions:list"), 10))
    return result
