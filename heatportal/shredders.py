"""Django's own tables that can name a person, for heatportal.shredder."""

from django.contrib.admin.models import LogEntry
from django.utils.translation import gettext_lazy as _

from heatportal.shredder import MentionShredder, register


@register
class AdminLogShredder(MentionShredder):
    """The admin's change log repeats an object's name (a contact is "Name <address>")."""

    label = _("beheerlogboek")
    model = LogEntry
    fields = ("object_repr", "change_message")
