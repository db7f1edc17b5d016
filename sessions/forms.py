import datetime as dt
from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from heatportal.forms import PortalDateField, PortalForm, PortalModelForm
from municipalities.models import Municipality, Organisation, Province
from sessions import edit_merge
from sessions.models import MunicipalityPlan, ProgrammeItem, Session, SessionDay, Workshop
from sessions.services.planning import DAY_FIELDS, SESSION_FORM_FIELDS, DayData


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


class DayForm(PortalModelForm):
    """One day of a session. Existing days carry their id, so an edit updates that very row."""

    date = PortalDateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Begintijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Eindtijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    class Meta:
        model = SessionDay
        fields = list(DAY_FIELDS)
        labels = {"venue": _("Locatie"), "address": _("Adres"), "online_url": _("Online link")}

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("De eindtijd ligt vóór de begintijd."))
        return data

    def day(self) -> DayData:
        fields = {name: self.cleaned_data[name] for name in DAY_FIELDS}
        return DayData(**fields, id=self.instance.pk)


class BaseDayFormSet(forms.BaseInlineFormSet):
    """The days of a session, each existing day identified by its id (posted in a hidden field).

    Only the session's own days can be addressed: an id of another session's day is refused by
    the formset's queryset, so no one edits a day through a session they may not change."""

    def get_queryset(self):
        if not self.instance.pk:
            return SessionDay.objects.none()
        return SessionDay.objects.filter(session=self.instance).order_by("date", "start_time", "pk")


def day_formset(data=None, *, session: Session | None = None) -> forms.BaseInlineFormSet:
    session = session if session is not None else Session()
    has_days = bool(session.pk) and session.days.exists()
    formset_class = forms.inlineformset_factory(
        Session, SessionDay, form=DayForm, formset=BaseDayFormSet, extra=1 if has_days else 2, can_delete=True
    )
    if data is not None and session.pk:
        data = _without_vanished_days(data, session)
    return formset_class(data, instance=session, prefix="days")


def _without_vanished_days(data, session: Session):
    """A posted day whose row was removed meanwhile (by another editor) comes back as a new day
    instead of an error on a hidden field: the planner's input is never lost. Django counts the
    first INITIAL_FORMS forms as existing rows (their id required), so the rows are renumbered:
    days still stored first, then the vanished ones and the empty rows as new days."""
    prefix = "days"
    try:
        total = int(data.get(f"{prefix}-TOTAL_FORMS", ""))
    except ValueError:
        return data  # the formset reports a broken management form itself
    total = min(total, 1000)
    stored = {str(pk) for pk in SessionDay.objects.filter(session=session).values_list("pk", flat=True)}
    rows = []
    for index in range(total):
        start = f"{prefix}-{index}-"
        rows.append({key[len(start) :]: data.getlist(key) for key in data if key.startswith(start)})
    vanished = [row for row in rows if (row.get("id") or [""])[0] not in ("", *stored)]
    if not vanished:
        return data
    for row in vanished:
        row["id"] = [""]
    kept = [row for row in rows if (row.get("id") or [""])[0] in stored]
    new = [row for row in rows if row not in kept]
    result = data.copy()
    for key in [k for k in result if k.startswith(f"{prefix}-") and k.split("-")[1].isdigit()]:
        del result[key]
    for index, row in enumerate(kept + new):
        for name, values in row.items():
            result.setlist(f"{prefix}-{index}-{name}", values)
    result[f"{prefix}-INITIAL_FORMS"] = str(len(kept))
    return result


@dataclass(frozen=True)
class DayChanges:
    """What the planner asked for: days to keep or update (with id) or add (without), and the
    ids of days ticked for removal. Days not mentioned at all stay as they are."""

    days: list[DayData]
    removed_ids: set[int]


def formset_days(formset) -> DayChanges:
    """Every existing day is kept (changed or not); a blank extra row is no day; removal is only
    ever a ticked "Verwijderen"."""
    days, removed = [], set()
    for form in formset.forms:
        existing = form.instance.pk is not None
        if form in formset.deleted_forms:
            if existing:
                removed.add(form.instance.pk)
            continue
        if existing or form.has_changed():
            days.append(form.day())
    days.sort(key=lambda d: (d.date, d.start_time))
    return DayChanges(days=days, removed_ids=removed)


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


class ProgrammeItemForm(PortalModelForm):
    class Meta:
        model = ProgrammeItem
        fields = ["start_time", "title", "speaker", "format"]
        widgets = {"start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M")}


class WorkshopForm(PortalModelForm):
    class Meta:
        model = Workshop
        fields = ["title", "capacity", "description"]
        widgets = {"description": forms.Textarea(attrs={"rows": 2})}

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise ValidationError(_("Minstens één plaats."))
        return capacity


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


def _shown(value) -> str:
    """A value as the conflict notice shows it to a planner."""
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, bool):
        return str(_("ja") if value else _("nee"))
    if isinstance(value, dt.date):
        return date_format(value, "j F Y")
    if isinstance(value, list | tuple):
        return ", ".join(str(v) for v in value)
    return str(value)


def _day_label(day) -> str:
    place = ", ".join(part for part in (day.venue, day.address, day.online_url) if part)
    label = f"{date_format(day.date, 'j F Y')} {day.start_time:%H:%M}–{day.end_time:%H:%M}"
    return f"{label} ({place})" if place else label


def conflict_differences(*, form: SessionForm, days: DayChanges, current: Session, merged: dict) -> list[dict]:
    """What the other editor changed meanwhile, field by field: "taken" when it is now in this
    editor's form (they had left that field alone), "both" when both changed it differently (the
    form keeps theirs, this editor decides)."""
    data = form.cleaned_data
    labels = {name: form.fields[name].label for name in SessionForm.Meta.fields}
    labels |= {"reminder_days": form.fields["reminder_days_text"].label, "municipalities": _("Deelnemende gemeenten")}

    def stored_value(name):
        if name == "kind":
            return current.get_kind_display()
        if name == "municipalities":
            return sorted(p.municipality.name for p in current.participations.select_related("municipality"))
        return getattr(current, name)

    def typed_value(name):
        if name == "kind":
            return dict(Session.Kind.choices).get(data.get("kind"), data.get("kind"))
        if name == "municipalities":
            return sorted(m.name for m in [*data.get("municipalities", []), *data.get("other_municipalities", [])])
        if name == "reminder_days":
            return data.get("reminder_days_text")
        return data.get(name)

    differences = [
        {"kind": "taken", "label": labels[name], "stored": _shown(stored_value(name)), "yours": ""}
        for name in merged["take"]
    ]
    differences += [
        {
            "kind": "both",
            "label": labels[name],
            "stored": _shown(stored_value(name)),
            "yours": _shown(typed_value(name)),
        }
        for name in merged["both"]
    ]
    if merged["days"] != "yours":
        stored_days = [_day_label(d) for d in current.days.order_by("date", "start_time")]
        yours = "" if merged["days"] == "stored" else _shown([_day_label(d) for d in days.days])
        differences.append(
            {
                "kind": "taken" if merged["days"] == "stored" else "both",
                "label": _("Dagen"),
                "stored": _shown(stored_days),
                "yours": yours,
            }
        )
    return differences
