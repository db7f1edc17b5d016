"""Progress at national scale (generate_scale_data): every one of the 342 municipalities, at every
scale, with its vision and warmteprogramma as they moved over the years, wijken, initiatives,
remarks and dwellings, each change a django-simple-history record by the person who made it (the
history page and the monthly digest read those), plus the monthly digests of the coordinators.

Named fixture: the first municipality (by name) of the largest RES region has the longest history
(municipality page and history page of the benchmark).
"""

import datetime as dt
import random

from django.db.models import Model
from django.utils import formats, translation

from accounts.scale import DOMAIN
from heatportal.mail.models import Email
from heatportal.mail.scale import NAME, Outbox, Template
from heatportal.scale import ScaleContext, copy_insert, insert, moment, paragraph
from municipalities.models import Municipality, ResRegion
from outcomes.models import AgreedAction, LinkingOpportunity, ReviewPhoto, SessionReview, WijkDirection
from progress.deadlines import deadlines_refresh
from progress.models import (
    AdoptionStatus,
    Deadline,
    HeatAlternative,
    Initiative,
    Neighbourhood,
    Progress,
    ProgressComment,
)  # fmt: skip

MONTHS_OF_DIGESTS_FULL = 96  # eight years of monthly digests at scale 1.0
AS, W, Ph = AdoptionStatus, Neighbourhood.WupStatus, Initiative.Phase
WIJKEN = ["Centrum", "Noord", "Oost", "Zuid", "West", "Dorp", "Molenwijk", "Tuindorp", "Bloemenbuurt", "Vogelwijk",
          "Stationsbuurt", "De Hoven", "Kerkbuurt", "Parkwijk", "Buitenveld", "Oude Haven"]  # fmt: skip
ORDER = [W.NONE, W.IN_PREPARATION, W.ADOPTED, W.IN_EXECUTION]
PHASES = [Ph.ORIENTATION, Ph.PROJECT_DEVELOPMENT, Ph.REALISATION]


def flush_models() -> list:
    models = [Progress, Neighbourhood, Initiative, ProgressComment]
    # What sessions produced (outcomes) points at the register and the sessions that are flushed
    # too, and the deadlines are worked out from these adoptions again: both go with them.
    outcomes = [LinkingOpportunity, AgreedAction, WijkDirection, SessionReview]
    kept = [*models[:3], Deadline, *outcomes]  # the models with a history
    return [*models, Deadline, ReviewPhoto, *outcomes, *[m.history.model for m in kept]]


def flush() -> str:
    # The dwellings changes the scale logins made (reference data's own history stays).
    deleted, _ = Municipality.history.filter(history_user__email__endswith=f"@{DOMAIN}").delete()
    return f"{deleted} dwellings changes deleted" if deleted else ""


class _History:
    """Snapshots of rows as they changed, stored as simple-history records once the rows have ids."""

    def __init__(self, ctx: ScaleContext):
        self.ctx = ctx
        self.records: dict[type[Model], list] = {}

    def snap(self, row: Model, when: dt.datetime, user_id: int, kind: str = "~") -> None:
        values = {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields if f.attname != "id"}
        self.records.setdefault(type(row), []).append((row, values, when, user_id, kind))

    def store(self) -> None:
        for model, records in self.records.items():
            History = model.history.model
            rows = [
                History(id=row.pk, **values, history_date=when, history_type=kind, history_user_id=user)
                for row, values, when, user, kind in records
            ]
            copy_insert(self.ctx, "history records", History, rows)


