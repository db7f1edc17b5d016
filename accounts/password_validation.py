"""Password rules beyond Django's own validators' wording.

Django 6.1 reworded the minimum-length message and its Dutch catalogue does not have the new
wording yet, so Dutch pages showed it in English; this validator says the same in the portal's
own (Dutch-first, translated) words."""

from django.contrib.auth.password_validation import MinimumLengthValidator as DjangoMinimumLengthValidator
from django.utils.translation import ngettext


class MinimumLengthValidator(DjangoMinimumLengthValidator):
    def get_error_message(self):
        return ngettext(
            "Dit wachtwoord is te kort: gebruik minstens %(min_length)d teken.",
            "Dit wachtwoord is te kort: gebruik minstens %(min_length)d tekens.",
            self.min_length,
        ) % {"min_length": self.min_length}

    def get_help_text(self):
        return ngettext(
            "Uw wachtwoord moet minstens %(min_length)d teken lang zijn.",
            "Uw wachtwoord moet minstens %(min_length)d tekens lang zijn.",
            self.min_length,
        ) % {"min_length": self.min_length}
