"""people's forms: inviting, accepting an invitation, ending a role (section 1); access
requests and reviews (section 2)."""

from django import forms
from django.contrib.auth import password_validation
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import Role, User
from accounts.rules import is_programme_admin, may_grant, province_ids, res_region_ids
from heatportal.forms import PortalForm
from municipalities.models import Municipality, Province, ResRegion

# --- Invitations and ending roles -----------------------------------------------------------
Kind = Role.Kind


def _code(scope) -> str:
    return getattr(scope, "cbs_code", None) or getattr(scope, "code", "")


def _option(name: str, kind) -> str:
    # The name first, so typing in the closed select jumps to it; the role after it, because
    # a province and a RES region can share a name (Drenthe) and the selected option shows
    # without its group.
    return f"{name} ({kind.label.lower()})"


def grantable_role_choices(user) -> list:
    """The roles USER may give, as grouped select choices `kind:scope-code`; officers are
    grouped by province so a programme administrator finds one among 342 municipalities."""
    groups = []
    admin = is_programme_admin(user)
    if admin:
        groups.append(
            (
                _("Programmabureau"),
                [
                    (f"{Kind.PROGRAMME_ADMIN}:", Kind.PROGRAMME_ADMIN.label),
                    (f"{Kind.PROGRAMME_ADVISER}:", Kind.PROGRAMME_ADVISER.label),
                ],
            )
        )
    provinces = Province.objects.order_by("name")
    if not admin:
        provinces = provinces.filter(pk__in=province_ids(user))
    if provinces:
        groups.append(
            (
                Kind.PROVINCIAL_STAFF.label,
                [(f"{Kind.PROVINCIAL_STAFF}:{p.code}", _option(p.name, Kind.PROVINCIAL_STAFF)) for p in provinces],
            )
        )
    if admin:
        regions = ResRegion.objects.order_by("name")
        groups.append(
            (
                Kind.REGIONAL_COORDINATOR.label,
                [
                    (f"{Kind.REGIONAL_COORDINATOR}:{r.code}", _option(r.name, Kind.REGIONAL_COORDINATOR))
                    for r in regions
                ],
            )
        )
    municipalities = Municipality.objects.current().select_related("province").order_by("province__name", "name")
    if not admin:
        municipalities = municipalities.filter(province__in=province_ids(user)) | municipalities.filter(
            res_region__in=res_region_ids(user)
        )
    by_province: dict = {}
    for m in municipalities:
        by_province.setdefault(m.province.name, []).append(
            (f"{Kind.MUNICIPAL_OFFICER}:{m.cbs_code}", _option(m.name, Kind.MUNICIPAL_OFFICER))
        )
    for province_name, options in by_province.items():
        groups.append((_("Gemeenteambtenaar in %(province)s") % {"province": province_name}, options))
    return groups


def role_from_choice(value: str):
    """(kind, scope) for a `kind:scope-code` value, or None when it names nothing."""
    kind, _sep, code = value.partition(":")
    if kind not in Kind.values:
        return None
    field = Role.SCOPE_FIELD[kind]
    if field is None:
        return (kind, None) if not code else None
    model = {"province": Province, "municipality": Municipality, "res_region": ResRegion}[field]
    lookup = {"cbs_code": code} if model is Municipality else {"code": code}
    scope = model.objects.filter(**lookup).first() if code else None
    return (kind, scope) if scope is not None else None


def role_choice_value(kind: str, scope=None) -> str:
    return f"{kind}:{_code(scope) if scope is not None else ''}"


class InvitationForm(PortalForm):
    email = forms.EmailField(label=_("E-mailadres"), max_length=254)
    full_name = forms.CharField(label=_("Naam"), max_length=150, required=False)
    role = forms.ChoiceField(
        label=_("Rol"),
        help_text=_("U ziet alleen de rollen die u mag toekennen. Typ in de lijst de eerste letters om te zoeken."),
    )
    ends_on = forms.DateField(
        label=_("Einddatum van de rol"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Vanaf deze dag heeft de persoon de rol niet meer."),
    )
    message = forms.CharField(
        label=_("Persoonlijk bericht"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Komt in de e-mail met de uitnodiging."),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["role"].choices = [("", _("Kies een rol")), *grantable_role_choices(user)]

    def clean_full_name(self):
        return self.cleaned_data["full_name"].replace("\x00", "").strip()

    def clean_message(self):
        return self.cleaned_data["message"].replace("\x00", "").strip()

    def clean_role(self):
        parsed = role_from_choice(self.cleaned_data["role"])
        # The choices already hold only grantable roles; asking may_grant again is the rule
        # itself, so a changed rule can never leave the form offering more than it allows.
        if parsed is None or not may_grant(self.user, parsed[0], parsed[1]):
            raise forms.ValidationError(_("Deze rol mag u niet toekennen."), code="not_grantable")
        return parsed

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on and ends_on <= timezone.localdate():
            raise forms.ValidationError(_("Kies een einddatum na vandaag."), code="past")
        return ends_on


class InvitationAcceptForm(PortalForm):
    full_name = forms.CharField(label=_("Uw naam"), max_length=150)
    password1 = forms.CharField(
        label=_("Wachtwoord"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Minstens 12 tekens, geen veelgebruikt wachtwoord en niet alleen cijfers."),
    )
    password2 = forms.CharField(
        label=_("Wachtwoord nogmaals"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean_full_name(self):
        name = self.cleaned_data["full_name"].replace("\x00", "").strip()
        if not name:
            raise forms.ValidationError(_("Vul uw naam in."), code="required")
        return name

    def clean(self):
        cleaned = super().clean()
        one, two = cleaned.get("password1"), cleaned.get("password2")
        if one and two and one != two:
            self.add_error("password2", forms.ValidationError(_("De wachtwoorden zijn niet gelijk."), code="mismatch"))
        elif one:
            try:
                password_validation.validate_password(
                    one, User(email=self.email, full_name=cleaned.get("full_name", ""))
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class RoleEndForm(PortalForm):
    ends_on = forms.DateField(
        label=_("Eerste dag zonder de rol"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Vandaag: de rol stopt meteen. Een latere datum mag ook."),
    )

    def clean_ends_on(self):
        ends_on = self.cleaned_data["ends_on"]
        if ends_on < timezone.localdate():
            raise forms.ValidationError(_("Kies vandaag of een latere datum."), code="past")
        return ends_on


# --- Access requests and access reviews ----------------------------------------------------
