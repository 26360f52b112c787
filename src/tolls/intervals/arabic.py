"""Reading Arabic numbers: cardinals in their case and gender forms, compounds, duals, digits with a scale word.

The text is folded first (tolls.intervals.number_words._fold, one code point for one, so no offset moves): alef
forms are alef, alef maksura is yeh, ta marbuta is heh, Arabic-Indic and Eastern Arabic-Indic digits are ASCII
digits, the Arabic separators are "," and ".", and diacritics (tanween included) are the tatweel, which this
reader skips inside a word. The vocabulary below is written as a reader of Arabic writes it and folded the same
way when the module loads.

Why a reader of our own: no library in the package lists reads a number *in a text*. pyarabic's text2number (the
only Arabic reader there) takes a string already cut to a number and sums every number word in it ("خمسة ستة"
is 11, where a count reader must see two numbers), gives no offsets, lacks forms (اثنتان, مئتا, ألفي, ألوف) and is
GPL-3.0 where tolls is MIT; camel-tools has no number reader, and num2words writes numbers (its Arabic tables are
the tests' independent check: tests/intervals/test_arabic.py reads back what num2words writes).

The grammar read (units first in compounds, as Arabic writes them; "و" joins the parts, written on the next word
or alone):
    number  := below_1000 [scale] ["و" smaller number] | scale_word ["و" smaller number]
    below_1000 := hundreds ["و" below_100] | below_100
    below_100  := unit "و" tens | teen | tens | unit
A scale after a group multiplies it: "ثلاثة آلاف" (3,000, the plural after 3 to 10), "عشرون ألفا" (20,000, the
singular after 11 and more), "خمسمئة ألف"; a scale word alone is one (ألف), or two in the dual (ألفين, مليونان).
"""

from __future__ import annotations

import re

from tolls.intervals.number_words import _GAP, NOISE, _fold, _Num, _read_digits

__all__ = ["ArabicReader", "arabic_value"]


def _forms(spec: dict[int, str]) -> dict[str, int]:
    return {_fold(w): value for value, words in spec.items() for w in words.split()}


# The forms of 1 to 10 that stand alone or start a compound ("خمسة وعشرون"), masculine and feminine, nominative
# and oblique. أحد and إحدى are left out: alone they are "someone", "one of", or Sunday (يوم الأحد); they count
# only inside 11 (أحد عشر, إحدى عشرة). Forms with the tanween alef (ثلاثا) are the accusative of the feminine.
_UNITS = _forms(
    {
        1: "واحد واحدة",
        2: "اثنان اثنين اثنتان اثنتين ثنتان ثنتين",
        3: "ثلاث ثلاثة ثلاثا",
        4: "أربع أربعة أربعا",
        5: "خمس خمسة خمسا",
        6: "ست ستة ستا",
        7: "سبع سبعة سبعا",
        8: "ثمان ثماني ثمانية",
        9: "تسع تسعة تسعا",
        10: "عشر عشرة عشرا",
    }
)
# The first word of 11 to 19 ("ثلاثة عشر", "إحدى عشرة", "اثنا عشر"), before عشر or عشرة.
_TEEN_UNITS = {
    **{w: v for w, v in _UNITS.items() if 3 <= v <= 9},
    **_forms({1: "أحد إحدى", 2: "اثنا اثني اثنتا اثنتي"}),
}
_TEEN_TEN = frozenset(_fold(w) for w in ("عشر", "عشرة"))
_TENS = _forms(
    {
        20: "عشرون عشرين",
        30: "ثلاثون ثلاثين",
        40: "أربعون أربعين",
        50: "خمسون خمسين",
        60: "ستون ستين",
        70: "سبعون سبعين",
        80: "ثمانون ثمانين",
        90: "تسعون تسعين",
    }
)
# 100 and 200 (مئة and مائة, the dual with its construct forms مئتا and مئتي) and the fused hundreds ("ثلاثمئة").
_HUNDRED_WORDS = _forms({100: "مئة مائة", 200: "مئتان مئتين مئتا مئتي مائتان مائتين مائتا مائتي"})
_HUNDREDS = {
    **_HUNDRED_WORDS,
    **{
        _fold(f"{stem}{h}"): v * 100
        for v, stems in {3: "ثلاث", 4: "أربع", 5: "خمس", 6: "ست", 7: "سبع", 8: "ثمان ثماني", 9: "تسع"}.items()
        for stem in stems.split()
        for h in ("مئة", "مائة")
    },
}
_HUNDRED = frozenset(w for w, v in _HUNDRED_WORDS.items() if v == 100)  # after 3 to 9: "ثلاث مئة"


