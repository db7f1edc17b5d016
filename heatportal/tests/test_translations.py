"""English through Django i18n, checked string by string: every .po is complete and current.

A Dutch string added to code or a template without its English (or an English left fuzzy by
makemessages) fails here, so the language switch never shows a page half in Dutch."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APPS = ["accounts", "labs", "municipalities", "progress", "sessions"]
PO_FILES = [ROOT / "locale/en/LC_MESSAGES/django.po"] + [ROOT / app / "locale/en/LC_MESSAGES/django.po" for app in APPS]
MSGATTRIB = shutil.which("msgattrib")
SKIP = MSGATTRIB is None


def _msgids(po: Path, *flags: str) -> list[str]:
    result = subprocess.run([MSGATTRIB, "--no-wrap", *flags, str(po)], capture_output=True, text=True, check=True)
    return [line[7:-1] for line in result.stdout.splitlines() if line.startswith('msgid "') and line != 'msgid ""']


@pytest.mark.skipif(SKIP, reason="gettext tools (msgattrib) not installed")
@pytest.mark.parametrize("po", PO_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_has_its_english_and_none_is_fuzzy(po):
    assert _msgids(po, "--untranslated", "--no-obsolete") == []
    assert _msgids(po, "--only-fuzzy", "--no-obsolete") == []


@pytest.mark.skipif(SKIP, reason="gettext tools (msgattrib) not installed")
def test_the_po_files_hold_every_string_of_the_code(tmp_path):
    """makemessages on a copy of the tree finds no msgid the committed .po files lack."""
    ignore = shutil.ignore_patterns(".venv", "node_modules", "staticfiles", "var", "test-artifacts", ".git", "*.mo")
    copy = tmp_path / "tree"
    shutil.copytree(ROOT, copy, ignore=ignore)
    env_python = sys.executable
    base = ["-l", "en", "--no-obsolete", "-v", "0"]
    # One run from the project folder fills every .po: makemessages puts a file's strings in the
    # nearest locale/ above it (the app's own, else the project's). Never run inside an app
    # folder: Celery's Django fixup puts the working directory first on sys.path, where the
    # app's rules.py would shadow the rules package (and its selectors.py the standard library's).
    subprocess.run(
        [env_python, "manage.py", "makemessages", *base, "--ignore=tests", "--ignore=*/tests/*"],
        cwd=copy,
        check=True,
        env={"DEBUG": "true", "PATH": "/usr/bin:/bin"},
    )
    for po in PO_FILES:
        fresh = copy / po.relative_to(ROOT)
        missing = set(_msgids(fresh, "--no-obsolete")) - set(_msgids(po, "--no-obsolete"))
        assert not missing, f"{po.relative_to(ROOT)} lacks (run makemessages and translate): {sorted(missing)[:10]}"
