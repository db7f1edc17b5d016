"""Demo Leer Labs: the four labs of Noord-Holland's Servicepunt (seed 001), in three states.

Lab 1 has gone ahead (confirmed), lab 2 has 2 of minimum 3 enrolments, lab 3 is full with a
waiting list, lab 4 has just opened. Deadlines lie in the weeks after the day the demo is
seeded; start dates are not yet known. Rows are written directly (no emails): demo state,
not events. Idempotent: labs are found by title, enrolments by (lab, municipality).
"""

import datetime

from django.utils import timezone

from accounts.models import User
from labs.models import Enrolment, Lab, LabMaterial, LabMeeting
from municipalities.models import Municipality, Province

ORGANISER = "Servicepunt Noord-Holland"
ADVISER = "adviseur@warmteportaal.nl"
OFFICERS = {"GM0479": "gemeente.zaanstad@warmteportaal.nl", "GM0361": "gemeente.alkmaar@warmteportaal.nl"}

# (title, summary, duration in months, deadline in days from today, min, max, status,
#  [(municipality code, case, status)])
LABS = [
    (
        "Startplan wijkaanpak aardgasvrij",
        "Zet je wijkaanpak in de startblokken, onderzoek samen de grootste uitdagingen en bedenk oplossingen. "
        "Zo ga je goed voorbereid de wijk in.",
        4,
        14,
        3,
        5,
        Lab.Status.CONFIRMED,
        [
            ("GM0479", "Startplan aardgasvrij Poelenburg en Peldersveld", "active"),
            ("GM0361", "Wijkaanpak Oudorp: van verkenning naar startplan", "active"),
            ("GM0392", "Schalkwijk aardgasvrij-ready: startplan met de woningcorporaties", "active"),
        ],
    ),
    (
        "Doelgroepgerichte aanpak aardgasvrij-ready",
        "Samen een doelgroepgerichte aanpak uitdenken voor jouw gemeente om bewoners te verleiden om stappen te "
        "zetten met isolatie, hybride- of aardgasvrije warmteoplossingen.",
        3,
        21,
        3,
        5,
        Lab.Status.OPEN,
        [
            ("GM0479", "Particuliere eigenaren in jaren-30-wijken verleiden tot isoleren", "active"),
            ("GM0405", "Aanpak voor VvE's in de Hoornse binnenstad", "active"),
        ],
    ),
    (
        "Organisatie inrichting warmtetransitie",
        "Hoe richt ik mijn gemeentelijke organisatie in zodat ik klaar ben voor de warmtetransitie? Hoe positioneer "
        "ik de organisatie binnen de gemeente, maar ook regionaal? Hoe organiseren we de warmtetransitie op een "
        "slimme manier?",
        6,
        28,
        3,
        5,
        Lab.Status.OPEN,
        [
            ("GM0361", "Programmaorganisatie warmte: rollen en mandaat", "active"),
            ("GM0394", "Warmteteam over de afdelingen heen", "active"),
            ("GM0400", "Capaciteit en kennis voor de warmtetransitie borgen", "active"),
            ("GM0439", "Regionale samenwerking Zaanstreek-Waterland organiseren", "active"),
            ("GM0402", "Van Transitievisie Warmte naar uitvoeringsorganisatie", "active"),
            ("GM0479", "Sturing op de warmtetransitie in de gemeentelijke organisatie", "waiting"),
            ("GM0362", "Positie van de gemeente in het regionale warmtenet", "waiting"),
        ],
    ),
    (
        "Verhaal warmtetransitie",
        "Hoe ga ik (na de TVW) effectief het gesprek aan met mijn inwoners over de warmtetransitie? Hoe vertel ik "
        "over de samenhang met andere (duurzaamheids)onderwerpen en hoe stem ik mijn verhaal af op verschillende "
        "typen bewoners?",
        2,
        35,
        3,
        5,
        Lab.Status.OPEN,
        [],
    ),
]

DESCRIPTION = (
    "Een werktraject waarin een groep van 3 tot 5 gemeenten in een aantal stappen toewerkt naar een concreet "
    "eindproject. Elke deelnemer werkt aan een eigen case; samen slim leren staat centraal: je leert van én met "
    "elkaar. Adviseurs van het Servicepunt bieden gedurende het hele traject inhoudelijk advies en "
    "procesbegeleiding. Het programma staat van tevoren niet helemaal vast, maar wordt mede bepaald door de "
    "behoeften van de groep. De startdatum wordt later bekendgemaakt."
)


def _enrol(lab: Lab, code: str, case: str, status: str, order: int, now: datetime.datetime) -> bool:
    municipality = Municipality.objects.get(cbs_code=code)
    officer = User.objects.filter(email=OFFICERS.get(code, "")).first()
    _, created = Enrolment.objects.get_or_create(
        lab=lab,
        municipality=municipality,
        defaults={
            "enrolled_by": officer,
            "case_title": case,
            "status": status,
            "share_contact": officer is not None,
            "queued_at": now - datetime.timedelta(days=10) + datetime.timedelta(hours=order),
        },
    )
    return created


def seed() -> str:
    noord_holland = Province.objects.get(code="PV27")
    adviser = User.objects.filter(email=ADVISER).first()
    today = timezone.localdate()
    now = timezone.now()
    labs_created = enrolments_created = 0
    for title, summary, months, days, low, high, status, enrolments in LABS:
        lab, created = Lab.objects.get_or_create(
            title=title,
            defaults={
                "summary": summary,
                "description": DESCRIPTION,
                "organiser_province": noord_holland,
                "organiser_name": ORGANISER,
                "duration_months": months,
                "enrolment_deadline": today + datetime.timedelta(days=days),
                "min_participants": low,
                "max_participants": high,
                "status": status,
            },
        )
        if created:
            labs_created += 1
            lab.eligible_provinces.set([noord_holland])
            if adviser:
                lab.advisers.set([adviser])
        for order, (code, case, enrolment_status) in enumerate(enrolments):
            enrolments_created += _enrol(lab, code, case, enrolment_status, order, now)
        if created and status == Lab.Status.CONFIRMED:
            LabMeeting.objects.create(
                lab=lab,
                topic="Aftrap: de grootste uitdagingen van jullie wijkaanpak",
                starts_at=timezone.localtime(now).replace(hour=13, minute=30, second=0, microsecond=0)
                + datetime.timedelta(days=28),
                location="Provinciehuis Haarlem",
            )
            # A link only: the demo writes no files.
            LabMaterial.objects.create(
                lab=lab,
                title="Handreiking wijkaanpak (Expertisecentrum Warmte)",
                url="https://www.expertisecentrumwarmte.nl/",
            )
    return f"{labs_created} Leer Labs created ({Lab.objects.count()} in total), {enrolments_created} enrolments created"
