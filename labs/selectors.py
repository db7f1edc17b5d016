"""Reads of the labs app."""

import datetime as dt

from django.db.models import Count, OuterRef, Prefetch, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.rules import municipality_ids
from labs.models import CaseUpdate, Enrolment, Lab, LabMaterial, LabMeeting, MeetingAttendance
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


# The catalogue's status filter: by default what a municipality can still join or is about to
# start; running and finished labs are one choice away ("alle" shows every status).
STATUS_CURRENT = ""
STATUS_ALL = "alle"
CURRENT_STATUSES = (Lab.Status.OPEN, Lab.Status.CONFIRMED)


def lab_catalogue(*, province: str = "", status: str = STATUS_CURRENT, query: str = "") -> QuerySet[Lab]:
    """Labs for the public catalogue, with counts; PROVINCE is a CBS code (eligible there),
    STATUS one of Lab.Status, STATUS_CURRENT (open and confirmed) or STATUS_ALL, QUERY part of
    the title. What is still ahead comes by nearest deadline, the rest newest first."""
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
    if status == STATUS_CURRENT:
        labs = labs.filter(status__in=CURRENT_STATUSES)
    elif status != STATUS_ALL:
        labs = labs.filter(status=status)
    if query:
        labs = labs.filter(title__icontains=query)
    ahead = status == STATUS_CURRENT or status in CURRENT_STATUSES
    order = ("enrolment_deadline", "title", "pk") if ahead else ("-enrolment_deadline", "title", "pk")
    return _with_counts(labs).order_by(*order)


def lab_detail(*, pk: int) -> QuerySet[Lab]:
    return _with_counts(
        Lab.objects.filter(pk=pk)
        .select_related("organiser_province")
        .prefetch_related("eligible_provinces", "eligible_res_regions", "advisers")
    )


# The lab page shows each case's latest updates and a window of meetings around today; the
# rest is on the pages of a case's updates and of the lab's meetings (paged), so the page stays
# the same size however long a lab runs.
UPDATES_SHOWN = 5
MEETINGS_PAST_SHOWN = 3
MEETINGS_AHEAD_SHOWN = 10


def lab_room_enrolments(*, lab: Lab) -> QuerySet[Enrolment]:
    """Participants with their case, its number of updates and the latest UPDATES_SHOWN of them
    (newest first, one query for all cases), for the lab page."""
    latest = CaseUpdate.objects.select_related("author").order_by("-created_at", "-id")[:UPDATES_SHOWN]
    return (
        Enrolment.objects.filter(lab=lab, status=Enrolment.Status.ACTIVE)
        .select_related("municipality", "enrolled_by")
        .annotate(update_count=Count("updates"))
        .prefetch_related(Prefetch("updates", queryset=latest, to_attr="latest_updates"))
        .order_by("municipality__name")
    )


def case_updates(*, enrolment: Enrolment) -> QuerySet[CaseUpdate]:
    """Every update of one case, newest first (paged by the view)."""
    return enrolment.updates.select_related("author").order_by("-created_at", "-id")


def lab_meetings_window(*, lab: Lab, today) -> tuple[list[LabMeeting], bool]:
    """The last MEETINGS_PAST_SHOWN meetings before TODAY and the next MEETINGS_AHEAD_SHOWN from
    it, in date order (2 queries), and whether the lab has more than that."""
    day_start = timezone.make_aware(dt.datetime.combine(today, dt.time.min))
    meetings = lab_meetings(lab=lab)
    past = list(meetings.filter(starts_at__lt=day_start).order_by("-starts_at", "-id")[: MEETINGS_PAST_SHOWN + 1])
    ahead = list(meetings.filter(starts_at__gte=day_start)[: MEETINGS_AHEAD_SHOWN + 1])
    more = len(past) > MEETINGS_PAST_SHOWN or len(ahead) > MEETINGS_AHEAD_SHOWN
    return [*reversed(past[:MEETINGS_PAST_SHOWN]), *ahead[:MEETINGS_AHEAD_SHOWN]], more


def lab_meetings(*, lab: Lab) -> QuerySet[LabMeeting]:
    """The lab's meetings in date order, each with `present_count` (municipalities ticked present)."""
    return lab.meetings.annotate(present_count=Count("attendances")).order_by("starts_at", "id")


def lab_waiting_list(*, lab: Lab) -> QuerySet[Enrolment]:
    return (
        Enrolment.objects.filter(lab=lab, status__in=Enrolment.ON_LIST)
        .select_related("municipality", "enrolled_by")
        .order_by("queued_at", "id")
    )


# "Mijn Leer Labs" lists what is still going on; finished labs (years of them for an organiser)
# are in the catalogue under their status.
FINISHED_STATUSES = (Lab.Status.COMPLETED, Lab.Status.CANCELLED)


