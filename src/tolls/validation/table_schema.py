"""Table schema: frictionless itself checks types, required cells, constraints and keys.

Its errors keep their frictionless type as the problem's code (`type-error`, `foreign-key`, ...); the
messages are reworded to name the line of the file and say what is expected.
"""

from __future__ import annotations

import copy
import csv
import datetime
import io
import re
from concurrent.futures import Future
from typing import TYPE_CHECKING

import pyarrow as pa
import pyarrow.compute as pc

from tolls.package.loading import DESCRIPTOR, Package
from tolls.validation import descriptor_check
from tolls.validation.problems import Problem

if TYPE_CHECKING:
    import frictionless


def _record_lines(pkg: Package, name: str) -> dict[int, tuple[int, int]]:
    """Frictionless row position (header = 1, blank rows counted) -> the lines the record starts and ends on."""
    reader = csv.reader(io.StringIO(pkg.path(name).read_text(encoding="utf-8"), newline=""))
    spans, last = {}, 0
    for position, _ in enumerate(reader, start=1):
        spans[position] = (last + 1, reader.line_num)
        last = reader.line_num
    return spans


def _constraint_message(cell: object, note: str, field: dict) -> str:
    match = re.match(r'constraint "(\w+)" is "(.*)"$', note)
    if not match:
        return note
    name, value = match.groups()
    constraints = field.get("constraints", {})
    shown = repr(cell) if isinstance(cell, str) else str(cell)
    if name == "required":
        return "is empty; a value is required"
    if name == "minimum":
        return f"{cell} is below the minimum {constraints.get('minimum', value)}"
    if name == "maximum":
        return f"{cell} is above the maximum {constraints.get('maximum', value)}"
    if name == "enum":
        return f"{shown} is not one of: {', '.join(map(str, constraints.get('enum', [])))}"
    if name == "pattern":
        return f"{shown} does not match the pattern {constraints.get('pattern', value)}"
    if name in ("minLength", "maxLength"):
        return f"{shown} is shorter or longer than allowed ({name} {value})"
    return f"{shown} breaks the constraint {name} {value}"


def _friction_message(error: frictionless.errors.Error, field: dict | None, positions: dict[int, int]) -> str:
    kind, cell, note = error.type, getattr(error, "cell", None), error.note
    if kind == "type-error":
        expected = field.get("type") if field else "the declared type"
        fmt = " (YYYY-MM-DD)" if expected == "date" else ""
        return f"{cell!r} is not a valid {expected}{fmt}"
    if kind == "constraint-error":
        return _constraint_message(cell, note, field or {})
    if kind in ("unique-error", "primary-key"):
        match = re.search(r"position (\d+)", note)
        earlier = f" as on line {positions.get(int(match.group(1)))}" if match else ""
        return f"{cell!r} is used twice{earlier}; ids must be unique" if cell else f"duplicate key{earlier}"
    if kind == "foreign-key":
        match = re.search(r'for "(.+?)": values "(.*?)" not found in the lookup table "(.+?)" as "(.+?)"', note)
        if match:
            fld, value, table, target = match.groups()
            return f"no row of {table} has {target} {value!r}; add that row to {table}, or use an existing {target}"
    if kind == "blank-row":
        return "the row is blank; delete it"
    if kind == "extra-cell":
        return "the row has more cells than the header"
    label = getattr(error, "label", None)
    if kind == "missing-label":
        return "the header has no such column; datapackage.json lists the columns in order"
    if kind == "extra-label":
        return f"the header has a column {label!r} that datapackage.json does not list"
    if kind == "incorrect-label":
        return f"the header has {label!r} where datapackage.json expects this column"
    if kind in ("duplicate-label", "blank-label"):
        return f"header: {error.message}"
    return f"{error.title}: {note or error.message}"


def _ragged_message(errors: list, row: int, width: int) -> str:
    missing = [e.field_name for e in errors if e.type == "missing-cell" and e.row_number == row]
    extra = [e for e in errors if e.type == "extra-cell" and e.row_number == row]
    if extra:
        return (
            f"the row has {width + len(extra)} cells, the header {width}; a comma too many? "
            "(a cell that holds a comma must be in double quotes)"
        )
    return f"the row has {width - len(missing)} cells, the header {width}; missing: {', '.join(missing)}"


