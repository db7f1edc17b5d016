"""Login accounts and login attempts, for heatportal.shredder."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from heatportal.shredder import Person, Shredder, readable, register


@register
class UserShredder(Shredder):
    """A person who is also a portal user: erasure closes the account and removes its name and
    address (roles go with it); what they changed elsewhere keeps a nameless author."""

    label = _("gebruikersaccount")

    def _users(self, person: Person):
        return User.objects.filter(email__iexact=person.email)

    def names(self, *, email: str) -> set[str]:
        return set(User.objects.filter(email__iexact=email).values_list("full_name", flat=True))

    def export(self, *, person: Person) -> list[dict]:
        rows = []
        for user in self._users(person).prefetch_related("roles"):
            row = readable(user, skip={"password"})
            row["rollen"] = [str(role) for role in user.roles.all()]
            rows.append(row)
        return rows

    def erase(self, *, person: Person) -> int:
        touched = 0
        for user in self._users(person):
            user.roles.all().delete()
            user.email, user.full_name, user.phone = f"gewist-{user.pk}@invalid", "", ""
            user.is_active, user.is_staff, user.is_superuser, user.calendar_token = False, False, False, ""
            user.set_unusable_password()
            user.save()
            touched += 1
        return touched


@register
class LoginAttemptShredder(Shredder):
    """django-axes keeps failed logins under the address typed as user name."""

    label = _("inlogpogingen")

    def _models(self):
        if not apps.is_installed("axes"):
            return []
        return [apps.get_model("axes", name) for name in ("AccessAttempt", "AccessLog", "AccessFailureLog")]

    def export(self, *, person: Person) -> list[dict]:
        return [
            readable(row, only=("username", "ip_address", "attempt_time"))
            for model in self._models()
            for row in model.objects.filter(username__iexact=person.email)
        ]

    def erase(self, *, person: Person) -> int:
        return sum(model.objects.filter(username__iexact=person.email).delete()[0] for model in self._models())
