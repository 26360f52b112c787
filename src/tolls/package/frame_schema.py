"""The typed frame of a table, as a pandera schema built from datapackage.json: what `tolls.load` promises.

Each field gives a column: its pandas dtype (tolls.package.loading.PANDAS_DTYPES), nullable unless `required`,
and a check for each constraint the descriptor states (enum, minimum, maximum, pattern, minLength, maxLength,
unique); the primary key is unique. pandera's own `from_frictionless_schema` targets frictionless 4 and reads dates
as strings, hence this small mapping. Validation does not use it: frictionless and its column-wise screen check
the files, with file lines in their messages; this checks the frame a notebook gets.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pandas as pd

from tolls.package.loading import PANDAS_DTYPES, Package

if TYPE_CHECKING:  # pandera takes a second to import: only `tolls.load` pays for it
    import pandera.pandas as pa

__all__ = ["FrameError", "check_frame", "field_checks", "frame_schema"]


class FrameError(ValueError):
    """A loaded table breaks its schema; the message names the file, the lines and the columns."""


def field_checks(field: dict) -> list[pa.Check]:
    """The pandera checks of a Table Schema field's constraints (the views' schemas use them too)."""
    import pandera.pandas as pa

    c = field.get("constraints", {})
    checks = []
    if "enum" in c:
        checks.append(pa.Check.isin(c["enum"]))
    if "minimum" in c:
        checks.append(pa.Check.ge(c["minimum"]))
    if "maximum" in c:
        checks.append(pa.Check.le(c["maximum"]))
    if "pattern" in c:  # Table Schema patterns match the whole cell
        checks.append(pa.Check.str_matches(f"(?:{c['pattern']})\\Z"))
    if "minLength" in c or "maxLength" in c:
        checks.append(pa.Check.str_length(c.get("minLength"), c.get("maxLength")))
    return checks


def frame_schema(pkg: Package, name: str) -> pa.DataFrameSchema:
    """The pandera schema of resource `name`, from its Table Schema in datapackage.json."""
    import pandera.pandas as pa

    schema = pkg.schema(name)
    columns = {
        fld["name"]: pa.Column(
            PANDAS_DTYPES.get(fld.get("type", "string"), "string"),
            field_checks(fld),
            nullable=not fld.get("constraints", {}).get("required", False),
            unique=fld.get("constraints", {}).get("unique", False),
        )
        for fld in schema["fields"]
    }
    key = schema.get("primaryKey")
    return pa.DataFrameSchema(columns, unique=[key] if isinstance(key, str) else key, strict=True, name=name)


def check_frame(pkg: Package, name: str, frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` if it matches the schema of resource `name`; else FrameError with the first failures."""
    import pandera.errors

    try:
        return frame_schema(pkg, name).validate(frame, lazy=True)
    except pandera.errors.SchemaErrors as exc:
        cases = exc.failure_cases
        lines = pkg.lines(name)

        def line(i: object) -> object:
            try:
                return lines[int(str(i))]
            except (TypeError, ValueError, IndexError):  # a check of the whole table names no row
                return "?"

        first = cases[["index", "column", "check", "failure_case"]].head(5)
        shown = [
            f"line {line(i)}: {col or 'table'}: {check} fails for {value!r}"
            for i, col, check, value in first.itertuples(index=False)
        ]
        more = f" (and {len(cases) - len(shown)} more)" if len(cases) > len(shown) else ""
        raise FrameError(
            f"{pkg.relpath(name)} does not match its schema in datapackage.json{more}; run `tolls validate`: "
            + "; ".join(shown)
        ) from None
