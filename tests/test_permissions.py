"""Every URL pattern, every role: allowed or forbidden, as the matrices say."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from heatportal.modules import optional_app_module
from tests import permissions
from tests.fixtures import ROLE_NAMES

MATRIX_APPS = ["sessions", "labs", "municipalities"]
# Django's own admin has its own permission system (is_staff) and is tested by Django.
UNCHECKED_NAMESPACES = {"admin"}


def all_cases() -> list[permissions.Case]:
    cases = list(permissions.CASES)
    for app in MATRIX_APPS:
        if module := optional_app_module(app, "tests.permission_matrix"):
            cases.extend(module.CASES)
    return cases


def _url_names(resolver=None, namespace=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            if ns in UNCHECKED_NAMESPACES:
                continue
            yield from _url_names(entry, f"{namespace}{ns}:" if ns else namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{namespace}{entry.name}"


def test_every_url_pattern_is_in_the_matrix():
    covered = {case.url_name for case in all_cases()}
    missing = sorted(set(_url_names()) - covered)
    assert not missing, f"URL patterns without a permission case: {missing}"


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize("case", all_cases(), ids=lambda c: c.id)
def test_permission(case, role, world, client):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    if case.method == "post":
        response = client.post(url, case.data(world))
    else:
        response = client.get(url)
    login_url = reverse("accounts:login")
    sent_to_login = response.status_code == 302 and response["Location"].startswith(login_url)
    denied = response.status_code in (403, 404) or sent_to_login
    if role in case.allowed:
        assert not denied, f"{role} should reach {url}, got {response.status_code}"
        assert response.status_code < 500
    else:
        assert denied, f"{role} should be refused at {url}, got {response.status_code}"
