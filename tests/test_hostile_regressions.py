"""The eight causes of server errors found with hostile requests (issue 8), one test each or more.

Deterministic companions of tests/test_hostile_forms.py and tests/test_hostile_urls.py: each case
below gave a 500 (or stored something that broke a page later) before the fix.
"""

import datetime as dt
import io

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from heatportal.mail.models import Email
from heatportal.mail.services import email_deliver
from labs.models import LabMeeting
from labs.tests.factories import EnrolmentFactory, LabFactory, LabMeetingFactory
from municipalities.models import Contact
from progress.models import Progress
from progress.tests.factories import ProgressFactory
from sessions.models import Invitation, Session, SessionDay, SignupRequest
from sessions.tests.factories import InvitationFactory, SessionDayFactory, SessionFactory, WorkshopFactory
from tests.factories import ContactFactory

DATE_MESSAGE = "Kies een datum tussen 1 januari 2000 en 31 december 2100."
LINE_BREAK_MESSAGE = "Dit veld mag geen regeleinde bevatten."
BAD_REQUEST_TEXT = "Ongeldig verzoek"


# --- 1. A lab meeting in year 1 ------------------------------------------------------------
@pytest.mark.parametrize("starts_at", ["0001-01-01T10:00", "9999-12-31T23:30", "1999-12-31T10:00"])
def test_lab_meeting_outside_the_portal_dates_is_refused_at_the_field(client, world, starts_at):
    lab = LabFactory(organiser_province=world.noord_holland)
    client.force_login(world.users["staff_nh"])
    response = client.post(
        reverse("labs:meeting_create", kwargs={"pk": lab.pk}), {"topic": "Aftrap", "starts_at": starts_at}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["starts_at"] == [DATE_MESSAGE]
    assert DATE_MESSAGE in response.content.decode()
    assert not LabMeeting.objects.exists()


def test_lab_meeting_edit_to_year_1_leaves_the_meeting_and_the_room_as_they_were(client, world):
    enrolment = EnrolmentFactory(
        lab=LabFactory(organiser_province=world.noord_holland), municipality=world.zaanstad, enrolled_by=None
    )
    meeting = LabMeetingFactory(lab=enrolment.lab, topic="Aftrap")
    before = meeting.starts_at
    client.force_login(world.users["staff_nh"])
    response = client.post(
        reverse("labs:meeting_edit", kwargs={"pk": meeting.pk}), {"topic": "Anders", "starts_at": "0001-01-01T00:00"}
    )
    assert response.status_code == 200 and DATE_MESSAGE in response.content.decode()
    meeting.refresh_from_db()
    assert (meeting.topic, meeting.starts_at) == ("Aftrap", before)
    assert client.get(reverse("labs:room", kwargs={"pk": enrolment.lab_id})).status_code == 200


def test_lab_dates_outside_the_portal_dates_are_refused(client, world):
    client.force_login(world.users["staff_nh"])
    response = client.post(
        reverse("labs:create"),
        {"title": "Lab", "enrolment_deadline": "0001-01-01", "start_date": "9999-12-31", "min_participants": 1},
    )
    errors = response.context["form"].errors
    assert errors["enrolment_deadline"] == [DATE_MESSAGE] and errors["start_date"] == [DATE_MESSAGE]


# --- 2. A session day in year 1 or 9999 ----------------------------------------------------
def _session_post(world, day: str, **extra) -> dict:
    return {
        "kind": "sprint",
        "title": "Sessie met een vreemde datum",
        "organiser_province": world.drenthe.pk,
        "municipalities": [world.assen.pk],
        "reminder_days_text": "7, 1",
        "answer_deadline": "",
        "confirm": "on",
        "days-TOTAL_FORMS": "1",
        "days-INITIAL_FORMS": "0",
        "days-MIN_NUM_FORMS": "0",
        "days-MAX_NUM_FORMS": "1000",
        "days-0-date": day,
        "days-0-start_time": "09:00",
        "days-0-end_time": "17:00",
        **extra,
    }


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", "2101-01-01"])
def test_session_day_outside_the_portal_dates_saves_nothing_so_a_retry_makes_no_duplicate(client, world, day):
    client.force_login(world.users["staff_drenthe"])
    url = reverse("sessions:create") + "?provincie=PV22"
    for _attempt in range(2):
        response = client.post(url, _session_post(world, day))
        assert response.status_code == 200
        assert DATE_MESSAGE in response.content.decode()
    assert not Session.objects.exists() and not SessionDay.objects.exists()


def test_answer_deadline_outside_the_portal_dates_is_refused(client, world):
    client.force_login(world.users["staff_drenthe"])
    day = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    response = client.post(
        reverse("sessions:create") + "?provincie=PV22", _session_post(world, day, answer_deadline="0001-01-01")
    )
    assert response.context["form"].errors["answer_deadline"] == [DATE_MESSAGE]
    assert not Session.objects.exists()


def test_progress_adoption_date_in_year_1_is_refused(client, world):
    client.force_login(world.users["officer_assen"])
    response = client.post(
        reverse("progress:progress_section", kwargs={"cbs_code": "GM0106", "section": "visie"}),
        {"visie-vision_status": "adopted", "visie-vision_adopted_on": "0001-01-01"},
    )
    assert response.status_code == 200 and DATE_MESSAGE in response.content.decode()
    assert not Progress.objects.filter(municipality=world.assen, vision_adopted_on__isnull=False).exists()


# --- 3. The board's month out of range ------------------------------------------------------
@pytest.mark.parametrize("month", ["9999-12", "0001-01", "1999-12", "2101-01"])
def test_board_month_outside_the_portal_dates_is_a_bad_request(client, world, month):
    client.force_login(world.users["staff_drenthe"])
    response = client.get(reverse("sessions:board"), {"maand": month})
    assert response.status_code == 400 and BAD_REQUEST_TEXT in response.content.decode()


@pytest.mark.parametrize("month", ["0000-13", "2026-00", "abc", "2026-1-1", ""])
def test_board_month_that_is_no_month_falls_back_to_this_month(client, world, month):
    client.force_login(world.users["staff_drenthe"])
    response = client.get(reverse("sessions:board"), {"maand": month})
    assert response.status_code == 200
    assert response.context["month"] == timezone.localdate().replace(day=1)


def test_board_month_arrows_stop_at_the_first_and_last_month(client, world):
    client.force_login(world.users["staff_drenthe"])
    last = client.get(reverse("sessions:board"), {"maand": "2100-12"})
    assert last.status_code == 200 and last.context["next_month"] is None
    assert "maand=2101-01" not in last.content.decode() and "maand=2100-11" in last.content.decode()
    first = client.get(reverse("sessions:board"), {"maand": "2000-01"})
    assert first.status_code == 200 and first.context["prev_month"] is None
    assert "maand=1999-12" not in first.content.decode() and "maand=2000-02" in first.content.decode()


# --- 4. NUL bytes ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path",
    [
        "/gemeenten/GM%00/",
        "/gemeenten/GM0106%00/voortgang/visie/",
        "/sessies/antwoord/abc%00def/",
        "/sessies/agenda/%00aaaaaaaaaaaaaaaaaaaaaaa.ics",
        "/leerlabs/aanbod/x%00/",
        "/bestaat%00niet/",
        "/static/%00.css",
    ],
)
def test_nul_in_the_path_is_refused_with_the_dutch_400_page(client, reference_data, path):
    response = client.get(path)
    assert response.status_code == 400
    assert BAD_REQUEST_TEXT in response.content.decode()