class _Scale:
    def __init__(self, value: int, one: str, tamyiz: str, dual: str, plural: str) -> None:
        self.value = value
        self.one = frozenset(_fold(w) for w in one.split())  # the word alone is one of it: ألف
        self.tamyiz = frozenset(_fold(w) for w in tamyiz.split())  # after 11 and more: "عشرون ألفا"
        self.dual = frozenset(_fold(w) for w in dual.split())  # two of it: ألفين
        self.plural = frozenset(_fold(w) for w in plural.split())  # after 3 to 10: "ثلاثة آلاف"


_SCALES = (
    _Scale(10**3, "ألف", "ألف ألفا", "ألفان ألفين ألفي", "آلاف ألوف"),
    _Scale(10**6, "مليون", "مليون مليونا", "مليونان مليونين مليوني", "ملايين"),
    _Scale(10**9, "مليار", "مليار مليارا", "ملياران مليارين ملياري", "مليارات"),
)
# A scale word after digits: "5 آلاف", "20 ألفا", "1.5 مليون".
_SCALE_AFTER = {w: sc.value for sc in _SCALES for w in sc.one | sc.tamyiz | sc.plural}
# "ألفا" alone is the dual construct, two thousand ("ألفا شخص"); with a tanween it is one thousand in the
# accusative (ألفًا): the folded word keeps the tanween as noise before its last alef.
_DUAL_OR_ONE = {_fold(w): value for value, w in ((10**3, "ألفا"), (10**6, "مليونا"), (10**9, "مليارا"))}

_CONJ = "\u0648"  # و
_WORD = re.compile(r"[\u0621-\u064a\u0640]+")
# One-letter words written on the next word (proclitics): "و" and "ف" (and, then) before "ب", "ل", "ك" (with,
# for, like); the article "ال" (written "ل" after "ل": "للعشرات").
_CLITICS = ("", "و", "ف", "ب", "ل", "ك", "وب", "ول", "وك", "فب", "فل", "فك")
_ARTICLES = ("ال", "وال", "فال", "بال", "كال", "وبال", "لل", "ولل", "فلل")


def _key(word: str) -> str:
    return word.replace(NOISE, "")


# Every word that can start a number (after its proclitics): the start search's vocabulary.
FIRST_WORDS = frozenset(
    {*_UNITS, *_TEEN_UNITS, *_TENS, *_HUNDREDS} | {w for sc in _SCALES for w in sc.one | sc.dual} | set(_DUAL_OR_ONE)
)


class _Tokens:
    """The words from a position: each as (key, has "و" before it, start, end)."""

    def __init__(self, s: str, pos: int) -> None:
        self.s = s
        self.items: list[tuple[str, bool, int, int]] = []
        at = pos
        conj = False
        while len(self.items) < 16:
            m = _WORD.match(s, at)
            if m is None:
                break
            word = _key(m.group())
            if word == _CONJ:  # "و" written alone: "خمسة و عشرون"
                conj = True
            elif word.startswith(_CONJ) and word not in FIRST_WORDS and len(word) > 1:
                self.items.append((word[1:], True, m.start(), m.end()))
                conj = False
            else:
                self.items.append((word, conj, m.start(), m.end()))
                conj = False
            nxt = _GAP.match(s, m.end())
            if nxt is None:
                break
            at = nxt.end()
            if conj and _WORD.match(s, at) is None:
                break

    def word(self, i: int) -> str | None:
        return self.items[i][0] if i < len(self.items) else None

    def joined(self, i: int) -> bool:
        """Whether word i follows a "و"."""
        return i < len(self.items) and self.items[i][1]


