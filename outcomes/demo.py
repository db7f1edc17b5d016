"""Demo outcomes for the held seed sessions (idempotent: a session with outcomes is left alone).

Sprintsessie Assen en Midden-Drenthe (December 2020) and Sprintsessie Westerveld, De Wolden en
Hoogeveen (January 2021): per municipality a koppelkans, an agreed action and a wijk direction,
the kind of thing such a session finds (a sewer replacement to join, a corporation's renovation
round, a heat network to explore). The party is a housing corporation of the register when the
municipality has one, otherwise left open. The agreed actions stand in realistic states: done,
dropped, open and due, and one open past its date (Assen's), which the region dashboard flags.
Both sessions have a published terugblik (no photos: the demo puts no files in MEDIA_ROOT) with
the attendance per kind of organisation counted from who came.
"""

import datetime as dt

from django.utils import timezone

from accounts.models import User
from municipalities.models import Municipality, Organisation
from outcomes.models import AgreedAction, LinkingOpportunity, SessionReview, WijkDirection
from outcomes.selectors_review import attendance_by_type
from sessions.demo import ORGANISER_EMAIL
from sessions.models import Session

SESSIONS = {
    "Sprintsessie Assen en Midden-Drenthe": {
        "GM0106": ("Pittelo", "heat_network", 2027),
        "GM1731": ("Beilen-Oost", "all_electric", 2028),
    },
    "Sprintsessie Westerveld, De Wolden en Hoogeveen": {
        "GM1701": ("Havelte", "hybrid", 2028),
        "GM1690": ("Zuidwolde", "all_electric", 2029),
        "GM0118": ("Krakeel", "heat_network", 2027),
    },
}


REVIEWS = {
    "Sprintsessie Assen en Midden-Drenthe": (
        "Twee dagen met Assen en Midden-Drenthe, hun corporaties en de netbeheerder aan tafel.\n\n"
        "In Pittelo sluit het warmtenet aan bij de rioolvervanging; in Beilen-Oost gaat de corporatie "
        "eerst isoleren. Beide gemeenten leggen de wijkvolgorde vast in hun warmteprogramma."
    ),
    "Sprintsessie Westerveld, De Wolden en Hoogeveen": (
        "Drie gemeenten werkten hun wijkaanpak uit, met de energiecoöperaties uit Havelte en Zuidwolde.\n\n"
        "Afgesproken: bewonersavonden in elke wijk, en in Krakeel een verkenning van een warmtenet."
    ),
}


def _party(municipality: Municipality) -> Organisation | None:
    return (
        Organisation.objects.filter(municipalities=municipality, type=Organisation.Type.HOUSING_CORPORATION)
        .order_by("name")
        .first()
    )


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(16, 0)))


def _second_action(municipality: Municipality) -> dict:
    """Each municipality's second action in another state: Assen's is overdue (the region
    dashboard's flag), Midden-Drenthe's is the corporation's, with a contact who gets the link."""
    today = timezone.localdate()
    programme = "Warmteprogramma: wijkvolgorde vastleggen"
    if municipality.cbs_code == "GM0106":
        return {"description": programme, "due_on": today - dt.timedelta(days=21)}
    if municipality.cbs_code == "GM1731":
        party = _party(municipality)
        contact = party.contacts.order_by("name").first() if party else None
        return {
            "description": "Planning renovatieronde huurwoningen delen met de gemeente",
            "owner_organisation": party,
            "owner_contact": contact,
            "due_on": today + dt.timedelta(days=30),
        }
    if municipality.cbs_code == "GM1690":
        return {
            "description": "Haalbaarheid warmtenet Zuidwolde laten onderzoeken",
            "due_on": dt.date(2021, 9, 1),
            "status": AgreedAction.Status.DROPPED,
            "status_note": "Te weinig warmtevraag in de kern; de wijk gaat all-electric.",
            "status_changed_at": _aware(dt.date(2021, 6, 15)),
            "status_changed_by_name": "Beleidsadviseur energie",
        }
    if municipality.cbs_code == "GM0118":
        return {
            "description": programme,
            "due_on": dt.date(2026, 10, 1),
            "status": AgreedAction.Status.DONE,
            "status_note": "Wijkvolgorde staat in het concept-warmteprogramma.",
            "status_changed_at": _aware(dt.date(2026, 9, 24)),
            "status_changed_by_name": "Beleidsadviseur energie",
        }
    return {"description": programme, "due_on": dt.date(2026, 12, 31)}


