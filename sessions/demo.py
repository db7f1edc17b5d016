"""Demo sessions from the seeds (idempotent: a session with the same title is left alone).

Seed 000: the Drenthe sprint sessions (Meppel pilot with two Overijssel municipalities, Assen and
Midden-Drenthe, Westerveld/De Wolden/Hoogeveen, two still to be scheduled, Noordenveld on its
own trajectory). Seed 002: NPLW's coordinator meeting in Zwolle with two parallel workshops.
Seed 003: the invitation-only knowledge session of Drentse KEI. Plus one upcoming session with
invitations in every state, so the board looks like a working day. Times of day, venues and the
pilot's exact June dates are not in the seeds and are invented.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from heatportal.mail.models import Email
from heatportal.mail.services import render_email
from municipalities.models import Contact, Municipality, Organisation, Province
from sessions.models import (
    Invitation,
    InvitationDay,
    MunicipalityPlan,
    Session,
    SessionMunicipality,
    WorkshopPreference,
)
from sessions.services import allocation, answers, planning, programme, sending
from sessions.services.planning import DayData

T = Organisation.Type
ORGANISER_EMAIL = "provincie.drenthe@warmteportaal.nl"
SPRINT_TEXT = (
    "Tweedaagse sprintsessie om de basis te leggen voor de transitievisie warmte: kennisdeling, daarna in "
    "groepen over mogelijkheden en kosten van alternatieven voor aardgas, met inwoners, ondernemers, "
    "woningcorporaties, netbeheerders en lokale initiatieven aan tafel."
)
SPRINT_SEATS = [T.HOUSING_CORPORATION, T.GRID_OPERATOR, T.ENERGY_INITIATIVE, T.BUSINESS, T.RESIDENTS_INITIATIVE]


def _day(date: str, start: str = "09:00", end: str = "16:30", venue: str = "", address: str = "") -> DayData:
    return DayData(
        dt.date.fromisoformat(date), dt.time.fromisoformat(start), dt.time.fromisoformat(end), venue, address
    )


def _contact(name: str) -> Contact | None:
    return Contact.objects.filter(name=name).order_by("pk").first()


def _create(title: str, *, codes: list[str], days: list[DayData], seats=(), **fields) -> Session | None:
    """The session TITLE with its days and municipalities; None when it already exists."""
    if Session.objects.filter(title=title).exists():
        return None
    organiser = User.objects.filter(email=ORGANISER_EMAIL).first()
    ids = list(Municipality.objects.filter(cbs_code__in=codes).values_list("pk", flat=True))
    session = planning.session_save(
        session=Session(title=title, **fields), days=days, municipality_ids=ids, user=organiser
    )
    if seats:
        SessionMunicipality.objects.filter(session=session).update(seat_types=list(seats))
    return session


def _invite(session: Session, name: str, *, answer: str = "", attended=None, delivery: str = "sent", ranking=()):
    """An invitation in a given state. Delivery is recorded as an outbox row in that state, so the
    demo never mails anyone ("" leaves it unsent)."""
    contact = _contact(name)
    if contact is None:
        return None
    invitation, _ = Invitation.objects.get_or_create(session=session, contact=contact)
    invitation.answer = answer or Invitation.Answer.PENDING
    invitation.answered_at = timezone.now() if answer else None
    invitation.attended = attended
    if delivery:
        context = {
            "session": session,
            "days": list(session.days.all()),
            "workshops": list(session.workshops.all()),
            "invitation": invitation,
            "contact": contact,
            "answer_url": answers.answer_url(invitation),
        }
        subject, text, html = render_email(template="sessions_invitation", context=context)
        email, _ = Email.objects.get_or_create(
            key=f"session:{session.pk}:invitation:{invitation.pk}",
            defaults={
                "to_email": contact.email,
                "to_name": contact.name,
                "subject": subject,
                "body_text": text,
                "body_html": html,
                "batch": sending.invitation_batch(session),
                "status": delivery,
                "attempts": 5 if delivery == Email.Status.FAILED else 1,
                "last_error": "SMTPRecipientsRefused: 550 5.1.1 mailbox unavailable" if delivery == "failed" else "",
                "sent_at": timezone.now() if delivery == Email.Status.SENT else None,
            },
        )
        invitation.email = email
    invitation.save()
    if invitation.answer == Invitation.Answer.ACCEPTED:  # every day, as an answer without a choice of days
        for day in session.days.all():
            InvitationDay.objects.get_or_create(invitation=invitation, day=day)
    for rank, workshop in enumerate(ranking, start=1):
        WorkshopPreference.objects.get_or_create(invitation=invitation, workshop=workshop, defaults={"rank": rank})
    return invitation


def _seed_000(drenthe: Province) -> int:
    created = _held_sprints(drenthe) + _sprints_to_schedule(drenthe)
    noordenveld = Municipality.objects.get(cbs_code="GM1699")
    MunicipalityPlan.objects.get_or_create(
        municipality=noordenveld,
        defaults={
            "own_trajectory": True,
            "note": "Is al begonnen met een eigen traject voor de transitievisie warmte.",
            "updated_by": User.objects.filter(email=ORGANISER_EMAIL).first(),
        },
    )
    return created


def _held_sprint(drenthe: Province, title: str, *, attendees: tuple[str, ...], **fields) -> int:
    """A sprint of the seeds that was held, everyone invited having come; 1 when created."""
    session = _create(
        title,
        kind=Session.Kind.SPRINT,
        organiser_province=drenthe,
        status=Session.Status.HELD,
        seats=SPRINT_SEATS,
        **fields,
    )
    if session is None:
        return 0
    for name in attendees:
        _invite(session, name, answer="accepted", attended=True)
    return 1


def _held_sprints(drenthe: Province) -> int:
    ogterop = {"venue": "Schouwburg Ogterop", "address": "Zuideinde 1, Meppel"}
    provinciehuis = {"venue": "Provinciehuis Drenthe", "address": "Westerbrink 1, Assen"}
    pilot = _held_sprint(
        drenthe,
        "Pilot sprintsessie Meppel, Steenwijkerland en Staphorst",
        codes=["GM0119", "GM1708", "GM0180"],
        days=[_day("2020-06-23", **ogterop), _day("2020-06-24", **ogterop)],
        description=SPRINT_TEXT + " De eerste sprintsessie: een pilot van Drenthe met twee Overijsselse gemeenten.",
        is_pilot=True,
        attendees=("Marloes Jonker", "Erik Wiersma", "Femke Post"),
    )
    assen = _held_sprint(
        drenthe,
        "Sprintsessie Assen en Midden-Drenthe",
        codes=["GM0106", "GM1731"],
        days=[_day("2020-12-03", **provinciehuis), _day("2020-12-04", **provinciehuis)],
        description=SPRINT_TEXT + " De eerste sprintsessie met alleen Drentse gemeenten.",
        attendees=("Henk Bosma", "Jeroen Smit", "Tom Hendriks", "Albert Hoekstra", "Lotte Brink", "Johan van der Veen"),
    )
    westerveld = _held_sprint(
        drenthe,
        "Sprintsessie Westerveld, De Wolden en Hoogeveen",
        codes=["GM1701", "GM1690", "GM0118"],
        days=[_day("2021-01-20", address="online"), _day("2021-01-21", address="online")],
        description=SPRINT_TEXT,
        attendees=("Marloes Jonker", "Jeroen Smit", "Erik Wiersma"),
    )
    return pilot + assen + westerveld


def _sprints_to_schedule(drenthe: Province) -> int:
    created = 0
    for title, codes in (
        ("Sprintsessie Borger-Odoorn, Emmen en Coevorden", ["GM1681", "GM0114", "GM0109"]),
        ("Sprintsessie Tynaarlo en Aa en Hunze", ["GM1730", "GM1680"]),
    ):
        if _create(
            title,
            codes=codes,
            days=[],
            kind=Session.Kind.SPRINT,
            description=SPRINT_TEXT,
            organiser_province=drenthe,
            seats=SPRINT_SEATS,
        ):
            created += 1
    return created


def _seed_002() -> int:
    session = _create(
        "Bijeenkomst regiocoördinatoren lokale warmte",
        codes=[],
        days=[_day("2024-01-29", "13:00", "17:00", venue="Zwolle")],
        kind=Session.Kind.COORDINATOR,
        description=(
            "Voor de regiocoördinatoren lokale warmte en de accounthouders van het NPLW: landelijke en regionale "
            "ontwikkelingen, en kennis opdoen in twee parallelle workshops."
        ),
        organiser_name="Nationaal Programma Lokale Warmtetransitie (NPLW)",
        status=Session.Status.HELD,
    )
    if session is None:
        return 0
    programme.programme_item_add(
        session=session, start_time=dt.time(13), title="Landelijke en regionale ontwikkelingen, met BZK en EZK"
    )
    programme.programme_item_add(session=session, start_time=dt.time(14), title="Flexpools", speaker="Platform31")
    programme.programme_item_add(session=session, start_time=dt.time(15), title="Parallelle workshops", format="group")
    first = programme.workshop_add(
        session=session,
        title="Stappen naar een warmteprogramma",
        capacity=20,
        description="Welke stappen neem je voor een warmteprogramma onder de Omgevingswet (Wgiw)?",
    )
    second = programme.workshop_add(
        session=session,
        title="Regionaal afwegingskader duurzame warmtebronnen",
        capacity=20,
        description="Aan de hand van een casus: redeneringen, afwegingen en dilemma's bij de keuze van bronnen.",
    )
    for name, ranking in (("Margreet Schuiling", [first, second]), ("Christiaan Teule", [second, first])):
        _invite(session, name, answer="accepted", attended=True, ranking=ranking)
    allocation.workshop_allocate(session=session, seed="demo-2024-01-29")
    return 1


def _seed_003(drenthe: Province) -> int:
    session = _create(
        "Kennissessie: rol lokale initiatieven in wijkuitvoeringsplannen",
        codes=[],
        days=[_day("2023-05-09", "19:30", "21:30", venue="Drenthe")],
        kind=Session.Kind.KNOWLEDGE,
        description=(
            "Over de rol van lokale energie-initiatieven bij het maken van wijkuitvoeringsplannen (WUP's): hoe de "
            "transitie georganiseerd is, welke rollen er zijn en welke ondersteuning er is."
        ),
        organiser_province=drenthe,
        organiser_name="Drentse KEI met Natuur en Milieufederatie Drenthe",
        status=Session.Status.HELD,
        invitation_only=True,
    )
    if session is None:
        return 0
    programme.programme_item_add(
        session=session,
        start_time=dt.time(19, 30),
        title="Inleiding: het Flexteam Warmtetransitie",
        speaker="Christiaan Teule",
    )
    programme.programme_item_add(
        session=session,
        start_time=dt.time(20),
        title="Inleiding: landelijke ervaringen met lokale initiatieven en WUP's",
        speaker="Krijn Korver (Energie Samen)",
    )
    programme.programme_item_add(
        session=session,
        start_time=dt.time(20, 30),
        title="Gesprek: welke rol zien de initiatieven voor zichzelf?",
        format="group",
    )
    for name in ("Albert Hoekstra", "Femke Post", "Lotte Brink"):
        _invite(session, name, answer="accepted", attended=True)
    return 1


def _seed_upcoming(drenthe: Province) -> int:
    session = _create(
        "Terugkomsessie warmteprogramma Assen en Midden-Drenthe",
        codes=["GM0106", "GM1731"],
        days=[
            _day("2026-12-15", venue="Provinciehuis Drenthe", address="Westerbrink 1, Assen"),
            _day("2026-12-16", "09:00", "13:00", venue="Provinciehuis Drenthe", address="Westerbrink 1, Assen"),
        ],
        kind=Session.Kind.SPRINT,
        description="Van transitievisie naar warmteprogramma: wat is er sinds de sprintsessie gebeurd, en wat nu?",
        organiser_province=drenthe,
        answer_deadline=dt.date(2026, 12, 4),
        follow_up="Het verslag en de afspraken per wijk volgen binnen twee weken.",
        seats=SPRINT_SEATS,
    )
    if session is None:
        return 0
    programme.programme_item_add(session=session, start_time=dt.time(9, 30), title="Terugblik en stand van zaken")
    programme.programme_item_add(session=session, start_time=dt.time(11), title="Parallelle workshops", format="group")
    wijk = programme.workshop_add(session=session, title="Wijkaanpak en participatie", capacity=12)
    net = programme.workshop_add(session=session, title="Warmtebronnen en netcapaciteit", capacity=12)
    _invite(session, "Henk Bosma", answer="accepted", ranking=[wijk, net])
    _invite(session, "Ilse Kuipers", answer="accepted", ranking=[net, wijk])
    _invite(session, "Jeroen Smit", answer="declined")
    _invite(session, "Tom Hendriks")
    _invite(session, "Albert Hoekstra", delivery=Email.Status.FAILED)
    _invite(session, "Lotte Brink", delivery="")
    _invite(session, "Johan van der Veen", delivery="")
    return 1


@transaction.atomic
def seed() -> str:
    drenthe = Province.objects.get(code="PV22")
    created = _seed_000(drenthe) + _seed_002() + _seed_003(drenthe) + _seed_upcoming(drenthe)
    return f"{created} sessions created, {Session.objects.count()} in total"