def build(ctx: ScaleContext) -> None:
    rng = ctx.rng_for("progress")
    users = ctx.share["users"]
    municipalities = list(Municipality.objects.current().order_by("cbs_code"))
    history = _History(ctx)
    start = moment(dt.date(ctx.years[0], 3, 1))
    now = ctx.now
    rich = Municipality.objects.current().filter(res_region_id=ctx.share["largest_region"][0]).order_by("name")[0]
    people = {m.pk: [users["officers"][m.pk], users["coordinators"][m.res_region_id]] for m in municipalities}
    _dwellings(ctx, rng, municipalities, people, now)
    rows = {"progress rows": [], "wijken": [], "initiatives": [], "progress comments": []}
    for m in municipalities:
        more = 2 if m.pk == rich.pk else 1
        when = start + dt.timedelta(days=rng.randrange(700))
        rows["progress rows"].append(_progress(rng, m, history, people[m.pk], when, now))
        rows["wijken"] += [_wijk(rng, m, n, history, people[m.pk], now) for n in range(rng.randint(2, 8) * more)]
        rows["initiatives"] += [
            _initiative(rng, m, n, history, people[m.pk], now) for n in range(rng.randint(0, 4) * more)
        ]
        rows["progress comments"] += _comments(rng, m, people[m.pk], start, now, count=rng.randint(0, 4) * more)
    for (label, objs), model in zip(rows.items(), (Progress, Neighbourhood, Initiative, ProgressComment), strict=True):
        insert(ctx, label, model, objs)
    history.store()
    ctx.add("deadlines", deadlines_refresh())
    _digests(ctx, users["coordinators"])
    ctx.notes.append(f"Municipality with the longest history: {rich.name}, {rich.get_absolute_url()}")


def _between(rng: random.Random, low: dt.datetime, high: dt.datetime) -> dt.datetime:
    return low + (high - low) * rng.random() if high > low else low


def _dwellings(ctx, rng: random.Random, municipalities: list, people: dict, now: dt.datetime) -> None:
    """Dwellings of every municipality; one in five corrected once by its officer (history)."""
    History = Municipality.history.model
    records = []
    for m in municipalities:
        m.dwellings = int(min(max(rng.lognormvariate(9.8, 0.8), 1500), 460_000))
        if rng.random() < 0.2:
            values = {
                f.attname: getattr(m, f.attname)
                for f in Municipality._meta.concrete_fields
                if f.attname != "division_year"
            }
            when = _between(rng, now - dt.timedelta(days=900), now)
            before = {**values, "dwellings": round(m.dwellings * rng.uniform(0.9, 1.1))}
            records.append(History(**before, history_date=when - dt.timedelta(days=400), history_type="~"))
            records.append(History(**values, history_date=when, history_type="~", history_user_id=people[m.pk][0]))
    Municipality.objects.bulk_update(municipalities, ["dwellings"], batch_size=500)
    insert(ctx, "history records", History, records)


def _progress(rng, m, history: _History, people: list, when: dt.datetime, now: dt.datetime) -> Progress:
    """The vision prepared and adopted (most by 2021/2022), then the warmteprogramma; each step a
    change by the officer or the region's coordinator."""
    row = Progress(municipality=m, updated_at=when)
    history.snap(row, when, people[1], "+")
    steps = [("vision_status", AS.IN_PREPARATION), ("vision_status", AS.ADOPTED)]
    steps += [("programme_status", AS.IN_PREPARATION), ("programme_status", AS.ADOPTED)]
    for field, value in steps[: rng.choices([1, 2, 3, 4], weights=[5, 25, 45, 25])[0]]:
        when = when + dt.timedelta(days=rng.randint(60, 500))
        if when >= now:
            break
        setattr(row, field, value)
        if value == AS.ADOPTED:
            adopted = when.date()
            setattr(row, field.replace("status", "adopted_on"), adopted)
            setattr(row, field.replace("status", "url"), f"https://{m.cbs_code.lower()}.example/{field[:-7]}.pdf")
        row.updated_at = when
        history.snap(row, when, rng.choice(people))
    if rng.random() < 0.1 and when < now:
        row.flagged, row.flag_reason, row.updated_at = True, paragraph(rng, 1, 1)[:300], _between(rng, when, now)
        history.snap(row, row.updated_at, people[1])
    return row


