"""The invite page's contact picker: searchable by name, address and organisation, a page at a
time, with the organisation types as before, and a choice kept across pages and searches until the
organiser invites who is chosen."""

import re

import pytest
from django.contrib.messages import get_messages
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from municipalities.models import Contact
from sessions.invitation_selectors import CONTACT_PAGE_SIZE, invitable_contacts
from sessions.tests.factories import InvitationFactory
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisations(world):
    return {
        "actium": OrganisationFactory(name="Actium", type="housing_corporation", municipalities=[world.assen]),
        "enexis": OrganisationFactory(name="Enexis", type="grid_operator", municipalities=[world.assen]),
        "parteon": OrganisationFactory(name="Parteon", type="housing_corporation", municipalities=[world.zaanstad]),
    }


@pytest.fixture
def planner(client, world):
    client.force_login(world.users["staff_drenthe"])
    return client


def many_at(organisation, n: int) -> list[Contact]:
    return Contact.objects.bulk_create(
        Contact(name=f"Medewerker {i:03d}", email=f"m{i}@{organisation.pk}.example", organisation=organisation)
        for i in range(n)
    )


def offered(response) -> list[int]:
    """The contacts the picker shows ticked or not, in order."""
    return [int(pk) for pk in re.findall(r'name="contacts" value="(\d+)"', response.content.decode())]


def ticked(response) -> set[int]:
    return {int(pk) for pk in re.findall(r'name="contacts" value="(\d+)" checked', response.content.decode())}


def test_the_search_finds_by_name_address_and_organisation(planned, organisations):
    henk = ContactFactory(name="Henk Bosma", email="h.bosma@actium.example", organisation=organisations["actium"])
    tom = ContactFactory(name="Tom Hendriks", email="tom@enexis.example", organisation=organisations["enexis"])
    ContactFactory(name="Ruben", email="ruben@parteon.example", organisation=organisations["parteon"])
    InvitationFactory(session=planned, contact=ContactFactory(name="Al Genodigd", organisation=organisations["actium"]))

    def found(**filters):
        return list(invitable_contacts(session=planned, **filters))

    assert found(query="BOSMA") == [henk]
    assert found(query="tom@enexis") == [tom]
    assert found(query="actium") == [henk]  # the one already invited is not offered
    assert found(query="ruben") == []  # Parteon does not work in Assen or Midden-Drenthe
    assert found(types=["grid_operator"]) == [tom]
    assert found(types=["housing_corporation"], query="tom") == []


def test_the_picker_pages_and_keeps_what_was_chosen_on_another_page(planner, planned, organisations):
    people = many_at(organisations["actium"], CONTACT_PAGE_SIZE + 10)
    url = reverse("sessions:invite", kwargs={"pk": planned.pk})
    first = planner.get(url)
    assert offered(first) == [c.pk for c in people[:CONTACT_PAGE_SIZE]]
    assert "60 contactpersonen gevonden" in first.content.decode() and "Pagina 1 van 2" in first.content.decode()

    # Tick two on page 1, go to page 2: they are still chosen there, listed apart and ticked.
    second = planner.post(url, {"contacts": [people[0].pk, people[1].pk], "pagina": "2"})
    body = second.content.decode()
    assert set(offered(second)) == {c.pk for c in people[CONTACT_PAGE_SIZE:]} | {people[0].pk, people[1].pk}
    assert ticked(second) == {people[0].pk, people[1].pk} and "2 gekozen" in body
    assert "Ook gekozen" in body and not planned.invitations.exists()

    # Tick one more on page 2, untick one of page 1 in the list, search elsewhere, then invite.
    searched = planner.post(url, {"contacts": [people[1].pk, people[55].pk], "q": "Medewerker 00", "pagina": "1"})
    assert ticked(searched) == {people[1].pk, people[55].pk}
    done = planner.post(url, {"contacts": [people[1].pk, people[55].pk], "q": "Medewerker 00", "actie": "uitnodigen"})
    assert done.status_code == 302 and done["Location"] == f"{url}?q=Medewerker+00"
    assert sorted(planned.invitations.values_list("contact_id", flat=True)) == [people[1].pk, people[55].pk]
    assert [str(m) for m in get_messages(done.wsgi_request)] == ["2 genodigden toegevoegd."]


