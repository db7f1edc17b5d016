"""Progress of the heat transition per municipality: vision, warmteprogramma, wijken, initiatives
and remarks. The rows were created by municipalities' migrations and moved here without copying
(see migrations/0001_initial.py)."""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from heatportal.heat import HeatAlternative
from municipalities.models import Municipality

# Every progress row keeps its history (django-simple-history): who changed what and when is
# what coordinators read in the history section and the monthly digest.


class AdoptionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Nog niet gestart")
    IN_PREPARATION = "in_preparation", _("In voorbereiding")
    ADOPTED = "adopted", _("Vastgesteld door de raad")


def decision_path(instance, filename: str) -> str:
    # A random name: served only through the permission-checked download, never as media.
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"raadsbesluiten/{instance.municipality_id}/{secrets.token_hex(16)}.{extension}"


class Progress(models.Model):
    """Where one municipality stands: its vision (TVW), its warmteprogramma (Wgiw) and a flag."""

    municipality = models.OneToOneField(
        Municipality, on_delete=models.CASCADE, related_name="progress", verbose_name=_("gemeente")
    )
    vision_status = models.CharField(
        _("transitievisie warmte"), max_length=20, choices=AdoptionStatus.choices, default=AdoptionStatus.NOT_STARTED
    )
    vision_adopted_on = models.DateField(_("visie vastgesteld op"), null=True, blank=True)
    vision_url = models.URLField(_("link naar de visie"), blank=True)
    programme_status = models.CharField(
        _("warmteprogramma"), max_length=20, choices=AdoptionStatus.choices, default=AdoptionStatus.NOT_STARTED
    )
    programme_adopted_on = models.DateField(_("warmteprogramma vastgesteld op"), null=True, blank=True)
    programme_url = models.URLField(_("link naar het warmteprogramma"), blank=True)
    # The five-yearly revision is a Deadline (progress/deadlines.py), worked out from the adoption.
    # The council decision (raadsbesluit) behind an adoption: a link or an uploaded document.
    # Asked for when a document is marked adopted; adoptions recorded before are "without evidence".
    vision_decision_url = models.URLField(_("link naar het raadsbesluit (visie)"), blank=True)
    vision_decision_file = models.FileField(
        _("raadsbesluit (visie)"), upload_to=decision_path, max_length=300, blank=True
    )
    programme_decision_url = models.URLField(_("link naar het raadsbesluit (warmteprogramma)"), blank=True)
    programme_decision_file = models.FileField(
        _("raadsbesluit (warmteprogramma)"), upload_to=decision_path, max_length=300, blank=True
    )
    flagged = models.BooleanField(_("aandacht nodig"), default=False)
    flag_reason = models.CharField(_("reden voor aandacht"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("laatst bijgewerkt"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("voortgang (geschiedenis)"))

    class Meta:
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgang")
        constraints = [
            models.CheckConstraint(
                name="progress_adopted_has_date",
                condition=~Q(vision_status="adopted", vision_adopted_on__isnull=True)
                & ~Q(programme_status="adopted", programme_adopted_on__isnull=True),
            )
        ]

    def __str__(self):
        return str(self.municipality)


class Neighbourhood(models.Model):
    """A wijk and its planned way off natural gas (from the vision or warmteprogramma)."""

    class WupStatus(models.TextChoices):
        NONE = "none", _("Nog geen plan")
        IN_PREPARATION = "in_preparation", _("In voorbereiding")
        ADOPTED = "adopted", _("Vastgesteld")
        IN_EXECUTION = "in_execution", _("In uitvoering")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="neighbourhoods", verbose_name=_("gemeente")
    )
    name = models.CharField(_("naam van de wijk"), max_length=150)
    cbs_code = models.CharField(_("CBS-wijkcode"), max_length=8, blank=True, help_text=_("Bijvoorbeeld WK010601."))
    dwellings = models.PositiveIntegerField(_("aantal woningen"), null=True, blank=True)
    period_start = models.PositiveSmallIntegerField(_("van het aardgas af: vanaf"), null=True, blank=True)
    period_end = models.PositiveSmallIntegerField(_("van het aardgas af: uiterlijk"), null=True, blank=True)
    alternative = models.CharField(
        _("beoogd alternatief"), max_length=20, choices=HeatAlternative.choices, default=HeatAlternative.UNDECIDED
    )
    insulation_first = models.BooleanField(_("eerst isoleren"), default=False)
    wup_status = models.CharField(
        _("wijkuitvoeringsplan"), max_length=20, choices=WupStatus.choices, default=WupStatus.NONE
    )
    updated_at = models.DateTimeField(_("laatst bijgewerkt"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("wijk (geschiedenis)"))

    class Meta:
        verbose_name = _("wijk")
        verbose_name_plural = _("wijken")
        ordering = ["period_start", "name"]
        constraints = [
            models.CheckConstraint(
                name="neighbourhood_period_ordered",
                condition=Q(period_start__isnull=True)
                | Q(period_end__isnull=True)
                | Q(period_end__gte=F("period_start")),
            )
        ]

    def __str__(self):
        return self.name


class Initiative(models.Model):
    """A local heat initiative: residents' group or energy cooperative."""

    class Phase(models.TextChoices):
        ORIENTATION = "orientation", _("Oriëntatie")
        PROJECT_DEVELOPMENT = "project_development", _("Projectontwikkeling")
        REALISATION = "realisation", _("Realisatie")

    class Collaboration(models.TextChoices):
        PARTNERSHIP = "partnership", _("Werkt nauw samen met de gemeente")
        SUPPORTED = "supported", _("Maakt zelf plannen, gemeente ondersteunt")
        INDEPENDENT = "independent", _("Werkt (nog) zelfstandig")

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="initiatives", verbose_name=_("gemeente")
    )
    name = models.CharField(_("naam"), max_length=200)
    phase = models.CharField(_("fase"), max_length=24, choices=Phase.choices, default=Phase.ORIENTATION)
    heat_solution = models.CharField(
        _("warmteoplossing"), max_length=20, choices=HeatAlternative.choices, default=HeatAlternative.HEAT_NETWORK
    )
    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mailadres contactpersoon"), blank=True)
    collaboration = models.CharField(
        _("samenwerking met de gemeente"),
        max_length=20,
        choices=Collaboration.choices,
        default=Collaboration.SUPPORTED,
    )
    collaboration_notes = models.TextField(_("toelichting op de samenwerking"), blank=True)
    updated_at = models.DateTimeField(_("laatst bijgewerkt"), auto_now=True)

    history = HistoricalRecords(verbose_name=_("initiatief (geschiedenis)"))

    class Meta:
        verbose_name = _("lokaal initiatief")
        verbose_name_plural = _("lokale initiatieven")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ProgressComment(models.Model):
    """A remark by a coordinator or programme staff on a municipality's progress."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="progress_comments", verbose_name=_("gemeente")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="progress_comments",
        verbose_name=_("auteur"),
    )
    body = models.TextField(_("opmerking"), max_length=2000)
    created_at = models.DateTimeField(_("geplaatst"), auto_now_add=True)

    class Meta:
        verbose_name = _("opmerking")
        verbose_name_plural = _("opmerkingen")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["municipality", "-created_at"])]

    def __str__(self):
        return f"{self.municipality}: {self.body[:40]}"


class DeadlineKind(models.TextChoices):
    PROGRAMME = "programme", _("Eerste warmteprogramma")
    PROGRAMME_RENEWAL = "programme_renewal", _("Volgend warmteprogramma")
    VISION_REVISION = "vision_revision", _("Herziening transitievisie warmte")


class LegalDeadline(models.Model):
    """A rule of the law (Wgiw) every municipality's deadlines follow: a fixed date (the first
    warmteprogramma, 31-12-2026) or a number of years after the adoption it renews. Reference
    data (progress/data/legal_deadlines.csv), editable because the law can move a date."""

    kind = models.CharField(_("soort"), max_length=20, choices=DeadlineKind.choices, unique=True)
    due_on = models.DateField(_("uiterlijk op"), null=True, blank=True)
    years_after_adoption = models.PositiveSmallIntegerField(_("jaren na vaststelling"), null=True, blank=True)
    legal_basis = models.CharField(_("grondslag"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("wettelijke termijn")
        verbose_name_plural = _("wettelijke termijnen")
        constraints = [
            models.CheckConstraint(
                name="legal_deadline_date_or_years",
                condition=Q(due_on__isnull=False) | Q(years_after_adoption__isnull=False),
            )
        ]

    def __str__(self):
        return self.get_kind_display()


class Deadline(models.Model):
    """One municipality's deadline of one kind: the date the law's rule gives (law_due_on), or
    a date set by hand with a reason (an override, e.g. a merger's transition period). due_on
    is the one that counts. Recomputed by progress.deadlines whenever an adoption changes."""

    municipality = models.ForeignKey(
        Municipality, on_delete=models.CASCADE, related_name="deadlines", verbose_name=_("gemeente")
    )
    kind = models.CharField(_("soort"), max_length=20, choices=DeadlineKind.choices)
    law_due_on = models.DateField(_("volgens de wet"), null=True, blank=True)
    due_on = models.DateField(_("uiterlijk op"), null=True, blank=True)
    override_reason = models.CharField(_("reden voor een afwijkende datum"), max_length=300, blank=True)
    overridden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    overridden_at = models.DateTimeField(null=True, blank=True)
    met_on = models.DateField(_("gehaald op"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(verbose_name=_("termijn (geschiedenis)"))

    class Meta:
        verbose_name = _("termijn")
        verbose_name_plural = _("termijnen")
        ordering = ["due_on", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["municipality", "kind"], name="deadline_unique_kind"),
            models.CheckConstraint(
                name="deadline_override_has_reason",
                condition=Q(overridden_at__isnull=True) | ~Q(override_reason=""),
            ),
        ]
        indexes = [models.Index(fields=["kind", "due_on"], name="deadline_kind_due")]

    def __str__(self):
        return f"{self.municipality}: {self.get_kind_display()}"

    @property
    def is_overridden(self) -> bool:
        return self.overridden_at is not None