def test_raw_nul_in_the_path_is_refused(client, reference_data):
    # What a WSGI server hands over after decoding %00 (the test client decodes too; be explicit).
    response = client.generic("GET", "/gemeenten/GM\x000106/")
    assert response.status_code == 400


def test_nul_in_the_query_string_form_fields_headers_and_cookies_is_refused(client, world):
    assert client.get("/gemeenten/", {"q": "Assen\x00"}).status_code == 400
    assert client.get("/gemeenten/?q=Assen%00").status_code == 400
    assert client.get("/gemeenten/", headers={"HX-Target": "results\x00"}).status_code == 400
    assert client.get("/gemeenten/", headers={"X-Forwarded-For": "1.2.3.4\x00"}).status_code == 400
    client.cookies["sessionid"] = "abc\x00def"
    assert client.get("/gemeenten/").status_code == 400
    del client.cookies["sessionid"]
    session = SessionFactory(invitation_only=True, organiser_province=world.drenthe)
    url = reverse("sessions:signup_request", kwargs={"pk": session.pk})
    data = {"name": "Jan\x00", "email": "jan@example.org", "motivation": "Graag"}
    assert client.post(url, data).status_code == 400  # multipart (the test client's default)
    body, urlencoded = "name=Jan%00&email=j%40example.org", "application/x-www-form-urlencoded"
    assert client.post(url, body, content_type=urlencoded).status_code == 400
    assert client.post(url, {"na\x00me": "Jan"}).status_code == 400
    assert not SignupRequest.objects.exists()


