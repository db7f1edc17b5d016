"""The register at national scale (generate_scale_data): the CBS reference data if it is missing,
organisations across all 342 municipalities and a contact pool big enough for 100,000 invitations
and for pasting 2,000 addresses against a register of national size.

Leaves in ctx.share:
- "contacts": [(id, name, email, province_id)] of the pool, in insertion order;
- "contacts_by_province": {province_id: [index into "contacts"]};
- "feed_contact": (id, name, email, province_id) of the programme adviser's own contact, whom the
  sessions part invites to many sessions so the adviser's calendar feed is long.
"""

import datetime as dt
import random

from accounts.scale import ADVISER_EMAIL, ADVISER_NAME
from heatportal.scale import ScaleContext, ascii_slug, insert, moment, person_name, split_exactly
from municipalities.models import Contact, Municipality, Organisation
from municipalities.services import reference_data_load

T = Organisation.Type
ORGANISATIONS_FULL = 4_000
CONTACTS_FULL = 20_000
# From scale 0.1 on, the sessions part makes a session with 2,000 invitees: the pool holds them
# and a few hundred more. Below that the named sessions are scaled down too.
CONTACTS_MINIMUM = {0.1: 2_500, 0.0: 100}
NPLW = "Nationaal Programma Lokale Warmtetransitie"

# (type, share of the organisations, name prefixes; each name is "<prefix> <municipality>")
KINDS = [
    (T.HOUSING_CORPORATION, 25, ["Woonstichting", "Woningcorporatie", "Wooncompagnie", "Woonpartners"]),
    (T.ENERGY_INITIATIVE, 25, ["Energiecoöperatie", "Energie", "Warmtecoöperatie", "Duurzaam"]),
    (T.RESIDENTS_INITIATIVE, 15, ["Bewonersinitiatief", "Buurtwarmte", "Wijkraad", "Dorpsbelang"]),
    (T.BUSINESS, 14, ["Installatiebedrijf", "Isolatiebedrijf", "Ondernemersvereniging", "Warmtebedrijf"]),
    (T.CONSULTANCY, 10, ["Adviesbureau Warmte", "Ingenieursbureau", "Energieadvies"]),
    (T.GOVERNMENT, 5, ["Omgevingsdienst", "Waterschap", "Veiligheidsregio"]),
    (T.OTHER, 6, ["Natuur en Milieu", "Stichting Duurzaam", "Energieloket"]),
]
# The grid operators and the provinces (CBS codes) they serve.
GRID_OPERATORS = [
    ("Liander", ["PV21", "PV24", "PV25", "PV27"]),
    ("Enexis Netbeheer", ["PV20", "PV22", "PV23", "PV30", "PV31"]),
    ("Stedin", ["PV26", "PV28", "PV29"]),
    ("Rendo Netwerken", ["PV22"]),
    ("Coteq Netbeheer", ["PV23"]),
    ("Westland Infra", ["PV28"]),
]
JOB_TITLES = [
    "Adviseur duurzaamheid", "Projectleider warmte", "Strateeg vastgoed", "Beleidsadviseur", "Voorzitter",
    "Secretaris", "Accountmanager gemeenten", "Regisseur energietransitie", "Coördinator", "Eigenaar",
    "Programmamanager aardgasvrij", "Bestuurslid", "Omgevingsmanager", "Wijkcoördinator", "",
]  # fmt: skip


def flush_models() -> list:
    return [Contact, Organisation]


def build(ctx: ScaleContext) -> None:
    if not Municipality.objects.exists():
        ctx.add("municipalities (reference data)", len(reference_data_load().created))
    rng = ctx.rng_for("municipalities")
    municipalities = list(Municipality.objects.current().select_related("province").order_by("cbs_code"))
    organisations, areas = _organisations(ctx, rng, municipalities)
    insert(ctx, "organisations", Organisation, organisations)
    Through = Organisation.municipalities.through
    links = [
        Through(organisation_id=o.pk, municipality_id=m)
        for o, ids in zip(organisations, areas, strict=True)
        for m in ids
    ]
    insert(ctx, "organisation areas", Through, links)
    provinces = {m.pk: m.province_id for m in municipalities}
    contacts = _contacts(ctx, rng, organisations, [provinces[ids[0]] for ids in areas])
    insert(ctx, "contacts", Contact, contacts)
    _share(ctx, contacts, [provinces[ids[0]] for ids in areas], organisations)
    _feed_contact(ctx)


