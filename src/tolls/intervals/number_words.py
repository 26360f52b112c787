"""Reading one number in a folded text: digits of any script with their separators, or number words.

English number words are read by text2num (allo-media/text2num-rs); this module knows its vocabulary
(_NUMBER_STEMS) so that the reader can skip ordinary words without asking it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache

from text_to_num import text2num

# The words text2num reads as a number on their own or as the first part of a hyphenated group
# ("twenty-one"), each of which it reads with any "s" after it ("hundreds"): its English vocabulary
# (allo-media/text2num-rs, src/lang/en/mod.rs), ordinals and old spellings included. A word that is not
# one of these, "a" or a cue's start can start no number (could_start); tests/validation/test_scale.py checks
# that text2num reads none of the other words the texts hold.
_NUMBER_STEMS = sorted(
    """zero o nought one first oneth two second three third four fourth five fifth six sixth seven seventh
    eight eighth nine ninth ten tenth eleven eleventh twelve twelfth thirteen thirteenth fourteen fourteenth
    fifteen fifteenth sixteen sixteenth seventeen seventeenth eighteen eighteenth nineteen nineteenth twenty
    twentieth thirty thirtieth fourty forty fortieth fourtieth fifty fiftieth sixty sixteeth sixtieth seventy
    seventieth eighty eightieth ninety ninetieth hundred hundredth thousand thousandth million millionth
    billion billionth""".split(),
    key=lambda w: (-len(w), w),
)


# Digits with thousands separators ("1,500") or without ("1000"), optionally a decimal part that a
# scale word may make whole ("1.5 million").
_DIGITS = re.compile(
    r"[0-9]{1,3}(?:(?:,[0-9]{3})+|(?:\u2009[0-9]{3})+|(?:\u202f[0-9]{3})+)(?![0-9])|[0-9]+(?:\.[0-9]+)?"
)
# Thousands separators _DIGITS accepts: a comma, a thin space or a narrow no-break space (SI style, as
# "1 000"), each used alone in one number.
_SEPARATORS = str.maketrans("", "", ",\u2009\u202f")
# A digit run this long is no count a text reports (beyond 64-bit integers); it is one mention with no
# interval, read in linear time, never converted to an integer.
_MAX_DIGITS = 18
_LONG_RUN = re.compile(
    rf"[0-9]{{1,3}}(?:\.[0-9]{{3}}){{2,}}(?![0-9])|(?P<dotted>[0-9]{{1,3}}\.[0-9]{{3}})(?![0-9.])"
    rf"|[0-9]*[0-9]{{{_MAX_DIGITS + 1}}}(?:\.[0-9]+)?|[0-9]+\.[0-9]*[0-9]{{{_MAX_DIGITS + 1}}}"
)
# Digits of any script (Arabic-Indic, fullwidth, Devanagari, ...): read as the ASCII digit they stand for.
_OTHER_DIGIT = re.compile(r"(?![0-9])\d")
# Nested readings ("at least" then "about" then ...) go no deeper than this: no phrase needs more.
_MAX_DEPTH = 4
_WORD = re.compile(r"[a-z]+(?:-[a-z]+)*")
_GAP = re.compile(r"[ \t\xa0]+")
_MAX_WORDS = 8
# After a reading: a decimal comma ("1,5") or more dot groups ("1.000.000" read as "1.000").
_DECIMAL_TAIL = re.compile(r"[,.][0-9]+(?:[,.][0-9]+)*")


def _fold(text: str) -> str:
    """Lower case, with the digits of every script as ASCII digits, every offset kept (str.lower can
    lengthen a few characters, e.g. 'İ'; each decimal digit is one code point, as its ASCII twin)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if not low.isascii():
        low = _OTHER_DIGIT.sub(lambda m: str(unicodedata.decimal(m.group())), low)
    return low


@lru_cache(maxsize=4096)
def _word_value(phrase: str) -> int | None:
    try:
        return text2num(phrase, "en")
    except ValueError:
        return None


def _is_plural_number_word(word: str) -> bool:
    # text2num reads "hundreds" and "tens" as 100 and 10; those plurals are quantity words that the
    # table defines, never cardinals.
    return word.endswith("s") and _word_value(word[:-1]) is not None and _word_value(word) is not None


def _scale_value(word: str) -> int | None:
    """100, 1000, 10**6, ... for a singular scale word such as 'hundred' or 'million'."""
    if _is_plural_number_word(word):
        return None
    v = _word_value(word)
    if v is None or v < 100 or 10 ** (len(str(v)) - 1) != v:
        return None
    return v


