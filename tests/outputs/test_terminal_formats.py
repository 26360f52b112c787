"""Every command that prints rows can print them for programs: `--format csv` and `--format json` on `tolls query`,
`tolls ranges` and `tolls build` (and `tolls extract`: tests/mentions). JSON is an array of objects, one a row, with
null for an empty cell: in this package null means unknown or unbounded, never zero. As csv or json, stdout holds the
rows alone, so that `tolls build --format json | jq` works."""

from __future__ import annotations

import datetime as dt
import decimal
import json
from pathlib import Path

import pytest
from conftest import ROOT

from tolls.cli import main
from tolls.database.build import build_database, run_query
from tolls.outputs.terminal import json_value, print_result
from tolls.package.loading import Package


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(Package.open(ROOT), tmp_path_factory.mktemp("formats"))


def test_print_result_json_keeps_nulls_null_and_types_plain(capsys: pytest.CaptureFixture[str]) -> None:
    print_result(["a", "b", "d", "l", "x"], [(None, True, dt.date(2025, 3, 9), ["p"], decimal.Decimal("1.50"))], "json")
    assert json.loads(capsys.readouterr().out) == [{"a": None, "b": True, "d": "2025-03-09", "l": ["p"], "x": 1.5}]


def test_query_as_json_gives_the_rows_of_the_query(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    sql = "SELECT event_id, low, high FROM event_ranges ORDER BY ALL"
    assert main(["--root", str(ROOT), "query", sql, "--db", str(db), "--format", "json"]) == 0
    records = json.loads(capsys.readouterr().out)
    columns, rows = run_query(db, sql)
    assert records == [dict(zip(columns, row, strict=True)) for row in rows]
    assert any(r["high"] is None for r in records)  # an unbounded range: null, not 0


@pytest.mark.parametrize("fmt", ["csv", "json"])
def test_ranges_for_programs_has_every_column_of_the_view(db: Path, fmt: str, capsys) -> None:
    assert main(["--root", str(ROOT), "ranges", "--db", str(db), "--event", "2025-03-coast", "--format", fmt]) == 0
    out = capsys.readouterr().out
    columns, rows = run_query(db, "SELECT * FROM event_ranges WHERE event_id = '2025-03-coast'")
    if fmt == "json":
        records = json.loads(out)
        assert [list(r) for r in records] == [columns] * len(rows)
    else:
        assert out.splitlines()[0] == ",".join(columns) and len(out.splitlines()) == len(rows) + 1


def test_ranges_as_json_of_an_unknown_event_is_a_bad_argument(db: Path, capsys) -> None:
    assert main(["--root", str(ROOT), "ranges", "--db", str(db), "--event", "no-such-event", "--format", "json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == "" and "no-such-event" in captured.err


def test_build_as_json_prints_the_ranges_alone_on_stdout(tmp_path: Path, capsys) -> None:
    out = tmp_path / "build"
    assert main(["--root", str(ROOT), "build", "--out", str(out), "--format", "json"]) == 0
    printed, said = capsys.readouterr()
    columns, rows = run_query(out / "tolls.duckdb", "SELECT * FROM event_ranges")
    assert json.loads(printed) == [{c: json_value(v) for c, v in zip(columns, row, strict=True)} for row in rows]
    assert f"wrote {out / 'tolls.duckdb'}" in said and "figures from" in said  # what was done: on stderr
