"""Regional progress, for heatportal.shredder: initiatives name contact persons, free text
(notes, flag reasons, remarks) may mention anyone."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from heatportal.shredder import MentionShredder, Person, Shredder, readable, register
from progress.models import Initiative, Progress, ProgressComment


@register
class InitiativeShredder(Shredder):
    """A local initiative names its contact person: the initiative stays, its contact fields are
    blanked, in its history too. A name without an address is taken to be the person only when
    it is one of the full names the portal holds for that address."""

    label = _("lokale initiatieven")
    FIELDS = ("contact_name", "contact_email")

    def _rows(self, model, person: Person):
        by_name = Q(contact_email="") & Q(contact_name__in=[])
        for name in person.names:
            by_name |= Q(contact_email="", contact_name__iexact=name)
        return model._default_manager.filter(Q(contact_email__iexact=person.email) | by_name)

    def names(self, *, email: str) -> set[str]:
        return set(Initiative.objects.filter(contact_email__iexact=email).values_list("contact_name", flat=True))

    def export(self, *, person: Person) -> list[dict]:
        rows = [readable(i) for i in self._rows(Initiative, person).select_related("municipality")]
        history = self._rows(Initiative.history.model, person)
        rows += [readable(h, only=("name", *self.FIELDS, "history_date")) for h in history]
        return rows

    def erase(self, *, person: Person) -> int:
        touched = 0
        for model in (Initiative, Initiative.history.model):
            touched += self._rows(model, person).update(contact_name="", contact_email="")
        return touched


@register
class InitiativeNotesShredder(MentionShredder):
    label = _("vermeldingen bij lokale initiatieven")
    model = Initiative
    fields = ("collaboration_notes",)
    history = True


@register
class ProgressFlagShredder(MentionShredder):
    label = _("vermeldingen in de voortgang")
    model = Progress
    fields = ("flag_reason",)
    history = True


@register
class ProgressCommentShredder(MentionShredder):
    label = _("vermeldingen in opmerkingen bij de voortgang")
    model = ProgressComment
    fields = ("body",)