def _descriptor_of(pkg: Package, readable: list[str]) -> dict:
    """The descriptor with only the resources the structure layer let through, and no foreign key to
    another: frictionless never opens a file that failed a structure check (a URL, a symlink, a broken
    header), so it fetches nothing and reports nothing twice."""
    resources = []
    for res in pkg.descriptor["resources"]:
        if res["name"] not in readable:
            continue
        schema = dict(res["schema"])
        if "foreignKeys" in schema:
            schema["foreignKeys"] = [
                fk for fk in schema["foreignKeys"] if fk["reference"].get("resource") in ("", *readable)
            ]
        resources.append({**res, "schema": schema})
    return {**pkg.descriptor, "resources": resources}


def start_descriptor_check(pkg: Package, readable: list[str]) -> Future[bool | None] | None:
    """Ask frictionless in a second process whether it accepts the descriptor, while this one goes on
    (tolls.validation.descriptor_check); pass the answer to check_frictionless."""
    return descriptor_check.start(_descriptor_of(pkg, readable), pkg.root) if readable else None


def check_frictionless(
    pkg: Package,
    readable: list[str] | None = None,
    screen: bool = True,
    descriptor_ok: Future[bool | None] | None = None,
) -> list[Problem]:
    """Frictionless's problems with the readable resources (only those the structure layer let through).

    With screen=True (the default) a resource that passes the column-wise screen (`passes`, which accepts
    only what frictionless accepts) is not read by frictionless row by row; every other resource is, so
    every problem is frictionless's own, with its message. `descriptor_ok` is start_descriptor_check's
    answer: when it is yes and every table passes the screen, frictionless is not imported here at all.
    """
    readable = pkg.resource_names if readable is None else readable
    suspects = None
    if screen and readable and descriptor_ok is not None and descriptor_ok.result():
        suspects = [name for name in readable if not passes(pkg, name, readable)]
        if not suspects:
            return []
    import frictionless  # here: importing it is a third of a small package's validation

    try:
        # a deep copy: frictionless normalises the descriptor it is given in place
        package = frictionless.Package(copy.deepcopy(_descriptor_of(pkg, readable)), basepath=str(pkg.root))
        if suspects is None and screen and readable:
            try:
                package.to_descriptor(validate=True)  # what frictionless checks first, before any row
                suspects = [name for name in readable if not passes(pkg, name, readable)]
            except frictionless.FrictionlessException:
                suspects = readable
            if not suspects:
                return []
        suspects = readable if suspects is None else suspects
        if not readable:
            report = None
        elif suspects == readable:
            report = package.validate(limit_errors=10_000)
        else:
            reports = [package.validate(name=name, limit_errors=10_000) for name in suspects]
            report = frictionless.Report.from_validation_reports(time=0, reports=reports)
    except frictionless.FrictionlessException as exc:
        return [
            Problem(
                DESCRIPTOR,
                None,
                None,
                f"not a valid data package descriptor: {exc.error.message}",
                "frictionless",
                "descriptor-error",
            )
        ]
    except Exception as exc:  # noqa: BLE001 - frictionless fails on some descriptors (a bad regex, NaN) itself
        return [
            Problem(
                DESCRIPTOR,
                None,
                None,
                "frictionless cannot check the tables with this descriptor "
                f"({type(exc).__name__}: {exc}); look for a malformed constraint or field",
                "frictionless",
                "descriptor-error",
            )
        ]
    problems: list[Problem] = []
    for task in report.tasks if report else []:
        name = task.name
        if name not in readable:
            continue
        spans = _record_lines(pkg, name)
        positions = {row: first for row, (first, _) in spans.items()}
        fields = {f["name"]: f for f in pkg.fields(name)}
        ragged = {e.row_number for e in task.errors if e.type in ("missing-cell", "extra-cell")}
        reported_ragged: set[int] = set()
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field_name = getattr(error, "field_name", None) or None
            line = positions.get(row) if row else (1 if "label" in error.type else None)
            if row is not None and row in ragged:
                # one line for a row with too few or too many cells, not one per shifted or missing cell
                if row not in reported_ragged:
                    code = (
                        "extra-cell"
                        if any(e.type == "extra-cell" and e.row_number == row for e in task.errors)
                        else "missing-cell"
                    )
                    message = _ragged_message(task.errors, row, len(fields))
                    first, last = spans[row] if row in spans else (line, line)
                    if last != first:  # only a quoted cell holds a line break: a quote left open swallows lines
                        message += (
                            f"; the row runs over lines {first} to {last}: a double quote in it is not "
                            'closed where its cell ends (a quote inside a cell is written twice: "")'
                        )
                    problems.append(Problem(task.place, line, None, message, "frictionless", code))
                    reported_ragged.add(row)
                continue
            if error.type == "foreign-key":
                match = re.search(r'for "(.+?)"', error.note)
                field_name = match.group(1) if match else None
            if error.type == "primary-key" and any(
                e.type in ("unique-error", "blank-row") and e.row_number == row for e in task.errors
            ):
                continue  # said already, with the field named (unique) or as a blank row
            message = _friction_message(error, fields.get(field_name or ""), positions)
            problems.append(Problem(task.place, line, field_name, message, "frictionless", error.type))
    for error in report.errors if report else []:
        problems.append(Problem(DESCRIPTOR, None, None, error.message, "frictionless", error.type))
    return problems


