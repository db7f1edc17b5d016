"""The second factor: who must give it, the codes, throttling, recovery codes, the admin."""

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import otp
from heatportal.audit.models import Action, ActionLog
from tests.fixtures.otp import otp_device_for

pytestmark = [pytest.mark.django_db, pytest.mark.unverified_otp]


def code_for(device) -> str:
    device.refresh_from_db()
    return str(TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()).zfill(6)


@pytest.mark.parametrize("role", ["programme_admin", "adviser", "staff_drenthe"])
def test_required_roles_without_device_are_sent_to_enrolment(role, world, client):
    client.force_login(world.users[role])
    response = client.get("/mensen/")
    assert response.status_code == 302
    assert response["Location"] == reverse("otp:enrol") + "?next=%2Fmensen%2F"
    htmx = client.get("/mensen/", headers={"HX-Request": "true"})
    assert htmx.status_code == 204 and htmx["HX-Redirect"].startswith(reverse("otp:enrol"))


def test_required_role_with_device_is_sent_to_verification(world, client):
    user = world.users["programme_admin"]
    otp_device_for(user)
    client.force_login(user)
    response = client.get(reverse("home"))
    assert response["Location"] == reverse("otp:verify") + "?next=%2F"


def test_staff_flag_alone_requires_it(world, client, django_user_model):
    user = world.users["officer_assen"]
    user.is_staff = True
    user.save()
    client.force_login(user)
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp:enrol"))


def test_optional_role_passes_without_device(world, client):
    client.force_login(world.users["officer_assen"])
    assert client.get(reverse("home")).status_code == 200


def test_optional_role_with_device_must_verify(world, client):
    user = world.users["officer_assen"]
    otp_device_for(user)
    client.force_login(user)
    assert client.get(reverse("home"))["Location"].startswith(reverse("otp:verify"))


def test_exempt_pages_stay_reachable(world, client):
    client.force_login(world.users["programme_admin"])
    assert client.get(reverse("otp:enrol")).status_code == 200
    assert client.get(reverse("healthz")).status_code == 200


def test_right_code_verifies_and_goes_to_next(world, client):
    user = world.users["programme_admin"]
    device = otp_device_for(user)
    client.force_login(user)
    response = client.post(reverse("otp:verify") + "?next=/mensen/", {"code": code_for(device)})
    assert response.status_code == 302 and response["Location"] == "/mensen/"
    assert client.get(reverse("home")).status_code == 200


def test_wrong_code_is_refused_and_audited(world, client):
    user = world.users["programme_admin"]
    otp_device_for(user)
    client.force_login(user)
    response = client.post(reverse("otp:verify"), {"code": "000000"})
    assert response.status_code == 200
    assert "Deze code klopt niet" in response.content.decode()
    assert ActionLog.objects.filter(action=Action.OTP_FAILED, actor=user).count() == 1
    assert client.get(reverse("home")).status_code == 302


def test_failures_are_throttled(world, client):
    user = world.users["programme_admin"]
    device = otp_device_for(user)
    client.force_login(user)
    client.post(reverse("otp:verify"), {"code": "000000"})
    # After a failure django-otp refuses even the right code for a while.
    response = client.post(reverse("otp:verify"), {"code": code_for(device)})
    assert response.status_code == 200
    device.refresh_from_db()
    assert device.throttling_failure_count >= 1
    assert client.get(reverse("home")).status_code == 302


def test_hostile_code_is_a_form_error(world, client):
    user = world.users["programme_admin"]
    otp_device_for(user)
    client.force_login(user)
    assert client.post(reverse("otp:verify"), {"code": "x" * 10000}).status_code == 200


def test_recovery_code_works_once(world, client):
    user = world.users["programme_admin"]
    otp_device_for(user)
    codes = otp.otp_recovery_codes_regenerate(user=user)
    client.force_login(user)
    assert client.post(reverse("otp:verify"), {"code": codes[0]})["Location"] == reverse("home")
    assert StaticToken.objects.filter(device__user=user).count() == 9
    client.logout()
    client.force_login(user)
    assert client.post(reverse("otp:verify"), {"code": codes[0]}).status_code == 200
    assert client.get(reverse("home")).status_code == 302


