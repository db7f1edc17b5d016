"""The retention preview for programme administrators, and the public privacy and accessibility
statements (their periods are read from the settings, so the text never drifts from the jobs)."""

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from heatportal.permissions import require_perm
from heatportal.retention import retention_apply, retention_preview


@require_GET
def preview(request):
    require_perm(request.user, "heatportal.view_retention")
    return render(request, "retention/preview.html", {"rows": retention_preview()})


@require_POST
def apply(request):
    require_perm(request.user, "heatportal.view_retention")
    total = sum(retention_apply(actor=request.user).values())
    messages.success(
        request, ngettext("%(n)d gegeven geanonimiseerd.", "%(n)d gegevens geanonimiseerd.", total) % {"n": total}
    )
    return redirect("retention_preview")


# Periods read as people say them: "5 jaar" rather than "1825 dagen", "2 uur" rather than "120 minuten".
def _years_or_days(days: int) -> str:
    if days and days % 365 == 0:
        return ngettext("%(n)d jaar", "%(n)d jaar", days // 365) % {"n": days // 365}
    return ngettext("%(n)d dag", "%(n)d dagen", days) % {"n": days}


def _hours_or_minutes(minutes: int) -> str:
    if minutes and minutes % 60 == 0:
        return ngettext("%(n)d uur", "%(n)d uur", minutes // 60) % {"n": minutes // 60}
    return ngettext("%(n)d minuut", "%(n)d minuten", minutes) % {"n": minutes}


def _periods() -> dict[str, str]:
    months, days = settings.RETENTION_MONTHS, settings.OUTBOX_BODY_RETENTION_DAYS
    audit_days = settings.AUDIT_RETENTION_DAYS
    idle_minutes = settings.SESSION_IDLE_TIMEOUT_SECONDS // 60
    return {
        "retention": ngettext("%(n)d maand", "%(n)d maanden", months) % {"n": months},
        "mail": ngettext("%(n)d dag", "%(n)d dagen", days) % {"n": days},
        "audit": _years_or_days(audit_days),
        "idle": _hours_or_minutes(idle_minutes),
    }


@require_GET
def privacy(request):
    context = {"controller": settings.PRIVACY_CONTROLLER_NAME, "contact": settings.PRIVACY_CONTACT_EMAIL}
    return render(request, "statements/privacy.html", {**context, "periods": _periods()})


def _statement_date() -> dt.date | None:
    try:
        return dt.date.fromisoformat(settings.ACCESSIBILITY_STATEMENT_DATE)
    except ValueError:
        return None


@require_GET
def accessibility(request):
    context = {"contact": settings.PRIVACY_CONTACT_EMAIL, "statement_date": _statement_date()}
    return render(request, "statements/accessibility.html", context)
