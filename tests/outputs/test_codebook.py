"""CODEBOOK.md is generated: the committed file must equal what `tolls codebook` writes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from tolls.cli import main
from tolls.outputs.codebook import render_codebook
from tolls.package.loading import Package


@pytest.fixture(scope="module")
def pkg() -> Package:
    return Package.open(ROOT)


def _copy_package(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "datapackage.json", tmp_path / "datapackage.json")
    shutil.copytree(ROOT / "data", tmp_path / "data")
    return tmp_path


def test_committed_codebook_is_fresh(pkg):
    committed = (ROOT / "CODEBOOK.md").read_text(encoding="utf-8")
    assert render_codebook(pkg) == committed, "CODEBOOK.md is out of date: run `tolls codebook` and commit it"


def test_check_command_passes_on_the_repository(capsys):
    assert main(["--root", str(ROOT), "codebook", "--check"]) == 0


def test_rendering_is_deterministic(pkg):
    assert render_codebook(pkg) == render_codebook(Package.open(ROOT))


def test_every_field_is_documented_with_its_type_and_hxl(pkg):
    text = render_codebook(pkg)
    for name in pkg.resource_names:
        assert f"\n## {name}\n" in text
        for fld in pkg.fields(name):
            rows = [line for line in text.splitlines() if line.startswith("| ") and f"| `{fld['name']}` |" in line]
            assert rows, f"{name}.{fld['name']} has no row"
            assert any(f"| {fld.get('type', 'string')} |" in r for r in rows)
            if fld.get("hxl"):
                assert any(f"`{fld['hxl']}`" in r for r in rows), f"{name}.{fld['name']}: hxl tag missing"


def test_rule_table_has_every_rule_with_its_citation(pkg):
    text = render_codebook(pkg)
    _, rules, _ = pkg.read_rows("interval_rules")
    for rule in rules:
        line = next(ln for ln in text.splitlines() if ln.startswith(f"| `{rule['rule_id']}` |"))
        assert rule["citation"].replace("|", "\\|") in line
    over = next(ln for ln in text.splitlines() if ln.startswith("| `more_than` |"))
    assert "[741, unbounded), states 740" in over  # an empty high is said, never shown as 0


def test_changing_a_description_changes_the_codebook(tmp_path, pkg):
    root = _copy_package(tmp_path)
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    figures = next(r for r in descriptor["resources"] if r["name"] == "figures")
    figures["schema"]["fields"][0]["description"] = "A changed description | with a pipe."
    (root / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    changed = render_codebook(Package.open(root))
    assert changed != render_codebook(pkg)
    assert "A changed description \\| with a pipe." in changed
    assert main(["--root", str(root), "codebook", "--check"]) == 1


def test_changing_a_rule_changes_the_codebook(tmp_path, pkg):
    root = _copy_package(tmp_path)
    rules = root / "data" / "interval_rules.csv"
    rules.write_text(
        rules.read_text(encoding="utf-8").replace("a married couple is two people", "a married couple is 2 people"),
        encoding="utf-8",
    )
    assert "a married couple is 2 people" in render_codebook(Package.open(root))


def test_every_view_lists_the_columns_its_sql_file_declares(pkg):
    from tolls.database.build import VIEWS
    from tolls.database.view_schema import view_spec

    text = render_codebook(pkg)
    views = text[text.index("\n## Views\n") :].split("\n## ")[1]
    for name in VIEWS:
        section = views[views.index(f"\n### {name}\n") :].split("\n### ")[1]
        spec = view_spec(name)
        assert spec.summary in section and f"- Key: {', '.join(f'`{k}`' for k in spec.key)}" in section
        rows = [line.split(" | ")[0].removeprefix("| ") for line in section.splitlines() if line.startswith("| `")]
        assert rows == [f"`{c.name}`" for c in spec.columns], name
    # a column from a table's field shows that field's values, read from datapackage.json
    measure = next(line for line in views.splitlines() if line.startswith("| `measure` |"))
    assert all(f"`{value}`" in measure for value in pkg.field("figures", "measure")["constraints"]["enum"])
