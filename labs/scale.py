"""Leer Labs at national scale (generate_scale_data): 200 labs over the same years as the sessions,
in every province and state, with enrolments (participants, waiting lists, offers, withdrawals),
meetings, case updates and the mails the services would have queued (enrolled or waiting, the
lab going ahead).

Named fixture: LAB_TITLE, a running lab in the province of the largest RES region with a full
group, a waiting list, meetings behind and ahead, and updates on every case; the programme
adviser advises it (lab page and lab room of the benchmark).
"""

import datetime as dt
import random

from django.conf import settings
from django.urls import reverse

from heatportal.mail.models import Email
from heatportal.mail.scale import Outbox, Template, placeholder
from heatportal.scale import ScaleContext, insert, moment, paragraph
from labs.models import CaseUpdate, Enrolment, Lab, LabMaterial, LabMeeting, MeetingAttendance
from municipalities.models import Municipality, Province

LABS_FULL = 200
LAB_TITLE = "Schaal: Leer Lab met wachtlijst"
E, L = Enrolment.Status, Lab.Status
THEMES = [
    "Startplan wijkaanpak aardgasvrij", "Doelgroepgerichte aanpak aardgasvrij-ready", "Verhaal warmtetransitie",
    "Organisatie inrichting warmtetransitie", "Van visie naar warmteprogramma", "Participatie in de wijk",
    "Warmtenetten en de rol van de gemeente", "Isolatie-aanpak voor particuliere eigenaren",
]  # fmt: skip
CASES = [
    "Startwijk aardgasvrij: van verkenning naar plan", "Bewoners verleiden tot isoleren in jaren-30-wijken",
    "Programmaorganisatie warmte: rollen en mandaat", "Warmtenet met de woningcorporatie",
    "Aanpak voor VvE's in de binnenstad", "Capaciteit en kennis voor de warmtetransitie borgen",
]  # fmt: skip


def flush_models() -> list:
    return [Lab, Enrolment, LabMeeting, CaseUpdate, MeetingAttendance, LabMaterial]


def build(ctx: ScaleContext) -> None:
    rng = ctx.rng_for("labs")
    members: dict[int, list[Municipality]] = {}
    for m in Municipality.objects.current().order_by("cbs_code"):
        members.setdefault(m.province_id, []).append(m)
    provinces = list(Province.objects.order_by("code"))
    labs = [_named(ctx, rng, members)]
    labs += [_lab(ctx, rng, provinces, members) for _ in range(ctx.scaled(LABS_FULL, minimum=2) - 1)]
    insert(ctx, "labs", Lab, [lab for lab, _ in labs])
    _links(ctx, rng, labs)
    enrolments = [e for lab, chosen in labs for e in _enrolments(ctx, rng, lab, chosen)]
    insert(ctx, "enrolments", Enrolment, enrolments)
    insert(ctx, "lab meetings", LabMeeting, [m for lab, _ in labs for m in _meetings(rng, lab)])
    updates = [u for e in enrolments if e.status == E.ACTIVE for u in _updates(ctx, rng, e)]
    insert(ctx, "case updates", CaseUpdate, updates)
    _mails(ctx, [lab for lab, _ in labs], enrolments)
    named = labs[0][0]
    ctx.notes.append(
        f"{LAB_TITLE!r}: {named.get_absolute_url()} (room {reverse('labs:room', kwargs={'pk': named.pk})})"
    )


def _status(ctx: ScaleContext, rng: random.Random, lab: Lab) -> str:
    if lab.enrolment_deadline >= ctx.today:
        return L.OPEN
    if rng.random() < 0.15:
        return L.CANCELLED
    end = lab.start_date + dt.timedelta(days=30 * lab.duration_months)
    return L.COMPLETED if end < ctx.today else L.RUNNING if lab.start_date <= ctx.today else L.CONFIRMED