def _seed_municipality(session: Session, municipality: Municipality, wijk: str, alternative: str, year: int):
    common = {"session": session, "municipality": municipality}
    held_on = session.days.order_by("date").values_list("date", flat=True).first() or dt.date(2021, 1, 1)
    LinkingOpportunity.objects.create(
        **common,
        description=f"Rioolvervanging {wijk} meenemen in de aanleg",
        neighbourhood_name=wijk,
        from_year=year,
        status=LinkingOpportunity.Status.EXPLORING,
    )
    LinkingOpportunity.objects.create(
        **common,
        description="Renovatieronde huurwoningen: isoleren en aardgasvrij-klaar maken",
        neighbourhood_name=wijk,
        organisation=_party(municipality),
        from_year=year + 1,
        status=LinkingOpportunity.Status.AGREED,
    )
    AgreedAction.objects.create(
        **common,
        description=f"Bewonersavond {wijk} organiseren",
        due_on=held_on + dt.timedelta(days=120),
        status=AgreedAction.Status.DONE,
        status_note="Gehouden in het wijkcentrum; de vragen van bewoners staan in het verslag.",
        status_changed_at=_aware(held_on + dt.timedelta(days=110)),
        status_changed_by_name="Projectleider warmte",
    )
    AgreedAction.objects.create(**common, **_second_action(municipality))
    WijkDirection.objects.create(
        **common, neighbourhood_name=wijk, alternative=alternative, insulation_first=alternative != "heat_network"
    )


def _seed_review(session: Session, summary: str) -> int:
    if SessionReview.objects.filter(session=session).exists():
        return 0
    last_day = session.days.order_by("-date").values_list("date", flat=True).first() or dt.date(2021, 1, 1)
    published = timezone.make_aware(dt.datetime.combine(last_day + dt.timedelta(days=7), dt.time(12)))
    SessionReview.objects.create(
        session=session,
        summary=summary,
        published_at=published,
        published_by=User.objects.filter(email=ORGANISER_EMAIL).first(),
        attendance=attendance_by_type(session),
        attendance_counted_at=published,
    )
    return 1


def seed() -> str:
    reviews = sum(
        _seed_review(session, summary)
        for title, summary in REVIEWS.items()
        if (session := Session.objects.filter(title=title).first()) is not None
    )
    return f"{_seed_outcomes()}, {reviews} terugblikken published"


def _seed_outcomes() -> str:
    created = 0
    for title, per_municipality in SESSIONS.items():
        session = Session.objects.filter(title=title).first()
        if session is None or LinkingOpportunity.objects.filter(session=session).exists():
            continue
        for code, (wijk, alternative, year) in per_municipality.items():
            municipality = session.municipalities.filter(cbs_code=code).first()
            if municipality is not None:
                _seed_municipality(session, municipality, wijk, alternative, year)
                created += 1
        _date_as_recorded(session)
    return f"outcomes for {created} municipalities created"


def _date_as_recorded(session) -> None:
    """Outcomes are written down at the session's end, not on the day the demo is loaded: the
    dossier and the lists date them by it."""
    last_day = session.days.order_by("-date").values_list("date", flat=True).first()
    if last_day is None:
        return
    recorded = timezone.make_aware(dt.datetime.combine(last_day, dt.time(17, 0)))
    for model in (LinkingOpportunity, AgreedAction, WijkDirection):
        model.objects.filter(session=session).update(created_at=recorded, updated_at=recorded)
