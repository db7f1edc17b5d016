import json

import pytest
from django.urls import reverse

from heatportal.mail.models import Email
from heatportal.mail.services import email_queue
from municipalities.models import Contact, Organisation
from tests.factories import ContactFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def test_municipality_list_shows_every_current_municipality_with_province_and_region(client, reference_data):
    response = client.get(reverse("municipalities:list"))
    assert response.status_code == 200
    assert len(response.context["municipalities"]) == 342
    assert "Midden-Drenthe" in response.text and "Noord-Holland Zuid" in response.text


def test_municipality_list_filters_by_province_in_a_partial_for_htmx(client, reference_data):
    response = client.get(reverse("municipalities:list"), {"provincie": "PV22"}, HTTP_HX_REQUEST="true")
    assert [m.name for m in response.context["municipalities"]][:3] == ["Aa en Hunze", "Assen", "Borger-Odoorn"]
    assert len(response.context["municipalities"]) == 12
    assert "<html" not in response.text  # only the results partial
    assert "HX-Request" in response["Vary"]


def test_a_nul_byte_in_a_filter_gets_a_400_page_not_a_500(client, reference_data):
    response = client.get(reverse("municipalities:list") + "?q=%00")
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.text


def test_municipality_list_queries_do_not_grow_with_rows(client, reference_data, django_assert_num_queries):
    with django_assert_num_queries(3):  # municipalities, provinces, regions
        client.get(reverse("municipalities:list"))


def test_admin_can_add_a_contact_and_bad_email_keeps_the_input(client, world):
    client.force_login(world.users["programme_admin"])
    organisation = OrganisationFactory()
    url = reverse("municipalities:contact_create")
    response = client.post(url, {"name": "Fenna de Boer", "email": "geen-adres", "organisation": organisation.pk})
    assert response.status_code == 200
    assert "Fenna de Boer" in response.text  # nothing typed is lost
    assert 'aria-invalid="true"' in response.text
    assert not Contact.objects.filter(name="Fenna de Boer").exists()

    client.post(url, {"name": "Fenna de Boer", "email": "Fenna@Example.org", "organisation": organisation.pk})
    assert Contact.objects.get(name="Fenna de Boer").email == "fenna@example.org"


def test_contact_export_holds_the_persons_data_and_messages(client, world):
    contact = ContactFactory(name="Joris Veenstra", email="joris@example.org")
    email_queue(
        key="t:1",
        to_email=contact.email,
        template="password_reset",
        context={"user": contact, "uid": "MQ", "token": "x"},
    )
    client.force_login(world.users["programme_admin"])
    response = client.get(reverse("municipalities:contact_export", args=[contact.pk]))
    data = json.loads(response.content)
    assert data["contactpersoon"]["naam"] == "Joris Veenstra"
    assert data["contactpersoon"]["e-mailadres"] == "joris@example.org"
    assert data["contactpersoon"]["organisatie"] == contact.organisation.name  # by name, not id
    assert len(data["gekoppelde gegevens"]["e-mails"]) == 1
    assert response["Content-Disposition"].startswith("attachment")


def test_erasing_a_contact_removes_the_person_and_their_address_from_the_outbox(client, world):
    contact = ContactFactory(email="weg@example.org")
    email_queue(
        key="t:2",
        to_email=contact.email,
        template="password_reset",
        context={"user": contact, "uid": "MQ", "token": "x"},
    )
    client.force_login(world.users["programme_admin"])
    response = client.post(reverse("municipalities:contact_erase", args=[contact.pk]))
    assert response.status_code == 302
    assert not Contact.objects.filter(pk=contact.pk).exists()
    assert not Email.objects.filter(to_email="weg@example.org").exists()
    assert Email.objects.get(key="t:2").body_text == ""


def test_provincial_staff_see_organisations_but_not_contacts(client, world):
    client.force_login(world.users["staff_drenthe"])
    assert client.get(reverse("municipalities:organisations")).status_code == 200
    assert client.get(reverse("municipalities:contacts")).status_code == 403


def test_organisation_form_groups_municipalities_by_province_and_saves_them(client, world):
    client.force_login(world.users["programme_admin"])
    page = client.get(reverse("municipalities:organisation_create"))
    assert '<optgroup label="Drenthe">' in page.text
    response = client.post(
        reverse("municipalities:organisation_create"),
        {"name": "Energie Assen", "type": "energy_initiative", "municipalities": [world.assen.pk]},
    )
    assert response.status_code == 302
    assert list(Organisation.objects.get(name="Energie Assen").municipalities.all()) == [world.assen]
