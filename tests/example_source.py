"""A news excerpt made for the tests (no real report: invented place details, round numbers), and the
judgments a contributor types after `tolls add`, written in code. Used by tests/authoring/test_add.py (the README's
worked example, end to end) and benchmarks/add_benchmark.py (cells typed by hand per figure)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

TEXT = """\
Gunmen kill 12 in attack on village near Hama
HAMA, Syria - Gunmen killed at least 12 civilians, including three children, in an attack on a village near \
Hama on Tuesday, a monitoring group said.
The Syrian Observatory for Human Rights said 20 people were wounded and about 30 homes were burned. It has \
documented about 30 massacres in the province since 2024.
Dozens of people who chanted slogans gathered in the square afterwards. Residents said the shooting had lasted \
three hours.
"""
PUBLISHED = "2025-03-13"  # a Thursday: "on Tuesday" is 2025-03-11

EVENT = {
    "event_id": "test-2025-03-hama",
    "name": "Attack on a village near Hama, March 2025 (test)",
    "event_type": "killings",
    "date_start": "2025-03-11",
    "date_end": "2025-03-11",
    "date_precision": "day",
    "date_basis": "inferred_from_text",
    "country": "SY",
    "admin1": "SY-HM",
    "notes": "Dated from 'on Tuesday' in a text published on 2025-03-13.",
}
VICTIM_GROUP = {
    "victim_group": "children",
    "status": "civilians",
    "identity": "any",
    "scope": "civilians",
    "description": "Children.",
}

# number_text -> the judgment cells of its figure (the same words twice: first, second occurrence)
FIGURE_JUDGMENTS = {
    ("12", 0): {
        "victim_group": "civilians",
        "measure_words": "kill",
        "copy_of_figure_id": "@at least 12",
        "date_start": "2025-03-11",
        "date_end": "2025-03-11",
        "date_precision": "day",
        "date_basis": "from_event",
    },
    ("at least 12", 0): {"victim_group": "civilians", "measure_words": "killed"},
    ("three", 0): {
        "victim_group": "children",
        "measure_words": "killed",
        "coverage": "part_victims",
        "part_of_figure_id": "@at least 12",
    },
    ("20", 0): {
        "victim_group": "people",
        "measure_words": "wounded",
        "date_start": "2025-03-11",
        "date_end": "2025-03-11",
        "date_precision": "day",
        "date_basis": "from_event",
    },
}
COMMON = {
    "event_id": EVENT["event_id"],
    "event_basis": "inferred_from_text",
    "counted_by": "sohr",
    "count_kind": "running_tally",
    "count_status": "not_stated",
    "coverage": "whole_event",
    "country": "SY",
    "admin1": "SY-HM",
    "place_text": "a village near Hama",
}
# The judgments that hold for every figure of the text, typed once with `tolls add --set COLUMN=VALUE`.
ADD_ARGS = [
    "--kind",
    "news",
    "--published",
    PUBLISHED,
    "--label",
    "News excerpt on an attack near Hama (test)",
    *[arg for k, v in COMMON.items() for arg in ("--set", f"{k}={v}")],
]
ATTRIBUTION = {
    "actor_id": "armed-groups",
    "stance": "stated",
    "extent": "all",
    "quote": "Gunmen killed at least 12 civilians",
}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _undraft(notes: str) -> str:
    return re.sub(r"^\[draft:.*?; delete this bracket when done\]\s*", "", notes, flags=re.S)


def decide(root: Path, source_id: str) -> int:
    """Type the judgments into the drafted rows of `source_id` as a contributor would, and return how many
    cells were typed (each cell set or changed, each draft bracket deleted, each cell of a new row)."""
    typed = 0
    data = root / "data"
    header, events = _read(data / "events.csv")
    _write(data / "events.csv", header, [*events, EVENT])
    typed += sum(1 for v in EVENT.values() if v)
    header, groups = _read(data / "victim_groups.csv")
    _write(data / "victim_groups.csv", header, [*groups, VICTIM_GROUP])
    typed += len(VICTIM_GROUP)

    header, figures = _read(data / "figures.csv")
    ours = [f for f in figures if f["source_id"] == source_id]
    ids = {f["number_text"]: f["figure_id"] for f in ours}
    seen: dict[str, int] = {}
    for fig in ours:
        n = seen.get(fig["number_text"], 0)
        seen[fig["number_text"]] = n + 1
        cells = {**COMMON, **FIGURE_JUDGMENTS[(fig["number_text"], n)]}
        for key, value in cells.items():
            value = ids[value[1:]] if value.startswith("@") else value
            if fig.get(key) != value:
                fig[key] = value
                typed += 1
        fig["notes"] = _undraft(fig["notes"])
        typed += 1
    _write(data / "figures.csv", header, figures)

    for name in ("exclusions", "sources"):
        header, rows = _read(data / f"{name}.csv")
        for row in rows:
            if row["source_id"] == source_id and row["notes"].startswith("[draft:"):
                row["notes"] = _undraft(row["notes"])
                typed += 1
        _write(data / f"{name}.csv", header, rows)

    # the attribution: its quote typed (copied from the text); its offsets left for `tolls validate --fix`
    header, rows = _read(data / "attributions.csv")
    figure = ids["at least 12"]
    new_id = f"a{max(int(r['attribution_id'][1:]) for r in rows) + 1:03d}"
    rows.append({"attribution_id": new_id, "figure_id": figure, **ATTRIBUTION})
    _write(data / "attributions.csv", header, rows)
    typed += 2 + len(ATTRIBUTION)  # id, figure_id and the three cells; offsets are --fix's
    return typed
