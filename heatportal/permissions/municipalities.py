"""Rules of regional progress (perms still named `municipalities.*`), until they move to
progress/rules.py; imported by heatportal.permissions meanwhile.

Progress of a municipality: its own officers keep it up to date; the coordinators of its RES
region and programme staff comment and flag it; staff of its province read along.
Dashboards: a coordinator sees their region, provincial staff their province (and the regions
in it), programme staff the whole country.
"""

import rules

from accounts.rules import (
    is_coordinator_of_municipality_region,
    is_officer_of_municipality,
    is_programme_admin,
    is_programme_staff,
    is_staff_of_municipality_province,
    province_ids,
    res_region_ids,
)


@rules.predicate
def is_coordinator_of_region(user, region) -> bool:
    return region is not None and region.pk in res_region_ids(user)


@rules.predicate
def is_staff_of_region_province(user, region) -> bool:
    # Prefetched provinces when the caller loaded them; a region spans one or two provinces.
    return region is not None and bool({p.pk for p in region.provinces.all()} & province_ids(user))


@rules.predicate
def is_staff_of_province(user, province) -> bool:
    return province is not None and province.pk in province_ids(user)


@rules.predicate
def has_progress_overview(user) -> bool:
    return bool(res_region_ids(user) or province_ids(user)) or is_programme_staff(user)


rules.add_perm(
    "municipalities.view_progress",
    is_programme_staff
    | is_staff_of_municipality_province
    | is_coordinator_of_municipality_region
    | is_officer_of_municipality,
)
rules.add_perm("municipalities.change_progress", is_officer_of_municipality | is_programme_admin)
rules.add_perm("municipalities.comment_progress", is_coordinator_of_municipality_region | is_programme_staff)
rules.add_perm("municipalities.flag_progress", is_coordinator_of_municipality_region | is_programme_staff)

rules.add_perm("municipalities.view_progress_overview", has_progress_overview)
rules.add_perm(
    "municipalities.view_region_progress", is_programme_staff | is_coordinator_of_region | is_staff_of_region_province
)
rules.add_perm("municipalities.view_province_progress", is_programme_staff | is_staff_of_province)
rules.add_perm("municipalities.view_national_progress", is_programme_staff)
