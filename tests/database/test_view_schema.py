"""Each view keeps what its SQL file's header declares (its columns, their types, emptiness and values, its key
and its row checks), and a view that breaks it is reported by view, column and row, and stops the build.

A toll history built in code (tests/history.py) gives views whose rows keep every promise; each kind of
promise is then broken on a frame of those rows, or in the table a view reads, and seen reported."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest
from breakage import rename_field
from conftest import ROOT
from history import toll_history

from tolls.cli import main
from tolls.database import build as build_module
from tolls.database.build import VIEWS, build_database
from tolls.database.view_schema import (
    CODE,
    ViewSchemaError,
    check_view_frame,
    check_views,
    view_frame,
    view_spec,
)
from tolls.package.loading import Package
from tolls.validation.codes import CODES
from tolls.validation.problems import Problem


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A built toll history: build_database has already checked every view."""
    root = toll_history(tmp_path_factory.mktemp("history") / "pkg")
    return build_database(Package.open(root), root / "build")


@pytest.fixture()
def con(history: Path) -> duckdb.DuckDBPyConnection:
    with duckdb.connect(str(history), read_only=True) as con:
        yield con


def pkg_of(db: Path) -> Package:
    return Package.open(db.parent.parent)


def problems_of(history: Path, con: duckdb.DuckDBPyConnection, view: str, frame: pd.DataFrame) -> list[Problem]:
    found = check_view_frame(pkg_of(history), view, frame, con)
    assert found, "the broken frame should break its schema"
    assert {p.code for p in found} == {CODE}
    assert all(p.file == f"src/tolls/database/sql/{view}.sql" for p in found)
    return found


def line_of(view: str, text: str) -> int:
    """The line of the view's SQL file that holds `text` (a declaration)."""
    lines = (build_module.SQL_DIR / f"{view}.sql").read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if text in line)


def row_where(frame: pd.DataFrame, mask: pd.Series) -> int:
    assert mask.any(), "the history should hold such a row"
    return int(mask[mask].index[0])


# --- the declarations -------------------------------------------------------------------------------------


def test_every_view_declares_its_columns_key_and_checks() -> None:
    for name in VIEWS:
        spec = view_spec(name)
        assert spec.columns and spec.key, name
        assert spec.summary.startswith("One row per "), name


def test_every_table_field_a_view_names_is_a_field_of_datapackage_json() -> None:
    pkg = Package.open(ROOT)
    for name in VIEWS:
        for column in view_spec(name).columns:
            for ref in filter(None, (column.ref and column.kind, column.values_of)):
                table, field = ref.split(".")
                assert pkg.field(table, field), f"{name}.{column.name}: {ref}"


def test_a_declaration_that_cannot_be_read_names_its_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "broken.sql").write_text(
        "-- One row per thing.\n-- Columns:\n--   thing_id  string required\n--   size  integer big\n"
        "-- Key: thing_id\nCREATE OR REPLACE VIEW broken AS SELECT 1;\n",
        encoding="utf-8",
    )
    with pytest.raises(ViewSchemaError) as caught:
        view_spec("broken", tmp_path)
    assert "broken.sql:4: cannot read 'big' in the column size" in str(caught.value.problems[0])
    (tmp_path / "nokey.sql").write_text(
        "-- One row per thing.\n-- Columns:\n--   thing_id  string required\n-- Key: thing\nSELECT 1;\n",
        encoding="utf-8",
    )
    with pytest.raises(ViewSchemaError) as caught:
        view_spec("nokey", tmp_path)
    assert "nokey.sql:4: the key names thing, which no column declares" in str(caught.value.problems[0])


def test_a_field_the_descriptor_no_longer_has_is_a_problem_of_the_view_not_an_internal_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # a contributor renames a field a view declares as `table.field`: build and codebook name the view's line
    root = toll_history(tmp_path / "pkg")
    rename_field(root, "figures", "notes", "remarks", in_data=False)
    assert main(["--root", str(root), "codebook"]) == 1
    err = capsys.readouterr().err
    assert ".sql:" in err and "figures.notes is no field of datapackage.json" in err and "[view-schema]" in err
    assert "internal error" not in err


def test_the_code_is_registered_with_an_example_and_a_fix() -> None:
    assert CODES[CODE].layer == "views"
    assert CODES[CODE].example and CODES[CODE].fix


# --- a package built in code keeps every promise ----------------------------------------------------------


def test_the_views_of_a_package_built_in_code_keep_their_schemas(history: Path) -> None:
    assert check_views(history, pkg_of(history)) == []


# --- each kind of promise, broken -------------------------------------------------------------------------


