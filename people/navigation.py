"""people's menu entries: the people pages (section 1); access requests (section 2)."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from accounts.rules import may_grant_anything
from heatportal.navigation import NavItem


def items(user) -> list:
    entries: list = []
    # --- People pages ---------------------------------------------------------------------
    if user.has_perm("people.view_people_pages"):
        entries.append(
            NavItem(
                _("Mensen"),
                reverse("people:index"),
                85,
                _("Wie toegang heeft tot het portaal, met welke rol; mensen uitnodigen en rollen beëindigen.")
                if may_grant_anything(user)
                else _("Wie toegang heeft tot het portaal, met welke rol."),
            )
        )
    # --- Access requests ------------------------------------------------------------------
    if user.has_perm("people.decide_access_requests"):
        entries.append(
            NavItem(
                _("Toegangsaanvragen"),
                reverse("people:access_requests"),
                86,
                _("Aanvragen voor toegang tot het portaal goedkeuren of afwijzen, en de jaarlijkse toegangscontrole."),
            )
        )
    return entries
