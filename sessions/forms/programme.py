"""Programme items and workshops of a session: the add forms on the session page and the edit
pages. Each is bound to its session, so only the session's own days can be chosen."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from heatportal.forms import PortalModelForm
from sessions.models import ProgrammeItem, Session, SessionDay, Workshop
from sessions.programme import day_choices

TIME_WIDGET = {"type": "time"}


class _SessionPartForm(PortalModelForm):
    """Offers the session's days; a day is required when there is more than one to choose from
    (with one, it is chosen already, and the service puts a dayless item on it)."""

    day_required = True

    def __init__(self, *args, session: Session, **kwargs):
        super().__init__(*args, **kwargs)
        self.session = session
        days = list(session.days.all())
        self.days = days
        field = forms.ModelChoiceField(
            queryset=SessionDay.objects.filter(session_id=session.pk).order_by("date", "start_time"),
            label=_("Dag"),
            required=self.day_required and len(days) > 1,
            empty_label=_("— kies een dag —") if len(days) > 1 else _("— geen dag —"),
        )
        # Rendered from the session's (prefetched) days, so the session page asks nothing more;
        # a posted day is still checked against the queryset.
        field.widget.choices = [("", field.empty_label), *day_choices(days)]
        self.fields["day"] = field
        if not days:
            field.widget = forms.HiddenInput()
        elif len(days) == 1 and not self.instance.day_id:
            self.initial["day"] = days[0].pk
        self.order_fields(self.field_order_names)


class ProgrammeItemForm(_SessionPartForm):
    field_order_names = ["day", "start_time", "title", "speaker", "format"]

    class Meta:
        model = ProgrammeItem
        fields = ["day", "start_time", "title", "speaker", "format"]
        widgets = {"start_time": forms.TimeInput(attrs=TIME_WIDGET, format="%H:%M")}


class WorkshopForm(_SessionPartForm):
    """A workshop and its time slot. Workshops with the same day, start and end are parallel
    (one place per person among them); a slot that overlaps another without being the same is
    refused, so every workshop is in exactly one slot an invitee can attend."""

    field_order_names = ["title", "capacity", "day", "start_time", "end_time", "room", "description"]
    day_required = False

    class Meta:
        model = Workshop
        fields = ["title", "capacity", "day", "start_time", "end_time", "room", "description"]
        labels = {"room": _("Zaal")}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "start_time": forms.TimeInput(attrs=TIME_WIDGET, format="%H:%M"),
            "end_time": forms.TimeInput(attrs=TIME_WIDGET, format="%H:%M"),
        }

    def clean_capacity(self):
        capacity = self.cleaned_data["capacity"]
        if capacity < 1:
            raise ValidationError(_("Minstens één plaats."))
        return capacity

    def clean(self):
        data = super().clean()
        start, end, day = data.get("start_time"), data.get("end_time"), data.get("day")
        if (start is None) != (end is None) and not self.has_error("start_time") and not self.has_error("end_time"):
            self.add_error("end_time" if end is None else "start_time", _("Geef zowel een begin- als een eindtijd."))
        elif start and end and end <= start:
            self.add_error("end_time", _("De eindtijd ligt vóór de begintijd."))
        elif start and end and day is None and len(self.days) > 1:
            self.add_error("day", _("Kies de dag van dit tijdvak."))
        elif start and end:
            self._check_overlap(day or (self.days[0] if self.days else None), start, end)
        return data

    def _check_overlap(self, day, start, end) -> None:
        others = Workshop.objects.filter(session_id=self.session.pk, day=day, start_time__lt=end, end_time__gt=start)
        clash = others.exclude(pk=self.instance.pk).exclude(start_time=start, end_time=end).first()
        if clash is not None:
            self.add_error(
                "start_time",
                _(
                    "Dit tijdvak overlapt met dat van “%(title)s” (%(start)s–%(end)s). Parallelle workshops "
                    "krijgen dezelfde begin- en eindtijd."
                )
                % {"title": clash.title, "start": f"{clash.start_time:%H:%M}", "end": f"{clash.end_time:%H:%M}"},
            )
