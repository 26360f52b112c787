"""Dates a sentence gives relative to its text's publication date: "on Tuesday", "since Thursday", "yesterday".

A weekday names the most recent such day on or before the publication date: "on Tuesday" in a text of
Thursday 13 March is Tuesday 11 March, and in a text published on Tuesday 15 July it is that day, 15 July (a
report says "on Tuesday" of its own day); "last Tuesday" and "since Tuesday" (a period up to publication) are
the one before. "today" is the publication date itself. Where the publication date is not known to the day,
nothing is resolved: a date is never guessed without its anchor. Every resolved date comes with the words it
was read from and the reasoning, for a row's notes, and its basis is `inferred_from_publication` (the
codebook's word for a weekday or "yesterday" resolved against the publication date).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["BASIS", "RelativeDate", "relative_dates", "resolve_relative"]

BASIS = "inferred_from_publication"  # date_basis of a date resolved here (datapackage.json, figures.date_basis)

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


def resolve_relative(word: str, published: dt.date, prep: str = "") -> dt.date:
    """The date a relative day word names, seen from a text published on `published`; `prep` is the word
    before it ("last Tuesday" and "since Tuesday" are never the publication day itself)."""
    w = " ".join(word.lower().split())
    if w in ("today", "tonight"):
        return published
    if w == "yesterday":
        return published - dt.timedelta(days=1)
    if w == "the day before yesterday":
        return published - dt.timedelta(days=2)
    back = (published.weekday() - WEEKDAYS.index(w)) % 7  # the most recent one on or before publication
    if back == 0 and prep.lower() in ("last", "since", "from"):  # a period, or "last": the week before
        back = 7
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
        day = resolve_relative(word, published, prep)
        same_day = ", the publication day itself" if day == published and word.lower() in WEEKDAYS else ""
        reasoning = (
            f"{m.group(0)!r} read against the publication date {published.isoformat()} "
            f"({published.strftime('%A')}): {day.isoformat()} ({day.strftime('%A')}{same_day})"
        )
        if since:
            reasoning += f", a period from that day to {published.isoformat()}"
        out.append(RelativeDate(m.group(0), m.start(), day, published if since else day, reasoning))
    return out
