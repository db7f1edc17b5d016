"""Writing the audit log. Services call `audit_record` right where they change state, inside
their transaction, so a change and its audit row are committed (or rolled back) together."""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from heatportal.audit.models import Action, ActionLog


def _current_request():
    # simple_history's middleware keeps the request of this thread; services called from a view
    # need not pass it. Celery tasks and commands have none: their rows have no address.
    from simple_history.models import HistoricalRecords

    return getattr(HistoricalRecords.context, "request", None)


def client_address(request) -> str | None:
    # Behind the proxy (deploy/) REMOTE_ADDR is the proxy's, which is set to pass the client's.
    return (request.META.get("REMOTE_ADDR") or None) if request is not None else None


def audit_record(
    action: Action | str,
    *,
    actor=None,
    obj: models.Model | None = None,
    summary: str = "",
    changes: dict | None = None,
    request=None,
) -> ActionLog:
    """Record ACTION on OBJ by ACTOR (default: the user of the current request, if signed in)."""
    request = request if request is not None else _current_request()
    if actor is None and request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
    return ActionLog.objects.create(
        action=action,
        actor=actor,
        actor_label=f"{actor.get_full_name() or ''} <{actor.email}>".strip() if actor is not None else "",
        content_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_label=str(obj)[:300] if obj is not None else "",
        summary=summary,
        changes=changes or {},
        ip_address=client_address(request),
    )


def audit_purge(*, now=None, batch_size: int = 5000) -> int:
    """Delete rows older than AUDIT_RETENTION_DAYS, in batches (each its own short transaction);
    one AUDIT_PURGED row says how many went. Idempotent: a second run finds nothing."""
    import datetime as dt

    from django.conf import settings
    from django.db import transaction
    from django.utils import timezone

    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.AUDIT_RETENTION_DAYS)
    total = 0
    while True:
        with transaction.atomic():
            pks = list(ActionLog.objects.filter(at__lt=cutoff).values_list("pk", flat=True)[:batch_size])
            if not pks:
                break
            total += ActionLog.objects.filter(pk__in=pks).delete()[0]
    if total:
        audit_record(
            Action.AUDIT_PURGED, actor=None, summary=str(total), changes={"count": total, "before": str(cutoff)}
        )
    return total
