import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from heatportal.audit.models import Action, ActionLog
from people.services import invitation_send
from tests.factories import user_with_role

K = Role.Kind
ASSEN = reverse("people:municipality", kwargs={"cbs_code": "GM0106"})
DRENTHE = reverse("people:province", kwargs={"code": "PV22"})
REGION = reverse("people:region", kwargs={"code": "ES03"})


def _end_url(role):
    return reverse("people:role_end", kwargs={"pk": role.pk})


@pytest.fixture
def colleague(world):
    user = user_with_role(K.MUNICIPAL_OFFICER, world.assen, email="collega@example.org", full_name="Carla Collega")
    role = user.roles.get()
    role.granted_by = world.users["staff_drenthe"]
    role.granted_at = timezone.make_aware(datetime.datetime(2026, 3, 5, 10, 0))
    role.save()
    return role


@pytest.mark.django_db
def test_municipality_page_lists_roles_with_dutch_dates(world, client, colleague):
    client.force_login(world.users["officer_assen"])
    body = client.get(ASSEN).content.decode()
    assert "Carla Collega" in body and "5 maart 2026" in body
    assert world.users["staff_drenthe"].full_name in body
    assert world.users["officer_assen"].email in body
    # Officers read; they do not end roles or see invitations.
    assert _end_url(colleague) not in body
    assert "Openstaande uitnodigingen" not in body


@pytest.mark.django_db
def test_adviser_reads_only(world, client, colleague):
    invitation_send(
        by=world.users["programme_admin"], email="open@example.org", kind=K.MUNICIPAL_OFFICER, scope=world.assen
    )
    client.force_login(world.users["adviser"])
    body = client.get(ASSEN).content.decode()
    assert "Carla Collega" in body
    assert _end_url(colleague) not in body and "open@example.org" not in body
    assert client.get(_end_url(colleague)).status_code == 404


@pytest.mark.django_db
def test_granter_sees_pending_invitations_with_actions(world, client):
    invitation, _ = invitation_send(
        by=world.users["programme_admin"], email="open@example.org", kind=K.MUNICIPAL_OFFICER, scope=world.assen
    )
    client.force_login(world.users["staff_drenthe"])
    body = client.get(ASSEN).content.decode()
    assert "open@example.org" in body
    assert reverse("people:invitation_resend", kwargs={"pk": invitation.pk}) in body
    assert reverse("people:invitation_withdraw", kwargs={"pk": invitation.pk}) in body


@pytest.mark.django_db
def test_province_page_lists_staff_and_municipalities_with_counts(world, client, colleague):
    client.force_login(world.users["staff_drenthe"])
    response = client.get(DRENTHE)
    body = response.content.decode()
    assert world.users["staff_drenthe"].full_name in body
    assert "Carla Collega" not in body  # officers are on their municipality's page
    assen = next(m for m in response.context["children"] if m.cbs_code == "GM0106")
    assert assen.officer_count == 2  # officer_assen and the colleague
    assert ASSEN in body and "2 gemeenteambtenaren" in body
    assert "Zaanstad" not in body


@pytest.mark.django_db
def test_region_page_for_coordinator(world, client):
    client.force_login(world.users["coordinator_drenthe"])
    response = client.get(REGION)
    assert response.status_code == 200
    assert world.users["coordinator_drenthe"].full_name in response.content.decode()
    assert {m.cbs_code for m in response.context["children"]} >= {"GM0106"}


@pytest.mark.django_db
def test_index_lists_the_users_scopes(world, client):
    client.force_login(world.users["officer_assen"])
    body = client.get(reverse("people:index")).content.decode()
    assert ASSEN in body and DRENTHE not in body
    client.force_login(world.users["staff_drenthe"])
    body = client.get(reverse("people:index")).content.decode()
    assert DRENTHE in body and reverse("people:province", kwargs={"code": "PV27"}) not in body
    client.force_login(world.users["programme_admin"])
    body = client.get(reverse("people:index")).content.decode()
    assert DRENTHE in body and REGION in body and world.users["adviser"].full_name in body


