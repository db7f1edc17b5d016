"""Invitations to the portal, access requests and yearly access reviews.

Roles themselves are accounts' (accounts.Role); this app decides who gets one and records how.
An invitation and a request name a role the same way a Role does (kind + one scope), so the
same rule (accounts.rules.may_grant) answers who may send, approve or end it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role

ROLE_SCOPE_MATCHES_KIND = (
    Q(kind="provincial_staff", province__isnull=False, municipality__isnull=True, res_region__isnull=True)
    | Q(kind="municipal_officer", province__isnull=True, municipality__isnull=False, res_region__isnull=True)
    | Q(kind="regional_coordinator", province__isnull=True, municipality__isnull=True, res_region__isnull=False)
    | Q(
        kind__in=["programme_adviser", "programme_admin"],
        province__isnull=True,
        municipality__isnull=True,
        res_region__isnull=True,
    )
)


class RoleRequest(models.Model):
    """A role asked for or offered: KIND and the one scope it needs (as accounts.Role)."""

    kind = models.CharField(_("rol"), max_length=32, choices=Role.Kind.choices)
    province = models.ForeignKey(
        "municipalities.Province", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("provincie")
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("gemeente")
    )
    res_region = models.ForeignKey(
        "municipalities.ResRegion", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("RES-regio")
    )

    class Meta:
        abstract = True

    @property
    def scope(self):
        return self.province or self.municipality or self.res_region

    def role_label(self) -> str:
        scope = self.scope
        return f"{self.get_kind_display()} ({scope})" if scope else self.get_kind_display()


class PortalInvitation(RoleRequest):
    """An invitation by a scope holder to take a role. The emailed link is signed and carries
    NONCE; resending makes a new nonce (the old link stops working), accepting or withdrawing
    ends it, and the signature expires after PORTAL_INVITATION_DAYS."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Openstaand")
        ACCEPTED = "accepted", _("Aanvaard")
        WITHDRAWN = "withdrawn", _("Ingetrokken")

    email = models.EmailField(_("e-mailadres"))
    full_name = models.CharField(_("naam"), max_length=150, blank=True)
    message = models.TextField(_("persoonlijk bericht"), blank=True, max_length=2000)
    ends_on = models.DateField(_("einddatum van de rol"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    nonce = models.CharField(max_length=64, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("door")
    )
    created_at = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    sent_at = models.DateTimeField(_("laatst verstuurd"), null=True, blank=True)
    send_count = models.PositiveSmallIntegerField(default=0)
    decided_at = models.DateTimeField(_("aanvaard of ingetrokken"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("uitnodiging voor het portaal")
        verbose_name_plural = _("uitnodigingen voor het portaal")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(name="invitation_scope_matches_kind", condition=ROLE_SCOPE_MATCHES_KIND)]
        indexes = [models.Index(fields=["status", "email"])]

    def __str__(self):
        return f"{self.email}: {self.role_label()}"


class AccessRequest(RoleRequest):
    """Someone asking for access. Nothing of it reaches accounts or the stakeholder register
    until a person who may grant the role approves it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Wacht op beoordeling")
        APPROVED = "approved", _("Goedgekeurd")
        REJECTED = "rejected", _("Afgewezen")

    full_name = models.CharField(_("naam"), max_length=150)
    email = models.EmailField(_("werk-e-mailadres"))
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    reason = models.TextField(_("waarom"), max_length=2000)
    language = models.CharField(max_length=8, default="nl")
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("aangevraagd"), default=timezone.now)
    decided_at = models.DateTimeField(_("beoordeeld"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decision_message = models.TextField(_("bericht"), blank=True, max_length=2000)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("toegangsaanvraag")
        verbose_name_plural = _("toegangsaanvragen")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(name="access_request_scope_matches_kind", condition=ROLE_SCOPE_MATCHES_KIND)
        ]
        indexes = [models.Index(fields=["status", "email"])]

    def __str__(self):
        return f"{self.full_name} <{self.email}>: {self.role_label()}"


class AccessReview(models.Model):
    """The yearly access review of one approver (BIO): sent, and when they confirmed it."""

    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    sent_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("toegangscontrole")
        verbose_name_plural = _("toegangscontroles")
        constraints = [models.UniqueConstraint(fields=["reviewer", "year"], name="access_review_once_a_year")]

    def __str__(self):
        return f"{self.reviewer} {self.year}"
