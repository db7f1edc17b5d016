"""The one stylesheet the pages link (static/vendor/heatportal.css, built by scripts/build-css.mjs).

The build drops every Utrecht rule and token the templates do not use; these tests make sure it
never drops one they do, that the pages link that file alone, and that production serves it
compressed with far-future caching.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent
BUILT = ROOT / "static" / "vendor" / "heatportal.css"
UTRECHT = ROOT / "node_modules" / "@utrecht"
LIBRARY = [
    UTRECHT / "design-tokens/dist/index.css",
    UTRECHT / "component-library-css/dist/index.css",
    UTRECHT / "component-library-css/dist/html.css",
]
SKIP = {"node_modules", ".venv", ".git", "staticfiles", "var", "test-artifacts", "build"}
CLASS_SELECTOR = re.compile(r"\.(utrecht-[A-Za-z0-9_-]+)")
# A class ends in a letter or digit; `utrecht-alert--{% if ... %}` is a prefix completed by the template.
TEMPLATE_CLASS = re.compile(r"utrecht-[a-z0-9_-]*[a-z0-9]")
TEMPLATE_PREFIX = re.compile(r"(utrecht-[a-z0-9-]*-)\{[{%]")
VAR_READ = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
DEFINITION = re.compile(r"(--[A-Za-z0-9_-]+)\s*:")


def templates() -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(ROOT):
        subfolders[:] = [name for name in subfolders if name not in SKIP]
        if "templates" in Path(folder).relative_to(ROOT).parts:
            found += [Path(folder) / name for name in files if name.endswith(".html")]
    return found


@pytest.fixture(scope="module")
def built_css() -> str:
    assert BUILT.exists(), f"{BUILT.relative_to(ROOT)} is missing: `make deps` builds it"
    return BUILT.read_text()


@pytest.fixture(scope="module")
def library_classes() -> set[str]:
    return set(CLASS_SELECTOR.findall("".join(path.read_text() for path in LIBRARY)))


def test_every_utrecht_class_in_the_templates_is_in_the_shipped_css(built_css, library_classes):
    shipped = set(CLASS_SELECTOR.findall(built_css))
    used = {(cls, path.relative_to(ROOT)) for path in templates() for cls in TEMPLATE_CLASS.findall(path.read_text())}
    assert len({cls for cls, _ in used}) >= 20, "the scan found the templates' classes"
    unknown = sorted({f"{cls} ({path})" for cls, path in used if cls not in library_classes})
    assert not unknown, f"classes the Utrecht library does not have (a typo styles nothing): {unknown}"
    dropped = sorted({f"{cls} ({path})" for cls, path in used if cls not in shipped})
    assert not dropped, f"used in templates, dropped from {BUILT.name}: {dropped}"


def test_a_class_completed_in_the_template_keeps_its_whole_family(built_css, library_classes):
    shipped = set(CLASS_SELECTOR.findall(built_css))
    prefixes = {prefix for path in templates() for prefix in TEMPLATE_PREFIX.findall(path.read_text())}
    assert "utrecht-alert--" in prefixes  # base.html picks the alert's modifier from the message level
    family = {cls for cls in library_classes for prefix in prefixes if cls.startswith(prefix)}
    assert {"utrecht-alert--error", "utrecht-alert--ok"} <= family
    assert sorted(family - shipped) == []


def test_every_token_a_stylesheet_reads_is_still_defined(built_css):
    """Tokens are thinned to those read through var(): none that is read may be gone.

    Only the theme's own rule counts: the dark and viewport variants and the page footer's tokens
    apply to classes the pages do not carry, so no page had them before the build either.
    """
    theme = re.search(r"^\.utrecht-theme \{(.*?)^\}", LIBRARY[0].read_text(), re.MULTILINE | re.DOTALL)
    library_tokens = set(DEFINITION.findall(theme.group(1)))
    assert len(library_tokens) > 900
    app_css = [path for path in (ROOT / "static").rglob("*.css") if "vendor" not in path.parts]
    readers = [built_css, *(path.read_text() for path in app_css), *(path.read_text() for path in templates())]
    read = {name for text in readers for name in VAR_READ.findall(text)}
    defined = set(DEFINITION.findall(built_css))
    assert "--utrecht-button-primary-action-background-color" in read & defined
    assert sorted((read & library_tokens) - defined) == []


def test_the_build_drops_what_the_portal_does_not_use(built_css, library_classes):
    shipped = set(CLASS_SELECTOR.findall(built_css))
    assert "utrecht-page-footer" in library_classes and "utrecht-page-footer" not in shipped
    assert "utrecht-theme--media-query" not in shipped  # the theme's viewport variants: unused class
    unused_token = "--utrecht-accordion-button-color"  # a token of a component the portal does not use
    assert unused_token in LIBRARY[0].read_text() and unused_token not in built_css
    assert ".portal-header" in built_css  # static/css/portal.css comes last in the same file
    assert built_css.rindex(".portal-header") > built_css.rindex(".utrecht-html")


def test_base_layout_links_only_the_built_stylesheet(client, db):
    html = client.get(reverse("home")).content.decode()
    stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', html)
    assert stylesheets == ["/static/vendor/heatportal.css"]
    scripts = re.findall(r"<script [^>]*>", html)
    assert scripts and all(" defer" in tag for tag in scripts), scripts  # nothing else blocks the paint
    for path in templates():
        assert "vendor/utrecht" not in path.read_text(), f"{path} links the whole Utrecht bundle"


def test_the_error_page_layout_links_the_built_stylesheet_too():
    standalone = (ROOT / "templates" / "_standalone.html").read_text()
    assert re.findall(r'rel="stylesheet" href="([^"]+)"', standalone) == ["{% static 'vendor/heatportal.css' %}"]


SERVE = """
import json
from django.contrib.staticfiles.storage import staticfiles_storage
from django.test import Client
url = staticfiles_storage.url("vendor/heatportal.css")
answers = {}
for encoding in ("br", "gzip", "identity"):
    r = Client().get(url, HTTP_HOST="warmteportaal.example", HTTP_ACCEPT_ENCODING=encoding, secure=True)
    answers[encoding] = {"status": r.status_code, "encoding": r.get("Content-Encoding", ""),
                         "cache": r.get("Cache-Control", ""), "length": int(r.get("Content-Length", 0))}