@pytest.mark.django_db
def test_unknown_scope_is_404(world, client):
    client.force_login(world.users["programme_admin"])
    assert client.get(reverse("people:municipality", kwargs={"cbs_code": "GM9999"})).status_code == 404
    assert client.get(reverse("people:province", kwargs={"code": "x" * 500})).status_code == 404


@pytest.mark.django_db
def test_ending_a_role_takes_effect_on_the_next_request(world, colleague):
    officer = colleague.user
    theirs, granter = Client(), Client()
    theirs.force_login(officer)
    granter.force_login(world.users["staff_drenthe"])
    assert theirs.get(ASSEN).status_code == 200
    today = timezone.localdate().isoformat()
    response = granter.post(_end_url(colleague), {"ends_on": today})
    assert response.status_code == 302 and response["Location"] == ASSEN
    assert theirs.get(ASSEN).status_code == 403
    colleague.refresh_from_db()
    assert colleague.ends_on == timezone.localdate() and colleague.ended_by == world.users["staff_drenthe"]
    log = ActionLog.objects.get(action=Action.ROLE_ENDED)
    assert log.actor == world.users["staff_drenthe"]
    page = granter.get(ASSEN)
    assert "heeft de rol Gemeenteambtenaar niet meer" in page.content.decode()
    assert colleague not in page.context["roles"]
    assert "Carla Collega" not in granter.get(ASSEN).content.decode()


@pytest.mark.django_db
def test_future_end_date_then_changed(world, client, colleague):
    client.force_login(world.users["coordinator_drenthe"])
    later = timezone.localdate() + datetime.timedelta(days=30)
    page = client.get(_end_url(colleague))
    assert page.context["form"].initial["ends_on"] == timezone.localdate()
    assert client.post(_end_url(colleague), {"ends_on": later.isoformat()}).status_code == 302
    colleague.refresh_from_db()
    assert colleague.ends_on == later and colleague.is_active()
    assert ActionLog.objects.filter(action=Action.ROLE_ENDED).count() == 1
    even_later = later + datetime.timedelta(days=10)
    assert client.post(_end_url(colleague), {"ends_on": even_later.isoformat()}).status_code == 302
    colleague.refresh_from_db()
    assert colleague.ends_on == even_later
    changed = ActionLog.objects.get(action=Action.ROLE_CHANGED)
    assert changed.actor == world.users["coordinator_drenthe"]
    assert ActionLog.objects.filter(action=Action.ROLE_ENDED).count() == 1
    body = client.get(ASSEN).content.decode()
    assert "Carla Collega" in body


@pytest.mark.django_db
def test_end_date_in_the_past_is_a_form_error(world, client, colleague):
    client.force_login(world.users["staff_drenthe"])
    response = client.post(_end_url(colleague), {"ends_on": "2000-01-01"})
    assert response.status_code == 200 and "ends_on" in response.context["form"].errors
    response = client.post(_end_url(colleague), {"ends_on": "geen datum"})
    assert response.status_code == 200
    colleague.refresh_from_db()
    assert colleague.ends_on is None


@pytest.mark.django_db
@pytest.mark.parametrize("role", ["staff_nh", "officer_assen", "adviser", "officer_zaanstad"])
def test_outsiders_cannot_end_a_role(world, client, colleague, role):
    client.force_login(world.users[role])
    assert client.post(_end_url(colleague), {"ends_on": timezone.localdate().isoformat()}).status_code == 404
    colleague.refresh_from_db()
    assert colleague.ends_on is None
    assert not ActionLog.objects.filter(action=Action.ROLE_ENDED).exists()


@pytest.mark.django_db
def test_coordinator_cannot_end_provincial_staff(world, client):
    role = world.users["staff_drenthe"].roles.get()
    client.force_login(world.users["coordinator_drenthe"])
    assert client.post(_end_url(role), {"ends_on": timezone.localdate().isoformat()}).status_code == 404
    colleague = user_with_role(K.PROVINCIAL_STAFF, world.drenthe, email="collega-drenthe@example.org")
    client.force_login(colleague)
    # Provincial staff may end a colleague's role in their own province, never their own.
    assert client.get(_end_url(role)).status_code == 200
    assert client.get(_end_url(colleague.roles.get())).status_code == 404