def with_waiting_position(enrolments: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    """ENROLMENTS with `waiting_position`: 1 for the next to be offered a place, for waiting
    ones (a subquery per row in the same query; meaningless for other statuses)."""
    ahead = (
        Enrolment.objects.filter(lab_id=OuterRef("lab_id"), status=Enrolment.Status.WAITING)
        .filter(Q(queued_at__lt=OuterRef("queued_at")) | Q(queued_at=OuterRef("queued_at"), id__lt=OuterRef("id")))
        .order_by()
        .values("lab_id")
        .annotate(n=Count("id"))
        .values("n")
    )
    return enrolments.annotate(waiting_position=Coalesce(Subquery(ahead), Value(0)) + 1)


def own_enrolments_by_lab(*, user, labs) -> dict[int, list[Enrolment]]:
    """Per lab id of LABS: the current enrolments (place, waiting, offered) of USER's
    municipalities, with their waiting position. One query, none without municipalities."""
    ids = municipality_ids(user) if user.is_authenticated else set()
    lab_ids = [lab.pk for lab in labs]
    found = {pk: [] for pk in lab_ids}
    if not ids or not lab_ids:
        return found
    enrolments = Enrolment.objects.filter(
        lab_id__in=lab_ids, municipality_id__in=ids, status__in=[Enrolment.Status.ACTIVE, *Enrolment.ON_LIST]
    ).select_related("municipality")
    for enrolment in with_waiting_position(enrolments).order_by("municipality__name"):
        found[enrolment.lab_id].append(enrolment)
    return found


def enrolments_for_user(*, user) -> QuerySet[Enrolment]:
    """Current enrolments (place, waiting, offered) of the municipalities USER works for, in
    labs that have not finished."""
    return (
        with_waiting_position(
            Enrolment.objects.filter(
                municipality_id__in=municipality_ids(user), status__in=[Enrolment.Status.ACTIVE, *Enrolment.ON_LIST]
            )
        )
        .exclude(lab__status__in=FINISHED_STATUSES)
        .select_related("lab", "municipality")
        .order_by("lab__enrolment_deadline", "lab__title", "municipality__name")
    )


def _cards(labs: QuerySet[Lab]) -> QuerySet[Lab]:
    """LABS as the cards show them (counts, organiser, eligible area), unfinished, by deadline."""
    labs = labs.exclude(status__in=FINISHED_STATUSES).select_related("organiser_province")
    labs = labs.prefetch_related("eligible_provinces", "eligible_res_regions")
    return _with_counts(labs).order_by("enrolment_deadline", "title")


def labs_advised_by(*, user) -> QuerySet[Lab]:
    return _cards(Lab.objects.filter(advisers=user))


def lab_list(*, labs: QuerySet[Lab]) -> QuerySet[Lab]:
    """LABS (e.g. labs.rules.labs_managed_by of a user) as cards: counts, areas, by deadline;
    finished ones left out."""
    return _cards(labs)


def enrolments_of_user_for_lab(*, user, lab: Lab) -> list[Enrolment]:
    return list(
        with_waiting_position(
            Enrolment.objects.filter(lab=lab, municipality_id__in=municipality_ids(user)).select_related("municipality")
        )
    )


def lab_intake(*, lab: Lab) -> QuerySet[Enrolment]:
    """What each municipality holding a place or waiting wants to learn, for the organisers."""
    return (
        Enrolment.objects.filter(lab=lab, status__in=[Enrolment.Status.ACTIVE, *Enrolment.ON_LIST])
        .select_related("municipality")
        .order_by("municipality__name")
    )


def lab_materials(*, lab: Lab) -> QuerySet[LabMaterial]:
    return lab.materials.select_related("added_by").order_by("-created_at", "-id")


def attendance_enrolments(*, lab: Lab) -> QuerySet[Enrolment]:
    """Who can be ticked present: the participants, and anyone already recorded at a meeting
    (a municipality that attended and withdrew later stays in the record)."""
    recorded = MeetingAttendance.objects.filter(meeting__lab=lab).values("enrolment_id")
    return (
        Enrolment.objects.filter(lab=lab)
        .filter(Q(status=Enrolment.Status.ACTIVE) | Q(pk__in=recorded))
        .select_related("municipality")
        .order_by("municipality__name")
    )


def lab_attendance(*, lab: Lab, today) -> dict:
    """The attendance table: meetings up to TODAY (columns), municipalities (rows), who was
    present where, and the totals per meeting and per municipality. Three queries."""
    day_end = timezone.make_aware(dt.datetime.combine(today, dt.time.max))
    meetings = list(lab.meetings.filter(starts_at__lte=day_end).order_by("starts_at", "id"))
    enrolments = list(attendance_enrolments(lab=lab))
    present = set(MeetingAttendance.objects.filter(meeting__lab=lab).values_list("meeting_id", "enrolment_id"))
    rows = [
        {
            "enrolment": e,
            "cells": [(m, (m.pk, e.pk) in present) for m in meetings],
            "count": sum((m.pk, e.pk) in present for m in meetings),
        }
        for e in enrolments
    ]
    totals = [(m, sum((m.pk, e.pk) in present for e in enrolments)) for m in meetings]
    return {"meetings": meetings, "rows": rows, "totals": totals}


def user_municipalities(*, user) -> QuerySet[Municipality]:
    return Municipality.objects.filter(pk__in=municipality_ids(user)).select_related("province").order_by("name")


def adviser_candidates() -> QuerySet:
    from accounts.models import Role, User

    return (
        User.objects.filter(
            Q(pk__in=Role.objects.active().filter(kind=Role.Kind.PROGRAMME_ADVISER).values("user_id"))
            | Q(is_staff=True),
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )
