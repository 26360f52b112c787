"""Spreadsheet export: one workbook, a README sheet, then one sheet per table with its types kept.

Integers are written as whole numbers, decimals as numbers, dates as dates (shown yyyy-mm-dd), booleans as
booleans and text as text (never as a formula, even if it starts with '='); an empty cell is unknown or
unbounded, never zero. Types come from datapackage.json through Package.load. Given the built database, the
figures sheet also carries the per-figure flags (tolls.database.flags.FLAGS, described in the README sheet), so
that a range is reproduced with MINIFS and MAXIFS alone.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from tolls.files import write_atomic
from tolls.package.loading import Package

README_SHEET = "README"
EMPTY_CELL = (
    "An empty cell means unknown or unbounded, never zero: a figure such as 'more than 740' has low 741 "
    "and an empty high."
)


def _value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars -> int, float, bool
        return value.item()
    return value


def figure_flags(db_path: Path) -> pd.DataFrame:
    """figure_id and the flag columns of the exported figure_detail (tolls.database.flags), one row per figure."""
    import duckdb

    from tolls.database.flags import FLAGS, columns, flagged_figures_sql

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        query = flagged_figures_sql(con)
        flags = [name for name in FLAGS if name in columns(con, f"({query})")]
        return con.execute(f"SELECT figure_id, {', '.join(flags)} FROM ({query})").df()
    finally:
        con.close()


def _flag_rows(flags: pd.DataFrame | None) -> list[list[str]]:
    """README rows for the flag columns of the figures sheet, and how they give a range back."""
    if flags is None:
        return []
    from tolls.database.flags import FLAGS

    rows = [
        [],
        [
            "figures: per-figure flags",
            "The last columns of the figures sheet come from the built views. A range of event_ranges: "
            "=MINIFS(low, range_id, R, in_range, TRUE) to =MAXIFS(high, range_id, R, in_range, TRUE), unless a "
            "figure with in_range TRUE has an empty bound (then that end is unknown or unbounded).",
        ],
    ]
    rows += [
        ["", "", name, "boolean" if name != "range_id" else "string", "", FLAGS[name]] for name in flags.columns[1:]
    ]
    return rows


def _readme_rows(pkg: Package, names: list[str]) -> list[list[str]]:
    d = pkg.descriptor
    rows = [
        [d.get("title", d.get("name", ""))],
        [d.get("description", "")],
        [EMPTY_CELL],
        [f"version {d.get('version', '')}; licence {', '.join(x.get('name', '') for x in d.get('licenses', []))}"],
        [],
        ["sheet", "one row is", "column", "type", "required", "description"],
    ]
    for name in names:
        res = pkg.resource(name)
        rows.append([name, res.get("description", res.get("title", ""))])
        for fld in pkg.fields(name):
            rows.append(
                [
                    "",
                    "",
                    fld["name"],
                    fld.get("type", "string"),
                    "yes" if fld.get("constraints", {}).get("required") else "no",
                    fld.get("description", ""),
                ]
            )
    return rows


def workbook(pkg: Package, flags: pd.DataFrame | None = None) -> Workbook:
    """The workbook for the package: README first, then each tabular resource in descriptor order. flags
    (figure_flags): columns added at the end of the figures sheet, by figure_id."""
    names = [n for n in pkg.resource_names if "schema" in pkg.resource(n)]
    book = Workbook()
    readme = book.active
    readme.title = README_SHEET
    for row in _readme_rows(pkg, names) + _flag_rows(flags):
        readme.append(row)
    readme["A1"].font = Font(bold=True)
    for cell in readme[6]:
        cell.font = Font(bold=True)
    for name in names:
        sheet = book.create_sheet(name[:31])  # Excel's limit on a sheet name
        frame = pkg.load(name)
        if name == "figures" and flags is not None:  # the flags after the table's own columns, rows as they were
            frame = frame.merge(flags, on="figure_id", how="left", validate="one_to_one")
        sheet.append(list(frame.columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for record in frame.itertuples(index=False):
            sheet.append([_value(v) for v in record])
        for col, fld in enumerate(pkg.fields(name), start=1):
            kind = fld.get("type", "string")
            for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                if kind == "date" and isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
                elif kind == "string" and cell.value is not None:
                    cell.data_type = "s"  # text stays text: a leading '=' is not a formula
            sheet.column_dimensions[get_column_letter(col)].width = min(60, max(10, len(fld["name"]) + 2))
        sheet.freeze_panes = "A2"
    return book


def export_xlsx(pkg: Package, path: Path, db_path: Path | None = None) -> list[Path]:
    """Write the workbook to `path` (atomically); returns [path]. Given the built database, the figures sheet
    carries the per-figure flags."""
    buffer = io.BytesIO()
    workbook(pkg, figure_flags(db_path) if db_path is not None else None).save(buffer)
    write_atomic(Path(path), buffer.getvalue())
    return [Path(path)]
