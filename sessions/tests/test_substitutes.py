"""'Stuur een collega': the invitation moves to a colleague with a link of their own; the old
link stops working; the organiser sees who came in place of whom."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from heatportal.audit.models import Action, ActionLog
from heatportal.mail.models import Email
from municipalities.models import Contact
from sessions.models import Invitation
from sessions.services.answers import answer_token, invitation_answer
from sessions.tests.conftest import invite_sent
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def _pass_on(client, invitation, name="Sanne de Vries", email="s.devries@woonzorg.nl"):
    url = reverse("sessions:answer_substitute", kwargs={"token": answer_token(invitation)})
    return client.post(url, {"collega-name": name, "collega-email": email})


@pytest.fixture
def invited(planned):
    organisation = OrganisationFactory(name="Woonzorg Assen")
    [invitation] = invite_sent(planned)
    invitation.contact.organisation = organisation
    invitation.contact.save(update_fields=["organisation"])
    return invitation


def test_the_colleague_gets_the_invitation_with_a_link_of_their_own(client, invited):
    old_token = answer_token(invited)
    first = invited.contact
    response = _pass_on(client, invited)
    assert response.status_code == 200
    assert "Sanne de Vries" in response.content.decode()
    moved = Invitation.objects.get(pk=invited.pk)
    assert moved.contact.email == "s.devries@woonzorg.nl"
    assert moved.contact.organisation == first.organisation  # the same seat at the table
    assert moved.replaced_contact == first
    assert moved.answer == Invitation.Answer.PENDING
    mail = Email.objects.get(pk=moved.email_id)
    assert mail.to_email == "s.devries@woonzorg.nl"
    assert mail.subject.startswith("Uitnodiging (in plaats van een collega)")
    assert f"{first.name} heeft u gevraagd in zijn of haar plaats te komen" in mail.body_text
    new_link = re.search(r"http\S+/sessies/antwoord/(\S+)/", mail.body_text).group(1)
    assert new_link != old_token
    assert client.get(reverse("sessions:answer", kwargs={"token": new_link})).status_code == 200


def test_the_old_link_stops_working_and_says_why(client, invited):
    old = reverse("sessions:answer", kwargs={"token": answer_token(invited)})
    _pass_on(client, invited)
    response = client.get(old)
    assert response.status_code == 410
    assert "aan een collega doorgegeven" in response.content.decode()
    assert client.post(old, {"answer": "decline"}).status_code == 410
    assert Invitation.objects.get(pk=invited.pk).answer == Invitation.Answer.PENDING


def test_the_sender_is_told_without_the_colleagues_link(client, invited):
    first = invited.contact
    _pass_on(client, invited)
    notice = Email.objects.get(to_email=first.email, key__contains=":substituted-")
    assert "U heeft Sanne de Vries (s.devries@woonzorg.nl) in uw plaats gestuurd" in notice.body_text
    assert "/sessies/antwoord/" not in notice.body_text + notice.body_html
    [ics] = notice.attachments  # the session leaves the sender's calendar
    assert "METHOD:CANCEL" in ics["content"]


def test_the_colleague_answers_and_the_organiser_sees_whom_they_replaced(client, invited, world):
    first = invited.contact
    _pass_on(client, invited)
    moved = Invitation.objects.get(pk=invited.pk)
    invitation_answer(invitation=moved, accept=True)
    client.force_login(world.users["staff_drenthe"])
    page = client.get(invited.session.get_absolute_url()).content.decode()
    assert f"in plaats van {first.name}" in page
    assert ActionLog.objects.filter(action=Action.INVITATION_SUBSTITUTED).count() == 1


def test_an_answer_given_before_goes_with_the_person_who_gave_it(client, invited):
    invitation_answer(invitation=invited, accept=True)
    _pass_on(client, invited)
    moved = Invitation.objects.get(pk=invited.pk)
    assert moved.answer == Invitation.Answer.PENDING
    assert not moved.attending_days.exists() and not moved.preferences.exists()


@pytest.mark.parametrize(
    ("name", "email", "message"),
    [
        ("Ik", None, "Dit is uw eigen e-mailadres"),
        ("Al uitgenodigd", "al@example.org", "Deze collega is al uitgenodigd"),
        ("", "leeg@example.org", "Dit veld is verplicht"),
        ("Fout", "geen-adres", "Voer een geldig e-mailadres in"),
    ],
)
def test_a_refused_hand_over_changes_nothing_and_says_why(client, invited, name, email, message):
    from sessions.tests.factories import InvitationFactory

    InvitationFactory(session=invited.session, contact=ContactFactory(email="al@example.org"))
    contacts = Contact.objects.count()
    response = _pass_on(client, invited, name=name, email=email or invited.contact.email.upper())
    assert response.status_code == 400
    assert message in response.content.decode()
    assert Invitation.objects.get(pk=invited.pk).contact_id == invited.contact_id
    assert Contact.objects.count() == contacts
    assert not Email.objects.filter(key__contains="substitut").exists()


def test_no_hand_over_after_the_deadline(client, invited, today):
    invited.session.answer_deadline = today - dt.timedelta(days=1)
    invited.session.save(update_fields=["answer_deadline"])
    response = _pass_on(client, invited)
    assert response.status_code == 400
    assert "De termijn om te reageren is voorbij" in response.content.decode()
    assert Invitation.objects.get(pk=invited.pk).replaced_at is None


def test_links_signed_before_substitutes_existed_keep_working(client, invited):
    from django.core import signing

    from sessions.services.answers import ANSWER_SALT

    legacy = signing.dumps({"i": invited.pk, "s": invited.session_id}, salt=ANSWER_SALT, compress=True)
    assert client.get(reverse("sessions:answer", kwargs={"token": legacy})).status_code == 200


def test_the_colleagues_invitation_carries_the_programme_as_the_first_did(client, invited):
    from sessions.models import ProgrammeItem

    day = invited.session.days.order_by("date").first()
    ProgrammeItem.objects.create(session=invited.session, day=day, title="Opening door de gedeputeerde", position=1)
    _pass_on(client, invited)
    mail = Email.objects.get(pk=Invitation.objects.get(pk=invited.pk).email_id)
    assert "Programma" in mail.body_text and "Opening door de gedeputeerde" in mail.body_text
