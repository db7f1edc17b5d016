"""Forms of planning a session: the session itself, the municipality plan on the board, the seats
at the table (programme items and workshops: sessions/forms/programme.py)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from heatportal.forms import PortalForm, PortalModelForm
from municipalities.models import Municipality, Organisation, Province
from sessions import edit_merge
from sessions.models import MunicipalityPlan, Session
from sessions.services.planning import SESSION_FORM_FIELDS


class SessionForm(PortalModelForm):
    municipalities = forms.ModelMultipleChoiceField(
        label=_("Deelnemende gemeenten"),
        queryset=Municipality.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_municipalities = forms.ModelMultipleChoiceField(
        label=_("Gemeenten uit andere provincies"),
        queryset=Municipality.objects.none(),
        required=False,
        help_text=_(
            "Gegroepeerd per provincie. Typ de eerste letters van een gemeente om ernaartoe te springen; "
            "houd Ctrl (of Cmd) ingedrukt om er meer te kiezen."
        ),
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    reminder_days_text = forms.CharField(
        label=_("Herinneringen, dagen vooraf"),
        initial="7, 1",
        required=False,
        help_text=_("Bijvoorbeeld: 7, 1. Leeg laten voor geen herinneringen."),
    )
    confirm = forms.BooleanField(label=_("Toch opslaan ondanks de waarschuwingen"), required=False)
    # After the organiser has seen who an update would go to (the button of that panel sets it).
    notify_decided = forms.BooleanField(required=False, widget=forms.HiddenInput)
    silent = forms.BooleanField(
        label=_("Genodigden niet informeren (bijvoorbeeld bij een tikfout)"),
        required=False,
        help_text=_("Hun agenda houdt dan de oude gegevens."),
    )
    # The stored state this form was opened on; a save from an older state is a conflict.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Session
        # The service saves exactly these (plus reminder_days, typed here as reminder_days_text).
        fields = [name for name in SESSION_FORM_FIELDS if name != "reminder_days"]
        widgets = {
            "answer_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "follow_up": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, province: Province, provinces, **kwargs):
        super().__init__(*args, **kwargs)
        current = Municipality.objects.current().select_related("province")
        self.fields["municipalities"].queryset = current.filter(province=province).order_by("name")
        others = current.exclude(province=province).order_by("province__name", "name")
        self.fields["other_municipalities"].queryset = others
        # The ~330 other municipalities grouped per province (<optgroup>); validation still uses the queryset.
        groups: dict[str, list] = {}
        for municipality in others:
            groups.setdefault(municipality.province.name, []).append((municipality.pk, municipality.name))
        self.fields["other_municipalities"].widget.choices = list(groups.items())
        if self.instance.organiser_province_id:
            provinces = provinces | Province.objects.filter(pk=self.instance.organiser_province_id)
        self.fields["organiser_province"].queryset = provinces.distinct()
        self.fields["organiser_province"].required = False
        if self.instance.pk:
            chosen = list(self.instance.municipalities.all())
            self.initial["municipalities"] = [m.pk for m in chosen if m.province_id == province.pk]
            self.initial["other_municipalities"] = [m.pk for m in chosen if m.province_id != province.pk]
            self.initial["reminder_days_text"] = ", ".join(str(d) for d in self.instance.reminder_days)
            self.initial["version"] = edit_merge.version_token(self.instance)
        else:
            self.initial.setdefault("organiser_province", province.pk if province in provinces else None)

    def clean_reminder_days_text(self) -> list[int]:
        raw = self.cleaned_data["reminder_days_text"].replace(";", ",")
        try:
            days = sorted({int(part) for part in raw.split(",") if part.strip()}, reverse=True)
        except ValueError:
            raise ValidationError(_("Geef hele getallen, gescheiden door komma's.")) from None
        if any(d < 1 or d > 60 for d in days):
            raise ValidationError(_("Kies dagen tussen 1 en 60."))
        return days

    def clean_version(self) -> dict | None:
        return edit_merge.read_version_token(self.cleaned_data["version"])

    def clean(self):
        data = super().clean()
        if self.instance.pk and self.data.get("version") and data.get("version") is None:
            self.add_error(None, _("Dit formulier is niet meer geldig. Open de sessie opnieuw om haar te bewerken."))
        if not data.get("organiser_province") and not data.get("organiser_name"):
            self.add_error("organiser_name", _("Kies een organiserende provincie of vul een organisator in."))
        return data

    def municipality_ids(self) -> list[int]:
        chosen = list(self.cleaned_data["municipalities"]) + list(self.cleaned_data["other_municipalities"])
        return [m.pk for m in chosen]


class MunicipalityPlanForm(PortalModelForm):
    class Meta:
        model = MunicipalityPlan
        fields = ["own_trajectory", "note"]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}


class SeatsForm(PortalForm):
    """Seats per participating municipality. The page posts which municipalities it showed, so a
    municipality added to the session after the page was opened keeps its seats (an unticked
    checkbox group and a group that was never on the page look the same in a POST)."""

    shown = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        participations = list(session.participations.all())
        self.fields["shown"].initial = ",".join(str(p.municipality_id) for p in participations)
        for participation in participations:
            self.fields[f"m{participation.municipality_id}"] = forms.MultipleChoiceField(
                label=str(participation.municipality),
                choices=Organisation.Type.choices,
                required=False,
                initial=participation.seat_types,
                widget=forms.CheckboxSelectMultiple,
            )

    def seats(self) -> dict[int, list[str]]:
        groups = {name[1:]: value for name, value in self.cleaned_data.items() if name.startswith("m")}
        if self.cleaned_data["shown"]:  # a page that says what it showed (older pages did not)
            shown = set(self.cleaned_data["shown"].split(","))
            groups = {pk: value for pk, value in groups.items() if pk in shown}
        return {int(pk): value for pk, value in groups.items()}
