"""Progress of the heat transition per municipality: vision, warmteprogramma, wijken, initiatives
and remarks. The rows were created by municipalities' migrations and moved here without copying
(see migrations/0001_initial.py)."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from municipalities.models import Municipality

# Every progress row keeps its history (django-simple-history): who changed what and when is
# what coordinators read in the history section and the monthly digest.


class AdoptionStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Nog niet gestart")
    IN_PREPARATION = "in_preparation", _("In voorbereiding")
    ADOPTED = "adopted", _("Vastgesteld door de raad")


class HeatAlternative(models.TextChoices):
    HEAT_NETWORK = "heat_network", _("Warmtenet")
    ALL_ELECTRIC = "all_electric", _("All-electric")
    HYBRID = "hybrid", _("Hybride warmtepomp (tussenstap)")
    GREEN_GAS = "green_gas", _("Groen gas")
    UNDECIDED = "undecided", _("Nog niet bepaald")


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
    revision_due_on = models.DateField(
        _("herziening uiterlijk"),
        null=True,
        blank=True,
        help_text=_("De visie of het warmteprogramma wordt ten minste eens in de vijf jaar herzien."),
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
