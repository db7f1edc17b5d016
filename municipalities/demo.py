"""Demo stakeholders for the municipalities of the seeds (Drenthe, Noord-Holland).

Organisation names are real parties of the kind the seeds mention; people and addresses are
invented (example domains), so demo mail can never reach anyone.
"""

from municipalities.models import Contact, Municipality, Organisation

T = Organisation.Type
DRENTHE = [
    "GM0106",
    "GM1731",
    "GM0119",
    "GM0114",
    "GM1730",
    "GM1680",
    "GM1699",
    "GM1701",
    "GM1690",
    "GM0118",
    "GM1681",
    "GM0109",
]

# (name, type, municipality codes ("*" = all of Drenthe), [(contact name, job title)])
ORGANISATIONS = [
    (
        "Actium",
        T.HOUSING_CORPORATION,
        ["GM0106", "GM1731", "GM1730"],
        [("Henk Bosma", "Adviseur duurzaamheid"), ("Ilse Kuipers", "Projectleider verduurzaming")],
    ),
    ("Woonconcept", T.HOUSING_CORPORATION, ["GM0119", "GM1690", "GM1701"], [("Marloes Jonker", "Strateeg vastgoed")]),
    (
        "Woonservice Drenthe",
        T.HOUSING_CORPORATION,
        ["GM1731", "GM1701", "GM1690", "GM0118"],
        [("Jeroen Smit", "Manager vastgoed")],
    ),
    (
        "Domesta",
        T.HOUSING_CORPORATION,
        ["GM0114", "GM0109", "GM1681"],
        [("Sandra Mulder", "Adviseur energietransitie")],
    ),
    ("Woonborg", T.HOUSING_CORPORATION, ["GM1730", "GM1680", "GM1699"], [("Karin de Vries", "Beleidsadviseur")]),
    ("Enexis Netbeheer", T.GRID_OPERATOR, "*", [("Tom Hendriks", "Regisseur energietransitie Drenthe")]),
    (
        "Rendo Netwerken",
        T.GRID_OPERATOR,
        ["GM0119", "GM1701", "GM1690", "GM0118", "GM0109"],
        [("Erik Wiersma", "Accountmanager gemeenten")],
    ),
    ("Drentse KEI", T.ENERGY_INITIATIVE, "*", [("Margreet Schuiling", "Coördinator")]),
    ("Energiecoöperatie Assen", T.ENERGY_INITIATIVE, ["GM0106"], [("Albert Hoekstra", "Voorzitter")]),
    ("Duurzaam Meppel", T.ENERGY_INITIATIVE, ["GM0119"], [("Femke Post", "Secretaris")]),
    ("Bewonersinitiatief Warm Pittelo", T.RESIDENTS_INITIATIVE, ["GM0106"], [("Lotte Brink", "Trekker")]),
    ("Natuur en Milieufederatie Drenthe", T.OTHER, "*", [("Christiaan Teule", "Flexteam Warmtetransitie")]),
    ("Installatiebedrijf Van der Veen", T.BUSINESS, ["GM0106", "GM1731"], [("Johan van der Veen", "Eigenaar")]),
    (
        "Liander",
        T.GRID_OPERATOR,
        ["GM0479", "GM0361", "GM0363", "GM0392", "GM0405"],
        [("Naima El Amrani", "Strategisch adviseur gemeenten")],
    ),
    ("Parteon", T.HOUSING_CORPORATION, ["GM0479"], [("Ruben Kok", "Programmamanager aardgasvrij")]),
    ("Woonwaard", T.HOUSING_CORPORATION, ["GM0361", "GM1980"], [("Esther Bakker", "Adviseur duurzaamheid")]),
    ("Energiecoöperatie Zaanstad", T.ENERGY_INITIATIVE, ["GM0479"], [("Daan Visser", "Bestuurslid")]),
]


def _email(person: str, organisation: str) -> str:
    local = person.lower().replace(" ", ".").replace("ö", "o").replace("ë", "e")
    domain = "".join(c for c in organisation.lower() if c.isalnum())[:24]
    return f"{local}@{domain}.example"


def seed() -> str:
    created = 0
    for name, type_, codes, people in ORGANISATIONS:
        organisation, was_created = Organisation.objects.get_or_create(name=name, type=type_)
        created += was_created
        lookup = {"cbs_code__in": DRENTHE if codes == "*" else codes}
        organisation.municipalities.add(*Municipality.objects.filter(**lookup))
        for person, job_title in people:
            Contact.objects.get_or_create(
                email=_email(person, name),
                organisation=organisation,
                defaults={"name": person, "job_title": job_title},
            )
    return f"{created} organisations created, {Organisation.objects.count()} in total"