def _below_100(t: _Tokens, i: int, first: bool) -> tuple[int, int] | None:
    """(value, next index) of 1..99 at word i; `first`: word i is the number's first word (no "و" before it)."""
    w = t.word(i)
    if w is None or (first and t.joined(i)) or (not first and not t.joined(i)):
        return None
    if w in _TEEN_UNITS and t.word(i + 1) in _TEEN_TEN and not t.joined(i + 1):
        return 10 + _TEEN_UNITS[w], i + 2
    if w in _TENS:
        return _TENS[w], i + 1
    if w in _UNITS:
        value = _UNITS[w]
        tens = t.word(i + 1)
        if value < 10 and tens is not None and tens in _TENS and t.joined(i + 1):  # units first: "خمسة وعشرون"
            return value + _TENS[tens], i + 2
        return value, i + 1
    return None


def _below_1000(t: _Tokens, i: int, first: bool) -> tuple[int, int] | None:
    w = t.word(i)
    if w is None or (first and t.joined(i)) or (not first and not t.joined(i)):
        return None
    hundreds, j = None, i
    if w in _HUNDREDS:
        hundreds, j = _HUNDREDS[w], i + 1
    elif w in _UNITS and 3 <= _UNITS[w] <= 9 and t.word(i + 1) in _HUNDRED and not t.joined(i + 1):
        hundreds, j = _UNITS[w] * 100, i + 2  # "ثلاث مئة"
    if hundreds is not None:
        rest = _below_100(t, j, first=False)
        return (hundreds + rest[0], rest[1]) if rest else (hundreds, j)
    return _below_100(t, i, first)


def _number(t: _Tokens, i: int, first: bool, below: int | None = None) -> tuple[int, int] | None:
    """(value, next index) of the number at word i, smaller than `below` when given (the part after a scale)."""
    w = t.word(i)
    if w is None or (first and t.joined(i)) or (not first and not t.joined(i)):
        return None
    for sc in reversed(_SCALES):  # a scale word first: "ألف وخمسمئة", "ألفان", "مليون"
        if below is not None and sc.value >= below:
            continue
        if w in sc.one or w in sc.dual or w in _DUAL_OR_ONE and _DUAL_OR_ONE[w] == sc.value:
            if w in sc.one:
                value = sc.value
            elif w in sc.dual:
                value = 2 * sc.value
            else:  # "ألفا" alone: see _DUAL_OR_ONE
                start, end = t.items[i][2], t.items[i][3]
                value = sc.value if NOISE in t.s[start:end] else 2 * sc.value
            return _rest(t, i + 1, value, sc.value)
    group = _below_1000(t, i, first)
    if group is None:
        return None
    value, j = group
    nxt = t.word(j)
    if nxt is not None and not t.joined(j):
        for sc in _SCALES:
            if below is not None and sc.value >= below:
                continue
            if (3 <= value <= 10 and nxt in sc.plural) or (value >= 3 and nxt in sc.tamyiz):
                return _rest(t, j + 1, value * sc.value, sc.value)
    if below is not None and value >= below:
        return None
    return value, j


def _rest(t: _Tokens, j: int, value: int, scale: int) -> tuple[int, int]:
    """value, plus a smaller number joined by "و" after it ("ألف وخمسمئة")."""
    more = _number(t, j, first=False, below=scale)
    return (value + more[0], more[1]) if more else (value, j)


def arabic_value(words: str) -> int | None:
    """The number that the words are, all of them (None if they are not one number): for tests and notebooks."""
    s = _fold(words.strip())
    num = ArabicReader.read_number(s, 0)
    return num.value if num is not None and num.end == len(s) else None


