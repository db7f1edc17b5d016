"""Access requests and portal invitations lose what a person typed RETENTION_MONTHS after they
were decided (approved, rejected, accepted, withdrawn) or, never decided, after they were made.

Anonymised in place rather than deleted: the audit log points at these rows, and who was given
access through which route stays countable. The account an approved request or accepted
invitation made is not touched: it lives on under its roles (and ends with them)."""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from heatportal.retention import (
    ANONYMISED,
    PLACEHOLDER_DOMAIN,
    RetentionRule,
    months_ago,
    placeholder_email,
    register,
)
from people.models import AccessRequest, PortalInvitation


def _period() -> str:
    n = settings.RETENTION_MONTHS
    return ngettext("%(n)d maand na de beslissing", "%(n)d maanden na de beslissing", n) % {"n": n}


def _before(today: dt.date):
    cutoff = months_ago(today)
    moment = timezone.make_aware(dt.datetime.combine(cutoff, dt.time.min))
    return Q(decided_at__lt=moment) | Q(decided_at__isnull=True, created_at__lt=moment)


@register
class AccessRequestRule(RetentionRule):
    key = "people.access_requests"
    label = _("Toegangsaanvragen")
    description = _(
        "Naam, e-mailadres, organisatie, motivatie en bericht worden geanonimiseerd; rol en uitkomst blijven."
    )

    def period(self) -> str:
        return _period()

    def due(self, today: dt.date):
        return AccessRequest.objects.filter(_before(today)).exclude(email__endswith=PLACEHOLDER_DOMAIN)

    def anonymise(self, queryset) -> int:
        return queryset.update(
            full_name=ANONYMISED, email=placeholder_email(), organisation="", reason=ANONYMISED, decision_message=""
        )


@register
class PortalInvitationRule(RetentionRule):
    key = "people.portal_invitations"
    label = _("Uitnodigingen voor het portaal")
    description = _("E-mailadres, naam en persoonlijk bericht worden gewist; rol, uitnodiger en uitkomst blijven.")

    def period(self) -> str:
        return _period()

    def due(self, today: dt.date):
        return PortalInvitation.objects.filter(_before(today)).exclude(email__endswith=PLACEHOLDER_DOMAIN)

    def anonymise(self, queryset) -> int:
        # A pending invitation this old is dead anyway: clearing the nonce kills its link too.
        return queryset.update(email=placeholder_email(), full_name="", message="", nonce="")
