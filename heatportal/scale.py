"""Helpers for `manage.py generate_scale_data`: the national data set of issue 10.

Each app builds its own part in `<app>/scale.py` (the command lists them in SCALE_APPS, in the
order the apps depend on each other) with bulk inserts; this module is the ground they share and
imports no app. Every part draws from its own random stream (`ScaleContext.rng_for`), so the data
is the same for the same seed, scale and date, and a change in one part does not shift another's.

What one part leaves for a later one goes in `ScaleContext.share` (documented where it is set):
ids and small tuples, never querysets.
"""

import datetime as dt
import json as _json
import random
import unicodedata
import uuid
from collections.abc import Iterable, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.db import connection, models
from django.db.models.fields.files import FieldFile
from django.utils import timezone

BATCH_SIZE = 2000


@dataclass
class ScaleContext:
    scale: float
    seed: int
    today: dt.date
    share: dict = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    # (who, email) of the logins the benchmark uses; printed with the one password.
    logins: list[tuple[str, str]] = field(default_factory=list)
    # The named fixtures the benchmark finds (titles, tokens, addresses), printed at the end.
    notes: list[str] = field(default_factory=list)

    def rng_for(self, part: str) -> random.Random:
        # A string seed is hashed with SHA-512 (not Python's salted hash): the same every run.
        return random.Random(f"{self.seed}:{part}")

    def scaled(self, full: int, minimum: int = 0) -> int:
        """FULL (the figure at scale 1.0) at this scale, at least MINIMUM."""
        return max(round(full * self.scale), minimum)

    def add(self, label: str, n: int) -> None:
        self.counts[label] = self.counts.get(label, 0) + n

    @property
    def now(self) -> dt.datetime:
        """The generation's "now": the start of today, so the same day gives the same data
        (every moment in it lies before this, nothing is stamped in the future)."""
        return moment(self.today, 0)

    @property
    def years(self) -> range:
        """The years sessions and labs spread over: seven back and one ahead (2019..2027 in 2026)."""
        return range(self.today.year - 7, self.today.year + 2)


def moment(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """DAY at HOUR:MINUTE in the portal's time zone."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, minute)))


def random_uuid(rng: random.Random) -> uuid.UUID:
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def split_exactly(total: int, weights: Sequence[float], caps: Sequence[int] | None = None) -> list[int]:
    """TOTAL split over WEIGHTS in whole numbers that add up to TOTAL exactly (largest remainder),
    none above its cap; what the caps leave over goes to those that still have room."""
    caps = list(caps) if caps is not None else [total] * len(weights)
    weight_sum = sum(weights) or 1
    shares = [total * w / weight_sum for w in weights]
    sizes = [min(int(s), c) for s, c in zip(shares, caps, strict=True)]
    order = sorted(range(len(weights)), key=lambda i: int(shares[i]) - shares[i])
    left = total - sum(sizes)
    while left > 0:
        room = [i for i in order if sizes[i] < caps[i]]
        if not room:
            raise ValueError(f"cannot place {left} more: every share is at its cap")
        for i in room[:left]:
            sizes[i] += 1
        left = total - sum(sizes)
    return sizes


def quotas(total: int, slots: Sequence[int]) -> list[int]:
    """TOTAL spread over groups in proportion to their SLOTS, adding up exactly (telescoping
    rounding of the running sum), never more than a group's slots when TOTAL <= sum(SLOTS)."""
    available = sum(slots) or 1
    fraction = min(total / available, 1.0)
    result, running, given = [], 0, 0
    for n in slots:
        running += n
        upto = round(running * fraction)
        result.append(upto - given)
        given = upto
    return result


@contextmanager
def explicit_timestamps(model: type[models.Model]):
    """Let MODEL's auto_now / auto_now_add fields keep the values set on the objects: bulk_create
    would stamp every row with the moment of generation, and the outbox, the session list and the
    history sort and filter on these dates. Restored afterwards."""
    saved = []
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            saved.append((f, f.auto_now, f.auto_now_add))
            f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def insert(ctx: ScaleContext, label: str, model: type[models.Model], objs: list) -> list:
    """Bulk-insert OBJS (timestamps as set on them), count them under LABEL; PostgreSQL returns
    the new ids onto the objects."""
    if objs:
        with explicit_timestamps(model):
            model.objects.bulk_create(objs, batch_size=BATCH_SIZE)
    ctx.add(label, len(objs))
    return objs


def copy_insert(ctx: ScaleContext, label: str, model: type[models.Model], objs: list) -> list:
    """COPY OBJS into MODEL's table, for the big tables: several times faster than bulk_create
    (no statement to build and parse per batch, no field conversion but JSON's: the values are
    plain Python ones psycopg adapts itself). Every field is written as it is on the object, so
    ids come from reserve_ids (or the sequence, when the objects have none) and timestamps from
    the objects; nothing is returned."""
    if objs:
        with_pk = getattr(objs[0], model._meta.pk.attname) is not None
        fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
        names = [f.attname for f in fields]
        json = [n for f, n in zip(fields, names, strict=True) if isinstance(f, models.JSONField)]
        table = connection.ops.quote_name(model._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
        with connection.cursor() as cursor, cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            for obj in objs:
                values = obj.__dict__
                for name in json:
                    values = {**values, name: _json.dumps(values[name])}
                copy.write_row([_column_value(values[n]) for n in names])
    ctx.add(label, len(objs))
    return objs


def _column_value(value):
    # A file's value is a FieldFile on the model and on its history copy (which stores the name
    # as text); the column holds the name.
    return (value.name or "") if isinstance(value, FieldFile) else value


def reserve_ids(model: type[models.Model], n: int) -> list[int]:
    """N ids from MODEL's sequence, so rows can be referred to (an answer link signs the
    invitation's id) before they are inserted."""
    if n == 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n])
        return [row[0] for row in cursor.fetchall()]


