from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history import register
from simple_history.models import HistoricalRecords


class Province(models.Model):
    code = models.CharField(_("CBS-code"), max_length=8, unique=True)  # PV20..PV31
    name = models.CharField(_("naam"), max_length=100)

    class Meta:
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ResRegion(models.Model):
    """A Regionale Energie Strategie region (CBS codes ES01..ES30)."""

    code = models.CharField(_("CBS-code"), max_length=8, unique=True)
    slug = models.SlugField(unique=True)
    name = models.CharField(_("naam"), max_length=100)
    provinces = models.ManyToManyField(Province, related_name="res_regions", verbose_name=_("provincies"))

    class Meta:
        verbose_name = _("RES-regio")
        verbose_name_plural = _("RES-regio's")
        ordering = ["name"]

    def __str__(self):
        return self.name


class MunicipalityQuerySet(models.QuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class Municipality(models.Model):
    """A municipality as CBS divides the country; merged ones stay, marked ended (herindeling)."""

    cbs_code = models.CharField(_("CBS-code"), max_length=8, unique=True)  # GM0106
    name = models.CharField(_("naam"), max_length=100)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("provincie")
    )
    res_region = models.ForeignKey(
        ResRegion, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("RES-regio")
    )
    dwellings = models.PositiveIntegerField(_("aantal woningen"), null=True, blank=True)
    division_year = models.PositiveSmallIntegerField(
        _("laatst in indeling"), help_text=_("Jaar van de CBS-indeling waarin de gemeente het laatst voorkwam.")
    )
    ended_on = models.DateField(_("opgeheven op"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="predecessors",
        verbose_name=_("opgegaan in"),
    )

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        verbose_name = _("gemeente")
        verbose_name_plural = _("gemeenten")
        ordering = ["name"]
        indexes = [models.Index(fields=["province", "name"]), models.Index(fields=["res_region", "name"])]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("municipalities:detail", kwargs={"cbs_code": self.cbs_code})

    @property
    def is_current(self) -> bool:
        return self.ended_on is None


class Organisation(models.Model):
    """A stakeholder organisation invited to sessions: corporation, grid operator, initiative..."""

    class Type(models.TextChoices):
        HOUSING_CORPORATION = "housing_corporation", _("Woningcorporatie")
        GRID_OPERATOR = "grid_operator", _("Netbeheerder")
        ENERGY_INITIATIVE = "energy_initiative", _("Lokaal energie-initiatief / energiecoöperatie")
        RESIDENTS_INITIATIVE = "residents_initiative", _("Bewonersinitiatief")
        BUSINESS = "business", _("Bedrijf")
        CONSULTANCY = "consultancy", _("Adviesbureau")
        GOVERNMENT = "government", _("Overheid")
        OTHER = "other", _("Overig")

    name = models.CharField(_("naam"), max_length=200)
    type = models.CharField(_("soort"), max_length=32, choices=Type.choices)
    website = models.URLField(_("website"), blank=True)
    municipalities = models.ManyToManyField(
        Municipality, related_name="organisations", blank=True, verbose_name=_("werkgebied (gemeenten)")
    )

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["name", "type"], name="organisation_unique_name_type")]

    def __str__(self):
        return self.name


class Contact(models.Model):
    """A person at an organisation. Personal data: exportable and erasable on request (AVG)."""

    name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    job_title = models.CharField(_("functie"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contacts",
        verbose_name=_("organisatie"),
    )
    created_at = models.DateTimeField(_("aangemaakt"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd"), auto_now=True)

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "organisation"], nulls_distinct=False, name="contact_unique_email_per_organisation"
            ),
        ]

    def __str__(self):
        return f"{self.name} <{self.email}>"


# --- Progress of the heat transition (issue 5) ---------------------------------------------
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

    @property
    def has_period(self) -> bool:
        return self.period_start is not None


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


# Dwellings live on Municipality (foundation); their changes are kept too.
register(Municipality, app="municipalities", excluded_fields=["division_year"])
