from functools import cached_property

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, email, password=None, **extra):
        if not email:
            raise ValueError("An email address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, email):
        return self.get(email__iexact=email)


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in; what they may do comes from their roles."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    full_name = models.CharField(_("naam"), max_length=150)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(_("toegang tot beheer"), default=False)
    date_joined = models.DateTimeField(_("aangemaakt"), default=timezone.now)
    # Secret for the personal iCalendar feed; rotating it invalidates the old URL.
    calendar_token = models.CharField(max_length=64, blank=True)
    # The language of the emails this person receives (the pages follow the browser or the switch).
    language = models.CharField(_("taal van e-mails"), max_length=8, default="nl")
    # Optional emails; what a person must receive (invitations, changes, password reset) has no switch.
    wants_digest = models.BooleanField(_("maandoverzicht"), default=True)
    wants_reminders = models.BooleanField(_("herinneringen"), default=True)
    wants_notices = models.BooleanField(_("meldingen"), default=True)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        ordering = ["full_name", "email"]
        constraints = [
            # Login looks addresses up case-insensitively, so two accounts may never differ by case.
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
        ]

    def __str__(self):
        return self.full_name or self.email

    def clean(self):
        super().clean()
        self.email = self.email.lower()

    def get_full_name(self):
        return self.full_name

    def get_short_name(self):
        return self.full_name.split(" ")[0] if self.full_name else self.email

    @cached_property
    def role_list(self) -> list["Role"]:
        """The roles in force today, loaded once per request (permission checks read this many
        times). An ended role is left out here, so ending one takes effect on the next request."""
        return list(self.roles.active().select_related("province", "municipality", "res_region"))

    def role_kinds(self) -> set[str]:
        return {role.kind for role in self.role_list}

    def scope_ids(self, kind: str) -> set[int]:
        """Ids of the provinces, municipalities or RES regions this user holds KIND for."""
        attr = Role.SCOPE_FIELD[kind]
        return {getattr(role, f"{attr}_id") for role in self.role_list if role.kind == kind}


class RoleQuerySet(models.QuerySet):
    def active(self, *, today=None):
        """Roles in force on TODAY: not ended, or ending later (ends_on is the first day without)."""
        today = today or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=today))


class Role(models.Model):
    """One role of a user, scoped to a province, municipality or RES region where it has one."""

    class Kind(models.TextChoices):
        PROVINCIAL_STAFF = "provincial_staff", _("Provinciemedewerker")
        MUNICIPAL_OFFICER = "municipal_officer", _("Gemeenteambtenaar")
        REGIONAL_COORDINATOR = "regional_coordinator", _("Regiocoördinator")
        PROGRAMME_ADVISER = "programme_adviser", _("Programma-adviseur")
        PROGRAMME_ADMIN = "programme_admin", _("Programmabeheerder")

    SCOPE_FIELD = {
        Kind.PROVINCIAL_STAFF: "province",
        Kind.MUNICIPAL_OFFICER: "municipality",
        Kind.REGIONAL_COORDINATOR: "res_region",
        Kind.PROGRAMME_ADVISER: None,
        Kind.PROGRAMME_ADMIN: None,
    }

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("rol"), max_length=32, choices=Kind.choices)
    province = models.ForeignKey(
        "municipalities.Province", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("provincie")
    )
    municipality = models.ForeignKey(
        "municipalities.Municipality", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("gemeente")
    )
    res_region = models.ForeignKey(
        "municipalities.ResRegion", on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("RES-regio")
    )
    granted_at = models.DateTimeField(_("sinds"), default=timezone.now)
    granted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("toegekend door")
    )
    # The first day the role no longer applies; empty while it runs on. Ending a role today
    # sets today, so it stops at once; the row stays, as the record of who had access when.
    ends_on = models.DateField(_("einddatum"), null=True, blank=True)
    ended_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("beëindigd door")
    )

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("rol")
        verbose_name_plural = _("rollen")
        constraints = [
            # Each kind carries exactly the scope it needs, so a check never meets a half role.
            models.CheckConstraint(
                name="role_scope_matches_kind",
                condition=(
                    Q(
                        kind="provincial_staff",
                        province__isnull=False,
                        municipality__isnull=True,
                        res_region__isnull=True,
                    )
                    | Q(
                        kind="municipal_officer",
                        province__isnull=True,
                        municipality__isnull=False,
                        res_region__isnull=True,
                    )
                    | Q(
                        kind="regional_coordinator",
                        province__isnull=True,
                        municipality__isnull=True,
                        res_region__isnull=False,
                    )
                    | Q(
                        kind__in=["programme_adviser", "programme_admin"],
                        province__isnull=True,
                        municipality__isnull=True,
                        res_region__isnull=True,
                    )
                ),
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "province", "municipality", "res_region"],
                nulls_distinct=False,
                name="role_unique_per_user",
            ),
        ]

    def __str__(self):
        scope = self.province or self.municipality or self.res_region
        return f"{self.get_kind_display()} ({scope})" if scope else self.get_kind_display()

    @property
    def scope(self):
        return self.province or self.municipality or self.res_region

    def is_active(self, *, today=None) -> bool:
        return self.ends_on is None or self.ends_on > (today or timezone.localdate())


class UserSession(models.Model):
    """One signed-in browser of a user, for "active sessions" on the own-account page. Django's
    session table has no user column; this row names the session by its key (never shown or
    sent: a row is addressed by its id) and is deleted with it."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="browser_sessions")
    session_key = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(_("ingelogd"), default=timezone.now)
    last_seen_at = models.DateTimeField(_("laatst actief"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("adres"), null=True, blank=True)
    device = models.CharField(_("apparaat"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("actieve sessie")
        verbose_name_plural = _("actieve sessies")
        ordering = ["-last_seen_at"]

    def __str__(self):
        return f"{self.user}: {self.device}"
