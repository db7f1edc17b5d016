"""The second factor (django-otp): who needs it, enrolment, recovery codes, removal, reset.

An authenticator app (TOTPDevice) is the factor; ten single-use recovery codes (one StaticDevice)
are the way back in when the phone is lost.
"""

import base64

from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.models import Role
from heatportal.audit.models import Action
from heatportal.audit.services import audit_record

RECOVERY_CODE_COUNT = 10
# Roles that see other people's data across municipalities: a stolen password alone must not do.
REQUIRED_KINDS = frozenset({Role.Kind.PROGRAMME_ADMIN, Role.Kind.PROGRAMME_ADVISER, Role.Kind.PROVINCIAL_STAFF})


def otp_required(user) -> bool:
    if not user.is_authenticated:
        return False
    return user.is_staff or user.is_superuser or bool(REQUIRED_KINDS & user.role_kinds())


def otp_enrolled(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def otp_pending_device(*, user) -> TOTPDevice:
    """The unconfirmed authenticator being set up; the same secret on every reload of the page."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="Authenticator-app", confirmed=False)


def otp_secret(device: TOTPDevice) -> str:
    """The secret as an authenticator app wants it typed in: base32, in groups of four."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _clean(token: str) -> str:
    return "".join(str(token or "").split()).replace("-", "")[:32]


def otp_match(*, user, token: str):
    """The confirmed device TOKEN belongs to, or None. A recovery code is spent by matching it;
    TOTPDevice.verify_token throttles itself after failures."""
    token = _clean(token)
    if not token:
        return None
    for device in devices_for_user(user, confirmed=True):
        if device.verify_token(token.lower() if isinstance(device, StaticDevice) else token):
            return device
    return None


def otp_failed_record(*, user, summary: str = "") -> None:
    audit_record(Action.OTP_FAILED, actor=user, obj=user, summary=summary or "Verkeerde code voor de tweede factor")


def _new_recovery_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Herstelcodes", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


@transaction.atomic
def otp_enrol_confirm(*, user, device: TOTPDevice, token: str) -> list[str] | None:
    """Confirm the pending authenticator with a code from it; returns the new recovery codes,
    or None when the code is wrong."""
    if device.user_id != user.pk or device.confirmed or not device.verify_token(_clean(token)):
        return None
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    codes = _new_recovery_codes(user)
    audit_record(Action.OTP_ENROLLED, actor=user, obj=user, summary="Tweede factor ingesteld")
    return codes


@transaction.atomic
def otp_recovery_codes_regenerate(*, user) -> list[str]:
    codes = _new_recovery_codes(user)
    audit_record(Action.OTP_RECOVERY_CODES, actor=user, obj=user, summary="Herstelcodes opnieuw aangemaakt")
    return codes


@transaction.atomic
def otp_remove(*, user) -> None:
    if otp_required(user):
        raise PermissionError("De tweede factor is verplicht voor deze gebruiker.")
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(Action.OTP_REMOVED, actor=user, obj=user, summary="Tweede factor verwijderd")


@transaction.atomic
def otp_reset(*, user, by) -> None:
    """A programme administrator clears someone's factor (lost phone and codes): they enrol again."""
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit_record(Action.OTP_RESET, actor=by, obj=user, summary=f"Tweede factor van {user} teruggezet")
