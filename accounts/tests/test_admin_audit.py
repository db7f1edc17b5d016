"""What programme administrators do to accounts in the Django admin reaches the audit log."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from heatportal.audit.models import Action, ActionLog
from tests.factories import UserFactory
from tests.fixtures.otp import otp_device_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    superuser = UserFactory(email="super@example.org", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    client.superuser = superuser
    return client


def test_resetting_the_second_factor_removes_the_devices_and_is_audited(admin_client, world):
    staff = world.users["staff_drenthe"]
    otp_device_for(staff)
    response = admin_client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_second_factor", "_selected_action": [staff.pk]},
    )
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=staff).exists()
    row = ActionLog.objects.get(action=Action.OTP_RESET)
    assert row.actor == admin_client.superuser and row.object_id == str(staff.pk)


def test_a_role_added_in_the_admin_is_audited_with_its_granter(admin_client, world):
    user = UserFactory(email="nieuw@example.org", full_name="Nieuw")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = {
        "email": user.email,
        "full_name": user.full_name,
        "phone": "",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
        "roles-TOTAL_FORMS": "1",
        "roles-INITIAL_FORMS": "0",
        "roles-MIN_NUM_FORMS": "0",
        "roles-MAX_NUM_FORMS": "1000",
        "roles-0-kind": Role.Kind.MUNICIPAL_OFFICER,
        "roles-0-municipality": str(world.assen.pk),
        "roles-0-user": str(user.pk),
    }
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    role = Role.objects.get(user=user)
    assert role.granted_by == admin_client.superuser
    row = ActionLog.objects.get(action=Action.ROLE_GRANTED, object_id=str(user.pk))
    assert row.actor == admin_client.superuser
