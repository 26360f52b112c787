"""Input written to deceive or by mistake: control characters in a text, bidirectional controls in a cell, a
table with no rows, a field whose type the descriptor changed. Each is one clear line that names the file and
says what to fix, never an internal error."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from breakage import csv_path, edit_descriptor, read_rows, resource, resource_names, set_cell, write_rows
from conftest import ROOT, Table

from tolls.package.loading import Package
from tolls.validation import validate
from tolls.validation.structure import COMPUTED_TYPES, check_structure


def _repin(root: Path, sid: str, text: str) -> str:
    """Write the source's text and its new sha256, as a contributor hiding a change would; its path."""
    sources = Table(root, "sources")
    path = sources.get(sid, "path")
    (root / path).write_text(text, encoding="utf-8")
    sources.set(sid, "sha256", hashlib.sha256(text.encode()).hexdigest()).save()
    return path


def _first_text(root: Path) -> tuple[str, str]:
    sources = Table(root, "sources")
    sid = next(r[0] for r in sources.rows[1:] if r[sources.header.index("path")])
    return sid, (root / sources.get(sid, "path")).read_text(encoding="utf-8")


@pytest.mark.parametrize("char", ["\x00", "\x1b", "\x7f", "\x85"])
def test_a_control_character_in_a_text_is_refused_with_its_line(package: Path, char: str):
    sid, text = _first_text(package)
    lines = text.split("\n")
    lines[2] = lines[2][:5] + char + lines[2][5:]
    path = _repin(package, sid, "\n".join(lines))
    found = [p for p in validate(package) if p.code == "text-control-character"]
    assert [(p.file, p.line) for p in found] == [(path, 3)]
    assert f"U+{ord(char):04X} at column 6" in found[0].message


@pytest.mark.parametrize("char", ["\u202e", "\u202b", "\u2066", "\u2067", "\u2068", "\u2069", "\u202a"])
@pytest.mark.parametrize(("name", "column"), [("sources", "label"), ("events", "name"), ("actors", "aliases")])
def test_a_bidi_control_in_a_cell_is_refused(package: Path, char: str, name: str, column: str):
    set_cell(package, name, column, f"Killings{char} on the coast")
    found = [p for p in check_structure(Package.open(package)).problems if p.code == "bidi-control"]
    assert [(p.file, p.line, p.field) for p in found] == [(f"data/{name}.csv", 2, column)]
    assert f"U+{ord(char):04X}" in found[0].message


def test_arabic_letters_and_direction_marks_are_allowed(package: Path):
    set_cell(package, "events", "name", "مجازر الساحل السوري")
    set_cell(package, "actors", "aliases", "المرصد السوري لحقوق الإنسان;\u200fSOHR")
    assert validate(package) == []


@pytest.mark.parametrize("name", resource_names(ROOT))
def test_a_table_with_a_header_and_no_rows_is_no_internal_error(package: Path, name: str):
    write_rows(package, name, read_rows(package, name)[:1])
    problems = validate(package)  # raises on an internal error
    assert all(p.file and p.message for p in problems)


def test_an_empty_figures_table_says_which_numbers_are_uncovered(package: Path):
    write_rows(package, "figures", read_rows(package, "figures")[:1])
    assert "uncovered-number" in {p.code for p in validate(package)}


@pytest.mark.parametrize(
    ("name", "field", "kind"),
    [
        ("figures", "low", "date"),
        ("figures", "high", "date"),
        ("figures", "date_start", "integer"),
        ("figures", "as_of", "boolean"),
        ("figures", "source_id", "integer"),
        ("figures", "measure", "integer"),
        ("events", "event_id", "date"),
        ("sources", "published_latest", "integer"),
        ("victim_groups", "scope", "integer"),
    ],
)
def test_a_changed_field_type_is_one_line_naming_the_field(package: Path, name: str, field: str, kind: str):
    def retype(desc: dict) -> None:
        fld = next(f for f in resource(desc, name)["schema"]["fields"] if f["name"] == field)
        fld["type"] = kind
        for key in ("minimum", "pattern", "enum"):
            fld.get("constraints", {}).pop(key, None)

    edit_descriptor(package, retype)
    problems = validate(package)
    [changed] = [p for p in problems if p.code == "field-type-changed"]
    assert changed.file == "datapackage.json" and changed.field == f"resources[{name}].schema.fields[{field}].type"
    assert "restore" in changed.message
    assert any(
        p.code == "checks-skipped" and p.file == csv_path(package, name).relative_to(package).as_posix()
        for p in problems
    )


def test_every_field_the_checks_compute_with_has_its_type_in_the_shipped_descriptor():
    resources = Package.open(ROOT).descriptor["resources"]
    problems = [p for p in check_structure(Package.open(ROOT)).problems if p.code == "field-type-changed"]
    assert problems == []
    named = {k.split(".", 1)[1] for k in COMPUTED_TYPES}
    present = {f["name"] for r in resources for f in r["schema"]["fields"]}
    assert named <= present, "each field named is one the package has"
