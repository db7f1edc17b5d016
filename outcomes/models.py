"""What a session produced, per participating municipality: koppelkansen (linking
opportunities), agreed actions and directions per wijk; and the session's public look back
(terugblik) with its photos and who actually came.

These rows belong to a session and a municipality at once. Progress (the app above this one)
reads them into a municipality's page and dashboards and adopts a wijk direction into its own
wijk records; this app imports nothing of progress.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from heatportal.heat import HeatAlternative


class Outcome(models.Model):
    """Common to every outcome row: the session it came from and the municipality it is for."""

    session = models.ForeignKey("sprints.Session", on_delete=models.CASCADE, verbose_name=_("sessie"))
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, verbose_name=_("gemeente")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vastgelegd door"),
    )
    created_at = models.DateTimeField(_("vastgelegd"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst bijgewerkt"), auto_now=True)

    class Meta:
        abstract = True


class LinkingOpportunity(Outcome):
    """A koppelkans: work another party does anyway (sewer replacement, street works, a
    corporation's renovation round) that the heat transition of a wijk can join."""

    class Status(models.TextChoices):
        IDEA = "idea", _("Idee")
        EXPLORING = "exploring", _("Wordt verkend")
        AGREED = "agreed", _("Afgesproken")
        IN_EXECUTION = "in_execution", _("In uitvoering")
        DROPPED = "dropped", _("Vervallen")

    description = models.CharField(_("wat"), max_length=300)
    neighbourhood_name = models.CharField(_("wijk"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "municipalities.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linking_opportunities",
        verbose_name=_("partij"),
    )
    from_year = models.PositiveSmallIntegerField(_("vanaf jaar"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IDEA)

    history = HistoricalRecords(verbose_name=_("koppelkans (geschiedenis)"))

    class Meta:
        verbose_name = _("koppelkans")
        verbose_name_plural = _("koppelkansen")
        ordering = ["from_year", "description", "pk"]
        indexes = [models.Index(fields=["municipality", "status"], name="koppelkans_municipality")]
        constraints = [
            models.CheckConstraint(
                name="koppelkans_year_sane",
                condition=Q(from_year__isnull=True) | Q(from_year__gte=2000, from_year__lte=2100),
            )
        ]

    def __str__(self):
        return self.description


def _new_action_key() -> str:
    return secrets.token_urlsafe(16)


class AgreedAction(Outcome):
    """Something agreed in a session: who does what by when. The owner is the municipality
    itself (its officers update it) or an organisation from the register, whose contact
    person updates it through a signed link without an account."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Gedaan")
        DROPPED = "dropped", _("Vervallen")

    description = models.CharField(_("wat"), max_length=300)
    owner_organisation = models.ForeignKey(
        "municipalities.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreed_actions",
        verbose_name=_("door (organisatie)"),
        help_text=_("Leeg: de gemeente zelf."),
    )
    owner_contact = models.ForeignKey(
        "municipalities.Contact",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agreed_actions",
        verbose_name=_("contactpersoon"),
        help_text=_("Krijgt een persoonlijke link om de status bij te werken."),
    )
    due_on = models.DateField(_("uiterlijk"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    status_note = models.CharField(_("toelichting bij de status"), max_length=500, blank=True)
    status_changed_at = models.DateTimeField(_("status gewijzigd"), null=True, blank=True)
    # Who changed the status last: a user, or (through the signed link) the owner's contact.
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status_changed_by_name = models.CharField(max_length=150, blank=True)
    # Part of the signed link for the owner's contact: changing it voids links sent before.
    link_key = models.CharField(max_length=32, default=_new_action_key, editable=False)

    history = HistoricalRecords(verbose_name=_("afspraak (geschiedenis)"), excluded_fields=["link_key"])

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["due_on", "pk"]
        indexes = [
            models.Index(fields=["municipality", "status", "due_on"], name="action_municipality_due"),
            models.Index(fields=["status", "due_on"], name="action_status_due"),
        ]

    def __str__(self):
        return self.description

    @property
    def is_overdue(self) -> bool:
        """Still open past its due date (the portal's today: Europe/Amsterdam)."""
        return self.status == self.Status.OPEN and self.due_on is not None and self.due_on < timezone.localdate()


class WijkDirection(Outcome):
    """A direction for one wijk agreed in a session: the alternative heat source under
    consideration and whether to insulate first. Adopted into the municipality's wijk records
    by progress (adopted_* record when, by whom, into which wijk)."""

    neighbourhood_name = models.CharField(_("wijk"), max_length=150)
    alternative = models.CharField(
        _("alternatief in beeld"), max_length=20, choices=HeatAlternative.choices, default=HeatAlternative.UNDECIDED
    )
    insulation_first = models.BooleanField(_("eerst isoleren"), default=False)
    notes = models.CharField(_("toelichting"), max_length=500, blank=True)
    adopted_at = models.DateTimeField(_("overgenomen"), null=True, blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The progress.Neighbourhood it went into (a plain id: this app does not depend on progress).
    adopted_neighbourhood_id = models.PositiveIntegerField(null=True, blank=True)

    history = HistoricalRecords(verbose_name=_("wijkrichting (geschiedenis)"))

    class Meta:
        verbose_name = _("richting voor een wijk")
        verbose_name_plural = _("richtingen per wijk")
        ordering = ["neighbourhood_name", "pk"]
        indexes = [models.Index(fields=["municipality", "adopted_at"], name="direction_municipality")]

    def __str__(self):
        return self.neighbourhood_name


class SessionReview(models.Model):
    """The terugblik: a short public summary of a held session, published on its page, and the
    attendance by kind of organisation kept with it (counted when the outcomes are recorded)."""

    session = models.OneToOneField(
        "sprints.Session", on_delete=models.CASCADE, related_name="review", verbose_name=_("sessie")
    )
    summary = models.TextField(_("terugblik"), max_length=4000, blank=True)
    published_at = models.DateTimeField(_("gepubliceerd"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # {organisation type: {"expected": seats wanted (one per municipality whose seat mix has it),
    # "came": people ticked present}}, plus "municipality" (its officers) and "none" (no
    # organisation): see outcomes.selectors_review; kept so the figure stays what it was when recorded.
    attendance = models.JSONField(_("aanwezigheid per soort partij"), default=dict, blank=True)
    attendance_counted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(verbose_name=_("terugblik (geschiedenis)"))

    class Meta:
        verbose_name = _("terugblik")
        verbose_name_plural = _("terugblikken")

    def __str__(self):
        return str(self.session)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


def review_photo_path(instance, filename: str) -> str:
    # A random name: the uploader's file name never reaches the disk or a URL.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"terugblik/{instance.review.session_id}/{secrets.token_hex(16)}.{extension}"


class ReviewPhoto(models.Model):
    review = models.ForeignKey(SessionReview, on_delete=models.CASCADE, related_name="photos")
    image = models.FileField(_("foto"), upload_to=review_photo_path, max_length=300)
    content_type = models.CharField(max_length=100)
    alt_text = models.CharField(
        _("beschrijving van de foto"), max_length=250, help_text=_("Voor wie de foto niet kan zien.")
    )
    position = models.PositiveSmallIntegerField(default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto's")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.alt_text
