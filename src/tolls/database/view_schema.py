"""What each view promises its readers, declared in its own SQL file and checked with pandera after every build.

Each file of sql/ that creates a view declares, in its header, below the paragraph that says what one row means:

    -- Columns:
    --   figure_id           figures.figure_id
    --   group_key           string required
    --   reported_on_basis   string in ('as_of', 'published_latest', 'published_earliest')
    --   corroboration       string required in corroboration_grades.outcome
    --   n_figures           integer required >= 1
    -- Key: figure_id
    -- Check: low <= high

- A column's type is a Table Schema type (string, integer, number, boolean, date) or `list`; or `table.field`,
  which takes that field's type, its `required` and the values it allows (enum, minimum, maximum, pattern,
  lengths) from datapackage.json, so that no list of values is written twice. `required` (never empty) and
  `nullable` say otherwise where the view does (a LEFT JOIN empties a required field); a plain type may be empty
  unless it says `required`. `in (...)` lists the view's own words; `in table.field`, a value that some row of
  that table holds. `>= N` and `<= N` bound a number.
- Key: the columns that name one row (the header's "one row per ..."): no two rows share all of them.
- Check: an SQL expression every row makes true (DuckDB evaluates it on the rows). An empty (NULL) result holds: a
  comparison with an empty cell is unknown, never a failure, as an empty cell is never zero. The rows that
  break a check: `SELECT * FROM view WHERE NOT (check)`.
- The view has the declared columns and no others: a column added to a view is declared, or the build fails.

`check_views` runs every view's pandera schema (lazy, so every failure at once) and turns each failure into a
Problem (code `view-schema`) that names the view, the column, the row (its number and key) and the line of the
declaration it breaks. `tolls build` runs it before it moves the new database into place, so a view that breaks
its promise is never published: that is a bug in the view, or a rule validation should have enforced.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import pandas as pd
import pyarrow as pa_arrow

from tolls.database.build import SQL_DIR, VIEWS
from tolls.database.errors import ViewSchemaError
from tolls.package.loading import PANDAS_DTYPES, Package
from tolls.validation.problems import Problem

if TYPE_CHECKING:  # pandera takes a second to import: only a build (and a notebook that checks) pays for it
    import pandera.pandas as pa

__all__ = [
    "CODE",
    "ViewColumn",
    "ViewSchemaError",
    "ViewSpec",
    "check_view_frame",
    "check_views",
    "declared_field",
    "view_frame",
    "view_schema",
    "view_spec",
]

CODE = "view-schema"
LAYER = "views"
TYPES = (*PANDAS_DTYPES, "list")
# The problems listed per broken declaration; the rest are counted in one more line.
MAX_ROWS = 10
# Rows checked at a time: a view of a million figures is never held whole in pandas (the key is, alone).
BATCH_ROWS = 50_000

_COLUMNS = re.compile(r"^-- Columns:\s*$")
_COLUMN = re.compile(r"^--\s{3,}(?P<name>[a-z_][a-z0-9_]*)\s+(?P<kind>[a-z_]+(?:\.[a-z0-9_]+)?)(?P<rest>.*)$")
_KEY = re.compile(r"^-- Key: (.+)$")
_CHECK = re.compile(r"^-- Check: (.+)$")
_TOKENS = re.compile(
    r"\s+(?:(?P<null>required|nullable)|(?P<op>>=|<=)\s*(?P<bound>-?[0-9]+(?:\.[0-9]+)?)"
    r"|in\s+\((?P<words>(?:\s*'(?:[^']|'')*'\s*,?)+)\)|in\s+(?P<ref>[a-z_]+\.[a-z0-9_]+))"
)


@dataclass(frozen=True)
class ViewColumn:
    """One declared column: `kind` is a type of TYPES or a `table.field` of datapackage.json."""

    name: str
    kind: str
    line: int
    text: str  # the declaration as written ("low figures.low"), quoted in problems
    required: bool | None = None  # None: as `table.field` says; a plain type may be empty
    minimum: float | None = None
    maximum: float | None = None
    values: tuple[str, ...] | None = None  # in ('a', 'b'): the view's own words
    values_of: str | None = None  # in table.field: a value some row of that table holds

    @property
    def ref(self) -> tuple[str, str] | None:
        table, dot, field = self.kind.partition(".")
        return (table, field) if dot else None


@dataclass(frozen=True)
class ViewSpec:
    name: str
    path: Path
    summary: str  # the header's first paragraph: what one row means
    columns: tuple[ViewColumn, ...]
    columns_line: int
    key: tuple[str, ...]
    key_line: int
    checks: tuple[tuple[str, int], ...]  # (SQL expression, line)

    @property
    def file(self) -> str:
        return _problem_file(self.path)

    def column(self, name: str) -> ViewColumn | None:
        return next((c for c in self.columns if c.name == name), None)


def _problem_file(path: Path) -> str:
    """A view's file as a problem names it: its path from the repository root in a clone (src/tolls/...)."""
    parts = path.parts
    at = max((i for i, part in enumerate(parts) if part == "tolls"), default=len(parts) - 1)
    return "/".join(parts[at - 1 if at and parts[at - 1] == "src" else at :])


