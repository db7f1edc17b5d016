"""Dutch counts read right for one as for many: "1 gemeente", "3 gemeenten"."""

from django.urls import reverse

from heatportal.mail.models import Email
from labs.services import enrolling
from labs.tests.factories import EnrolmentFactory, LabFactory
from tests.htmlforms import page_form, post_data


def test_the_lab_page_counts_in_singular_and_plural(client, world):
    one = LabFactory(min_participants=1, max_participants=1, on_shortfall="extend", extension_days=1)
    client.force_login(world.users["staff_nh"])
    html = client.get(one.get_absolute_url()).content.decode()
    assert "0 van minimaal 1 aanmelding<" in html
    assert "1 tot 1 gemeente ·" in html
    assert "minimaal 1 aanmelding op de deadline" in html
    assert "eenmalig met 1 dag verlengd" in html
    many = LabFactory(min_participants=3, max_participants=5, on_shortfall="extend", extension_days=14)
    html = client.get(many.get_absolute_url()).content.decode()
    assert "0 van minimaal 3 aanmeldingen" in html and "3 tot 5 gemeenten" in html
    assert "minimaal 3 aanmeldingen op de deadline" in html and "eenmalig met 14 dagen verlengd" in html


def test_the_edit_form_and_the_mails_count_in_singular_and_plural(client, world):
    lab = LabFactory(min_participants=1, max_participants=3, offer_days=1)
    EnrolmentFactory(lab=lab, municipality=world.zaanstad)
    form_errors = _lower_maximum(client, world, lab, "0")
    assert "Er is al 1 gemeente met een plek; het maximum kan niet lager." in form_errors
    officer = world.users["officer_zaanstad"]
    lab2 = LabFactory(min_participants=1, max_participants=1, offer_days=1)
    EnrolmentFactory(lab=lab2, municipality=world.assen)
    enrolling.enrolment_create(lab=lab2, municipality=world.zaanstad, user=officer, case_title="Wachten")
    assert "U heeft dan 1 dag om het aan te nemen." in Email.objects.get(to_email=officer.email).body_text


def _lower_maximum(client, world, lab, maximum: str) -> str:
    client.force_login(world.users["staff_nh"])
    url = reverse("labs:edit", kwargs={"pk": lab.pk})
    data = page_form(client.get(url), action_contains=url)
    data["max_participants"] = maximum
    return client.post(url, post_data(data)).content.decode()
