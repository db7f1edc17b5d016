"""Sessions at national scale (generate_scale_data): 5,000 sessions from seven years back to next
year across all 12 provinces, with days, participating municipalities, programme and workshops on
some, and 100,000 invitations with their outbox rows (sessions/scale_invitations.py).

Named fixtures the benchmark finds by title, all upcoming sprints organised by the province of
the largest RES region with five of its municipalities taking part: SESSION_500 and SESSION_2000,
sent a few hours ago and still going out (of every 25 mails one refused, two queued, one in
sending), and PASTE_500 and PASTE_2000, nobody invited yet, to paste addresses into. From scale
0.1 on the two big ones hold exactly 500 and 2,000 invitations; below it, 500 and 2,000 times the
scale (at least 5 and 20: at 0.01, 5 and 20)."""

import datetime as dt
import random
from dataclasses import dataclass, field

from django.urls import reverse

from heatportal.scale import ScaleContext, insert, moment, paragraph, random_uuid, split_exactly
from municipalities.models import Municipality, Province
from sessions.models import (
    Evaluation,
    Invitation,
    InvitationDay,
    MunicipalityPlan,
    ProgrammeItem,
    Session,
    SessionDay,
    SessionMessage,
    SessionMunicipality,
    SignupRequest,
    Workshop,
    WorkshopPreference,
)

SESSION_500 = "Schaal: sessie met 500 uitnodigingen"
SESSION_2000 = "Schaal: sessie met 2.000 uitnodigingen"
PASTE_500 = "Schaal: lege sessie om 500 adressen in te plakken"
PASTE_2000 = "Schaal: lege sessie om 2.000 adressen in te plakken"
SESSIONS_FULL = 5_000
INVITATIONS_FULL = 100_000
MAX_INVITEES = 150  # an ordinary session; the named ones are bigger
S, K = Session.Status, Session.Kind
KINDS = [(K.SPRINT, 55), (K.KNOWLEDGE, 25), (K.COORDINATOR, 10), (K.OTHER, 10)]
THEMES = [
    "de Wet gemeentelijke instrumenten warmtetransitie", "wijkuitvoeringsplannen", "participatie van bewoners",
    "collectieve warmtenetten", "aquathermie", "netcapaciteit en warmte", "isoleren in jaren-30-wijken",
    "de rol van woningcorporaties", "financiering en businesscases", "het afwegingskader warmtebronnen",
    "restwarmte uit de industrie", "lokale energie-initiatieven", "monitoring van de warmtetransitie",
    "hybride warmtepompen als tussenstap", "warmte in het buitengebied", "VvE's en gespreid eigendom",
]  # fmt: skip
VENUES = ["Provinciehuis", "Gemeentehuis", "Dorpshuis", "Bibliotheek", "Cultureel centrum", "Stadskantoor"]
SEATS = ["housing_corporation", "grid_operator", "energy_initiative", "business", "residents_initiative"]
TIMES = {
    K.SPRINT: (9, 0, 16, 30),
    K.KNOWLEDGE: (19, 30, 21, 30),
    K.COORDINATOR: (13, 0, 17, 0),
    K.OTHER: (10, 0, 12, 30),
}


@dataclass
class Plan:
    """One session before it is stored, with what the invitations part needs to know of it."""

    session: Session
    days: list[SessionDay]
    municipality_ids: list[int]
    programme: list[ProgrammeItem] = field(default_factory=list)
    workshops: list[Workshop] = field(default_factory=list)
    size: int = 0  # invitations
    sent: bool = True  # the invitations went out: each has its outbox row
    national: bool = False  # invitees from the whole register, not mostly from the province
    named: str = ""


def flush_models() -> list:
    return [
        Session, SessionMunicipality, SessionDay, ProgrammeItem, Workshop, Invitation, WorkshopPreference,
        InvitationDay, Evaluation, SessionMessage, SignupRequest, MunicipalityPlan,
    ]  # fmt: skip


def named_sizes(scale: float) -> tuple[int, int]:
    return (500, 2000) if scale >= 0.1 else (max(5, round(500 * scale)), max(20, round(2000 * scale)))


