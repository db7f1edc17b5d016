"""Who may see the reference data and the stakeholder register (layout: accounts/rules.py).

Municipalities, provinces and RES regions are public reference data. The register of
organisations is for programme staff and provincial staff; its contacts are personal data,
seen and kept only by programme admins. (Predicates placing a municipality in someone's role
scope, `is_officer_of_municipality` and the like, are in accounts/rules.py.)
"""

import rules
from django.db.models import QuerySet

from accounts.rules import is_programme_admin, is_programme_staff, is_provincial_staff
from heatportal.permissions import get_object_for_user, perm_for_action
from municipalities.models import Contact, Municipality, Organisation

can_view_directory = is_programme_staff | is_provincial_staff
can_manage_register = is_programme_admin

rules.add_perm("municipalities.view_municipality", rules.always_allow)
rules.add_perm("municipalities.view_directory", can_view_directory)
rules.add_perm("municipalities.manage_contacts", can_manage_register)


# --- Municipalities -------------------------------------------------------------------------
MUNICIPALITY_ACTIONS = {"view": "municipalities.view_municipality"}


def get_municipality_for_user(user, cbs_code: str, *, action: str = "view") -> Municipality:
    """By CBS code, as its URL names it; public, so only a missing code is a 404."""
    return get_object_for_user(
        user,
        Municipality.objects.select_related("province", "res_region", "successor"),
        perm_for_action(MUNICIPALITY_ACTIONS, action),
        cbs_code=cbs_code,
    )


# --- Organisations --------------------------------------------------------------------------
def visible_organisations(user) -> QuerySet[Organisation]:
    """`municipalities.view_directory` as a query: by role, the whole register or none of it."""
    return Organisation.objects.all() if can_view_directory(user) else Organisation.objects.none()


ORGANISATION_ACTIONS = {"view": "municipalities.view_directory", "change": "municipalities.manage_contacts"}


def get_organisation_for_user(user, pk: int, *, action: str = "view") -> Organisation:
    return get_object_for_user(
        user,
        Organisation.objects.all(),
        perm_for_action(ORGANISATION_ACTIONS, action),
        visible=visible_organisations(user),
        pk=pk,
    )


# --- Contacts -------------------------------------------------------------------------------
def visible_contacts(user) -> QuerySet[Contact]:
    """`municipalities.manage_contacts` as a query: contacts are seen only by who keeps them."""
    return Contact.objects.all() if can_manage_register(user) else Contact.objects.none()


# Seeing a contact and keeping it are one perm: nobody reads the personal data without being
# the one who answers for it (export and erasure requests included).
CONTACT_ACTIONS = {"manage": "municipalities.manage_contacts"}


def get_contact_for_user(user, pk: int, *, action: str = "manage") -> Contact:
    return get_object_for_user(
        user,
        Contact.objects.all(),
        perm_for_action(CONTACT_ACTIONS, action),
        visible=visible_contacts(user),
        pk=pk,
    )
