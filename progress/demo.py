"""Demo progress for the municipalities of the seeds (Drenthe, Noord-Holland), loaded by
`manage.py seed_demo` after the municipalities' demo."""

import datetime as dt

from django.core.files.base import ContentFile

from accounts.models import User
from municipalities.models import Municipality
from progress.deadlines import deadlines_refresh
from progress.models import Initiative, Neighbourhood, Progress, ProgressComment

# Dwellings: rounded, indicative numbers of the order CBS reports; not official figures.
DWELLINGS = {
    # Drenthe
    "GM0106": 32000, "GM0109": 16200, "GM0114": 50500, "GM0118": 24000, "GM0119": 15300, "GM1680": 11600,
    "GM1681": 11700, "GM1690": 10800, "GM1699": 14800, "GM1701": 9000, "GM1730": 15400, "GM1731": 14800,
    # Noord-Holland
    "GM0358": 14000, "GM0361": 51000, "GM0362": 43000, "GM0363": 455000, "GM0373": 14500, "GM0375": 19000,
    "GM0376": 4300, "GM0377": 10000, "GM0383": 16000, "GM0384": 14000, "GM0385": 15000, "GM0388": 8300,
    "GM0392": 77000, "GM0394": 66000, "GM0396": 17500, "GM0397": 12000, "GM0399": 10000, "GM0400": 27500,
    "GM0402": 42000, "GM0405": 32000, "GM0406": 18000, "GM0415": 4700, "GM0417": 4800, "GM0420": 20000,
    "GM0431": 4000, "GM0432": 4900, "GM0437": 7000, "GM0439": 42000, "GM0441": 21000, "GM0448": 7000,
    "GM0450": 5500, "GM0451": 13000, "GM0453": 31000, "GM0473": 8000, "GM0479": 68000, "GM0498": 8000,
    "GM0532": 9500, "GM0852": 7500, "GM0880": 7000, "GM1598": 9000, "GM1696": 10500, "GM1911": 21000,
    "GM1942": 27000, "GM1980": 38000,
}  # fmt: skip

# Drenthe: every municipality adopted its transitievisie warmte in 2021 (RES Drenthe).
DRENTHE_VISIONS = {
    "GM1690": "2021-01-28", "GM0119": "2021-02-25", "GM1701": "2021-03-30", "GM1699": "2021-04-20",
    "GM0106": "2021-05-19", "GM1730": "2021-06-15", "GM1680": "2021-06-30", "GM0118": "2021-07-08",
    "GM1731": "2021-09-23", "GM0114": "2021-10-28", "GM1681": "2021-11-16", "GM0109": "2021-12-14",
}  # fmt: skip
# Noord-Holland at the Servicepunt's round of early 2021 (seed 001): 15 visions adopted, the rest
# in preparation.
NOORD_HOLLAND_VISIONS = {
    "GM0363": "2020-10-08", "GM0392": "2020-11-12", "GM0479": "2020-12-17", "GM0361": "2020-12-10",
    "GM0362": "2020-11-24", "GM0402": "2021-01-26", "GM0439": "2020-12-03", "GM0394": "2020-10-29",
    "GM0405": "2021-02-09", "GM0400": "2021-01-19", "GM0453": "2020-12-15", "GM0396": "2021-02-18",
    "GM0375": "2021-03-11", "GM0383": "2021-03-25", "GM0384": "2021-01-28",
}  # fmt: skip
PROGRAMMES_IN_PREPARATION = ["GM0106", "GM0114", "GM0119", "GM0363", "GM0392", "GM0479"]
# A month before the Wgiw's 31-12-2026, a few councils have adopted their first warmteprogramma
# (met, with the raadsbesluit as a document); the rest are at risk, as in the country at large.
PROGRAMMES_ADOPTED = {"GM1730": "2026-11-12", "GM1680": "2026-10-29", "GM0361": "2026-11-05", "GM0384": "2026-09-24"}
# Where a vision and its council decision can be read (the dossier's documents).
DOCUMENTS = {
    "GM0106": {
        "vision_url": "https://www.assen.nl/transitievisie-warmte",
        "vision_decision_url": "https://www.assen.nl/gemeenteraad/besluiten",
    },
}
# Remarks of the region's coordinator (the dossier's remarks): (code, author's email, text).
COMMENTS = [
    (
        "GM0106",
        "regio.drenthe@warmteportaal.nl",
        "Goed dat de koppelkans in Pittelo met de rioolvervanging is opgepakt. Houd de planning van het "
        "warmteprogramma scherp: de raad moet vóór 31 december besluiten.",
    ),
]
FLAGS = {
    "GM0109": "Warmteprogramma nog niet gestart; de gemeente zoekt capaciteit.",
    "GM0400": "Startwijk uitgesteld; bewoners vragen om meer duidelijkheid over kosten.",
}

