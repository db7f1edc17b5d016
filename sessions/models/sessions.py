"""A session, its days, participating municipalities, programme and workshops; the planning
note of a municipality without a session."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _


def default_reminder_days() -> list[int]:
    return [7, 1]


def default_evaluation_questions() -> list[str]:
    # Stored in Dutch as the organiser edits them; the mail and form show them as written.
    return [
        "Wat was voor u het waardevolst?",
        "Wat kan beter?",
        "Welke vervolgstap zet u na deze sessie?",
    ]


class Session(models.Model):
    class Kind(models.TextChoices):
        SPRINT = "sprint", _("Sprintsessie")
        KNOWLEDGE = "knowledge", _("Kennissessie")
        COORDINATOR = "coordinator", _("Coördinatorenbijeenkomst")
        OTHER = "other", _("Overig")

    class Status(models.TextChoices):
        TO_SCHEDULE = "to_schedule", _("Nog te plannen")
        SCHEDULED = "scheduled", _("Gepland")
        HELD = "held", _("Gehouden")
        CANCELLED = "cancelled", _("Geannuleerd")

    # Still ahead: it can be planned, invited to and asked for (is_open, and its query form).
    OPEN_STATUSES = (Status.TO_SCHEDULE, Status.SCHEDULED)

    kind = models.CharField(_("soort"), max_length=20, choices=Kind.choices, default=Kind.SPRINT)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    organiser_province = models.ForeignKey(
        "municipalities.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organised_sessions",
        verbose_name=_("organiserende provincie"),
    )
    organiser_name = models.CharField(
        _("organisator"),
        max_length=200,
        blank=True,
        help_text=_("Programma of organisatie die de sessie organiseert, als het geen provincie is."),
    )
    # Named on the invitee's page and the Reply-To of every mail about the session (the sender is
    # a no-reply address). Empty: whoever created the session.
    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    contact_email = models.EmailField(
        _("e-mailadres contactpersoon"),
        blank=True,
        help_text=_("Antwoorden op de e-mails over deze sessie gaan hierheen. Leeg: wie de sessie aanmaakte."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.TO_SCHEDULE)
    is_pilot = models.BooleanField(_("pilot"), default=False)
    invitation_only = models.BooleanField(
        _("alleen op uitnodiging"), default=False, help_text=_("Anderen kunnen een aanmeldlink aanvragen.")
    )
    answer_deadline = models.DateField(_("reageren vóór"), null=True, blank=True)
    reminder_days = models.JSONField(_("herinneringen (dagen vooraf)"), default=default_reminder_days)
    follow_up = models.TextField(_("vervolg (voor de bedankmail)"), blank=True)
    # The open questions of the evaluation sent the day after to those present (beside a rating).
    evaluation_questions = models.JSONField(_("evaluatievragen"), default=default_evaluation_questions, blank=True)
    municipalities = models.ManyToManyField(
        "municipalities.Municipality",
        through="SessionMunicipality",
        related_name="sprint_sessions",
        verbose_name=_("deelnemende gemeenten"),
    )
    # iCalendar: one UID for the life of the session; SEQUENCE goes up with every change sent out.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    # Workshop allocation: the seed makes the lottery order reproducible for audit.
    allocation_seed = models.CharField(max_length=64, blank=True)
    allocated_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("aangemaakt door"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")
        ordering = ["-created_at"]
        # The session list filters on status and kind (the board on status); the organiser's
        # province and creator have their foreign-key indexes.
        indexes = [
            models.Index(fields=["status"], name="session_status"),
            models.Index(fields=["kind"], name="session_kind"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("sessions:detail", kwargs={"pk": self.pk})

    @property
    def organiser(self) -> str:
        if self.organiser_name:
            return self.organiser_name
        return _("Provincie %(name)s") % {"name": self.organiser_province} if self.organiser_province_id else ""

    @property
    def contact(self) -> tuple[str, str]:
        """(name, email) of who answers questions about the session; ("", "") when nobody is known."""
        if self.contact_email:
            return self.contact_name, self.contact_email
        creator = self.created_by
        if creator and creator.email:
            return creator.get_full_name(), creator.email
        return "", ""

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    @cached_property
    def programme_days(self) -> list:
        """The programme per day with its workshops, for the templates (sessions/programme.py)."""
        from sessions.programme import programme_days

        return programme_days(self)

    @property
    def has_programme(self) -> bool:
        return any(group.items or group.workshops for group in self.programme_days)


class SessionMunicipality(models.Model):
    """A participating municipality, with the kinds of organisation wanted at its table."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="participations")
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.PROTECT, related_name="session_participations"
    )
    seat_types = models.JSONField(_("gewenste partijen aan tafel"), default=list, blank=True)

    class Meta:
        verbose_name = _("deelnemende gemeente")
        verbose_name_plural = _("deelnemende gemeenten")
        constraints = [
            models.UniqueConstraint(fields=["session", "municipality"], name="session_municipality_unique"),
        ]

    def __str__(self):
        return f"{self.session_id}:{self.municipality_id}"

    @property
    def seat_labels(self) -> list[str]:
        from municipalities.models import Organisation

        labels = dict(Organisation.Type.choices)
        return [str(labels[t]) for t in self.seat_types if t in labels]


