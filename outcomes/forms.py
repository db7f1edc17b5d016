"""Forms for one outcome row of a session: a koppelkans, an afspraak or a wijkrichting. The
municipality is chosen among the participants the user may record for (outcomes.rules)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from heatportal.forms import PortalForm, PortalModelForm
from municipalities.models import Contact, Organisation
from outcomes.models import AgreedAction, LinkingOpportunity, WijkDirection
from outcomes.rules import recordable_municipalities


class OutcomeForm(PortalModelForm):
    """Base: USER and SESSION decide which municipalities can be chosen."""

    def __init__(self, *args, user, session, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        field.queryset = recordable_municipalities(user, session).order_by("name")
        field.empty_label = None
        if "organisation" in self.fields:
            self.fields["organisation"].queryset = Organisation.objects.order_by("name")


class LinkingOpportunityForm(OutcomeForm):
    # The model's check constraint, said at the field instead of as a database error.
    from_year = forms.IntegerField(label=_("Vanaf jaar"), required=False, min_value=2000, max_value=2100)

    class Meta:
        model = LinkingOpportunity
        fields = ["municipality", "description", "neighbourhood_name", "organisation", "from_year", "status"]


class AgreedActionForm(OutcomeForm):
    class Meta:
        model = AgreedAction
        fields = ["municipality", "description", "owner_organisation", "owner_contact", "due_on", "status"]
        widgets = {"due_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        owner = self.fields["owner_organisation"]
        owner.queryset = Organisation.objects.order_by("name")
        owner.empty_label = _("De gemeente zelf")
        self.fields["owner_contact"].queryset = Contact.objects.select_related("organisation").order_by("name")

    def clean(self):
        cleaned = super().clean()
        contact, organisation = cleaned.get("owner_contact"), cleaned.get("owner_organisation")
        # The contact updates the action for their organisation: one of another party makes no sense.
        if contact is not None and organisation is not None and contact.organisation_id not in (None, organisation.pk):
            self.add_error("owner_contact", _("Deze contactpersoon hoort niet bij de gekozen organisatie."))
        return cleaned


class WijkDirectionForm(OutcomeForm):
    class Meta:
        model = WijkDirection
        fields = ["municipality", "neighbourhood_name", "alternative", "insulation_first", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}


FORMS = {"koppelkans": LinkingOpportunityForm, "afspraak": AgreedActionForm, "richting": WijkDirectionForm}


class ActionStatusForm(PortalForm):
    """The quick status update of one agreed action (outcomes:action_status and, with the
    contact's name, the signed link's page)."""

    status = forms.ChoiceField(label=_("Status"), choices=AgreedAction.Status.choices, widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Toelichting"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Bijvoorbeeld wat er gedaan is, of waarom de afspraak vervalt."),
    )

    def __init__(self, *args, action: AgreedAction, ask_name: bool = False, **kwargs):
        kwargs.setdefault("initial", {"status": action.status, "note": action.status_note})
        super().__init__(*args, **kwargs)
        if ask_name:
            self.fields["name"] = forms.CharField(
                label=_("Uw naam"), max_length=150, help_text=_("Zo weten de anderen wie de status bijwerkte.")
            )
            self.initial.setdefault("name", action.owner_contact.name if action.owner_contact else "")
