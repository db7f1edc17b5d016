"""Forms about the people of a session: inviting them, their sign-up requests and answers, and
who attended."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from heatportal.forms import PortalForm


class InviteContactsForm(PortalForm):
    contacts = forms.ModelMultipleChoiceField(
        label=_("Contactpersonen"), queryset=None, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, contacts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contacts"].queryset = contacts
        self.fields["contacts"].label_from_instance = lambda c: f"{c.name} ({c.organisation}, {c.email})"


class InvitePasteForm(PortalForm):
    lines = forms.CharField(
        label=_("Namen en e-mailadressen"),
        help_text=_("Eén per regel, in de vorm: Naam &lt;e-mailadres&gt;"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class AnswerForm(PortalForm):
    answer = forms.ChoiceField(
        label=_("Uw antwoord"),
        choices=[("accept", _("Ja, ik kom")), ("decline", _("Nee, ik kan niet"))],
        widget=forms.RadioSelect,
    )

    CHOICE_LABELS = [_("Eerste keus"), _("Tweede keus"), _("Derde keus"), _("Vierde keus"), _("Vijfde keus")]

    def __init__(self, *args, workshops, **kwargs):
        super().__init__(*args, **kwargs)
        self.workshops = list(workshops)
        choices = [("", _("— geen voorkeur —"))] + [(str(w.pk), w.title) for w in self.workshops]
        for index in range(min(len(self.workshops), len(self.CHOICE_LABELS))):
            self.fields[f"choice_{index + 1}"] = forms.ChoiceField(
                label=self.CHOICE_LABELS[index], choices=choices, required=False
            )

    RANKING_ERROR_ID = "ranking-error"
    ranking_error = ""

    def ranking_fields(self):
        return [self[name] for name in self.fields if name.startswith("choice_")]

    def general_errors(self) -> list[str]:
        """Errors for the top of the form; the ranking error is shown at the ranking fields."""
        return [error for error in self.non_field_errors() if error != self.ranking_error]

    def clean(self):
        data = super().clean()
        names = [name for name in self.fields if name.startswith("choice_")]
        picked = [int(data[name]) for name in names if data.get(name)]
        if len(picked) != len(set(picked)):
            self.ranking_error = str(_("Kies elke workshop maar één keer."))
            for name in names:
                self.fields[name].widget.attrs.update(
                    {"aria-invalid": "true", "aria-describedby": self.RANKING_ERROR_ID}
                )
            raise ValidationError(self.ranking_error)
        data["ranking"] = picked
        return data


class SignupRequestForm(PortalForm):
    name = forms.CharField(label=_("Naam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"))
    organisation = forms.CharField(label=_("Organisatie"), max_length=200, required=False)
    motivation = forms.CharField(
        label=_("Waarom wilt u deelnemen?"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )


class AttendanceForm(PortalForm):
    nobody = forms.BooleanField(
        label=_("Niemand was aanwezig"),
        required=False,
        help_text=_("Alleen aanvinken als er echt niemand was; anders vinkt u hierboven aan wie er waren."),
    )

    def __init__(self, *args, rows: list[dict], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"] = forms.MultipleChoiceField(
            label=_("Aanwezig"),
            choices=[(str(row["pk"]), f"{row['name']} ({row['organisation']})") for row in rows],
            initial=[str(row["pk"]) for row in rows if row["attended"]],
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.order_fields(["attended", "nobody"])

    def attended_ids(self) -> set[int]:
        return {int(pk) for pk in self.cleaned_data["attended"]}
