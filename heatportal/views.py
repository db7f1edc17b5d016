import ipaddress
import logging

from django.conf import settings
from django.contrib import admin
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET
from django_ratelimit.decorators import ratelimit

from heatportal.celery import app as celery_app

log = logging.getLogger(__name__)


@require_GET
def home(request):
    return render(request, "home.html")


# Failure details go to the log, not the public answer: they can name hosts, users and databases.
def _failed(check: str, exc: Exception) -> tuple[bool, str]:
    log.error("healthz: %s failed: %r", check, exc)
    return False, type(exc).__name__


def _check_database() -> tuple[bool, str]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as exc:
        return _failed("database", exc)
    return True, connection.vendor


def _check_migrations() -> tuple[bool, str]:
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return _failed("migrations", exc)
    return (not plan), (f"{len(plan)} unapplied" if plan else "up to date")


def _check_broker() -> tuple[bool, str]:
    if celery_app.conf.task_always_eager:
        return True, "in-process (no broker)"
    try:
        with celery_app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
    except Exception as exc:
        return _failed("broker", exc)
    return True, "reachable"


@never_cache
@require_GET
def healthz(request):
    """Liveness for load balancers and docker-compose: 503 when a dependency is down."""
    checks = {"database": _check_database(), "migrations": _check_migrations(), "broker": _check_broker()}
    healthy = all(ok for ok, _ in checks.values())
    body = {
        "status": "ok" if healthy else "unavailable",
        "checks": {name: {"ok": ok, "detail": detail} for name, (ok, detail) in checks.items()},
    }
    return JsonResponse(body, status=200 if healthy else 503)


@never_cache
@require_GET
def healthz_live(request):
    """Liveness: this process answers requests. It asks nothing of the database or the broker
    (that is /healthz, readiness): restarting the web container cures neither's outage, so the
    probe a restart hangs on must not fail with them. `make bench` uses it as the bare view."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")


def _ip_or_none(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def remote_addr(request) -> str | None:
    """The address the connection came from (no proxy in front)."""
    return _ip_or_none(request.META.get("REMOTE_ADDR", ""))


def client_ip(request) -> str | None:
    """The client's address behind our TLS proxy: the last X-Forwarded-For entry is the one the
    proxy itself appended (earlier entries come from the client and can be forged). Anything that
    is not an address falls back to REMOTE_ADDR: login lockouts store it in an inet column."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    return _ip_or_none(forwarded.rsplit(",", 1)[-1]) or remote_addr(request)


# Logins per client address, portal and admin together: generous, so that colleagues behind one
# office address can all log in; it stops trying many accounts from one address. Guessing one
# account's password is django-axes' job (settings AXES_*).
LOGIN_RATE_PER_ADDRESS = "100/h"

admin_login = ratelimit(key="ip", rate=LOGIN_RATE_PER_ADDRESS, method="POST", block=True, group="login")(
    admin.site.login
)


def ratelimited(request, exception=None):
    return render(request, "429.html", status=429)


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login, for the portal and the admin login alike."""
    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    message = ngettext(
        "Er is te vaak een verkeerd wachtwoord ingevuld voor dit e-mailadres. Probeer het over "
        "%(minutes)d minuut opnieuw.",
        "Er is te vaak een verkeerd wachtwoord ingevuld voor dit e-mailadres. Probeer het over "
        "%(minutes)d minuten opnieuw.",
        minutes,
    ) % {"minutes": minutes}
    response = render(request, "429.html", {"message": message, "login_locked_out": True}, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)