# (code, name, dwellings, start, end, alternative, insulation first, WUP status)
NEIGHBOURHOODS = [
    ("GM0106", "Pittelo", 2300, 2026, 2030, "heat_network", True, "in_preparation"),
    ("GM0106", "Lariks", 2100, 2025, 2030, "hybrid", True, "adopted"),
    ("GM0106", "Kloosterveen", 5200, None, None, "undecided", False, "none"),
    ("GM0114", "Angelslo", 2600, 2025, 2030, "heat_network", False, "in_execution"),
    ("GM0114", "Emmermeer", 3000, 2026, 2032, "heat_network", True, "in_preparation"),
    ("GM0119", "Haveltermade", 1200, 2027, 2031, "heat_network", True, "none"),
    ("GM0118", "Erflanden", 2500, 2026, 2030, "heat_network", False, "in_preparation"),
    ("GM1730", "Zuidlaren-Noord", 900, 2028, 2035, "green_gas", True, "none"),
    ("GM0363", "Gaasperdam", 6000, 2020, 2026, "heat_network", False, "in_execution"),
    ("GM0363", "Slotermeer-Noordoost", 4300, 2023, 2030, "heat_network", True, "adopted"),
    ("GM0479", "Pelders- en Hoornseveld", 2200, 2022, 2028, "heat_network", False, "in_execution"),
    ("GM0392", "Schalkwijk", 13000, 2023, 2030, "heat_network", False, "adopted"),
    ("GM0392", "Ramplaankwartier", 700, 2024, 2028, "heat_network", True, "in_preparation"),
    ("GM0361", "Overdie", 3500, 2025, 2030, "heat_network", False, "in_preparation"),
    ("GM0439", "Overwhere-Zuid", 1800, 2024, 2028, "heat_network", False, "adopted"),
    ("GM0402", "Hilversum-Noord", 2700, 2026, 2032, "hybrid", True, "none"),
    ("GM0400", "Julianadorp-Oost", 1500, None, None, "undecided", True, "none"),
]

# (code, name, phase, heat solution, collaboration, contact, notes) - seed 004: most stall between
# orientation and project development, and nearly all aim for a heat network.
INITIATIVES = [
    ("GM0106", "Warm Pittelo", "orientation", "heat_network", "supported", "Lotte Brink",
     "Bewoners organiseren informatieavonden; de gemeente betaalt een procesbegeleider."),
    ("GM0106", "Energiecoöperatie Assen – warmtenet Marsdijk", "project_development", "heat_network", "partnership",
     "Albert Hoekstra", "Haalbaarheidsstudie samen met de gemeente; businesscase loopt vast op financiering."),
    ("GM0114", "Bewonersinitiatief Warm Angelslo", "orientation", "heat_network", "independent", "", ""),
    ("GM0119", "Warmtecollectief Duurzaam Meppel", "project_development", "heat_network", "supported", "Femke Post",
     "Wacht op een besluit van de gemeente over de rol in het warmtebedrijf."),
    ("GM1701", "Dorpswarmte Dwingeloo", "orientation", "heat_network", "supported", "", ""),
    ("GM1680", "Energiecoöperatie Gieten", "orientation", "heat_network", "independent", "", ""),
    ("GM1730", "Warmtecoöperatie Zuidlaren", "project_development", "heat_network", "partnership", "", ""),
    ("GM1681", "Buurtwarmte Exloo", "orientation", "green_gas", "supported", "", ""),
    ("GM0479", "Energiecoöperatie Zaanstad – warmte", "orientation", "heat_network", "supported", "Daan Visser", ""),
    ("GM0363", "Warmtecoöperatie Nieuw-West", "project_development", "heat_network", "partnership", "",
     "Gemeente en coöperatie delen een projectleider."),
    ("GM0392", "Bewonersinitiatief Ramplaankwartier", "realisation", "heat_network", "partnership", "",
     "Eerste woningen aangesloten op het buurtwarmtenet."),
    ("GM0361", "Buurtwarmte Oudorp", "orientation", "hybrid", "independent", "", ""),
    ("GM0400", "Warmte Julianadorp", "orientation", "heat_network", "supported", "", ""),
    ("GM0448", "Texel Energie – warmte", "project_development", "heat_network", "supported", "", ""),
]  # fmt: skip


