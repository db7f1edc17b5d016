"""Hostile-input targets: the forms of the Leer Labs app."""

import datetime as dt

from django.utils import timezone

from tests.hostile.targets.base import Target, emails, future


def _lab_objects(world):
    from labs.tests.factories import EnrolmentFactory, LabFactory, LabMeetingFactory

    lab = LabFactory(organiser_province=world.noord_holland)
    enrolment = EnrolmentFactory(lab=lab, municipality=world.zaanstad, enrolled_by=world.users["officer_zaanstad"])
    return {"lab": lab, "enrolment": enrolment, "meeting": LabMeetingFactory(lab=lab)}


def _past_meeting(objects):
    from labs.tests.factories import LabMeetingFactory

    meeting = LabMeetingFactory(lab=objects["lab"], starts_at=timezone.now() - dt.timedelta(days=1))
    return {**objects, "past_meeting": meeting}


def _lab_rows(world, o):
    from labs.models import CaseUpdate, Enrolment, Lab, LabMaterial, LabMeeting, MeetingAttendance

    return [
        Lab.objects.all(),
        Enrolment.objects.all(),
        LabMeeting.objects.all(),
        CaseUpdate.objects.all(),
        MeetingAttendance.objects.all(),
        LabMaterial.objects.all(),
        emails(),
    ]


LAB_BASE = {
    "title": "Leer Lab",
    "summary": "Samen leren",
    "description": "Meer",
    "organiser_province": "",
    "organiser_name": "Servicepunt",
    "min_participants": "2",
    "max_participants": "8",
    "duration_months": "6",
    "enrolment_deadline": future(30),
    "start_date": future(90),
    "on_shortfall": "cancel",
    "extension_days": "14",
    "offer_days": "7",
    "reminder_days": "7, 1",
}


def _offer_token(enrolment):
    from labs.services.offers import offer_token

    enrolment.status = "offered"
    enrolment.offer_expires_at = timezone.now() + dt.timedelta(days=5)
    enrolment.save()
    return offer_token(enrolment)


L = _lab_objects
TARGETS = [
    Target(
        "labs:create",
        "staff_nh",
        lambda w, o: {},
        lambda w, o: {**LAB_BASE, "organiser_province": str(w.noord_holland.pk)},
        [*LAB_BASE, "advisers", "eligible_provinces", "eligible_res_regions"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:edit",
        "staff_nh",
        lambda w, o: {"pk": o["lab"].pk},
        lambda w, o: {**LAB_BASE, "organiser_province": str(w.noord_holland.pk)},
        [*LAB_BASE, "advisers", "eligible_provinces"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:enrol",
        "officer_assen",
        lambda w, o: {"pk": o["lab"].pk},
        lambda w, o: {
            "case_title": "Wijkaanpak",
            "case_description": "Toelichting",
            "colleagues": "Anna\nBram",
            "share_contact": "on",
            "learning_goals": "Participatie",
        },
        ["municipality", "case_title", "case_description", "colleagues", "share_contact", "learning_goals"],
        _lab_rows,
        lambda w: {
            **L(w),
            "lab": __import__("labs.tests.factories").tests.factories.LabFactory(
                organiser_province=w.noord_holland, eligible_provinces=[]
            ),
        },
    ),
    Target(
        "labs:transition",
        "staff_nh",
        lambda w, o: {"pk": o["lab"].pk},
        lambda w, o: {"action": "confirm"},
        ["action"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:meeting_create",
        "staff_nh",
        lambda w, o: {"pk": o["lab"].pk},
        lambda w, o: {"topic": "Aftrap", "starts_at": future() + "T13:30", "ends_at": "", "location": "Haarlem"},
        ["topic", "starts_at", "ends_at", "location"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:meeting_edit",
        "staff_nh",
        lambda w, o: {"pk": o["meeting"].pk},
        lambda w, o: {"topic": "Aftrap", "starts_at": future() + "T13:30", "ends_at": "", "location": "Haarlem"},
        ["topic", "starts_at", "ends_at", "location"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:withdraw",
        "officer_zaanstad",
        lambda w, o: {"pk": o["enrolment"].pk},
        lambda w, o: {"reason": "Geen capaciteit dit kwartaal"},
        ["reason", "next"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:meeting_attendance",
        "staff_nh",
        lambda w, o: {"pk": o["past_meeting"].pk},
        lambda w, o: {"present": [str(o["enrolment"].pk)]},
        ["present"],
        _lab_rows,
        lambda w: _past_meeting(L(w)),
    ),
    Target(
        "labs:material_add",
        "staff_nh",
        lambda w, o: {"pk": o["lab"].pk},
        lambda w, o: {"title": "Handreiking", "url": "https://www.example.org/handreiking"},
        ["title", "url", "file"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:offer_answer",
        "officer_zaanstad",
        lambda w, o: {"pk": o["enrolment"].pk},
        lambda w, o: {"answer": "decline"},
        ["answer"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:case_update",
        "officer_zaanstad",
        lambda w, o: {"pk": o["enrolment"].pk},
        lambda w, o: {"body": "Stap gezet"},
        ["body"],
        _lab_rows,
        L,
    ),
    Target(
        "labs:offer_link",
        "anonymous",
        lambda w, o: {"token": _offer_token(o["enrolment"])},
        lambda w, o: {"answer": "decline"},
        ["answer"],
        _lab_rows,
        L,
    ),
]