def build(ctx: ScaleContext) -> None:
    from sessions import scale_invitations

    rng = ctx.rng_for("sessions")
    provinces = _provinces()
    # The first twelve one per province, so every province organises sessions at any scale.
    plans = _named(ctx, rng) + [_regular(ctx, rng, provinces, n) for n in range(_regular_count(ctx))]
    _store(ctx, plans)
    _size(ctx, rng, plans)
    scale_invitations.build(ctx, plans)
    _extras(ctx, rng, plans)
    _notes(ctx, plans)


def _regular_count(ctx: ScaleContext) -> int:
    return ctx.scaled(SESSIONS_FULL, minimum=10) - 4


def _provinces() -> list[tuple[Province, list[Municipality]]]:
    members: dict[int, list[Municipality]] = {}
    for m in Municipality.objects.current().order_by("name"):
        members.setdefault(m.province_id, []).append(m)
    return [(p, members[p.pk]) for p in Province.objects.order_by("code")]


def _weekday(day: dt.date) -> dt.date:
    return day + dt.timedelta(days={5: 2, 6: 1}.get(day.weekday(), 0))


def _date(ctx: ScaleContext, rng: random.Random) -> dt.date:
    years = list(ctx.years)
    # More sessions each year as the programme grew; next year is only partly planned.
    weights = [0.6 + 0.1 * i for i in range(len(years) - 1)] + [0.8]
    year = rng.choices(years, weights=weights)[0]
    return _weekday(dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365)))


def _status(ctx: ScaleContext, rng: random.Random, first: dt.date, last: dt.date) -> str:
    if first > ctx.today - dt.timedelta(days=90) and rng.random() < 0.06:
        return S.TO_SCHEDULE  # not planned yet: it has no days
    if last < ctx.today:
        return S.CANCELLED if rng.random() < 0.07 else S.HELD
    return S.CANCELLED if rng.random() < 0.05 else S.SCHEDULED


def _title(kind: str, names: list[str], province: Province, first: dt.date, rng: random.Random) -> str:
    if kind == K.SPRINT and names:
        places = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} en {names[-1]}"
        return f"Sprintsessie {places}"
    if kind == K.COORDINATOR:
        return f"Coördinatorenoverleg {province.name} {first:%m-%Y}"
    prefix = "Kennissessie" if kind == K.KNOWLEDGE else "Werksessie"
    return f"{prefix}: {rng.choice(THEMES)} ({province.name})"


def _regular(ctx: ScaleContext, rng: random.Random, provinces: list, n: int) -> Plan:
    weighted = rng.choices(provinces, weights=[len(m) for _, m in provinces])[0]
    province, members = provinces[n] if n < len(provinces) else weighted
    kind = rng.choices([k for k, _ in KINDS], weights=[w for _, w in KINDS])[0]
    first = _date(ctx, rng)
    dates = [first] if kind != K.SPRINT or rng.random() < 0.5 else [first, _weekday(first + dt.timedelta(days=1))]
    status = _status(ctx, rng, first, dates[-1])
    taking_part = {K.SPRINT: rng.randint(1, 4), K.KNOWLEDGE: rng.randint(0, 2)}.get(kind, 0)
    chosen = rng.sample(members, min(taking_part, len(members)))
    session = _session(ctx, rng, province, kind=kind, status=status, first=first)
    session.title = _title(kind, [m.name for m in chosen], province, first, rng)
    days = [] if status == S.TO_SCHEDULE else [_day(rng, session, kind, d) for d in dates]
    plan = Plan(session, days, [m.pk for m in chosen])
    if days and rng.random() < 0.2:
        plan.programme = _programme(rng, plan)
    if days and kind in (K.SPRINT, K.COORDINATOR) and rng.random() < 0.1:
        plan.workshops = [_workshop(rng, session, n) for n in range(rng.randint(2, 3))]
        if status == S.HELD:  # the lottery ran the day after the answer deadline
            session.allocated_at = moment(session.answer_deadline + dt.timedelta(days=1), 6)
            session.allocation_seed = f"{rng.getrandbits(64):016x}"
    return plan


