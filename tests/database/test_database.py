"""tolls.database.build: the built file (types, storage version, atomic writes, parquet), the CSV-only script,
and run_query. Also holds the helpers the view and table tests share (a tiny package written in code).
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT, copy_descriptor

from tolls.database import build as database
from tolls.database.build import (
    CSV_SCRIPT,
    SQL_FILES,
    VIEWS,
    QueryError,
    build_database,
    csv_script,
    reads,
    run_query,
    sql_order,
    view_sql,
)
from tolls.database.flags import EXPORTED_VIEWS
from tolls.intervals.phrases import parse_figure
from tolls.intervals.rule_table import load_rules
from tolls.package.loading import Package

TEXT = "Officials said at least 8 people were killed. A monitor said 12 people were killed.\n"


def _header(name: str) -> list[str]:
    with (ROOT / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return next(csv.reader(fh))


def write_rows(path: Path, rows: list[dict]) -> None:
    """Rows into one of a package's CSVs, in the shipped header's column order (other cells empty)."""
    _write(path, _header(path.stem), rows)


def _write(path: Path, header: list[str], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=header, lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow({k: row.get(k, "") for k in header})


def figure(figure_id: str, **values: str) -> dict:
    """A figures.csv row with neutral defaults; pass only what the test is about. A new number_text
    gets its interval from the package's rules (never typed by hand)."""
    row = {
        "figure_id": figure_id,
        "source_id": "t1",
        "evidence": "quoted",
        "event_id": "ev",
        "event_basis": "stated",
        "quote": TEXT[:44],
        "quote_start": "0",
        "quote_end": "44",
        "number_text": "at least 8",
        "measure": "killed",
        "measure_words": "were killed",
        "victim_group": "people",
        "count_kind": "not_stated",
        "count_status": "not_stated",
        "coverage": "whole_event",
        "date_start": "2025-01-01",
        "date_end": "2025-01-01",
        "date_precision": "day",
        "date_basis": "stated",
        "country": "SY",
    }
    row.update(values)
    if not {"low", "high", "stated_number"} & values.keys():
        parsed = parse_figure(row["number_text"], load_rules(ROOT / "data" / "interval_rules.csv"))
        row.update(
            {
                "qualifier": parsed.qualifier,
                "low": _cell(parsed.low),
                "stated_number": _cell(parsed.stated),
                "high": _cell(parsed.high),
                "interval_rule": parsed.rule,
            }
        )
    return row


def _cell(value: object) -> str:
    return "" if value is None else str(value)


def mini_package(
    dest: Path,
    figures: list[dict],
    *,
    attributions: list[dict] | None = None,
    texts: dict[str, str] | None = None,
    copies: dict[str, str] | None = None,
    cited: dict[str, str] | None = None,
    events: list[dict] | None = None,
    harms: list[dict] | None = None,
    graded: list[dict] | None = None,
) -> Path:
    """A package with the shipped descriptor, rules, groups and grades, and only the rows a test needs.

    texts are quoted sources (their text goes to seeds/); cited maps a cited source's id to its date of
    publication (its URL is made up: a cited source has no text to check). The shipped reliability rules
    grade each kind of source; graded adds rules for sources of the test (the shipped ones for shipped
    sources are left out)."""
    texts = {"t1": TEXT} if texts is None else texts
    copies = copies or {}
    (dest / "data").mkdir(parents=True)
    (dest / "seeds").mkdir()
    copy_descriptor(dest)
    for name in ("interval_rules", "victim_groups", "actors", "reliability_grades", "corroboration_grades"):
        shutil.copy(ROOT / "data" / f"{name}.csv", dest / "data" / f"{name}.csv")
    with (ROOT / "data" / "reliability_rules.csv").open(encoding="utf-8", newline="") as fh:
        by_kind = [r for r in csv.DictReader(fh) if not r["source_id"]]
    _write(dest / "data" / "reliability_rules.csv", _header("reliability_rules"), by_kind + (graded or []))
    sources = []
    for source_id, text in texts.items():
        rel = f"seeds/{source_id}.txt"
        (dest / rel).write_bytes(text.encode("utf-8"))
        sources.append(
            {
                "source_id": source_id,
                "evidence": "quoted",
                "path": rel,
                "sha256": hashlib.sha256(text.encode()).hexdigest(),
                "label": f"Test text {source_id}",
                "kind": "news",
                "published_earliest": "2025-01-02",
                "published_latest": "2025-01-02",
                "published_precision": "day",
                "published_basis": "stated",
                "language": "en",
                "copy_of_source_id": copies.get(source_id, ""),
            }
        )
    for source_id, published in (cited or {}).items():
        sources.append(
            {
                "source_id": source_id,
                "evidence": "cited",
                "url": f"https://news.example/{source_id}",
                "label": f"Test page {source_id}",
                "kind": "news",
                "published_earliest": published,
                "published_latest": published,
                "published_precision": "day",
                "published_basis": "stated",
                "language": "en",
            }
        )
    _write(dest / "data" / "sources.csv", _header("sources"), sources)
    _write(
        dest / "data" / "events.csv",
        _header("events"),
        events
        or [
            {
                "event_id": "ev",
                "name": "Test event",
                "event_type": "killings",
                "date_start": "2025-01-01",
                "date_end": "2025-01-01",
                "date_precision": "day",
                "date_basis": "stated",
                "country": "SY",
            }
        ],
    )
    _write(dest / "data" / "figures.csv", _header("figures"), figures)
    _write(dest / "data" / "attributions.csv", _header("attributions"), attributions or [])
    _write(dest / "data" / "exclusions.csv", _header("exclusions"), [])
    _write(dest / "data" / "unnumbered_harms.csv", _header("unnumbered_harms"), harms or [])
    _write(dest / "data" / "contradictions.csv", _header("contradictions"), [])
    return dest