print(json.dumps({"url": url, "answers": answers}))
"""


def test_production_serves_it_hashed_compressed_and_cached_for_good(tmp_path, built_css):
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "heatportal.settings",
        "SECRET_KEY": "kP3v-9Qz!rT7wX2m#Lb8nY4s@Hc6jD1f%Ge5uA0o^Ri&Mw8-Tq2z*Vn5b",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "warmteportaal.example",
        "STATIC_ROOT": str(tmp_path / "static"),
    }
    for command in (["collectstatic", "--no-input", "-v", "0"], ["shell", "-c", SERVE]):
        result = subprocess.run(  # noqa: S603 (our own manage.py)
            [sys.executable, "manage.py", *command], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
        )
        assert result.returncode == 0, result.stderr
    served = json.loads(result.stdout.strip().splitlines()[-1])
    assert re.fullmatch(r"/static/vendor/heatportal\.[0-9a-f]{12}\.css", served["url"])
    answers = served["answers"]
    assert [answers[e]["status"] for e in answers] == [200, 200, 200]
    assert [answers[e]["encoding"] for e in ("br", "gzip", "identity")] == ["br", "gzip", ""]
    assert answers["identity"]["length"] == len(built_css.encode())
    assert answers["br"]["length"] < answers["gzip"]["length"] < 20_000 < answers["identity"]["length"]
    assert all(a["cache"] == "max-age=315360000, public, immutable" for a in answers.values())
