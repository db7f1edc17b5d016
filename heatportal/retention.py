"""Retention: personal data past its period is anonymised (or deleted) daily, one rule per kind.

Designed like heatportal.shredder: heatportal knows no app, so each app registers its
`RetentionRule`s in `<app>/retention.py`; rules() imports those modules on first use. A rule
says what is due (`due(today)`, a queryset with indexed filters, so the preview can count it at
national scale) and how to anonymise it in place, so counts and statistics survive.

`due()` excludes what was already anonymised: a second run changes nothing (idempotent).
"""

import datetime as dt

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.db.models import CharField, QuerySet, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

ANONYMISED = "geanonimiseerd"
# Where an anonymised row's address points: .invalid is reserved and never delivered (RFC 2606).
PLACEHOLDER_DOMAIN = "@geanonimiseerd.invalid"


def placeholder_email():
    """A unique, undeliverable address per row ("anoniem-<pk>@geanonimiseerd.invalid"), as an
    expression for an UPDATE: unique constraints on addresses keep holding after anonymising."""
    return Concat(Value("anoniem-"), Cast("pk", CharField()), Value(PLACEHOLDER_DOMAIN))


BATCH_SIZE = 500


class RetentionRule:
    """One kind of data with a retention period. Subclasses set `key`, `label`, `description`."""

    key = ""
    label = ""
    description = ""

    def period(self) -> str:
        raise NotImplementedError

    def due(self, today: dt.date) -> QuerySet:
        raise NotImplementedError

    def anonymise(self, queryset: QuerySet) -> int:
        raise NotImplementedError


_registry: list[RetentionRule] = []
_discovered = False


def register(rule_class: type[RetentionRule]) -> type[RetentionRule]:
    if not any(type(r) is rule_class for r in _registry):
        _registry.append(rule_class())
    return rule_class


def rules() -> list[RetentionRule]:
    global _discovered
    if not _discovered:
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("retention")
        _discovered = True
    return list(_registry)


def months_ago(today: dt.date) -> dt.date:
    """The first day still inside RETENTION_MONTHS: what ended before it is due."""
    return today - relativedelta(months=settings.RETENTION_MONTHS)


def rule_apply(*, rule: RetentionRule, today: dt.date | None = None, batch_size: int = BATCH_SIZE, actor=None) -> int:
    """Anonymise what RULE finds due, in batches (each its own transaction, so a long first run
    holds no lock for minutes and an interruption keeps what was done), and audit the count once."""
    from heatportal.audit.models import Action
    from heatportal.audit.services import audit_record

    today = today or timezone.localdate()
    total = 0
    while True:
        with transaction.atomic():
            pks = list(rule.due(today).order_by("pk").values_list("pk", flat=True)[:batch_size])
            if not pks:
                break
            changed = rule.anonymise(rule.due(today).filter(pk__in=pks))
            total += changed
            if changed == 0:  # a rule whose due() does not shrink must not loop forever
                break
    with transaction.atomic():
        audit_record(
            Action.DATA_ANONYMISED,
            actor=actor,  # None from beat and the command: the schedule, not a person, did it
            summary=f"Bewaartermijn: {rule.key} ({total})",
            changes={"rule": rule.key, "count": total},
        )
    return total


def retention_apply(*, today: dt.date | None = None, actor=None) -> dict[str, int]:
    return {rule.key: rule_apply(rule=rule, today=today, actor=actor) for rule in rules()}


def retention_preview(*, today: dt.date | None = None, ahead_days: int = 30) -> list[dict]:
    today = today or timezone.localdate()
    ahead = today + dt.timedelta(days=ahead_days)
    rows = []
    for rule in rules():
        due_now = rule.due(today).count()
        rows.append(
            {
                "rule": rule,
                "period": rule.period(),
                "due_now": due_now,
                "due_soon": rule.due(ahead).count() - due_now,
            }
        )
    return rows
