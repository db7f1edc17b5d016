import re

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import Role
from heatportal.mail.models import Email
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_login_with_email_is_case_insensitive_and_lands_on_the_overview(client, world):
    # An officer: no second factor is required, so the password step lands on the overview
    # (accounts/tests/test_two_factor.py covers the roles that go on to the second step).
    response = client.post(
        reverse("accounts:login"), {"username": "Assen@Example.org", "password": "geheim-wachtwoord-1"}
    )
    assert response.status_code == 302 and response["Location"] == reverse("home")
    assert client.get(reverse("home")).context["user"].email == "assen@example.org"


def test_wrong_password_gets_a_dutch_error_and_keeps_the_email(client, world):
    response = client.post(reverse("accounts:login"), {"username": "drenthe@example.org", "password": "fout"})
    assert response.status_code == 200
    assert "horen niet bij elkaar" in response.text
    assert 'value="drenthe@example.org"' in response.text


STAFF_NAV = ["Overzicht", "Sessieplanning", "Leer Labs", "Mijn Leer Labs", "Voortgang", "Gemeenten", "Organisaties"]
OFFICER_NAV = ["Overzicht", "Sessies", "Leer Labs", "Mijn Leer Labs", "Onze voortgang", "Gemeenten"]


@pytest.mark.parametrize(
    "role,expected",
    [
        ("anonymous", ["Overzicht", "Leer Labs", "Gemeenten"]),
        (
            "programme_admin",
            [
                *STAFF_NAV,
                "Contactpersonen",
                "Mensen",
                "Toegangsaanvragen",
                "Uitgaande e-mail",
                "Auditlog",
                "Bewaartermijnen",
            ],
        ),
        ("adviser", [*STAFF_NAV, "Mensen"]),
        ("staff_drenthe", [*STAFF_NAV, "Mensen", "Toegangsaanvragen"]),
        ("officer_assen", [*OFFICER_NAV, "Mensen"]),
        (
            "coordinator_drenthe",
            ["Overzicht", "Leer Labs", "Regio-overzicht", "Gemeenten", "Mensen", "Toegangsaanvragen"],
        ),
    ],
)
def test_each_role_sees_its_own_navigation(client, world, role, expected):
    if world.users[role]:
        client.force_login(world.users[role])
    assert [str(item.label) for item in client.get(reverse("home")).context["nav_items"]] == expected


def test_two_accounts_cannot_differ_only_in_letter_case(world):
    UserFactory(email="kees@example.org")
    with pytest.raises(IntegrityError):
        UserFactory(email="Kees@Example.org")


def test_password_reset_mail_is_marked_sensitive(client, world):
    client.post(reverse("accounts:password_reset"), {"email": "assen@example.org"})
    assert Email.objects.get(to_email="assen@example.org").sensitive


def test_role_scope_must_match_its_kind(world):
    user = UserFactory()
    with pytest.raises(IntegrityError):
        Role.objects.create(user=user, kind=Role.Kind.PROVINCIAL_STAFF)  # no province


def test_password_reset_goes_through_the_outbox_and_the_link_sets_a_new_password(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "assen@example.org"})
    email = Email.objects.get(to_email="assen@example.org")
    assert email.status == Email.Status.SENT
    link = re.search(r"http://[^\s]+/account/wachtwoord-instellen/[^\s]+/", email.body_text).group(0)
    path = "/" + link.split("/", 3)[3]
    form_page = client.get(path, follow=True)
    assert form_page.context["validlink"]
    client.post(
        form_page.redirect_chain[-1][0], {"new_password1": "Nieuw-Warm-2026!", "new_password2": "Nieuw-Warm-2026!"}
    )
    client.logout()
    response = client.post(reverse("accounts:login"), {"username": "assen@example.org", "password": "Nieuw-Warm-2026!"})
    assert response.status_code == 302
    assert client.get(reverse("home")).context["user"].email == "assen@example.org"


def test_password_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, world):
    response = client.post(reverse("accounts:password_reset"), {"email": "onbekend@example.org"})
    assert response.status_code == 302
    assert not Email.objects.exists()


def test_password_reset_is_rate_limited(client, world):
    for _ in range(10):
        client.post(reverse("accounts:password_reset"), {"email": "onbekend@example.org"})
    response = client.post(reverse("accounts:password_reset"), {"email": "onbekend@example.org"})
    assert response.status_code == 429
    assert "Te veel verzoeken" in response.text


def test_language_switch_to_english(client, world):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("accounts:login"))
    assert '<html lang="en"' in response.text


def test_pages_are_dutch_by_default(client, world):
    response = client.get(reverse("accounts:login"))
    assert '<html lang="nl"' in response.text
    assert "Wachtwoord vergeten?" in response.text