def _session(ctx: ScaleContext, rng: random.Random, province: Province, *, kind, status, first) -> Session:
    staff = ctx.share["users"]["staff"][province.pk]
    created = min(moment(first, 10) - dt.timedelta(days=rng.randint(30, 150)), ctx.now)
    created -= dt.timedelta(days=rng.randint(0, 20), minutes=rng.randrange(600))
    nplw = kind == K.COORDINATOR and rng.random() < 0.3
    return Session(
        kind=kind,
        description=paragraph(rng, 3, 6),
        organiser_province=province,
        organiser_name="Nationaal Programma Lokale Warmtetransitie (NPLW)" if nplw else "",
        status=status,
        is_pilot=rng.random() < 0.01,
        invitation_only=rng.random() < 0.1,
        answer_deadline=None if status == S.TO_SCHEDULE else first - dt.timedelta(days=10),
        reminder_days=[7, 1],
        follow_up=paragraph(rng, 1, 2) if rng.random() < 0.5 else "",
        uid=random_uuid(rng),
        sequence=rng.randint(0, 2),
        created_by_id=rng.choice(staff),
        created_at=created,
        updated_at=created + dt.timedelta(days=rng.randint(0, 10)),
    )


def _day(rng: random.Random, session: Session, kind: str, date: dt.date) -> SessionDay:
    h1, m1, h2, m2 = TIMES[kind]
    online = rng.random() < 0.15
    return SessionDay(
        session=session,
        date=date,
        start_time=dt.time(h1, m1),
        end_time=dt.time(h2, m2),
        venue="" if online else rng.choice(VENUES),
        address="online" if online else f"Marktplein {rng.randint(1, 60)}",
        online_url=f"https://vergaderen.example/{rng.getrandbits(40):x}" if online else "",
    )


def _programme(rng: random.Random, plan: Plan) -> list[ProgrammeItem]:
    start = plan.days[0].start_time.hour
    return [
        ProgrammeItem(
            session=plan.session,
            day=plan.days[0],
            start_time=dt.time(min(start + n, 23), 30 if n % 2 else 0),
            title=f"{rng.choice(['Inleiding', 'Gesprek', 'Werkblok', 'Terugkoppeling'])}: {rng.choice(THEMES)}",
            speaker=rng.choice(["", "Platform31", "Expertise Centrum Warmte", "RVO", "Energie Samen"]),
            format=rng.choice([ProgrammeItem.Format.PLENARY, ProgrammeItem.Format.GROUP]),
            position=n + 1,
        )
        for n in range(rng.randint(3, 5))
    ]


def _workshop(rng: random.Random, session: Session, n: int, capacity: int = 0) -> Workshop:
    return Workshop(
        session=session,
        title=f"Workshop {n + 1}: {rng.choice(THEMES)}",
        description=paragraph(rng, 1, 2),
        capacity=capacity or rng.randint(10, 30),
    )


