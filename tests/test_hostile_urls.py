"""Hostile query strings and path segments on every GET URL of the permission matrix: never a 5xx
(tests/hostile/__init__.py tells the whole plan)."""

import re
from urllib.parse import quote

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from tests.hostile.common import HYPOTHESIS_GET, app_modules, client_for, role_for
from tests.hostile.strategies import hostile_text, hostile_values
from tests.test_permissions import all_cases


# --- Query parameters of every GET view ------------------------------------------------------
def _query_parameter_names() -> list[str]:
    """Every name a view module reads with .get("name") / .getlist / GET["name"] (grepped from
    the source, so a new parameter is covered; POST names come along, which does no harm)."""
    pattern = re.compile(r"""(?:\.get|\.getlist|\.GET)[\(\[]\s*["']([\w-]+)["']""")
    names = {"page", "next", "deel"}
    for path in app_modules("views"):
        names.update(pattern.findall(path.read_text()))
    return sorted(names)


PARAMETERS = _query_parameter_names()
GET_CASES = [case for case in all_cases() if case.method == "get"]
HTMX_TARGETS = ["board", "progress-results", "results", "board-calendar", "", "x" * 300]


def test_the_parameter_list_found_the_known_parameters():
    assert {"maand", "workshop", "sorteer", "visie", "provincie", "status", "q", "page"} <= set(PARAMETERS)


@pytest.mark.parametrize("case", GET_CASES, ids=lambda c: c.id)
def test_no_query_string_gives_a_server_error(case, world):
    url = reverse(case.url_name, kwargs=case.kwargs(world))
    user = world.users[role_for(case)]

    @HYPOTHESIS_GET
    @given(
        params=st.dictionaries(st.one_of(st.sampled_from(PARAMETERS), hostile_text), hostile_values, max_size=4),
        htmx=st.one_of(st.none(), st.sampled_from(HTMX_TARGETS)),
    )
    def check(params, htmx):
        headers = {"HX-Request": "true", "HX-Target": htmx} if htmx is not None else {}
        response = client_for(user).get(url, params, headers=headers)
        assert response.status_code < 500, (url, params, htmx)

    check()


PATH_CASES = [case for case in GET_CASES if case.url_name != "healthz"]


@pytest.mark.parametrize("case", PATH_CASES, ids=lambda c: c.id)
def test_no_path_segment_gives_a_server_error(case, world):
    kwargs = case.kwargs(world)
    names = [k for k, v in kwargs.items() if isinstance(v, str)]
    if not names:
        pytest.skip("no text in this URL's path")
    placeholder = "PLACEHOLDERxyz"
    user = world.users[role_for(case)]

    @HYPOTHESIS_GET
    @given(name=st.sampled_from(names), value=hostile_text.filter(bool))
    def check(name, value):
        url = reverse(case.url_name, kwargs={**kwargs, name: placeholder})
        url = url.replace(placeholder, quote(value.encode("utf-8", "surrogatepass"), safe=""))
        response = client_for(user).get(url)
        assert response.status_code < 500, url

    check()
