from django import forms
from django.utils.translation import gettext_lazy as _

from municipalities.models import Contact, Organisation


class ContactForm(forms.ModelForm):
    class Meta:
        model = Contact
        fields = ["name", "email", "phone", "job_title", "organisation"]

    def clean_email(self):
        return self.cleaned_data["email"].lower()


class OrganisationForm(forms.ModelForm):
    class Meta:
        model = Organisation
        fields = ["name", "type", "website", "municipalities"]
        widgets = {"municipalities": forms.SelectMultiple(attrs={"size": 10})}
        help_texts = {"municipalities": _("Houd Ctrl (of Cmd) ingedrukt om meer gemeenten te kiezen.")}