def duckdb_cli() -> Path:
    """The duckdb-cli 1.5 binary next to this Python, or on PATH; a failure (not a skip) on CI."""
    here = Path(sys.executable).parent / ("duckdb.exe" if os.name == "nt" else "duckdb")
    found = here if here.is_file() else (Path(p) if (p := shutil.which("duckdb")) else None)
    if found is None:
        if os.environ.get("CI") == "true":
            pytest.fail("the duckdb CLI binary is missing: pip install duckdb-cli==1.5.6")
        pytest.skip("the duckdb CLI binary is not installed (pip install duckdb-cli)")
    return found


@pytest.fixture(scope="session")
def shipped_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(Package.open(ROOT), tmp_path_factory.mktemp("build"))


def test_tables_take_their_types_from_datapackage_json(shipped_db: Path) -> None:
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    con = duckdb.connect(str(shipped_db), read_only=True)
    try:
        for res in descriptor["resources"]:
            got = con.execute(
                "SELECT column_name, data_type FROM information_schema.columns "
                "WHERE table_name = ? ORDER BY ordinal_position",
                [res["name"]],
            ).fetchall()
            want = [(f["name"], database.DUCKDB_TYPES[f["type"]]) for f in res["schema"]["fields"]]
            assert got == want, res["name"]
            with (ROOT / res["path"]).open(encoding="utf-8", newline="") as fh:
                n_rows = sum(1 for _ in csv.DictReader(fh))
            assert con.execute(f'SELECT count(*) FROM "{res["name"]}"').fetchone()[0] == n_rows
        # empty cells are NULL, never 0 or ''
        assert con.execute("SELECT high FROM figures WHERE figure_id = 'f003'").fetchone() == (None,)
        assert con.execute("SELECT count(*) FROM figures WHERE event_id = ''").fetchone() == (0,)
        # the texts are in the file, code point for code point
        for source_id, rel, text in con.execute("SELECT source_id, path, text FROM texts").fetchall():
            assert text == (ROOT / rel).read_text(encoding="utf-8"), source_id
    finally:
        con.close()


def test_views_do_not_depend_on_file_paths(shipped_db: Path, tmp_path: Path) -> None:
    moved = tmp_path / "elsewhere.duckdb"
    shutil.copy(shipped_db, moved)
    cwd = os.getcwd()
    os.chdir(tmp_path)
    try:
        for view in VIEWS:
            run_query(moved, f"SELECT * FROM {view}")
    finally:
        os.chdir(cwd)
    sql = " ".join(r[0] for r in run_query(shipped_db, "SELECT sql FROM duckdb_views() WHERE NOT internal")[1])
    assert "read_csv" not in sql and "read_text" not in sql


def test_parquet_per_table(shipped_db: Path) -> None:
    parquet = shipped_db.parent / "parquet"
    files = {p.stem for p in parquet.glob("*.parquet")}
    folders = {p.name for p in parquet.iterdir() if p.is_dir()}
    assert folders == set(database.PARQUET_PARTITIONS)
    views = set(EXPORTED_VIEWS)  # beside the tables: the views a reader without SQL needs (tests/outputs/test_flags.py)
    assert files | folders == {*Package.open(ROOT).resource_names, "texts", *views} and not files & folders
    con = duckdb.connect()
    n = con.execute(
        f"SELECT count(*) FROM read_parquet('{parquet / 'figures' / '**' / '*.parquet'}', hive_partitioning = true)"
    ).fetchone()[0]
    assert n == run_query(shipped_db, "SELECT count(*) FROM figures")[1][0][0]


