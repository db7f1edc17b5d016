"""What every hostile-input test shares: how many examples, a fresh client per example, the role
that may use a URL, and where the portal's own code is."""

import os
import re
import sys
from pathlib import Path

from django.apps import apps
from django.core.cache import cache
from django.test import Client
from hypothesis import HealthCheck, settings

EXAMPLES = int(os.environ.get("HOSTILE_EXAMPLES", "12"))
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,  # the same examples on every run: a failure is reproducible
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
)
# GET pages are many (every URL of the matrix) and each example is one request: fewer per URL.
HYPOTHESIS_GET = settings(HYPOTHESIS, max_examples=max(3, EXAMPLES * 2 // 3))
ROOT = Path(__file__).resolve().parents[2]
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _portal_apps() -> list[str]:
    """The top-level folders of the portal's own apps, from the app registry: a new app is
    covered without a list here to update."""
    installed = Path(sys.prefix).resolve()
    found = set()
    for config in apps.get_app_configs():
        path = Path(config.path).resolve()
        if path.is_relative_to(ROOT) and not path.is_relative_to(installed):
            found.add(path.relative_to(ROOT).parts[0])
    return sorted(found)


APPS = _portal_apps()


def app_modules(kind: str):
    """The portal's modules of KIND ("views", "forms"): views.py, forms.py, and every
    module of a views/ or forms/ package alike (a module split into a package stays covered)."""
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            parts = path.relative_to(ROOT).parts
            if "tests" in parts or "migrations" in parts:
                continue
            if path.stem.endswith(kind) or kind in parts[:-1]:
                yield path


def client_for(user) -> Client:
    cache.clear()  # rate limits: each example is a first try
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def role_for(case) -> str:
    for role in ("programme_admin", "staff_drenthe", "staff_nh", "officer_zaanstad", "officer_assen", "anonymous"):
        if role in case.allowed:
            return role
    # A case nobody may use (an object of another municipality): refused, but never a 500.
    return sorted(case.allowed)[0] if case.allowed else "programme_admin"