def _unique_name(taken: set, prefix: str, place: str) -> str:
    name, n = f"{prefix} {place}", 2
    while name in taken:
        name, n = f"{prefix} {place} {n}", n + 1
    taken.add(name)
    return name


def _organisations(ctx: ScaleContext, rng: random.Random, municipalities: list) -> tuple[list, list[list[int]]]:
    """The organisations and, for each, the ids of the municipalities it works in (its own first)."""
    by_province: dict[int, list] = {}
    for m in municipalities:
        by_province.setdefault(m.province_id, []).append(m)
    organisations, areas = [], []
    for name, codes in GRID_OPERATORS:
        organisations.append(
            Organisation(name=name, type=T.GRID_OPERATOR, website=f"https://{ascii_slug(name, '')}.example")
        )
        areas.append([m.pk for m in municipalities if m.province.code in codes])
    taken: set[str] = set()
    kinds = [k for k, share, _ in KINDS for _ in range(share)]
    prefixes = {k: p for k, _, p in KINDS}
    for _ in range(ctx.scaled(ORGANISATIONS_FULL, minimum=40) - len(GRID_OPERATORS)):
        kind = rng.choice(kinds)
        home = rng.choice(municipalities)
        name = _unique_name(taken, rng.choice(prefixes[kind]), home.name)
        neighbours = [m.pk for m in rng.sample(by_province[home.province_id], 3) if m.pk != home.pk]
        organisations.append(Organisation(name=name, type=kind, website=f"https://{ascii_slug(name, '-')}.example"))
        areas.append([home.pk, *neighbours[: rng.randint(0, 2)]])
    return organisations, areas


def contact_count(ctx: ScaleContext) -> int:
    minimum = CONTACTS_MINIMUM[0.1] if ctx.scale >= 0.1 else CONTACTS_MINIMUM[0.0]
    return ctx.scaled(CONTACTS_FULL, minimum=minimum)


def _contacts(ctx: ScaleContext, rng: random.Random, organisations: list, province_ids: list[int]) -> list:
    weights = [rng.lognormvariate(0, 0.7) * (8 if o.type == T.GRID_OPERATOR else 1) for o in organisations]
    sizes = split_exactly(contact_count(ctx), weights)
    contacts, n = [], 0
    first_year = ctx.years[0]
    for organisation, size in zip(organisations, sizes, strict=True):
        domain = ascii_slug(organisation.name, "")[:28]
        for _ in range(size):
            n += 1
            name = person_name(rng)
            created = moment(ctx.today.replace(year=first_year, month=1, day=1)) + _days(rng, ctx)
            contacts.append(
                Contact(
                    name=name,
                    email=f"{ascii_slug(name)}.{n}@{domain}.example",
                    phone=f"06-{rng.randrange(10**7, 10**8)}" if rng.random() < 0.5 else "",
                    job_title=rng.choice(JOB_TITLES),
                    organisation=organisation,
                    created_at=created,
                    updated_at=created,
                )
            )
    return contacts


def _days(rng: random.Random, ctx: ScaleContext) -> dt.timedelta:
    span = (ctx.today - ctx.today.replace(year=ctx.years[0], month=1, day=1)).days
    return dt.timedelta(days=rng.randrange(span), minutes=rng.randrange(600))


def _share(ctx: ScaleContext, contacts: list, province_ids: list[int], organisations: list) -> None:
    province_of = {o.pk: p for o, p in zip(organisations, province_ids, strict=True)}
    refs = [(c.pk, c.name, c.email, province_of[c.organisation_id]) for c in contacts]
    by_province: dict[int, list[int]] = {}
    for i, ref in enumerate(refs):
        by_province.setdefault(ref[3], []).append(i)
    ctx.share["contacts"] = refs
    ctx.share["contacts_by_province"] = by_province


def _feed_contact(ctx: ScaleContext) -> None:
    nplw = Organisation.objects.create(name=NPLW, type=T.GOVERNMENT, website="https://nplw.example")
    created = moment(ctx.today.replace(year=ctx.years[0], month=1, day=1))
    contact = insert(
        ctx,
        "contacts",
        Contact,
        [Contact(name=ADVISER_NAME, email=ADVISER_EMAIL, organisation=nplw, created_at=created, updated_at=created)],
    )[0]
    ctx.add("organisations", 1)
    ctx.share["feed_contact"] = (contact.pk, contact.name, contact.email, None)