def _lab(ctx: ScaleContext, rng: random.Random, provinces: list, members: dict) -> tuple[Lab, list]:
    province = rng.choices(provinces, weights=[len(members[p.pk]) for p in provinces])[0]
    year = rng.choice(list(ctx.years))
    deadline = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(365))
    high = rng.choice([5, 5, 6])
    lab = Lab(
        title=f"{rng.choice(THEMES)} ({province.name} {year})",
        summary=paragraph(rng, 1, 2)[:400],
        description=paragraph(rng, 3, 6),
        organiser_province=province,
        organiser_name=f"Servicepunt Warmte {province.name}",
        min_participants=3,
        max_participants=high,
        duration_months=rng.randint(2, 6),
        enrolment_deadline=deadline,
        start_date=deadline + dt.timedelta(days=rng.randint(14, 45)),
        offer_days=5,
        created_by_id=ctx.share["users"]["staff"][province.pk][0],
    )
    lab.status = _status(ctx, rng, lab)
    if lab.status == L.OPEN and rng.random() < 0.5:
        lab.start_date = None
    _stamp(ctx, lab, rng)
    wanted = {L.OPEN: rng.randint(0, high + 2), L.CANCELLED: rng.randint(0, 2)}.get(
        lab.status, rng.randint(3, high + 3)
    )
    pool = members[province.pk]
    return lab, rng.sample(pool, min(wanted, len(pool)))


def _stamp(ctx: ScaleContext, lab: Lab, rng: random.Random) -> None:
    created = moment(lab.enrolment_deadline - dt.timedelta(days=rng.randint(30, 90)), 10)
    lab.created_at = min(created, ctx.now)
    lab.updated_at = lab.created_at


def _named(ctx: ScaleContext, rng: random.Random, members: dict) -> tuple[Lab, list]:
    region_id = ctx.share["largest_region"][0]
    chosen = list(Municipality.objects.current().filter(res_region_id=region_id).order_by("name")[:10])
    province = Province.objects.get(pk=chosen[0].province_id)
    lab = Lab(
        title=LAB_TITLE,
        summary="Een volle groep met een wachtlijst, bijeenkomsten gehad en gepland, en berichten bij elke case.",
        description=paragraph(rng, 4, 6),
        organiser_province=province,
        organiser_name=f"Servicepunt Warmte {province.name}",
        max_participants=5,
        duration_months=6,
        enrolment_deadline=ctx.today - dt.timedelta(days=60),
        start_date=ctx.today - dt.timedelta(days=45),
        status=L.RUNNING,
        created_by_id=ctx.share["users"]["staff"][province.pk][0],
    )
    _stamp(ctx, lab, rng)
    return lab, chosen


def _links(ctx: ScaleContext, rng: random.Random, labs: list) -> None:
    advisers = ctx.share["users"]["advisers"]
    Advisers, Provinces = Lab.advisers.through, Lab.eligible_provinces.through
    insert(ctx, "lab advisers", Advisers, [
        Advisers(lab_id=lab.pk, user_id=u)
        for n, (lab, _) in enumerate(labs)
        for u in ([advisers[0]] if n == 0 else rng.sample(advisers, rng.randint(1, 2)))
    ])  # fmt: skip
    insert(
        ctx,
        "lab provinces",
        Provinces,
        [Provinces(lab_id=lab.pk, province_id=lab.organiser_province_id) for lab, _ in labs],
    )


def _enrolments(ctx: ScaleContext, rng: random.Random, lab: Lab, chosen: list) -> list[Enrolment]:
    officers = ctx.share["users"]["officers"]
    opened = lab.created_at
    span = max((moment(lab.enrolment_deadline) - opened).total_seconds(), 3600)
    moments = sorted(opened + dt.timedelta(seconds=rng.randrange(int(span))) for _ in chosen)
    enrolments = []
    for n, (municipality, queued) in enumerate(zip(chosen, moments, strict=True)):
        status = E.ACTIVE if n < lab.max_participants else E.WAITING
        if lab.status == L.CANCELLED or (status == E.ACTIVE and rng.random() < 0.05):
            status = E.WITHDRAWN
        enrolment = Enrolment(
            lab=lab,
            municipality=municipality,
            enrolled_by_id=officers[municipality.pk],
            case_title=rng.choice(CASES),
            case_description=paragraph(rng, 1, 3),
            share_contact=rng.random() < 0.7,
            status=status,
            queued_at=queued,
            created_at=queued,
            updated_at=queued,
        )
        enrolments.append(enrolment)
    waiting = [e for e in enrolments if e.status == E.WAITING]
    if lab.status == L.OPEN and waiting and rng.random() < 0.3:
        waiting[0].status, waiting[0].offer_round = E.OFFERED, 1
        waiting[0].offer_expires_at = moment(ctx.today + dt.timedelta(days=lab.offer_days), 23)
    return enrolments