def _declaration_error(path: Path, line: int, what: str) -> ViewSchemaError:
    """A declaration that cannot be read (or names a field datapackage.json no longer has): one problem."""
    message = f"{what} (docs/architecture.md, 'What a view promises', gives the form)"
    problem = Problem(_problem_file(path), line, None, message, LAYER, CODE)
    return ViewSchemaError([problem], f"the declaration in {path.name} cannot be read; nothing was written")


def _column(path: Path, number: int, match: re.Match[str]) -> ViewColumn:
    kind, rest = match["kind"], match["rest"]
    if "." not in kind and kind not in TYPES:
        raise _declaration_error(path, number, f"{kind!r} is neither a type ({', '.join(TYPES)}) nor a table.field")
    required: bool | None = None
    bounds: dict[str, float | None] = {">=": None, "<=": None}
    values: tuple[str, ...] | None = None
    values_of: str | None = None
    at = 0
    for token in _TOKENS.finditer(rest):
        if token.start() != at:
            break
        at = token.end()
        if token["null"]:
            required = token["null"] == "required"
        elif token["op"]:
            bounds[token["op"]] = float(token["bound"])
        elif token["words"] is not None:
            values = tuple(w.replace("''", "'") for w in re.findall(r"'((?:[^']|'')*)'", token["words"]))
        else:
            values_of = token["ref"]
    if rest[at:].strip():
        raise _declaration_error(path, number, f"cannot read {rest[at:].strip()!r} in the column {match['name']}")
    text = " ".join(match.group().removeprefix("--").split())
    return ViewColumn(match["name"], kind, number, text, required, bounds[">="], bounds["<="], values, values_of)


@functools.cache
def view_spec(name: str, folder: Path = SQL_DIR) -> ViewSpec:
    """The declaration in the header of folder/name.sql (ViewSchemaError naming the line if it cannot be read)."""
    path = folder / f"{name}.sql"
    lines = path.read_text(encoding="utf-8").splitlines()
    summary: list[str] = []
    for line in lines:
        if not line.startswith("--") or not line[2:].strip():
            break
        summary.append(line[2:].strip())
    columns: list[ViewColumn] = []
    checks: list[tuple[str, int]] = []
    key: tuple[str, ...] = ()
    columns_line = key_line = 0
    in_columns = False
    for number, line in enumerate(lines, 1):
        if not line.startswith("--"):
            break  # the header ends where the SQL starts
        if _COLUMNS.match(line):
            in_columns, columns_line = True, number
            continue
        column = _COLUMN.match(line) if in_columns else None
        if column:
            columns.append(_column(path, number, column))
            continue
        in_columns = False
        if found := _KEY.match(line):
            key, key_line = tuple(k.strip() for k in found[1].split(",")), number
        elif found := _CHECK.match(line):
            checks.append((found[1].strip(), number))
    if not columns:
        raise _declaration_error(path, 1, f"the view {name} declares no columns (a '-- Columns:' block)")
    names = [c.name for c in columns]
    if dupes := sorted({n for n in names if names.count(n) > 1}):
        raise _declaration_error(path, columns_line, f"the columns {', '.join(dupes)} are declared twice")
    if unknown := [k for k in key if k not in names]:
        raise _declaration_error(path, key_line, f"the key names {', '.join(unknown)}, which no column declares")
    return ViewSpec(name, path, " ".join(summary), tuple(columns), columns_line, key, key_line, tuple(checks))


