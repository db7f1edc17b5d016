"""Sessions whose last day is more than RETENTION_MONTHS ago: their sign-up requests and
invitations lose what is personal, while the counts (who came, how many asked) survive.

The invitee is a Contact in the stakeholder register: the register keeps its active contacts
under its own rules, so the invitation keeps its link (the contact is never blanked or deleted
here; it is required by the model, and attendance statistics per organisation rely on it).
What is personal on the invitation itself is who in the portal invited the person and the link
to the invitation mail (whose body the outbox rule empties): both are cleared.
A sign-up request holds what a stranger typed (name, address, organisation, motivation):
anonymised in place rather than deleted, because the session's sign-up counts and decisions
are reported; an approved one keeps its link to the register's contact for the same reason.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Max, Q
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
from sessions.models import Invitation, Session, SignupRequest


def _period() -> str:
    n = settings.RETENTION_MONTHS
    return ngettext("%(n)d maand na de laatste sessiedag", "%(n)d maanden na de laatste sessiedag", n) % {"n": n}


def _ended_sessions(today: dt.date):
    # (session, date) is indexed: the last day per session is an index-only aggregate.
    return Session.objects.annotate(last_day=Max("days__date")).filter(last_day__lt=months_ago(today)).values("pk")


@register
class SignupRequestRule(RetentionRule):
    key = "sessions.signup_requests"
    label = _("Aanmeldverzoeken voor sessies")
    description = _("Naam, e-mailadres, organisatie en motivatie worden geanonimiseerd; status en aantallen blijven.")

    def period(self) -> str:
        return _period()

    def due(self, today: dt.date):
        return SignupRequest.objects.filter(session__in=_ended_sessions(today)).exclude(
            name=ANONYMISED, email__endswith=PLACEHOLDER_DOMAIN, organisation_name="", motivation=""
        )

    def anonymise(self, queryset) -> int:
        # One pending request per session and address is a constraint: each row gets its own
        # placeholder address (its id, no hash of the real one) instead of a shared blank.
        placeholder = placeholder_email()
        return queryset.update(name=ANONYMISED, email=placeholder, organisation_name="", motivation="")


@register
class InvitationRule(RetentionRule):
    key = "sessions.invitations"
    label = _("Uitnodigingen voor sessies")
    description = _(
        "Wie uitnodigde en de koppeling met de uitnodigingsmail worden gewist; de contactpersoon blijft"
        " in het relatieregister, antwoord en aanwezigheid blijven voor de statistiek."
    )

    def period(self) -> str:
        return _period()

    def due(self, today: dt.date):
        return Invitation.objects.filter(session__in=_ended_sessions(today)).filter(
            Q(invited_by__isnull=False) | Q(email__isnull=False)
        )

    def anonymise(self, queryset) -> int:
        return queryset.update(invited_by=None, email=None)