@dataclass(frozen=True)
class _Num:
    value: int
    end: int
    scale: int = 1  # the scale or multiplier word that ends the number: 100 of "three hundred", 12 of "two dozen"


def _skip_gap(s: str, pos: int) -> int:
    m = _GAP.match(s, pos)
    return m.end() if m else pos


def _next_words(s: str, pos: int, limit: int, can_follow: Callable[[str], bool] | None = None) -> list[re.Match[str]]:
    """Up to `limit` words from pos, each after the first one that can_follow accepts (if given)."""
    words: list[re.Match[str]] = []
    while len(words) < limit:
        m = _WORD.match(s, pos)
        if not m or (words and can_follow is not None and not can_follow(m.group())):
            break
        words.append(m)
        pos = _skip_gap(s, m.end())
    return words


# The words text2num takes inside a number besides its vocabulary: "and" and the other words its English
# reader skips (INSIGNIFICANT in text2num-rs src/lang/en/vocabulary.rs; "that's" left out, since no word
# the reader sees holds an apostrophe), and "point" before decimals.
_LINKING = frozenset("and ha ah hu hum minus more ok plus so then uh well yeah yes is point".split())
_STEM_SET = frozenset(_NUMBER_STEMS)


def _could_join(word: str) -> bool:
    """False only for a word text2num cannot read inside a number (any other word it reads as NaN):
    not a vocabulary word (each part of a hyphenated group, with any "s" after it), "a" or a linking word."""
    return (
        word == "a"
        or word in _LINKING
        or all(part.rstrip("s") in _STEM_SET or part in _STEM_SET for part in word.split("-"))
    )


def _read_scale(s: str, pos: int) -> _Num | None:
    m = _WORD.match(s, _skip_gap(s, pos))
    if m and pos != m.start():
        v = _scale_value(m.group())
        if v is not None:
            return _Num(v, m.end())
    return None


def _read_number(s: str, pos: int) -> _Num | None:
    """The number (digits or words) that starts at pos of the folded text s, if any."""
    d = _DIGITS.match(s, pos)
    if d:
        if pos > 0 and (s[pos - 1].isalnum()):
            return None
        end = d.end()
        if end < len(s) and s[end].isalpha():  # "24th", "1990s", "5km": not a count
            return None
        digits = d.group().translate(_SEPARATORS)
        if len(digits) > 2 * _MAX_DIGITS:
            return None  # scan reads it as one mention with no interval (see _long_run)
        value: int | Fraction = Fraction(digits) if "." in digits else int(digits)
        scale = _read_scale(s, end)
        if scale is not None:
            value, end = value * scale.value, scale.end
        if isinstance(value, Fraction) and value.denominator != 1:
            return None
        return _Num(int(value), end, scale.value if scale is not None else 1)
    if pos > 0 and s[pos - 1].isalnum():
        return None
    first = _WORD.match(s, pos)
    if first is None:
        return None
    if first.group() == "a":
        second = _WORD.match(s, _skip_gap(s, first.end()))
        if second is None or second.start() == first.end() or _scale_value(second.group()) is None:
            return None
    elif _word_value(first.group()) is None or _is_plural_number_word(first.group()):
        return None  # every English cardinal starts with a word that is a number on its own
    # text2num reads no phrase with a word it cannot read: the words after the first stop at the first one
    words = _next_words(s, pos, _MAX_WORDS, _could_join)
    tokens = [w.group() for w in words]
    if tokens[0] == "a":
        tokens[0] = "one"  # "a hundred", "a thousand"
    for k in range(len(tokens), 0, -1):
        if any(_is_plural_number_word(t) for t in tokens[:k]):
            continue
        v = _word_value(" ".join(tokens[:k]))
        if v is None:
            continue
        if v == 0 and not all(t in ("zero", "nought") for t in tokens[:k]):
            return None  # text2num reads a stray "o" as 0; only the word zero means zero
        return _Num(v, words[k - 1].end(), _trailing_scale(tokens[:k], v))
    return None


def _trailing_scale(tokens: list[str], value: int) -> int:
    """The scale word that multiplies all the words before it ("three hundred" -> 100), else 1."""
    scale = _scale_value(tokens[-1]) if len(tokens) > 1 else None
    if scale is None:
        return 1
    head = " ".join(tokens[:-1])
    before = 1 if head == "a" else _word_value(head)
    return scale if before is not None and before * scale == value else 1