# --- the screen: frictionless's checks done column by column, accepting only what it accepts -----------

_TRUE, _FALSE = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]  # frictionless's defaults
# field properties that change how frictionless reads a cell: a field with one is left to frictionless
_READING_KEYS = {"format", "bareNumber", "groupChar", "decimalChar", "floatNumber", "missingValues"}
_FORMATS = {"default", "%Y-%m-%d"}  # "%Y-%m-%d" is frictionless's default date format, written out
_CONSTRAINTS = {"required", "unique", "minimum", "maximum", "enum", "pattern", "minLength", "maxLength"}
# the only dialect the screen reads as frictionless does (Package reads CSV with Python's defaults)
_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}
_RESOURCE_READING_KEYS = {"compression", "innerpath", "scheme", "data", "control"}


def passes(pkg: Package, name: str, readable: list[str] | None = None) -> bool:
    """True only when frictionless would find no error in the resource: the header is the schema's
    fields in order, every row has as many cells, none is blank, and every cell has its type and keeps
    its constraints, its unique, primary and foreign keys. Anything this screen does not know how to
    check (a dialect, a composite key, a field format, missing values other than "") makes it say False,
    and frictionless reads the resource itself."""
    res, schema = pkg.resource(name), pkg.schema(name)
    dialect = res.get("dialect", {})
    if (
        not isinstance(schema, dict)
        or set(res) & _RESOURCE_READING_KEYS
        or res.get("format", "csv") != "csv"
        or str(res.get("encoding", "utf-8")).lower() != "utf-8"
        or schema.get("missingValues", [""]) != [""]
        or not isinstance(dialect, dict)
        or any(dialect[k] != _DIALECT.get(k) for k in dialect)
    ):
        return False
    if ("hash" in res or "bytes" in res) and not _hash_and_bytes_pass(pkg, name, res):
        return False
    fields = pkg.fields(name)
    table = pkg.table(name)
    if table.header != [f["name"] for f in fields] or table.blank or len(table.ragged()):
        return False
    columns = dict(zip(table.header, table.columns, strict=True))
    for fld in fields:
        if (
            set(fld) & (_READING_KEYS - {"format"})
            or fld.get("format", "default") not in (_FORMATS if fld.get("type") == "date" else {"default"})
            or set(fld.get("constraints", {})) - _CONSTRAINTS
            or not _column_passes(fld, columns[fld["name"]])
        ):
            return False
    return _keys_pass(pkg, name, schema, columns, readable)


def _hash_and_bytes_pass(pkg: Package, name: str, res: dict) -> bool:
    """The file has the size and the hash ('sha256:...', or md5 without a prefix) the descriptor states."""
    from tolls.files import file_digest

    path = pkg.path(name)
    if "bytes" in res and res["bytes"] != path.stat().st_size:
        return False
    if "hash" in res:
        algorithm, _, digest = str(res["hash"]).rpartition(":")
        try:
            return file_digest(path, algorithm or "md5") == digest
        except ValueError:  # an algorithm hashlib does not know: frictionless says what it makes of it
            return False
    return True


