"""Inviting people to a session: who (parsed lines, register contacts). Sending them is
sessions.services.sending."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _

from municipalities.models import Contact
from sessions.models import Invitation, Session

NAME_MAX_LENGTH = Contact._meta.get_field("name").max_length
EMAIL_MAX_LENGTH = Contact._meta.get_field("email").max_length
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
        if len(email) > EMAIL_MAX_LENGTH:  # the validator allows 320; the register stores 254
            bad.append((line, _("Ongeldig e-mailadres.")))
            continue
        if not name:
            bad.append((line, _("Naam ontbreekt.")))
            continue
        if len(name) > NAME_MAX_LENGTH:
            bad.append((line, _("Naam is te lang (hoogstens %(n)d tekens).") % {"n": NAME_MAX_LENGTH}))
            continue
        if email in seen:
            duplicates.append((line, _("dubbel in de lijst")))
            continue
        seen.add(email)
        good.append((name, email, line))
    return good, bad, duplicates


def contact_for_invitee(*, name: str, email: str) -> Contact:
    """The contact with this address, created when new (contacts_for_invitees for one person)."""
    return contacts_for_invitees([(name, email)])[email.lower()]


def contacts_for_invitees(invitees: list[tuple[str, str]]) -> dict[str, Contact]:
    """The register's contact for each (name, address) of INVITEES, keyed by the address in lower
    case: the oldest contact with that address (matched case-insensitively, at any organisation),
    created without an organisation where there is none. One query finds them all (over the index
    on lower(email)), one insert per thousand adds the new ones."""
    wanted = {email.lower(): name for name, email in invitees}
    found = {}
    if wanted:
        existing = Contact.objects.annotate(email_lower=Lower("email")).filter(email_lower__in=list(wanted))
        for contact in existing.order_by("-pk"):  # the oldest written last, so it wins
            found[contact.email_lower] = contact
    new = [Contact(name=name, email=email) for email, name in wanted.items() if email not in found]
    if new:
        # A request pasting the same new address at this moment may store it between the look-up
        # and this insert: ON CONFLICT ... DO UPDATE (a no-op) then returns that row's id, so
        # nobody gets a second contact and no paste fails on the unique constraint.
        # SQLite (make run) cannot hold that constraint for a missing organisation (no NULLS NOT
        # DISTINCT), so there is nothing to conflict with; it serialises writes anyway.
        on_conflict = (
            {"update_conflicts": True, "unique_fields": ["email", "organisation"], "update_fields": ["email"]}
            if connection.features.supports_nulls_distinct_unique_constraints
            else {}
        )
        Contact.objects.bulk_create(new, batch_size=1000, **on_conflict)
        found.update({contact.email: contact for contact in new})
    return found


def _lock_invitations(session: Session) -> set[int]:
    """Lock SESSION's row, then read who is invited: two requests adding to one session (two
    organisers, a double click) wait for each other, so neither fails on the unique constraint
    or counts the other's invitees as its own."""
    list(Session.objects.select_for_update().filter(pk=session.pk).order_by().values_list("pk", flat=True))
    # order_by(): the model's ordering by contact name would join every contact for nothing.
    return set(session.invitations.order_by().values_list("contact_id", flat=True))


def _invite(*, session: Session, contacts: list[Contact], invited: set[int], user) -> list[Invitation]:
    new = [
        Invitation(session=session, contact=contact, invited_by=user)
        for contact in {c.pk: c for c in contacts}.values()
        if contact.pk not in invited
    ]
    return Invitation.objects.bulk_create(new, batch_size=1000)


@transaction.atomic
def invitations_add(*, session: Session, contacts: list[Contact], user=None) -> list[Invitation]:
    """Invite CONTACTS (those already invited are skipped), in one insert. Sending is a separate step."""
    return _invite(session=session, contacts=contacts, invited=_lock_invitations(session), user=user)


@dataclass(frozen=True)
class PasteResult:
    added: list[Invitation]
    bad: list[tuple[str, str]]  # (line, reason): not added, to correct
    skipped: list[tuple[str, str]]  # (line, reason): already invited, or twice in the paste


@transaction.atomic
def invitations_paste(*, session: Session, text: str, user=None) -> PasteResult:
    """Invite the people of pasted "Name <email>" lines, in a fixed number of queries however many
    lines there are, and all or nothing: a request cut off halfway stores no contact or invitation."""
    good, bad, skipped = invitee_lines_parse(text)
    invited = _lock_invitations(session)
    contacts = contacts_for_invitees([(name, email) for name, email, _line in good])
    new = []
    for _name, email, line in good:
        contact = contacts[email]
        if contact.pk in invited:
            skipped.append((line, _("al uitgenodigd")))
        else:
            new.append(contact)
    added = _invite(session=session, contacts=new, invited=invited, user=user)
    return PasteResult(added=added, bad=bad, skipped=skipped)
