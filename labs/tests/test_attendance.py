"""Organisers tick who was present at each meeting; members see it per meeting and per municipality."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from heatportal.audit.models import Action, ActionLog
from labs.models import MeetingAttendance
from labs.services import meetings
from labs.services.errors import LabError
from labs.tests.factories import EnrolmentFactory, LabFactory, LabMeetingFactory
from tests.factories import municipality


@pytest.fixture
def lab(world):
    lab = LabFactory(advisers=[world.users["adviser"]])
    EnrolmentFactory(lab=lab, municipality=world.zaanstad, enrolled_by=world.users["officer_zaanstad"])
    EnrolmentFactory(lab=lab, municipality=municipality("GM0361"))
    EnrolmentFactory(lab=lab, municipality=municipality("GM0392"), status="waiting")
    return lab


def _meeting(lab, days_ago: int, topic: str):
    return LabMeetingFactory(lab=lab, topic=topic, starts_at=timezone.now() - datetime.timedelta(days=days_ago))


def test_organiser_ticks_the_present_municipalities_and_it_is_audited(client, world, lab):
    meeting = _meeting(lab, 2, "Aftrap")
    client.force_login(world.users["staff_nh"])
    url = reverse("labs:meeting_attendance", kwargs={"pk": meeting.pk})
    form = client.get(url).content.decode()
    assert "Zaanstad" in form and "Alkmaar" in form and "Bergen" not in form  # participants only
    zaanstad = lab.enrolments.get(municipality=world.zaanstad)
    response = client.post(url, {"present": [zaanstad.pk]})
    assert response.status_code == 302 and response["Location"] == reverse("labs:attendance", kwargs={"pk": lab.pk})
    assert list(MeetingAttendance.objects.values_list("enrolment__municipality__name", flat=True)) == ["Zaanstad"]
    log = ActionLog.objects.get(action=Action.LAB_ATTENDANCE)
    assert log.actor == world.users["staff_nh"] and log.changes["present"] == ["Zaanstad"]

    client.post(url, {"present": [zaanstad.pk]})  # nothing changed: no second audit row
    assert ActionLog.objects.filter(action=Action.LAB_ATTENDANCE).count() == 1
    client.post(url, {})
    assert not MeetingAttendance.objects.exists()
    assert ActionLog.objects.filter(action=Action.LAB_ATTENDANCE).latest("at").changes["absent"] == ["Zaanstad"]


def test_attendance_is_shown_per_meeting_and_per_municipality(client, world, lab):
    first, second = _meeting(lab, 14, "Aftrap"), _meeting(lab, 1, "Verdieping")
    _meeting(lab, -7, "Nog niet geweest")
    zaanstad, alkmaar = (
        lab.enrolments.get(municipality=world.zaanstad),
        lab.enrolments.get(municipality__name="Alkmaar"),
    )
    meetings.meeting_attendance_set(meeting=first, enrolments=[zaanstad, alkmaar], user=None)
    meetings.meeting_attendance_set(meeting=second, enrolments=[zaanstad], user=None)
    client.force_login(world.users["officer_zaanstad"])
    html = client.get(reverse("labs:attendance", kwargs={"pk": lab.pk})).content.decode()
    assert "2 van 2 gemeenten aanwezig" in html and "1 van 2 gemeenten aanwezig" in html
    assert "2 van 2 bijeenkomsten" in html and "1 van 2 bijeenkomsten" in html
    assert "Nog niet geweest" not in html
    assert "bijhouden" not in html  # a participant sees, organisers record
    room = client.get(reverse("labs:room", kwargs={"pk": lab.pk})).content.decode()
    assert "2 gemeenten" in room and "1 gemeente<" in room  # the meetings table's column


def test_attendance_cannot_be_recorded_before_the_meeting_or_for_another_labs_municipality(world, lab):
    future = _meeting(lab, -3, "Later")
    with pytest.raises(LabError):
        meetings.meeting_attendance_set(meeting=future, enrolments=[], user=None)
    other = EnrolmentFactory(lab=LabFactory(), municipality=world.assen)
    with pytest.raises(LabError):
        meetings.meeting_attendance_set(meeting=_meeting(lab, 1, "Nu"), enrolments=[other], user=None)
    assert not MeetingAttendance.objects.exists()


def test_a_forged_enrolment_of_another_lab_is_refused_by_the_form(client, world, lab):
    meeting = _meeting(lab, 1, "Nu")
    other = EnrolmentFactory(lab=LabFactory(), municipality=world.assen)
    client.force_login(world.users["staff_nh"])
    response = client.post(reverse("labs:meeting_attendance", kwargs={"pk": meeting.pk}), {"present": [other.pk]})
    assert response.status_code == 200 and response.context["form"].errors["present"]
    assert not MeetingAttendance.objects.exists()


def test_the_form_posted_back_unchanged_records_no_change(client, world, lab):
    from tests.htmlforms import page_form, post_data

    meeting = _meeting(lab, 1, "Nu")
    meetings.meeting_attendance_set(
        meeting=meeting, enrolments=[lab.enrolments.get(municipality=world.zaanstad)], user=None
    )
    client.force_login(world.users["staff_nh"])
    url = reverse("labs:meeting_attendance", kwargs={"pk": meeting.pk})
    client.post(url, post_data(page_form(client.get(url), action_contains=url)))
    assert ActionLog.objects.filter(action=Action.LAB_ATTENDANCE).count() == 1  # only the first recording
    assert MeetingAttendance.objects.get().enrolment.municipality == world.zaanstad
