import re

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import Role, User
from heatportal.audit.models import Action, ActionLog
from heatportal.mail.models import Email
from people.models import PortalInvitation
from people.services import invitation_from_token
from people.tests.invitations import INVITE_URL, PASSWORD, K, _invite, _link, _link_from_outbox, _values
from tests.factories import UserFactory


# --- Who may invite whom --------------------------------------------------------------------
@pytest.mark.django_db
def test_form_offers_only_grantable_roles(world):
    drenthe_staff = _values(world.users["staff_drenthe"])
    assert "municipal_officer:GM0106" in drenthe_staff
    assert "provincial_staff:PV22" in drenthe_staff
    assert "municipal_officer:GM0479" not in drenthe_staff  # Zaanstad, Noord-Holland
    assert "provincial_staff:PV27" not in drenthe_staff
    assert not {v for v in drenthe_staff if v.startswith(("programme_", "regional_"))}
    coordinator = _values(world.users["coordinator_drenthe"])
    assert "municipal_officer:GM0106" in coordinator
    assert not {v for v in coordinator if not v.startswith("municipal_officer:")}
    assert _values(world.users["officer_assen"]) == set()
    assert _values(world.users["adviser"]) == set()
    admin = _values(world.users["programme_admin"])
    assert {"programme_admin:", "programme_adviser:", "regional_coordinator:ES03", "municipal_officer:GM0479"} <= admin
    assert len([v for v in admin if v.startswith("municipal_officer:")]) >= 340


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("role", "choice"),
    [
        ("staff_drenthe", "municipal_officer:GM0479"),
        ("staff_drenthe", "provincial_staff:PV27"),
        ("staff_drenthe", "programme_admin:"),
        ("staff_drenthe", "regional_coordinator:ES03"),
        ("coordinator_drenthe", "provincial_staff:PV22"),
        ("coordinator_drenthe", "municipal_officer:GM0479"),
        ("staff_nh", "municipal_officer:GM0106"),
    ],
)
def test_forged_post_outside_scope_is_refused(world, client, role, choice):
    client.force_login(world.users[role])
    response = client.post(INVITE_URL, {"email": "x@example.org", "role": choice})
    assert response.status_code == 200
    assert "role" in response.context["form"].errors
    assert not PortalInvitation.objects.exists()
    assert not Email.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["officer_assen", "adviser", "anonymous"])
def test_officers_and_advisers_cannot_invite(world, client, role):
    if world.users[role]:
        client.force_login(world.users[role])
    response = client.post(INVITE_URL, {"email": "x@example.org", "role": "municipal_officer:GM0106"})
    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/account/inloggen/" in response["Location"]
    assert not PortalInvitation.objects.exists()


@pytest.mark.django_db
def test_service_refuses_outside_scope(world):
    with pytest.raises(PermissionDenied):
        _invite(world, by="staff_drenthe", scope=world.zaanstad)
    with pytest.raises(PermissionDenied):
        _invite(world, by="coordinator_drenthe", kind=K.PROVINCIAL_STAFF, scope=world.drenthe)
    with pytest.raises(PermissionDenied):
        _invite(world, by="staff_drenthe", kind=K.PROGRAMME_ADMIN)
    assert not PortalInvitation.objects.exists()


