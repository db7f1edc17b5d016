import re
from email.errors import HeaderParseError
from email.headerregistry import Address

from django.db import models
from django.utils.translation import gettext_lazy as _

# Control characters (CR/LF among them) and Unicode line breaks: never in an email header.
_HEADER_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")


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

    key = models.CharField(_("sleutel"), max_length=200, unique=True)
    batch = models.CharField(
        _("reeks"),
        max_length=120,
        blank=True,
        db_index=True,
        help_text=_("Groepeert berichten die samen verstuurd worden, voor de voortgang."),
    )
    to_email = models.EmailField(_("aan"))
    to_name = models.CharField(_("naam ontvanger"), max_length=150, blank=True)
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
    last_error = models.TextField(_("laatste fout"), blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("bijgewerkt"), auto_now=True)
    sent_at = models.DateTimeField(_("verzonden op"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mailbericht")
        verbose_name_plural = _("e-mailberichten")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "updated_at"])]

    def __str__(self):
        return f"{self.subject} → {self.to_email}"

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
        """The To header; Address quotes names with commas ("Jansen, Piet") correctly.

        A row written before names were checked may hold CR/LF or control characters in the
        name; Address refuses those (header injection), which failed every mail to that person
        and the outbox page showing it. The name is folded onto one line instead."""
        name = " ".join(_HEADER_UNSAFE.sub(" ", self.to_name).split())
        try:
            return str(Address(display_name=name, addr_spec=self.to_email))
        except (ValueError, IndexError, HeaderParseError):
            return self.to_email