def test_a_column_of_another_type_is_reported(history: Path, con: duckdb.DuckDBPyConnection) -> None:
    frame = view_frame(con, "event_ranges")
    frame["n_figures"] = frame["n_figures"].astype("string")  # what a forgotten CAST of a count would give
    frame["bodies"] = frame["bodies"].astype(object)
    found = problems_of(history, con, "event_ranges", frame)
    # one problem per column; the row check that compares n_figures cannot run, which says nothing more
    assert [(p.field, p.line) for p in found] == [
        ("n_figures", line_of("event_ranges", "--   n_figures ")),
        ("bodies", line_of("event_ranges", "--   bodies ")),
    ]
    assert "event_ranges.n_figures is string, but it is declared 'n_figures integer required >= 1'" in found[0].message
    assert "event_ranges.bodies is object, but it is declared 'bodies string'" in found[1].message


def test_a_row_check_that_cannot_run_says_why(history: Path, con: duckdb.DuckDBPyConnection) -> None:
    frame = view_frame(con, "event_ranges")
    frame = frame.rename(columns={"n_figures": "figures"})  # a check names a column the frame lacks
    found = problems_of(history, con, "event_ranges", frame)
    [check] = [p for p in found if "could not run" in p.message]
    assert check.message.startswith("event_ranges: n_credible <= n_independent AND n_independent <= n_figures could")
    assert "n_figures" in check.message  # DuckDB's reason names the column


def test_an_empty_cell_where_a_value_is_promised_is_reported_with_its_row(
    history: Path, con: duckdb.DuckDBPyConnection
) -> None:
    frame = view_frame(con, "figure_detail")
    frame.loc[2, "range_label"] = pd.NA
    [problem] = problems_of(history, con, "figure_detail", frame)
    assert problem.field == "range_label"
    assert problem.message.startswith(f"figure_detail row 3 (figure_id {frame.at[2, 'figure_id']!r}): is empty")


def test_a_value_datapackage_json_does_not_allow_is_reported(history: Path, con: duckdb.DuckDBPyConnection) -> None:
    frame = view_frame(con, "counter_latest")
    frame.loc[0, "measure"] = "drowned"  # not in the enum of figures.measure
    [problem] = problems_of(history, con, "counter_latest", frame)
    assert problem.field == "measure" and problem.line == line_of("counter_latest", "--   measure ")
    assert "'drowned' breaks the declaration 'measure figures.measure' (isin([" in problem.message


def test_a_word_the_view_does_not_use_is_reported(history: Path, con: duckdb.DuckDBPyConnection) -> None:
    frame = view_frame(con, "figure_detail")
    frame.loc[0, "reported_on_basis"] = "guessed"
    [problem] = problems_of(history, con, "figure_detail", frame)
    assert problem.field == "reported_on_basis" and "'guessed' breaks the declaration" in problem.message


def test_a_value_no_row_of_the_named_table_holds_is_reported(history: Path, con: duckdb.DuckDBPyConnection) -> None:
    frame = view_frame(con, "event_ranges")
    frame.loc[0, "corroboration"] = "unanimous"  # a well-formed word, but no row of corroboration_grades
    [problem] = problems_of(history, con, "event_ranges", frame)
    assert problem.field == "corroboration" and problem.message.endswith(
        "'unanimous' breaks the declaration 'corroboration string required in corroboration_grades.outcome' "
        "(a value of corroboration_grades.outcome)"
    )


def test_a_low_bound_above_the_high_bound_is_reported_with_both_values(
    history: Path, con: duckdb.DuckDBPyConnection
) -> None:
    frame = view_frame(con, "event_ranges")
    at = row_where(frame, frame["high"].notna())
    frame.loc[at, "low"] = frame.at[at, "high"] + 1
    found = problems_of(history, con, "event_ranges", frame)
    check = "low <= high AND low <= high_bounded AND high_bounded <= high"
    [problem] = [p for p in found if check in p.message]
    assert problem.line == line_of("event_ranges", f"-- Check: {check}")
    assert problem.field == "low, high, high_bounded"
    assert f"event_ranges row {at + 1} (event_id 'ev'," in problem.message
    assert f"low {frame.at[at, 'low']}, high {frame.at[at, 'high']}" in problem.message


def test_an_empty_bound_is_unknown_and_breaks_no_comparison(history: Path, con: duckdb.DuckDBPyConnection) -> None:
    frame = view_frame(con, "figure_detail")
    frame["high"] = pd.array([None] * len(frame), dtype="Int64")  # every figure unbounded above
    assert check_view_frame(pkg_of(history), "figure_detail", frame, con) == []


def test_a_minimum_counted_in_the_range_is_reported(history: Path, con: duckdb.DuckDBPyConnection) -> None:
    frame = view_frame(con, "counter_latest")
    at = row_where(frame, frame["is_minimum"])  # the history's verified minimum (OHCHR)
    frame.loc[at, "in_range"] = True
    [problem] = problems_of(history, con, "counter_latest", frame)
    assert "breaks the check in_range = (NOT is_minimum AND NOT overtaken)" in problem.message
    assert "is_minimum True" in problem.message and "in_range True" in problem.message