def _date(value: str):
    return dt.date.fromisoformat(value)


def _progress_values(code: str) -> dict:
    adopted = DRENTHE_VISIONS.get(code) or NOORD_HOLLAND_VISIONS.get(code)
    values = {"vision_status": "in_preparation"}
    if adopted:
        values = {
            "vision_status": "adopted",
            "vision_adopted_on": _date(adopted),
        }
    if code in PROGRAMMES_IN_PREPARATION:
        values["programme_status"] = "in_preparation"
    if code in PROGRAMMES_ADOPTED:
        values.update(programme_status="adopted", programme_adopted_on=_date(PROGRAMMES_ADOPTED[code]))
    if code in FLAGS:
        values.update(flagged=True, flag_reason=FLAGS[code])
    return values | DOCUMENTS.get(code, {})


def _seed_comments(municipalities: dict) -> None:
    for code, email, body in COMMENTS:
        author = User.objects.filter(email=email).first()
        if code in municipalities and author:
            ProgressComment.objects.get_or_create(
                municipality=municipalities[code], body=body, defaults={"author": author}
            )


def _decision_pdf(municipality: Municipality, adopted_on: dt.date) -> bytes:
    """A one-page PDF standing in for the raadsbesluit (a demo document, not a real decision)."""
    text = f"Raadsbesluit warmteprogramma {municipality.name}, {adopted_on:%d-%m-%Y} (demo)"
    stream = f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _attach_decision(progress: Progress) -> None:
    adopted_on = progress.programme_adopted_on
    content = ContentFile(_decision_pdf(progress.municipality, adopted_on), name="raadsbesluit.pdf")
    progress.programme_decision_file.save("raadsbesluit.pdf", content, save=False)
    progress.save(update_fields=["programme_decision_file"])


def _seed_rows(municipalities: dict) -> None:
    for code, name, dwellings, start, end, alternative, insulation, wup in NEIGHBOURHOODS:
        Neighbourhood.objects.get_or_create(
            municipality=municipalities[code],
            name=name,
            defaults={
                "dwellings": dwellings,
                "period_start": start,
                "period_end": end,
                "alternative": alternative,
                "insulation_first": insulation,
                "wup_status": wup,
            },
        )
    for code, name, phase, solution, collaboration, contact, notes in INITIATIVES:
        Initiative.objects.get_or_create(
            municipality=municipalities[code],
            name=name,
            defaults={
                "phase": phase,
                "heat_solution": solution,
                "collaboration": collaboration,
                "contact_name": contact,
                "collaboration_notes": notes,
            },
        )


def seed() -> str:
    """Progress for Drenthe and Noord-Holland; creates what is missing, never overwrites edits."""
    municipalities = {m.cbs_code: m for m in Municipality.objects.filter(province__code__in=["PV22", "PV27"]).current()}
    for code, dwellings in DWELLINGS.items():
        if code in municipalities and municipalities[code].dwellings is None:
            municipalities[code].dwellings = dwellings
            municipalities[code].save(update_fields=["dwellings"])
    created = 0
    for code, municipality in municipalities.items():
        progress, was_created = Progress.objects.get_or_create(
            municipality=municipality, defaults=_progress_values(code)
        )
        created += was_created
        if was_created and code in PROGRAMMES_ADOPTED:
            _attach_decision(progress)
    _seed_rows(municipalities)
    _seed_comments(municipalities)
    deadlines_refresh()  # every municipality's deadlines from the law and these adoptions
    adopted_nh = Progress.objects.filter(municipality__province__code="PV27", vision_status="adopted").count()
    return f"progress for {len(municipalities)} municipalities ({created} new), {adopted_nh} adopted visions in NH"