def tables_of(models_: Iterable[type[models.Model]]) -> list[str]:
    """The tables of MODELS with their many-to-many tables, each once."""
    tables = []
    for model in models_:
        tables.append(model._meta.db_table)
        tables += [m2m.remote_field.through._meta.db_table for m2m in model._meta.local_many_to_many]
    return list(dict.fromkeys(tables))


def truncate(models_: Iterable[type[models.Model]]) -> list[str]:
    """Empty the tables of MODELS (and their many-to-many tables) and restart their ids, in one
    statement. No CASCADE: a table that points at one of these and is not listed makes it fail,
    rather than being emptied unasked."""
    tables = tables_of(models_)
    quoted = ", ".join(connection.ops.quote_name(t) for t in tables)
    with connection.cursor() as cursor:
        # Rows written earlier in the same transaction (a test's build) still have their deferred
        # foreign-key checks pending, and TRUNCATE refuses a table with pending checks: run them.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute(f"TRUNCATE {quoted} RESTART IDENTITY")  # noqa: S608 (table names from the models)
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    return tables


def row_counts(models_: Iterable[type[models.Model]]) -> dict[str, int]:
    """Rows already in the tables of MODELS, the non-empty ones only."""
    counts = {str(m._meta.verbose_name_plural): m._default_manager.count() for m in models_}
    return {label: n for label, n in counts.items() if n}


# --- Invented people and text (example domains: no mail can reach anyone) ------------------
FIRST_NAMES = (
    "Anna", "Bram", "Carla", "Daan", "Eva", "Femke", "Gert", "Hanna", "Ilse", "Jeroen", "Karin", "Lotte",
    "Marloes", "Niels", "Olga", "Petra", "Ruud", "Sanne", "Tom", "Ursula", "Vera", "Willem", "Yara", "Zoë",
    "Ahmed", "Fatima", "Mohamed", "Noor", "Sem", "Julia", "Lucas", "Emma", "Finn", "Sophie", "Bas", "Ingrid",
    "Joost", "Merel", "Koen", "Lieke", "Hendrik", "Geertje", "Sietse", "Tjitske", "Rik", "Esther", "Mustafa",
    "Priya", "Wei", "Kees",
)  # fmt: skip
SURNAMES = (
    "de Vries", "Jansen", "de Jong", "Bakker", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot",
    "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
    "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen", "van den Berg",
    "van Dijk", "Hoekstra", "Postma", "Wiersma", "Kuipers", "El Amrani", "Yilmaz", "Nguyen", "'t Hart",
    "d'Hondt", "van 't Hof", "Schuiling", "Bosma", "Teule", "Jonker", "Hofstra", "Koster", "Prins",
)  # fmt: skip


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST_NAMES)} {rng.choice(SURNAMES)}"


def ascii_slug(text: str, sep: str = ".") -> str:
    """'Zoë van 't Hof' -> 'zoe.van.t.hof': a name as the local part of an example address."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    words = "".join(c if c.isalnum() else " " for c in plain).split()
    return sep.join(words)


SENTENCES = (
    "We brengen in kaart welke wijken als eerste van het aardgas af kunnen.",
    "De woningcorporaties willen hun planning afstemmen op die van de gemeente.",
    "De netbeheerder ziet knelpunten in de capaciteit van het elektriciteitsnet.",
    "Bewoners vragen om duidelijkheid over kosten en de rol van de gemeente.",
    "Er is behoefte aan kennis over de Wet gemeentelijke instrumenten warmtetransitie.",
    "Het energieloket ondersteunt eigenaren bij isolatie en een hybride warmtepomp.",
    "Een lokaal initiatief onderzoekt een collectief warmtenet met aquathermie.",
    "De regio werkt aan een afwegingskader voor duurzame warmtebronnen.",
    "De gemeenteraad wil voor de zomer een besluit over het warmteprogramma.",
    "We delen ervaringen uit de proeftuinen en de startwijken.",
    "De kosten voor bewoners blijven het belangrijkste punt van zorg.",
    "Samen met de provincie verkennen we de mogelijkheden van restwarmte.",
    "De planning wordt elke vijf jaar herzien, samen met de betrokken partijen.",
    "Er komt een participatieplan met informatieavonden in de wijken.",
)


def paragraph(rng: random.Random, low: int = 2, high: int = 5) -> str:
    return " ".join(rng.sample(SENTENCES, rng.randint(low, high)))
