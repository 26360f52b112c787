"""tolls.validation.frames: a few rows of a column read in many chunks are taken without a copy of the column.

Arrow reads a CSV in blocks, so a large table's string columns come in many chunks; Arrow's own take joins
them first, a copy of the whole column (hundreds of megabytes of quotes at a million figures) for a batch of a
few rows, or none. `cells` and `records` take each chunk's own rows and give what pandas' iloc gives.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pandas as pd
import pyarrow as pa

from tolls.package.loading import _strings
from tolls.validation.frames import cells, records


@contextmanager
def arrow_allocations() -> Iterator[pa.MemoryPool]:
    """A pool of Arrow's that counts what is allocated while the block runs (its max_memory: the peak)."""
    pool = pa.proxy_memory_pool(pa.system_memory_pool())
    before = pa.default_memory_pool()
    pa.set_memory_pool(pool)
    try:
        yield pool
    finally:
        pa.set_memory_pool(before)


def chunked_strings(chunks: list[list[str | None]]) -> pd.Series:
    """A string column as the package's reader gives it: Arrow's large strings, one chunk per block read."""
    return _strings(pa.chunked_array([pa.array(c, pa.large_string()) for c in chunks], pa.large_string()))


def test_rows_taken_chunk_by_chunk_are_the_rows_pandas_takes():
    """The cells are those iloc gives, in the order asked, repeats and missing cells included."""
    words = chunked_strings([["a", "b", None], ["c"], [], ["d", None, "e", "f"]])
    frame = pd.DataFrame(
        {
            "words": words,
            "low": pd.Series([1, None, 3, 4, 5, 6, None, 8], dtype="Int64"),
            "day": pd.Series(pd.to_datetime(["2025-03-14", None] * 4)).astype("datetime64[s]"),
        }
    )
    assert words.array._pa_array.num_chunks == 4
    for rows in ([6, 0, 2, 3, 7, 5, 4, 0], [], [7], list(range(8))):
        at = np.asarray(rows, dtype=np.int64)
        assert cells(frame["words"], at) == frame["words"].iloc[at].tolist()
        part = frame.iloc[at].astype(object)
        assert records(frame, at) == part.where(part.notna(), None).to_dict("records")


def test_a_column_of_one_chunk_or_of_python_strings_gives_the_same_cells():
    rows = np.asarray([2, 0], dtype=np.int64)
    for column in (chunked_strings([["a", None, "c"]]), pd.Series(["a", None, "c"], dtype="string[python]")):
        assert cells(column, rows) == column.iloc[rows].tolist()


def test_a_few_rows_of_a_column_of_many_chunks_are_taken_without_a_copy_of_the_column():
    """A batch of rows, or none, allocates what those rows hold, not the column: 8 MB of quotes in 40 chunks."""
    quotes = chunked_strings([[f"{c:03d} {i:04d} " + "x" * 190 for i in range(1000)] for c in range(40)])
    size = quotes.array._pa_array.nbytes
    frame = pd.DataFrame({"quote": quotes, "low": pd.Series(np.arange(len(quotes)), dtype="Int64")})
    for rows in ([39_999, 5, 20_500, 5], []):
        at = np.asarray(rows, dtype=np.int64)
        with arrow_allocations() as pool:
            taken, rows_taken = cells(quotes, at), records(frame, at)
        assert pool.max_memory() < size / 100, f"{pool.max_memory():,} bytes for {len(rows)} rows of {size:,}"
        assert taken == [f"{r // 1000:03d} {r % 1000:04d} " + "x" * 190 for r in rows]
        assert [row["low"] for row in rows_taken] == rows
