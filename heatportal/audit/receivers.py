"""Logins, failed logins and logouts in the audit log (django.contrib.auth's signals)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from heatportal.audit.models import Action
from heatportal.audit.services import audit_record


@receiver(user_logged_in, dispatch_uid="audit-login")
def login_recorded(sender, request, user, **kwargs):
    backend = getattr(user, "backend", "") or ""
    summary = "via organisatieaccount" if "oidc" in backend.lower() else ""
    audit_record(Action.LOGIN, actor=user, obj=user, summary=summary, request=request)


@receiver(user_login_failed, dispatch_uid="audit-login-failed")
def login_failure_recorded(sender, credentials, request=None, **kwargs):
    # Neither the password nor the typed address: a failure names no account (it may not
    # exist, and a typed password in the address field would be kept for years), only the
    # client address it came from. django-axes keeps its own short-lived counters.
    audit_record(Action.LOGIN_FAILED, actor=None, request=request)


@receiver(user_logged_out, dispatch_uid="audit-logout")
def logout_recorded(sender, request, user, **kwargs):
    if user is not None:
        audit_record(Action.LOGOUT, actor=user, obj=user, request=request)
