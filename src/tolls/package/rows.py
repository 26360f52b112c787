"""Writing rows into the package's CSV tables: in datapackage.json's column order, new ids that do not
collide, and files replaced atomically (a failed write leaves the old file whole).

Used by the commands that write data on purpose (`tolls add`, `tolls validate --fix`); validation and build
never write data/ or seeds/.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Mapping, Sequence

from tolls.files import write_atomic
from tolls.package.loading import Package

# A row that a tool drafted and a person has still to decide: its notes start with "[draft: what is left]",
# and `tolls validate` lists what is left on it (validation/drafts.py) until that bracket is deleted.
DRAFT_MARK = "[draft:"


def is_draft(notes: object) -> bool:
    return isinstance(notes, str) and notes.strip().lower().startswith(DRAFT_MARK)


def draft_note(decide: list[str], reasoning: str = "") -> str:
    """The notes of a drafted row: what is left to decide in a bracket to delete when done, then the reasoning
    that stays (how a date or reason was read)."""
    return (
        f"{DRAFT_MARK} decide "
        + "; ".join(decide)
        + "; delete this bracket when done]"
        + (f" {reasoning}" if reasoning else "")
    )


def draft_todo(notes: str) -> str:
    """The 'decide ...' words inside a draft bracket."""
    body = notes.strip()[len(DRAFT_MARK) :]
    return body.split("; delete this bracket when done]")[0].strip()


def csv_line(cells: Iterable[object]) -> str:
    """One CSV record the way the package's files are written (minimal quoting, LF line end)."""
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerow(["" if c is None else str(c) for c in cells])
    return buf.getvalue()


def columns(pkg: Package, name: str) -> list[str]:
    return [f["name"] for f in pkg.fields(name)]


def id_field(pkg: Package, name: str) -> str:
    key = pkg.schema(name)["primaryKey"]  # every table of the package has one
    return key if isinstance(key, str) else key[0]


def next_ids(existing: Iterable[str], prefix: str, count: int) -> list[str]:
    """`count` new ids `prefix` + number, after the highest in use, as wide as the widest ("f016", "f017")."""
    numbers, width = [0], 3
    for value in existing:
        m = re.fullmatch(rf"{re.escape(prefix)}(\d+)", value or "")
        if m:
            numbers.append(int(m.group(1)))
            width = max(width, len(m.group(1)))
    first = max(numbers) + 1
    return [f"{prefix}{n:0{width}d}" for n in range(first, first + count)]


def append_rows(pkg: Package, name: str, rows: Sequence[Mapping[str, object]]) -> None:
    """Append rows to a table, cells in the descriptor's column order (a column a row lacks stays empty)."""
    if not rows:
        return
    path = pkg.path(name)
    old = path.read_text(encoding="utf-8") if path.is_file() else csv_line(columns(pkg, name))
    if old and not old.endswith("\n"):
        old += "\n"
    unknown = {k for row in rows for k in row} - set(columns(pkg, name))
    if unknown:
        raise KeyError(f"{pkg.relpath(name)} has no column {', '.join(sorted(unknown))}")
    write_atomic(path, old + "".join(csv_line(row.get(c) for c in columns(pkg, name)) for row in rows))
