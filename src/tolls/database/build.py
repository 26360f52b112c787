"""The database: the package's tables typed from datapackage.json, the source texts, and the views.

`build_database` writes build/tolls.duckdb (readable by DuckDB 1.x and 2.x) and build/parquet/, each
atomically. `csv_script` renders the SQL script that builds the same tables and views from a clone
with the DuckDB CLI alone (src/tolls/database/sql/csv/load_csv.sql); `tolls docs` (or
`python -m tolls.database.build`) rewrites it.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import re
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import duckdb

from tolls.database.errors import QueryError, ViewSchemaError
from tolls.package.loading import Package
from tolls.validation.problems import Problem

SQL_DIR = Path(__file__).resolve().parent / "sql"
CSV_SCRIPT = SQL_DIR / "csv" / "load_csv.sql"

# Each SQL file declares, in its header, the files whose tables, views or macros it reads:
#   -- Reads: figure_detail, counter_latest
# A file with no such line reads only the package's tables; the order the files run in follows (sql_order).
READS = re.compile(r"^-- Reads: (.+)$", re.M)


def reads(name: str, folder: Path = SQL_DIR) -> list[str]:
    """The SQL files the file `name` (without .sql) declares it reads."""
    text = (folder / f"{name}.sql").read_text(encoding="utf-8")
    return [n.strip() for line in READS.findall(text) for n in line.split(",") if n.strip()]


def sql_order(folder: Path = SQL_DIR) -> tuple[str, ...]:
    """The SQL files (names without .sql) in the order they run: each after every file it reads, and
    otherwise by name, so that the order is the same on every machine."""
    names = sorted(p.stem for p in folder.glob("*.sql"))
    needs = {n: set(reads(n, folder)) for n in names}
    for name, deps in needs.items():
        if unknown := deps - set(names):
            raise ValueError(f"{name}.sql reads {', '.join(sorted(unknown))}, which is no SQL file in {folder}")
    order: list[str] = []
    while len(order) < len(names):
        ready = [n for n in names if n not in order and needs[n] <= set(order)]
        if not ready:
            left = ", ".join(n for n in names if n not in order)
            raise ValueError(f"the SQL files {left} read one another in a loop")
        order.append(ready[0])
    return tuple(order)


# Every SQL file, in the order they run; the views among them (a file that creates a view of its name).
SQL_FILES = sql_order()
VIEWS = tuple(
    n for n in SQL_FILES if f"CREATE OR REPLACE VIEW {n} AS" in (SQL_DIR / f"{n}.sql").read_text(encoding="utf-8")
)

# DuckDB 2.0 writes storage version v2.0.0 by default, which DuckDB 1.x refuses to open
# ("we can only read versions between 64 and 68"). v1.0.0 is the oldest storage format DuckDB 2.0
# writes and every 1.x release reads; tests open the file with the duckdb-cli 1.5 binary.
STORAGE_VERSION = "v1.0.0"

# Table Schema type -> DuckDB type. Anything else is refused rather than guessed.
DUCKDB_TYPES = {
    "string": "VARCHAR",
    "integer": "BIGINT",
    "number": "DOUBLE",
    "boolean": "BOOLEAN",
    "date": "DATE",
    "datetime": "TIMESTAMP",
    "year": "INTEGER",
}

# The source texts, byte for byte, so the database file stands alone.
TEXTS_DDL = "CREATE OR REPLACE TABLE texts (source_id VARCHAR NOT NULL, path VARCHAR NOT NULL, text VARCHAR NOT NULL);"


# `tolls query` runs SQL a user typed (or pasted from elsewhere): read-only, and no file other than the
# database, no network, no extension, no setting changed (COPY TO, read_text, ATTACH, INSTALL are refused).
LOCKED_DOWN: dict[str, str | bool | int | float | list[str]] = {
    "enable_external_access": False,
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "lock_configuration": True,
}


# A query is stopped after this many seconds, and DuckDB may hold this much memory for it (it then fails
# with a clear message rather than take the machine): `tolls query --timeout/--memory-limit`, or the
# environment variables, change them; a timeout of 0 is none.
QUERY_TIMEOUT_ENV, QUERY_MEMORY_ENV = "TOLLS_QUERY_TIMEOUT", "TOLLS_QUERY_MEMORY_LIMIT"
DEFAULT_QUERY_TIMEOUT = 300.0  # seconds: a view of a million figures answers in well under a minute
DEFAULT_QUERY_MEMORY = "2GB"  # the project's own limit for any command at a million figures
_SIZE = re.compile(r"\s*[0-9]+(?:\.[0-9]+)?\s*(?:[KMGT]i?B|B|bytes)\s*", re.IGNORECASE)
_FETCH = 10_000  # rows fetched at a time, so that the timeout also bounds turning rows into Python values


def query_limits(timeout: float | str | None = None, memory_limit: str | None = None) -> tuple[float | None, str]:
    """(seconds, size): the given values, else the environment's, else the defaults; None seconds is no
    timeout. A value that is not a number of seconds or a size ('2GB', '512MiB') is a QueryError."""
    given = timeout if timeout is not None else os.environ.get(QUERY_TIMEOUT_ENV) or DEFAULT_QUERY_TIMEOUT
    try:
        seconds = float(given)
        if seconds < 0 or seconds != seconds or seconds == float("inf"):
            raise ValueError
    except ValueError:
        raise QueryError(
            f"the timeout is {given!r}; give a number of seconds (0 for none) with --timeout or {QUERY_TIMEOUT_ENV}"
        ) from None
    size = memory_limit if memory_limit is not None else os.environ.get(QUERY_MEMORY_ENV) or DEFAULT_QUERY_MEMORY
    if not _SIZE.fullmatch(size):
        raise QueryError(
            f"the memory limit is {size!r}; give a size such as 2GB or 512MiB with --memory-limit or {QUERY_MEMORY_ENV}"
        )
    return (seconds or None), size.strip()


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def duckdb_type(field: dict) -> str:
    kind = field.get("type", "string")
    try:
        return DUCKDB_TYPES[kind]
    except KeyError:
        raise ValueError(f"field {field['name']!r}: no DuckDB type for Table Schema type {kind!r}") from None


def table_ddl(pkg: Package, name: str) -> str:
    """CREATE TABLE for one resource, columns and types straight from datapackage.json."""
    cols = []
    for fld in pkg.fields(name):
        required = fld.get("constraints", {}).get("required", False)
        cols.append(f"    {_ident(fld['name'])} {duckdb_type(fld)}{' NOT NULL' if required else ''}")
    return f"CREATE OR REPLACE TABLE {_ident(name)} (\n" + ",\n".join(cols) + "\n);"


def load_sql(pkg: Package, name: str, csv_path: str) -> str:
    """CREATE TABLE, then INSERT the CSV read as text; DuckDB casts each cell to the column's type.

    Reading by name keeps a column in its place even if the CSV's column order changes; an empty
    cell becomes NULL (the package's only missing value), never 0 or ''.
    """
    dialect = pkg.resource(name).get("dialect", {})
    delim = dialect.get("delimiter", ",")
    quote = dialect.get("quoteChar", '"')
    read = (
        f"read_csv({_literal(csv_path)}, header = true, all_varchar = true, "
        f"delim = {_literal(delim)}, quote = {_literal(quote)}, escape = {_literal(quote)})"
    )
    return f"{table_ddl(pkg, name)}\nINSERT INTO {_ident(name)} BY NAME SELECT * FROM {read};"


def view_sql(name: str) -> str:
    return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")


def csv_script(pkg: Package) -> str:
    """The script that builds tables and views from a clone's CSVs and texts, paths relative to its root."""
    parts = [
        "-- Generated from datapackage.json and src/tolls/database/sql/*.sql by `tolls docs`;",
        "-- do not edit (a test fails when it is stale). Run it from the root of a clone, DuckDB CLI 1.5+:",
        '--   duckdb tolls.duckdb -c ".read src/tolls/database/sql/csv/load_csv.sql"',
        "-- It loads data/*.csv and seeds/*.txt into tables (the file stands alone), then reads the view files.",
        "",
    ]
    for name in pkg.resource_names:
        parts += [load_sql(pkg, name, pkg.relpath(name)), ""]
    parts += [
        TEXTS_DDL,
        "INSERT INTO texts",
        "SELECT s.source_id, s.path, t.content",
        "FROM sources AS s",
        "JOIN read_text('seeds/*.txt') AS t ON replace(t.filename, '\\', '/') = s.path;",
        "",
    ]
    # the views are read from their own files, so that no view's SQL is kept in two places
    parts += [f".read {SQL_DIR.relative_to(SQL_DIR.parents[3]).as_posix()}/{name}.sql" for name in SQL_FILES]
    return "\n".join(parts) + "\n"


def write_csv_script(pkg: Package, target: Path = CSV_SCRIPT) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(csv_script(pkg), encoding="utf-8")
    return target


def _create_all(con: duckdb.DuckDBPyConnection, pkg: Package) -> list[str]:
    """Tables, texts and views into the current database; returns the table names."""
    for name in pkg.resource_names:
        con.execute(load_sql(pkg, name, str(pkg.path(name))))
    con.execute(TEXTS_DDL)
    _insert_texts(con, pkg)
    for name in SQL_FILES:
        try:
            con.execute(view_sql(name))
        except duckdb.BinderException as exc:  # valid data, but a column the SQL reads is gone from the descriptor
            message = str(exc).splitlines()[0].removeprefix("Binder Error: ")
            problem = Problem(
                f"src/tolls/database/sql/{name}.sql",
                None,
                None,
                f"the view reads a column the tables do not have ({message})",
                "views",
                "view-sql",
            )
            raise ViewSchemaError(
                [problem], f"the views cannot run on these tables ({name}); nothing was written"
            ) from None
    return [*pkg.resource_names, "texts"]


# Texts are inserted in batches of about this many characters, so that a build holds one batch of texts in
# Python at a time, not every text (a million figures come with about 800 MB of text).
TEXT_BATCH_CHARS = 32_000_000


def _insert_texts(con: duckdb.DuckDBPyConnection, pkg: Package) -> None:
    import pandas as pd

    batch: list[tuple[str, str, str]] = []
    size = 0

    def flush() -> None:
        # one columnar insert per batch: executemany runs a statement per row (9 s for 20k texts)
        frame = pd.DataFrame(batch, columns=["source_id", "path", "text"])
        con.register("texts_batch", frame)
        con.execute("INSERT INTO texts SELECT source_id, path, text FROM texts_batch")
        con.unregister("texts_batch")
        batch.clear()

    for source_id, rel in con.execute(
        "SELECT source_id, path FROM sources WHERE path IS NOT NULL ORDER BY source_id"
    ).fetchall():
        # newline="" keeps the text byte for byte (figures quote it by code-point offsets)
        with (pkg.root / rel).open(encoding="utf-8", newline="") as fh:
            batch.append((source_id, rel, fh.read()))
        size += len(batch[-1][2])
        if size >= TEXT_BATCH_CHARS:
            flush()
            size = 0
    if batch:
        flush()


BUILD_MEMORY = os.environ.get("TOLLS_BUILD_MEMORY", "1GB")
# Each DuckDB thread holds its own buffers within the memory limit: more threads than this gain little on a
# build and leave each one less room before it spills.
BUILD_THREADS = int(os.environ.get("TOLLS_BUILD_THREADS") or min(os.cpu_count() or 1, 4))

# Rows per Parquet row group: the unit Spark, DuckDB and Arrow split a file into to read it in parallel,
# from local disk or object storage alike. A text is about 4 KB, so texts get smaller groups (about 40 MB).
PARQUET_ROW_GROUP = 100_000
PARQUET_TEXT_ROW_GROUP = 10_000

# The big tables are written as hive-partitioned folders, parquet/<table>/<column>=<value>/data_0.parquet,
# by a required column with few values (an enum), so that a reader that filters on it opens only those files
# and one that reads all of them gets the column back from the folder names; the small tables are single
# files, parquet/<table>.parquet. The layout does not depend on the package's size.
PARQUET_PARTITIONS = {"figures": "measure", "attributions": "stance"}


def parquet_select(pkg: Package, table: str, where: str = "", leave_out: str = "") -> str:
    """The SELECT whose result is written as the table's Parquet file (or one partition's, `where`, without
    the partition column `leave_out`): a column is REQUIRED in Parquet exactly when datapackage.json says
    required, else OPTIONAL.

    DuckDB marks a column REQUIRED whenever its statistics show no null, so an optional column that
    happens to be full (event_id, say) would be REQUIRED, and a reader would refuse the next file with
    a null in it; `CASE WHEN c IS NOT NULL THEN c END` is c itself, with statistics that allow a null.
    """
    if table not in pkg.resource_names:
        return f"SELECT * FROM {_ident(table)} ORDER BY source_id"  # texts: every column NOT NULL
    cols = []
    for fld in pkg.fields(table):
        if fld["name"] == leave_out:
            continue
        col = _ident(fld["name"])
        required = fld.get("constraints", {}).get("required", False)
        cols.append(col if required else f"CASE WHEN {col} IS NOT NULL THEN {col} END AS {col}")
    # rows in primary-key order, so that two builds of one package write the same bytes
    key = pkg.schema(table).get("primaryKey") or [f["name"] for f in pkg.fields(table)]
    key = [key] if isinstance(key, str) else key
    where = f" WHERE {where}" if where else ""
    return f"SELECT {', '.join(cols)} FROM {_ident(table)}{where} ORDER BY {', '.join(_ident(k) for k in key)}"


def write_parquet(con: duckdb.DuckDBPyConnection, pkg: Package, table: str, folder: Path) -> Path:
    """One table's Parquet in folder: a file, or a hive-partitioned folder (PARQUET_PARTITIONS).

    Each partition is written by its own COPY rather than by COPY's PARTITION_BY, which marks every column
    OPTIONAL (REQUIRED is kept for the columns the schema requires) and orders rows by thread.
    """
    rows = PARQUET_TEXT_ROW_GROUP if table == "texts" else PARQUET_ROW_GROUP
    options = f"(FORMAT parquet, ROW_GROUP_SIZE {rows})"
    column = PARQUET_PARTITIONS.get(table)
    if column is None:
        dest = folder / f"{table}.parquet"
        con.execute(f"COPY ({parquet_select(pkg, table)}) TO {_literal(str(dest))} {options}")
        return dest
    dest = folder / table
    values = [v for (v,) in con.execute(f"SELECT DISTINCT {_ident(column)} FROM {_ident(table)} ORDER BY 1").fetchall()]
    for value in values:
        # enum values of a required column: plain words, safe as folder names (and nothing else is written)
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", value or "") or value.startswith("."):
            raise ValueError(f"{table}.{column}: {value!r} cannot name a partition folder")
        part = dest / f"{column}={value}"
        part.mkdir(parents=True)
        select = parquet_select(pkg, table, where=f"{_ident(column)} = {_literal(value)}", leave_out=column)
        con.execute(f"COPY ({select}) TO {_literal(str(part / 'data_0.parquet'))} {options}")
    dest.mkdir(exist_ok=True)  # an empty table is an empty folder
    return dest


def write_views_parquet(con: duckdb.DuckDBPyConnection, folder: Path) -> list[Path]:
    """The views a reader without SQL needs, as single Parquet files beside the tables: figure_detail with its
    per-figure flags, counter_latest, and event_ranges with range_id (tolls.database.flags). Every column is
    OPTIONAL: a view's columns are derived, and a reader must not refuse the next build's file for a null."""
    from tolls.database.flags import EXPORTED_VIEWS

    written = []
    for view, query in EXPORTED_VIEWS.items():
        written.append(folder / f"{view}.parquet")
        options = f"(FORMAT parquet, ROW_GROUP_SIZE {PARQUET_ROW_GROUP})"
        con.execute(f"COPY ({query(con, optional=True)}) TO {_literal(str(written[-1]))} {options}")
    return written


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


# A build stages the database and the Parquet files together in one folder, then moves them into place.
# The moves are several renames, so before the first one a marker names the staged folder: a build killed
# during the moves is finished by the next build (the staged files are complete by then), and a build
# killed earlier leaves only a staging folder, which the next build removes. Readers thus never see a new
# database beside old Parquet files for longer than the moves take, and never after the next build.
_STAGE_PREFIX = ".tolls-stage-"
_MARKER = ".tolls-moving"
_DB_NAME, _PARQUET_NAME = "tolls.duckdb", "parquet"


@contextlib.contextmanager
def _build_lock(out_dir: Path) -> Iterator[None]:
    """Hold an exclusive lock on out_dir while building: a second build waits for the first (a lock on the
    folder itself, so no lock file is left behind). Without fcntl (Windows) builds are not serialised."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - Windows
        yield
        return
    fd = os.open(out_dir, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock


def _move_into_place(out_dir: Path, stage: Path) -> None:
    """Move the staged database and Parquet folder into out_dir; safe to run again after a kill."""
    if (stage / _DB_NAME).exists():
        os.replace(stage / _DB_NAME, out_dir / _DB_NAME)
    if (stage / _PARQUET_NAME).exists():
        if (out_dir / _PARQUET_NAME).exists():
            _remove(stage / "old-parquet")
            os.replace(out_dir / _PARQUET_NAME, stage / "old-parquet")
        os.replace(stage / _PARQUET_NAME, out_dir / _PARQUET_NAME)
    (out_dir / _MARKER).unlink(missing_ok=True)
    _remove(stage)


def _recover(out_dir: Path) -> None:
    """Finish the moves of a build killed while moving; remove what killed builds left."""
    marker = out_dir / _MARKER
    if marker.is_file():
        stage = out_dir / marker.read_text(encoding="utf-8").strip()
        if stage.name.startswith(_STAGE_PREFIX) and stage.parent == out_dir and stage.is_dir():
            _move_into_place(out_dir, stage)
        marker.unlink(missing_ok=True)
    for leftover in out_dir.glob(".tolls-*"):
        _remove(leftover)
    for leftover in out_dir.glob(".parquet-*"):  # left by builds before staging
        _remove(leftover)


def build_database(pkg: Package, out_dir: Path) -> Path:
    """Write out_dir/tolls.duckdb and out_dir/parquet/ (write_parquet) as one unit; a failure leaves the
    old ones, two builds at once take turns, and a killed build is cleaned up (or finished) by the next.
    Before anything is moved into place, every view is checked against the schema its SQL file declares
    (tolls.database.view_schema): a view that breaks it raises ViewSchemaError, and nothing is written."""
    from tolls.database.view_schema import check_views

    # pandera takes a second or two to import: it is imported while DuckDB builds (which releases the GIL)
    importing = threading.Thread(target=importlib.import_module, args=("pandera.pandas",), daemon=True)
    importing.start()
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / _DB_NAME
    with _build_lock(out_dir):
        _recover(out_dir)
        # staged in out_dir itself, so os.replace stays on one file system
        stage = Path(tempfile.mkdtemp(prefix=_STAGE_PREFIX, dir=out_dir))
        try:
            tmp_db, tmp_parquet = stage / _DB_NAME, stage / _PARQUET_NAME
            tmp_parquet.mkdir()
            tmp_parquet.chmod(0o755)
            stage.chmod(0o755)  # mkdtemp makes it private; the build folder is for sharing
            spill = stage / ".tmp"  # where DuckDB spills, inside the stage: removed with it
            con = duckdb.connect()
            try:
                # a bounded build: DuckDB spills joins to disk beyond this, instead of taking most of the RAM
                con.execute(f"SET memory_limit = {_literal(BUILD_MEMORY)}")
                con.execute(f"SET threads = {int(BUILD_THREADS)}")
                # no order is kept where no ORDER BY asks for one: loads and joins then need not buffer rows
                # to keep them in order (the views and the Parquet files order their rows themselves)
                con.execute("SET preserve_insertion_order = false")
                con.execute(f"SET temp_directory = {_literal(str(spill))}")
                con.execute("SET enable_progress_bar = false")
                version = _literal(STORAGE_VERSION)
                con.execute(f"ATTACH {_literal(str(tmp_db))} AS tolls (STORAGE_VERSION {version})")
                con.execute("USE tolls")
                for table in _create_all(con, pkg):
                    write_parquet(con, pkg, table, tmp_parquet)
                write_views_parquet(con, tmp_parquet)
                importing.join()
                if problems := check_views(con, pkg):
                    raise ViewSchemaError(problems)
                con.execute("USE memory")
                con.execute("DETACH tolls")  # checkpoints: everything is in the file, no .wal left
            finally:
                con.close()
                _remove(spill)
            marker = out_dir / f"{_MARKER}.tmp"
            marker.write_text(stage.name, encoding="utf-8")
            os.replace(marker, out_dir / _MARKER)  # from here on the next build finishes the moves
            _move_into_place(out_dir, stage)
        except BaseException:
            if not (out_dir / _MARKER).exists():
                _remove(stage)
            raise
    return target


def run_query(
    db_path: Path, sql: str, *, timeout: float | str | None = None, memory_limit: str | None = None
) -> tuple[list[str], list[tuple]]:
    """Run one SQL statement on the database, opened read-only; column names and rows (empty for a
    statement that returns none).

    Several statements are refused (QueryError), not run with only the last one's result shown: one
    result is one table, and CSV output has room for one header. The statement is stopped after `timeout`
    seconds, and DuckDB holds at most `memory_limit` for it (query_limits says where they come from).
    """
    seconds, size = query_limits(timeout, memory_limit)
    # no spilling to disk: the limit is the limit, and a query writes no file
    config = {**LOCKED_DOWN, "memory_limit": size, "temp_directory": ""}
    try:
        con = duckdb.connect(str(db_path), read_only=True, config=config)
    except duckdb.Error as exc:
        raise QueryError(f"cannot open {db_path}: {_one_line(exc)}") from exc
    timer = threading.Timer(seconds, con.interrupt) if seconds else None
    deadline = time.monotonic() + seconds if seconds else None
    try:
        statements = con.extract_statements(sql)
        if len(statements) != 1:
            found = f"{len(statements)} statements" if statements else "no statement"
            raise QueryError(f"one statement at a time: found {found}; run each on its own")
        if timer is not None:
            timer.start()
        cur = con.execute(sql)
        if cur.description is None:
            return [], []
        rows: list[tuple] = []
        while batch := cur.fetchmany(_FETCH):
            rows += batch
            if deadline is not None and time.monotonic() > deadline:
                raise duckdb.InterruptException("INTERRUPT Error: Interrupted!")
        return [d[0] for d in cur.description], rows
    except duckdb.PermissionException as exc:
        raise QueryError(
            f"refused: a query reads the database only, no other file and no network ({_one_line(exc)})"
        ) from exc
    except duckdb.InterruptException as exc:
        raise QueryError(
            f"stopped after {seconds:g} s; a query may run that long (--timeout SECONDS or {QUERY_TIMEOUT_ENV} "
            "allow more, 0 for no limit)"
        ) from exc
    except duckdb.OutOfMemoryException as exc:
        raise QueryError(
            f"stopped: the query needs more than {size} of memory (--memory-limit or {QUERY_MEMORY_ENV} allow "
            f"more) ({_used(exc)})"
        ) from exc
    except duckdb.Error as exc:
        message = _one_line(exc)
        if "read-only mode" in message:
            message = f"refused: the database is read-only here; run `tolls build` to change it ({message})"
        elif "configuration has been locked" in message:
            message = f"refused: settings are fixed for queries ({message})"
        raise QueryError(message) from exc
    finally:
        if timer is not None:
            timer.cancel()
        con.close()


def _used(exc: BaseException) -> str:
    """DuckDB's out-of-memory message without its advice (a temporary folder: queries write no file)."""
    message = _one_line(exc)
    found = re.match(r".*?used\)", message)
    return found.group() if found else message


def _one_line(exc: BaseException) -> str:
    return " ".join(line.strip() for line in str(exc).splitlines() if line.strip())


if __name__ == "__main__":
    print(f"wrote {write_csv_script(Package.open())}")
