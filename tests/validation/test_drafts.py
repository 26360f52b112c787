"""tolls.validation.drafts: one problem per drafted row, found without a copy of the table's columns.

A table of a million figures holds no draft, or a few: the notes are searched once by Arrow, and only the
drafted rows of the columns the message names are taken (Arrow's own take would join each column's chunks,
a copy of the whole column, even for no row).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest
from test_frames import arrow_allocations, chunked_strings

from tolls.package.loading import Package
from tolls.package.rows import draft_note
from tolls.validation.drafts import check_drafts
from tolls.validation.frames import Frames

ROWS, CHUNKS = 1000, 20


@pytest.fixture
def pkg(tmp_path: Path) -> Package:
    """A package whose figures have an id, a required low, a quote and notes."""
    fields = [
        {"name": "figure_id", "type": "string"},
        {"name": "low", "type": "integer", "constraints": {"required": True}},
        {"name": "quote", "type": "string"},
        {"name": "notes", "type": "string"},
    ]
    resource = {"name": "figures", "path": "data/figures.csv", "schema": {"fields": fields, "primaryKey": "figure_id"}}
    (tmp_path / "datapackage.json").write_text(json.dumps({"name": "t", "resources": [resource]}), encoding="utf-8")
    return Package(tmp_path)


def figures(notes: dict[int, str]) -> Frames:
    """CHUNKS x ROWS figures read in CHUNKS blocks, long notes and quotes, `notes` replacing some rows' notes."""
    n = ROWS * CHUNKS
    note = [notes.get(i, f"Counted from the list of names; {i}. " + "n" * 200) for i in range(n)]
    frame = pd.DataFrame(
        {
            "figure_id": chunked_strings(
                [[f"f{i:05d}" for i in range(c * ROWS, (c + 1) * ROWS)] for c in range(CHUNKS)]
            ),
            "low": pd.Series([None if i in notes else i for i in range(n)], dtype="Int64"),
            "quote": chunked_strings(
                [
                    [f"{i} people were killed. " + "q" * 200 for i in range(c * ROWS, (c + 1) * ROWS)]
                    for c in range(CHUNKS)
                ]
            ),
            "notes": chunked_strings([note[c * ROWS : (c + 1) * ROWS] for c in range(CHUNKS)]),
        }
    )
    return {"figures": (frame, list(range(2, n + 2)))}


def column_bytes(frames: Frames) -> int:
    return pa.array(frames["figures"][0]["notes"], from_pandas=True).nbytes


def test_a_table_without_drafts_gives_no_problem_and_copies_no_column(pkg: Package):
    frames = figures({})
    with arrow_allocations() as pool:
        assert check_drafts(pkg, frames) == ([], {})
    assert pool.max_memory() < column_bytes(frames) / 10, f"{pool.max_memory():,} bytes allocated"


def test_each_draft_among_many_chunks_is_said_on_its_line_without_a_copy_of_a_column(pkg: Package):
    draft = draft_note(["low"], "read from the quote")
    frames = figures({7: draft, 15_003: "  " + draft, 19_999: "Not a [draft: ...] at the start"})
    with arrow_allocations() as pool:
        problems, undecided = check_drafts(pkg, frames)
    assert pool.max_memory() < column_bytes(frames) / 10, f"{pool.max_memory():,} bytes allocated"
    assert [(p.file, p.line, p.field, p.code) for p in problems] == [
        ("data/figures.csv", 9, "notes", "draft-row"),
        ("data/figures.csv", 15_005, "notes", "draft-row"),
    ]
    assert problems[1].message == (
        "f15003 is a draft: decide low. Empty required cells: low. Sentence: "
        f"{'15003 people were killed. ' + 'q' * 200!r}"
    )
    assert undecided == {("data/figures.csv", 9): {"low", None}, ("data/figures.csv", 15_005): {"low", None}}
