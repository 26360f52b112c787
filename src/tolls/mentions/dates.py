"""Dates a sentence gives relative to its text's publication date: "on Tuesday", "since Thursday", "yesterday".

A weekday names the most recent such day before the publication date ("on Tuesday" in a text of Thursday
13 March is Tuesday 11 March); "today" is the publication date itself. Where the publication date is not
known to the day, nothing is resolved: a date is never guessed without its anchor. Every resolved date
comes with the words it was read from and the reasoning, for a row's notes, and is `inferred_from_text`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["RelativeDate", "relative_dates", "resolve_relative"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

# "on Tuesday", "since Thursday", "last Friday", "Tuesday night", a bare "Tuesday"; "yesterday", "today",
# "the day before yesterday". Word boundaries are letters only, so a glued "FridayHundreds" still reads.
_RELATIVE = re.compile(
    r"(?<![A-Za-z])(?:(?P<prep>on|since|from|last|this|until|by)\s+)?"
    r"(?P<word>the\s+day\s+before\s+yesterday|yesterday|today|tonight|" + "|".join(WEEKDAYS) + r")(?:'s)?",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class RelativeDate:
    words: str  # as written, e.g. "on Tuesday"
    start: int  # offset of the words in the text searched
    date_start: dt.date | None  # None when the publication date is unknown
    date_end: dt.date | None  # the same day, or the publication date for "since Tuesday"
    reasoning: str


def resolve_relative(word: str, published: dt.date) -> dt.date:
    """The date a relative day word names, seen from a text published on `published`."""
    w = " ".join(word.lower().split())
    if w in ("today", "tonight"):
        return published
    if w == "yesterday":
        return published - dt.timedelta(days=1)
    if w == "the day before yesterday":
        return published - dt.timedelta(days=2)
    back = (published.weekday() - WEEKDAYS.index(w)) % 7 or 7  # the most recent one strictly before
    return published - dt.timedelta(days=back)


def relative_dates(text: str, published: dt.date | None) -> list[RelativeDate]:
    """Every relative day word in text, resolved against `published` (None: left unresolved, and said so)."""
    out = []
    for m in _RELATIVE.finditer(text):
        word, prep = m.group("word"), (m.group("prep") or "").lower()
        since = prep in ("since", "from")
        if published is None:
            out.append(
                RelativeDate(
                    m.group(0), m.start(), None, None, f"{m.group(0)!r} needs the publication date, which is not known"
                )
            )
            continue
        day = resolve_relative(word, published)
        reasoning = (
            f"{m.group(0)!r} read against the publication date {published.isoformat()} "
            f"({published.strftime('%A')}): {day.isoformat()} ({day.strftime('%A')})"
        )
        if since:
            reasoning += f", a period from that day to {published.isoformat()}"
        out.append(RelativeDate(m.group(0), m.start(), day, published if since else day, reasoning))
    return out
