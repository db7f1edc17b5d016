"""Forms about the people of a session: inviting them, their sign-up requests and answers, and
who attended."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from heatportal.forms import PortalForm
from municipalities.models import Organisation
from sessions.invitation_selectors import Delivery
from sessions.models import Invitation, Workshop


class IdsField(forms.Field):
    """Ids of rows, as many checkboxes or hidden inputs of one name send them; whatever is not an id
    is dropped (a tampered value picks nothing), and a selection is capped at MAX."""

    MAX = 5000
    widget = forms.MultipleHiddenInput

    def to_python(self, value) -> set[int]:
        values = value if isinstance(value, list | tuple) else [value] if value else []
        return {int(v) for v in values if isinstance(v, str) and v.isascii() and v.isdigit() and len(v) < 12}

    def clean(self, value):
        ids = super().clean(value)
        if len(ids) > self.MAX:
            raise ValidationError(_("Kies hoogstens %(n)d contactpersonen tegelijk."), params={"n": self.MAX})
        return ids


def _types_field() -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=_("Soort organisatie"),
        choices=Organisation.Type.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class InvitePickerForm(PortalForm):
    """The invite page's contact picker: what it shows (search, types, page) and who is chosen.
    Every button of the picker posts all of it, so a choice made on one page or in one search is
    kept when the organiser moves on to another."""

    q = forms.CharField(label=_("Zoek op naam, e-mailadres of organisatie"), required=False, max_length=100)
    soort = _types_field()
    contacts = IdsField(required=False)

    def filters(self) -> dict:
        """The filters that passed: a value that did not (a tampered type, a line break in the
        search) leaves that filter off and shows its error at the field."""
        self.is_valid()
        return {"types": self.cleaned_data.get("soort") or [], "query": self.cleaned_data.get("q") or ""}

    def chosen(self) -> set[int]:
        self.is_valid()
        return self.cleaned_data.get("contacts") or set()


class InvitationFilterForm(PortalForm):
    """The filters of a session's invitations table (in the URL, so a page of it can be linked)."""

    q = forms.CharField(label=_("Zoek op naam of e-mailadres"), required=False, max_length=100)
    antwoord = forms.ChoiceField(
        label=_("Antwoord"), choices=[("", _("Alle"))] + Invitation.Answer.choices, required=False
    )
    bezorging = forms.ChoiceField(label=_("Verzending"), choices=[("", _("Alle"))] + Delivery.choices, required=False)
    soort = forms.ChoiceField(
        label=_("Soort organisatie"), choices=[("", _("Alle soorten"))] + Organisation.Type.choices, required=False
    )

    def filters(self) -> dict:
        """As InvitePickerForm.filters: a value that did not pass leaves its filter off."""
        self.is_valid()
        data = self.cleaned_data
        return {
            "answer": data.get("antwoord") or "",
            "delivery": data.get("bezorging") or "",
            "types": [data["soort"]] if data.get("soort") else [],
            "query": data.get("q") or "",
        }


