"""Who may do what with Leer Labs (layout of a rules module: accounts/rules.py).

The catalogue and a lab's public page are open to everyone. Municipal officers enrol their
own municipality (whether it is eligible is the enrolment service's rule, so a refusal can say
why). Organisers are provincial staff of the organising province and programme admins; the
lab page with cases, updates and meetings (the "room") is for participants, advisers and
organisers, and so are the lab's materials (organisers add and remove them) and the attendance
at its meetings (organisers record it). An enrolment is seen by its municipality's officers and
the lab's organisers, and once it holds a place by everyone in the room.
"""

import rules
from django.db.models import Q, QuerySet

from accounts.rules import (
    is_municipal_officer,
    is_programme_admin,
    is_programme_adviser,
    is_provincial_staff,
    municipality_ids,
    province_ids,
)
from heatportal.permissions import get_object_for_user, perm_for_action
from labs import selectors
from labs.models import Enrolment, Lab, LabMaterial, LabMeeting


# --- Labs -----------------------------------------------------------------------------------
@rules.predicate
def is_lab_organiser(user, lab) -> bool:
    return lab is not None and lab.organiser_province_id in province_ids(user)


@rules.predicate
def is_lab_adviser(user, lab) -> bool:
    # Reads the prefetched advisers where a selector loaded them (no query per row).
    return lab is not None and user.is_authenticated and any(a.pk == user.pk for a in lab.advisers.all())


@rules.predicate
def is_lab_participant(user, lab) -> bool:
    ids = municipality_ids(user)
    return bool(lab is not None and ids and lab.enrolments.filter(status="active", municipality_id__in=ids).exists())


is_organiser = is_programme_admin | is_lab_organiser


def labs_managed_by(user) -> QuerySet[Lab]:
    """The labs USER organises: `labs.manage_lab` (is_organiser) as a query."""
    if is_programme_admin(user):
        return Lab.objects.all()
    return Lab.objects.filter(organiser_province_id__in=province_ids(user))


is_room_member = is_organiser | is_programme_adviser | is_lab_adviser | is_lab_participant


def labs_with_room_for(user) -> QuerySet[Lab]:
    """The labs whose room USER may enter: `labs.view_room` (is_room_member) as a query."""
    if is_programme_admin(user) or is_programme_adviser(user):
        return Lab.objects.all()
    if not user.is_authenticated:
        return Lab.objects.none()
    participating = Enrolment.objects.filter(status=Enrolment.Status.ACTIVE, municipality_id__in=municipality_ids(user))
    return Lab.objects.filter(
        Q(organiser_province_id__in=province_ids(user))
        | Q(pk__in=Lab.advisers.through.objects.filter(user_id=user.pk).values("lab_id"))
        | Q(pk__in=participating.values("lab_id"))
    )


rules.add_perm("labs.view_lab", rules.always_allow)
rules.add_perm("labs.enrol", is_municipal_officer)
rules.add_perm("labs.view_mine", is_municipal_officer | is_programme_adviser | is_provincial_staff | is_programme_admin)
rules.add_perm("labs.create_lab", is_programme_admin | is_provincial_staff)
rules.add_perm("labs.manage_lab", is_organiser)
rules.add_perm("labs.view_room", is_room_member)

LAB_ACTIONS = {"view": "labs.view_lab", "room": "labs.view_room", "manage": "labs.manage_lab"}


def get_lab_for_user(user, pk: int, *, action: str = "view") -> Lab:
    """The lab with its counts, areas and advisers loaded; a lab's public page is open to all,
    so a lab USER may not ACTION is a 403, never a 404."""
    return get_object_for_user(user, selectors.lab_detail(pk=pk), perm_for_action(LAB_ACTIONS, action), pk=pk)


# --- Enrolments -----------------------------------------------------------------------------
@rules.predicate
def is_enrolment_officer(user, enrolment) -> bool:
    return enrolment is not None and enrolment.municipality_id in municipality_ids(user)


@rules.predicate
def is_active_enrolment(_user, enrolment) -> bool:
    return enrolment is not None and enrolment.status == "active"


@rules.predicate
def is_enrolment_participant(user, enrolment) -> bool:
    return (
        enrolment is not None and enrolment.status == "active" and enrolment.municipality_id in municipality_ids(user)
    )


@rules.predicate
def organises_enrolment_lab(user, enrolment) -> bool:
    return enrolment is not None and enrolment.lab.organiser_province_id in province_ids(user)


@rules.predicate
def advises_enrolment_lab(user, enrolment) -> bool:
    return enrolment is not None and (is_programme_adviser(user) or is_lab_adviser(user, enrolment.lab))