def _named(ctx: ScaleContext, rng: random.Random) -> list[Plan]:
    """The benchmark's sessions, in the province of the largest RES region, with five of its
    municipalities taking part: two sent out, two empty ones to paste into."""
    region_id = ctx.share["largest_region"][0]
    members = list(Municipality.objects.current().filter(res_region_id=region_id).order_by("name")[:5])
    province = Province.objects.get(pk=members[0].province_id)
    small, big = named_sizes(ctx.scale)
    plans = []
    for title, weeks, size in ((SESSION_500, 3, small), (SESSION_2000, 5, big), (PASTE_500, 7, 0), (PASTE_2000, 9, 0)):
        first = _weekday(ctx.today + dt.timedelta(weeks=weeks))
        session = _session(ctx, rng, province, kind=K.SPRINT, status=S.SCHEDULED, first=first)
        session.title, session.invitation_only = title, False
        dates = [first, _weekday(first + dt.timedelta(days=1))]
        plan = Plan(session, [_day(rng, session, K.SPRINT, d) for d in dates], [m.pk for m in members], size=size)
        plan.named, plan.national = title, True
        if size:
            plan.programme = _programme(rng, plan)
            plan.workshops = [_workshop(rng, session, n, capacity=max(size // 3, 2)) for n in range(3)]
        plans.append(plan)
    return plans


def _store(ctx: ScaleContext, plans: list[Plan]) -> None:
    insert(ctx, "sessions", Session, [p.session for p in plans])
    insert(ctx, "session days", SessionDay, [d for p in plans for d in p.days])
    seats = [
        SessionMunicipality(session=p.session, municipality_id=m, seat_types=SEATS[: 2 + (p.session.pk + m) % 4])
        for p in plans
        for m in p.municipality_ids
    ]
    insert(ctx, "participating municipalities", SessionMunicipality, seats)
    insert(ctx, "programme items", ProgrammeItem, [i for p in plans for i in p.programme])
    insert(ctx, "workshops", Workshop, [w for p in plans for w in p.workshops])


def _size(ctx: ScaleContext, rng: random.Random, plans: list[Plan]) -> None:
    """Invitations per session, adding up to 100,000 times the scale exactly. Sessions still to
    be scheduled have a few prepared and not sent; some coming ones are not sent yet either."""
    regular = [p for p in plans if not p.named]
    left = ctx.scaled(INVITATIONS_FULL) - sum(p.size for p in plans)
    pool = len(ctx.share["contacts"])
    weights = [rng.lognormvariate(0, 0.6) * (0.2 if not p.days else 1) for p in regular]
    for plan, size in zip(regular, split_exactly(left, weights, [min(MAX_INVITEES, pool)] * len(regular)), strict=True):
        plan.size = size
        upcoming = plan.days and plan.days[0].date >= ctx.today
        plan.sent = bool(plan.days) and not (upcoming and rng.random() < 0.1)


def _extras(ctx: ScaleContext, rng: random.Random, plans: list[Plan]) -> None:
    """Sign-up requests on coming invitation-only sessions; planning notes of some municipalities."""
    requests = []
    for plan in plans:
        s = plan.session
        if s.invitation_only and s.status == S.SCHEDULED:
            for n in range(rng.randint(0, 3)):
                requests.append(
                    SignupRequest(
                        session=s,
                        name=f"Aanvrager {s.pk}-{n}",
                        email=f"aanvrager.{s.pk}.{n}@aanmelden.example",
                        organisation_name=rng.choice(["", "Buurtvereniging", "Energiecoöperatie"]),
                        motivation=paragraph(rng, 1, 2),
                        created_at=s.updated_at,
                    )
                )
    insert(ctx, "sign-up requests", SignupRequest, requests)
    ids = sorted(Municipality.objects.current().values_list("pk", flat=True))
    notes = [
        MunicipalityPlan(municipality_id=m, own_trajectory=True, note=paragraph(rng, 1, 2), updated_at=ctx.now)
        for m in rng.sample(ids, ctx.scaled(40, minimum=2))
    ]
    insert(ctx, "municipality plans", MunicipalityPlan, notes)


def _notes(ctx: ScaleContext, plans: list[Plan]) -> None:
    from accounts.scale import officer_email
    from sessions.services.answers import answer_url

    named = {p.named: p for p in plans if p.named}
    for title, plan in named.items():
        ctx.notes.append(f"{title!r}: {plan.size} invitations, {plan.session.get_absolute_url()}")
    big = named[SESSION_2000].session
    invitation = Invitation.objects.filter(session=big).order_by("pk").first()
    if invitation:
        ctx.notes.append(f"Answer page of an invitee of the 2,000 session: {answer_url(invitation)}")
    ctx.notes.append(f"Calendar feed: {reverse('sessions:feed', kwargs={'token': ctx.share['feed_token']})}")
    code = Municipality.objects.get(pk=named[SESSION_2000].municipality_ids[0]).cbs_code
    ctx.logins.append((f"officer of {code}, taking part in the 2,000 session", officer_email(code)))