def declared_field(pkg: Package, column: ViewColumn, spec: ViewSpec) -> dict:
    """The Table Schema field a column is declared as: its own type, or the one datapackage.json gives."""
    if column.ref is None:
        return {"name": column.name, "type": column.kind}
    table, name = column.ref
    try:
        return pkg.field(table, name)
    except KeyError:
        raise _declaration_error(spec.path, column.line, f"{column.kind} is no field of datapackage.json") from None


def column_required(pkg: Package, spec: ViewSpec, column: ViewColumn) -> bool:
    """Whether the column is never empty: as declared, else as its `table.field` says."""
    if column.required is not None:
        return column.required
    return bool(declared_field(pkg, column, spec).get("constraints", {}).get("required", False))


def column_type(pkg: Package, spec: ViewSpec, column: ViewColumn) -> str:
    """The column's Table Schema type (or list)."""
    return str(declared_field(pkg, column, spec).get("type", "string"))


def _values_of(con: duckdb.DuckDBPyConnection | None, pkg: Package, ref: str) -> list[object]:
    table, field = ref.split(".")
    if con is None:  # a frame checked on its own: the package's table, as tolls.load gives it
        return pkg.load(table)[field].dropna().unique().tolist()
    found = con.execute(f'SELECT DISTINCT "{field}" FROM "{table}" WHERE "{field}" IS NOT NULL').fetchall()
    return [value for (value,) in found]


_STRING = "dtype('string')"  # named as pandera names its own dtype checks


def _is_string(series: pd.Series) -> bool:
    return isinstance(series.dtype, pd.StringDtype)


def _is_list(series: pd.Series) -> pd.Series:
    return series.map(lambda v: hasattr(v, "__len__") and not isinstance(v, str))


@functools.cache
def _evaluator() -> duckdb.DuckDBPyConnection:
    """One in-memory DuckDB for every check (opening one costs tens of milliseconds)."""
    return duckdb.connect()


def _sql_checks(exprs: list[str]) -> list[Callable[[pd.DataFrame], pd.Series]]:
    """Checks that DuckDB evaluates on the frame, row by row: True where the expression is true or empty. The
    first of them to run evaluates them all, in one query over the frame (a query costs milliseconds); if that
    query fails (a column of another type), each is evaluated alone, so that only those that cannot run fail."""
    last: dict[str, Any] = {}  # the frame evaluated last (a weak reference), and each check's rows or error

    def query(frame: pd.DataFrame, chosen: list[int]) -> dict[int, Any]:
        con = _evaluator()
        used = sorted({c for i in chosen for c in _used(frame, exprs[i])}, key=list(frame.columns).index)
        con.register("view_rows", frame[used])
        try:
            select = ", ".join(f"coalesce(({exprs[i]}), true) AS check_{i}" for i in chosen)
            table = con.sql(f"SELECT {select} FROM view_rows").to_arrow_table()
        finally:
            con.unregister("view_rows")
        return {i: table[f"check_{i}"].to_numpy(zero_copy_only=False) for i in chosen}

    def results(frame: pd.DataFrame) -> dict[int, Any]:
        if last.get("frame") is None or last["frame"]() is not frame:
            everything = list(range(len(exprs)))
            try:
                found = query(frame, everything)
            except duckdb.Error:
                found = {}
                for i in everything:
                    try:
                        found.update(query(frame, [i]))
                    except duckdb.Error as exc:
                        found[i] = exc
            last.update(frame=weakref.ref(frame), found=found)
        return last["found"]

    def check(i: int) -> Callable[[pd.DataFrame], pd.Series]:
        def holds(frame: pd.DataFrame) -> pd.Series:
            ok = results(frame)[i]
            if isinstance(ok, Exception):
                raise ok
            return pd.Series(ok, index=frame.index, dtype=bool)

        return holds

    return [check(i) for i in range(len(exprs))]


