import json
import re

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_pages_carry_a_strict_content_security_policy(client):
    csp = client.get(reverse("home"))["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp


def test_htmx_posts_pass_csrf_with_the_token_from_the_page():
    client = Client(enforce_csrf_checks=True)
    page = client.get(reverse("home")).text
    headers = json.loads(re.search(r"hx-headers='([^']+)'", page).group(1))
    url = reverse("set_language")
    assert client.post(url, {"language": "en"}).status_code == 403
    response = client.post(url, {"language": "en"}, headers={**headers, "HX-Request": "true"})
    assert response.status_code == 302


def test_server_error_page_is_dutch_and_needs_no_database(django_db_blocker):
    request = RequestFactory().get("/")
    with django_db_blocker.block():
        response = server_error(request)
    assert response.status_code == 500
    assert "Er ging iets mis" in response.content.decode()


def test_forbidden_page_is_dutch_in_the_layout(client, world):
    client.force_login(world.users["officer_assen"])
    response = client.get(reverse("mail:outbox"))
    assert response.status_code == 403
    assert "Geen toegang" in response.text and "Hoofdmenu" in response.text


def test_static_assets_come_from_our_own_server(client):
    page = client.get(reverse("home")).text
    sources = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page)
    assert sources and all(src.startswith("/static/") for src in sources)
    # The Utrecht components arrive inside the one stylesheet scripts/build-css.mjs builds.
    assert any("htmx" in src for src in sources) and any("vendor/heatportal" in src for src in sources)


def test_an_expired_form_gets_a_dutch_page_not_djangos_english_one():
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("set_language"), {"language": "en"})
    assert response.status_code == 403
    assert "Formulier verlopen" in response.text
