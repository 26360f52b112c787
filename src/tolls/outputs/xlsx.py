"""Spreadsheet export: one workbook, a README sheet, then one sheet per table with its types kept.

Integers are written as whole numbers, decimals as numbers, dates as dates (shown yyyy-mm-dd), booleans as
booleans and text as text (never as a formula, even if it starts with '='); an empty cell is unknown or
unbounded, never zero. Types come from datapackage.json through Package.load.
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


def workbook(pkg: Package) -> Workbook:
    """The workbook for the package: README first, then each tabular resource in descriptor order."""
    names = [n for n in pkg.resource_names if "schema" in pkg.resource(n)]
    book = Workbook()
    readme = book.active
    readme.title = README_SHEET
    for row in _readme_rows(pkg, names):
        readme.append(row)
    readme["A1"].font = Font(bold=True)
    for cell in readme[6]:
        cell.font = Font(bold=True)
    for name in names:
        sheet = book.create_sheet(name[:31])  # Excel's limit on a sheet name
        frame = pkg.load(name)
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


def export_xlsx(pkg: Package, path: Path) -> list[Path]:
    """Write the workbook to `path` (atomically); returns [path]."""
    buffer = io.BytesIO()
    workbook(pkg).save(buffer)
    write_atomic(Path(path), buffer.getvalue())
    return [Path(path)]
