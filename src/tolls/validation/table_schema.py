"""Table schema: frictionless itself checks types, required cells, constraints and keys.

Its errors keep their frictionless type as the problem's code (`type-error`, `foreign-key`, ...); the
messages are reworded to name the line of the file and say what is expected.
"""

from __future__ import annotations

import csv
import io
import re

import frictionless

from tolls.package import DESCRIPTOR, Package
from tolls.validation.problems import Problem


def _record_lines(pkg: Package, name: str) -> dict[int, int]:
    """Frictionless row position (header = 1, blank rows counted) -> the line the record starts on."""
    reader = csv.reader(io.StringIO(pkg.path(name).read_text(encoding="utf-8"), newline=""))
    positions, last = {}, 0
    for position, _ in enumerate(reader, start=1):
        positions[position] = last + 1
        last = reader.line_num
    return positions


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
            return f"no row of {table} has {target} {value!r}"
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
        return (f"the row has {width + len(extra)} cells, the header {width}; a comma too many? "
                "(a cell that holds a comma must be in double quotes)")
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
            schema["foreignKeys"] = [fk for fk in schema["foreignKeys"]
                                     if fk["reference"].get("resource") in ("", *readable)]
        resources.append({**res, "schema": schema})
    return {**pkg.descriptor, "resources": resources}


def check_frictionless(pkg: Package, readable: list[str] | None = None) -> list[Problem]:
    readable = pkg.resource_names if readable is None else readable
    try:
        package = frictionless.Package(_descriptor_of(pkg, readable), basepath=str(pkg.root))
        report = package.validate(limit_errors=10_000) if readable else None
    except frictionless.FrictionlessException as exc:
        return [Problem(DESCRIPTOR, None, None, f"not a valid data package descriptor: {exc.error.message}",
                        "frictionless", "descriptor-error")]
    except Exception as exc:  # noqa: BLE001 - frictionless fails on some descriptors (a bad regex, NaN) itself
        return [Problem(DESCRIPTOR, None, None, "frictionless cannot check the tables with this descriptor "
                        f"({type(exc).__name__}: {exc}); look for a malformed constraint or field",
                        "frictionless", "descriptor-error")]
    problems: list[Problem] = []
    for task in report.tasks if report else []:
        name = task.name
        if name not in readable:
            continue
        positions = _record_lines(pkg, name)
        fields = {f["name"]: f for f in pkg.fields(name)}
        ragged = {e.row_number for e in task.errors if e.type in ("missing-cell", "extra-cell")}
        reported_ragged: set[int] = set()
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field_name = getattr(error, "field_name", None) or None
            line = positions.get(row) if row else (1 if "label" in error.type else None)
            if row in ragged:
                # one line for a row with too few or too many cells, not one per shifted or missing cell
                if row not in reported_ragged:
                    code = "extra-cell" if any(e.type == "extra-cell" and e.row_number == row
                                               for e in task.errors) else "missing-cell"
                    problems.append(Problem(task.place, line, None, _ragged_message(task.errors, row, len(fields)),
                                            "frictionless", code))
                    reported_ragged.add(row)
                continue
            if error.type == "foreign-key":
                match = re.search(r'for "(.+?)"', error.note)
                field_name = match.group(1) if match else None
            if error.type == "primary-key" and any(
                    e.type in ("unique-error", "blank-row") and e.row_number == row for e in task.errors):
                continue  # said already, with the field named (unique) or as a blank row
            message = _friction_message(error, fields.get(field_name or ""), positions)
            problems.append(Problem(task.place, line, field_name, message, "frictionless", error.type))
    for error in report.errors if report else []:
        problems.append(Problem(DESCRIPTOR, None, None, error.message, "frictionless", error.type))
    return problems
