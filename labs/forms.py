from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from heatportal.forms import PortalForm, PortalModelForm
from labs.models import Lab, LabMeeting
from labs.selectors import adviser_candidates
from labs.services.errors import LabError
from labs.services.materials import upload_check
from municipalities.models import Municipality, Province, ResRegion


class EnrolmentForm(PortalForm):
    municipality = forms.ModelChoiceField(
        label=_("Gemeente"), queryset=None, empty_label=None, help_text=_("De gemeente die u aanmeldt.")
    )
    case_title = forms.CharField(
        label=_("Uw case"),
        max_length=200,
        help_text=_("Waar werkt uw gemeente in dit Leer Lab aan? Bijvoorbeeld: startplan voor de wijk Poelenburg."),
    )
    case_description = forms.CharField(
        label=_("Toelichting op de case"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    colleagues = forms.CharField(
        label=_("Collega's die meedoen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Naam en functie, één per regel."),
    )
    learning_goals = forms.CharField(
        label=_("Wat wilt u in dit Leer Lab leren?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Welke vragen neemt u mee, wat wilt u na afloop kunnen? De organisatoren stemmen de bijeenkomsten"
            " hierop af."
        ),
    )
    share_contact = forms.BooleanField(
        label=_("Ik geef toestemming om mijn contactgegevens te delen met de andere deelnemers van dit Leer Lab."),
        required=False,
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = Municipality.objects.filter(
            pk__in=[m.pk for m in municipalities]
        ).order_by("name")
        if len(municipalities) == 1:
            # One municipality: nothing to choose, and a forged value is ignored.
            self.fields["municipality"].widget = forms.HiddenInput()
            self.fields["municipality"].initial = municipalities[0].pk
            self.fields["municipality"].disabled = True


class WithdrawForm(PortalForm):
    reason = forms.CharField(
        label=_("Reden"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("De organisatoren en adviseurs van het Leer Lab lezen dit mee."),
    )
    next = forms.CharField(required=False, max_length=500, widget=forms.HiddenInput())


class LabForm(PortalModelForm):
    class Meta:
        model = Lab
        fields = [
            "title",
            "summary",
            "description",
            "organiser_province",
            "organiser_name",
            "eligible_provinces",
            "eligible_res_regions",
            "min_participants",
            "max_participants",
            "duration_months",
            "enrolment_deadline",
            "start_date",
            "on_shortfall",
            "extension_days",
            "offer_days",
            "advisers",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 6}),
            "enrolment_deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "eligible_provinces": forms.CheckboxSelectMultiple,
            "advisers": forms.CheckboxSelectMultiple,
        }

    reminder_days = forms.CharField(
        label=_("Herinneringen voor bijeenkomsten (dagen vooraf)"),
        initial="7, 1",
        help_text=_("Getallen gescheiden door komma's, bijvoorbeeld 7, 1. Leeg: geen herinneringen."),
        required=False,
    )

    def __init__(self, *args, organiser_provinces, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser_province"].queryset = organiser_provinces
        self.fields["eligible_provinces"].queryset = Province.objects.order_by("name")
        self.fields["eligible_res_regions"].queryset = ResRegion.objects.order_by("name")
        self.fields["advisers"].queryset = adviser_candidates()
        self.fields["advisers"].label_from_instance = lambda user: f"{user.full_name} ({user.email})"
        if self.instance.pk:
            self.initial["reminder_days"] = ", ".join(str(d) for d in self.instance.reminder_days)

    def clean_reminder_days(self) -> list[int]:
        raw = self.cleaned_data["reminder_days"]
        try:
            days = sorted({int(part) for part in raw.replace(";", ",").split(",") if part.strip()}, reverse=True)
        except ValueError as exc:
            raise forms.ValidationError(_("Vul hele getallen in, gescheiden door komma's.")) from exc
        if any(d < 1 or d > 60 for d in days):
            raise forms.ValidationError(_("Kies dagen tussen 1 en 60."))
        return days

    def clean(self):
        data = super().clean()
        low, high = data.get("min_participants"), data.get("max_participants")
        if low is not None and high is not None and low > high:
            self.add_error("max_participants", _("Het maximum moet minstens gelijk zijn aan het minimum."))
        if low is not None and low < 1:
            self.add_error("min_participants", _("Minimaal één gemeente."))
        if self.instance.pk and high is not None:
            taken = self.instance.enrolments.filter(status__in=["active", "offered"]).count()
            if high < taken:
                self.add_error(
                    "max_participants",
                    ngettext(
                        "Er is al %(count)s gemeente met een plek; het maximum kan niet lager.",
                        "Er zijn al %(count)s gemeenten met een plek; het maximum kan niet lager.",
                        taken,
                    )
                    % {"count": taken},
                )
        if data.get("offer_days") is not None and not 1 <= data["offer_days"] <= 30:
            self.add_error("offer_days", _("Kies tussen 1 en 30 dagen."))
        return data

    def save(self, commit=True):
        self.instance.reminder_days = self.cleaned_data["reminder_days"]
        return super().save(commit=commit)


class MeetingForm(PortalModelForm):
    class Meta:
        model = LabMeeting
        fields = ["topic", "starts_at", "ends_at", "location"]
        widgets = {
            "starts_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
            "ends_at": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        }

    def clean(self):
        data = super().clean()
        if data.get("starts_at") and data.get("ends_at") and data["ends_at"] <= data["starts_at"]:
            self.add_error("ends_at", _("Het einde moet na het begin liggen."))
        return data


class CaseUpdateForm(PortalForm):
    body = forms.CharField(label=_("Nieuw bericht"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class AttendanceForm(PortalForm):
    present = forms.ModelMultipleChoiceField(
        label=_("Aanwezige gemeenten"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["present"].queryset = enrolments
        self.fields["present"].label_from_instance = lambda enrolment: enrolment.municipality.name


class MaterialForm(PortalForm):
    title = forms.CharField(label=_("Titel"), max_length=200)
    url = forms.URLField(
        label=_("Link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Of voeg hieronder een bestand toe."),
    )
    file = forms.FileField(
        label=_("Bestand"),
        required=False,
        help_text=_("Pdf, docx, xlsx, pptx, odt, png of jpg, tot 15 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx,.pptx,.odt,.png,.jpg,.jpeg"}),
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                upload_check(upload)
            except LabError as exc:
                raise forms.ValidationError(exc.message) from exc
        return upload or None

    def clean(self):
        data = super().clean()
        if not self.errors:
            if not data.get("url") and not data.get("file"):
                raise forms.ValidationError(_("Voeg een link of een bestand toe."))
            if data.get("url") and data.get("file"):
                raise forms.ValidationError(_("Kies een link of een bestand, niet allebei."))
        return data
