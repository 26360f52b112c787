"""Terminal output: a short summary of the package, the ranges table, and query results (table, CSV or JSON).

An empty cell is printed empty (null in JSON): in this package it means unknown or unbounded, never zero.
"""

from __future__ import annotations

import csv
import datetime as dt
import decimal
import json
import re
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tolls.database.build import run_query
from tolls.mentions.output import isolate_rtl
from tolls.package.loading import Package

# Narrow enough for an 80-column terminal; `tolls query` shows every column of event_ranges.
# The range is in words with each end's counter, without the count of independent bodies, which
# "indep" shows (range_label, the same with the count, is the column to paste); a row with no event
# names its first figure.
RANGE_COLUMNS = (
    ("coalesce(event_id, 'no event: ' || figure_ids[1])", "event"),
    ("measure", "measure"),
    ("victim_group", "scope"),
    ("n_figures", "figs"),
    ("n_sources", "srcs"),
    ("n_independent", "indep"),
    ("low", "low"),
    ("high", "high"),
    ("coalesce(stated_range, range_label)", "range"),
)
NUMERIC = {"figs", "srcs", "indep", "low", "high"}
SUMMARY_ITEMS = 20  # items a summary line lists before it says "and N more"
SCREENFUL = 40  # ranges rows `tolls build` prints; above it, a count and how to see them