def test_enrolment_confirms_only_with_the_right_code(world, client):
    user = world.users["staff_drenthe"]
    client.force_login(user)
    page = client.get(reverse("otp:enrol"))
    assert page.status_code == 200 and b"data:image/svg+xml" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert otp.otp_secret(device).replace(" ", "") in page.content.decode().replace(" ", "")
    assert client.post(reverse("otp:enrol"), {"code": "000000"}).status_code == 200
    assert not TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    device.throttling_failure_count = 0
    device.throttling_failure_timestamp = None
    device.save()
    response = client.post(reverse("otp:enrol") + "?next=/mensen/", {"code": code_for(device)})
    assert response["Location"] == reverse("otp:recovery_codes") + "?next=%2Fmensen%2F"
    assert TOTPDevice.objects.get(user=user).confirmed
    assert ActionLog.objects.filter(action=Action.OTP_ENROLLED, actor=user).count() == 1
    codes_page = client.get(response["Location"]).content.decode()
    tokens = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(tokens) == 10 and all(t in codes_page for t in tokens)
    download = client.get(reverse("otp:recovery_codes_download"))
    assert download["Content-Disposition"].startswith("attachment") and tokens[0] in download.content.decode()
    assert client.post(reverse("otp:recovery_codes") + "?next=/mensen/")["Location"] == "/mensen/"
    # Shown once.
    assert client.get(reverse("otp:recovery_codes"))["Location"] == reverse("otp:manage")
    assert client.get(reverse("home")).status_code == 200


def test_enrolment_refused_when_already_enrolled_and_unverified(world, client):
    user = world.users["programme_admin"]
    otp_device_for(user)
    client.force_login(user)
    assert client.get(reverse("otp:enrol"))["Location"] == reverse("otp:verify")
    assert TOTPDevice.objects.filter(user=user).count() == 1


def _verified(client, user):
    from tests.fixtures.otp import otp_verify_session

    client.force_login(user)
    return otp_verify_session(client, user)


def test_regenerate_recovery_codes_needs_a_code(world, client):
    user = world.users["programme_admin"]
    otp.otp_recovery_codes_regenerate(user=user)
    device = _verified(client, user)
    old = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert client.post(reverse("otp:manage"), {"action": "regenerate", "regenerate-code": "000000"}).status_code == 200
    assert set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True)) == old
    TOTPDevice.objects.filter(pk=device.pk).update(throttling_failure_count=0, throttling_failure_timestamp=None)
    response = client.post(reverse("otp:manage"), {"action": "regenerate", "regenerate-code": code_for(device)})
    assert response["Location"].startswith(reverse("otp:recovery_codes"))
    new = set(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert len(new) == 10 and not new & old
    assert ActionLog.objects.filter(action=Action.OTP_RECOVERY_CODES).count() == 2


def test_removing_is_refused_where_required(world, client):
    user = world.users["programme_admin"]
    device = _verified(client, user)
    response = client.post(reverse("otp:manage"), {"action": "remove", "remove-code": code_for(device)})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(user=user).exists()
    with pytest.raises(PermissionError):
        otp.otp_remove(user=user)


def test_removing_where_optional(world, client):
    user = world.users["officer_assen"]
    device = _verified(client, user)
    assert "Verwijder de tweede factor" in client.get(reverse("otp:manage")).content.decode()
    response = client.post(reverse("otp:manage"), {"action": "remove", "remove-code": code_for(device)})
    assert response["Location"] == reverse("otp:manage")
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert ActionLog.objects.filter(action=Action.OTP_REMOVED, actor=user).count() == 1


def test_admin_refused_unverified_and_open_verified(world, client):
    user = world.users["programme_admin"]
    user.is_staff = True
    user.is_superuser = True
    user.save()
    otp_device_for(user)
    client.force_login(user)
    assert client.get("/admin/")["Location"].startswith(reverse("otp:verify"))
    # The admin itself refuses too, whatever sits in front of it.
    from django.contrib import admin
    from django.test import RequestFactory

    request = RequestFactory().get("/admin/")
    request.user = user
    request.user.is_verified = lambda: False
    assert not admin.site.has_permission(request)
    otp_verify_session_client = _verified(client, user)
    assert otp_verify_session_client
    assert client.get("/admin/").status_code == 200


def test_reset_by_admin_is_audited(world):
    user = world.users["staff_drenthe"]
    otp_device_for(user)
    otp.otp_reset(user=user, by=world.users["programme_admin"])
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert ActionLog.objects.filter(action=Action.OTP_RESET, actor=world.users["programme_admin"]).count() == 1


def test_an_optional_role_without_device_is_looked_up_once_per_session(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["officer_assen"])
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("home")).status_code == 200
    assert not [q for q in queries.captured_queries if "otp_totp_totpdevice" in q["sql"]]


def test_the_second_step_shows_no_menu_until_it_is_done(world, client):
    client.force_login(world.users["staff_drenthe"])
    page = client.get(reverse("otp:enrol"))
    assert page.status_code == 200 and page.context["nav_items"] == []
