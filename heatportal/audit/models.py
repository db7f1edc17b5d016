from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    """Every kind of state change the audit log records (BIO: who did what, when, from where)."""

    SESSION_PLANNED = "session.planned", _("Sessie gepland")
    SESSION_CHANGED = "session.changed", _("Sessie gewijzigd")
    SESSION_CANCELLED = "session.cancelled", _("Sessie geannuleerd")
    INVITATIONS_SENT = "invitations.sent", _("Uitnodigingen verstuurd")
    INVITATION_SUBSTITUTED = "invitation.substituted", _("Uitnodiging doorgegeven aan een collega")
    SESSION_WALK_IN = "session.walk_in", _("Deelnemer bij de deur toegevoegd")
    INVITATION_RESENT = "invitation.resent", _("Uitnodiging opnieuw verstuurd")
    INVITATION_REMOVED = "invitation.removed", _("Genodigde van de lijst gehaald")
    SESSION_COPIED = "session.copied", _("Sessie gekopieerd")
    LAB_CONFIRMED = "lab.confirmed", _("Leer Lab bevestigd")
    LAB_CANCELLED = "lab.cancelled", _("Leer Lab geannuleerd")
    LAB_OFFER_MADE = "lab.offer_made", _("Plaats in Leer Lab aangeboden")
    LAB_WITHDRAWN = "lab.withdrawn", _("Afgemeld voor Leer Lab")
    LAB_ATTENDANCE = "lab.attendance", _("Aanwezigheid bij Leer Lab-bijeenkomst bijgehouden")
    LAB_MATERIAL_ADDED = "lab.material_added", _("Materiaal aan Leer Lab toegevoegd")
    LAB_MATERIAL_REMOVED = "lab.material_removed", _("Materiaal uit Leer Lab verwijderd")
    PROGRESS_ADOPTED = "progress.adopted", _("Voortgang vastgesteld")
    PROGRESS_EVIDENCE = "progress.evidence", _("Raadsbesluit bij vaststelling vastgelegd")
    DEADLINE_OVERRIDDEN = "deadline.overridden", _("Termijn aangepast")
    DEADLINE_RESET = "deadline.reset", _("Termijn terug naar de wettelijke datum")
    OUTCOME_RECORDED = "outcome.recorded", _("Opbrengst van een sessie vastgelegd")
    OUTCOME_CHANGED = "outcome.changed", _("Opbrengst van een sessie gewijzigd")
    OUTCOME_REMOVED = "outcome.removed", _("Opbrengst van een sessie verwijderd")
    REVIEW_SAVED = "review.saved", _("Terugblik opgeslagen")
    REVIEW_PHOTO_ADDED = "review.photo_added", _("Foto aan terugblik toegevoegd")
    REVIEW_PHOTO_REMOVED = "review.photo_removed", _("Foto uit terugblik verwijderd")
    REVIEW_ATTENDANCE = "review.attendance", _("Aanwezigheid per soort partij vastgelegd")
    REVIEW_PUBLISHED = "review.published", _("Terugblik gepubliceerd")
    REVIEW_WITHDRAWN = "review.withdrawn", _("Terugblik teruggetrokken")
    ACTION_STATUS_CHANGED = "action.status_changed", _("Status van een afspraak gewijzigd")
    DIRECTION_ADOPTED = "direction.adopted", _("Richting voor een wijk overgenomen")
    SIGNUP_DECIDED = "signup.decided", _("Aanmelding beoordeeld")
    ROLE_GRANTED = "role.granted", _("Rol toegekend")
    ROLE_ENDED = "role.ended", _("Rol beëindigd")
    ROLE_CHANGED = "role.changed", _("Einddatum van rol gewijzigd")
    PORTAL_INVITATION_SENT = "portal_invitation.sent", _("Uitnodiging voor het portaal verstuurd")
    PORTAL_INVITATION_RESENT = "portal_invitation.resent", _("Uitnodiging voor het portaal opnieuw verstuurd")
    PORTAL_INVITATION_WITHDRAWN = "portal_invitation.withdrawn", _("Uitnodiging voor het portaal ingetrokken")
    PORTAL_INVITATION_ACCEPTED = "portal_invitation.accepted", _("Uitnodiging voor het portaal aanvaard")
    ACCESS_REQUESTED = "access.requested", _("Toegang aangevraagd")
    ACCESS_APPROVED = "access.approved", _("Toegangsaanvraag goedgekeurd")
    ACCESS_REJECTED = "access.rejected", _("Toegangsaanvraag afgewezen")
    ACCESS_REVIEW_SENT = "access.review_sent", _("Jaarlijkse toegangscontrole verstuurd")
    ACCESS_REVIEWED = "access.reviewed", _("Toegang herbevestigd")
    CONTACT_EXPORTED = "contact.exported", _("Persoonsgegevens geëxporteerd")
    CONTACT_ERASED = "contact.erased", _("Persoonsgegevens gewist")
    DATA_ANONYMISED = "retention.anonymised", _("Persoonsgegevens geanonimiseerd (bewaartermijn)")
    AUDIT_PURGED = "retention.audit_purged", _("Oude auditregels verwijderd (bewaartermijn)")
    LOGIN = "login.succeeded", _("Ingelogd")
    LOGIN_FAILED = "login.failed", _("Inloggen mislukt")
    LOGOUT = "logout", _("Uitgelogd")
    PASSWORD_CHANGED = "password.changed", _("Wachtwoord gewijzigd")
    ACCOUNT_CHANGED = "account.changed", _("Accountgegevens gewijzigd")
    SESSIONS_ENDED = "account.sessions_ended", _("Elders uitgelogd")
    OTP_ENROLLED = "otp.enrolled", _("Tweede factor ingesteld")
    OTP_REMOVED = "otp.removed", _("Tweede factor verwijderd")
    OTP_RECOVERY_CODES = "otp.recovery_codes", _("Herstelcodes opnieuw aangemaakt")
    OTP_FAILED = "otp.failed", _("Verkeerde code voor de tweede factor")
    OTP_RESET = "otp.reset", _("Tweede factor van een ander teruggezet")


class ActionLog(models.Model):
    """One state change: who (the account, and its name then), when, what, on which object, from
    which address. Rows are only ever added; the retention task deletes them after AUDIT_RETENTION_DAYS."""

    at = models.DateTimeField(_("tijdstip"), default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("door"),
    )
    # The actor's name and address as they were: the account may be renamed or erased later.
    actor_label = models.CharField(_("door (naam)"), max_length=300, blank=True)
    action = models.CharField(_("actie"), max_length=40, choices=Action.choices)
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    object_label = models.CharField(_("object"), max_length=300, blank=True)
    summary = models.TextField(_("omschrijving"), blank=True)
    changes = models.JSONField(_("wijzigingen"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("vanaf adres"), null=True, blank=True)

    class Meta:
        verbose_name = _("auditregel")
        verbose_name_plural = _("auditlog")
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["-at"], name="audit_at"),
            models.Index(fields=["content_type", "object_id", "-at"], name="audit_object"),
            models.Index(fields=["action", "-at"], name="audit_action"),
            models.Index(fields=["actor", "-at"], name="audit_actor"),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.get_action_display()} {self.object_label}"
