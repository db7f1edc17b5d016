"""Invitations, workshop preferences and sign-up requests, for heatportal.shredder."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from heatportal.shredder import MentionShredder, Person, Shredder, readable, register
from sessions.models import Invitation, MunicipalityPlan, ProgrammeItem, Session, SignupRequest


@register
class InvitationShredder(Shredder):
    """Invitations of the person's contacts, with their answers and workshop preferences."""

    label = _("uitnodigingen")

    def _rows(self, person: Person):
        return Invitation.objects.filter(contact__email__iexact=person.email)

    def export(self, *, person: Person) -> list[dict]:
        rows = []
        for invitation in (
            self._rows(person)
            .select_related("session", "workshop", "evaluation")
            .prefetch_related("preferences__workshop", "attending_days__day")
        ):
            row = readable(invitation, skip={"contact", "email", "replaced_contact"})
            row["workshopvoorkeuren"] = [f"{p.rank}. {p.workshop.title}" for p in invitation.preferences.all()]
            row["dagen"] = [str(a.day.date) for a in invitation.attending_days.all()]
            evaluation = getattr(invitation, "evaluation", None)
            if evaluation is not None:
                row["evaluatie"] = {"waardering": evaluation.rating, "antwoorden": evaluation.answers}
            rows.append(row)
        return rows

    def erase(self, *, person: Person) -> int:
        return self._rows(person).delete()[0]  # preferences, days and evaluation go with them (CASCADE)


@register
class SignupRequestShredder(Shredder):
    """Sign-up requests hold the typed name and address themselves (not yet in the register)."""

    label = _("aanmeldverzoeken")

    def _rows(self, person: Person):
        return SignupRequest.objects.filter(Q(email__iexact=person.email) | Q(contact__email__iexact=person.email))

    def names(self, *, email: str) -> set[str]:
        # Only names staff approved: anyone may type any name beside someone's address in a
        # request, and such a name must not decide what else is scrubbed when that person is erased.
        approved = SignupRequest.objects.filter(email__iexact=email, status=SignupRequest.Status.APPROVED)
        return set(approved.values_list("name", flat=True))

    def export(self, *, person: Person) -> list[dict]:
        return [readable(r, skip={"contact"}) for r in self._rows(person).select_related("session", "decided_by")]

    def erase(self, *, person: Person) -> int:
        return self._rows(person).delete()[0]


@register
class SessionTextShredder(MentionShredder):
    label = _("vermeldingen bij sessies")
    model = Session
    fields = ("description", "follow_up", "organiser_name")


@register
class ProgrammeShredder(MentionShredder):
    label = _("vermeldingen in programma's")
    model = ProgrammeItem
    fields = ("title", "speaker")


@register
class PlanNoteShredder(MentionShredder):
    label = _("vermeldingen in planningsnotities")
    model = MunicipalityPlan
    fields = ("note",)