def _meetings(rng: random.Random, lab: Lab) -> list[LabMeeting]:
    if lab.status not in (L.CONFIRMED, L.RUNNING, L.COMPLETED):
        return []
    count = 6 if lab.title == LAB_TITLE else rng.randint(2, 6)
    meetings = []
    for n in range(count):
        starts = moment(lab.start_date + dt.timedelta(weeks=3 * n), 13, 30)
        meetings.append(
            LabMeeting(
                lab=lab,
                starts_at=starts,
                ends_at=starts + dt.timedelta(hours=3),
                topic=f"Bijeenkomst {n + 1}: {rng.choice(CASES).lower()}",
                location=rng.choice(["Provinciehuis", "Online", "Gemeentehuis"]),
            )
        )
    return meetings


def _updates(ctx: ScaleContext, rng: random.Random, enrolment: Enrolment) -> list[CaseUpdate]:
    lab = enrolment.lab
    if lab.status not in (L.RUNNING, L.COMPLETED):
        return []
    count = 3 if lab.title == LAB_TITLE else rng.randint(0, 4)
    start = moment(lab.start_date, 11)
    latest = min(ctx.now, start + dt.timedelta(days=30 * lab.duration_months))
    span = max(int((latest - start).total_seconds()), 3600)
    return [
        CaseUpdate(
            enrolment=enrolment,
            author_id=enrolment.enrolled_by_id,
            body=paragraph(rng, 1, 3),
            created_at=start + dt.timedelta(seconds=rng.randrange(span)),
        )
        for _ in range(count)
    ]


def _mails(ctx: ScaleContext, labs: list[Lab], enrolments: list[Enrolment]) -> None:
    """The confirmation of each enrolment (enrolled or waiting) and, for labs that went ahead,
    the notice to each participant: what labs/services queued, with their keys."""
    outbox = Outbox(ctx, "labs")
    officers = dict(_officers(ctx))
    rows = []
    for e in enrolments:
        waiting = e.status in (E.WAITING, E.OFFERED)
        template = Template("labs_waiting" if waiting else "labs_enrolled", _context(e.lab, enrolment=e))
        stamp = e.queued_at.strftime("%Y%m%d%H%M%S")
        to = officers[e.enrolled_by_id]
        status = outbox.status(e.queued_at, backlog=True)
        key = f"lab:{e.lab.pk}:enrolment:{e.pk}:{stamp}:{E.WAITING if waiting else E.ACTIVE}"
        rows.append(outbox.row(key=key, to=to, parts=template.copy(to[1]), when=e.queued_at, status=status))
        if e.status == E.ACTIVE and e.lab.status in (L.CONFIRMED, L.RUNNING, L.COMPLETED):
            when = moment(e.lab.enrolment_deadline + dt.timedelta(days=1), 7)
            parts = Template("labs_confirmed", _context(e.lab)).copy(to[1])
            key = f"lab:{e.lab.pk}:confirmed:user:{e.enrolled_by_id}"
            rows.append(
                outbox.row(
                    key=key,
                    to=to,
                    parts=parts,
                    when=when,
                    status=outbox.status(when),
                    batch=f"lab:{e.lab.pk}:confirmed",
                )
            )
    insert(ctx, "outbox rows", Email, rows)


def _context(lab: Lab, **extra) -> dict:
    url = settings.SITE_URL + reverse("labs:detail", kwargs={"pk": lab.pk})
    return {"recipient": placeholder(), "lab": lab, "lab_url": url, **extra}


def _officers(ctx: ScaleContext):
    from accounts.models import User

    ids = list(ctx.share["users"]["officers"].values())
    return ((u.pk, (u.email, u.full_name)) for u in User.objects.filter(pk__in=ids).only("email", "full_name"))
