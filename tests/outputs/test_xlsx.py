"""`tolls export --xlsx`: a workbook that openpyxl reads back with the package's types, and that LibreOffice
(headless) opens and converts to the same values as the package's CSV files.

LibreOffice is run where `soffice` is installed; on CI (CI=true), where .ci/run installs it, its absence is a
failure, not a skip.
"""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import copy_package
from openpyxl import load_workbook

from tolls.cli import main
from tolls.outputs.xlsx import README_SHEET, export_xlsx
from tolls.package.loading import Package

PY_TYPES = {"integer": int, "number": (int, float), "date": dt.datetime, "boolean": bool, "string": str}


@pytest.fixture(scope="module")
def pkg() -> Package:
    return Package.open()


@pytest.fixture(scope="module")
def xlsx(pkg, tmp_path_factory) -> Path:
    return export_xlsx(pkg, tmp_path_factory.mktemp("xlsx") / "tolls.xlsx")[0]


def _tables(pkg: Package) -> list[str]:
    return [n for n in pkg.resource_names if "schema" in pkg.resource(n)]


def test_one_sheet_per_table_after_a_readme(pkg, xlsx):
    book = load_workbook(xlsx)
    assert book.sheetnames == [README_SHEET, *_tables(pkg)]
    readme = [c for row in book[README_SHEET].iter_rows(values_only=True) for c in row if c]
    assert any("never zero" in str(c) for c in readme)
    for name in _tables(pkg):
        assert pkg.resource(name)["description"] in readme
        assert all(f["name"] in readme for f in pkg.fields(name))


def test_cells_keep_their_types_and_empty_stays_empty(pkg, xlsx):
    book = load_workbook(xlsx)
    for name in _tables(pkg):
        header, rows, _ = pkg.read_rows(name)
        sheet = list(book[name].iter_rows(values_only=True))
        assert list(sheet[0]) == header
        assert len(sheet) - 1 == len(rows)
        for fld in pkg.fields(name):
            col = header.index(fld["name"])
            for raw, got in zip((r[fld["name"]] for r in rows), (s[col] for s in sheet[1:]), strict=True):
                if raw == "":
                    assert got is None, (name, fld["name"])  # never 0 or ''
                    continue
                assert isinstance(got, PY_TYPES[fld["type"]]), (name, fld["name"], got)
                if fld["type"] == "date":
                    assert got.date().isoformat() == raw
                elif fld["type"] in ("integer", "number"):
                    assert got == float(raw)
                elif fld["type"] == "string":
                    assert got == raw


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    root = copy_package(tmp_path / "pkg")
    path = root / "data" / "actors.csv"
    rows = list(csv.reader(path.open(encoding="utf-8", newline="")))
    rows[1][rows[0].index("notes")] = "=1+1"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    out = export_xlsx(Package.open(root), tmp_path / "t.xlsx")[0]
    cell = load_workbook(out)["actors"].cell(row=2, column=rows[0].index("notes") + 1)
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def test_cli_writes_it_and_refuses_an_invalid_package(tmp_path, capsys):
    root = copy_package(tmp_path / "pkg")
    assert main(["--root", str(root), "export", "--xlsx"]) == 0
    assert (root / "build" / "tolls.xlsx").is_file()
    path = root / "data" / "figures.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",killed,", ",slain,", 1), encoding="utf-8")
    (root / "build" / "tolls.xlsx").unlink()
    assert main(["--root", str(root), "export", "--xlsx"]) == 1
    assert not (root / "build" / "tolls.xlsx").exists()


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if not found:
        if os.environ.get("CI") == "true":
            pytest.fail("LibreOffice is not installed (apt-get install libreoffice-calc-nogui); .ci/run installs it")
        pytest.skip("LibreOffice is not installed (apt-get install libreoffice-calc-nogui)")
    return found


def _rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.reader(fh) if any(row)]


def test_libreoffice_opens_it_with_the_package_values(pkg, xlsx, tmp_path):
    # every sheet to CSV as UTF-8 (filter token 76), cells as shown; -1 = all sheets, one file each
    out = tmp_path / "csv"
    to_csv = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    done = subprocess.run(
        [
            _soffice(),
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            to_csv,
            "--outdir",
            str(out),
            str(xlsx),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for name in _tables(pkg):
        # a boolean cell keeps its type, so LibreOffice shows it as TRUE or FALSE
        shown = [
            [{"TRUE": "true", "FALSE": "false"}.get(c, c) for c in row]
            for row in _rows(out / f"{xlsx.stem}-{name}.csv")
        ]
        assert shown == _rows(pkg.path(name)), name
