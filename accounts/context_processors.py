from django.conf import settings
from django.utils.translation import gettext as _


def organisation_login(request):
    """Whether the login page offers the organisation's account, and the button's words."""
    if not settings.OIDC_ENABLED:
        return {"oidc_enabled": False}
    return {
        "oidc_enabled": True,
        "oidc_button_label": settings.OIDC_PROVIDER_NAME or _("Inloggen met uw organisatieaccount"),
    }
