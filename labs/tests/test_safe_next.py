"""The withdrawal form's `next` only ever leads to a page of this portal (no open redirect)."""

import pytest
from django.urls import reverse

from labs.tests.factories import EnrolmentFactory, LabFactory


@pytest.fixture
def withdraw(client, world):
    lab = LabFactory(min_participants=1, max_participants=2)
    enrolment = EnrolmentFactory(lab=lab, municipality=world.zaanstad, enrolled_by=world.users["officer_zaanstad"])
    client.force_login(world.users["officer_zaanstad"])
    return lab, reverse("labs:withdraw", kwargs={"pk": enrolment.pk})


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example", "///evil.example", "http:/evil.example", "javascript:x"]
)
def test_withdrawal_with_a_foreign_next_falls_back_to_the_lab_page(client, withdraw, target):
    lab, url = withdraw
    response = client.post(url, {"next": target})
    assert response.status_code == 302
    assert response["Location"] == lab.get_absolute_url()


def test_withdrawal_with_a_foreign_next_over_htmx_falls_back_too(client, withdraw):
    lab, url = withdraw
    response = client.post(url, {"next": "https://evil.example/"}, headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == lab.get_absolute_url()


def test_withdrawal_with_a_page_of_the_portal_as_next_goes_there(client, withdraw):
    _, url = withdraw
    response = client.post(url, {"next": reverse("labs:mine")})
    assert response["Location"] == reverse("labs:mine")
