"""Hostile-input targets: the second factor's pages (accounts/otp_views.py).

The test client's force_login marks the session verified for whoever needs or has the factor
(tests/fixtures/otp.py), so here otp:verify reads only `next` (a verified person is sent on);
its code field, unverified, is walked by accounts/tests/test_two_factor_hostile.py with the
targets in UNVERIFIED_TARGETS. otp:enrol is walked by an officer, who needs no factor and has
none, so the session stays unverified and the code is checked."""

from tests.hostile.targets.base import Target


def _factor_rows(world, o):
    from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

    from accounts.models import User

    # Not TOTPDevice: a wrong code rightly counts a failure on the device (throttling).
    return [StaticDevice.objects.all(), StaticToken.objects.all(), User.objects.all()]


def _pending_device(role):
    def objects(world):
        from accounts import otp

        # The page creates the pending device on its first request; here first, so the rows
        # before and after a refused post compare the same state.
        return {"device": otp.otp_pending_device(user=world.users[role])}

    return objects


def _enrolled(role):
    def objects(world):
        from tests.fixtures.otp import otp_device_for

        return {"device": otp_device_for(world.users[role])}

    return objects


TARGETS = [
    Target(
        "otp:verify",
        "programme_admin",
        lambda w, o: {},
        lambda w, o: {"code": "000000", "next": "/"},
        ["next", "code"],
        _factor_rows,
        objects=_enrolled("programme_admin"),
    ),
    Target(
        "otp:enrol",
        "officer_assen",
        lambda w, o: {},
        lambda w, o: {"code": "000000", "next": "/"},
        ["code", "next"],
        _factor_rows,
        objects=_pending_device("officer_assen"),
    ),
    Target(
        "otp:manage",
        "programme_admin",
        lambda w, o: {},
        lambda w, o: {"action": "regenerate", "regenerate-code": "000000"},
        ["regenerate-code", "remove-code", "action"],
        _factor_rows,
        objects=_enrolled("programme_admin"),
    ),
    Target(
        "otp:recovery_codes",
        "programme_admin",
        lambda w, o: {},
        lambda w, o: {"next": "/"},
        ["next"],
        _factor_rows,
        objects=_enrolled("programme_admin"),
    ),
]

# Walked with the `unverified_otp` marker: the person has the factor but has not passed it yet.
UNVERIFIED_TARGETS = [
    Target(
        "otp:verify",
        "programme_admin",
        lambda w, o: {},
        lambda w, o: {"code": "000000", "next": "/"},
        ["code", "next"],
        _factor_rows,
        objects=_enrolled("programme_admin"),
    ),
    Target(
        "otp:enrol",
        "programme_admin",
        lambda w, o: {},
        lambda w, o: {"code": "000000", "next": "/"},
        ["code", "next"],
        _factor_rows,
        objects=_pending_device("programme_admin"),
    ),
]
