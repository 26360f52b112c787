"""Imports run down the stages (docs/architecture.md): a module of src/tolls/ imports only its own stage and the
stages before it in the data flow, at module level or inside a function. The package stage knows nothing of
validation, validation nothing of the database or the outputs, and so on up to the command line."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

SRC = ROOT / "src" / "tolls"
# The data flow, bottom first: each stage may import those before it. files and iso are helpers of every stage.
STAGES = (
    "files",
    "iso",
    "package",
    "intervals",
    "mentions",
    "validation",
    "database",
    "outputs",
    "authoring",
    "completion",
    "cli",
)


def _stage(module: str) -> str | None:
    """The stage of a dotted module under tolls ("tolls.package.rows" -> "package"); None for tolls itself."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module)
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {m for m in found if m == "tolls" or m.startswith("tolls.")}


def upward_imports(src: Path = SRC) -> list[str]:
    """'importer -> imported' for every import of a later stage (or of a module no stage names)."""
    out = []
    for path in sorted(src.rglob("*.py")):
        rel = path.relative_to(src)
        own = rel.parts[0] if len(rel.parts) > 1 else rel.stem
        if own in ("__init__", "__main__"):
            continue  # the package's face (tolls.load) and `python -m tolls`: above every stage
        for module in _imports(path):
            stage = _stage(module)
            if stage == own:
                continue
            if stage not in STAGES or own not in STAGES or STAGES.index(stage) > STAGES.index(own):
                out.append(f"{rel.as_posix()} -> {module}")
    return out


def test_no_import_runs_back_up():
    assert upward_imports() == []


def test_an_import_of_a_later_stage_is_found(tmp_path):
    (tmp_path / "package").mkdir()
    (tmp_path / "package" / "descriptor.py").write_text(
        "def f():\n    from tolls.validation.problems import Problem\n", encoding="utf-8"
    )
    (tmp_path / "validation").mkdir()
    (tmp_path / "validation" / "hashes.py").write_text("from tolls.package.descriptor import f\n", encoding="utf-8")
    assert upward_imports(tmp_path) == ["package/descriptor.py -> tolls.validation.problems"]
