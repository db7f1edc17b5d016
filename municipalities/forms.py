from django import forms
from django.utils.translation import gettext_lazy as _

from heatportal.forms import PortalModelForm
from municipalities.models import Contact, Municipality, Organisation


class ContactForm(PortalModelForm):
    class Meta:
        model = Contact
        fields = ["name", "email", "phone", "job_title", "organisation"]

    def clean_email(self):
        return self.cleaned_data["email"].lower()


class OrganisationForm(PortalModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "type", "website", "municipalities"]
        widgets = {"municipalities": forms.SelectMultiple(attrs={"size": 10})}
        help_texts = {
            "municipalities": _("Gegroepeerd per provincie. Houd Ctrl (of Cmd) ingedrukt om meer gemeenten te kiezen.")
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # 342 municipalities in one list are hard to scan: group them per province.
        field = self.fields["municipalities"]
        field.queryset = Municipality.objects.current().select_related("province").order_by("province__name", "name")
        groups: dict[str, list] = {}
        for municipality in field.queryset:
            groups.setdefault(municipality.province.name, []).append((municipality.pk, municipality.name))
        field.choices = list(groups.items())
