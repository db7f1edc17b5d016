"""Which browsers a person is signed in on: recorded at login, refreshed at most once a minute,
ended one by one or all but this one ("Overal elders uitloggen")."""

import re

from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.contrib.sessions.models import Session
from django.db.models import Exists, OuterRef
from django.dispatch import receiver
from django.utils import timezone

from accounts.models import User, UserSession

_BROWSERS = [("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("Chrome/", "Chrome"), ("Safari/", "Safari")]
_SYSTEMS = [
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Android", "Android"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("CrOS", "ChromeOS"),
    ("Linux", "Linux"),
]


def device_label(user_agent: str) -> str:
    """ "Firefox op Windows": the well-known families only; anything else is left unnamed."""
    browser = next((name for marker, name in _BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in _SYSTEMS if re.search(re.escape(marker), user_agent)), "")
    if browser and system:
        return f"{browser} op {system}"
    return browser or system or ""


@receiver(user_logged_in, dispatch_uid="accounts-browser-session-start")
def browser_session_start(sender, request, user, **kwargs):
    if request is None or not hasattr(request, "session"):
        return
    # What the middlewares would otherwise write on the first page after login: the activity
    # clock (IdleTimeoutMiddleware) and, for someone who needs no second factor and has none,
    # that there is nothing to ask (SecondFactorMiddleware).
    import time

    from accounts.middleware import LAST_ACTIVITY_KEY, NO_FACTOR_KEY
    from accounts.otp import otp_enrolled, otp_required

    request.session[LAST_ACTIVITY_KEY] = int(time.time())
    if not otp_required(user) and not otp_enrolled(user):
        request.session[NO_FACTOR_KEY] = user.pk
    if request.session.session_key is None:
        request.session.save()
    UserSession.objects.update_or_create(
        session_key=request.session.session_key,
        defaults={
            "user": user,
            "ip_address": request.META.get("REMOTE_ADDR") or None,
            "device": device_label(request.headers.get("User-Agent", ""))[:100],
            "last_seen_at": timezone.now(),
        },
    )


@receiver(user_logged_out, dispatch_uid="accounts-browser-session-end")
def browser_session_end(sender, request, user, **kwargs):
    if request is not None and getattr(request, "session", None) is not None and request.session.session_key:
        UserSession.objects.filter(session_key=request.session.session_key).delete()


def browser_session_seen(*, session_key: str) -> None:
    UserSession.objects.filter(session_key=session_key).update(last_seen_at=timezone.now())


def browser_sessions(*, user: User) -> list[UserSession]:
    """USER's sessions that still exist and have not expired, most recently used first."""
    alive = Session.objects.filter(session_key=OuterRef("session_key"), expire_date__gt=timezone.now())
    return list(UserSession.objects.filter(user=user).filter(Exists(alive)))


def browser_sessions_end(*, user: User, keep_session_key: str | None = None, pk: int | None = None) -> int:
    """End USER's sessions: the one with id PK, or every one except KEEP_SESSION_KEY."""
    rows = UserSession.objects.filter(user=user)
    rows = rows.filter(pk=pk) if pk is not None else rows.exclude(session_key=keep_session_key or "")
    keys = list(rows.values_list("session_key", flat=True))
    Session.objects.filter(session_key__in=keys).delete()
    rows.delete()
    return len(keys)
