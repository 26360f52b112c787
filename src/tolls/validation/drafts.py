"""Drafts: rows that `tolls add` drafted and a person has not yet decided (notes starting with `[draft: ...]`).

One problem per draft row names what is left, its empty required cells, and the sentence it is about. The
table-schema and rule problems that only repeat an undecided cell of a draft row (an empty required cell, a
rule between cells not yet filled) are folded into that one line, so the contributor reads a to-do list
rather than a cascade.
"""

from __future__ import annotations

import re

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from tolls.package.loading import Package
from tolls.package.rows import DRAFT_MARK, draft_todo, id_field, is_draft
from tolls.validation.frames import Frames, records
from tolls.validation.problems import Problem

DRAFTED = ("sources", "figures", "exclusions", "attributions")


def check_drafts(pkg: Package, frames: Frames) -> tuple[list[Problem], dict[tuple[str, int], set[str | None]]]:
    """The draft problems, and for each draft row (file, line) the fields whose problems it folds in."""
    problems, undecided = [], {}
    for name in DRAFTED:
        if name not in frames or "notes" not in frames[name][0]:
            continue
        frame, lines = frames[name]
        required = [f["name"] for f in pkg.fields(name) if f.get("constraints", {}).get("required")]
        key = id_field(pkg, name)
        # one pass of Arrow's regex over the notes: strip() and lower() would each copy every note (hundreds of
        # megabytes of real notes at a million figures); is_draft below decides for the few rows found
        notes = pa.array(frame["notes"], from_pandas=True).cast(pa.large_string())
        starts = pc.match_substring_regex(notes, r"(?i)^[\s\p{Z}]*" + re.escape(DRAFT_MARK))
        drafted = np.flatnonzero(starts.fill_null(False).to_numpy(zero_copy_only=False))
        if not len(drafted):
            continue
        # few rows (the drafts a contribution still holds), taken chunk by chunk from the columns read: Arrow's
        # own take joins a column's chunks first, a copy of the whole column
        read = [c for c in dict.fromkeys([key, "notes", "quote", *required]) if c in frame]
        for i, row in zip(drafted.tolist(), records(frame[read], drafted), strict=True):
            if not is_draft(row["notes"]):
                continue
            empty = [c for c in required if c in row and row[c] is None]
            todo = draft_todo(str(row["notes"]))
            sentence = "" if row.get("quote") is None else f" Sentence: {str(row['quote'])!r}"
            cells = f" Empty required cells: {', '.join(empty)}." if empty else ""
            problems.append(
                Problem(
                    pkg.relpath(name),
                    lines[i],
                    "notes",
                    f"{row[key]} is a draft: {todo}.{cells}{sentence}",
                    "drafts",
                    "draft-row",
                )
            )
            undecided[(pkg.relpath(name), lines[i])] = set(empty) | {None}
    return problems, undecided


def fold_into_drafts(problems: list[Problem], undecided: dict[tuple[str, int], set[str | None]]) -> list[Problem]:
    """Drop the problems that only say a draft row's undecided cells are empty or inconsistent."""

    def folded(p: Problem) -> bool:
        fields = undecided.get((p.file, p.line or 0))
        if fields is None or p.code == "draft-row":
            return False
        return p.field in fields or p.layer == "rules" or (p.code == "constraint-error" and "required" in p.message)

    return [p for p in problems if not folded(p)]
