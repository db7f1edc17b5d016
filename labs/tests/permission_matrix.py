"""Who may use each labs URL. The lab is organised by Noord-Holland; Zaanstad takes part."""

from tests.permissions import ALL_ROLES, Case

ADMIN_AND_NH = frozenset({"programme_admin", "staff_nh"})
CREATORS = frozenset({"programme_admin", "staff_drenthe", "staff_nh"})
OFFICERS = frozenset({"officer_assen", "officer_zaanstad"})
MINE = frozenset({"programme_admin", "adviser", "staff_drenthe", "staff_nh", "officer_assen", "officer_zaanstad"})
ROOM = frozenset({"programme_admin", "adviser", "staff_nh", "officer_zaanstad"})


def _lab(world, **kwargs):
    from labs.tests.factories import LabFactory

    return LabFactory(organiser_province=world.noord_holland, **kwargs)


def _enrolment(world, **kwargs):
    from labs.tests.factories import EnrolmentFactory

    return EnrolmentFactory(
        lab=_lab(world), municipality=world.zaanstad, enrolled_by=world.users["officer_zaanstad"], **kwargs
    )


def _lab_pk(world):
    return {"pk": _lab(world).pk}


def _room_pk(world):
    return {"pk": _enrolment(world).lab_id}


def _enrolment_pk(world):
    return {"pk": _enrolment(world).pk}


def _offer_pk(world):
    from django.utils import timezone

    return {"pk": _enrolment(world, status="offered", offer_expires_at=timezone.now() + timezone.timedelta(days=5)).pk}


def _offer_token(world):
    from django.utils import timezone

    from labs.services.offers import offer_token

    enrolment = _enrolment(world, status="offered", offer_expires_at=timezone.now() + timezone.timedelta(days=5))
    return {"token": offer_token(enrolment)}


def _meeting_pk(world):
    from labs.tests.factories import LabMeetingFactory

    return {"pk": LabMeetingFactory(lab=_lab(world)).pk}


def _past_meeting_pk(world):
    from django.utils import timezone

    from labs.tests.factories import LabMeetingFactory

    enrolment = _enrolment(world)
    return {"pk": LabMeetingFactory(lab=enrolment.lab, starts_at=timezone.now() - timezone.timedelta(days=1)).pk}


def _material_pk(world, **kwargs):
    from labs.tests.factories import LabMaterialFactory

    return {"pk": LabMaterialFactory(lab=_enrolment(world).lab, **kwargs).pk}


def _document_pk(world):
    from labs.tests.factories import pdf_file

    return _material_pk(world, file=pdf_file())


MANAGE = ADMIN_AND_NH
WITHDRAW = frozenset({"officer_zaanstad", "programme_admin", "staff_nh"})

CASES = [
    Case("labs:catalogue", ALL_ROLES),
    Case("labs:detail", ALL_ROLES, kwargs=_lab_pk),
    Case("labs:mine", MINE),
    Case("labs:create", CREATORS),
    Case("labs:create", CREATORS, method="post", data=lambda w: {"title": ""}, label="labs:create:post"),
    Case("labs:enrol", OFFICERS, kwargs=_lab_pk),
    Case(
        "labs:enrol",
        OFFICERS,
        kwargs=_lab_pk,
        method="post",
        data=lambda w: {"case_title": "Wijkaanpak Poelenburg"},
        label="labs:enrol:post",
    ),
    Case("labs:room", ROOM, kwargs=_room_pk),
    Case("labs:meetings", ROOM, kwargs=_room_pk),
    Case(
        "labs:case_updates",
        # An active case is seen by the room; its officer and the organisers see it in any status.
        ROOM,
        kwargs=_enrolment_pk,
    ),
    Case("labs:edit", ADMIN_AND_NH, kwargs=_lab_pk),
    Case("labs:history", ADMIN_AND_NH, kwargs=_lab_pk),
    Case(
        "labs:edit", ADMIN_AND_NH, kwargs=_lab_pk, method="post", data=lambda w: {"title": ""}, label="labs:edit:post"
    ),
    Case("labs:transition", ADMIN_AND_NH, kwargs=_lab_pk, method="post", data=lambda w: {"action": "confirm"}),
    Case("labs:meeting_create", ADMIN_AND_NH, kwargs=_lab_pk),
    Case("labs:meeting_edit", ADMIN_AND_NH, kwargs=_meeting_pk),
    Case("labs:meeting_delete", ADMIN_AND_NH, kwargs=_meeting_pk, method="post"),
    Case("labs:withdraw", WITHDRAW, kwargs=_enrolment_pk),  # the confirmation page
    Case("labs:withdraw", WITHDRAW, kwargs=_enrolment_pk, method="post", data=lambda w: {"reason": "Geen tijd"}),
    Case("labs:attendance", ROOM, kwargs=_room_pk),
    Case("labs:meeting_attendance", MANAGE, kwargs=_past_meeting_pk),
    Case("labs:meeting_attendance", MANAGE, kwargs=_past_meeting_pk, method="post", data=lambda w: {"present": []}),
    Case("labs:materials", ROOM, kwargs=_room_pk),
    Case("labs:material_add", MANAGE, kwargs=_room_pk, method="post", data=lambda w: {"title": ""}),
    Case("labs:material_delete", MANAGE, kwargs=_material_pk, method="post"),
    Case("labs:material_download", ROOM, kwargs=_document_pk),
    Case(
        "labs:offer_answer",
        frozenset({"officer_zaanstad"}),
        kwargs=_offer_pk,
        method="post",
        data=lambda w: {"answer": "accept"},
    ),
    Case(
        "labs:case_update",
        frozenset({"officer_zaanstad", "adviser", "programme_admin", "staff_nh"}),
        kwargs=_enrolment_pk,
        method="post",
        data=lambda w: {"body": "Eerste stap gezet."},
    ),
    Case("labs:offer_link", ALL_ROLES, kwargs=_offer_token),
]
