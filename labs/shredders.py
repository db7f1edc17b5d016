"""Leer Lab enrolments and messages, for heatportal.shredder. Labs store people as portal users
(enrolled_by, author: handled with the account) and in free text: the colleague list, the
case, what the municipality wants to learn, why it withdrew, and the messages in the lab room."""

from django.utils.translation import gettext_lazy as _

from heatportal.shredder import MentionShredder, register
from labs.models import CaseUpdate, Enrolment


@register
class EnrolmentTextShredder(MentionShredder):
    label = _("vermeldingen in Leer Lab-aanmeldingen")
    model = Enrolment
    fields = ("colleagues", "case_title", "case_description", "learning_goals", "withdrawal_reason")


@register
class CaseUpdateShredder(MentionShredder):
    label = _("vermeldingen in Leer Lab-berichten")
    model = CaseUpdate
    fields = ("body",)
