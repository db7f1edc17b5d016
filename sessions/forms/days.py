"""The days of a session as one formset, each existing day edited in place by its id."""

from dataclasses import dataclass

from django import forms
from django.utils.translation import gettext_lazy as _

from heatportal.forms import PortalDateField, PortalModelForm
from sessions.models import Session, SessionDay
from sessions.services.planning import DAY_EDITED_FIELDS, DayData


class DayForm(PortalModelForm):
    """One day of a session. Existing days carry their id, so an edit updates that very row."""

    date = PortalDateField(label=_("Datum"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"))
    start_time = forms.TimeField(label=_("Begintijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
    end_time = forms.TimeField(label=_("Eindtijd"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))

    class Meta:
        model = SessionDay
        fields = list(DAY_EDITED_FIELDS)
        labels = {
            "venue": _("Locatie"),
            "address": _("Adres"),
            "online_url": _("Online link"),
            "capacity": _("Maximum aantal deelnemers"),
        }

    def clean(self):
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("De eindtijd ligt vóór de begintijd."))
        return data

    def day(self) -> DayData:
        fields = {name: self.cleaned_data[name] for name in DAY_EDITED_FIELDS}
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
