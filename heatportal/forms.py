"""Form ground for every portal form: the renderer, and the input hygiene no form may skip.

Every form of the portal derives from `PortalForm` / `PortalModelForm` (tests/test_hostile_forms.py
fails for one that does not). Before a bound form is validated:

- control characters (C0 except tab, newline and carriage return, DEL, C1) are stripped from
  every submitted value: they are invisible, break XLSX exports (openpyxl refuses them) and
  email headers, and no person types them on purpose;
- a single-line text field (any CharField not shown as a textarea: names, titles, email
  addresses) refuses a line break with a message at the field: a name with CR/LF would make
  every email to that person fail (it cannot be a header), and a browser never sends one from
  an <input>;
- every date and date-time field refuses dates outside 2000-01-01 .. 2100-12-31: year 1 or 9999
  parses fine but breaks whatever computes with the date later (a day before year 1, a time
  zone shift past 9999), long after the form said it was saved.
"""

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.forms.renderers import TemplatesSetting
from django.utils.translation import gettext_lazy as _

FIRST_DATE = dt.date(2000, 1, 1)
LAST_DATE = dt.date(2100, 12, 31)

# C0 controls except \t \n \r, DEL and C1 (U+0080..U+009F).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# Characters that end a line for email headers, browsers or str.splitlines().
_LINE_BREAK = re.compile("[\r\n\u2028\u2029]")


class PortalFormRenderer(TemplatesSetting):
    """Django's accessible form markup (aria-describedby, aria-invalid) in NL Design System dress."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


def strip_control_characters(value: str) -> str:
    """VALUE without control characters; tab, newline and carriage return stay (multi-line text)."""
    return _CONTROL.sub("", value)


def validate_portal_date(value) -> None:
    """Refuse a date (or date-time) the portal cannot compute with: outside 2000 .. 2100."""
    if value is None:
        return
    day = value.date() if isinstance(value, dt.datetime) else value
    if not FIRST_DATE <= day <= LAST_DATE:
        raise ValidationError(
            _("Kies een datum tussen 1 januari 2000 en 31 december 2100."),
            code="date_out_of_range",
        )


def validate_single_line(value) -> None:
    if isinstance(value, str) and _LINE_BREAK.search(value):
        raise ValidationError(_("Dit veld mag geen regeleinde bevatten."), code="line_break")


class PortalDateField(forms.DateField):
    """A DateField with the portal's date range (for forms outside PortalForm, e.g. formsets)."""

    default_validators = [validate_portal_date]


def _is_single_line(field: forms.Field) -> bool:
    return isinstance(field, forms.CharField) and not isinstance(field.widget, forms.Textarea)


def _harden(field: forms.Field) -> None:
    """Add the portal's validators to FIELD (a per-form copy of the class's field); idempotent."""
    if isinstance(field, forms.DateField | forms.DateTimeField):
        wanted = validate_portal_date
    elif _is_single_line(field):
        wanted = validate_single_line
    else:
        return
    if wanted not in field.validators:
        field.validators.append(wanted)


def _clean_value(value):
    return strip_control_characters(value) if isinstance(value, str) else value


def clean_data(data):
    """A copy of submitted DATA (QueryDict or dict) without control characters in any value."""
    if hasattr(data, "lists"):
        cleaned = data.copy()
        for key, values in data.lists():
            cleaned.setlist(key, [_clean_value(v) for v in values])
        return cleaned
    return {
        key: [_clean_value(v) for v in value] if isinstance(value, list | tuple) else _clean_value(value)
        for key, value in data.items()
    }


class PortalFormMixin:
    """Input hygiene for every portal form (see the module docstring). Runs in full_clean, so
    fields a subclass adds in its own __init__ (seats, ranking choices) are covered too."""

    def full_clean(self):
        if self.is_bound:
            self.data = clean_data(self.data)
            for field in self.fields.values():
                _harden(field)
        super().full_clean()


class PortalForm(PortalFormMixin, forms.Form):
    pass


class PortalModelForm(PortalFormMixin, forms.ModelForm):
    pass


def required_when(form, names, when) -> None:
    """Mark FORM's fields NAMES as needed only WHEN (a short phrase, e.g. "nodig bij een andere
    datum"): the label says that instead of "(niet verplicht)", since the form's clean() refuses
    them empty in that case and "not required" would be untrue."""
    for name in names:
        if name in form.fields:
            form.fields[name].required_when = when
