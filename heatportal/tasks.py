"""Handing work to Celery after commit, in a way that can never turn a stored write into an error.

What a task is asked to do is always in the database first (an outbox row, a requested
invitation), and a sweep in beat picks up whatever the broker never received. So when the
broker is down the request that stored the work still answers "done": the failure is logged and
left to the sweep. The broker's own timeouts (CELERY_BROKER_* in settings) keep that failure to
about a second; after one, further hand-overs in this process are skipped for a few seconds so a
request that queues several messages does not wait a second for each.
"""

import logging
import time

from celery import shared_task
from django.conf import settings
from django.db import transaction
from kombu.exceptions import KombuError
from redis.exceptions import RedisError

log = logging.getLogger(__name__)

# What an unreachable or failing broker raises while publishing (kombu wraps most of it).
BROKER_ERRORS = (KombuError, RedisError, OSError)

_paused_until = 0.0


def enqueue_on_commit(task, *args) -> None:
    """Enqueue TASK(*ARGS) once the current transaction commits (at once outside one)."""
    transaction.on_commit(lambda: enqueue(task, *args))


def enqueue(task, *args, countdown: float | None = None) -> bool:
    """Publish TASK(*ARGS) now, to run COUNTDOWN seconds from now if given. False when the broker
    could not take it; never raises."""
    global _paused_until
    if time.monotonic() < _paused_until:
        log.warning("broker unavailable, %s%r not enqueued: left to the recovery sweep", task.name, args)
        return False
    try:
        if countdown is None:
            task.delay(*args)
        else:
            task.apply_async(args, countdown=countdown)
    except BROKER_ERRORS as exc:
        _paused_until = time.monotonic() + settings.ENQUEUE_PAUSE_AFTER_BROKER_ERROR_SECONDS
        # The exception class and text only: redis and kombu name host and port, never a password.
        log.warning(
            "broker unavailable, %s%r not enqueued: left to the recovery sweep (%s: %s)",
            task.name,
            args,
            type(exc).__name__,
            exc,
        )
        return False
    except Exception:
        # Not a broker problem (a bug, a serialisation error): still no error page for a stored write.
        log.exception("enqueueing %s%r failed: left to the recovery sweep", task.name, args)
        return False
    return True


def resume_enqueueing() -> None:
    """Forget an earlier broker failure (tests, and a worker that knows the broker is back)."""
    global _paused_until
    _paused_until = 0.0


@shared_task
def retention_apply() -> dict[str, int]:
    """Daily: anonymise what is past its retention period (heatportal.retention; idempotent)."""
    from heatportal.retention import retention_apply as apply

    return apply()