@rules.predicate
def sees_enrolment_in_room(user, enrolment) -> bool:
    # The room lists the participants only; waiting and past enrolments are not shown there.
    return enrolment is not None and enrolment.status == "active" and is_room_member(user, enrolment.lab)


can_view_enrolment = is_enrolment_officer | is_programme_admin | organises_enrolment_lab | sees_enrolment_in_room


def visible_enrolments(user) -> QuerySet[Enrolment]:
    """The enrolments USER may see: `labs.view_enrolment` (can_view_enrolment) as a query."""
    if is_programme_admin(user):
        return Enrolment.objects.all()
    if not user.is_authenticated:
        return Enrolment.objects.none()
    return Enrolment.objects.filter(
        Q(municipality_id__in=municipality_ids(user))
        | Q(lab__organiser_province_id__in=province_ids(user))
        | Q(status=Enrolment.Status.ACTIVE, lab__in=labs_with_room_for(user))
    )


rules.add_perm("labs.view_enrolment", can_view_enrolment)
rules.add_perm("labs.withdraw_enrolment", is_enrolment_officer | (is_programme_admin | organises_enrolment_lab))
rules.add_perm("labs.answer_offer", is_enrolment_officer)
rules.add_perm(
    "labs.post_update",
    # A case is part of the room only while its enrolment holds a place: nobody posts on a waiting one.
    is_active_enrolment
    & (is_enrolment_participant | advises_enrolment_lab | is_programme_admin | organises_enrolment_lab),
)

ENROLMENT_ACTIONS = {
    "view": "labs.view_enrolment",
    "withdraw": "labs.withdraw_enrolment",
    "answer_offer": "labs.answer_offer",
    "post_update": "labs.post_update",
}


def get_enrolment_for_user(user, pk: int, *, action: str = "view") -> Enrolment:
    return get_object_for_user(
        user,
        Enrolment.objects.select_related("lab", "municipality", "enrolled_by"),
        perm_for_action(ENROLMENT_ACTIONS, action),
        visible=visible_enrolments(user),
        pk=pk,
    )


# --- Meetings -------------------------------------------------------------------------------
# A meeting is part of its lab's room: whoever enters the room sees it, organisers change it.
@rules.predicate
def is_room_member_of_meeting_lab(user, meeting) -> bool:
    return meeting is not None and is_room_member(user, meeting.lab)


@rules.predicate
def organises_meeting_lab(user, meeting) -> bool:
    return meeting is not None and is_organiser(user, meeting.lab)


def visible_meetings(user) -> QuerySet[LabMeeting]:
    """The meetings USER may see: `labs.view_meeting` as a query."""
    return LabMeeting.objects.filter(lab__in=labs_with_room_for(user))


rules.add_perm("labs.view_meeting", is_room_member_of_meeting_lab)
rules.add_perm("labs.change_meeting", organises_meeting_lab)

MEETING_ACTIONS = {"view": "labs.view_meeting", "change": "labs.change_meeting"}


def get_meeting_for_user(user, pk: int, *, action: str = "view") -> LabMeeting:
    return get_object_for_user(
        user,
        LabMeeting.objects.select_related("lab"),
        perm_for_action(MEETING_ACTIONS, action),
        visible=visible_meetings(user),
        pk=pk,
    )


# --- Materials ------------------------------------------------------------------------------
# A lab's materials are for its room: participants' officers, advisers and organisers; a file is
# sent only through the download view, which checks this rule.
@rules.predicate
def is_room_member_of_material_lab(user, material) -> bool:
    return material is not None and is_room_member(user, material.lab)


@rules.predicate
def organises_material_lab(user, material) -> bool:
    return material is not None and is_organiser(user, material.lab)


def visible_materials(user) -> QuerySet[LabMaterial]:
    """The materials USER may see and download: `labs.view_material` as a query."""
    return LabMaterial.objects.filter(lab__in=labs_with_room_for(user))


rules.add_perm("labs.view_material", is_room_member_of_material_lab)
rules.add_perm("labs.change_material", organises_material_lab)

MATERIAL_ACTIONS = {"view": "labs.view_material", "change": "labs.change_material"}


def get_material_for_user(user, pk: int, *, action: str = "view") -> LabMaterial:
    return get_object_for_user(
        user,
        LabMaterial.objects.select_related("lab").prefetch_related("lab__advisers"),
        perm_for_action(MATERIAL_ACTIONS, action),
        visible=visible_materials(user),
        pk=pk,
    )
