from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Role
from heatportal.forms import PortalForm
from municipalities.models import Municipality, Province, ResRegion
from people.access_requests import REQUESTABLE_KINDS

K = Role.Kind


class AccessRequestForm(PortalForm):
    full_name = forms.CharField(label=_("Naam"), max_length=150, widget=forms.TextInput(attrs={"autocomplete": "name"}))
    email = forms.EmailField(
        label=_("Werk-e-mailadres"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )
    kind = forms.ChoiceField(
        label=_("Welke rol vraagt u aan?"),
        choices=[(kind.value, kind.label) for kind in REQUESTABLE_KINDS],
        widget=forms.RadioSelect,
    )
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"),
        queryset=Municipality.objects.current().order_by("name"),
        required=False,
        help_text=_("Alleen nodig voor een gemeenteambtenaar."),
    )
    province = forms.ModelChoiceField(
        label=_("Provincie"),
        queryset=Province.objects.order_by("name"),
        required=False,
        help_text=_("Alleen nodig voor een provinciemedewerker."),
    )
    res_region = forms.ModelChoiceField(
        label=_("RES-regio"),
        queryset=ResRegion.objects.order_by("name"),
        required=False,
        help_text=_("Alleen nodig voor een regiocoördinator."),
    )
    organisation = forms.CharField(
        label=_("Organisatie"), max_length=200, required=False, help_text=_("Alleen nodig voor een programma-adviseur.")
    )
    reason = forms.CharField(
        label=_("Waarom heeft u toegang nodig?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )

    SCOPE_FIELDS = {
        K.MUNICIPAL_OFFICER: "municipality",
        K.PROVINCIAL_STAFF: "province",
        K.REGIONAL_COORDINATOR: "res_region",
        K.PROGRAMME_ADVISER: "organisation",
    }
    REQUIRED_MESSAGES = {
        "municipality": _("Kies de gemeente waar u werkt."),
        "province": _("Kies de provincie waar u werkt."),
        "res_region": _("Kies de RES-regio die u coördineert."),
        "organisation": _("Vul de organisatie in waarvoor u werkt."),
    }

    def clean(self):
        data = super().clean()
        kind = data.get("kind")
        field = self.SCOPE_FIELDS.get(kind)
        if field and not data.get(field):
            self.add_error(field, self.REQUIRED_MESSAGES[field])
        return data

    def scope(self):
        """The province, municipality or RES region the chosen role needs (None for an adviser)."""
        field = Role.SCOPE_FIELD[self.cleaned_data["kind"]]
        return self.cleaned_data[field] if field else None


class DecisionForm(PortalForm):
    message = forms.CharField(
        label=_("Bericht aan de aanvrager"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000, required=False
    )
