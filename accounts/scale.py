"""The people of the national data set (generate_scale_data): programme staff, two staff members
per province, an officer for every municipality and a coordinator for every RES region, all with
one known password and addresses in the example domain `schaal.example`.

Leaves in ctx.share:
- "password": the one password of every scale login;
- "users": {"admin": id, "advisers": [id], "staff": {province_id: [id]},
  "officers": {municipality_id: id}, "coordinators": {res_region_id: id}};
- "largest_region": (id, code, name) of the RES region with the most municipalities;
- "feed_token": the programme adviser's calendar-feed token.
"""

import datetime as dt

from django.contrib.auth.hashers import make_password
from django.db.models import Count, Q

from accounts.models import Role, User
from heatportal.scale import ScaleContext, ascii_slug, insert, moment, person_name

DOMAIN = "schaal.example"
SCALE_PASSWORD = "warmte-schaal-2026"  # noqa: S105  (documented benchmark login, never in production data)
ADMIN_EMAIL = f"beheer@{DOMAIN}"
ADVISER_EMAIL = f"adviseur@{DOMAIN}"
ADVISER_NAME = "Anouk Adviseur"
EXTRA_ADVISERS = 4
STAFF_PER_PROVINCE = 2
K = Role.Kind


def _scope_model(field: str):
    # accounts sits below municipalities: the scope models are reached through Role's lazy
    # relations, never imported (as in accounts/demo.py).
    return Role._meta.get_field(field).related_model


def staff_email(province_name: str, n: int = 1) -> str:
    return f"provincie.{ascii_slug(province_name, '-')}{'' if n == 1 else f'.{n}'}@{DOMAIN}"


def officer_email(cbs_code: str) -> str:
    return f"gemeente.{cbs_code.lower()}@{DOMAIN}"


def coordinator_email(res_code: str) -> str:
    return f"regio.{res_code.lower()}@{DOMAIN}"


def occupied() -> dict[str, int]:
    n = User.objects.filter(email__endswith=f"@{DOMAIN}").count()
    return {"scale logins": n} if n else {}


def flush_models() -> list:
    return []  # users are shared with whoever else uses the database: only ours go (flush)


def flush() -> str:
    deleted, _ = User.objects.filter(email__endswith=f"@{DOMAIN}").delete()
    return f"{deleted} rows of the scale logins and their roles deleted" if deleted else ""


class _People:
    """Users and their roles, collected, then inserted in two statements."""

    def __init__(self, ctx: ScaleContext):
        self.rng = ctx.rng_for("accounts")
        self.password = make_password(SCALE_PASSWORD)  # hashed once: every login has the same one
        self.joined = moment(dt.date(ctx.years[0], 1, 7))
        self.users: list[User] = []
        self.roles: list[tuple[int, str, dict]] = []

    def add(self, email: str, kind: str, scope: dict | None = None, name: str = "", **fields) -> User:
        user = User(
            email=email,
            full_name=name or person_name(self.rng),
            password=self.password,
            date_joined=self.joined + dt.timedelta(days=self.rng.randrange(2000)),
            **fields,
        )
        self.users.append(user)
        self.roles.append((len(self.users) - 1, kind, scope or {}))
        return user


def build(ctx: ScaleContext) -> None:
    people = _People(ctx)
    admin = people.add(ADMIN_EMAIL, K.PROGRAMME_ADMIN, name="Bram Beheer", is_staff=True, is_superuser=True)
    token = "schaal" + "".join(people.rng.choice("0123456789abcdef") for _ in range(32))
    advisers = [people.add(ADVISER_EMAIL, K.PROGRAMME_ADVISER, name=ADVISER_NAME, calendar_token=token)]
    advisers += [people.add(f"adviseur.{n}@{DOMAIN}", K.PROGRAMME_ADVISER) for n in range(2, EXTRA_ADVISERS + 2)]
    staff = _staff(people)
    officers = {
        m.pk: people.add(officer_email(m.cbs_code), K.MUNICIPAL_OFFICER, {"municipality_id": m.pk})
        for m in _scope_model("municipality").objects.filter(ended_on__isnull=True).order_by("cbs_code")
    }
    coordinators = {
        r.pk: people.add(coordinator_email(r.code), K.REGIONAL_COORDINATOR, {"res_region_id": r.pk})
        for r in _scope_model("res_region").objects.order_by("code")
    }
    insert(ctx, "users", User, people.users)
    roles = [Role(user_id=people.users[i].pk, kind=kind, **scope) for i, kind, scope in people.roles]
    insert(ctx, "roles", Role, roles)
    ctx.share["password"] = SCALE_PASSWORD
    ctx.share["users"] = {
        "admin": admin.pk,
        "advisers": [u.pk for u in advisers],
        "staff": {p: [u.pk for u in users] for p, users in staff.items()},
        "officers": {m: u.pk for m, u in officers.items()},
        "coordinators": {r: u.pk for r, u in coordinators.items()},
    }
    _logins(ctx, token)


def _staff(people: _People) -> dict[int, list[User]]:
    staff: dict[int, list[User]] = {}
    for province in _scope_model("province").objects.order_by("code"):
        staff[province.pk] = [
            people.add(staff_email(province.name, n), K.PROVINCIAL_STAFF, {"province_id": province.pk})
            for n in range(1, STAFF_PER_PROVINCE + 1)
        ]
    return staff


def _logins(ctx: ScaleContext, token: str) -> None:
    region = (
        _scope_model("res_region")
        .objects.annotate(n=Count("municipalities", filter=Q(municipalities__ended_on__isnull=True)))
        .order_by("-n", "code")
        .first()
    )
    ctx.share["largest_region"] = (region.pk, region.code, region.name)
    ctx.logins += [("programme admin", ADMIN_EMAIL), ("programme adviser (calendar feed)", ADVISER_EMAIL)]
    for province in _scope_model("province").objects.order_by("code"):
        ctx.logins.append((f"staff of {province.name} ({province.code})", staff_email(province.name)))
    ctx.logins.append(
        (f"coordinator of the largest RES region, {region.name} ({region.code})", coordinator_email(region.code))
    )
    ctx.logins.append(("officer of every municipality", f"gemeente.<cbs code, e.g. gm0363>@{DOMAIN}"))
    ctx.share["feed_token"] = token