def test_two_rows_with_one_key_are_reported(history: Path, con: duckdb.DuckDBPyConnection) -> None:
    frame = view_frame(con, "counter_latest")
    frame = pd.concat([frame, frame.iloc[[0]]], ignore_index=True)
    found = problems_of(history, con, "counter_latest", frame)
    assert {p.line for p in found} == {line_of("counter_latest", "-- Key: ")}
    assert {p.field for p in found} == {"group_key, measure, victim_group, body_key"}
    assert {p.message.split(":")[0].split(" (")[0] for p in found} == {
        "counter_latest row 1",
        f"counter_latest row {len(frame)}",
    }


def test_a_column_missing_or_not_declared_is_reported(history: Path, con: duckdb.DuckDBPyConnection) -> None:
    frame = view_frame(con, "source_copies").drop(columns=["excerpt"]).assign(extra=1)
    found = problems_of(history, con, "source_copies", frame)
    assert {p.field for p in found} == {"excerpt", "extra"}
    assert any("has no column excerpt, which it declares" in p.message for p in found)
    assert any("has a column extra that its header does not declare" in p.message for p in found)


def test_many_broken_rows_are_listed_up_to_ten_then_counted(history: Path, con: duckdb.DuckDBPyConnection) -> None:
    frame = view_frame(con, "figure_detail")
    assert len(frame) > 11
    frame["source_kind"] = "blog"  # not a kind of sources.kind
    found = problems_of(history, con, "figure_detail", frame)
    assert len(found) == 11 and found[-1].message == f"figure_detail: and {len(frame) - 10} more rows like these"


# --- a view over a doctored table: check_views and the build -----------------------------------------------


def doctored(history: Path, tmp_path: Path, sql: str) -> Path:
    """A copy of the built database with `sql` run on it (the views read the *_found tables)."""
    copy = tmp_path / "doctored.duckdb"
    shutil.copy(history, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute(sql)
    return copy


def test_check_views_reads_each_view_of_a_database(history: Path, tmp_path: Path) -> None:
    db = doctored(
        history,
        tmp_path,
        "UPDATE figure_detail_found SET low = high + 1 WHERE high IS NOT NULL;"
        "INSERT INTO toll_timeline_found SELECT * FROM toll_timeline_found LIMIT 1;",
    )
    found = check_views(db, pkg_of(history))
    by_view = {p.file.rsplit("/", 1)[-1] for p in found}
    assert {"figure_detail.sql", "toll_timeline.sql"} <= by_view
    assert any(p.field == "low, high" and "breaks the check low <= high" in p.message for p in found)
    assert any(p.field == "figure_id" and "another row has the same figure_id" in p.message for p in found)


def test_a_build_whose_view_breaks_its_schema_stops_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = toll_history(tmp_path / "pkg")
    out = root / "build"
    old = build_database(Package.open(root), out)
    before = old.read_bytes()
    original = build_module.view_sql

    def broken(name: str) -> str:  # a view with a bug: its low is one above its high
        sql = original(name)
        return sql.replace("    b.low,\n", "    b.high + 1 AS low,\n") if name == "figure_detail" else sql

    monkeypatch.setattr(build_module, "view_sql", broken)
    with pytest.raises(ViewSchemaError) as caught:
        build_database(Package.open(root), out)
    assert caught.value.problems and {p.code for p in caught.value.problems} == {CODE}
    assert old.read_bytes() == before and not list(out.glob(".tolls-*"))

    capsys.readouterr()
    assert main(["--root", str(root), "build"]) == 1
    err = capsys.readouterr().err
    assert "src/tolls/database/sql/figure_detail.sql:" in err and "breaks the check low <= high" in err
    assert "[view-schema]" in err and "nothing was written" in err
    assert old.read_bytes() == before
    # every command that builds a database lists the problems the same way, never as an internal error
    assert main(["--root", str(root), "export", "--csv"]) == 1
    err = capsys.readouterr().err
    assert "[view-schema]" in err and "internal error" not in err


# --- the shipped package ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(Package.open(ROOT), tmp_path_factory.mktemp("shipped"))


def test_the_shipped_views_keep_their_schemas(shipped: Path) -> None:
    assert check_views(shipped, Package.open(ROOT)) == []


def test_a_column_renamed_in_descriptor_and_data_stops_the_build_with_the_view_that_reads_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # the data stay valid under the new name, but the views read the old one: a model change the SQL must follow
    root = toll_history(tmp_path / "pkg")
    rename_field(root, "figures", "count_status", "status_of_count", in_data=True)
    with pytest.raises(ViewSchemaError) as caught:
        build_database(Package.open(root), root / "build")
    assert {p.code for p in caught.value.problems} == {"view-sql"}
    assert "count_status" in caught.value.problems[0].message
    assert not (root / "build" / "tolls.duckdb").exists()
    capsys.readouterr()
    assert main(["--root", str(root), "export", "--csv"]) == 1
    err = capsys.readouterr().err
    assert "[view-sql]" in err and ".sql:" in err and "internal error" not in err
