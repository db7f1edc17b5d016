"""Main navigation per role. Each app lists its entries in <app>/navigation.py as
`items(user) -> list[NavItem]`; this module gathers them in a fixed order for the base template."""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from heatportal.modules import optional_app_module

NAV_APPS = ["sessions", "labs", "municipalities", "progress", "people"]


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    order: int = 50
    description: str = ""  # shown on the overview page's cards


def _core_items(user) -> list[NavItem]:
    items = [NavItem(_("Overzicht"), reverse("home"), 0)]
    if user.has_perm("audit.view_log"):
        items.append(NavItem(_("Auditlog"), reverse("audit:log"), 92, _("Wie wat wanneer wijzigde, met filters.")))
    if user.has_perm("mail.view_outbox"):
        items.append(
            NavItem(
                _("Uitgaande e-mail"),
                reverse("mail:outbox"),
                90,
                _("Elk verstuurd bericht met de status van de bezorging."),
            )
        )
    if user.has_perm("heatportal.view_retention"):
        items.append(
            NavItem(
                _("Bewaartermijnen"),
                reverse("retention_preview"),
                92,
                _("Welke persoonsgegevens hun bewaartermijn voorbij zijn en worden geanonimiseerd."),
            )
        )
    return items


def nav_items(user) -> list[NavItem]:
    items = _core_items(user)
    for app in NAV_APPS:
        if module := optional_app_module(app, "navigation"):
            items.extend(module.items(user))
    return sorted(items, key=lambda item: item.order)


def _second_step_pending(request) -> bool:
    # On the second-factor pages of a session that has not passed it every menu link would only
    # lead back there: the menu stays away until the second step is done.
    match = getattr(request, "resolver_match", None)
    verified = getattr(request.user, "is_verified", None)
    return bool(match and match.namespace == "otp" and verified is not None and not verified())


def navigation(request):
    """Context processor: `nav_items` with the current one marked."""
    items = nav_items(request.user) if hasattr(request, "user") and not _second_step_pending(request) else []
    current = max(
        (i for i in items if request.path.startswith(i.url) and i.url != "/"), key=lambda i: len(i.url), default=None
    )
    if current is None and request.path == "/":
        current = items[0] if items else None
    return {"nav_items": items, "nav_current": current}
