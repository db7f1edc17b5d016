from django import forms
from django.utils.translation import gettext_lazy as _

from heatportal.audit.models import Action
from heatportal.audit.selectors import LogFilter
from heatportal.forms import PortalForm


class LogFilterForm(PortalForm):
    action = forms.ChoiceField(label=_("Actie"), required=False, choices=[("", _("Alle"))] + Action.choices)
    actor = forms.CharField(label=_("Door (naam of e-mailadres)"), required=False, max_length=100)
    q = forms.CharField(label=_("Zoek in object en omschrijving"), required=False, max_length=100)
    date_from = forms.DateField(label=_("Vanaf"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("Tot en met"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("Kies een datum op of na de begindatum."))
        return data

    def log_filter(self) -> LogFilter:
        d = self.cleaned_data
        return LogFilter(
            action=d.get("action") or "",
            actor=(d.get("actor") or "").strip(),
            query=(d.get("q") or "").strip(),
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
        )