def view_schema(
    pkg: Package, name: str, con: duckdb.DuckDBPyConnection | None = None, *, key: bool = True
) -> pa.DataFrameSchema:
    """The pandera schema of view `name`, from the declaration in its SQL file and from datapackage.json
    (the values of an `in table.field` column are read from `con`, the database, else from the package).
    `key=False` leaves out the key's uniqueness (check_views checks it on the whole view at once)."""
    import pandera.pandas as pa

    from tolls.package.frame_schema import field_checks

    spec = view_spec(name)
    columns = {}
    for col in spec.columns:
        field = declared_field(pkg, col, spec)
        kind = str(field.get("type", "string"))
        checks = field_checks(field) if col.ref else []
        if kind == "list":
            checks.append(pa.Check(_is_list, element_wise=False, name="is a list"))
        if col.minimum is not None:
            checks.append(pa.Check.ge(col.minimum))
        if col.maximum is not None:
            checks.append(pa.Check.le(col.maximum))
        if col.values is not None:
            checks.append(pa.Check.isin(list(col.values)))
        if col.values_of is not None:
            allowed = set(_values_of(con, pkg, col.values_of))
            checks.append(pa.Check(lambda s, allowed=allowed: s.isin(allowed), name=f"a value of {col.values_of}"))
        dtype: str | None = "object" if kind == "list" else PANDAS_DTYPES.get(kind, "string")
        if dtype == "string":
            # pandera checks a string dtype cell by cell (pandas 3 has two string dtypes), half the time of a
            # view's whole check; the column's dtype says it at once
            dtype, checks = None, [pa.Check(_is_string, name=_STRING), *checks]
        columns[col.name] = pa.Column(dtype, checks, nullable=not column_required(pkg, spec, col))
    exprs = [expr for expr, _ in spec.checks]
    # ignore_na=False: an empty result already holds, and pandera would otherwise look for empty cells in every
    # column of the frame once per check
    rules = [pa.Check(holds, name=expr, ignore_na=False) for holds, expr in zip(_sql_checks(exprs), exprs, strict=True)]
    unique = list(spec.key) if key and spec.key else None
    return pa.DataFrameSchema(columns, checks=rules, unique=unique, strict=True, name=name)


def _to_pandas(batch: pa_arrow.RecordBatch | pa_arrow.Table) -> pd.DataFrame:
    """Arrow rows as a frame typed as tolls.load types a table: nullable Int64, Float64, boolean and string,
    dates as datetime64[s], so that an empty cell stays empty (never 0 or NaN) and a type is its Table Schema
    type whatever its width (INTEGER and BIGINT are both integer)."""

    def mapped(kind: pa_arrow.DataType) -> object:
        if pa_arrow.types.is_integer(kind):
            return pd.Int64Dtype()
        if pa_arrow.types.is_floating(kind):
            return pd.Float64Dtype()
        if pa_arrow.types.is_boolean(kind):
            return pd.BooleanDtype()
        if pa_arrow.types.is_string(kind) or pa_arrow.types.is_large_string(kind):
            return pd.StringDtype("pyarrow")
        return None

    frame = batch.to_pandas(types_mapper=mapped, date_as_object=False)
    for name, kind in zip(batch.schema.names, batch.schema.types, strict=True):
        if pa_arrow.types.is_date(kind):
            frame[name] = frame[name].astype("datetime64[s]")
    return frame


