"""The words of a language that tell a count of people from other numbers, and guess what a count counts.

find_mentions reads a text with its language's lexicon: English (tolls.mentions.exclusions and guesses) or
Arabic (tolls.mentions.arabic). A language without one of its own uses the English one, as it uses the English
number words (docs/languages.md says how to add one).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

__all__ = ["Lexicon", "lexicon"]


@dataclass(frozen=True)
class Lexicon:
    # why the reading at [start, end) of the folded text is not a count (a kind: "date", "age", ...), or None
    left_out: Callable[[str, int, int, str | None], str | None]
    # a percentage's sign or words right after a number ("%", "per cent", "في المئة")
    percent_after: re.Pattern[str]
    # the left-out kinds kept as exclusions to record, with the exclusion reason each gets
    kept_left_out: dict[str, str]
    # (reason, note) why a mention may not be a figure, from the words around it
    exclusion_guess: Callable[..., tuple[str | None, str | None]]
    # the measure the nearest measure word says
    measure_guess: Callable[[str, int, int, int, int], str | None]


@cache
def lexicon(language: str) -> Lexicon:
    """The lexicon of `language` (ISO 639-1); English for a language without one."""
    from tolls.mentions import arabic, exclusions, guesses

    if language == "ar":
        return arabic.LEXICON
    return Lexicon(
        exclusions._left_out,
        exclusions._PERCENT_AFTER,
        exclusions._KEPT_LEFT_OUT,
        guesses._exclusion_guess,
        guesses._measure_guess,
    )
