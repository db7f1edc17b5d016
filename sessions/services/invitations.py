"""Inviting people to a session: who (parsed lines, register contacts). Sending them is
sessions.services.sending."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _

from municipalities.models import Contact, Organisation
from sessions.models import Invitation, Session

LINE_RE = re.compile(r"^\s*(?P<name>[^<>]*?)\s*<\s*(?P<email>[^<>\s]+)\s*>\s*$")


def invitee_lines_parse(
    text: str,
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]], list[tuple[str, str]]]:
    """Pasted "Name <email>" lines: good [(name, email, line)], bad [(line, reason)] to correct,
    and duplicates [(line, reason)] of an earlier line in the same paste (skipped)."""
    good, bad, duplicates, seen = [], [], [], set()
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        match = LINE_RE.match(line)
        if not match:
            bad.append((line, _("Gebruik de vorm: Naam <e-mailadres>.")))
            continue
        name, email = match["name"].strip().strip(",;"), match["email"].lower()
        try:
            validate_email(email)
        except ValidationError:
            bad.append((line, _("Ongeldig e-mailadres.")))
            continue
        if not name:
            bad.append((line, _("Naam ontbreekt.")))
            continue
        if email in seen:
            duplicates.append((line, _("dubbel in de lijst")))
            continue
        seen.add(email)
        good.append((name, email, line))
    return good, bad, duplicates


def contact_for_invitee(*, name: str, email: str, organisation: Organisation | None = None) -> Contact:
    """The contact with this address (at this organisation, if given), created when new."""
    contacts = Contact.objects.filter(email__iexact=email)
    if organisation is not None:
        contacts = contacts.filter(organisation=organisation)
    contact = contacts.order_by("pk").first()
    if contact is None:
        contact = Contact.objects.create(name=name, email=email.lower(), organisation=organisation)
    return contact


@transaction.atomic
def invitations_add(*, session: Session, contacts: list[Contact], user=None) -> list[Invitation]:
    """Invite CONTACTS (those already invited are skipped). Sending is a separate step."""
    existing = set(session.invitations.values_list("contact_id", flat=True))
    new = [
        Invitation(session=session, contact=contact, invited_by=user)
        for contact in {c.pk: c for c in contacts}.values()
        if contact.pk not in existing
    ]
    return Invitation.objects.bulk_create(new)


@dataclass(frozen=True)
class PasteResult:
    added: list[Invitation]
    bad: list[tuple[str, str]]  # (line, reason): not added, to correct
    skipped: list[tuple[str, str]]  # (line, reason): already invited, or twice in the paste


@transaction.atomic
def invitations_paste(*, session: Session, text: str, user=None) -> PasteResult:
    good, bad, skipped = invitee_lines_parse(text)
    invited = set(session.invitations.values_list("contact_id", flat=True))
    contacts = []
    for name, email, line in good:
        contact = contact_for_invitee(name=name, email=email)
        if contact.pk in invited:
            skipped.append((line, _("al uitgenodigd")))
        else:
            contacts.append(contact)
    added = invitations_add(session=session, contacts=contacts, user=user)
    return PasteResult(added=added, bad=bad, skipped=skipped)
