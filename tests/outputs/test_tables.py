"""Terminal output, `tolls ranges` / `tolls query`, and the README's questions (Python and the 1.5 CLI)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT
from test_database import duckdb_cli

from tolls.authoring.docs import FIX_HINT
from tolls.cli import main
from tolls.database.build import build_database
from tolls.outputs.terminal import format_value, print_ranges, print_result
from tolls.package.loading import Package

BLOCK = re.compile(r"<!-- query: (?P<name>[a-z0-9-]+) -->\s*```sql\n(?P<sql>.*?)```\s*```text\n(?P<out>.*?)```", re.S)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(Package.open(ROOT), tmp_path_factory.mktemp("tables"))


def readme_queries() -> list[tuple[str, str, str]]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [(m["name"], m["sql"].strip(), m["out"]) for m in BLOCK.finditer(text)]


def test_print_ranges_all_and_one_event(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert print_ranges(db) is True
    out = capsys.readouterr().out
    assert "independent bodies" in out and "2025-12-protests" in out and "2025-11-coast" in out
    assert "no event: f013" in out  # a figure with no event is named, not left blank
    assert print_ranges(db, event_id="2025-03-coast") is True
    out = capsys.readouterr().out
    assert "2025-03-coast" in out and "2025-12-protests" not in out


def test_print_ranges_unknown_event(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert print_ranges(db, event_id="no-such-event") is False
    err = capsys.readouterr().err
    assert "no-such-event" in err and "2025-03-coast" in err
    assert main(["--root", str(ROOT), "ranges", "--db", str(db), "--event", "no-such-event"]) == 2


def test_query_with_several_statements_is_an_error(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--root", str(ROOT), "query", "SELECT 1 AS a; SELECT 2 AS b", "--db", str(db)]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("tolls query: one statement at a time") and captured.err.count("\n") == 1


def test_print_result_csv_keeps_nulls_empty(capsys: pytest.CaptureFixture[str]) -> None:
    print_result(["a", "b", "c"], [(None, "x, y", ["p", "q"]), (0, True, None)], "csv")
    assert capsys.readouterr().out == 'a,b,c\n,"x, y","[p, q]"\n0,true,\n'
    assert format_value(None) == "" and format_value(0) == "0"


def test_print_result_table(capsys: pytest.CaptureFixture[str]) -> None:
    print_result(["figure_id"], [("f001",)], "table")
    out = capsys.readouterr().out
    assert "figure_id" in out and "f001" in out and "1 row" in out


def test_readme_has_the_journalists_questions() -> None:
    names = [name for name, _, _ in readme_queries() if name != "package-contents"]  # what the package holds
    assert names == [
        "range-for-an-incident",
        "each-counters-latest",
        "how-a-toll-grew",
        "where-counters-disagree",
        "which-texts-relay-what",
        "attributed-to-different-actors",
        "source-copies",
    ]
    # each question opens with its answer in words, which `tolls docs` writes (tolls.outputs.answers)
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    questions = re.findall(r"^### \d\. .*\n(.*)\n((?:> .*\n)*)", text, re.M)
    assert len(questions) == len(names)
    assert all(marker.startswith("<!-- answer: ") and said for marker, said in questions), FIX_HINT


@pytest.mark.parametrize("index", range(len(readme_queries())))
def test_readme_query_output_in_python(index: int, db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    name, sql, shown = readme_queries()[index]
    assert main(["--root", str(ROOT), "query", sql, "--format", "csv", "--db", str(db)]) == 0
    assert capsys.readouterr().out == shown, f"README query {name}: output is stale; {FIX_HINT}"


@pytest.mark.parametrize("index", range(len(readme_queries())))
def test_readme_query_output_in_the_duckdb_1_5_cli(index: int, db: Path) -> None:
    cli = duckdb_cli()
    name, sql, shown = readme_queries()[index]
    done = subprocess.run(
        [str(cli), "-readonly", "-csv", "-nullvalue", "", str(db), "-c", sql], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == shown, f"README query {name}: output is stale; {FIX_HINT}"
