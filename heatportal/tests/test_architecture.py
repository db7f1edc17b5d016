"""The import contract in pyproject.toml (`make lint` runs it) holds, and it is able to fail.

The contract is checked on a copy of the apps' Python files, once as they are and once with
one reverse import added on purpose; the second run must be refused and name the import.
"""

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


@pytest.fixture
def tree(tmp_path):
    """The root packages' Python files (no templates or data) and the config, in a fresh folder."""
    for package in CONFIG["root_packages"]:
        for source in (ROOT / package).rglob("*.py"):
            target = tmp_path / source.relative_to(ROOT)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def lint(directory: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache", "--no-logo"],
        cwd=directory,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_layers_are_the_ones_the_contributing_guide_names():
    (contract,) = CONFIG["contracts"]
    assert contract["type"] == "layers"
    assert contract["layers"] == [
        "progress", "outcomes", "sessions | labs | people", "municipalities", "accounts", "heatportal"
    ]  # fmt: skip
    guide = (ROOT / "CONTRIBUTING.md").read_text()
    assert "progress → outcomes → sessions | labs | people → municipalities → accounts → heatportal" in guide


@pytest.mark.parametrize(
    ("importer", "line", "message"),
    [
        (
            "municipalities/models.py",
            "from progress import models as _reverse",
            "municipalities is not allowed to import progress",
        ),
        ("heatportal/forms.py", "import accounts.models as _reverse", "heatportal is not allowed to import accounts"),
        ("sessions/selectors.py", "from labs import models as _sideways", "sessions is not allowed to import labs"),
    ],
    ids=["upward", "ground-to-app", "sideways"],
)
def test_a_reverse_import_breaks_the_contract(tree, importer, line, message):
    clean = lint(tree)
    assert clean.returncode == 0, clean.stdout + clean.stderr

    path = tree / importer
    path.write_text(path.read_text() + f"\n{line}  # added by the test\n")
    broken = lint(tree)

    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "BROKEN" in broken.stdout
    assert message in broken.stdout


def _sources():
    """Every Python file of the project that git tracks or would track, migrations aside."""
    listed = subprocess.run(
        [shutil.which("git") or "git", "ls-files", "--cached", "--others", "--exclude-standard", "*.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    return [ROOT / name for name in listed if "/migrations/" not in name and (ROOT / name).exists()]


def test_no_source_file_over_400_lines_and_no_function_over_50():
    import ast

    sources = _sources()
    assert len(sources) > 100  # the listing found the tree
    long_files = [(str(p.relative_to(ROOT)), n) for p in sources if (n := len(p.read_text().splitlines())) > 400]
    long_functions = [
        (str(p.relative_to(ROOT)), node.name, node.end_lineno - node.lineno + 1)
        for p in sources
        for node in ast.walk(ast.parse(p.read_text()))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.end_lineno - node.lineno + 1 > 50
    ]
    assert long_files == [], "split these by concern (CONTRIBUTING.md)"
    assert long_functions == [], "split these into named steps (CONTRIBUTING.md)"
