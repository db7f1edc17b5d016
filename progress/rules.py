"""Who may see and keep the progress of municipalities (layout: accounts/rules.py).

Progress of a municipality: its own officers keep it up to date; the coordinators of its RES
region and programme staff comment and flag it; staff of its province read along. Its
neighbourhoods and initiatives are rows of that progress, addressed only through the
municipality's URL; so is a wijk direction from a session when it is adopted into them.
Dashboards: a coordinator sees their region, provincial staff their province (and the regions
in it), programme staff the whole country. Municipalities, regions and provinces themselves are
public reference data; what these rules guard is their progress, so someone who may not see
that gets a 404 on its pages.
"""

import rules
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.rules import (
    is_coordinator_of_municipality_region,
    is_officer_of_municipality,
    is_programme_admin,
    is_programme_staff,
    is_staff_of_municipality_province,
    municipality_ids,
    province_ids,
    res_region_ids,
)
from heatportal.permissions import get_object_for_user, perm_for_action
from municipalities.models import Municipality, Province, ResRegion
from outcomes.models import WijkDirection
from progress.models import Initiative, Neighbourhood

# --- A municipality's progress --------------------------------------------------------------
can_view_progress = (
    is_programme_staff
    | is_staff_of_municipality_province
    | is_coordinator_of_municipality_region
    | is_officer_of_municipality
)


def visible_progress_municipalities(user) -> QuerySet[Municipality]:
    """The municipalities whose progress USER may see: `progress.view_progress` as a query."""
    if is_programme_staff(user):
        return Municipality.objects.all()
    return Municipality.objects.filter(
        Q(province_id__in=province_ids(user))
        | Q(res_region_id__in=res_region_ids(user))
        | Q(pk__in=municipality_ids(user))
    )


rules.add_perm("progress.view_progress", can_view_progress)
rules.add_perm("progress.change_progress", is_officer_of_municipality | is_programme_admin)
rules.add_perm("progress.comment_progress", is_coordinator_of_municipality_region | is_programme_staff)
rules.add_perm("progress.flag_progress", is_coordinator_of_municipality_region | is_programme_staff)
# A deadline other than the law's (a merger, a postponement by the minister): provincial staff,
# who follow their municipalities' plans, and programme administrators. Never the municipality itself.
rules.add_perm("progress.override_deadline", is_staff_of_municipality_province | is_programme_admin)

PROGRESS_ACTIONS = {
    "view": "progress.view_progress",
    "change": "progress.change_progress",
    "comment": "progress.comment_progress",
    "flag": "progress.flag_progress",
    "deadline": "progress.override_deadline",
}


def get_municipality_progress_for_user(user, cbs_code: str, *, action: str = "view") -> Municipality:
    """The municipality CBS_CODE, for USER to ACTION on its progress."""
    return get_object_for_user(
        user,
        Municipality.objects.select_related("province", "res_region", "successor"),
        perm_for_action(PROGRESS_ACTIONS, action),
        visible=visible_progress_municipalities(user),
        cbs_code=cbs_code,
    )


# --- Its neighbourhoods and initiatives -----------------------------------------------------
def _progress_row(user, model, cbs_code: str, pk: int, *, action: str):
    """Row PK of the municipality CBS_CODE, for USER to ACTION on its progress: 404 or 403 as for
    the municipality's progress, and 404 for a row of another municipality, whoever asks."""
    municipality = get_municipality_progress_for_user(user, cbs_code, action=action)
    row = get_object_or_404(model, pk=pk, municipality=municipality)
    row.municipality = municipality  # as loaded and checked
    return row


def get_neighbourhood_for_user(user, cbs_code: str, pk: int, *, action: str = "view") -> Neighbourhood:
    return _progress_row(user, Neighbourhood, cbs_code, pk, action=action)


def get_initiative_for_user(user, cbs_code: str, pk: int, *, action: str = "view") -> Initiative:
    return _progress_row(user, Initiative, cbs_code, pk, action=action)


def get_direction_for_user(user, cbs_code: str, pk: int, *, action: str = "change") -> WijkDirection:
    """A wijk direction from a session for the municipality CBS_CODE, to adopt into its wijken
    (changing its progress): 404 for a direction of another municipality."""
    return _progress_row(user, WijkDirection, cbs_code, pk, action=action)


# --- Dashboards -----------------------------------------------------------------------------
@rules.predicate
def has_progress_overview(user) -> bool:
    return bool(res_region_ids(user) or province_ids(user)) or is_programme_staff(user)


rules.add_perm("progress.view_progress_overview", has_progress_overview)
rules.add_perm("progress.view_national_progress", is_programme_staff)


# A RES region's dashboard.
@rules.predicate
def is_coordinator_of_region(user, region) -> bool:
    return region is not None and region.pk in res_region_ids(user)


@rules.predicate
def is_staff_of_region_province(user, region) -> bool:
    # Prefetched provinces when the caller loaded them; a region spans one or two provinces.
    return region is not None and bool({p.pk for p in region.provinces.all()} & province_ids(user))


can_view_region_progress = is_programme_staff | is_coordinator_of_region | is_staff_of_region_province


def visible_progress_regions(user) -> QuerySet[ResRegion]:
    """The regions whose dashboard USER may see: `progress.view_region_progress` as a query."""
    if is_programme_staff(user):
        return ResRegion.objects.all()
    match = ResRegion.objects.filter(Q(pk__in=res_region_ids(user)) | Q(provinces__in=province_ids(user)))
    return ResRegion.objects.filter(pk__in=match.values("pk"))


rules.add_perm("progress.view_region_progress", can_view_region_progress)

REGION_ACTIONS = {"view": "progress.view_region_progress"}


def get_region_progress_for_user(user, code: str, *, action: str = "view") -> ResRegion:
    """The RES region CODE (its provinces loaded), for USER to ACTION on its dashboard."""
    return get_object_for_user(
        user,
        ResRegion.objects.prefetch_related("provinces"),
        perm_for_action(REGION_ACTIONS, action),
        visible=visible_progress_regions(user),
        code=code,
    )


# A province's overview.
@rules.predicate
def is_staff_of_province(user, province) -> bool:
    return province is not None and province.pk in province_ids(user)


can_view_province_progress = is_programme_staff | is_staff_of_province


def visible_progress_provinces(user) -> QuerySet[Province]:
    """The provinces whose overview USER may see: `progress.view_province_progress` as a query."""
    if is_programme_staff(user):
        return Province.objects.all()
    return Province.objects.filter(pk__in=province_ids(user))


rules.add_perm("progress.view_province_progress", can_view_province_progress)

PROVINCE_ACTIONS = {"view": "progress.view_province_progress"}


def get_province_progress_for_user(user, code: str, *, action: str = "view") -> Province:
    """The province CODE, for USER to ACTION on its overview."""
    return get_object_for_user(
        user,
        Province.objects.all(),
        perm_for_action(PROVINCE_ACTIONS, action),
        visible=visible_progress_provinces(user),
        code=code,
    )