def test_inviting_nobody_says_so_and_stores_nothing(planner, planned, organisations):
    ContactFactory(organisation=organisations["actium"])
    url = reverse("sessions:invite", kwargs={"pk": planned.pk})
    response = planner.post(url, {"actie": "uitnodigen", "contacts": ["999999", "x"]})
    assert response.status_code == 200 and "Kies eerst een of meer contactpersonen." in response.content.decode()
    assert not planned.invitations.exists()


def test_a_refused_search_value_invites_nobody(planner, planned, organisations):
    henk = ContactFactory(organisation=organisations["actium"])
    url = reverse("sessions:invite", kwargs={"pk": planned.pk})
    response = planner.post(url, {"actie": "uitnodigen", "contacts": [henk.pk], "q": "regel\nBcc"})
    assert response.status_code == 200 and "regeleinde" in response.content.decode()
    assert ticked(response) == {henk.pk}  # still chosen, to invite once the search is corrected
    assert not planned.invitations.exists()


def test_over_htmx_the_picker_swaps_itself_and_inviting_reloads_the_page(planner, planned, organisations):
    henk = ContactFactory(name="Henk", organisation=organisations["actium"])
    url = reverse("sessions:invite", kwargs={"pk": planned.pk})
    htmx = {"HX-Request": "true", "HX-Target": "invite-contacts"}
    moved = planner.post(url, {"contacts": [henk.pk], "soort": ["grid_operator"]}, headers=htmx)
    body = moved.content.decode()
    assert body.lstrip().startswith('<form id="invite-contacts"') and "<html" not in body
    assert ticked(moved) == {henk.pk}  # chosen, though the grid operators are shown now
    done = planner.post(url, {"contacts": [henk.pk], "actie": "uitnodigen"}, headers=htmx)
    assert done.status_code == 200 and done["HX-Redirect"].startswith(url)
    assert planned.invitations.get().contact == henk


def test_a_contact_invited_meanwhile_is_not_invited_twice(planner, planned, organisations):
    henk = ContactFactory(organisation=organisations["actium"])
    tom = ContactFactory(organisation=organisations["enexis"])
    InvitationFactory(session=planned, contact=henk)  # a colleague was quicker
    url = reverse("sessions:invite", kwargs={"pk": planned.pk})
    planner.post(url, {"contacts": [henk.pk, tom.pk], "actie": "uitnodigen"})
    assert sorted(planned.invitations.values_list("contact_id", flat=True)) == sorted([henk.pk, tom.pk])


def test_the_picker_page_needs_as_many_queries_for_many_contacts_as_for_few(planner, planned, organisations):
    url = reverse("sessions:invite", kwargs={"pk": planned.pk})
    many_at(organisations["enexis"], 3)
    planner.get(url)
    with CaptureQueriesContext(connection) as few:
        planner.get(url)
    chosen = [c.pk for c in many_at(organisations["actium"], 400)]
    with CaptureQueriesContext(connection) as many:
        response = planner.post(url, {"contacts": chosen[:200], "pagina": "3"})
    # The same page queries, and two more for the chosen contacts not on this page (the contacts,
    # and the organisations the picker offers, which they are checked against).
    assert len(many) == len(few) + 2
    page_three = chosen[2 * CONTACT_PAGE_SIZE : 3 * CONTACT_PAGE_SIZE]  # Actium's come before Enexis'
    assert offered(response)[:CONTACT_PAGE_SIZE] == page_three
    assert set(offered(response)) == set(page_three) | set(chosen[:200]) and ticked(response) == set(chosen[:200])
