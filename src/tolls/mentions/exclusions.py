"""What is not a count of people: dates, years, ages, percentages, durations, clock times, names, pronouns."""

from __future__ import annotations

import re

_MONTHS = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
_MONTH_BEFORE = re.compile(rf"(?<![a-z])(?:{_MONTHS})\.?\s+$")
_MONTH_AFTER = re.compile(rf"(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})(?![a-z])")
# A bare four-digit number followed by one of these words (or by no word) is a year: "since 2011 and",
# "in 2024, the"; followed by any other word it is a count: "2000 people", "2000 civilians".
_YEAR_NEXT = re.compile(
    r"\s*(?:[^\w\s]|$|(?:and|or|but|when|while|after|before|as|to|the|a|an|in|on|at|of|for|with|by|"
    r"that|which|where|was|were|is|are|had|has|have|through|until|alone|onwards?|saw|marked)(?![a-z]))"
)
_PERCENT_AFTER = re.compile(r"\s*(?:(?:-|–|to)\s*\d[\d,.]*\s*)?(?:%|per\s?cent(?![a-z]))")
_AGE_BEFORE = re.compile(r"(?<![a-z])(?:aged|age|ages)\s+$")
_AGE_AFTER = re.compile(r"[\s-]*(?:years?|months?)[\s-]+old(?![a-z])")
_TIME_UNITS = (
    r"seconds?|minutes?|hours?|days?|nights?|weeks?|weekends?|months?|years?|decades?|centur(?:y|ies)|"
    r"generations?"
)
_DURATION_AFTER = re.compile(
    rf"[\s-]*(?:(?:more|other|long|full|straight|consecutive|whole|of)\s+)*(?:{_TIME_UNITS})(?![a-z])"
)
_CLOCK_AFTER = re.compile(r"(?::\d\d|\s*(?:a\.?m\.?|p\.?m\.?)(?![a-z]))")
_IDENTIFIER_BEFORE = re.compile(r"[a-z][-/]$")  # "COVID-19", "F-16", "A/78": part of a name
# "one" used as a pronoun: "one of the deadliest", "one another", "no one".
_PRONOUN_AFTER = re.compile(r"\s+(?:of|another|who|which|that|day)(?![a-z])|'s")
_PRONOUN_BEFORE = re.compile(r"(?<![a-z])(?:no|any|every|each|the|this|that|which|someone|anyone)\s+$")


def _left_out(s: str, start: int, end: int, bare_digits: str | None) -> str | None:
    """Why the reading at [start, end) of the folded text s is not a count, or None if it is one.

    bare_digits: the digits when the reading is a bare number in digits, else None.
    """
    before, after = s[max(0, start - 40) : start], s[end : end + 40]
    if _PERCENT_AFTER.match(after):
        return "percentage"
    if _DURATION_AFTER.match(after):
        return "duration"
    if _AGE_AFTER.match(after) or _AGE_BEFORE.search(before):
        return "age"
    if _CLOCK_AFTER.match(after):
        return "clock"
    if _IDENTIFIER_BEFORE.search(before):
        return "identifier"
    if bare_digits is not None:
        if _MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after):
            return "date"  # "November 24", "22 June", "December 2024"
        if len(bare_digits) == 4 and 1800 <= int(bare_digits) <= 2100:
            # A year: "since 2011", "in 2024", "2025:"; but "2000 people" is a count.
            if _YEAR_NEXT.match(after):
                return "year"
    if s[start:end] == "one" and (_PRONOUN_AFTER.match(after) or _PRONOUN_BEFORE.search(before)):
        return "pronoun"
    return None


# What find_mentions(keep_left_out=True) still returns, with its exclusion guess; dates, years, clock
# times and names are never mentions.
_KEPT_LEFT_OUT = {
    "percentage": "population_share",
    "duration": "duration",
    "age": "other",
    "pronoun": "other",
}