def _glued(s: str, pos: int) -> bool:
    """Whether the letters before pos make a reading there part of a longer word: False when they are only
    proclitics written on it ("و150", "بـ150", "وخمسة")."""
    start = pos
    while start > max(0, pos - 5) and ("\u0621" <= s[start - 1] <= "\u064a" or s[start - 1] == NOISE):
        start -= 1
    if start > 0 and s[start - 1].isalnum():
        return True
    return _key(s[start:pos]) not in _CLITICS


class ArabicReader:
    """How the Arabic rules read a number and the words around it (see EnglishReader for the interface)."""

    language = "ar"
    word = _WORD
    # "أو" (or) before another number makes a reading ambiguous ("10 أو 12"); "إلى" (to) too, unless "من"
    # opened a range before it ("من 10 إلى 12", the range rule).
    alternatives = frozenset({_fold("أو"), _fold("إلى")})
    clitics = True
    noun_before_qualifier = True  # "10 مدنيين على الأقل": the cue after the counted noun

    @staticmethod
    def read_number(s: str, pos: int) -> _Num | None:
        """The number (digits or words) that starts at pos of the folded text s, if any."""
        num = _read_digits(s, pos, ArabicReader.read_scale, _glued)
        if num is not None or (pos < len(s) and s[pos].isdigit()):
            return num
        if pos > 0 and _glued(s, pos):
            return None
        t = _Tokens(s, pos)
        if not t.items or t.items[0][2] != pos:
            return None
        read = _number(t, 0, first=True)
        if read is None:
            return None
        value, j = read
        return _Num(value, t.items[j - 1][3], _trailing_scale(t, j, value))

    @staticmethod
    def read_scale(s: str, pos: int) -> _Num | None:
        """A scale word after a number in digits or a quantity word ("5 آلاف", "عدة آلاف")."""
        gap = _GAP.match(s, pos)
        if gap is None:
            return None
        m = _WORD.match(s, gap.end())
        if m is None:
            return None
        value = _SCALE_AFTER.get(_key(m.group()))
        return _Num(value, m.end()) if value is not None else None

    glued = staticmethod(_glued)

    @staticmethod
    def could_start_word(word: str) -> bool:
        return _key(word) in FIRST_WORDS

    @staticmethod
    def cue_pattern(cue: str) -> str:
        """Regex for one cue: each letter may carry noise (diacritics, tatweel), words joined by any whitespace; a
        cue of one letter is a proclitic, written on the word after it ("و10"), so only longer cues end a word."""
        body = r"\s+".join("".join(re.escape(c) + f"{NOISE}*" for c in w) for w in cue.split())
        if len(cue) > 1 and cue[-1].isalnum():
            body += r"(?![\w])"
        return body

    @staticmethod
    def start_pattern(prefix_cues: list[str]) -> re.Pattern[str]:
        """Every word start: scan itself looks past the proclitics a word may carry (starts)."""
        return re.compile(r"(?<!\w)(?=\w)")

    @staticmethod
    def starts(s: str, pos: int) -> list[tuple[int, bool]]:
        """Where a reading may begin in the word that starts at pos: there, and after each run of proclitics
        the word starts with ("وأكثر", "بنحو", "و150"); after the article (العشرات) only a quantity word may be
        read (True)."""
        out = [(pos, False)]
        for prefixes, article in ((_CLITICS[1:], False), (_ARTICLES, True)):
            for p in prefixes:
                if s.startswith(p, pos):
                    at = pos + len(p)
                    while at < len(s) and s[at] == NOISE:
                        at += 1
                    if at < len(s) and (s[at].isdigit() or "\u0621" <= s[at] <= "\u064a"):
                        out.append((at, article))
        return out


def _trailing_scale(t: _Tokens, j: int, value: int) -> int:
    """The scale that multiplies all the words before it ("ثلاثة آلاف" -> 1000), else 1."""
    last = t.word(j - 1)
    for sc in _SCALES:
        if j > 1 and (last in sc.plural or last in sc.tamyiz) and value % sc.value == 0:
            return sc.value
    return 1
