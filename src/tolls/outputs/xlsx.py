"""Spreadsheet export: one workbook, a README sheet, then one sheet per table with its types kept.

Integers are written as whole numbers, decimals as numbers, dates as dates (shown yyyy-mm-dd), booleans as
booleans and text as text: every string cell, the README's titles and descriptions from datapackage.json
included, is stored as a string, never as a formula, even if it starts with '='. An empty cell is unknown or
unbounded, never zero. Types come from datapackage.json through Package.load.

Each column is as wide as its content (up to a limit, beyond which long text wraps), each table sheet has
a filter on its header, and the file is reproducible: two exports of the same package are the same bytes
(fixed timestamps in the document properties and the zip entries; $SOURCE_DATE_EPOCH sets them, as for
reproducible builds).

Given the built database, the figures sheet also carries the per-figure flags (tolls.database.flags.FLAGS,
described in the README sheet), so that a range is reproduced with MINIFS and MAXIFS alone.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterable
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from tolls.files import write_atomic
from tolls.package.loading import Package

README_SHEET = "README"
EMPTY_CELL = (
    "An empty cell means unknown or unbounded, never zero: a figure such as 'more than 740' has low 741 "
    "and an empty high."
)
MIN_WIDTH, MAX_WIDTH = 8, 60  # characters; text longer than MAX_WIDTH wraps in its cell
# The time written into the file when $SOURCE_DATE_EPOCH does not give one: a date, not the time of the export,
# so that the file depends on the package alone.
FIXED_TIME = dt.datetime(2000, 1, 1)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _value(value: object) -> object:
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.date()
    if hasattr(value, "item"):  # numpy scalars -> int, float, bool
        return value.item()
    return value


def _text(value: object) -> str:
    return "" if value is None else str(value)


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
    licences = ", ".join(_text(x.get("name", "")) for x in d.get("licenses", []) if isinstance(x, dict))
    rows = [
        [_text(d.get("title", d.get("name", "")))],
        [_text(d.get("description", ""))],
        [EMPTY_CELL],
        [f"version {_text(d.get('version', ''))}; licence {licences}"],
        [],
        ["sheet", "one row is", "column", "type", "required", "description"],
    ]
    for name in names:
        res = pkg.resource(name)
        rows.append([name, _text(res.get("description", res.get("title", "")))])
        for fld in pkg.fields(name):
            rows.append(
                [
                    "",
                    "",
                    _text(fld["name"]),
                    _text(fld.get("type", "string")),
                    "yes" if fld.get("constraints", {}).get("required") else "no",
                    _text(fld.get("description", "")),
                ]
            )
    return rows


def _as_text(sheet: Worksheet, rows: Iterable[tuple]) -> None:
    """Every string cell of these rows stored as a string: openpyxl would store '=...' as a formula."""
    for row in rows:
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _widths(sheet: Worksheet, longest: list[int]) -> None:
    """Each column as wide as its longest content (within MIN_WIDTH..MAX_WIDTH); a longer text wraps."""
    for col, length in enumerate(longest, start=1):
        sheet.column_dimensions[get_column_letter(col)].width = min(MAX_WIDTH, max(MIN_WIDTH, length + 2))
        if length + 2 > MAX_WIDTH:
            for (cell,) in sheet.iter_rows(min_row=1, min_col=col, max_col=col):
                if isinstance(cell.value, str) and len(cell.value) + 2 > MAX_WIDTH:
                    cell.alignment = _WRAP


def _longest(values: pd.Series) -> int:
    """The longest line of the column's cells as shown (dates as yyyy-mm-dd)."""
    shown = values.dropna()
    if shown.empty:
        return 0
    if pd.api.types.is_datetime64_any_dtype(shown):
        return 10
    lines = shown.astype("string").str.split("\n").explode()
    return int(lines.str.len().max())


def _readme(book: Workbook, pkg: Package, names: list[str], flags: pd.DataFrame | None = None) -> None:
    readme = book.active
    readme.title = README_SHEET
    rows = _readme_rows(pkg, names) + _flag_rows(flags)
    for row in rows:
        readme.append(row)
    _as_text(readme, readme.iter_rows())
    readme["A1"].font = Font(bold=True)
    for cell in readme[6]:
        cell.font = Font(bold=True)
    # the first four rows are paragraphs that may run across the empty cells beside them: they set no width
    table = rows[5:]
    longest = [max((len(r[i]) for r in table if i < len(r)), default=0) for i in range(6)]
    _widths(readme, longest)


def _table_sheet(book: Workbook, pkg: Package, name: str, flags: pd.DataFrame | None = None) -> None:
    sheet = book.create_sheet(name[:31])  # Excel's limit on a sheet name
    frame = pkg.load(name)
    if name == "figures" and flags is not None:  # the flags after the table's own columns, rows as they were
        frame = frame.merge(flags, on="figure_id", how="left", validate="one_to_one")
    sheet.append([str(c) for c in frame.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for record in frame.itertuples(index=False):
        sheet.append([_value(v) for v in record])
    _as_text(sheet, sheet.iter_rows())
    for col, fld in enumerate(pkg.fields(name), start=1):
        if fld.get("type", "string") == "date":
            for (cell,) in sheet.iter_rows(min_row=2, min_col=col, max_col=col):
                if isinstance(cell.value, dt.date):
                    cell.number_format = "yyyy-mm-dd"
    _widths(sheet, [max(len(str(c)), _longest(frame[c])) for c in frame.columns])
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = sheet.dimensions  # a filter button on each column of the header


def workbook(pkg: Package, flags: pd.DataFrame | None = None) -> Workbook:
    """The workbook for the package: README first, then each tabular resource in descriptor order. flags
    (figure_flags): columns added at the end of the figures sheet, by figure_id."""
    names = [n for n in pkg.resource_names if "schema" in pkg.resource(n)]
    book = Workbook()
    _readme(book, pkg, names, flags)
    for name in names:
        _table_sheet(book, pkg, name, flags)
    book.properties.created = book.properties.modified = fixed_time()
    book.properties.creator = "tolls"
    return book


def fixed_time() -> dt.datetime:
    """$SOURCE_DATE_EPOCH when set (reproducible-builds.org), else FIXED_TIME."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "")
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).replace(tzinfo=None)
    return FIXED_TIME


_PROPERTY_TIME = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)")


def reproducible(data: bytes, when: dt.datetime) -> bytes:
    """The zip file again, each entry dated `when` (the zip format dates entries from 1980 on), and the
    document's created and modified times `when` (openpyxl writes the time of saving as modified)."""
    date_time = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    stamp = when.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info)
            if info.filename == "docProps/core.xml":
                content = _PROPERTY_TIME.sub(lambda m: m.group(1) + stamp + m.group(2), content)
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, content)
    return out.getvalue()


def export_xlsx(pkg: Package, path: Path, db_path: Path | None = None) -> list[Path]:
    """Write the workbook to `path` (atomically); returns [path]. Given the built database, the figures sheet
    carries the per-figure flags."""
    buffer = io.BytesIO()
    workbook(pkg, figure_flags(db_path) if db_path is not None else None).save(buffer)
    write_atomic(Path(path), reproducible(buffer.getvalue(), fixed_time()))
    return [Path(path)]
