from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from heatportal.navigation import NavItem


def items(user) -> list[NavItem]:
    result = []
    if user.has_perm("sprints.use_board"):
        result.append(
            NavItem(
                _("Sessieplanning"),
                reverse("sessions:board"),
                10,
                _("Sprintsessies en andere bijeenkomsten plannen, uitnodigen en opvolgen."),
            )
        )
    elif user.has_perm("sprints.list_sessions"):
        result.append(
            NavItem(_("Sessies"), reverse("sessions:list"), 10, _("De bijeenkomsten waaraan uw gemeente deelneemt."))
        )
    return result
