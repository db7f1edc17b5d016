"""Forms for the progress of a municipality; validation happens here, at the edge, in Dutch."""

import re

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from heatportal.forms import PortalDateField, PortalForm, PortalModelForm, required_when
from heatportal.uploads import UploadRefused, upload_check
from municipalities.models import Municipality
from progress.models import AdoptionStatus, Initiative, Neighbourhood, Progress, ProgressComment

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
WIJK_CODE = re.compile(r"^WK\d{6}$")
FIRST_YEAR, LAST_YEAR = 2015, 2060


# Asked for only with the status "vastgesteld door de raad": the field itself is optional.
WHEN_ADOPTED = _("nodig bij ‘Vastgesteld door de raad’")
EVIDENCE_FILE_HELP = _("Of het raadsbesluit zelf: PDF, ODT of DOCX, tot 15 MB.")
EVIDENCE_HELP = _("Bij ‘Vastgesteld door de raad’: een link naar het raadsbesluit of het document zelf.")


def _clean_adoption(form: forms.Form, status_field: str, date_field: str, what: str) -> None:
    status = form.cleaned_data.get(status_field)
    adopted_on = form.cleaned_data.get(date_field)
    if status == AdoptionStatus.ADOPTED and adopted_on is None and date_field not in form.errors:
        form.add_error(date_field, _("Vul de datum in waarop de raad %(what)s heeft vastgesteld.") % {"what": what})
    if adopted_on and adopted_on > timezone.localdate():
        form.add_error(date_field, _("De datum van vaststelling kan niet in de toekomst liggen."))
    elif adopted_on and status != AdoptionStatus.ADOPTED:
        form.add_error(
            date_field,
            _("Een datum van vaststelling hoort alleen bij de status ‘Vastgesteld door de raad’. Maak het veld leeg."),
        )


DECISION_TYPES = ("pdf", "odt", "docx")


def _clean_evidence(form: forms.Form, prefix: str) -> None:
    """The council decision (raadsbesluit) behind an adoption: an https link or a PDF/ODT/DOCX.

    The rule: evidence is required when the status *changes* to adopted, or when the person
    touches the evidence fields of an adopted row (e.g. clears the link). An already adopted row
    without evidence (adopted before the portal asked for it; demo and scale data) stays
    editable as it is: those rows are what the "Vastgesteld zonder raadsbesluit" view is for."""
    url_field, file_field = f"{prefix}_decision_url", f"{prefix}_decision_file"
    url = form.cleaned_data.get(url_field) or ""
    if url and not url.lower().startswith("https://"):
        form.add_error(url_field, _("Geef een link die begint met https://."))
    upload = form.files.get(form.add_prefix(file_field))
    if upload:
        try:
            upload_check(upload, allowed=DECISION_TYPES)
        except UploadRefused as refused:
            form.add_error(file_field, str(refused))
    if file_field in form.cleaned_data and form.cleaned_data[file_field] in (None, False):
        # No file (None) or "clear" ticked (False): stored as "", so an unchanged form saves nothing.
        form.cleaned_data[file_field] = ""
    if form.cleaned_data.get(f"{prefix}_status") != AdoptionStatus.ADOPTED or form.errors.get(url_field):
        return
    newly_adopted = getattr(form.instance, f"{prefix}_status") != AdoptionStatus.ADOPTED
    touched = {url_field, file_field} & set(form.changed_data)
    if (newly_adopted or touched) and not (url or form.cleaned_data.get(file_field)) and file_field not in form.errors:
        form.add_error(
            url_field,
            _("Geef het raadsbesluit bij de vaststelling: een link naar het raadsbesluit of het document zelf."),
        )


