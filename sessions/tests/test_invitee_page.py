"""What an invitee gets back: a confirmation of every answer (with the calendar file when they
come), and a page that says where, when, how to join online and whom to ask."""

import email
import email.policy
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from icalendar import Calendar

from heatportal.mail.mime import wire_bytes
from heatportal.mail.models import Email
from heatportal.mail.services import email_message
from sessions.models import Invitation
from sessions.services.answers import answer_token, invitation_answer
from sessions.tests.conftest import invite_sent
from sessions.tests.factories import SessionDayFactory, WorkshopFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _confirmations(invitation):
    return list(Email.objects.filter(key__contains=":answer-", key__endswith=f":{invitation.pk}").order_by("pk"))


def _post(client, invitation, **data):
    """The answer form as a browser sends it: coming means every day ticked (as it opens)."""
    url = reverse("sessions:answer", kwargs={"token": answer_token(invitation)})
    if data.get("answer") == "accept":
        data.setdefault("days", list(invitation.session.days.values_list("pk", flat=True)))
    return client.post(url, data)


@pytest.fixture
def invited(planned):
    planned.contact_name, planned.contact_email = "Petra Prins", "p.prins@drenthe.nl"
    planned.save(update_fields=["contact_name", "contact_email"])
    [invitation] = invite_sent(planned)
    return invitation


def test_accepting_sends_a_confirmation_with_the_calendar_file_and_the_personal_link(client, invited):
    assert _post(client, invited, answer="accept").status_code == 302
    [confirmation] = _confirmations(invited)
    assert confirmation.subject == "Bevestiging: u komt naar Sprintsessie Assen en Midden-Drenthe"
    assert confirmation.to_email == invited.contact.email
    assert "U heeft laten weten dat u komt" in confirmation.body_text
    assert "/sessies/antwoord/" in confirmation.body_text
    ics, qr = confirmation.attachments
    assert qr["filename"] == "inchecken.png"
    events = Calendar.from_ical(ics["content"]).walk("VEVENT")
    assert len(events) == 2  # both days
    assert "/sessies/antwoord/" in str(events[0]["url"])  # back to their own page, not the staff one
    parsed = email.message_from_bytes(wire_bytes(email_message(email=confirmation)), policy=email.policy.default)
    assert parsed["Reply-To"].addresses[0].addr_spec == "p.prins@drenthe.nl"
    assert parsed.get_content_type() == "multipart/mixed"


def test_every_change_of_mind_is_confirmed_and_a_decline_carries_no_calendar_file(client, invited):
    _post(client, invited, answer="accept")
    _post(client, invited, answer="decline")
    first, second = _confirmations(invited)
    assert second.subject == "Bevestiging: u komt niet naar Sprintsessie Assen en Midden-Drenthe"
    assert second.attachments == []
    assert first.key != second.key


def test_the_confirmation_lists_the_workshops_preferred_in_order(invited):
    first, second = (
        WorkshopFactory(session=invited.session, title="Warmtenet"),
        WorkshopFactory(session=invited.session, title="Isoleren"),
    )
    invitation_answer(invitation=invited, accept=True, ranking=[second.pk, first.pk])
    [confirmation] = _confirmations(invited)
    assert "1. Isoleren\n2. Warmtenet" in confirmation.body_text


def test_a_refused_answer_sends_nothing(client, invited):
    invited.session.status = invited.session.Status.CANCELLED
    invited.session.save(update_fields=["status"])
    _post(client, invited, answer="accept")
    assert _confirmations(invited) == []
    assert Invitation.objects.get(pk=invited.pk).answer == Invitation.Answer.PENDING


def test_the_page_names_venue_address_map_and_the_organisers_contact(client, invited):
    page = client.get(reverse("sessions:answer", kwargs={"token": answer_token(invited)})).content.decode()
    assert "Provinciehuis, Westerbrink 1, Assen" in page
    assert "https://www.openstreetmap.org/search?query=Westerbrink+1%2C+Assen" in page
    assert "Petra Prins" in page and 'href="mailto:p.prins@drenthe.nl"' in page


def test_without_a_contact_the_page_names_whoever_planned_the_session(client, planned):
    planned.created_by = UserFactory(full_name="Karel Kok", email="k.kok@drenthe.nl")
    planned.save(update_fields=["created_by"])
    [invitation] = invite_sent(planned)
    page = client.get(reverse("sessions:answer", kwargs={"token": answer_token(invitation)})).content.decode()
    assert "Karel Kok" in page and "mailto:k.kok@drenthe.nl" in page


def test_the_online_link_of_a_hybrid_day_shows_only_once_they_said_they_come(client, invited):
    invited.session.days.update(online_url="https://teams.example.org/meet/42")
    url = reverse("sessions:answer", kwargs={"token": answer_token(invited)})
    before = client.get(url).content.decode()
    assert "teams.example.org/meet/42" not in before
    assert "De link staat hier zodra u heeft laten weten dat u komt" in before
    _post(client, invited, answer="accept")
    assert "https://teams.example.org/meet/42" in client.get(url).content.decode()
    [confirmation] = _confirmations(invited)
    assert "https://teams.example.org/meet/42" in confirmation.body_text


def test_the_invitation_itself_keeps_the_online_link_of_a_hybrid_day_back(planned):
    planned.days.update(online_url="https://teams.example.org/meet/42")
    [invitation] = invite_sent(planned)
    assert "teams.example.org" not in invitation.email.body_text
    assert "ook online te volgen" in invitation.email.body_text


def test_an_online_only_day_shows_its_link_to_everyone_invited(client, planned):
    planned.days.all().delete()
    SessionDayFactory(session=planned, venue="", address="", online_url="https://teams.example.org/meet/7")
    [invitation] = invite_sent(planned)
    page = client.get(reverse("sessions:answer", kwargs={"token": answer_token(invitation)})).content.decode()
    assert 'href="https://teams.example.org/meet/7"' in page
    assert "openstreetmap" not in page


def test_add_to_calendar_links_carry_the_day_in_amsterdam_time(client, invited):
    page = client.get(reverse("sessions:answer", kwargs={"token": answer_token(invited)}))
    day = invited.session.days.order_by("date").first()
    google = [d["calendar"]["google"] for d in page.context["days"]][0]
    query = parse_qs(urlsplit(google).query)
    assert query["text"] == ["Sprintsessie Assen en Midden-Drenthe"]
    start, end = query["dates"][0].split("/")
    assert start.startswith(f"{day.date:%Y%m%d}T0") and start.endswith("Z")  # 09:00 Amsterdam in UTC
    office = parse_qs(urlsplit(page.context["days"][0]["calendar"]["office"]).query)
    assert office["startdt"][0].startswith(f"{day.date:%Y-%m-%d}T09:00:00+0")


def test_the_calendar_download_is_the_invitees_own(client, invited):
    response = client.get(reverse("sessions:answer_calendar", kwargs={"token": answer_token(invited)}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    assert "attachment" in response["Content-Disposition"]
    [event, _] = Calendar.from_ical(response.content).walk("VEVENT")
    assert answer_token(invited).split(":")[0] in str(event["url"])


def test_a_forged_calendar_link_says_so(client, invited):
    response = client.get(reverse("sessions:answer_calendar", kwargs={"token": answer_token(invited) + "x"}))
    assert response.status_code == 400


def test_no_calendar_file_before_the_days_are_planned(client, planned):
    planned.days.all().delete()
    [invitation] = invite_sent(planned)
    response = client.get(reverse("sessions:answer_calendar", kwargs={"token": answer_token(invitation)}))
    assert response.status_code == 404
