"""Sent mail keeps its envelope, not its content, after OUTBOX_BODY_RETENTION_DAYS.

Kept: key, status, recipient address, subject, sent_at, Message-ID: the outbox is the proof that
an invitation or a decision reached someone, and a subject names the occasion. Emptied: the text
and HTML bodies and attachments (calendar files), which repeat names, answers and free text,
and the recipient's name. The address stays because the proof needs it; a person who asks
for erasure is removed from the outbox altogether by heatportal/mail/shredders.py.
Queued, sending and failed rows are never touched: they may still be (re)sent.
Emptied rather than deleted: invitations point at their outbox row for their delivery state.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from heatportal.mail.models import Email
from heatportal.retention import RetentionRule, register


@register
class SentMailBodyRule(RetentionRule):
    key = "mail.sent_bodies"
    label = _("Inhoud van verzonden e-mail")
    description = _(
        "Tekst, opmaak, bijlagen en naam van de ontvanger van verzonden berichten worden leeggemaakt;"
        " adres, onderwerp en verzenddatum blijven als bewijs van verzending."
    )

    def period(self) -> str:
        days = settings.OUTBOX_BODY_RETENTION_DAYS
        return ngettext("%(n)d dag na verzending", "%(n)d dagen na verzending", days) % {"n": days}

    def due(self, today: dt.date):
        # The first moment of the first day still inside the period, in the portal's time zone.
        start = dt.datetime.combine(today - dt.timedelta(days=settings.OUTBOX_BODY_RETENTION_DAYS), dt.time.min)
        cutoff = timezone.make_aware(start)
        return Email.objects.filter(status=Email.Status.SENT, sent_at__lt=cutoff).exclude(
            Q(body_text="") & Q(body_html="") & Q(to_name="") & Q(attachments=[])
        )

    def anonymise(self, queryset) -> int:
        # update() leaves updated_at alone: the outbox's sweep order and dates stay as they were.
        return queryset.update(body_text="", body_html="", attachments=[], to_name="")
