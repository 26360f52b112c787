"""One CSV file read once into columns: the cells as Arrow strings, and the file line each record starts on.

Python's csv module is the reference reading (frictionless reads CSV with it too). A file whose shape leaves
no room for the two readers to differ (no quote outside a quoted cell's edges, no carriage return, every
record as wide as the header, no blank record) is parsed by Arrow's CSV reader, about 10x faster and holding
the cells as compact Arrow strings rather than Python objects; every other file is read by the csv module.
Line numbers stay exact either way: when the file has as many line breaks as records, record k starts on
line k + 2; otherwise the csv module counts them. An empty cell is null in every column.

The file is scanned in blocks first (encoding, quotes, line breaks), so a large file is never held whole
in memory beside its table.
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow as pa

BOM = b"\xef\xbb\xbf"
BLOCK = 1 << 24  # bytes read at once by the scan and by Arrow's reader


@dataclass
class FileScan:
    """What one pass over a file's bytes tells before any parsing."""

    bom: bool = False
    utf8: bool = True
    odd_quote: bool = False
    carriage_return: bool = False
    line_breaks: int = 0
    ends_with_break: bool = False
    first_line: bytes = b""


def scan_file(path: Path) -> FileScan:
    out = FileScan()
    decoder = codecs.getincrementaldecoder("utf-8")()
    before = b""  # the byte before this block: a quote at a block's edge needs its neighbours
    with path.open("rb") as fh:
        block = fh.read(BLOCK)
        out.bom = block.startswith(BOM)
        end = block.find(b"\n")
        out.first_line = block[: end if end >= 0 else len(block)]
        while block:
            following = fh.read(BLOCK)
            if out.utf8:
                try:
                    decoder.decode(block, final=not following)
                except UnicodeDecodeError:
                    out.utf8 = False
            out.line_breaks += block.count(b"\n")
            out.carriage_return = out.carriage_return or b"\r" in block
            out.odd_quote = out.odd_quote or _odd_quote(before + block + following[:1], len(before))
            out.ends_with_break = block.endswith(b"\n")
            before, block = block[-1:], following
    return out


def _odd_quote(data_bytes: bytes, skip: int = 0) -> bool:
    """A quote with something other than a delimiter, a line break or another quote on both sides: in a
    well-formed file every quote opens or closes a cell or is doubled inside one; a file with any other
    quote is read by the csv module, whose reading is the reference. (numpy: a regex scan is 50x slower.)"""
    data = np.frombuffer(data_bytes, dtype=np.uint8)
    at = np.flatnonzero(data == ord('"'))
    at = at[(at > 0) & (at < len(data) - 1) & (at >= skip)]
    before, after = data[at - 1], data[at + 1]
    return bool(np.any(~np.isin(before, list(b',\n"')) & ~np.isin(after, list(b',\r\n"'))))


@dataclass
class RawTable:
    """A CSV file's header and its non-blank records, column by column (null for an empty cell).

    `columns[k]` holds the k-th cell of every record (a short record's missing cells are null, a long
    record's extra cells are left out); `widths` says how many cells each record really has, `lines` the
    file line each starts on, `blank` how many blank records the file has.
    """

    header: list[str]
    columns: list[pa.ChunkedArray]
    lines: np.ndarray
    widths: np.ndarray
    blank: int
    records: list[tuple[int, list[str]]] | None = field(default=None, repr=False)

    def __len__(self) -> int:
        return len(self.lines)

    def column(self, name: str) -> pa.ChunkedArray:
        """The column of that name (the last one, if the header repeats it)."""
        return self.columns[len(self.header) - 1 - self.header[::-1].index(name)]

    def ragged(self) -> np.ndarray:
        """Positions of the records whose number of cells differs from the header's."""
        return np.flatnonzero(self.widths != len(self.header))

    def rows(self) -> list[tuple[int, list[str]]]:
        """(line, cells) of each record, as Python lists: for the commands that edit a few rows."""
        if self.records is None:
            cells = [["" if v is None else v for v in c.to_pylist()] for c in self.columns]
            self.records = [(int(line), [col[i] for col in cells]) for i, line in enumerate(self.lines)]
        return self.records


