from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm, PasswordResetForm
from django.utils.translation import gettext_lazy as _

from accounts import services
from accounts.models import User
from heatportal.forms import PortalFormMixin


class LoginForm(PortalFormMixin, AuthenticationForm):
    username = forms.EmailField(
        label=_("E-mailadres"), widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True})
    )
    error_messages = {
        "invalid_login": _("Dit e-mailadres en wachtwoord horen niet bij elkaar. Let op hoofdletters."),
        "inactive": _("Dit account is niet actief."),
    }


class OutboxPasswordResetForm(PortalFormMixin, PasswordResetForm):
    """Password reset through the outbox, so the message is retried and visible like any other."""

    email = forms.EmailField(
        label=_("E-mailadres"), max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )

    def send_mail(
        self, subject_template_name, email_template_name, context, from_email, to_email, html_email_template_name=None
    ):
        services.password_reset_email_queue(user=context["user"], context=context)


class ProfileForm(PortalFormMixin, forms.ModelForm):
    """What a person may change about themselves. The address is the login name and where
    password links go, so it is shown read-only; the programme admin changes it."""

    language = forms.ChoiceField(label=_("Taal van e-mails"), choices=settings.LANGUAGES)

    class Meta:
        model = User
        fields = ["full_name", "phone", "language", "wants_digest", "wants_reminders", "wants_notices"]
        labels = {
            "full_name": _("Naam"),
            "phone": _("Telefoonnummer"),
            "wants_digest": _("Maandoverzicht van de voortgang"),
            "wants_reminders": _("Herinneringen aan bijeenkomsten en Leer Labs"),
            "wants_notices": _("Overige meldingen"),
        }
        help_texts = {
            "phone": _("Optioneel. Alleen zichtbaar voor wie u ondersteunt."),
        }
        widgets = {
            "full_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
        }


class PortalPasswordChangeForm(PortalFormMixin, PasswordChangeForm):
    pass
