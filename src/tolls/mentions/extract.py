"""Finding every number mention in a text, as candidate rows for data/figures.csv or data/exclusions.csv.

The numbers themselves are read by tolls.intervals.phrases (cues and intervals from data/interval_rules.csv).
The work is split by stage: tolls.mentions.exclusions (what is not a mention: dates, years, ages, percentages,
durations), tolls.mentions.guesses (what a mention counts, or why it is not a figure: heuristics for a human
to check), tolls.mentions.find (finding them) and tolls.mentions.output (CSV, JSON, table). This module keeps
the public names in one place and reads files.
"""

from __future__ import annotations

from pathlib import Path

from tolls.intervals.rule_table import RuleTable
from tolls.mentions.find import Mention, find_mentions, mentions_to_cover, sentence_spans, uncovered
from tolls.mentions.output import CSV_COLUMNS, format_mentions
from tolls.package.loading import Package

__all__ = [
    "CSV_COLUMNS",
    "Mention",
    "TextError",
    "extract_file",
    "find_mentions",
    "mentions_to_cover",
    "format_mentions",
    "sentence_spans",
    "source_language",
    "uncovered",
]


class TextError(ValueError):
    """A text cannot be read as the package keeps texts (UTF-8, no byte order mark)."""


def source_language(pkg: Package, path: str | Path) -> str | None:
    """The language (sources.language) of the package's source whose text is at `path`, if one is."""
    target = Path(path).resolve()
    _, rows, _ = pkg.read_rows("sources")
    for row in rows:
        if row.get("path") and (pkg.root / row["path"]).resolve() == target:
            return row.get("language") or None
    return None


def extract_file(
    path: str | Path, rules: RuleTable | None = None, keep_left_out: bool = False, language: str | None = None
) -> list[Mention]:
    """find_mentions over a UTF-8 file (newlines kept as they are, so offsets match the file's text).

    A file that is not UTF-8 raises TextError, saying where (figures quote texts by code-point offsets
    of the UTF-8 text, so no other encoding is guessed).
    """
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise TextError(
            f"{path}:{line}: byte {raw[exc.start]:#04x} at byte offset {exc.start} is not UTF-8; "
            "save the text as UTF-8 (without a byte order mark)"
        ) from None
    if text.startswith("\ufeff"):
        raise TextError(f"{path}:1: starts with a byte order mark; save the text as UTF-8 without it")
    return find_mentions(text, rules, keep_left_out, language=language)
