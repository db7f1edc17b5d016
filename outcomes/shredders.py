"""What sessions produced, for heatportal.shredder: an agreed action's status names who set it
(through the signed link, the owner's contact under the name they typed) and its note may
mention anyone. The action stays; the name and the mentions go, in its history too."""

from django.utils.translation import gettext_lazy as _

from heatportal.shredder import MentionShredder, register
from outcomes.models import AgreedAction


@register
class AgreedActionStatusShredder(MentionShredder):
    label = _("vermeldingen bij afspraken uit sessies")
    model = AgreedAction
    fields = ("status_changed_by_name", "status_note", "description")
    history = True
