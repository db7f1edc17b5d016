import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from heatportal.mail.services import email_queue


def password_reset_email_queue(*, user: User, context: dict) -> None:
    # One key per request: each reset request gets its own message, a retry never a second. The
    # key is shown in the outbox and sent as a header, so it names the request with a random
    # nonce, never with the token that is the link itself.
    key = f"accounts:password-reset:{user.pk}:{secrets.token_hex(8)}"
    email_queue(
        key=key,
        to_email=user.email,
        to_name=user.full_name,
        template="password_reset",
        context={"user": user, "uid": context["uid"], "token": context["token"], "requested_at": timezone.now()},
        sensitive=True,
    )


@transaction.atomic
def role_grant(*, user: User, kind: str, scope=None) -> Role:
    field = Role.SCOPE_FIELD[kind]
    kwargs = {field: scope} if field else {}
    role, _ = Role.objects.get_or_create(user=user, kind=kind, **kwargs)
    user.__dict__.pop("role_list", None)
    return role


def calendar_token_rotate(*, user: User) -> str:
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token
