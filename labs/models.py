"""Leer Labs: learning tracks in which 3 to 5 municipalities each work on their own case.

A lab goes ahead only when enough municipalities enrol before the deadline (the quorum); places
are limited, so later enrolments wait on a list and are offered a freed place in turn.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


def default_reminder_days() -> list[int]:
    return [7, 1]


class Lab(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open voor aanmelding")
        CONFIRMED = "confirmed", _("Gaat door")
        RUNNING = "running", _("Loopt")
        COMPLETED = "completed", _("Afgerond")
        CANCELLED = "cancelled", _("Geannuleerd")

    class Shortfall(models.TextChoices):
        CANCEL = "cancel", _("Annuleren")
        EXTEND = "extend", _("Aanmeldtermijn verlengen")

    title = models.CharField(_("thema"), max_length=200)
    summary = models.CharField(_("korte omschrijving"), max_length=400)
    description = models.TextField(_("omschrijving"), blank=True)
    organiser_province = models.ForeignKey(
        "municipalities.Province",
        on_delete=models.PROTECT,
        related_name="organised_labs",
        verbose_name=_("organiserende provincie"),
    )
    organiser_name = models.CharField(
        _("organisator"), max_length=150, help_text=_("Bijvoorbeeld: Servicepunt Warmte Noord-Holland.")
    )
    eligible_provinces = models.ManyToManyField(
        "municipalities.Province",
        related_name="eligible_labs",
        blank=True,
        verbose_name=_("provincies die mogen deelnemen"),
    )
    eligible_res_regions = models.ManyToManyField(
        "municipalities.ResRegion",
        related_name="eligible_labs",
        blank=True,
        verbose_name=_("RES-regio's die mogen deelnemen"),
        help_text=_("Leeg laten bij provincies en regio's: alleen gemeenten van de organiserende provincie."),
    )
    min_participants = models.PositiveSmallIntegerField(_("minimum aantal gemeenten"), default=3)
    max_participants = models.PositiveSmallIntegerField(_("maximum aantal gemeenten"), default=5)
    duration_months = models.PositiveSmallIntegerField(_("verwachte duur (maanden)"), default=3)
    enrolment_deadline = models.DateField(_("aanmelden kan tot en met"))
    start_date = models.DateField(_("startdatum"), null=True, blank=True, help_text=_("Leeg: nog niet bekend."))
    advisers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="advised_labs", blank=True, verbose_name=_("adviseurs")
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.OPEN)
    on_shortfall = models.CharField(
        _("te weinig aanmeldingen bij de deadline"), max_length=8, choices=Shortfall.choices, default=Shortfall.CANCEL
    )
    extension_days = models.PositiveSmallIntegerField(_("verlenging (dagen)"), default=14)
    deadline_extended = models.BooleanField(_("termijn is verlengd"), default=False)
    offer_days = models.PositiveSmallIntegerField(
        _("geldigheid aanbod (dagen)"),
        default=5,
        help_text=_("Zoveel dagen heeft de volgende op de wachtlijst om een vrijgekomen plek aan te nemen."),
    )
    reminder_days = models.JSONField(_("herinneringen (dagen vooraf)"), default=default_reminder_days, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("Leer Lab")
        verbose_name_plural = _("Leer Labs")
        ordering = ["enrolment_deadline", "title"]
        constraints = [
            models.CheckConstraint(name="lab_min_at_least_one", condition=Q(min_participants__gte=1)),
            models.CheckConstraint(
                name="lab_min_not_above_max", condition=Q(min_participants__lte=F("max_participants"))
            ),
            models.CheckConstraint(name="lab_offer_days_positive", condition=Q(offer_days__gte=1)),
        ]
        # The catalogue filters on status and sorts by deadline (nearest first, or newest first
        # over every status).
        indexes = [
            models.Index(fields=["status", "enrolment_deadline"]),
            models.Index(fields=["enrolment_deadline", "title"], name="lab_deadline_title"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("labs:detail", kwargs={"pk": self.pk})

    # The three counts below come from selectors' annotations (active_count, offered_count).
    @property
    def places_left(self) -> int:
        return max(self.max_participants - self.active_count - self.offered_count, 0)

    @property
    def quorum_reached(self) -> bool:
        return self.active_count >= self.min_participants

    @property
    def quorum_value(self) -> int:
        """For the progress bar: participants, capped at the minimum."""
        return min(self.active_count, self.min_participants)

    @property
    def is_full(self) -> bool:
        return self.status in (self.Status.OPEN, self.Status.CONFIRMED) and self.places_left == 0

    @property
    def badges(self) -> list[tuple[str, str]]:
        """(label, kind) of the badges a card or page shows: a full lab that still takes
        enrolments says so ("Vol", "Wachtlijst": a new enrolment waits) rather than "Open"."""
        if not self.is_full:
            return [(self.get_status_display(), self.status_badge)]
        full = [(_("Vol"), "muted"), (_("Wachtlijst"), "warn")]
        return full if self.status == self.Status.OPEN else [(self.get_status_display(), self.status_badge), *full]

    @property
    def status_badge(self) -> str:
        return {
            self.Status.OPEN: "warn",
            self.Status.CONFIRMED: "ok",
            self.Status.RUNNING: "ok",
            self.Status.CANCELLED: "error",
        }.get(self.status, "muted")

    @property
    def eligible_area(self) -> str:
        """'Noord-Holland', 'Drenthe, RES-regio Twente': who may join, for people to read.

        Uses prefetched eligible_provinces / eligible_res_regions when the selector loaded them.
        """
        names = [p.name for p in self.eligible_provinces.all()] + [
            str(_("RES-regio %(name)s") % {"name": r.name}) for r in self.eligible_res_regions.all()
        ]
        if not names:
            names = [self.organiser_province.name]
        return ", ".join(names)


class Enrolment(models.Model):
    """One municipality in one lab: holding a place, waiting, offered a place, or gone."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("Deelnemer")
        WAITING = "waiting", _("Op de wachtlijst")
        OFFERED = "offered", _("Plek aangeboden")
        WITHDRAWN = "withdrawn", _("Afgemeld")
        DECLINED = "declined", _("Aanbod afgeslagen")
        EXPIRED = "expired", _("Aanbod verlopen")

    ON_LIST = (Status.WAITING, Status.OFFERED)

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="enrolments", verbose_name=_("Leer Lab"))
    municipality = models.ForeignKey(
        "municipalities.Municipality",
        on_delete=models.PROTECT,
        related_name="lab_enrolments",
        verbose_name=_("gemeente"),
    )
    enrolled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="lab_enrolments",
        verbose_name=_("aangemeld door"),
    )
    case_title = models.CharField(_("case"), max_length=200)
    case_description = models.TextField(_("toelichting op de case"), blank=True)
    colleagues = models.TextField(_("collega's die meedoen"), blank=True)
    share_contact = models.BooleanField(_("contactgegevens delen binnen het Lab"), default=False)
    # The intake question: what the organisers prepare the meetings around.
    learning_goals = models.TextField(_("wat de gemeente in dit Lab wil leren"), blank=True)
    withdrawal_reason = models.TextField(_("reden van afmelden"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    # Position on the waiting list: earliest first. Reset when a municipality re-enrols.
    queued_at = models.DateTimeField(_("aangemeld op"))
    offer_expires_at = models.DateTimeField(_("aanbod geldig tot"), null=True, blank=True)
    offer_round = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("aanmelding")
        verbose_name_plural = _("aanmeldingen")
        ordering = ["queued_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["lab", "municipality"], name="enrolment_one_per_municipality_per_lab"),
            models.CheckConstraint(
                name="enrolment_offer_has_expiry",
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
            ),
        ]
        indexes = [
            models.Index(fields=["lab", "status", "queued_at"]),
            models.Index(fields=["status", "offer_expires_at"]),
            models.Index(fields=["municipality", "status"]),
        ]

    def __str__(self):
        return f"{self.municipality} – {self.lab}"


class LabMeeting(models.Model):
    """One meeting of a lab; the programme grows as the group decides it."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("Leer Lab"))
    starts_at = models.DateTimeField(_("begint om"))
    ends_at = models.DateTimeField(_("eindigt om"), null=True, blank=True)
    topic = models.CharField(_("onderwerp"), max_length=200)
    location = models.CharField(_("locatie"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("bijeenkomst")
        verbose_name_plural = _("bijeenkomsten")
        ordering = ["starts_at", "id"]
        # The lab page reads the meetings just before and after today.
        indexes = [models.Index(fields=["lab", "starts_at"], name="labmeeting_lab_starts")]
        constraints = [
            models.CheckConstraint(
                name="meeting_ends_after_start", condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at"))
            )
        ]

    def __str__(self):
        return self.topic


class CaseUpdate(models.Model):
    """A note in the updates stream of one municipality's case."""

    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("auteur")
    )
    body = models.TextField(_("bericht"))
    created_at = models.DateTimeField(_("geplaatst op"), auto_now_add=True)

    class Meta:
        verbose_name = _("voortgangsbericht")
        verbose_name_plural = _("voortgangsberichten")
        ordering = ["-created_at", "-id"]
        # A case's latest updates (the lab page) and its paged stream.
        indexes = [models.Index(fields=["enrolment", "-created_at", "-id"], name="caseupdate_enrolment_newest")]

    def __str__(self):
        return self.body[:60]


class MeetingAttendance(models.Model):
    """A municipality (its enrolment) was present at one meeting of its lab; no row: absent."""

    meeting = models.ForeignKey(LabMeeting, on_delete=models.CASCADE, related_name="attendances")
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="attendances")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("aanwezigheid")
        verbose_name_plural = _("aanwezigheid")
        constraints = [models.UniqueConstraint(fields=["meeting", "enrolment"], name="attendance_once_per_meeting")]

    def __str__(self):
        return f"{self.enrolment.municipality} – {self.meeting}"


def material_path(instance, filename: str) -> str:
    # A random name on disk: the person's file name is kept in `filename` and only ever sent
    # back in Content-Disposition, so nothing of it reaches a path.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"labs/materials/{instance.lab_id}/{uuid.uuid4().hex}.{extension}"


class LabMaterial(models.Model):
    """A link or an uploaded document for the members of one lab (never served as public media)."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="materials", verbose_name=_("Leer Lab"))
    title = models.CharField(_("titel"), max_length=200)
    url = models.URLField(_("link"), max_length=500, blank=True)
    file = models.FileField(_("document"), upload_to=material_path, max_length=300, blank=True)
    filename = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("toegevoegd door"),
    )
    created_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("materiaal")
        verbose_name_plural = _("materialen")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="material_link_or_file", condition=(Q(url="") & ~Q(file="")) | (~Q(url="") & Q(file=""))
            )
        ]

    def __str__(self):
        return self.title
