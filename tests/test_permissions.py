"""Every URL pattern, every role, as a page and as htmx: allowed or refused, as the matrices say.

"Allowed" means exactly 200, 204 or a redirect that is not to the login page: a 400 from a
form the case posted badly proves nothing about permission, so cases post valid data. "Refused"
means 403, 404 or the login redirect. Each partial (`?deel=`, HX-Target) is a view of its own and
is walked separately, since a partial can be reached without the page that wraps it."""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from heatportal.modules import optional_app_module
from tests import permissions
from tests.fixtures import ROLE_NAMES

MATRIX_APPS = ["sessions", "labs", "municipalities", "outcomes", "progress", "people", "accounts", "heatportal.audit"]
# Django's own admin has its own permission system (is_staff) and is tested by Django.
UNCHECKED_NAMESPACES = {"admin"}
PLAIN = permissions.Partial()


def all_cases() -> list[permissions.Case]:
    cases = list(permissions.CASES)
    for app in MATRIX_APPS:
        if module := optional_app_module(app, "tests.permission_matrix"):
            cases.extend(module.CASES)
    return cases


def all_variants() -> list[tuple[permissions.Case, str, permissions.Partial | None]]:
    """(case, variant id, partial): the page itself, the plain htmx request, and each partial."""
    variants = []
    for case in all_cases():
        variants.append((case, "page", None))
        variants.append((case, "htmx", PLAIN))
        variants += [(case, partial.id, partial) for partial in case.partials]
    return variants


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


def _outcome(response) -> str:
    status = response.status_code
    location = response.get("Location", "") or response.get("HX-Redirect", "")
    if status in (403, 404) or (status == 302 and location.startswith(reverse("accounts:login"))):
        return "refused"
    if status in (200, 204) or 300 <= status < 400:
        return "allowed"
    return f"unexpected {status}"


@pytest.mark.parametrize("role", ROLE_NAMES)
@pytest.mark.parametrize(
    ("case", "variant", "partial"),
    all_variants(),
    ids=[f"{case.id}:{variant}" for case, variant, _ in all_variants()],
)
def test_permission(case, variant, partial, role, world, client):
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    headers = {}
    if partial is not None:
        headers["HX-Request"] = "true"
        if partial.target:
            headers["HX-Target"] = partial.target
        if partial.query:
            url += ("&" if "?" in url else "?") + partial.query
    if case.method == "post":
        response = client.post(url, case.data(world), headers=headers)
    else:
        response = client.get(url, headers=headers)
    allowed = partial.allowed if partial is not None and partial.allowed is not None else case.allowed
    expected = "allowed" if role in allowed else "refused"
    assert _outcome(response) == expected, f"{role} at {url} ({variant}): {response.status_code}"
