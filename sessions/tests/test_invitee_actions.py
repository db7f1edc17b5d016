"""One invitee at a time: the invitation sent again, or the person taken off the list (told, with
a calendar cancellation, when they had been invited already)."""

import pytest
from django.urls import reverse
from icalendar import Calendar

from heatportal.audit.models import Action, ActionLog
from heatportal.mail.models import Email
from sessions.models import Invitation
from sessions.tests.conftest import invite_sent
from sessions.tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff(client, world):
    client.force_login(world.users["staff_drenthe"])
    return world.users["staff_drenthe"]


def test_resending_queues_a_new_message_and_the_row_follows_it(client, staff, planned):
    [invitation] = invite_sent(planned)
    first = invitation.email_id
    url = reverse("sessions:invitation_resend", kwargs={"pk": planned.pk, "invitation_pk": invitation.pk})
    assert client.post(url).status_code == 302
    invitation.refresh_from_db()
    assert invitation.email_id != first
    again = Email.objects.get(pk=invitation.email_id)
    assert again.subject == "Uitnodiging: Sprintsessie Assen en Midden-Drenthe"
    assert again.to_email == invitation.contact.email and again.status == Email.Status.QUEUED
    assert ActionLog.objects.filter(action=Action.INVITATION_RESENT).count() == 1


def test_an_invitation_not_sent_yet_is_not_resent(client, staff, planned):
    invitation = InvitationFactory(session=planned)
    url = reverse("sessions:invitation_resend", kwargs={"pk": planned.pk, "invitation_pk": invitation.pk})
    response = client.post(url, follow=True)
    assert "verstuur eerst de uitnodigingen" in response.content.decode()
    assert not Email.objects.exists()


def test_removing_asks_first_then_tells_the_person_with_a_cancellation(client, staff, planned):
    [invitation] = invite_sent(planned)
    url = reverse("sessions:invitation_remove", kwargs={"pk": planned.pk, "invitation_pk": invitation.pk})
    ask = client.get(url).content.decode()
    assert "krijgt bericht dat de uitnodiging vervalt" in ask
    assert Invitation.objects.filter(pk=invitation.pk).exists()
    client.post(url)
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    notice = Email.objects.get(key=f"session:{planned.pk}:removed:{invitation.pk}")
    assert notice.subject == "Uw uitnodiging vervalt: Sprintsessie Assen en Midden-Drenthe"
    [ics] = notice.attachments
    assert "METHOD:CANCEL" in ics["content"]
    assert all(e["status"] == "CANCELLED" for e in Calendar.from_ical(ics["content"]).walk("VEVENT"))
    assert ActionLog.objects.filter(action=Action.INVITATION_REMOVED).count() == 1


def test_one_never_sent_goes_quietly(client, staff, planned):
    invitation = InvitationFactory(session=planned)
    url = reverse("sessions:invitation_remove", kwargs={"pk": planned.pk, "invitation_pk": invitation.pk})
    assert "er gaat geen bericht uit" in client.get(url).content.decode()
    client.post(url)
    assert not Invitation.objects.filter(pk=invitation.pk).exists()
    assert not Email.objects.exists()


def test_another_sessions_invitation_is_not_found(client, staff, planned, reference_data):
    from sessions.tests.factories import SessionFactory

    other = InvitationFactory(session=SessionFactory(organiser_province=planned.organiser_province))
    url = reverse("sessions:invitation_remove", kwargs={"pk": planned.pk, "invitation_pk": other.pk})
    assert client.post(url).status_code == 404
    assert Invitation.objects.filter(pk=other.pk).exists()


def test_the_row_offers_both_to_the_organiser(client, staff, planned):
    [invitation] = invite_sent(planned)
    page = client.get(planned.get_absolute_url()).content.decode()
    assert reverse("sessions:invitation_resend", kwargs={"pk": planned.pk, "invitation_pk": invitation.pk}) in page
    assert reverse("sessions:invitation_remove", kwargs={"pk": planned.pk, "invitation_pk": invitation.pk}) in page
