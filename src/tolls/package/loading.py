"""Loading: the data package's descriptor and its tables, read through datapackage.json.

datapackage.json is the one source of truth for columns and types; nothing here names a column.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pandas as pd
import pyarrow as pa

from tolls.package.csvtable import FileScan, RawTable, read_table

DESCRIPTOR = "datapackage.json"

# Table Schema type -> pandas dtype. Integers are nullable, because an empty cell means
# "unknown" or "unbounded", never zero.
PANDAS_DTYPES = {
    "string": "string",
    "integer": "Int64",
    "number": "Float64",
    "boolean": "boolean",
    "date": "datetime64[s]",
}


class PackageError(Exception):
    """The package cannot be read at all (no descriptor, unreadable JSON)."""


def find_root(start: Path | str | None = None) -> Path:
    """The nearest folder at or above `start` (default: TOLLS_ROOT or the current folder) holding datapackage.json."""
    here = Path(start or os.environ.get("TOLLS_ROOT") or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / DESCRIPTOR).is_file():
            return folder
    raise PackageError(f"no {DESCRIPTOR} in {here} or any folder above it; run tolls inside a clone of the package")


def _not_json(word: str) -> None:
    raise ValueError(f"{word} is not JSON (write a number, or null)")


@dataclass
class Package:
    """A data package on disk: its descriptor and where its files are."""

    root: Path

    @classmethod
    def open(cls, root: Path | str | None = None) -> Package:
        return cls(find_root(root))

    @cached_property
    def descriptor(self) -> dict:
        path = self.root / DESCRIPTOR
        try:
            return json.loads(path.read_text(encoding="utf-8"), parse_constant=_not_json)
        except (OSError, UnicodeDecodeError, ValueError, RecursionError) as exc:  # JSONDecodeError is a ValueError
            raise PackageError(f"{DESCRIPTOR}: cannot be read as UTF-8 JSON: {exc}") from exc

    @property
    def resource_names(self) -> list[str]:
        return [r["name"] for r in self.descriptor.get("resources", [])]

    def resource(self, name: str) -> dict:
        for res in self.descriptor.get("resources", []):
            if res["name"] == name:
                return res
        raise KeyError(f"{DESCRIPTOR} has no resource named {name!r}; it has {', '.join(self.resource_names)}")

    def schema(self, name: str) -> dict:
        return self.resource(name)["schema"]

    def fields(self, name: str) -> list[dict]:
        return self.schema(name)["fields"]

    def field(self, name: str, field_name: str) -> dict:
        for fld in self.fields(name):
            if fld["name"] == field_name:
                return fld
        raise KeyError(f"resource {name!r} has no field {field_name!r}")

    def relpath(self, name: str) -> str:
        """The resource's path as written in the descriptor (relative, e.g. 'data/figures.csv')."""
        return self.resource(name)["path"]

    def path(self, name: str) -> Path:
        return self.root / self.relpath(name)

    def table(self, name: str, scan: FileScan | None = None) -> RawTable:
        """The resource's file read once into columns (tolls.package.csvtable), with the line of every record.

        Read once per file version: every layer that asks again gets the same table (the cache is keyed by
        the file's size and modification time, so an edited file is read again). `scan`: the structure
        layer's scan of the file, which it reads then, so that the file is not scanned twice.
        """
        path = self.path(name)
        stat = path.stat()
        key = (str(path), stat.st_size, stat.st_mtime_ns)
        cache = self.__dict__.setdefault("_table_cache", {})
        if scan is not None or name not in cache or cache[name][0] != key:
            cache[name] = (key, read_table(path, scan))
        return cache[name][1]

    def release_tables(self) -> None:
        """Forget the tables read so far, so that their memory (a gigabyte at a million figures) is free for
        what comes next, such as the database build; a table asked for again is read again."""
        self.__dict__.pop("_table_cache", None)

    def _records(self, name: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
        """Header, and each non-blank record with the file line it starts on (cells may span lines)."""
        table = self.table(name)
        return table.header, table.rows()

    def blank_rows(self, name: str) -> int:
        """How many rows of the file hold no cell (read_rows leaves them out)."""
        return self.table(name).blank

    def read_rows(self, name: str) -> tuple[list[str], list[dict[str, str]], list[int]]:
        """Header, rows as raw strings, and the file line on which each row starts (for error messages)."""
        header, records = self._records(name)
        rows = [dict(zip(header, cells, strict=False)) for _, cells in records]
        return header, rows, [line for line, _ in records]

    def lines(self, name: str) -> list[int]:
        """The file line on which each row (as in read_rows) starts."""
        return self.table(name).lines.tolist()

    def ragged_rows(self, name: str) -> set[int]:
        """Positions (as in read_rows) of the rows whose number of cells differs from the header's."""
        return set(self.table(name).ragged().tolist())

    def load(self, name: str, *, errors: str = "raise") -> pd.DataFrame:
        """One resource as a typed DataFrame: nullable integers, dates as datetime64, empty cells as <NA>.

        errors="coerce" turns cells that do not parse into <NA> (validation uses it, having reported them).
        A short row's missing cells are empty, a long row's extra cells are dropped; a repeated column name
        keeps its last column.
        """
        table = self.table(name)
        names = list(dict.fromkeys(table.header))
        frame = pd.DataFrame({col: _strings(table.column(col)) for col in names}, index=pd.RangeIndex(len(table)))
        for fld in self.fields(name):
            col = fld["name"]
            if col not in frame:
                continue
            kind = fld.get("type", "string")
            if kind == "integer":
                frame[col] = pd.to_numeric(_within_int64(frame[col], errors), errors=errors).astype("Int64")
            elif kind == "number":
                frame[col] = pd.to_numeric(frame[col], errors=errors).astype("Float64")
            elif kind == "date":
                frame[col] = pd.to_datetime(frame[col], format="%Y-%m-%d", errors=errors).astype("datetime64[s]")
            elif kind == "boolean":
                frame[col] = frame[col].map({"true": True, "false": False}).astype("boolean")
            elif PANDAS_DTYPES.get(kind, "string") != "string":
                frame[col] = frame[col].astype(PANDAS_DTYPES[kind])
        return frame


def _strings(column: pa.ChunkedArray) -> pd.Series:
    """Arrow strings (null for an empty cell) as a pandas string column, without a copy."""
    return pd.Series(pd.arrays.ArrowStringArray(column), dtype=pd.StringDtype("pyarrow"))


def _within_int64(column: pd.Series, errors: str) -> pd.Series:
    """The cells, with an integer beyond 64 bits refused (errors="raise") or emptied ("coerce"): pandas
    would otherwise wrap it round to a negative number."""
    long = column.str.len() >= 19  # only these can leave 64 bits: a Python look at few cells
    if not long.fillna(False).any():
        return column

    def fits(cell: object) -> bool:
        text = str(cell).strip().lstrip("+-").lstrip("0")
        if not text.isascii() or not text.isdigit() or len(text) < 19:
            return True  # not an integer (to_numeric says so), or one that fits
        return len(text) == 19 and -(2**63) <= int(str(cell).strip()) <= 2**63 - 1

    bad = long.fillna(False) & ~column.where(long.fillna(False)).map(fits, na_action="ignore").fillna(True).astype(bool)
    if bad.any() and errors == "raise":
        raise ValueError(f"{column[bad].iloc[0]} does not fit a 64-bit integer")
    return column.mask(bad, pd.NA)


def load(name: str, root: Path | str | None = None) -> pd.DataFrame:
    """Load one resource of the package (e.g. "figures") as a typed pandas DataFrame, checked against the pandera
    schema datapackage.json gives it (tolls.package.frame_schema): types, required cells, enums, bounds, patterns
    and keys hold in the frame you get, or FrameError says which line breaks them."""
    from tolls.package.frame_schema import check_frame

    pkg = Package.open(root)
    return check_frame(pkg, name, pkg.load(name))
