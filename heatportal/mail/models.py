import re
from email.errors import HeaderParseError
from email.headerregistry import Address
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Control characters (CR/LF among them) and Unicode line breaks: never in an email header.
_HEADER_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def new_message_id() -> str:
    """A Message-ID in the portal's own domain, made once when the message is queued."""
    return make_msgid(domain=urlsplit(settings.SITE_URL).hostname or "localhost")


class Email(models.Model):
    """One outgoing message and its delivery state.

    `key` names the occasion (e.g. "session:12:reminder-7d:invitation:40"): queueing the same key
    twice returns the existing row, which is what makes reminders go out once per person and
    occasion however often beat or a retried task asks.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("In wachtrij")
        SENDING = "sending", _("Wordt verzonden")
        SENT = "sent", _("Verzonden")
        FAILED = "failed", _("Mislukt")

    # Unique through Meta.constraints rather than unique=True, which on PostgreSQL adds a second
    # (LIKE) index nothing searches: every state change of a row writes to each of its indexes.
    key = models.CharField(_("sleutel"), max_length=200)
    batch = models.CharField(
        _("reeks"),
        max_length=120,
        blank=True,
        help_text=_("Groepeert berichten die samen verstuurd worden, voor de voortgang."),
    )
    to_email = models.EmailField(_("aan"))
    to_name = models.CharField(_("naam ontvanger"), max_length=150, blank=True)
    # Who answers a reply: the session's or lab's organiser; empty for the portal's own contact
    # address (CONTACT_EMAIL), since the sender is a no-reply address.
    reply_to_email = models.EmailField(_("antwoorden aan"), blank=True)
    reply_to_name = models.CharField(_("naam voor antwoorden"), max_length=150, blank=True)
    subject = models.CharField(_("onderwerp"), max_length=255)
    body_text = models.TextField(_("tekst"))
    body_html = models.TextField(_("HTML"), blank=True)
    # [{"filename": "sessie.ics", "mimetype": "text/calendar", "content": "<text>"}]
    attachments = models.JSONField(_("bijlagen"), default=list, blank=True)
    # Messages carrying a personal login link (password reset): the outbox shows their state,
    # never their content, so no administrator can use someone else's link.
    sensitive = models.BooleanField(_("vertrouwelijk"), default=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    # The same Message-ID on every attempt: a message sent again after a crash between the
    # server's acceptance and "sent" is recognisable as the same message by the recipient's server.
    message_id = models.CharField(_("Message-ID"), max_length=255, default=new_message_id, editable=False)
    # A queued message waiting for its next attempt: the sweep leaves it alone until then.
    retry_after = models.DateTimeField(_("volgende poging na"), null=True, blank=True)
    # The Celery task id of the attempt in sending, so that attempt (and only that one) can pick
    # the row up again after a database error left it in sending.
    claimed_by = models.CharField(_("in behandeling door"), max_length=64, blank=True, editable=False)
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mailbericht")
        verbose_name_plural = _("e-mailberichten")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["key"], name="mail_email_key_unique"),
            models.UniqueConstraint(fields=["message_id"], name="mail_email_message_id_unique"),
        ]
        indexes = [
            # The sweep (status, updated_at) and the status counts (index only), the outbox's
            # order, a batch's progress and counts (index only). The outbox's search on address
            # (icontains) has a trigram index on PostgreSQL: migration 0006, not declared here
            # because SQLite, the embedded default, has no such index.
            models.Index(fields=["status", "updated_at"]),
            models.Index(fields=["-created_at", "-id"], name="mail_email_newest"),
            models.Index(fields=["batch", "status"], name="mail_email_batch_status"),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to_email}"

    @property
    def waiting_since(self):
        """When a queued or sending message stopped moving, once that is over a minute ago
        (EMAIL_STALLED_AFTER_SECONDS); None while it moves, waits for a planned retry, or is done."""
        if self.status not in (self.Status.QUEUED, self.Status.SENDING):
            return None
        since = self.updated_at
        if self.status == self.Status.QUEUED and self.retry_after and self.retry_after > since:
            since = self.retry_after
        stalled = timezone.now() - timezone.timedelta(seconds=settings.EMAIL_STALLED_AFTER_SECONDS)
        return since if since < stalled else None

    @property
    def failure_reason(self) -> str:
        """The last error in words a sender can act on; the technical text stays in last_error."""
        error = self.last_error
        if not error:
            return ""
        if error.startswith("gewist"):
            return str(_("Niet verstuurd: de gegevens van de ontvanger zijn gewist."))
        codes = re.findall(r"\b([45]\d\d)\b", error)
        if codes and codes[0].startswith("5"):
            return str(_("Het e-mailadres wordt geweigerd door de ontvangende mailserver. Controleer het adres."))
        if codes:
            return str(_("De ontvangende mailserver is tijdelijk niet bereikbaar; het portaal probeert het opnieuw."))
        return str(_("De mailserver was niet bereikbaar."))

    @property
    def recipient(self) -> str:
        """The To header."""
        return formatted_address(self.to_name, self.to_email)

    @property
    def reply_to(self) -> str:
        """The Reply-To header: the organiser, or the portal's contact address."""
        if self.reply_to_email:
            return formatted_address(self.reply_to_name, self.reply_to_email)
        return settings.CONTACT_EMAIL


def formatted_address(name: str, email: str) -> str:
    """NAME <EMAIL> as a header carries it; Address quotes names with commas ("Jansen, Piet").

    A row written before names were checked may hold CR/LF or control characters in the name;
    Address refuses those (header injection), which failed every mail to that person and the
    outbox page showing it. The name is folded onto one line instead."""
    name = " ".join(_HEADER_UNSAFE.sub(" ", name).split())
    try:
        return str(Address(display_name=name, addr_spec=email))
    except (ValueError, IndexError, HeaderParseError):
        return email