def _column_passes(fld: dict, column: pa.ChunkedArray) -> bool:
    """Each cell of the column as frictionless reads it: column operations over the distinct cells."""
    kind, cons = fld.get("type", "string"), fld.get("constraints", {})
    if cons.get("required") and column.null_count:  # an empty cell is null
        return False
    if kind == "string" and not set(cons) - {"required"}:
        return True  # any text: no need to hold the distinct cells (a million quotes)
    if kind == "string" and not set(cons) - {"required", "minLength", "maxLength"}:
        # lengths only, from the column itself: the distinct cells of a million quotes are a copy of them
        lengths = pc.drop_null(pc.utf8_length(column))
        if not len(lengths):
            return True
        shortest, longest = pc.min_max(lengths).values()
        return not (
            ("minLength" in cons and shortest.as_py() < cons["minLength"])
            or ("maxLength" in cons and longest.as_py() > cons["maxLength"])
        )
    present = pc.drop_null(pc.unique(column))
    try:
        if kind == "string":
            values = None
        elif kind == "integer" and _all(pc.match_substring_regex(present, r"^-?[0-9]+$")):
            values = present.cast(pa.int64())
        elif kind == "number" and _all(pc.match_substring_regex(present, r"^-?[0-9]+(?:\.[0-9]+)?$")):
            values = present.cast(pa.float64())
        elif kind == "date" and _all(pc.match_substring_regex(present, r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")):
            values = None
            for cell in present.to_pylist():  # few distinct days; as frictionless reads them (no year 0, no 30 Feb)
                datetime.datetime.strptime(cell, "%Y-%m-%d")
        elif kind == "boolean" and set(present.to_pylist()) <= {
            *fld.get("trueValues", _TRUE),
            *fld.get("falseValues", _FALSE),
        }:
            values = None
        else:
            return False
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError, OverflowError, ValueError):
        return False  # beyond 64 bits, or a day that does not exist: frictionless says which
    if ("minimum" in cons or "maximum" in cons) and kind not in ("integer", "number"):
        return False  # a bound on a date or a string: frictionless compares typed values; let it
    if values is not None and len(values):
        low, high = pc.min_max(values).values()
        if "minimum" in cons and low.as_py() < cons["minimum"]:
            return False
        if "maximum" in cons and high.as_py() > cons["maximum"]:
            return False
    if "enum" in cons and (
        kind != "string"
        or not all(isinstance(v, str) for v in cons["enum"])
        or not _all(pc.is_in(present, value_set=pa.array(cons["enum"], pa.large_string())))
    ):
        return False
    if "pattern" in cons:
        if kind != "string" or not _all_match(present, cons["pattern"]):
            return False
    lengths = pc.utf8_length(present) if len(present) else None
    if "minLength" in cons and lengths is not None and pc.min(lengths).as_py() < cons["minLength"]:
        return False
    if "maxLength" in cons and lengths is not None and pc.max(lengths).as_py() > cons["maxLength"]:
        return False
    return not (cons.get("unique") and len(present) != len(column) - column.null_count)


def _all_match(present: pa.Array, pattern: str) -> bool:
    """Whether every value matches the pattern as frictionless compiles it (Python's re, match, '^...$'),
    the values made Python strings 10,000 at a time (a million ids at once took 70 MB)."""
    compiled = re.compile(f"^{pattern}$")
    return all(
        all(compiled.match(c) for c in present.slice(at, 10_000).to_pylist()) for at in range(0, len(present), 10_000)
    )


def _all(mask: pa.Array) -> bool:
    """True when every value is true (and for no value at all)."""
    return len(mask) == 0 or bool(pc.all(mask).as_py())


def _keys_pass(
    pkg: Package, name: str, schema: dict, columns: dict[str, pa.ChunkedArray], readable: list[str] | None
) -> bool:
    key = schema.get("primaryKey")
    if key:
        key = [key] if isinstance(key, str) else key
        if len(key) != 1 or key[0] not in columns:
            return False
        cells = columns[key[0]]
        if cells.null_count or len(pc.unique(cells)) != len(cells):
            return False
    for fk in schema.get("foreignKeys", []):
        fields, ref = fk.get("fields"), fk.get("reference", {})
        fields = [fields] if isinstance(fields, str) else fields
        target = ref.get("fields")
        target = [target] if isinstance(target, str) else target
        if not fields or len(fields) != 1 or not target or len(target) != 1 or fields[0] not in columns:
            return False
        other = ref.get("resource") or name
        if other == name:
            known = columns.get(target[0])
        elif readable is not None and other not in readable:
            continue  # the structure layer kept the other table from every reader (it may be a pipe): so does this
        else:
            try:
                other_fields = {f["name"]: f for f in pkg.fields(other)}
                other_table = pkg.table(other)
                known = other_table.column(target[0])
            except (KeyError, OSError, ValueError, IndexError, UnicodeDecodeError, csv.Error):
                return False
            if other_fields.get(target[0], {}).get("type", "string") != "string" or not len(known):
                return False  # a typed key, or an empty table (frictionless then checks nothing): let it
        if known is None:
            return False
        if pkg.field(name, fields[0]).get("type", "string") != "string":
            return False
        values = pc.drop_null(pc.unique(columns[fields[0]]))
        if not _all(pc.is_in(values, value_set=pc.unique(known))):
            return False
    return True
