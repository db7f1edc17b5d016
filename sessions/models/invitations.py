"""Who is invited to a session: invitations with their answers, days and workshop preferences,
and sign-up requests of people not invited."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from sessions.models.sessions import Session, SessionDay, Workshop


class Invitation(models.Model):
    class Answer(models.TextChoices):
        PENDING = "pending", _("Nog geen antwoord")
        ACCEPTED = "accepted", _("Komt")
        DECLINED = "declined", _("Komt niet")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("sessie"))
    # CASCADE: erasing the contact (AVG) removes the invitation, its answers and preferences.
    contact = models.ForeignKey("municipalities.Contact", on_delete=models.CASCADE, related_name="session_invitations")
    answer = models.CharField(_("antwoord"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_at = models.DateTimeField(_("beantwoord op"), null=True, blank=True)
    # Set when staff press "send"; beat re-queues requested invitations a lost task never reached.
    send_requested_at = models.DateTimeField(_("verzenden gevraagd op"), null=True, blank=True)
    # The outbox row of the invitation itself: its status is the invitation's delivery state.
    email = models.ForeignKey(
        "mail.Email",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitnodigingsmail"),
    )
    workshop = models.ForeignKey(
        Workshop, on_delete=models.SET_NULL, null=True, blank=True, related_name="allocated", verbose_name=_("workshop")
    )
    # Every workshop place, one per time slot; WORKSHOP above is the place in the first slot,
    # which the mails, exports and tables that name one workshop show.
    places = models.ManyToManyField(Workshop, blank=True, related_name="placed", verbose_name=_("workshopplaatsen"))
    lottery_position = models.PositiveIntegerField(_("plaats in de loting"), null=True, blank=True)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)
    # "Stuur een collega": the invitation moved to CONTACT from the person first invited (kept for
    # the organiser; SET_NULL when that person is erased). Each move counts up LINK_VERSION, which
    # the personal link is signed with, so a link handed on before stops working.
    replaced_contact = models.ForeignKey(
        "municipalities.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("in plaats van"),
    )
    replaced_at = models.DateTimeField(_("vervangen op"), null=True, blank=True)
    link_version = models.PositiveSmallIntegerField(default=0, editable=False)
    # Added at the door on the day, not invited beforehand; gets the evaluation like the others.
    walk_in = models.BooleanField(_("zonder uitnodiging binnengekomen"), default=False)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uitgenodigd door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["contact__name", "pk"]
        constraints = [models.UniqueConstraint(fields=["session", "contact"], name="invitation_unique_contact")]
        # A session's invitations by answer: the board's and list's counts, the session page's
        # counts and answer filter.
        indexes = [models.Index(fields=["session", "answer"], name="invitation_session_answer")]

    def __str__(self):
        return f"{self.session} – {self.contact_id}"


class WorkshopPreference(models.Model):
    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="preferences")
    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="preferences")
    rank = models.PositiveSmallIntegerField(_("voorkeur"))

    class Meta:
        verbose_name = _("workshopvoorkeur")
        verbose_name_plural = _("workshopvoorkeuren")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["invitation", "workshop"], name="preference_unique_workshop"),
            models.UniqueConstraint(fields=["invitation", "rank"], name="preference_unique_rank"),
        ]

    def __str__(self):
        return f"{self.rank}: {self.workshop_id}"


class InvitationDay(models.Model):
    """A day an invitee who said they come will be there. Every accepted invitation has one per
    day it comes on (all days, unless a multi-day session was answered per day); declining
    removes them. A day's list, count and capacity are these rows."""

    invitation = models.ForeignKey(Invitation, on_delete=models.CASCADE, related_name="attending_days")
    day = models.ForeignKey(SessionDay, on_delete=models.CASCADE, related_name="attendances")
    # Checked in on the day (the check-in list, or the QR code of their confirmation scanned).
    present_at = models.DateTimeField(_("aangemeld op"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("ingecheckt door"),
    )

    class Meta:
        verbose_name = _("aanwezigheid per dag")
        verbose_name_plural = _("aanwezigheid per dag")
        constraints = [models.UniqueConstraint(fields=["invitation", "day"], name="invitation_day_unique")]

    def __str__(self):
        return f"{self.invitation_id}@{self.day_id}"


class SignupRequest(models.Model):
    """Someone not invited asks to join an invitation-only session; staff approve or reject.

    The request keeps what the person typed; only approval puts them in the stakeholder register
    (`contact`), so an anonymous form never writes to the register. One pending request per
    session and address: asking again updates it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Te beoordelen")
        APPROVED = "approved", _("Goedgekeurd")
        REJECTED = "rejected", _("Afgewezen")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="signup_requests")
    name = models.CharField(_("naam"), max_length=150, default="")
    email = models.EmailField(_("e-mailadres"), default="")
    # Set on approval: the register's contact the invitation went to.
    contact = models.ForeignKey(
        "municipalities.Contact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="session_signup_requests",
        verbose_name=_("contactpersoon"),
    )
    organisation_name = models.CharField(_("organisatie"), max_length=200, blank=True)
    motivation = models.TextField(_("motivatie"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("beoordeeld door"),
    )
    decided_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)

    class Meta:
        verbose_name = _("aanmeldverzoek")
        verbose_name_plural = _("aanmeldverzoeken")
        ordering = ["-created_at"]
        constraints = [
            # Two tabs submitting at once still leave one pending request (the service merges).
            models.UniqueConstraint(
                Lower("email"),
                "session",
                condition=models.Q(status="pending"),
                name="signup_request_one_pending_per_email",
            ),
        ]

    def __str__(self):
        return f"{self.session_id}: {self.name}"


class Evaluation(models.Model):
    """One invitee's evaluation of a session, given once through their signed link. The questions
    are copied in as asked, so editing them later does not change what this answer answered."""

    invitation = models.OneToOneField(Invitation, on_delete=models.CASCADE, related_name="evaluation")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="evaluations")
    rating = models.PositiveSmallIntegerField(_("waardering"))
    questions = models.JSONField(_("vragen"), default=list)
    answers = models.JSONField(_("antwoorden"), default=list)
    submitted_at = models.DateTimeField(_("ingevuld op"), auto_now_add=True)

    class Meta:
        verbose_name = _("evaluatie")
        verbose_name_plural = _("evaluaties")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=models.Q(rating__gte=1, rating__lte=5), name="evaluation_rating_1_5")
        ]

    def __str__(self):
        return f"{self.session_id}: {self.rating}"


class SessionMessage(models.Model):
    """A message an organiser sent to a chosen group of a session's invitees. Each recipient's
    copy is an outbox row in the batch named after it, which gives the page its progress."""

    class Audience(models.TextChoices):
        ACCEPTED = "accepted", _("Wie komen")
        DECLINED = "declined", _("Wie niet komen")
        PENDING = "pending", _("Wie nog niet antwoordden")
        ALL = "all", _("Alle genodigden")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="messages")
    audience = models.CharField(_("aan"), max_length=10, choices=Audience.choices)
    types = models.JSONField(_("soorten organisatie"), default=list, blank=True)
    workshop = models.ForeignKey(
        Workshop, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("workshop")
    )
    subject = models.CharField(_("onderwerp"), max_length=200)
    body = models.TextField(_("bericht"))
    recipients = models.PositiveIntegerField(_("ontvangers"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("bericht aan genodigden")
        verbose_name_plural = _("berichten aan genodigden")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject

    @property
    def batch(self) -> str:
        return f"session-{self.session_id}-message-{self.pk}"