def format_value(value: object) -> str:
    """One cell as text, the way the DuckDB CLI prints it, so Python and the CLI agree."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(format_value(v) for v in value) + "]"
    return str(value)


# What a cell may not write raw to a terminal or a file: control characters but tab and line feed (an escape
# sequence recolours or retitles the terminal, a carriage return overwrites the line shown) and the
# bidirectional controls that reverse the text after them. Each is written as Python writes it: '\x1b'.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def escape_controls(text: str) -> str:
    """The text with each control character written as its escape ('\x1b', '\u202e')."""
    return _UNSAFE.sub(lambda m: repr(m.group())[1:-1], text)


def shown(value: object) -> str:
    """One cell as printed: format_value, its control characters escaped."""
    return escape_controls(format_value(value))


def json_value(value: object) -> object:
    """One cell as JSON: null stays null, a date is ISO 8601 text, a decimal a number, a list a list."""
    if isinstance(value, dt.date | dt.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, list | tuple):
        return [json_value(v) for v in value]
    if isinstance(value, dict):
        return {str(k): json_value(v) for k, v in value.items()}
    return value


def _console() -> Console:
    # Piped output (CI logs, files) has no terminal width; 120 columns keeps the tables readable.
    return Console(soft_wrap=False, width=None if sys.stdout.isatty() else 120)


def print_summary(pkg: Package, file: TextIO | None = None) -> None:
    """Figures per source and per event, in two lines (on stdout, or `file`)."""
    figures = pkg.load("figures")
    per_source = Counter(figures["source_id"].dropna())
    per_event = Counter(figures["event_id"].fillna("(no event)"))
    # plain print: a terminal wraps these between items, where rich would break inside an event id
    print(f"{len(figures)} figures from {len(per_source)} sources: " + _counts(per_source), file=file)
    print("figures by event: " + _counts(per_event), file=file)


def _counts(counts: Counter, limit: int = SUMMARY_ITEMS) -> str:
    """'a 3, b 2': every item of a short list; of a long one, the largest and how many more."""
    if len(counts) <= limit:
        return ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
    top = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))[:limit]
    return ", ".join(f"{k} {v}" for k, v in top) + f", and {len(counts) - limit} more"


def print_ranges(db_path: Path, event_id: str | None = None, limit: int | None = None, fmt: str = "table") -> bool:
    """Print event_ranges; False (and a message) when event_id is not a known event.

    As a table (`fmt` "table"), the columns that fit a terminal; with `limit`, a table longer than that is summed
    up in one line instead. As "csv" or "json", every column of the view, for other programs."""
    if fmt != "table":
        return _print_known_event(db_path, event_id) and _print_all_ranges(db_path, event_id, fmt)
    if limit is not None and event_id is None:
        [(n_rows, n_events)] = run_query(db_path, "SELECT count(*), count(DISTINCT event_id) FROM event_ranges")[1]
        if n_rows > limit:
            print(
                f"{n_rows} ranges for {n_events} events; see one event's with `tolls ranges --event ID`, "
                "all with `tolls ranges`"
            )
            return True
    cols = ", ".join(c for c, _ in RANGE_COLUMNS)
    sql = f"SELECT {cols} FROM event_ranges"
    if event_id is not None:
        if not _print_known_event(db_path, event_id):
            return False
        sql += f" WHERE event_id = '{_escape(event_id)}'"
    _, rows = run_query(db_path, sql)
    if not rows:
        print(f"no figures for event {event_id!r}" if event_id else "no figures")
        return True
    console = _console()
    # an 80-column terminal keeps the columns that carry the range; wider ones get the counts too
    narrow = console.width < 110
    keep = [i for i, (_, h) in enumerate(RANGE_COLUMNS) if not (narrow and h in {"figs", "srcs"})]
    table = Table(
        title="Reported figures per event, measure and victim scope (empty high: unbounded)",
        title_justify="left",
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        caption="indep: independent bodies (the offices of one government are one). The range spans each "
        "body's latest whole-event figure in one scope: earlier updates, parts (a province, a day), copies, "
        "relays, verified minimums and first counts others overtook are not in it (see event_ranges.all_label, "
        "minimums_label and overtaken_label).",
        caption_justify="left",
    )
    for i in keep:
        header = RANGE_COLUMNS[i][1]
        table.add_column(
            header,
            justify="right" if header in NUMERIC else "left",
            no_wrap=header in NUMERIC,
            ratio=None if header in NUMERIC else 1,
        )
    for row in rows:
        # Text: a cell is never read as markup; isolated when it holds Arabic (see isolate_rtl)
        table.add_row(*(Text(isolate_rtl(shown(row[i]))) for i in keep))
    console.print(table)
    return True


def _print_known_event(db_path: Path, event_id: str | None) -> bool:
    """True when event_id is None or an event of the database; else False, and the known ids on stderr."""
    if event_id is None:
        return True
    _, known = run_query(db_path, f"SELECT event_id FROM events WHERE event_id = '{_escape(event_id)}'")
    if not known:
        _, ids = run_query(db_path, "SELECT event_id FROM events ORDER BY event_id")
        print(f"no event {event_id!r}; known events: {', '.join(r[0] for r in ids)}", file=sys.stderr)
    return bool(known)


def _print_all_ranges(db_path: Path, event_id: str | None, fmt: str) -> bool:
    where = f" WHERE event_id = '{_escape(event_id)}'" if event_id is not None else ""
    print_result(*run_query(db_path, f"SELECT * FROM event_ranges{where}"), fmt)
    return True


def print_result(columns: Sequence[str], rows: Sequence[Sequence[object]], fmt: str = "table") -> None:
    """A query result on stdout: a rich table; CSV (header row, then rows; NULL as an empty cell); or JSON, an
    array of objects, one a row, keyed by column (NULL as null)."""
    if fmt == "csv":
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow([escape_controls(c) for c in columns])
        writer.writerows([shown(v) for v in row] for row in rows)
        return
    if fmt == "json":
        records = [dict(zip(columns, (json_value(v) for v in row), strict=True)) for row in rows]
        print(json.dumps(records, ensure_ascii=False, indent=2))
        return
    if fmt != "table":
        raise ValueError(f"unknown format {fmt!r}; use table, csv or json")
    if not columns:
        print("(no result)")
        return
    table = Table(caption=f"{len(rows)} row{'s' if len(rows) != 1 else ''}", caption_justify="left")
    for name in columns:
        table.add_column(Text(escape_controls(name)), overflow="fold")
    for row in rows:
        # Text, not str: "[/b]" or "[link=...]" in a cell is shown as written, never run as rich markup
        table.add_row(*(Text(isolate_rtl(shown(v))) for v in row))
    _console().print(table)


def _escape(text: str) -> str:
    return text.replace("'", "''")
