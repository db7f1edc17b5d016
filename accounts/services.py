import secrets

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from heatportal.audit.models import Action
from heatportal.audit.services import audit_record
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
        language=user.language,
        sensitive=True,
    )


@transaction.atomic
def account_update(*, user: User, data: dict) -> list[str]:
    """Store DATA (cleaned profile fields) on USER; returns the names of the fields that changed.
    Nothing changed means no write and no audit entry."""
    changed = [name for name, value in data.items() if getattr(user, name) != value]
    if not changed:
        return []
    for name in changed:
        setattr(user, name, data[name])
    user.save(update_fields=changed)
    audit_record(Action.ACCOUNT_CHANGED, actor=user, obj=user, summary=", ".join(changed), changes={"fields": changed})
    return changed


@transaction.atomic
def password_change(*, user: User, password: str, keep_session_key: str | None = None) -> int:
    """Set USER's new PASSWORD, end their other sessions (all but KEEP_SESSION_KEY) and tell them
    by email, which has no switch: it is how someone learns their account was taken over.
    Returns how many other sessions ended."""
    user.set_password(password)
    user.save(update_fields=["password"])
    ended = sessions_end_other(user=user, keep_session_key=keep_session_key)
    audit_record(Action.PASSWORD_CHANGED, actor=user, obj=user, summary=user.email, changes={"sessions_ended": ended})
    email_queue(
        key=f"accounts:password-changed:{user.pk}:{secrets.token_hex(8)}",
        to_email=user.email,
        to_name=user.full_name,
        template="password_changed",
        context={"user": user, "changed_at": timezone.now()},
        language=user.language,
    )
    return ended


def sessions_end_other(*, user: User, keep_session_key: str | None) -> int:
    """End USER's sessions except KEEP_SESSION_KEY (accounts.browser_sessions knows them)."""
    from accounts.browser_sessions import browser_sessions_end

    return browser_sessions_end(user=user, keep_session_key=keep_session_key)


@transaction.atomic
def role_grant(*, user: User, kind: str, scope=None, by: User | None = None, ends_on=None) -> Role:
    """Give USER the role KIND in SCOPE (idempotent). A role that had ended runs again from now,
    granted anew by BY; ENDS_ON (optional) is the first day without it. Who may grant what is
    accounts.rules.may_grant, checked by the caller (a view or an approval), not here."""
    field = Role.SCOPE_FIELD[kind]
    kwargs = {field: scope} if field else {}
    role, created = Role.objects.select_for_update().get_or_create(
        user=user, kind=kind, **kwargs, defaults={"granted_by": by, "ends_on": ends_on}
    )
    if not created and (not role.is_active() or role.ends_on != ends_on):
        renewed = not role.is_active()
        role.ends_on = ends_on
        if renewed:
            role.granted_at, role.granted_by, role.ended_by = timezone.now(), by, None
        role.save(update_fields=["ends_on", "granted_at", "granted_by", "ended_by"])
        created = renewed
    if created:
        audit_record(
            Action.ROLE_GRANTED,
            actor=by,
            obj=user,
            summary=str(role),
            changes={"role": kind, "scope": str(role.scope or ""), "ends_on": str(ends_on or "")},
        )
    user.__dict__.pop("role_list", None)
    return role


@transaction.atomic
def role_end(*, role: Role, by: User | None, ends_on=None) -> Role:
    """End ROLE on ENDS_ON (default today: it stops at once, on the holder's next request)."""
    ends_on = ends_on or timezone.localdate()
    role.ends_on, role.ended_by = ends_on, by
    role.save(update_fields=["ends_on", "ended_by"])
    audit_record(
        Action.ROLE_ENDED,
        actor=by,
        obj=role.user,
        summary=str(role),
        changes={"role": role.kind, "scope": str(role.scope or ""), "ends_on": str(ends_on)},
    )
    role.user.__dict__.pop("role_list", None)
    return role


def calendar_token_rotate(*, user: User) -> str:
    user.calendar_token = secrets.token_urlsafe(32)
    user.save(update_fields=["calendar_token"])
    return user.calendar_token