def read_table(path: Path, scan: FileScan | None = None) -> RawTable:
    """Read a UTF-8 CSV file (raises csv.Error when the csv module cannot read it)."""
    scan = scan or scan_file(path)
    fast = _read_arrow(path, scan)
    return fast if fast is not None else _read_python(path.read_bytes().decode("utf-8"))


def _read_arrow(path: Path, scan: FileScan) -> RawTable | None:
    first = scan.first_line.decode("utf-8", errors="replace")
    header = first.split(",")
    if (
        scan.bom
        or not scan.utf8
        or scan.odd_quote
        or scan.carriage_return
        or '"' in first
        or len(header) < 2
        or len(set(header)) != len(header)
    ):
        return None
    import pyarrow.csv as pacsv

    try:
        table = pacsv.read_csv(
            path,
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, block_size=BLOCK),
            # a blank line is a record of one cell: Arrow refuses it, and the csv module reads the file
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(
                # large_string: the offsets pandas' string columns use, so that the typed frames share these
                # buffers instead of copying 8 bytes of offsets per cell (300 MB at a million figures)
                column_types={h: pa.large_string() for h in header},
                strings_can_be_null=True,
                quoted_strings_can_be_null=True,
            ),
        )
    except (pa.ArrowInvalid, pa.ArrowException, OSError):
        return None  # a ragged or blank record: the csv module reads it and says where
    n = table.num_rows
    if n and _any_blank(table):
        return None  # Arrow reads a line of commas as a record of empty cells; the csv module counts it blank
    if scan.line_breaks == (n + 1 if scan.ends_with_break else n):
        lines = np.arange(2, n + 2, dtype=np.int64)  # one line per record
    else:
        lines = _python_lines(path.read_text(encoding="utf-8"))
        if len(lines) != n:
            return None
    return RawTable(header, list(table.columns), lines, np.full(n, len(header), dtype=np.int64), 0)


def _any_blank(table: pa.Table) -> bool:
    import pyarrow.compute as pc

    empty = None
    for column in table.columns:
        here = pc.is_null(column)
        empty = here if empty is None else pc.and_(empty, here)
    return bool(pc.any(empty).as_py())


def _python_lines(text: str) -> np.ndarray:
    """The line each non-blank record after the header starts on, counted by the csv module."""
    reader = csv.reader(io.StringIO(text, newline=""))
    starts, last, first = [], 0, True
    for cells in reader:
        start, last = last + 1, reader.line_num
        if first:
            first = False
        elif any(cells):
            starts.append(start)
    return np.asarray(starts, dtype=np.int64)


def _read_python(text: str) -> RawTable:
    limit = csv.field_size_limit()
    csv.field_size_limit(sys.maxsize)  # cell sizes are checked by name (structure), not by the reader
    try:
        reader = csv.reader(io.StringIO(text, newline=""))
        header: list[str] = []
        records: list[tuple[int, list[str]]] = []
        last = blank = 0
        seen_header = False
        for cells in reader:
            start, last = last + 1, reader.line_num
            if not seen_header:
                header, seen_header = cells, True
            elif any(cells):
                records.append((start, cells))
            else:
                blank += 1
    finally:
        csv.field_size_limit(limit)
    width = len(header)
    padded = [(c + [""] * width)[:width] if len(c) != width else c for _, c in records]
    columns = [
        pa.chunked_array([pa.array([v or None for v in col], pa.large_string())], pa.large_string())
        for col in (zip(*padded, strict=True) if padded else [() for _ in header])
    ]
    return RawTable(
        header,
        columns,
        np.asarray([line for line, _ in records], dtype=np.int64),
        np.asarray([len(c) for _, c in records], dtype=np.int64),
        blank,
        records,
    )