def _wijk(rng, m, n: int, history: _History, people: list, now: dt.datetime) -> Neighbourhood:
    begin = rng.choice([None, *range(2022, 2032)])
    when = _between(rng, now - dt.timedelta(days=2000), now - dt.timedelta(days=200))
    row = Neighbourhood(
        municipality=m,
        name=f"{WIJKEN[n % len(WIJKEN)]}{'' if n < len(WIJKEN) else f' {n // len(WIJKEN) + 1}'}",
        cbs_code=f"WK{m.cbs_code[2:]}{n:02d}",
        dwellings=rng.randint(300, 6000),
        period_start=begin,
        period_end=begin + rng.randint(3, 8) if begin else None,
        alternative=rng.choice(HeatAlternative.values),
        insulation_first=rng.random() < 0.4,
        updated_at=when,
    )
    history.snap(row, when, people[0], "+")
    for status in ORDER[1 : rng.randint(1, len(ORDER))]:
        when = _between(rng, when, now)
        row.wup_status, row.updated_at = status, when
        history.snap(row, when, rng.choice(people))
    return row


def _initiative(rng, m, n: int, history: _History, people: list, now: dt.datetime) -> Initiative:
    when = _between(rng, now - dt.timedelta(days=2200), now - dt.timedelta(days=100))
    row = Initiative(
        municipality=m,
        name=f"{rng.choice(['Energiecoöperatie', 'Buurtwarmte', 'Warmtecollectief'])} {m.name} {n + 1}",
        heat_solution=rng.choice(HeatAlternative.values),
        contact_name=rng.choice(["", "Lotte Brink", "Albert Hoekstra", "Femke Post"]),
        collaboration=rng.choice(Initiative.Collaboration.values),
        collaboration_notes=paragraph(rng, 0, 2),
        updated_at=when,
    )
    history.snap(row, when, people[0], "+")
    for phase in PHASES[1 : rng.randint(1, len(PHASES))]:
        when = _between(rng, when, now)
        row.phase, row.updated_at = phase, when
        history.snap(row, when, rng.choice(people))
    return row


def _comments(rng, m, people: list, start: dt.datetime, now: dt.datetime, *, count: int) -> list[ProgressComment]:
    return [
        ProgressComment(
            municipality=m, author_id=people[1], body=paragraph(rng, 1, 3), created_at=_between(rng, start, now)
        )
        for _ in range(count)
    ]


def _digests(ctx: ScaleContext, coordinators: dict[int, int]) -> None:
    """The monthly digest to every coordinator, for the last months (96 at scale 1.0), each
    rendered once per region (the month's name is swapped in)."""
    from accounts.models import User

    outbox = Outbox(ctx, "digests")
    users = {u.pk: u for u in User.objects.filter(pk__in=coordinators.values()).only("email", "full_name")}
    first = ctx.today.replace(day=1)
    months = []
    for _ in range(ctx.scaled(MONTHS_OF_DIGESTS_FULL, minimum=1)):
        first = (first - dt.timedelta(days=1)).replace(day=1)
        months.append(first)
    rows = []
    for region in ResRegion.objects.filter(pk__in=coordinators).order_by("code"):
        user = users[coordinators[region.pk]]
        sections = [{"region": region, "changes": [], "comments": []}]
        template = Template("progress_digest", {"user_name": NAME, "month": months[0], "sections": sections})
        for month in months:
            when = moment(month.replace(day=28) + dt.timedelta(days=4), 6).replace(day=1)
            copy = template.copy(user.full_name.split(" ")[0])
            parts = tuple(part.replace(_label(months[0]), _label(month)) for part in copy)
            key, batch = f"digest:{month:%Y-%m}:{user.pk}", f"digest:{month:%Y-%m}"
            to = (user.email, user.full_name)
            rows.append(outbox.row(key=key, to=to, parts=parts, when=when, status=outbox.status(when), batch=batch))
    insert(ctx, "outbox rows", Email, rows)


def _label(month: dt.date) -> str:
    with translation.override("nl"):
        return formats.date_format(month, "F Y")