def test_partitioned_parquet_reads_back_with_the_rows_and_types_of_the_csvs(shipped_db: Path) -> None:
    """What a reader over object storage does: DuckDB's read_parquet with hive partitioning, one glob per
    table (docs/using.md, "Parquet files"). Spark is not installed here, so Spark's read is not tested."""
    pkg = Package.open(ROOT)
    parquet = shipped_db.parent / "parquet"
    con = duckdb.connect()
    for name in [*pkg.resource_names, "texts"]:
        partition = database.PARQUET_PARTITIONS.get(name)
        glob = parquet / name / "**" / "*.parquet" if partition else parquet / f"{name}.parquet"
        read = f"read_parquet('{glob}', hive_partitioning = {'true' if partition else 'false'})"
        got = dict(con.execute(f"SELECT column_name, column_type FROM (DESCRIBE SELECT * FROM {read})").fetchall())
        if name == "texts":
            assert got == {"source_id": "VARCHAR", "path": "VARCHAR", "text": "VARCHAR"}
            n_rows = run_query(shipped_db, "SELECT count(*) FROM sources WHERE path IS NOT NULL")[1][0][0]
        else:
            # every column of the schema, typed as the database types it (a partition column comes back from
            # the folder names, as text, which is what every partition column here is)
            assert got == {f["name"]: database.duckdb_type(f) for f in pkg.fields(name)}, name
            with pkg.path(name).open(encoding="utf-8", newline="") as fh:
                n_rows = sum(1 for _ in csv.reader(fh)) - 1
        assert con.execute(f"SELECT count(*) FROM {read}").fetchone()[0] == n_rows, name
        if partition:
            assert pkg.field(name, partition).get("constraints", {}).get("required"), (name, partition)
            values = {p.name for p in (parquet / name).iterdir()}
            assert values == {
                f"{partition}={v}" for (v,) in con.execute(f"SELECT DISTINCT {partition} FROM {read}").fetchall()
            }, name


