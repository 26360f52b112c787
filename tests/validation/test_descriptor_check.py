"""Frictionless's reading of the descriptor, asked of a second process: its answer, and the same problems
with it as without it."""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import Future
from pathlib import Path

from tolls.package.loading import Package
from tolls.validation import descriptor_check, validate
from tolls.validation.structure import check_structure
from tolls.validation.table_schema import check_frictionless


def _answer(value: bool | None) -> Future:
    future: Future = Future()
    future.set_result(value)
    return future


def _break_descriptor(root: Path) -> None:
    """A field type frictionless does not know, on a free-text field (sources' notes) that the structure layer
    leaves to frictionless: the descriptor is invalid before any row is read. (A key or a field the checks
    compute with, given another type, is the structure layer's `field-type-changed` instead, and that
    table never reaches frictionless.)"""
    path = root / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    sources = next(res for res in descriptor["resources"] if res["name"] == "sources")
    next(fld for fld in sources["schema"]["fields"] if fld["name"] == "notes")["type"] = "text"
    path.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def test_the_second_process_says_valid_only_for_a_descriptor_frictionless_accepts(package: Path):
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    data = json.dumps(descriptor).encode()
    assert descriptor_check._ask(data, str(package)) is True
    descriptor["resources"][0]["schema"]["fields"][0]["type"] = "text"
    assert descriptor_check._ask(json.dumps(descriptor).encode(), str(package)) is None
    assert descriptor_check._ask(b"not json", str(package)) is None


def test_no_second_process_once_frictionless_is_imported_here(package: Path):
    import frictionless  # noqa: F401 - what the test is about

    assert descriptor_check.start({"resources": []}, package) is None


def test_a_yes_and_a_passing_screen_need_no_frictionless_here(package: Path):
    pkg = Package.open(package)
    assert check_frictionless(pkg, descriptor_ok=_answer(True)) == []


def test_any_answer_gives_the_problems_frictionless_gives_here(package: Path, table):
    table("figures").set("f013", "low", "-5").save()  # a constraint error in one table
    pkg = Package.open(package)
    readable = check_structure(pkg).readable
    here = check_frictionless(pkg, readable)
    assert any(p.code == "constraint-error" for p in here)
    for answer in (True, None, False):
        assert check_frictionless(Package.open(package), readable, descriptor_ok=_answer(answer)) == here


def test_an_invalid_descriptor_is_reported_whatever_the_second_process_says(package: Path):
    _break_descriptor(package)
    pkg = Package.open(package)
    readable = check_structure(pkg).readable
    here = check_frictionless(pkg, readable)
    assert [p.code for p in here] == ["descriptor-error"]
    assert check_frictionless(Package.open(package), readable, descriptor_ok=_answer(None)) == here


def test_the_command_in_a_fresh_process_reports_what_validate_reports(package: Path):
    """`tolls validate` starts with frictionless not imported, so it takes the second process's answer."""
    _break_descriptor(package)
    expected = [(p.file, p.line, p.field, p.message, p.code) for p in validate(package)]
    done = subprocess.run(
        [sys.executable, "-m", "tolls", "validate", "--format", "json"],
        cwd=package,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    shown = [(p["file"], p["line"], p["field"], p["message"], p["code"]) for p in json.loads(done.stdout)["problems"]]
    assert shown == expected
    assert any(code == "descriptor-error" for *_, code in shown)
