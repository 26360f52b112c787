"""What makes validation fast at scale keeps its results: the parser's shortcut, the read-once tables,
the cache of per-text results, the screen before frictionless."""

from __future__ import annotations

from pathlib import Path

import pytest

from tolls.numbers import _fold, could_start, load_rules, scan

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("text", [
    *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))),
    "About 8 to 10, a dozen or so, two dozen, a hundred, twenty-five, approx. 40, in excess of 9, some of them.",
])
def test_could_start_is_false_only_where_scan_reads_nothing(text: str):
    rules = load_rules(ROOT / "data" / "interval_rules.csv")
    s = _fold(text)
    skipped = [pos for pos in range(len(s)) if not could_start(s, pos, rules)]
    assert skipped, "the shortcut skips ordinary words"
    assert [pos for pos in skipped if scan(s, pos, rules) is not None] == []