def test_a_surrogate_in_a_form_field_is_replaced_not_a_server_error(client, world):
    session = SessionFactory(invitation_only=True, organiser_province=world.drenthe)
    url = reverse("sessions:signup_request", kwargs={"pk": session.pk})
    body = "name=Jan%ED%A0%80&email=jan%40example.org&motivation=Graag"
    response = client.post(url, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert SignupRequest.objects.get().name == "Jan\ufffd\ufffd\ufffd"


def test_a_surrogate_in_the_path_is_a_404_not_a_server_error(client, reference_data):
    assert client.get("/gemeenten/GM%ED%A0%80/").status_code == 404


# --- 5. A non-numeric filter value in an export ---------------------------------------------
@pytest.mark.parametrize("workshop", ["abc", "1.5", "-1", "٣", "99999999999999999999999", " 1"])
def test_export_with_a_workshop_that_is_no_number_is_a_404(client, world, workshop):
    session = SessionFactory(organiser_province=world.drenthe)
    client.force_login(world.users["staff_drenthe"])
    response = client.get(reverse("sessions:export", kwargs={"pk": session.pk, "fmt": "csv"}), {"workshop": workshop})
    assert response.status_code == 404


def test_export_of_one_workshop_still_works(client, world):
    session = SessionFactory(organiser_province=world.drenthe)
    workshop = WorkshopFactory(session=session)
    client.force_login(world.users["staff_drenthe"])
    response = client.get(
        reverse("sessions:export", kwargs={"pk": session.pk, "fmt": "csv"}), {"workshop": str(workshop.pk)}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize(
    "query",
    [
        {"sorteer": "--naam"},
        {"sorteer": "-", "visie": "abc", "programma": "\u202e", "aandacht": "x"},
        {"q": "x" * 5000, "sorteer": "bijgewerkt"},
        {"visie": ["adopted", "in_preparation"], "page": "-1"},
    ],
)
def test_progress_export_with_odd_filters_answers_a_file(client, world, fmt, query):
    client.force_login(world.users["coordinator_drenthe"])
    response = client.get(reverse("progress:region_export", kwargs={"code": "ES03", "fmt": fmt}), query)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")


# --- 6. Control characters in a name break XLSX exports -------------------------------------
def test_sessions_xlsx_export_copes_with_control_characters_in_an_old_name(client, world):
    session = SessionFactory(organiser_province=world.drenthe)
    SessionDayFactory(session=session)
    contact = ContactFactory(name="Jan\x01 Jansen\x0b\x7f\x9b", organisation__name="=Org\x08")
    InvitationFactory(session=session, contact=contact, answer=Invitation.Answer.ACCEPTED)
    client.force_login(world.users["staff_drenthe"])
    response = client.get(reverse("sessions:export", kwargs={"pk": session.pk, "fmt": "xlsx"}))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A2"].value == "Jan Jansen"
    assert sheet["C2"].value == "'=Org"  # the formula guard still applies after cleaning
    csv_response = client.get(reverse("sessions:export", kwargs={"pk": session.pk, "fmt": "csv"}))
    assert "Jan Jansen;" in csv_response.content.decode()


def test_progress_xlsx_export_copes_with_control_characters_in_a_flag_reason(client, world):
    ProgressFactory(municipality=world.assen, flagged=True, flag_reason="Loopt\x0b vertraging\x1f op")
    client.force_login(world.users["coordinator_drenthe"])
    response = client.get(reverse("progress:region_export", kwargs={"code": "ES03", "fmt": "xlsx"}))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    reasons = [row[-1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0] == "Assen"]
    assert reasons == ["Loopt vertraging op"]


def test_control_characters_typed_in_a_form_are_not_stored(client, world):
    client.force_login(world.users["programme_admin"])
    response = client.post(
        reverse("municipalities:contact_create"),
        {"name": "Piet\x01 de\x1b Vries\u0085", "email": "piet@example.org", "job_title": "Adviseur\x7f"},
    )
    assert response.status_code == 302
    contact = Contact.objects.get(email="piet@example.org")
    assert (contact.name, contact.job_title) == ("Piet de Vries", "Adviseur")


def test_multi_line_text_keeps_its_line_breaks_and_tabs(client, world):
    enrolment = EnrolmentFactory(
        lab=LabFactory(organiser_province=world.noord_holland), municipality=world.zaanstad, enrolled_by=None
    )
    client.force_login(world.users["staff_nh"])
    response = client.post(
        reverse("labs:case_update", kwargs={"pk": enrolment.pk}), {"body": "Regel 1\r\n\tRegel 2\x0c"}
    )
    assert response.status_code == 302
    assert enrolment.updates.get().body == "Regel 1\r\n\tRegel 2"


# --- 7. CR/LF in a sign-up name --------------------------------------------------------------
@pytest.mark.parametrize("name", ["Jan\r\nBcc: iedereen@example.org", "Jan\nJansen", "Jan\rJansen", "Jan\u2028Jansen"])
def test_sign_up_name_with_a_line_break_is_refused_at_the_field(client, world, name):
    session = SessionFactory(invitation_only=True, organiser_province=world.drenthe)
    response = client.post(
        reverse("sessions:signup_request", kwargs={"pk": session.pk}),
        {"name": name, "email": "jan@example.org", "motivation": "Graag\r\nmet collega"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["name"] == [LINE_BREAK_MESSAGE]
    assert LINE_BREAK_MESSAGE in response.content.decode()
    assert not SignupRequest.objects.exists() and not Contact.objects.filter(email="jan@example.org").exists()


@pytest.mark.parametrize(
    ("url_name", "field", "data"),
    [
        ("municipalities:contact_create", "name", {"email": "a@example.org"}),
        ("municipalities:organisation_create", "name", {"type": "housing_corporation"}),
    ],
)
def test_register_names_with_a_line_break_are_refused(client, world, url_name, field, data):
    client.force_login(world.users["programme_admin"])
    before = Contact.objects.count()
    response = client.post(reverse(url_name), {field: "Naam\r\nTwee", **data})
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [LINE_BREAK_MESSAGE]
    assert Contact.objects.count() == before


def test_lab_enrolment_colleagues_keep_their_lines_but_the_case_title_refuses_one(client, world):
    lab = LabFactory(organiser_province=world.noord_holland)
    client.force_login(world.users["officer_zaanstad"])
    response = client.post(
        reverse("labs:enrol", kwargs={"pk": lab.pk}),
        {"case_title": "Wijk\r\nBcc", "colleagues": "Anna, beleid\r\nBram, projectleider"},
    )
    assert response.context["form"].errors["case_title"] == [LINE_BREAK_MESSAGE]
    assert not lab.enrolments.exists()


def test_pasted_invitee_lines_never_give_a_name_with_a_line_break(client, world):
    session = SessionFactory(organiser_province=world.drenthe)
    client.force_login(world.users["staff_drenthe"])
    client.post(
        reverse("sessions:invite", kwargs={"pk": session.pk}),
        {"lines": "Jan\rJansen <jan@example.org>\r\nPiet\x0b\x1cKlaas <piet@example.org>\n\x85Els <els@example.org>"},
    )
    names = sorted(session.invitations.values_list("contact__name", flat=True))
    assert names == ["Els", "Jansen", "PietKlaas"]
    assert not any("\r" in n or "\n" in n for n in names)


def test_outbox_copes_with_an_old_row_with_a_line_break_in_the_name(client, world):
    email = Email.objects.create(
        key="oud",
        to_email="jan@example.org",
        to_name="Jan\r\nBcc: iedereen@example.org",
        subject="Uitnodiging",
        body_text="Hallo",
        status=Email.Status.FAILED,
    )
    client.force_login(world.users["programme_admin"])
    assert client.get(reverse("mail:outbox")).status_code == 200
    detail = client.get(reverse("mail:detail", kwargs={"pk": email.pk}))
    assert detail.status_code == 200
    assert "Jan Bcc: iedereen@example.org" in detail.content.decode()
    email_deliver(email=email)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ['"Jan Bcc: iedereen@example.org" <jan@example.org>']
    assert "iedereen@example.org" not in mail.outbox[0].recipients()[0].split("<")[-1]
    assert mail.outbox[0].message()["To"].addresses[0].addr_spec == "jan@example.org"


def test_session_day_venue_and_address_are_cleaned_like_every_other_field(client, world):
    client.force_login(world.users["staff_drenthe"])
    day = timezone.localdate() + dt.timedelta(days=60)
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    data = _session_post(world, day.isoformat(), **{"days-0-venue": "Zaal\x01\x0b 1", "days-0-address": "Straat 1"})
    client.post(reverse("sessions:create") + "?provincie=PV22", data)
    assert list(SessionDay.objects.values_list("venue", flat=True)) == ["Zaal 1"]
