"""tolls.package.csvtable: a CSV file read once into columns, the same cells and lines whichever reader reads it."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tolls.package.csvtable import _read_arrow, _read_python, read_table, scan_file

# Files of every shape: Arrow may read the first ones, the csv module must read the others.
FILES = {
    "plain": b"a,b,c\n1,2,3\n4,,6\n",
    "no final line break": b"a,b\n1,2\n3,4",
    "quoted comma and quote": b'a,b\n1,"x, ""y"""\n2,z\n',
    "line break inside a cell": b'a,b\n1,"two\nlines"\n2,z\n',
    "quoted empty cell": b'a,b\n1,""\n',
    "blank line": b"a,b\n1,2\n\n3,4\n",
    "line of commas": b"a,b\n1,2\n,\n3,4\n",
    "short row": b"a,b,c\n1,2\n3,4,5\n",
    "long row": b"a,b\n1,2,3\n",
    "quote inside a bare cell": b'a,b\n1,x"y\n',
    "text after a closing quote": b'a,b\n1,"x"y\n',
    "CRLF": b"a,b\r\n1,2\r\n",
    "repeated column": b"a,a\n1,2\n",
    "quoted header": b'"a,1",b\n1,2\n',
    "header only": b"a,b\n",
}


def reference(raw: bytes) -> tuple[list[str], list[tuple[int, list[str]]]]:
    """Header and (line, cells) of each non-blank record, by the csv module alone."""
    reader = csv.reader(io.StringIO(raw.decode(), newline=""))
    header, records, last = next(reader), [], reader.line_num
    for cells in reader:
        start, last = last + 1, reader.line_num
        if any(cells):
            records.append((start, cells))
    return header, records


@pytest.mark.parametrize("name", FILES)
def test_every_file_reads_as_the_csv_module_reads_it(tmp_path: Path, name: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(FILES[name])
    table = read_table(path)
    header, records = reference(FILES[name])
    assert table.header == header
    assert table.lines.tolist() == [line for line, _ in records]
    assert table.widths.tolist() == [len(cells) for _, cells in records]
    assert table.rows() == records  # the cells as read, a ragged row as it is
    width = len(header)  # the columns: a short row's missing cells empty, a long row's extra ones left out
    padded = [[c or None for c in (cells + [""] * width)[:width]] for _, cells in records]
    assert [list(row) for row in zip(*(c.to_pylist() for c in table.columns), strict=True)] == padded


@pytest.mark.parametrize(
    "name",
    [
        "plain",
        "no final line break",
        "quoted comma and quote",
        "line break inside a cell",
        "quoted empty cell",
        "header only",
    ],
)
def test_arrow_reads_the_well_formed_files_and_agrees(tmp_path: Path, name: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(FILES[name])
    fast = _read_arrow(path, scan_file(path))
    assert fast is not None
    slow = _read_python(FILES[name].decode())
    assert [c.to_pylist() for c in fast.columns] == [c.to_pylist() for c in slow.columns]
    assert fast.lines.tolist() == slow.lines.tolist()


@pytest.mark.parametrize(
    "name",
    [
        "blank line",
        "line of commas",
        "short row",
        "long row",
        "quote inside a bare cell",
        "text after a closing quote",
        "CRLF",
        "repeated column",
        "quoted header",
    ],
)
def test_files_arrow_could_read_otherwise_go_to_the_csv_module(tmp_path: Path, name: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(FILES[name])
    assert _read_arrow(path, scan_file(path)) is None


def test_an_empty_cell_is_null(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(FILES["plain"])
    assert read_table(path).column("b").to_pylist() == ["2", None]


def test_the_scan_sees_a_quote_on_the_edge_of_a_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tolls.package.csvtable as csvtable

    monkeypatch.setattr(csvtable, "BLOCK", 8)
    path = tmp_path / "t.csv"
    path.write_bytes(b'a,b\n1,xyz"w\n')  # the quote is byte 10: between two blocks of 8
    assert scan_file(path).odd_quote
    path.write_bytes(b'a,b\n1,"xy""z"\n')
    scan = scan_file(path)
    assert not scan.odd_quote and scan.line_breaks == 2 and scan.utf8


def test_the_scan_finds_a_byte_that_is_not_utf8_in_any_block(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import tolls.package.csvtable as csvtable

    monkeypatch.setattr(csvtable, "BLOCK", 4)
    path = tmp_path / "t.csv"
    path.write_bytes("a,b\n1,é\n".encode())  # é's two bytes fall in two blocks: still UTF-8
    assert scan_file(path).utf8
    path.write_bytes(b"a,b\n1,\xff\n")
    assert not scan_file(path).utf8


def test_a_package_reads_a_table_once_until_it_releases_it(package: Path) -> None:
    from tolls.package.loading import Package

    pkg = Package.open(package)
    first = pkg.table("figures")
    assert pkg.table("figures") is first  # every layer gets the same columns
    pkg.release_tables()
    again = pkg.table("figures")
    assert again is not first and again.header == first.header and again.lines.tolist() == first.lines.tolist()
