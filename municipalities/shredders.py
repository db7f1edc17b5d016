"""The stakeholder register, for heatportal.shredder."""

from django.utils.translation import gettext_lazy as _

from heatportal.shredder import Person, Shredder, readable, register
from municipalities.models import Contact


@register
class ContactShredder(Shredder):
    """Every contact row of the address: one person may be registered at several organisations.
    Deleting them removes what hangs on them (invitations, approved sign-up requests)."""

    label = _("contactpersonen")

    def names(self, *, email: str) -> set[str]:
        return set(Contact.objects.filter(email__iexact=email).values_list("name", flat=True))

    def export(self, *, person: Person) -> list[dict]:
        contacts = Contact.objects.filter(email__iexact=person.email).select_related("organisation")
        return [readable(contact) for contact in contacts]

    def erase(self, *, person: Person) -> int:
        return Contact.objects.filter(email__iexact=person.email).delete()[0]
