from django.db import models
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history import register


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
        # Addresses are matched whatever their case (the calendar feed, pasted invitees): query
        # Lower("email") = Lower(value) to use it; email__iexact (UPPER) cannot.
        indexes = [models.Index(Lower("email"), name="contact_email_lower")]

    def __str__(self):
        return f"{self.name} <{self.email}>"


# Dwellings live on Municipality (foundation); their changes are kept too.
register(Municipality, app="municipalities", excluded_fields=["division_year"])