def _code(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


def test_the_view_order_is_declared_beside_the_sql() -> None:
    """Each SQL file's `-- Reads:` line names exactly the files whose tables, views or macros it uses, and the
    build runs every file after those it reads."""
    defined = {
        name: set(re.findall(r"CREATE OR REPLACE (?:TABLE|VIEW|MACRO) (\w+)", view_sql(name))) for name in SQL_FILES
    }
    for name in SQL_FILES:
        code = _code(view_sql(name))
        used = {
            other
            for other, objects in defined.items()
            if other != name and any(re.search(rf"\b{o}\b", code) for o in objects)
        }
        assert used == set(reads(name)), name
        assert all(SQL_FILES.index(dep) < SQL_FILES.index(name) for dep in reads(name)), name
    assert set(VIEWS) <= set(SQL_FILES) and "ranges_as_of" in SQL_FILES and "ranges_as_of" not in VIEWS


def test_a_loop_or_an_unknown_file_in_the_order_is_refused(tmp_path: Path) -> None:
    (tmp_path / "a.sql").write_text("-- Reads: b\nSELECT 1;\n", encoding="utf-8")
    (tmp_path / "b.sql").write_text("-- Reads: a\nSELECT 1;\n", encoding="utf-8")
    with pytest.raises(ValueError, match="read one another in a loop"):
        sql_order(tmp_path)
    (tmp_path / "b.sql").write_text("-- Reads: c\nSELECT 1;\n", encoding="utf-8")
    with pytest.raises(ValueError, match="reads c, which is no SQL file"):
        sql_order(tmp_path)
    (tmp_path / "b.sql").write_text("SELECT 1;\n", encoding="utf-8")
    assert sql_order(tmp_path) == ("b", "a")  # b first: a reads it, whatever the names' order


def test_storage_version_is_set_and_no_temporaries_remain(shipped_db: Path) -> None:
    assert database.STORAGE_VERSION.startswith("v1.")
    assert sorted(p.name for p in shipped_db.parent.iterdir()) == ["parquet", "tolls.duckdb"]


def test_the_file_opens_in_the_duckdb_1_5_cli(shipped_db: Path) -> None:
    cli = duckdb_cli()
    version = subprocess.run([str(cli), "--version"], capture_output=True, text=True, check=True).stdout
    assert version.startswith("v1.")
    sql = "SELECT count(*) AS n, sum(n_independent) AS counters FROM event_ranges"
    out = subprocess.run([str(cli), "-readonly", "-csv", str(shipped_db), "-c", sql], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    # the 1.5 CLI reads the views as DuckDB 2 built them
    _, [(n, counters)] = run_query(shipped_db, sql)
    assert out.stdout.splitlines() == ["n,counters", f"{n},{counters}"]


def test_a_failed_build_leaves_the_old_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pkg = Package.open(ROOT)
    out = tmp_path / "build"
    db = build_database(pkg, out)
    before = db.read_bytes()
    monkeypatch.setattr(database, "SQL_FILES", (*SQL_FILES, "no_such_view"))
    with pytest.raises(FileNotFoundError):
        build_database(pkg, out)
    assert db.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["parquet", "tolls.duckdb"]


def test_run_query_is_read_only_and_raises_one_line_errors(shipped_db: Path) -> None:
    cols, rows = run_query(shipped_db, "SELECT 1 AS one")
    assert (cols, rows) == (["one"], [(1,)])
    with pytest.raises(QueryError) as err:
        run_query(shipped_db, "SELECT * FROM no_such_table")
    assert "\n" not in str(err.value) and "no_such_table" in str(err.value)
    with pytest.raises(QueryError):
        run_query(shipped_db, "DELETE FROM figures")
    assert run_query(shipped_db, "SELECT count(*) FROM figures")[1][0][0] > 0


def test_run_query_refuses_several_statements(shipped_db: Path) -> None:
    # several statements would show only the last result: refused, with a one-line message
    with pytest.raises(QueryError, match="^one statement at a time: found 2 statements") as err:
        run_query(shipped_db, "SELECT 1 AS a; SELECT 2 AS b")
    assert "\n" not in str(err.value)
    with pytest.raises(QueryError, match="no statement"):
        run_query(shipped_db, "  ;  ")
    assert run_query(shipped_db, "SELECT 1 AS a;") == (["a"], [(1,)])  # a closing semicolon is fine


def test_csv_script_is_up_to_date() -> None:
    assert CSV_SCRIPT.read_text(encoding="utf-8") == csv_script(Package.open(ROOT)), (
        "src/tolls/database/sql/csv/load_csv.sql is stale: run `tolls docs`"
    )


def _rows(con: duckdb.DuckDBPyConnection, view: str) -> list[tuple]:
    return sorted(con.execute(f"SELECT * FROM {view}").fetchall(), key=repr)


def test_csv_script_in_python_gives_the_same_views(shipped_db: Path, tmp_path: Path) -> None:
    cwd = os.getcwd()
    os.chdir(ROOT)  # the script's paths are relative to the clone root
    try:
        con = duckdb.connect(str(tmp_path / "csv.duckdb"))
        # Python's DuckDB has no dot commands: run the SQL, and the files the CLI would `.read`
        sql, reads = [], []
        for line in CSV_SCRIPT.read_text(encoding="utf-8").splitlines(keepends=True):
            (reads if line.startswith(".read ") else sql).append(line)
        con.execute("".join(sql))
        for line in reads:
            con.execute(Path(line.split(maxsplit=1)[1].strip()).read_text(encoding="utf-8"))
    finally:
        os.chdir(cwd)
    built = duckdb.connect(str(shipped_db), read_only=True)
    for view in VIEWS:
        assert _rows(con, view) == _rows(built, view), view


def test_csv_script_in_the_duckdb_1_5_cli_is_one_command(shipped_db: Path, tmp_path: Path) -> None:
    cli = duckdb_cli()
    target = tmp_path / "tolls.duckdb"
    # the README's command, run from the clone root
    done = subprocess.run(
        [str(cli), str(target), "-c", ".read src/tolls/database/sql/csv/load_csv.sql"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0 and not done.stderr, done.stderr
    for view in VIEWS:
        got = subprocess.run(
            [str(cli), "-readonly", "-csv", str(target), "-c", f"SELECT * FROM {view} ORDER BY ALL"],
            capture_output=True,
            text=True,
            cwd=tmp_path,
        )
        assert got.returncode == 0, got.stderr
        want = subprocess.run(
            [str(cli), "-readonly", "-csv", str(shipped_db), "-c", f"SELECT * FROM {view} ORDER BY ALL"],
            capture_output=True,
            text=True,
        )
        assert got.stdout == want.stdout, view