def _batches(con: duckdb.DuckDBPyConnection, name: str, columns: str = "*") -> Iterator[pd.DataFrame]:
    reader = con.sql(f'SELECT {columns} FROM "{name}"').to_arrow_reader(BATCH_ROWS)
    offset = 0
    for batch in reader:
        frame = _to_pandas(batch)
        frame.index = pd.RangeIndex(offset, offset + len(frame))
        offset += len(frame)
        yield frame


def view_frame(con: duckdb.DuckDBPyConnection, name: str) -> pd.DataFrame:
    """Every row of view `name`, in the view's order, as the typed frame its schema checks."""
    return _to_pandas(con.sql(f'SELECT * FROM "{name}"').to_arrow_table())


def _row(spec: ViewSpec, frame: pd.DataFrame, index: object) -> str:
    try:
        at = int(str(index))  # a row's position; a check of the whole view names none
    except (TypeError, ValueError):
        return f"{spec.name}"
    if at not in frame.index:
        return f"{spec.name} row {at + 1}"
    key = [k for k in spec.key if k in frame.columns]
    values = ", ".join(f"{k} {_shown(frame.at[at, k])}" for k in key)
    return f"{spec.name} row {at + 1}" + (f" ({values})" if values else "")


def _shown(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "empty"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return repr(value) if isinstance(value, str) else str(value)


def _one_line(value: object) -> str:
    return " ".join(str(value).split())


def _used(frame: pd.DataFrame, expr: str) -> list[str]:
    """The frame's columns an SQL expression names."""
    return [str(c) for c in frame.columns if re.search(rf"\b{re.escape(str(c))}\b", expr)]


@dataclass
class _Found:
    """The problems of one view, gathered over its batches: at most MAX_ROWS rows per broken declaration,
    the others counted."""

    spec: ViewSpec
    listed: dict[tuple[int, str | None], list[Problem]]
    more: dict[tuple[int, str | None], int]

    def add(self, line: int, field: str | None, message: str, *, row: bool = True) -> None:
        listed = self.listed.setdefault((line, field), [])
        problem = Problem(self.spec.file, line, field, message, LAYER, CODE)
        if problem in listed and not row:
            return  # a column's type or presence, seen again in the next batch
        if len(listed) < MAX_ROWS:
            listed.append(problem)
        else:
            self.more[(line, field)] = self.more.get((line, field), 0) + 1

    def problems(self) -> list[Problem]:
        out = []
        for where, listed in self.listed.items():
            out += listed
            if self.more.get(where):
                message = f"{self.spec.name}: and {self.more[where]} more rows like these"
                out.append(Problem(self.spec.file, where[0], where[1], message, LAYER, CODE))
        return out


def _failures(found: _Found, frame: pd.DataFrame, cases: pd.DataFrame) -> None:
    """pandera's failure cases as problems: one per row that breaks a declaration."""
    spec = found.spec
    checks = dict(spec.checks)
    cases = cases.copy()
    whole = cases["check"].isin([*checks, "multiple_fields_uniqueness"])
    cases.loc[whole, "column"] = None  # a check of whole rows: pandera lists every column of the row
    cases = cases.drop_duplicates(["column", "check", "index"])
    mistyped = set(cases.loc[cases["check"].astype(str).str.startswith("dtype("), "column"].dropna())
    for (column, check), group in cases.groupby(["column", "check"], dropna=False, sort=False):
        column = None if pd.isna(column) else str(column)
        check = str(check)
        declared = spec.column(column) if column else None
        first = group["failure_case"].iloc[0]
        if check == "column_in_dataframe":
            missing = spec.column(str(first))
            line = missing.line if missing else spec.columns_line
            found.add(line, str(first), f"{spec.name} has no column {first}, which it declares", row=False)
            continue
        if check == "column_in_schema":
            message = (
                f"{spec.name} has a column {first} that its header does not declare: declare it (its type, whether "
                "it may be empty, its values) under '-- Columns:'"
            )
            found.add(spec.columns_line, str(first), message, row=False)
            continue
        if declared is not None and check.startswith("dtype("):
            wanted = check.removeprefix("dtype(").removesuffix(")")
            actual = frame[column].dtype if column in frame.columns else first
            message = f"{spec.name}.{column} is {actual}, but it is declared '{declared.text}' ({wanted})"
            found.add(declared.line, column, message, row=False)
            continue
        for index, value in zip(group["index"], group["failure_case"], strict=True):
            if index is None or pd.isna(index):  # a check that could not run names no row
                if column in mistyped or (check in checks and mistyped & set(_used(frame, check))):
                    continue  # the column's type is the problem, already said
                line = checks.get(check, declared.line if declared else spec.columns_line)
                found.add(line, column, f"{spec.name}: {check} could not run ({_one_line(value)})", row=False)
                continue
            row = _row(spec, frame, index)
            if check == "multiple_fields_uniqueness":
                key = ", ".join(spec.key)
                found.add(spec.key_line, key, f"{row}: another row has the same {key}; one row per {key}")
            elif check in checks:
                used = _used(frame, check)
                shown = ", ".join(f"{c} {_shown(frame.at[int(index), c])}" for c in used)
                found.add(checks[check], ", ".join(used) or None, f"{row}: breaks the check {check} ({shown})")
            elif declared is not None and check == "not_nullable":
                found.add(declared.line, column, f"{row}: is empty, but it is declared '{declared.text}'")
            elif declared is not None:
                message = f"{row}: {_shown(value)} breaks the declaration '{declared.text}' ({check})"
                found.add(declared.line, column, message)
            else:
                found.add(spec.columns_line, column, f"{row}: {column}: fails {check}")


def _validate(found: _Found, schema: pa.DataFrameSchema, frame: pd.DataFrame) -> None:
    import pandera.errors

    try:
        schema.validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        _failures(found, frame, exc.failure_cases)


def check_view_frame(
    pkg: Package, name: str, frame: pd.DataFrame, con: duckdb.DuckDBPyConnection | None = None
) -> list[Problem]:
    """The problems of a frame of view `name` (its rows in its order, indexed from 0, as view_frame gives
    them; or a frame of your own) against its declaration; empty when the frame keeps every promise."""
    found = _Found(view_spec(name), {}, {})
    _validate(found, view_schema(pkg, name, con), frame)
    return found.problems()


def _check_view(pkg: Package, name: str, con: duckdb.DuckDBPyConnection) -> list[Problem]:
    """One view, BATCH_ROWS rows at a time, then its key over all rows at once (the key columns alone)."""
    import pandera.pandas as pa

    spec = view_spec(name)
    found = _Found(spec, {}, {})
    schema = view_schema(pkg, name, con, key=False)
    seen = False
    for frame in _batches(con, name):
        _validate(found, schema, frame)
        seen = True
    if not seen:  # no rows: the columns and their types are still promised
        _validate(found, schema, _to_pandas(con.sql(f'SELECT * FROM "{name}" LIMIT 0').to_arrow_table()))
    if spec.key and set(spec.key) <= set(con.sql(f'SELECT * FROM "{name}" LIMIT 0').columns):
        keys = _to_pandas(con.sql(f'SELECT {", ".join(spec.key)} FROM "{name}"').to_arrow_table())
        _validate(found, pa.DataFrameSchema(unique=list(spec.key), name=name), keys)
    return found.problems()


def check_views(db: Path | str | duckdb.DuckDBPyConnection, pkg: Package | None = None) -> list[Problem]:
    """Every view of the database `db` (a path, or an open connection) against the schema its SQL file
    declares; the problems, empty when every view keeps its promises. `pkg` gives datapackage.json (the
    package found from the current folder when not given)."""
    pkg = pkg or Package.open()
    con = db if isinstance(db, duckdb.DuckDBPyConnection) else duckdb.connect(str(db), read_only=True)
    try:
        return [p for name in VIEWS for p in _check_view(pkg, name, con)]
    finally:
        if con is not db:
            con.close()
