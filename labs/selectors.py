"""Reads of the labs app."""

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.rules import municipality_ids
from labs.models import CaseUpdate, Enrolment, Lab
from municipalities.models import Municipality


def municipality_lab_summary(*, municipality_ids) -> dict[int, dict]:
    """Per municipality id: {"labs": labs it takes part in, "waiting": waiting-list entries}.

    One query however many ids; ids without enrolments map to zeros. A cancelled lab counts
    for neither; withdrawn, declined and expired enrolments never count.
    """
    ids = list(municipality_ids)
    summary = {pk: {"labs": 0, "waiting": 0} for pk in ids}
    if not ids:
        return summary
    rows = (
        Enrolment.objects.filter(municipality_id__in=ids)
        .exclude(lab__status=Lab.Status.CANCELLED)
        .values("municipality_id")
        .annotate(
            labs=Count("id", filter=Q(status=Enrolment.Status.ACTIVE)),
            waiting=Count("id", filter=Q(status__in=Enrolment.ON_LIST)),
        )
    )
    for row in rows:
        summary[row["municipality_id"]] = {"labs": row["labs"], "waiting": row["waiting"]}
    return summary


def places_taken(*, lab: Lab) -> int:
    """Places held or reserved: participants plus open offers (an offered place is kept free)."""
    return Enrolment.objects.filter(lab=lab, status__in=[Enrolment.Status.ACTIVE, Enrolment.Status.OFFERED]).count()


def lab_is_eligible(*, lab: Lab, municipality) -> bool:
    """Municipalities of the listed provinces or RES regions; none listed: the organiser's province."""
    province_ids = set(lab.eligible_provinces.values_list("pk", flat=True))
    region_ids = set(lab.eligible_res_regions.values_list("pk", flat=True))
    if not province_ids and not region_ids:
        province_ids = {lab.organiser_province_id}
    return municipality.province_id in province_ids or municipality.res_region_id in region_ids


def _with_counts(labs: QuerySet[Lab]) -> QuerySet[Lab]:
    return labs.annotate(
        active_count=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.ACTIVE)),
        offered_count=Count("enrolments", filter=Q(enrolments__status=Enrolment.Status.OFFERED)),
        waiting_count=Count("enrolments", filter=Q(enrolments__status__in=Enrolment.ON_LIST)),
    )


def lab_catalogue(*, province: str = "", status: str = "") -> QuerySet[Lab]:
    """Labs for the public catalogue, with counts; PROVINCE is a CBS code (eligible there)."""
    labs = Lab.objects.select_related("organiser_province").prefetch_related(
        "eligible_provinces", "eligible_res_regions"
    )
    if province:
        eligible_there = Lab.objects.filter(
            Q(eligible_provinces__code=province)
            | Q(eligible_res_regions__provinces__code=province)
            | Q(eligible_provinces__isnull=True, eligible_res_regions__isnull=True, organiser_province__code=province)
        )
        labs = labs.filter(pk__in=eligible_there.values("pk"))
    if status:
        labs = labs.filter(status=status)
    return _with_counts(labs).order_by("enrolment_deadline", "title")


def lab_detail(*, pk: int) -> QuerySet[Lab]:
    return _with_counts(
        Lab.objects.filter(pk=pk)
        .select_related("organiser_province")
        .prefetch_related("eligible_provinces", "eligible_res_regions", "advisers")
    )


def lab_room_enrolments(*, lab: Lab) -> QuerySet[Enrolment]:
    """Participants with their case and its updates (newest first), for the lab page."""
    return (
        Enrolment.objects.filter(lab=lab, status=Enrolment.Status.ACTIVE)
        .select_related("municipality", "enrolled_by")
        .prefetch_related(
            Prefetch("updates", queryset=CaseUpdate.objects.select_related("author").order_by("-created_at", "-id"))
        )
        .order_by("municipality__name")
    )


def lab_waiting_list(*, lab: Lab) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(lab=lab, status__in=Enrolment.ON_LIST)
        .select_related("municipality", "enrolled_by")
        .order_by("queued_at", "id")
    )


def enrolments_for_user(*, user) -> QuerySet[Enrolment]:
    """Current enrolments (place, waiting, offered) of the municipalities USER works for."""
    return (
        Enrolment.objects.filter(
            municipality_id__in=municipality_ids(user), status__in=[Enrolment.Status.ACTIVE, *Enrolment.ON_LIST]
        )
        .select_related("lab", "municipality")
        .order_by("lab__enrolment_deadline", "lab__title", "municipality__name")
    )


def labs_advised_by(*, user) -> QuerySet[Lab]:
    return _with_counts(Lab.objects.filter(advisers=user).select_related("organiser_province")).order_by(
        "enrolment_deadline", "title"
    )


def lab_list(*, labs: QuerySet[Lab]) -> QuerySet[Lab]:
    """LABS (e.g. labs.rules.labs_managed_by of a user) with their counts, by deadline."""
    return _with_counts(labs.select_related("organiser_province")).order_by("enrolment_deadline", "title")


def enrolments_of_user_for_lab(*, user, lab: Lab) -> list[Enrolment]:
    return list(
        Enrolment.objects.filter(lab=lab, municipality_id__in=municipality_ids(user)).select_related("municipality")
    )


def user_municipalities(*, user) -> QuerySet[Municipality]:
    return Municipality.objects.filter(pk__in=municipality_ids(user)).select_related("province").order_by("name")


def adviser_candidates() -> QuerySet:
    from accounts.models import Role, User

    return (
        User.objects.filter(Q(roles__kind=Role.Kind.PROGRAMME_ADVISER) | Q(is_staff=True), is_active=True)
        .distinct()
        .order_by("full_name", "email")
    )
