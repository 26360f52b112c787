"""Reading one number in a folded text: digits of any script with their separators, or number words.

English number words are read by text2num (allo-media/text2num-rs); this module knows its vocabulary
(_NUMBER_STEMS) so that the reader can skip ordinary words without asking it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from typing import Protocol

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


# What _fold makes of the letters news text writes in more than one way, one code point for one, so that no
# offset moves: the alef forms (أ إ آ ٱ) are alef, alef maksura and the Persian yeh are yeh (ى ی -> ي), ta
# marbuta is heh (ة -> ه), the Persian kaf is kaf; the Arabic thousands separator, decimal separator and
# percent sign are their Latin twins (٬ -> ",", ٫ -> ".", ٪ -> "%"). Diacritics (the harakat, tanween,
# shadda, sukun, the superscript alef, Quranic marks) and the zero-width joiners become the tatweel (ـ),
# itself noise: the Arabic reader skips it inside words (tolls.intervals.arabic).
NOISE = "\u0640"
_ARABIC_FOLD = {
    **dict.fromkeys(map(ord, "\u0623\u0625\u0622\u0671"), "\u0627"),
    **dict.fromkeys(map(ord, "\u0649\u06cc"), "\u064a"),
    ord("\u0629"): "\u0647",
    ord("\u06a9"): "\u0643",
    ord("\u066c"): ",",
    ord("\u066b"): ".",
    ord("\u066a"): "%",
    **dict.fromkeys([*range(0x064B, 0x0660), 0x0670, *range(0x06D6, 0x06EE), 0x200C, 0x200D], NOISE),
}
_ARABIC_BLOCK = re.compile(r"[\u0600-\u06ff\u200c\u200d]")


def _fold(text: str) -> str:
    """Lower case, with the digits of every script as ASCII digits and Arabic spelling variants and
    diacritics folded (see _ARABIC_FOLD), every offset kept (str.lower can lengthen a few characters, e.g.
    'İ'; each decimal digit is one code point, as its ASCII twin; each Arabic fold maps one code point to one)."""
    low = text.lower()
    if len(low) != len(text):
        low = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    if not low.isascii():
        if _ARABIC_BLOCK.search(low):
            low = low.translate(_ARABIC_FOLD)
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


def _read_digits(
    s: str, pos: int, read_scale: Callable[[str, int], _Num | None], glued: Callable[[str, int], bool] | None = None
) -> _Num | None:
    """The number in digits at pos (times a scale word after it that read_scale reads: "1.5 million"), if any.

    glued(s, pos) says whether the letter before pos makes the digits part of a word ("F16"); by default any
    letter or digit does."""
    d = _DIGITS.match(s, pos)
    if not d:
        return None
    if pos > 0 and (s[pos - 1].isalnum()) and (glued is None or glued(s, pos)):
        return None
    end = d.end()
    if end < len(s) and s[end].isalpha():  # "24th", "1990s", "5km": not a count
        return None
    digits = d.group().translate(_SEPARATORS)
    if len(digits) > 2 * _MAX_DIGITS:
        return None  # scan reads it as one mention with no interval (see _long_run)
    value: int | Fraction = Fraction(digits) if "." in digits else int(digits)
    scale = read_scale(s, end)
    if scale is not None:
        value, end = value * scale.value, scale.end
    if isinstance(value, Fraction) and value.denominator != 1:
        return None
    return _Num(int(value), end, scale.value if scale is not None else 1)


def _read_number(s: str, pos: int) -> _Num | None:
    """The number (digits or words) that starts at pos of the folded text s, if any."""
    if _DIGITS.match(s, pos):
        return _read_digits(s, pos, _read_scale)
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


class Reader(Protocol):
    """What the rules of a language ask of its reader: EnglishReader below, tolls.intervals.arabic.ArabicReader.
    A reader is a class whose members are all static, used as it is (never instantiated)."""

    language: str
    word: re.Pattern[str]
    alternatives: frozenset[str]
    clitics: bool
    noun_before_qualifier: bool

    def read_number(self, s: str, pos: int, /) -> _Num | None: ...
    def read_scale(self, s: str, pos: int, /) -> _Num | None: ...
    def glued(self, s: str, pos: int, /) -> bool: ...
    def could_start_word(self, word: str, /) -> bool: ...
    def cue_pattern(self, cue: str, /) -> str: ...
    def start_pattern(self, prefix_cues: list[str], /) -> re.Pattern[str]: ...
    def starts(self, s: str, pos: int, /) -> Sequence[tuple[int, bool]]: ...


class EnglishReader:
    """How the English rules read a number and the words around it (the reader of a language's rules: see
    tolls.intervals.arabic for another)."""

    language = "en"
    word = _WORD
    # Words that make a following number an alternative to the one read ("10 or 12", "10 to 8"); a number
    # after one of them that no rule joins makes the phrase ambiguous. "and" lists two counts.
    alternatives = frozenset({"or", "to"})
    clitics = False  # no word carries a prefix to look past
    noun_before_qualifier = False  # an after-cue follows the number itself ("740 or more")

    read_number = staticmethod(_read_number)
    read_scale = staticmethod(_read_scale)

    @staticmethod
    def glued(s: str, pos: int) -> bool:
        """Whether the character before pos makes a reading at pos part of a longer word."""
        return pos > 0 and s[pos - 1].isalnum()

    @staticmethod
    def could_start_word(word: str) -> bool:
        return word == "a" or _word_value(word) is not None

    @staticmethod
    def cue_pattern(cue: str) -> str:
        """Regex for one cue: words joined by any whitespace, whole words only."""
        body = r"\s+".join(re.escape(w) for w in cue.split())
        if cue[0].isalnum():
            body = r"(?<![a-z0-9])" + body
        if cue[-1].isalnum():
            body += r"(?![a-z0-9])"
        return body

    @staticmethod
    def start_pattern(prefix_cues: list[str]) -> re.Pattern[str]:
        """Every place could_start may say True (a digit, "a", a number word, a cue's first word), found by one
        regex search instead of a test per word; could_start then decides at those places only. Like the
        word-by-word reading it replaces, it looks only where a word starts with a letter or a digit. A cue's
        first word is a candidate only before one of the second words its cues have: "in" only before
        "excess", "a" only before "dozen", "few", ... or a number word ("a hundred"): most of a text's "in"s
        and "a"s are then never looked at."""
        seconds: dict[str, set[str]] = {"a": set(_NUMBER_STEMS)}
        for cue in prefix_cues:
            first, *rest = cue.split()
            seconds.setdefault(first, set()).add(rest[0] if rest else "")
        firsts = [
            re.escape(w)
            + (r"(?![a-z0-9])" if w[-1].isalnum() else "")
            + ("" if "" in seconds[w] else r"(?=\s+(?:" + "|".join(map(re.escape, sorted(seconds[w]))) + "))")
            for w in sorted(seconds, key=lambda w: (-len(w), w))
        ]
        return re.compile(
            r"\b(?=[a-z0-9])(?:[0-9]|(?:"
            + "|".join(_NUMBER_STEMS)
            + r")s*(?![a-z])"
            + "".join(f"|{w}" for w in firsts)
            + ")"
        )

    @staticmethod
    def starts(s: str, pos: int) -> tuple[tuple[int, bool], ...]:
        """Where a reading may begin for a word that starts at pos, and whether only a quantity word may be
        read there: English words carry no prefix, so only pos."""
        return ((pos, False),)
