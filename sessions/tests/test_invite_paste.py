"""Pasting invitees at scale: every address looked up in one query whatever the number of lines,
contacts and invitations inserted in bulk, all or nothing, and safe when two requests overlap."""

import threading
from unittest import mock

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from municipalities.models import Contact
from sessions.models import Invitation
from sessions.services import invitations
from sessions.services.invitations import contacts_for_invitees, invitations_add, invitations_paste
from sessions.tests.factories import InvitationFactory, SessionFactory
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def lines(n: int, start: int = 0, domain: str = "plak.example") -> str:
    return "\n".join(f"Persoon {i} <persoon.{i}@{domain}>" for i in range(start, start + n))


def test_the_number_of_queries_does_not_grow_with_the_lines(planned):
    ContactFactory(name="Bestaand", email="persoon.3@plak.example", organisation=None)
    with CaptureQueriesContext(connection) as few:
        invitations_paste(session=planned, text=lines(10))
    with CaptureQueriesContext(connection) as many:
        result = invitations_paste(session=planned, text=lines(1200, start=10) + "\n" + lines(10))
    # 1,200 new contacts and their invitations go in inserts of a thousand: one more of each.
    assert len(many) == len(few) + 2
    assert len(result.added) == 1200 and len(result.skipped) == 10
    assert planned.invitations.count() == 1210
    assert Contact.objects.filter(email__endswith="@plak.example").count() == 1210  # the known one reused


def test_addresses_match_whatever_their_case_and_the_oldest_contact_is_invited(planned):
    oldest = ContactFactory(name="Henk Bosma", email="Henk.Bosma@Actium.example")
    ContactFactory(name="Henk (tweede)", email="henk.bosma@actium.example")
    result = invitations_paste(session=planned, text="H. Bosma <HENK.BOSMA@actium.EXAMPLE>")
    assert [inv.contact for inv in result.added] == [oldest]
    assert Contact.objects.filter(email__iexact="henk.bosma@actium.example").count() == 2  # nobody added
    assert contacts_for_invitees([("X", "henk.bosma@ACTIUM.example")]) == {"henk.bosma@actium.example": oldest}


def test_a_name_or_address_too_long_for_the_register_is_a_line_to_correct(planned):
    long_name, long_address = "N" * 151, "a" * 250 + "@example.org"
    result = invitations_paste(
        session=planned, text=f"{long_name} <kort@example.org>\nKort <{long_address}>\nGoed <goed@example.org>"
    )
    reasons = [reason for _line, reason in result.bad]
    assert reasons == ["Naam is te lang (hoogstens 150 tekens).", "Ongeldig e-mailadres."]
    assert [inv.contact.email for inv in result.added] == ["goed@example.org"]


def test_a_paste_cut_off_halfway_stores_nothing(client, world, planned):
    """The contacts are in; then the request dies (gunicorn's timeout, a lost connection): the
    transaction goes, and with it every contact and invitation of this paste."""
    client.force_login(world.users["staff_drenthe"])
    contacts_before = Contact.objects.count()
    cut_off = mock.patch.object(Invitation.objects, "bulk_create", side_effect=RuntimeError("request cut off"))
    with cut_off, pytest.raises(RuntimeError):
        client.post(reverse("sessions:invite", kwargs={"pk": planned.pk}), {"lines": lines(300)})
    assert Contact.objects.count() == contacts_before
    assert not planned.invitations.exists()


def test_an_address_another_request_stored_first_is_used_not_doubled(planned):
    """Between this paste's look-up and its insert, another request stores the same new address:
    the insert skips it and the paste invites the row that was stored."""
    real_bulk_create = Contact.objects.bulk_create
    stored_first = []

    def concurrent_then_ours(objs, **kwargs):
        stored_first.append(Contact.objects.create(name="Eerder", email="nieuw@plak.example"))
        return real_bulk_create(objs, **kwargs)

    with mock.patch.object(Contact.objects, "bulk_create", side_effect=concurrent_then_ours):
        result = invitations_paste(session=planned, text="Nieuw <nieuw@plak.example>\nAnder <ander@plak.example>")
    assert [inv.contact.email for inv in result.added] == ["nieuw@plak.example", "ander@plak.example"]
    assert result.added[0].contact == stored_first[0]
    assert Contact.objects.filter(email="nieuw@plak.example").count() == 1


def test_adding_contacts_already_invited_adds_nobody_twice(planned):
    henk = InvitationFactory(session=planned).contact
    tom = ContactFactory()
    added = invitations_add(session=planned, contacts=[henk, tom, tom])
    assert [inv.contact for inv in added] == [tom]
    assert invitations_add(session=planned, contacts=[tom]) == []


@pytest.mark.django_db(transaction=True)
def test_two_organisers_pasting_the_same_list_at_once_invite_each_person_once(reference_data, drenthe):
    session = SessionFactory(organiser_province=drenthe)
    other = SessionFactory(organiser_province=drenthe)  # the same new people, pasted for another session
    text = lines(40, domain="tegelijk.example")
    errors, barrier = [], threading.Barrier(3)

    def paste(target):
        try:
            barrier.wait()
            invitations_paste(session=target, text=text)
        except Exception as exc:  # noqa: BLE001 (reported below)
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=paste, args=(s,)) for s in (session, session, other)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert session.invitations.count() == 40 and other.invitations.count() == 40
    assert Contact.objects.filter(email__endswith="@tegelijk.example").count() == 40


def test_pasted_people_join_the_register_without_an_organisation(planned):
    corporation = OrganisationFactory()
    known = ContactFactory(email="bekend@plak.example", organisation=corporation)
    result = invitations_paste(session=planned, text="Bekend <bekend@plak.example>\nNieuw <nieuw@plak.example>")
    assert [inv.contact for inv in result.added][0] == known
    assert Contact.objects.get(email="nieuw@plak.example").organisation is None
    assert invitations.contact_for_invitee(name="X", email="NIEUW@plak.example").name == "Nieuw"


def test_a_database_without_nulls_not_distinct_still_takes_new_addresses(planned, monkeypatch):
    """SQLite, which `make run` uses, cannot hold the unique constraint for contacts without an
    organisation, so ON CONFLICT over it is refused there (a 500 on the first new address in the
    walk-through). Without the feature the insert goes in plainly."""
    monkeypatch.setattr(connection.features, "supports_nulls_distinct_unique_constraints", False)
    with mock.patch.object(Contact.objects, "bulk_create", wraps=Contact.objects.bulk_create) as insert:
        result = invitations_paste(session=planned, text=lines(3, domain="sqlite.example"))
    assert "update_conflicts" not in insert.call_args.kwargs
    assert len(result.added) == 3 and planned.invitations.count() == 3
    assert Contact.objects.filter(email__endswith="@sqlite.example").count() == 3