class InvitePasteForm(PortalForm):
    lines = forms.CharField(
        label=_("Namen en e-mailadressen"),
        help_text=_("Eén per regel, in de vorm: Naam &lt;e-mailadres&gt;"),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


def _choice_labels(workshops: list[Workshop]) -> list[tuple[Workshop, str]]:
    """Workshop titles, with their time slot when there is more than one slot: the ranking is one
    list, and the lottery gives a place per slot in the order it gives that slot's workshops."""
    if len({w.slot for w in workshops}) < 2:
        return [(w, w.title) for w in workshops]
    labels = []
    for w in workshops:
        when = [date_format(w.day.date, "l j F")] if w.day_id else []
        if w.start_time and w.end_time:
            when.append(f"{w.start_time:%H:%M}–{w.end_time:%H:%M}")
        labels.append((w, f"{w.title} ({', '.join(when)})" if when else w.title))
    return labels


def _day_label(day) -> str:
    return f"{date_format(day.date, 'l j F Y')}, {day.start_time:%H:%M}–{day.end_time:%H:%M}"


class AnswerForm(PortalForm):
    answer = forms.ChoiceField(
        label=_("Uw antwoord"),
        choices=[("accept", _("Ja, ik kom")), ("decline", _("Nee, ik kan niet"))],
        widget=forms.RadioSelect,
    )

    CHOICE_LABELS = [_("Eerste keus"), _("Tweede keus"), _("Derde keus"), _("Vierde keus"), _("Vijfde keus")]

    def __init__(self, *args, workshops, days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.workshops = list(workshops)
        self.days = list(days)
        if len(self.days) > 1:
            # A multi-day session is answered per day: a day is required of who comes, of nobody else.
            declining = self.is_bound and self.data.get(self.add_prefix("answer")) == "decline"
            self.fields["days"] = forms.TypedMultipleChoiceField(
                label=_("Op welke dagen komt u?"),
                choices=[(day.pk, _day_label(day)) for day in self.days],
                coerce=int,
                required=not declining,
                error_messages={"required": _("Kies op welke dag of dagen u komt.")},
                widget=forms.CheckboxSelectMultiple,
                help_text=_("Alleen van belang als u komt."),
            )
        choices = [("", _("— geen voorkeur —"))] + [(str(w.pk), label) for w, label in _choice_labels(self.workshops)]
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
        data["day_ids"] = data.get("days") if "days" in self.fields else None
        return data


class SubstituteForm(PortalForm):
    """'Stuur een collega': who comes instead."""

    name = forms.CharField(label=_("Naam van uw collega"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres van uw collega"), max_length=254)


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


class CheckinSearchForm(PortalForm):
    q = forms.CharField(label=_("Zoek op naam of organisatie"), max_length=100, required=False)


class WalkInForm(PortalForm):
    """Someone at the door who is not on the list."""

    name = forms.CharField(label=_("Naam"), max_length=150)
    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254, help_text=_("Voor de bedankmail en de evaluatie na afloop.")
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisatie"), queryset=Organisation.objects.none(), required=False, empty_label=_("— onbekend —")
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class EvaluationForm(PortalForm):
    """A rating and the session's open questions (each optional)."""

    rating = forms.TypedChoiceField(
        label=_("Hoe waardeert u deze sessie?"),
        choices=[
            (5, _("5 – uitstekend")),
            (4, _("4 – goed")),
            (3, _("3 – redelijk")),
            (2, _("2 – matig")),
            (1, _("1 – slecht")),
        ],
        coerce=int,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, questions, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for index, question in enumerate(self.questions):
            self.fields[f"answer_{index}"] = forms.CharField(
                label=question, required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
            )

    def answer_fields(self):
        return [self[f"answer_{index}"] for index in range(len(self.questions))]

    def answers(self) -> list[str]:
        return [self.cleaned_data.get(f"answer_{index}", "") for index in range(len(self.questions))]


class EvaluationQuestionsForm(PortalForm):
    questions = forms.CharField(
        label=_("Open vragen, één per regel, hoogstens vijf"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        max_length=1200,
        help_text=_("Naast de waardering van 1 tot 5. Wie al invulde, houdt de vragen die hij of zij kreeg."),
    )

    def clean_questions(self) -> list[str]:
        lines = [line.strip() for line in self.cleaned_data["questions"].splitlines() if line.strip()]
        if len(lines) > 5:
            raise ValidationError(_("Hoogstens vijf vragen."))
        if any(len(line) > 200 for line in lines):
            raise ValidationError(_("Een vraag is hoogstens 200 tekens."))
        return lines


class SessionMessageForm(PortalForm):
    """A message to a chosen group of a session's invitees."""

    audience = forms.ChoiceField(label=_("Aan"), choices=(), widget=forms.RadioSelect, initial="accepted")
    types = forms.MultipleChoiceField(
        label=_("Alleen deze soorten organisatie"),
        choices=Organisation.Type.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Niets aangevinkt: alle soorten."),
    )
    workshop = forms.ModelChoiceField(
        label=_("Alleen wie een plek heeft in de workshop"),
        queryset=Workshop.objects.none(),
        required=False,
        empty_label=_("— alle workshops —"),
    )
    subject = forms.CharField(label=_("Onderwerp"), max_length=200)
    body = forms.CharField(label=_("Bericht"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        from sessions.models import SessionMessage

        self.fields["audience"].choices = SessionMessage.Audience.choices
        self.fields["workshop"].queryset = Workshop.objects.filter(session=session).order_by("pk")
        if not self.fields["workshop"].queryset.exists():
            del self.fields["workshop"]
