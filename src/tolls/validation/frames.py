"""The package's tables, read once, typed from datapackage.json, with the file line of every row.

Every layer after the structure and table-schema checks reads these frames, never the files again.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from tolls.package.loading import Package

Frames = dict[str, tuple[pd.DataFrame, list[int]]]


def load_frames(pkg: Package, readable: list[str]) -> Frames:
    frames = {}
    for name in readable:
        try:
            lines = pkg.lines(name)
            frame = pkg.load(name, errors="coerce")
            ragged = pkg.ragged_rows(name)
        except (OSError, ValueError, KeyError):
            continue  # frictionless has reported why it cannot be read
        if not len(frame):
            # an empty table's Arrow columns hold no chunk at all, which pandas cannot join or map: plain empty
            # columns of the same types, so that every layer reads a table of no rows as it reads any other
            frame = pd.DataFrame({c: pd.Series([], dtype=frame[c].dtype) for c in frame}, index=pd.RangeIndex(0))
        if ragged:  # its cells are shifted: frictionless has said so, and no later check can read them
            keep = [i for i in range(len(frame)) if i not in ragged]
            frame, lines = frame.iloc[keep].reset_index(drop=True), [lines[i] for i in keep]
        frames[name] = (frame, lines)
    return frames


def isin(column: pd.Series, values: Iterable[object]) -> pd.Series:
    """column.isin(values) computed by Arrow: pandas turns each value of a large set into a Python object."""
    import pyarrow as pa
    import pyarrow.compute as pc

    keys = pa.array(column, from_pandas=True)
    keys = keys if pa.types.is_large_string(keys.type) else keys.cast(pa.large_string())
    found = pc.is_in(
        keys,
        value_set=pa.array(
            list(values) if not isinstance(values, pd.Index | pd.Series) else values, from_pandas=True
        ).cast(pa.large_string()),
    )
    return pd.Series(found.fill_null(False).to_numpy(zero_copy_only=False), index=column.index, dtype=bool)


def positions(keys: pd.Series, values: pd.Series) -> np.ndarray:
    """For each key, the position of the first of `values` that equals it, -1 for none (or a null key):
    Arrow's hash lookup, where a pandas join or map turns a million ids into Python strings first."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if keys.empty or values.empty:
        return np.full(len(keys), -1, dtype=np.int64)
    found = pc.index_in(
        pa.array(keys, from_pandas=True).cast(pa.large_string()),  # pandas' string columns: no copy
        value_set=pa.array(values, from_pandas=True).cast(pa.large_string()),
        skip_nulls=True,
    )
    return found.fill_null(-1).to_numpy(zero_copy_only=False).astype(np.int64)


def codes(column: pd.Series) -> np.ndarray:
    """An integer per cell, equal for equal cells, -1 for a missing one: strings by Arrow's dictionary
    encoding (no Python string made), other types by their numpy values."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if isinstance(column.dtype, pd.StringDtype):
        encoded = pc.dictionary_encode(pa.array(column, from_pandas=True))
        # a column of many chunks is encoded with one table of values: a cell's code is the same in every chunk
        chunks = encoded.chunks if isinstance(encoded, pa.ChunkedArray) else [encoded]
        indices = pa.chunked_array([chunk.indices for chunk in chunks], pa.int32())
        return indices.fill_null(-1).to_numpy().astype(np.int64)
    return pd.factorize(column, use_na_sentinel=True)[0].astype(np.int64)


def cells(column: pd.Series, rows: np.ndarray) -> list:
    """column.iloc[rows].tolist(), without a copy of the column: Arrow takes rows of a string column of many
    chunks (one per block of the file read) by joining the chunks first, a copy of the whole column each
    time (a million quotes for a batch of a few thousand); here each chunk gives its own rows."""
    import pyarrow as pa

    rows = np.asarray(rows, dtype=np.int64)
    if not len(rows):
        return []  # Arrow would join the chunks for no row too
    arrow = isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow"
    chunked = pa.array(column, from_pandas=True) if arrow else None  # Arrow's own column: no copy
    if not isinstance(chunked, pa.ChunkedArray) or chunked.num_chunks < 2:
        return column.iloc[rows].tolist()  # one chunk (or none in Arrow): taken without a join
    ends = np.cumsum([len(chunk) for chunk in chunked.chunks])
    which = np.searchsorted(ends, rows, side="right")  # the chunk of each row
    out: list = [None] * len(rows)
    order = np.argsort(which, kind="stable")
    for k, at, n in zip(*np.unique(which[order], return_index=True, return_counts=True), strict=True):
        picked = order[at : at + n]
        chunk = chunked.chunk(int(k))
        values = chunk.take(pa.array(rows[picked] - (int(ends[k]) - len(chunk)))).to_pylist()
        for j, v in zip(picked.tolist(), values, strict=True):
            out[j] = column.dtype.na_value if v is None else v
    return out


def records(frame: pd.DataFrame, rows: np.ndarray) -> list[dict]:
    """Some rows as plain Python values, None for any kind of missing (a cell at a time is slow in Arrow)."""
    columns = {c: [None if pd.isna(v) else v for v in cells(frame[c], rows)] for c in frame}
    return [dict(zip(columns, values, strict=True)) for values in zip(*columns.values(), strict=True)]


def take(column: pd.Series, at: np.ndarray, index: pd.Index) -> pd.Series:
    """The column's values at positions `at` (missing at -1), on `index`; the column's type kept."""
    return column.reset_index(drop=True).reindex(at).set_axis(index)


def lookup(keys: pd.Series, table: pd.DataFrame, key: str, value: str) -> pd.Series:
    """table[value] of the first row whose `key` is each of `keys` (missing where none is), on keys' index:
    a join of one column, where a join or a map of whole rows copies every column it carries."""
    return take(table[value], positions(keys, table[key]), keys.index)


def scope_of(frames: Frames, figures: pd.DataFrame) -> pd.Series:
    """Each figure's victim scope: its group's scope (victim_groups.csv), else the group itself."""
    if "victim_groups" not in frames:
        return figures["victim_group"]
    groups = frames["victim_groups"][0]
    return lookup(figures["victim_group"], groups, "victim_group", "scope").fillna(figures["victim_group"])


def value(value: object) -> object:
    """A cell as a plain Python value, None for any kind of missing."""
    return None if value is None or pd.isna(value) else value


def fmt(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return "empty"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)
