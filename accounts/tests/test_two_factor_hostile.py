"""Hostile input to the second factor's code fields before the factor is passed: the generic
walk of tests/test_hostile_forms.py, but without force_login's verified session (the code of
otp:verify and of a required enrolment is read only then)."""

import pytest

from tests.hostile.targets.accounts_otp import UNVERIFIED_TARGETS
from tests.test_hostile_forms import test_no_form_post_gives_a_server_error_or_saves_half as walk


@pytest.mark.unverified_otp
@pytest.mark.parametrize("target", UNVERIFIED_TARGETS, ids=lambda t: t.url_name)
def test_hostile_codes_before_the_factor_is_passed(target, world):
    walk(target, world)


@pytest.mark.unverified_otp
def test_the_unverified_session_really_reaches_the_code_form(world, client):
    """Guards the walk above: were the session verified, otp:verify would redirect and the
    hostile codes would never reach the form."""
    from django.urls import reverse

    from tests.fixtures.otp import otp_device_for

    user = world.users["programme_admin"]
    otp_device_for(user)
    client.force_login(user)
    response = client.post(reverse("otp:verify"), {"code": "000000"})
    assert response.status_code == 200
    assert response.context["form"].errors["code"]