class VisionForm(PortalModelForm):
    class Meta:
        model = Progress
        fields = ["vision_status", "vision_adopted_on", "vision_decision_url", "vision_decision_file", "vision_url"]
        widgets = {"vision_adopted_on": DATE_WIDGET}
        labels = {"vision_status": _("Status van de transitievisie warmte")}
        help_texts = {"vision_decision_url": EVIDENCE_HELP, "vision_decision_file": EVIDENCE_FILE_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        required_when(self, ["vision_adopted_on", "vision_decision_url", "vision_decision_file"], WHEN_ADOPTED)

    def clean(self):
        cleaned = super().clean()
        _clean_adoption(self, "vision_status", "vision_adopted_on", _("de visie"))
        _clean_evidence(self, "vision")
        return cleaned


class ProgrammeForm(PortalModelForm):
    class Meta:
        model = Progress
        fields = [
            "programme_status",
            "programme_adopted_on",
            "programme_decision_url",
            "programme_decision_file",
            "programme_url",
        ]
        widgets = {"programme_adopted_on": DATE_WIDGET}
        labels = {"programme_status": _("Status van het warmteprogramma")}
        help_texts = {"programme_decision_url": EVIDENCE_HELP, "programme_decision_file": EVIDENCE_FILE_HELP}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = ["programme_adopted_on", "programme_decision_url", "programme_decision_file"]
        required_when(self, names, WHEN_ADOPTED)

    def clean(self):
        cleaned = super().clean()
        _clean_adoption(self, "programme_status", "programme_adopted_on", _("het warmteprogramma"))
        _clean_evidence(self, "programme")
        return cleaned


class DwellingsForm(PortalModelForm):
    class Meta:
        model = Municipality
        fields = ["dwellings"]
        help_texts = {"dwellings": _("Het totale aantal woningen in de gemeente.")}


class NeighbourhoodForm(PortalModelForm):
    class Meta:
        model = Neighbourhood
        fields = [
            "name",
            "cbs_code",
            "dwellings",
            "period_start",
            "period_end",
            "alternative",
            "insulation_first",
            "wup_status",
        ]
        help_texts = {
            "period_start": _("Jaartal, bijvoorbeeld 2026."),
            "period_end": _("Jaartal, gelijk aan of later dan het beginjaar."),
            "insulation_first": _("De wijk wordt eerst geïsoleerd, vóór de overstap."),
        }

    def clean_cbs_code(self):
        code = self.cleaned_data["cbs_code"].strip().upper()
        if code and not WIJK_CODE.match(code):
            raise forms.ValidationError(_("Een CBS-wijkcode is ‘WK’ met zes cijfers, bijvoorbeeld WK010601."))
        return code

    def _clean_year(self, name):
        year = self.cleaned_data.get(name)
        if year is not None and not FIRST_YEAR <= year <= LAST_YEAR:
            raise forms.ValidationError(
                _("Vul een jaartal in tussen %(first)s en %(last)s.") % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return year

    def clean_period_start(self):
        return self._clean_year("period_start")

    def clean_period_end(self):
        return self._clean_year("period_end")

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("period_start"), cleaned.get("period_end")
        if end is not None and start is None and "period_start" not in self.errors:
            self.add_error("period_start", _("Vul ook het beginjaar van de periode in."))
        if start is not None and end is not None and end < start:
            self.add_error("period_end", _("Het eindjaar kan niet vóór het beginjaar liggen."))
        return cleaned


class InitiativeForm(PortalModelForm):
    class Meta:
        model = Initiative
        fields = [
            "name",
            "phase",
            "heat_solution",
            "contact_name",
            "contact_email",
            "collaboration",
            "collaboration_notes",
        ]
        widgets = {"collaboration_notes": forms.Textarea(attrs={"rows": 3})}


class CommentForm(PortalModelForm):
    # An empty box on a fresh page is not an error: no browser "invalid" styling before submitting.
    use_required_attribute = False

    class Meta:
        model = ProgressComment
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 3})}

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise forms.ValidationError(_("Schrijf een opmerking."))
        return body


class FlagForm(PortalModelForm):
    class Meta:
        model = Progress
        fields = ["flagged", "flag_reason"]
        labels = {"flagged": _("Deze gemeente heeft aandacht nodig")}

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("flagged") and not cleaned.get("flag_reason", "").strip():
            self.add_error("flag_reason", _("Geef kort aan waarom deze gemeente aandacht nodig heeft."))
        if not cleaned.get("flagged"):
            cleaned["flag_reason"] = ""
        return cleaned


class DeadlineOverrideForm(PortalForm):
    """A date other than the law's, and why: the reason is shown beside the date everywhere. The
    law's own date needs no reason: the form shows it when nothing is set, and posting it back
    keeps (or puts back) the law's date."""

    due_on = PortalDateField(label=_("Nieuwe uiterste datum"), widget=DATE_WIDGET)
    reason = forms.CharField(
        label=_("Reden"),
        max_length=300,
        required=False,
        help_text=_("Bijvoorbeeld: gemeentelijke herindeling per 1 januari 2027, uitstel door de minister."),
    )

    def __init__(self, *args, law_due_on, **kwargs):
        super().__init__(*args, **kwargs)
        self.law_due_on = law_due_on
        required_when(self, ["reason"], _("nodig bij een andere datum dan die van de wet"))

    def clean(self):
        cleaned = super().clean()
        due_on, reason = cleaned.get("due_on"), cleaned.get("reason", "").strip()
        if due_on is not None and due_on != self.law_due_on and not reason:
            self.add_error("reason", _("Geef de reden voor de afwijkende datum."))
        cleaned["reason"] = reason if due_on != self.law_due_on else ""
        return cleaned