class SessionDay(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("datum"))
    start_time = models.TimeField(_("begintijd"))
    end_time = models.TimeField(_("eindtijd"))
    venue = models.CharField(_("locatie"), max_length=200, blank=True)
    address = models.CharField(_("adres"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(
        _("maximum aantal deelnemers"), null=True, blank=True, help_text=_("Leeg laten voor geen maximum.")
    )
    # The iCalendar UID this day was first sent under, kept for its life. Days planned before UIDs
    # came from the day's id keep the UID they had then (their position), so calendars that hold
    # them are updated rather than given a second event; empty for newer days (see sessions.ical).
    ical_uid = models.CharField(max_length=120, blank=True, editable=False)

    class Meta:
        verbose_name = _("sessiedag")
        verbose_name_plural = _("sessiedagen")
        ordering = ["date", "start_time"]
        # date: the month calendar and the list's year bounds. (session, date): per session its
        # first and last day and whether it has one from a date on (current or held, the list's
        # year, the feed's year back), each an index-only lookup.
        indexes = [
            models.Index(fields=["date"]),
            models.Index(fields=["session", "date"], name="sessionday_session_date"),
        ]

    def __str__(self):
        return f"{self.session} {self.date}"


class ProgrammeItem(models.Model):
    class Format(models.TextChoices):
        PLENARY = "plenary", _("Plenair")
        GROUP = "group", _("Groepsgesprek")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="programme")
    day = models.ForeignKey(SessionDay, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    start_time = models.TimeField(_("tijd"), null=True, blank=True)
    title = models.CharField(_("onderdeel"), max_length=200)
    speaker = models.CharField(_("spreker"), max_length=200, blank=True)
    format = models.CharField(_("vorm"), max_length=10, choices=Format.choices, default=Format.PLENARY)
    # The order within its day, set by the planner (move up/down): items without a time keep
    # their place, which ordering by time alone could not give them.
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    # Of a copied session (no dates yet): which day, counted from 1, the item was on in the
    # original; the item goes to that day of the copy once it has it.
    day_number = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("programmaonderdeel")
        verbose_name_plural = _("programma")
        ordering = ["day__date", "day__start_time", "position", "pk"]

    def __str__(self):
        return self.title


class Workshop(models.Model):
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="workshops")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    capacity = models.PositiveIntegerField(_("aantal plaatsen"))
    # The time slot: workshops with the same day, start and end run side by side, and each
    # invitee gets at most one place per slot. Workshops planned before slots existed have none
    # (one slot together, as they were).
    day = models.ForeignKey(
        SessionDay, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("dag")
    )
    start_time = models.TimeField(_("begintijd"), null=True, blank=True)
    end_time = models.TimeField(_("eindtijd"), null=True, blank=True)
    room = models.CharField(_("zaal"), max_length=200, blank=True)
    day_number = models.PositiveSmallIntegerField(null=True, blank=True, editable=False)  # as ProgrammeItem's

    class Meta:
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        ordering = ["pk"]

    def __str__(self):
        return self.title

    @property
    def slot(self) -> tuple:
        """What makes workshops parallel: the same day and times. Workshops without times share
        one open slot, whatever their day, as all workshops did before there were slots."""
        return (self.day_id, self.start_time, self.end_time) if self.start_time else (None, None, None)


class MunicipalityPlan(models.Model):
    """Planning state of a municipality that is not a session: e.g. its own trajectory (Noordenveld)."""

    municipality = models.OneToOneField(
        "municipalities.Municipality", on_delete=models.CASCADE, related_name="session_plan"
    )
    own_trajectory = models.BooleanField(_("eigen traject"), default=False)
    note = models.TextField(_("notitie"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("planningsnotitie gemeente")
        verbose_name_plural = _("planningsnotities gemeenten")

    def __str__(self):
        return str(self.municipality_id)
