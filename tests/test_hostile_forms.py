"""Hostile posts to every form of the portal: never a 5xx, a refused post changes no row, an
accepted one stores no control characters; every form stands on the portal's form ground
(tests/hostile/__init__.py tells the whole plan)."""

import importlib

import pytest
from django import forms
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from heatportal.forms import PortalFormMixin
from tests.hostile.common import CONTROL, HYPOTHESIS, ROOT, app_modules, client_for
from tests.hostile.strategies import hostile_values
from tests.hostile.targets import TARGETS
from tests.test_permissions import all_cases

# POST URLs that read nothing from the body: no form to make hostile.
NO_INPUT = {
    "accounts:logout",
    "sessions:cancel",
    "progress:direction_adopt",  # a button: the direction and its session are in the URL
    "sessions:programme_delete",
    "sessions:workshop_delete",
    "sessions:invitations_send",
    "sessions:invitation_resend",
    "sessions:invitation_remove",
    "sessions:session_copy",
    # A flag and a way back (only a path of the portal's own, tested in sessions/tests/test_checkin.py).
    "sessions:checkin_toggle",
    "sessions:calendar_rotate",
    "labs:meeting_delete",
    "labs:material_delete",
    "municipalities:contact_erase",
    "progress:neighbourhood_delete",
    "progress:initiative_delete",
    "outcomes:remove",
    "outcomes:review_attendance",
    "outcomes:review_publish",
    "outcomes:review_withdraw",
    "outcomes:review_photo_remove",
    "outcomes:action_link_resend",
    "mail:retry",
    "accounts:session_end",
    "accounts:sessions_end_others",
    "people:access_review_confirm",
    "people:access_review_role_end",
    "people:invitation_resend",
    "people:invitation_withdraw",
    "oidc_logout",
    "retention_apply",
}


def test_every_post_url_has_a_hostile_form_target():
    post_urls = {case.url_name for case in all_cases() if case.method == "post"}
    covered = {target.url_name for target in TARGETS} | NO_INPUT
    assert not post_urls - covered, f"POST URLs without a hostile-input target: {sorted(post_urls - covered)}"


def _state(querysets) -> list:
    state = []
    for qs in querysets:
        for one in qs if isinstance(qs, tuple) else (qs,):
            state.append(sorted(one.order_by().values_list(), key=repr))
    return state


def _bound_forms_with_errors(response) -> list:
    if response.context is None:
        return []
    contexts = response.context if isinstance(response.context, list) else [response.context]
    values = [value for context in contexts for value in context.flatten().values()]
    found = []
    for value in values:
        if isinstance(value, forms.BaseForm | forms.BaseFormSet) and value.is_bound and not value.is_valid():
            found.append(value)
    return found


def _strings(state):
    for rows in state:
        for row in rows:
            for value in row:
                if isinstance(value, str):
                    yield value


@pytest.mark.parametrize("target", TARGETS, ids=lambda t: f"{t.url_name}:{t.role}:{t.fields[0]}")
def test_no_form_post_gives_a_server_error_or_saves_half(target, world):
    objects = target.objects(world)
    url = reverse(target.url_name, kwargs=target.kwargs(world, objects)) + target.query
    user = world.users[target.role]
    fields = [name.replace("{assen}", str(world.assen.pk)) for name in target.fields]

    @HYPOTHESIS
    @given(data=st.data())
    def check(data):
        post = target.base(world, objects)
        chosen = data.draw(st.lists(st.sampled_from(fields), min_size=1, max_size=len(fields), unique=True))
        for name in chosen:
            post[name] = data.draw(hostile_values, label=name)
        client = client_for(user)
        before = _state(target.rows(world, objects))
        response = client.post(url, post)
        assert response.status_code < 500, (url, post)
        after = _state(target.rows(world, objects))
        if response.status_code >= 400 or _bound_forms_with_errors(response):
            assert after == before, f"refused post to {url} changed rows: {post}"
        else:
            stored = [s for s in _strings(after) if CONTROL.search(s)]
            assert not stored, f"control characters stored from {post}: {stored[:3]}"

    check()


@pytest.mark.parametrize("target", [t for t in TARGETS if t.role == "anonymous"][:2], ids=lambda t: t.url_name)
def test_a_body_of_random_bytes_gives_no_server_error(target, world):
    """Invalid UTF-8, lone surrogates (%ED%A0%80), broken percent escapes, as a raw body."""
    objects = target.objects(world)
    url = reverse(target.url_name, kwargs=target.kwargs(world, objects))
    pieces = st.sampled_from([b"name=", b"&", b"=", b"%", b"%ED%A0%80", b"%C0%80", b"%FF", b"\xff", b"+", b"%0D%0A"])

    @HYPOTHESIS
    @given(body=st.lists(st.one_of(pieces, st.binary(max_size=20)), max_size=12).map(b"".join))
    def check(body):
        for content_type in ("application/x-www-form-urlencoded", "multipart/form-data; boundary=x"):
            response = client_for(None).post(url, body, content_type=content_type)
            assert response.status_code < 500, body

    check()


# --- The form ground is used by every form --------------------------------------------------
def _form_classes():
    for path in app_modules("forms"):
        parts = path.relative_to(ROOT).with_suffix("").parts
        module = importlib.import_module(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
        for value in vars(module).values():
            if isinstance(value, type) and issubclass(value, forms.BaseForm) and value.__module__ == module.__name__:
                yield value


def test_every_form_uses_the_portal_form_ground():
    classes = list(_form_classes())
    assert len(classes) > 20
    outside = {f"{cls.__module__}.{cls.__name__}" for cls in classes if not issubclass(cls, PortalFormMixin)}
    assert not outside, f"forms without PortalFormMixin (control characters, line breaks, dates): {outside}"
