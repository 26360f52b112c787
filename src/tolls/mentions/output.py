"""Mentions as CSV, JSON or a plain-text table (what `tolls extract` prints)."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable
from dataclasses import asdict

from tolls.mentions.find import Mention

__all__ = ["CSV_COLUMNS", "format_mentions", "isolate_rtl"]

# Letters written right to left: Hebrew, Arabic, Syriac, Thaana, NKo, ..., and the Arabic presentation forms.
_RTL = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_COMBINING = re.compile(r"^[\u0300-\u036f\u064b-\u065f\u0670\u06d6-\u06ed]+")


def isolate_rtl(text: str) -> str:
    """A table cell's text for a terminal: when it holds right-to-left letters (Arabic), inside a first-strong
    isolate (U+2068 ... U+2069), which rich counts as zero width, so that a terminal that lays out bidirectional
    text orders the cell's words within the cell and never across a column's border. The letters are never
    reordered here: a terminal without bidirectional layout shows them in the order they are written."""
    return f"\u2068{text}\u2069" if _RTL.search(text) else text


CSV_COLUMNS = (
    "number_text",
    "quote",
    "quote_start",
    "quote_end",
    "line",
    "measure",
    "qualifier",
    "low",
    "stated_number",
    "high",
    "interval_rule",
    "exclusion_candidate",
)


def _row(m: Mention) -> dict[str, object]:
    p = m.parsed
    return {
        "number_text": m.number_text,
        "quote": m.sentence,
        "quote_start": m.sentence_start,
        "quote_end": m.sentence_end,
        "line": m.line,
        "measure": m.measure_guess,
        "qualifier": p.qualifier if p else None,
        "low": p.low if p else None,
        "stated_number": p.stated if p else None,
        "high": p.high if p else None,
        "interval_rule": p.rule if p else None,
        "exclusion_candidate": m.exclusion_guess,
    }


def format_mentions(mentions: Iterable[Mention], fmt: str = "table") -> str:
    """Mentions as 'csv' (columns CSV_COLUMNS), 'json' (every field) or a plain-text 'table'."""
    mentions = list(mentions)
    if fmt == "csv":
        buf = io.StringIO()
        writer = csv.DictWriter(buf, fieldnames=CSV_COLUMNS, lineterminator="\n")
        writer.writeheader()
        for m in mentions:
            writer.writerow({k: "" if v is None else v for k, v in _row(m).items()})
        return buf.getvalue()
    if fmt == "json":
        out = []
        for m in mentions:
            d = asdict(m)
            d.update(_row(m))
            out.append(d)
        return json.dumps(out, ensure_ascii=False, indent=2) + "\n"
    if fmt == "table":
        return _table(mentions)
    raise ValueError(f"unknown format {fmt!r}: use table, csv or json")


def _context(m: Mention, chars: int = 30) -> str:
    """About `chars` characters of the sentence each side of the mention, cut at spaces (a word is never cut, so
    no diacritic stands alone at a cell's edge)."""
    a, b = m.start - m.sentence_start, m.end - m.sentence_start
    left = m.sentence.rfind(" ", 0, max(0, a - chars)) + 1 if a > chars else 0
    right = m.sentence.find(" ", b + chars)
    return _COMBINING.sub("", m.sentence[left : right if right >= 0 else len(m.sentence)])


def _table(mentions: list[Mention]) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"{len(mentions)} number mentions", show_lines=False)
    for col in ("line", "number_text", "rule", "low", "stated", "high", "measure?", "exclusion?", "context"):
        table.add_column(col, overflow="fold")
    for m in mentions:
        p = m.parsed
        context = _context(m)

        def cell(v: object) -> Text:  # Text, not str: words of the text are never read as rich markup
            return Text("" if v is None else isolate_rtl(str(v)))

        table.add_row(
            cell(m.line),
            cell(m.number_text),
            cell(p.rule if p else None),
            cell(p.low if p else None),
            cell(p.stated if p else None),
            cell(p.high if p else None),
            cell(m.measure_guess),
            cell(m.exclusion_guess),
            cell(context.replace("\n", " ")),
        )
    out = io.StringIO()
    Console(file=out, width=160, color_system=None, force_terminal=False).print(table)
    return out.getvalue()