@pytest.mark.django_db
def test_invite_form_sends_and_audits(world, client):
    staff = world.users["staff_drenthe"]
    client.force_login(staff)
    response = client.post(
        INVITE_URL,
        {
            "email": "Nieuw@Example.org",
            "full_name": "Nina Nieuw",
            "role": "municipal_officer:GM0106",
            "ends_on": "2099-01-01",
            "message": "Welkom bij het programma.",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("people:municipality", kwargs={"cbs_code": "GM0106"})
    invitation = PortalInvitation.objects.get()
    assert (invitation.kind, invitation.municipality, invitation.invited_by) == (
        K.MUNICIPAL_OFFICER,
        world.assen,
        staff,
    )
    assert invitation.ends_on.isoformat() == "2099-01-01"
    email = Email.objects.get()
    assert email.sensitive is True
    # The key names the occasion; the token (the key to the account) is only in the body.
    assert email.key == f"people:invitation:{invitation.pk}:1"
    token = re.search(r"/mensen/uitnodiging/([^/\s]+)/", email.body_text).group(1)
    assert invitation_from_token(token) == invitation
    assert token not in email.key and invitation.nonce not in email.key
    assert "Welkom bij het programma." in email.body_text
    log = ActionLog.objects.get(action=Action.PORTAL_INVITATION_SENT)
    assert log.actor == staff


@pytest.mark.django_db
def test_invite_form_rejects_bad_input(world, client):
    client.force_login(world.users["programme_admin"])
    response = client.post(
        INVITE_URL,
        {"email": "geen-adres", "role": "municipal_officer:GM9999", "ends_on": "2000-01-01", "message": "x" * 5000},
    )
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"email", "role", "ends_on", "message"}
    # NUL bytes are refused before any view (400), never stored.
    response = client.post(INVITE_URL, {"email": "a\x00b@example.org", "role": "municipal_officer:GM0106\x00"})
    assert response.status_code == 400
    assert not PortalInvitation.objects.exists()


@pytest.mark.django_db
def test_second_invitation_for_same_address_and_role_is_a_resend(world, client):
    first = _invite(world)
    old_link = _link(first)
    client.force_login(world.users["staff_drenthe"])
    response = client.post(INVITE_URL, {"email": "NIEUW@example.org", "role": "municipal_officer:GM0106"})
    assert response.status_code == 302
    assert PortalInvitation.objects.count() == 1
    first.refresh_from_db()
    assert first.send_count == 2
    assert Email.objects.count() == 2
    assert ActionLog.objects.filter(action=Action.PORTAL_INVITATION_RESENT).count() == 1
    client.logout()
    assert client.get(old_link).status_code == 410


# --- The link --------------------------------------------------------------------------------
@pytest.mark.django_db
def test_new_account_sets_password_and_lands_logged_in(world, client):
    invitation = _invite(world, by="staff_drenthe", full_name="Nina Nieuw", ends_on=None)
    link = _link_from_outbox("nieuw@example.org")
    page = client.get(link)
    assert page.status_code == 200
    assert "Nina Nieuw" in page.content.decode()
    short = client.post(link, {"full_name": "Nina", "password1": "kort", "password2": "kort"})
    assert short.status_code == 200 and "password1" in short.context["form"].errors
    assert not User.objects.filter(email="nieuw@example.org").exists()
    response = client.post(link, {"full_name": "Nina Nieuw", "password1": PASSWORD, "password2": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("home")
    user = User.objects.get(email="nieuw@example.org")
    assert user.check_password(PASSWORD) and user.full_name == "Nina Nieuw"
    role = Role.objects.active().get(user=user)
    assert (role.kind, role.municipality, role.granted_by) == (
        K.MUNICIPAL_OFFICER,
        world.assen,
        world.users["staff_drenthe"],
    )
    assert int(client.session["_auth_user_id"]) == user.pk
    invitation.refresh_from_db()
    assert invitation.status == PortalInvitation.Status.ACCEPTED and invitation.user == user
    accepted = ActionLog.objects.get(action=Action.PORTAL_INVITATION_ACCEPTED)
    assert accepted.actor == user
    # Single use: the same link again, even logged out, opens nothing.
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "al aanvaard" in again.content.decode()
    assert client.post(link, {"full_name": "X", "password1": PASSWORD, "password2": PASSWORD}).status_code == 410
    assert Role.objects.filter(user=user).count() == 1


@pytest.mark.django_db
def test_existing_account_just_gains_the_role(world, client):
    person = UserFactory(email="bestaand@example.org", full_name="Bert Bestaand", language="en")
    password_hash = person.password
    client.force_login(world.users["staff_drenthe"])
    response = client.post(INVITE_URL, {"email": "Bestaand@Example.org", "role": "municipal_officer:GM0106"})
    assert response.status_code == 302
    role = Role.objects.active().get(user=person)
    assert (role.kind, role.municipality, role.granted_by) == (
        K.MUNICIPAL_OFFICER,
        world.assen,
        world.users["staff_drenthe"],
    )
    person.refresh_from_db()
    assert person.password == password_hash and person.full_name == "Bert Bestaand"
    assert User.objects.filter(email__iexact="bestaand@example.org").count() == 1
    invitation = PortalInvitation.objects.get()
    assert invitation.status == PortalInvitation.Status.ACCEPTED and invitation.user == person and not invitation.nonce
    email = Email.objects.get()
    assert email.to_email == "bestaand@example.org"
    assert "/mensen/uitnodiging/" not in email.body_text and "wachtwoord" not in email.body_text.lower()
    assert email.sensitive is False
    assert ActionLog.objects.get(action=Action.ROLE_GRANTED).actor == world.users["staff_drenthe"]
    assert ActionLog.objects.get(action=Action.PORTAL_INVITATION_SENT).actor == world.users["staff_drenthe"]


@pytest.mark.django_db
def test_account_made_after_the_invitation_accepts_after_logging_in_as_itself(world, client):
    invitation = _invite(world, email="later@example.org")
    person = UserFactory(email="later@example.org")
    link = _link(invitation)
    page = client.get(link)
    assert page.status_code == 200
    assert 'name="password1"' not in page.content.decode()
    assert client.post(link, {"full_name": "X", "password1": PASSWORD, "password2": PASSWORD}).status_code == 200
    assert not Role.objects.filter(user=person).exists()
    client.force_login(person)
    assert client.get(link).status_code == 302
    assert Role.objects.active().filter(user=person, kind=K.MUNICIPAL_OFFICER, municipality=world.assen).exists()
    assert ActionLog.objects.get(action=Action.PORTAL_INVITATION_ACCEPTED).actor == person


@pytest.mark.django_db
def test_mail_is_in_the_account_language_else_dutch(world, monkeypatch):
    import people.services

    sent = []
    real = people.services.email_queue
    monkeypatch.setattr(people.services, "email_queue", lambda **kw: (sent.append(kw), real(**kw)))
    UserFactory(email="engels@example.org", language="en")
    _invite(world, email="engels@example.org")
    _invite(world, email="niemand@example.org")
    later = _invite(world, email="later-engels@example.org")
    UserFactory(email="later-engels@example.org", language="en")
    people.services.invitation_resend(invitation=later, by=world.users["programme_admin"])
    assert [(m["to_email"], m["language"], m["template"], m.get("sensitive", False)) for m in sent] == [
        ("engels@example.org", "en", "people_invitation_granted", False),
        ("niemand@example.org", "nl", "people_invitation", True),
        ("later-engels@example.org", "nl", "people_invitation", True),
        ("later-engels@example.org", "en", "people_invitation_existing", True),
    ]


@pytest.mark.django_db
def test_wrong_account_cannot_accept(world, client):
    invitation = _invite(world, email="x@example.org")
    UserFactory(email="x@example.org")
    other = world.users["officer_zaanstad"]
    client.force_login(other)
    response = client.get(_link(invitation))
    assert response.status_code == 200
    assert "maar u bent ingelogd als" in response.content.decode()
    response = client.post(_link(invitation), {"full_name": "Y", "password1": PASSWORD, "password2": PASSWORD})
    assert not Role.objects.filter(user=other, kind=K.MUNICIPAL_OFFICER, municipality=world.assen).exists()
    invitation.refresh_from_db()
    assert invitation.status == PortalInvitation.Status.PENDING


@pytest.mark.django_db
def test_wrong_account_cannot_accept_for_an_address_without_account(world, client):
    invitation = _invite(world, email="nog-niemand@example.org")
    client.force_login(world.users["officer_zaanstad"])
    client.post(_link(invitation), {"full_name": "Y", "password1": PASSWORD, "password2": PASSWORD})
    assert not User.objects.filter(email="nog-niemand@example.org").exists()
    assert client.session["_auth_user_id"] == str(world.users["officer_zaanstad"].pk)
