"""What `pip install tolls` brings is what tolls imports: every third-party module the code imports is a declared
runtime dependency (pyarrow once was not, and `pip install .` without the test extra failed), declared as a range
so that it fits beside a user's other packages; the exact versions CI tests with are in constraints.txt.
(.ci/run installs the built wheel in a bare environment and runs it.)"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions

from conftest import ROOT

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
REQUIREMENT = re.compile(r"^([A-Za-z0-9_.-]+)\s*(.*)$")


def _name(requirement: str) -> str:
    return re.sub(r"[-_.]+", "-", REQUIREMENT.match(requirement).group(1)).lower()


def _imported_modules() -> set[str]:
    """Top-level modules imported anywhere in src/tolls, at module level or inside a function."""
    found = set()
    for path in (ROOT / "src" / "tolls").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"tolls", "__future__"}


def test_every_imported_module_is_a_declared_runtime_dependency():
    declared = {_name(r) for r in PYPROJECT["project"]["dependencies"]}
    providers = packages_distributions()
    undeclared = {
        module: providers.get(module)
        for module in _imported_modules()
        if not {_name(d) for d in providers.get(module, [module])} & declared
    }
    assert not undeclared, f"imported by src/tolls but not in [project] dependencies: {undeclared}"


def test_dependencies_are_ranges_and_constraints_pin_them():
    pins = {
        _name(line): line.split("==")[1].strip()
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line
    }
    requirements = PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["test"]
    for requirement in requirements:
        spec = REQUIREMENT.match(requirement).group(2)
        assert "==" not in spec, f"{requirement}: an exact pin belongs in constraints.txt, not pyproject.toml"
        assert ">=" in spec, f"{requirement}: say the lowest version tested"
        assert _name(requirement) in pins, f"{requirement}: constraints.txt pins no version of it"


def test_the_charts_font_ships_inside_the_package():
    from tolls.outputs.charts import _font

    fonts = ROOT / "src" / "tolls" / "outputs" / "fonts"
    assert {p.name for p in fonts.iterdir()} == {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "LICENSE"}
    assert _font(12).path.startswith(str(fonts)) and _font(12, bold=True).path.endswith("DejaVuSans-Bold.ttf")
    assert "outputs/fonts/*" in PYPROJECT["tool"]["setuptools"]["package-data"]["tolls"]
