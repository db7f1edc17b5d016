"""Demo accounts, one per role; logins are in the README."""

from accounts.models import Role, User
from accounts.services import role_grant

DEMO_PASSWORD = "warmte-demo-2026"  # noqa: S105  (documented demo login, never in production data)

# (email, name, role kind, scope lookup)
DEMO_USERS = [
    ("beheer@warmteportaal.nl", "Bram de Beheerder", Role.Kind.PROGRAMME_ADMIN, None),
    ("adviseur@warmteportaal.nl", "Anouk Adviseur", Role.Kind.PROGRAMME_ADVISER, None),
    ("provincie.drenthe@warmteportaal.nl", "Petra Prins", Role.Kind.PROVINCIAL_STAFF, ("province", "PV22")),
    ("provincie.noord-holland@warmteportaal.nl", "Niels Noordhuis", Role.Kind.PROVINCIAL_STAFF, ("province", "PV27")),
    ("gemeente.assen@warmteportaal.nl", "Gert Gemeente", Role.Kind.MUNICIPAL_OFFICER, ("municipality", "GM0106")),
    ("gemeente.zaanstad@warmteportaal.nl", "Zoë Zaan", Role.Kind.MUNICIPAL_OFFICER, ("municipality", "GM0479")),
    ("gemeente.alkmaar@warmteportaal.nl", "Ahmed Alkema", Role.Kind.MUNICIPAL_OFFICER, ("municipality", "GM0361")),
    ("regio.drenthe@warmteportaal.nl", "Rianne Regio", Role.Kind.REGIONAL_COORDINATOR, ("res_region", "ES03")),
    ("regio.nhn@warmteportaal.nl", "Ruud Regio", Role.Kind.REGIONAL_COORDINATOR, ("res_region", "ES15")),
]


# The code each kind of scope is known by in the CBS reference data.
_SCOPE_CODE_FIELD = {"province": "code", "municipality": "cbs_code", "res_region": "code"}


def _scope(field: str, code: str):
    # accounts sits below municipalities (apps import one way, see pyproject.toml), so the scope
    # models are reached through the relation Role declares to them with a lazy string, never
    # imported from municipalities.
    model = Role._meta.get_field(field).related_model
    return model.objects.get(**{_SCOPE_CODE_FIELD[field]: code})


def seed() -> str:
    created = 0
    for email, name, kind, scope_ref in DEMO_USERS:
        user = User.objects.filter(email=email).first()
        if user is None:
            is_admin = kind == Role.Kind.PROGRAMME_ADMIN
            user = User.objects.create_user(
                email=email, password=DEMO_PASSWORD, full_name=name, is_staff=is_admin, is_superuser=is_admin
            )
            created += 1
        scope = _scope(*scope_ref) if scope_ref else None
        role_grant(user=user, kind=kind, scope=scope)
    return f"{created} accounts created, {len(DEMO_USERS)} in total"
