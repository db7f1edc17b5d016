"""Invitation links over their life: expiry, resend and withdraw, outsiders, tampering, end dates, OIDC."""

import datetime
import time

import pytest
from django.core import signing
from django.urls import reverse

from accounts.models import Role, User
from heatportal.audit.models import Action, ActionLog
from heatportal.mail.models import Email
from people.forms import InvitationForm
from people.models import PortalInvitation
from people.tests.invitations import PASSWORD, _invite, _link, _link_from_outbox


@pytest.mark.django_db
def test_expired_link_shows_a_page(world, client, monkeypatch, settings):
    settings.PORTAL_INVITATION_DAYS = 14
    invitation = _invite(world)
    link = _link(invitation)
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + 15 * 24 * 3600)
    response = client.get(link)
    assert response.status_code == 410
    assert "verlopen" in response.content.decode()
    response = client.post(link, {"full_name": "X", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 410
    assert not User.objects.filter(email="nieuw@example.org").exists()
    monkeypatch.setattr(signing.time, "time", lambda: now + 13 * 24 * 3600)
    assert client.get(link).status_code == 200


@pytest.mark.django_db
def test_resend_kills_the_old_link(world, client):
    invitation = _invite(world)
    old = _link(invitation)
    client.force_login(world.users["staff_drenthe"])
    response = client.post(reverse("people:invitation_resend", kwargs={"pk": invitation.pk}))
    assert response.status_code == 302
    log = ActionLog.objects.get(action=Action.PORTAL_INVITATION_RESENT)
    assert log.actor == world.users["staff_drenthe"]
    assert Email.objects.count() == 2
    keys = list(Email.objects.values_list("key", flat=True))
    assert len(set(keys)) == 2
    client.logout()
    assert client.get(old).status_code == 410
    new = _link_from_outbox("nieuw@example.org")
    assert new != old and client.get(new).status_code == 200


@pytest.mark.django_db
def test_withdraw_kills_the_link(world, client):
    invitation = _invite(world)
    link = _link(invitation)
    client.force_login(world.users["coordinator_drenthe"])
    assert client.post(reverse("people:invitation_withdraw", kwargs={"pk": invitation.pk})).status_code == 302
    invitation.refresh_from_db()
    assert invitation.status == PortalInvitation.Status.WITHDRAWN
    assert ActionLog.objects.get(action=Action.PORTAL_INVITATION_WITHDRAWN).actor == world.users["coordinator_drenthe"]
    client.logout()
    response = client.get(link)
    assert response.status_code == 410 and "ingetrokken" in response.content.decode()
    # Withdrawing twice tells, and resending a withdrawn one sends nothing.
    client.force_login(world.users["coordinator_drenthe"])
    client.post(reverse("people:invitation_resend", kwargs={"pk": invitation.pk}))
    assert Email.objects.count() == 1


@pytest.mark.django_db
def test_outsiders_cannot_resend_or_withdraw(world, client):
    invitation = _invite(world)
    client.force_login(world.users["staff_nh"])
    assert client.post(reverse("people:invitation_withdraw", kwargs={"pk": invitation.pk})).status_code == 404
    assert client.post(reverse("people:invitation_resend", kwargs={"pk": invitation.pk})).status_code == 404
    invitation.refresh_from_db()
    assert invitation.status == PortalInvitation.Status.PENDING and invitation.send_count == 1


@pytest.mark.django_db
@pytest.mark.parametrize("token", ["x", "a" * 5000, "eyJpIjoxfQ:1abc:forged", "%00"])
def test_tampered_tokens_get_a_clear_page(world, client, token):
    _invite(world)
    response = client.get(f"/mensen/uitnodiging/{token}/")
    assert response.status_code == (400 if token == "%00" else 404)
    # Signed for another purpose: never opens an invitation.
    invitation = PortalInvitation.objects.get()
    other = signing.dumps({"i": invitation.pk, "n": invitation.nonce}, salt="something-else", compress=True)
    assert client.get(reverse("people:invitation_link", kwargs={"token": other})).status_code == 404


@pytest.mark.django_db
def test_invitation_end_date_reaches_the_role(world, client):
    invitation = _invite(world, ends_on=datetime.date(2099, 1, 1))
    response = client.post(_link(invitation), {"full_name": "N", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302
    assert Role.objects.get(user__email="nieuw@example.org").ends_on.isoformat() == "2099-01-01"


@pytest.mark.django_db
def test_oidc_button_hands_the_address_to_the_session(world, client, settings):
    settings.OIDC_ENABLED = True
    invitation = _invite(world)
    link = _link(invitation)
    page = client.get(link)
    assert "Inloggen met uw organisatieaccount" in page.content.decode()
    try:
        reverse("oidc_authentication_init")
    except Exception:
        pytest.skip("OIDC URLs are mounted only when OIDC is configured")
    response = client.post(link, {"action": "oidc"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("oidc_authentication_init"))
    assert client.session["oidc_invitation_email"] == "nieuw@example.org"


@pytest.mark.django_db
def test_no_oidc_button_without_oidc(world, client, settings):
    settings.OIDC_ENABLED = False
    invitation = _invite(world)
    page = client.get(_link(invitation))
    assert "Inloggen met uw organisatieaccount" not in page.content.decode()
    assert client.post(_link(invitation), {"action": "oidc"}).status_code == 200
    assert "oidc_invitation_email" not in client.session


def test_form_needs_a_user():
    with pytest.raises(TypeError):
        InvitationForm()
