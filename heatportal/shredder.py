"""Export and erasure of one person's data (AVG art. 15 and 17), one shredder per kind of data.

The idea is pretix's data shredders: every kind of data that can hold a person (contacts,
invitations, sign-up requests, initiatives and their history, outbox rows, mail files, ...)
has one small class that can export and erase it, so a new kind adds a shredder instead of
growing one erase function. heatportal knows no app: each app registers its shredders in
`<app>/shredders.py`, which autodiscover() imports from HeatportalConfig.ready().

A person is found by email address (case-insensitive) and by the names the shredders know for
that address: free text elsewhere (a colleague list, a comment, another person's mail) is
scrubbed of the address and those full names, never of a name alone on its own guess.
"""

import datetime as dt
import json
import re
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model, Q
from django.utils import timezone, translation

ERASED = "[gewist]"


@dataclass(frozen=True)
class Person:
    email: str
    names: frozenset[str] = frozenset()

    @property
    def terms(self) -> list[str]:
        """What identifies the person in text: the address and each full name (longest first)."""
        return sorted({self.email, *(n for n in self.names if len(n) >= 3)}, key=len, reverse=True)

    def _pattern(self, term: str) -> re.Pattern:
        # Whole words only: erasing "Jan" must not touch "januari" or "Jansen".
        return re.compile(rf"(?<!\w){re.escape(term)}(?!\w)", flags=re.IGNORECASE)

    def mentioned_in(self, text) -> bool:
        text = str(text or "")
        return any(self._pattern(term).search(text) for term in self.terms)

    def scrub(self, text: str) -> str:
        for term in self.terms:
            text = self._pattern(term).sub(ERASED, text)
        return text

    def text_q(self, *fields: str) -> Q:
        """Rows whose FIELDS mention the person (a database prefilter; scrub() decides)."""
        q = Q(pk__in=[])
        for field in fields:
            for term in self.terms:
                q |= Q(**{f"{field}__icontains": term})
        return q


class Shredder:
    """One kind of personal data. Subclasses set `label` (Dutch: the export's section title)."""

    label = ""

    def names(self, *, email: str) -> set[str]:
        """Full names this kind of data holds for EMAIL (to recognise the person elsewhere)."""
        return set()

    def export(self, *, person: Person) -> list[dict]:
        raise NotImplementedError

    def erase(self, *, person: Person) -> int:
        """Remove or blank the person's data; returns the number of rows (or files) touched."""
        raise NotImplementedError


class MentionShredder(Shredder):
    """Free-text FIELDS of MODEL (and of its simple-history model when HISTORY) that may name the
    person: exported where they do, and erased by replacing the address and names with [gewist]."""

    model: type[Model]
    fields: tuple[str, ...] = ()
    history = False

    def _models(self):
        models = [self.model]
        if self.history and hasattr(self.model, "history"):
            models.append(self.model.history.model)
        return models

    def _rows(self, model, person: Person):
        return model._default_manager.filter(person.text_q(*self.fields))

    def export(self, *, person: Person) -> list[dict]:
        rows = []
        for model in self._models():
            for obj in self._rows(model, person):
                rows.append(readable(obj, only=self.fields, also=("history_date",) if model is not self.model else ()))
        return rows

    def erase(self, *, person: Person) -> int:
        touched = 0
        for model in self._models():
            for obj in self._rows(model, person):
                values = {f: person.scrub(getattr(obj, f)) for f in self.fields if isinstance(getattr(obj, f), str)}
                # update(): no save() signals, so no new history row repeats what is being erased.
                touched += model._default_manager.filter(pk=obj.pk).update(**values)
        return touched


_registry: list[Shredder] = []


def register(shredder_class: type[Shredder]) -> type[Shredder]:
    """Class decorator for `<app>/shredders.py`."""
    if not any(type(s) is shredder_class for s in _registry):
        _registry.append(shredder_class())
    return shredder_class


def shredders() -> list[Shredder]:
    """In INSTALLED_APPS order, so an export reads from the register outwards."""
    return list(_registry)


def autodiscover() -> None:
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("shredders")


def person_for(*, email: str) -> Person:
    email = email.strip().lower()
    names = set()
    for shredder in shredders():
        names |= {n.strip() for n in shredder.names(email=email) if n and n.strip()}
    return Person(email=email, names=frozenset(names))


def person_export(*, email: str) -> dict[str, list[dict]]:
    """Everything the portal holds on the person at EMAIL, by kind (Dutch section titles)."""
    person = person_for(email=email)
    with translation.override("nl"):
        data = {}
        for shredder in shredders():
            rows = shredder.export(person=person)
            if rows:
                data[str(shredder.label)] = rows
    return data


@transaction.atomic
def person_erase(*, email: str) -> dict[str, int]:
    """Erase the person at EMAIL everywhere. Dependents first (reverse registration order), so a
    shredder still finds its rows before the register's contact they hang on is deleted."""
    person = person_for(email=email)
    counts = {}
    with translation.override("nl"):
        for shredder in reversed(shredders()):
            counts[str(shredder.label)] = shredder.erase(person=person)
    return counts


# --- Readable rows for an export -------------------------------------------------------------
def readable(obj, *, skip=(), only=(), also=()) -> dict:
    """One row as {verbose field name: shown value}: choices by label, references by name, no
    ids and nothing token-like."""
    row = {}
    for field in obj._meta.concrete_fields:
        name = field.name
        if only and name not in only and name not in also:
            continue
        if name in skip or name == "id" or name.endswith("token") or name.endswith("_ptr"):
            continue
        if field.choices:
            value = getattr(obj, f"get_{name}_display")()
        elif field.is_relation:
            related = getattr(obj, name)
            value = str(related) if related is not None else None
        else:
            value = plain(getattr(obj, field.attname))
        row[str(field.verbose_name)] = value
    return row


def plain(value):
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%d-%m-%Y %H:%M") if timezone.is_aware(value) else str(value)
    if isinstance(value, dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, int | float | str | bool) or value is None:
        return value
    if isinstance(value, list | dict):
        return json.loads(json.dumps(value, default=str))
    return str(value)
