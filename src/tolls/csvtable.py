"""One CSV file read once into columns: the cells as Arrow strings, and the file line each record starts on.

Python's csv module is the reference reading (frictionless reads CSV with it too). A file whose shape leaves
no room for the two readers to differ (no quote outside a quoted cell's edges, every record as wide as the
header, no blank record) is parsed by Arrow's CSV reader, about 10x faster and holding the cells as compact
Arrow strings rather than Python objects; every other file is read by the csv module. Line numbers stay
exact either way: when the file has as many line breaks as records, record k starts on line k + 2;
otherwise the csv module counts them.
"""

from __future__ import annotations

import csv
import io
import sys
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa


def _odd_quote(raw: bytes) -> bool:
    """A quote with something other than a delimiter, a line break or another quote on both sides: in a
    well-formed file every quote opens or closes a cell or is doubled inside one; a file with any other
    quote is read by the csv module, whose reading is the reference. (numpy: a regex scan is 50x slower.)"""
    data = np.frombuffer(raw, dtype=np.uint8)
    at = np.flatnonzero(data == ord('"'))
    at = at[(at > 0) & (at < len(data) - 1)]
    before, after = data[at - 1], data[at + 1]
    return bool(np.any(~np.isin(before, list(b',\n"')) & ~np.isin(after, list(b',\r\n"'))))


@dataclass
class RawTable:
    """A CSV file's header and its non-blank records, column by column ("" for an empty cell).

    `columns[k]` holds the k-th cell of every record (a short record's missing cells are "", a long
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
            cells = [c.to_pylist() for c in self.columns]
            self.records = [(int(line), [col[i] for col in cells]) for i, line in enumerate(self.lines)]
        return self.records


def read_table(raw: bytes) -> RawTable:
    """Read a UTF-8 CSV file's bytes (raises csv.Error when the csv module cannot read it)."""
    fast = _read_arrow(raw)
    return fast if fast is not None else _read_python(raw.decode("utf-8"))


def _header(raw: bytes) -> list[str] | None:
    end = raw.find(b"\n")
    first = raw[: end if end >= 0 else len(raw)].rstrip(b"\r").decode("utf-8")
    if '"' in first or "\r" in first:
        return None  # a quoted header cell (which may hold a comma or a line break): the csv module reads it
    return first.split(",")


def _read_arrow(raw: bytes) -> RawTable | None:
    header = _header(raw)
    if header is None or len(header) < 2 or len(set(header)) != len(header) or _odd_quote(raw) \
            or b"\r" in raw:
        return None
    import pyarrow.csv as pacsv

    try:
        table = pacsv.read_csv(
            io.BytesIO(raw),
            read_options=pacsv.ReadOptions(column_names=header, skip_rows=1, block_size=1 << 24),
            # a blank line is a record of one cell: Arrow refuses it, and the csv module reads the file
            parse_options=pacsv.ParseOptions(newlines_in_values=True, ignore_empty_lines=False),
            convert_options=pacsv.ConvertOptions(column_types={h: pa.large_string() for h in header},
                                                 strings_can_be_null=False, quoted_strings_can_be_null=False))
    except (pa.ArrowInvalid, pa.ArrowException):
        return None  # a ragged or blank record: the csv module reads it and says where
    n = table.num_rows
    if n and _any_blank(table):
        return None  # Arrow reads a blank line as a record of empty cells; the csv module counts it blank
    breaks = raw.count(b"\n")
    if breaks == (n + 1 if raw.endswith(b"\n") else n):
        lines = np.arange(2, n + 2, dtype=np.int64)  # one line per record
    else:
        lines = _python_lines(raw.decode("utf-8"))
        if len(lines) != n:
            return None
    return RawTable(header, list(table.columns), lines, np.full(n, len(header), dtype=np.int64), 0)


def _any_blank(table: pa.Table) -> bool:
    import pyarrow.compute as pc

    empty = None
    for column in table.columns:
        here = pc.equal(pc.utf8_length(column), 0)
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
    columns = [pa.chunked_array([pa.array(list(col), pa.large_string())])
               for col in (zip(*padded, strict=True) if padded else [() for _ in header])]
    return RawTable(header, columns, np.asarray([line for line, _ in records], dtype=np.int64),
                    np.asarray([len(c) for _, c in records], dtype=np.int64), blank, records)
