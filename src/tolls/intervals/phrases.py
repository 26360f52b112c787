"""Reading the words of a reported figure as an interval: qualifier, low, high, and the number stated.

Every cue phrase, unit and factor comes from data/interval_rules.csv; this module only knows the
shape of a phrase: [cue] number [joiner number] [after-cue] [trailing words], or a quantity word
("dozens"). A rule's cue_position says whether its cues stand before the number ("at least 8") or
after it ("8 or more"). Arithmetic is exact (Fraction built from the CSV strings), so 1500 * 1.05 is
1575, not 1575.0000000000002. A phrase is read with the rules of one language (its source's, else the one its
script shows): the words of numbers are read by that language's reader (number_words.EnglishReader,
arabic.ArabicReader), which also says what a word is and which words make an alternative ("or", "أو").

Three rules of reading live in code, since they are about the shape of a phrase, not about words:

* Words after the number that change its meaning are never dropped. A number followed by another
  number ("7 45"), by a decimal comma ("1,5"), or by "or"/"to" and a number that no rule joins to it
  ("10 or 12", "10 to 8") is ambiguous and reads as None; so is a qualified reading followed by another
  qualifier ("at least 10 to 12", "over 740 or more"). "and" between two numbers ("8 and 10") lists two
  counts, as the range rule's example shows ("and" joins a range only after "between"), so the first
  number stands. A noun phrase after the number ("25 people", "dozens injured") is ignored.
* A multiplier or scale word after the second number of a range applies to both ends when the first
  end is a bare number below the second's: "two to three dozen" is 24..36, "2 to 3 million" 2..3
  million, but "500 to 2 thousand" is 500..2000.
* Zero comes only from words that say none. For a number n >= 1, a bound that the formula computes
  below 1 is left empty (unknown): "approximately 1" has no low, "nearly 1" no low and no high (no
  whole count lies below 1 and near it). The one exception is the high of a rule that gives no lower
  bound at all (at_most, fewer_than in the table): "fewer than 1" says none, and its high 0 stands.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tolls.intervals.number_words import _DECIMAL_TAIL, _LONG_RUN, _MAX_DEPTH, _fold, _Num, _skip_gap
from tolls.intervals.rule_table import (
    _NONE,
    _RANGE,
    LanguageRules,
    Parsed,
    Rule,
    RuleTable,
    _norm_cue,
    default_rules_path,
    load_rules,
)

__all__ = [
    "Parsed",
    "Rule",
    "RuleTable",
    "Scan",
    "default_rules_path",
    "detect_language",
    "language_rules",
    "load_rules",
    "match_rule",
    "parse_figure",
    "scan",
]

# Letters of the Arabic script (after _fold): a phrase or text with more of them than of Latin letters is Arabic.
_ARABIC_LETTER = re.compile(r"[\u0621-\u064a]")
_LATIN_LETTER = re.compile(r"[a-z]")


def detect_language(text: str) -> str | None:
    """'ar' when Arabic letters outnumber Latin ones in text, else None (the table's default language): for a
    phrase or file whose source language is not known."""
    if text.isascii() or _ARABIC_LETTER.search(text) is None:
        return None
    arabic = len(_ARABIC_LETTER.findall(text))
    return "ar" if arabic and arabic >= len(_LATIN_LETTER.findall(text.lower())) else None


def language_rules(
    rules: RuleTable | LanguageRules | None, language: str | None = None, text: str | None = None
) -> LanguageRules:
    """The rules that read a text: of `language` when given, else of the language its script shows (Arabic),
    else the table's default (English); the package's data/interval_rules.csv when no table is given."""
    if isinstance(rules, LanguageRules):
        return rules
    table = rules or load_rules()
    return table.language(language or (detect_language(text) if text is not None else None))


# --- phrases ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Scan:
    """What a phrase starting at some position reads as: the rule hit and how far it reaches.

    parsed is None when the rule's words hold no number (qualifier 'none'), when a cue that needs a
    number is not followed by one ("some of the worst"), or when the phrase is ambiguous ("10 or 12",
    "7 45"); then ambiguous is True, end reaches past the words that make it so, and first_end is
    where the reading would have stopped without them.
    """

    rule: Rule
    parsed: Parsed | None
    start: int
    end: int
    ambiguous: bool = False
    first_end: int | None = None


def _quantity(rules: LanguageRules, rule: Rule, s: str, start: int, end: int) -> Scan:
    n = rule.unit or 0
    # "several thousand", "a few hundred" not in the table: the scale word multiplies the unit.
    scale = rules.reader.read_scale(s, end)
    if scale is not None and rule.cues:
        n, end = n * scale.value, scale.end
    return Scan(rule, rule.apply(n), start, end)


def scan(
    s: str, pos: int = 0, rules: RuleTable | LanguageRules | None = None, _depth: int = 0, language: str | None = None
) -> Scan | None:
    """Read the phrase that starts at pos of s (already folded: see _fold); None if no rule applies.

    rules: a language's rules, or the whole table with `language` (else the script of s decides). In a language
    whose words carry proclitics (Arabic "و", "ب", ...), the reading may start after them: Scan.start says where.
    """
    rules = language_rules(rules, language, s if rules is None or isinstance(rules, RuleTable) else None)
    if not rules.reader.clitics:
        return _scan(s, pos, rules, _depth)
    for at, article in rules.reader.starts(s, pos):
        res = _scan(s, at, rules, _depth)
        if res is not None and (not article or res.rule.unit is not None):
            return res
    return None


def _scan(s: str, pos: int, rules: LanguageRules, _depth: int = 0) -> Scan | None:
    if _depth > _MAX_DEPTH:
        return None
    long = _long_run(rules, s, pos)
    if long is not None:
        return long
    res = _scan_head(s, pos, rules, _depth)
    if res is None or res.parsed is None:
        return res
    res = _after_cue(rules, s, res)
    if res.parsed is None:
        return res
    tail = _alternative_end(rules, s, res.end)
    if tail is not None:
        return Scan(res.rule, None, res.start, tail, ambiguous=True, first_end=res.end)
    return res


def _long_run(rules: LanguageRules, s: str, pos: int) -> Scan | None:
    """A run of digits too long to be a count ("7777...7"), or digits grouped by dots ("1.000.000",
    "1.500 people": European thousands separators, or a decimal point): one mention with no interval,
    for a human to read, so that coverage still sees it."""
    if rules.reader.glued(s, pos):
        return None
    m = _LONG_RUN.match(s, pos)
    if m is None or (m.group("dotted") and rules.reader.read_scale(s, m.end()) is not None):
        return None  # "1.125 million" is a decimal
    return Scan(rules.bare, None, pos, m.end(), ambiguous=True, first_end=m.end())


def could_start(s: str, pos: int, rules: LanguageRules) -> bool:
    """False only where scan(s, pos, rules) is certainly None: no cue, no digit and no number word starts
    at pos. It mirrors the first steps of _scan_head and _read_number at the cost of two regex matches, so
    that a text's ordinary words are skipped without reading eight words after each."""
    reader = rules.reader
    if reader.clitics:
        # a cue's words may carry noise ("أكـثـر"), a word proclitics: scan itself looks (Arabic texts are few)
        return True
    if s[pos].isdigit() or (
        rules.prefix_re is not None and s.startswith(rules.prefix_firsts, pos) and rules.prefix_re.match(s, pos)
    ):
        return True
    m = reader.word.match(s, pos)
    return m is not None and reader.could_start_word(m.group())


def _scan_head(s: str, pos: int, rules: LanguageRules, _depth: int = 0) -> Scan | None:
    """The reading of a cue before the number, the number, and a range; no after-cue, no tail."""
    cue = rules.prefix_re.match(s, pos) if rules.prefix_re else None
    if cue:
        rule = rules.by_cue[_norm_cue(cue.group())]
        after = _skip_gap(s, cue.end())
        if rule.qualifier == _NONE:
            return Scan(rule, None, pos, cue.end())
        if rule.unit is not None:
            return _quantity(rules, rule, s, pos, cue.end())
        if rule.qualifier == _RANGE:  # a range's opener ("between"): joiners are never prefix cues
            a = _times(rules, s, rules.reader.read_number(s, after))
            pair = _read_joined(rules, s, a, opener=_norm_cue(cue.group())) if a else None
            if pair is None:
                return Scan(rule, None, pos, cue.end())
            return Scan(rule, rule.apply(*pair[:2]), pos, pair[2])
        num = _times(rules, s, rules.reader.read_number(s, after))
        if num is not None:
            joined = _read_joined(rules, s, num, opener=None)
            if joined is not None:
                # "about 8 to 10", "at least 10-12": a qualifier over a range, which no rule reads.
                return Scan(rule, None, pos, joined[2], ambiguous=True, first_end=num.end)
            return Scan(rule, rule.apply(num.value), pos, num.end)
        inner = scan(s, after, rules, _depth + 1) if after < len(s) else None
        if inner is not None and inner.ambiguous:
            return Scan(rule, None, pos, inner.end, ambiguous=True, first_end=inner.first_end)
        if inner is not None and inner.parsed is not None and inner.rule.unit is not None:
            if inner.parsed.stated is not None:
                # "at least a dozen", "about a dozen": the quantity word's stated number is the number.
                return Scan(rule, rule.apply(inner.parsed.stated), pos, inner.end)
            return Scan(inner.rule, inner.parsed, pos, inner.end)  # "up to dozens": the vague word rules
        return Scan(rule, None, pos, cue.end())
    num = _times(rules, s, rules.reader.read_number(s, pos))
    if num is None:
        return None
    if rules.range_rule is not None:
        pair = _read_joined(rules, s, num, opener=None)
        if pair is not None:
            return Scan(pair[3], pair[3].apply(*pair[:2]), pos, pair[2])
    return Scan(rules.bare, rules.bare.apply(num.value), pos, num.end)


def _after_cue(rules: LanguageRules, s: str, res: Scan) -> Scan:
    """res with an after-cue that follows it applied ("740 or more", "a dozen or so").

    In a language whose reader says so (Arabic), the after-cue may follow one word after the number, the noun
    it counts ("10 مدنيين على الأقل"). An after-cue qualifies a bare number, or the point value of a quantity
    word; after any other
    reading (a cue before the number, a range, a quantity word without a point value) the two
    qualifiers conflict and the phrase is ambiguous.
    """
    if rules.suffix_re is None:
        return res
    at = _skip_gap(s, res.end)
    cue = rules.suffix_re.match(s, at)
    if cue is None and rules.reader.noun_before_qualifier and at > res.end:
        # "10 مدنيين على الأقل": in Arabic the qualifier may follow the counted noun, one word
        noun = rules.reader.word.match(s, at)
        after = _skip_gap(s, noun.end()) if noun is not None else at
        if noun is not None and after > noun.end() and _scan_head(s, at, rules) is None:
            cue = rules.suffix_re.match(s, after)
    if cue is None or cue.start() == res.end or _starts_a_figure(rules, s, cue.start(), cue.end()):
        return res
    rule = rules.after_by_cue[_norm_cue(cue.group())]
    p = res.parsed
    if p is None:  # the callers pass a reading
        return res
    if res.rule is rules.bare and p.number is not None:  # a bare number always has one
        return Scan(rule, rule.apply(p.number), res.start, cue.end())
    if res.rule.unit is not None and p.stated is not None and res.rule.qualifier != _RANGE:
        return Scan(rule, rule.apply(p.stated), res.start, cue.end())
    return Scan(res.rule, None, res.start, cue.end(), ambiguous=True, first_end=res.end)


def _starts_a_figure(rules: LanguageRules, s: str, start: int, end: int) -> bool:
    """Whether a later word of the after-cue at [start, end) begins a figure: "or more than 20"."""
    for w in rules.reader.word.finditer(s, start, end):
        if w.start() > start:
            inner = _scan_head(s, w.start(), rules)
            if inner is not None and (inner.parsed is not None or inner.ambiguous):
                return True
    return False


def _alternative_end(rules: LanguageRules, s: str, pos: int) -> int | None:
    """Where the words after a reading that ends at pos end, when they make it ambiguous; else None.

    They do when they are a decimal comma ("1,5"), another number ("7 45"; "1 000"), or "or"/"to"
    and a figure ("10 or 12", "10 to 8", "hundreds or thousands"). A chain of alternatives ("1 or 2
    or 3 ...") is followed in a loop, so a run of any length is read in linear time.
    """
    end = None
    while True:
        comma = _DECIMAL_TAIL.match(s, pos)
        if comma:
            return comma.end()
        q = _skip_gap(s, pos)
        if q == pos or q >= len(s):
            return end
        word = rules.reader.word.match(s, q)
        if word is not None and word.group() in rules.reader.alternatives:
            r = _skip_gap(s, word.end())
            if r == word.end():
                return end
            other = _long_run(rules, s, r) or _scan_head(s, r, rules)
            if other is not None and other.parsed is not None:
                other = _after_cue(rules, s, other)
            if other is None or (other.parsed is None and not other.ambiguous):
                return end
            if other.parsed is None:
                return other.end
            end = pos = other.end
            continue
        number = rules.reader.read_number(s, q)
        if number is None:
            long = _long_run(rules, s, q)
            return long.end if long is not None else end
        if s.startswith("-", number.end) and number.end + 1 < len(s) and s[number.end + 1].isalpha():
            return end  # "one 45-year-old man": the second number is part of a compound word
        return number.end


def _times(rules: LanguageRules, s: str, num: _Num | None) -> _Num | None:
    """num times a following multiplier word ("two dozen"), else num."""
    if num is None or not rules.multipliers:
        return num
    m = rules.reader.word.match(s, _skip_gap(s, num.end))
    if m and m.start() > num.end and m.group() in rules.multipliers:
        k = rules.multipliers[m.group()]
        return _Num(num.value * k, m.end(), num.scale * k)
    return num


def _read_joined(rules: LanguageRules, s: str, first: _Num, opener: str | None) -> tuple[int, int, int, Rule] | None:
    """(low number, high number, end, the joiner's range rule) of a range that starts with first ("8 to 10",
    "10-12"), if a joiner and a second number follow.

    A scale or multiplier ending the second number applies to a bare first number below the
    second's own: "two to three dozen" is 24 to 36, "2 to 3 million" 2 to 3 million.
    """
    if rules.joiner_re is None:
        return None
    j = rules.joiner_re.match(s, _skip_gap(s, first.end))
    if not j:
        return None
    joiner = _norm_cue(j.group())
    need = rules.paired_joiners.get(joiner)
    if need is not None and opener != need:
        return None
    second = _times(rules, s, rules.reader.read_number(s, _skip_gap(s, j.end())))
    if second is None:
        return None
    low = first.value
    if first.scale == 1 and second.scale > 1 and first.value * second.scale < second.value:
        low = first.value * second.scale
    if second.value < low:
        return None
    return low, second.value, second.end, rules.by_cue[joiner]


def match_rule(text: str, rules: RuleTable | LanguageRules | None = None, language: str | None = None) -> str | None:
    """The rule_id the words trigger, 'no_number'-style rules included; None if no rule applies."""
    s = _fold(text.strip())
    res = scan(s, 0, language_rules(rules, language, s))
    return res.rule.rule_id if res is not None and not res.ambiguous else None


def parse_figure(
    text: str, rules: RuleTable | LanguageRules | None = None, language: str | None = None
) -> Parsed | None:
    """The interval of a figure's words ("over 740", "dozens injured", "أكثر من 740"); None if they hold no
    number or are ambiguous ("10 or 12", "7 45", "1,5": see the module docstring).

    Words after the number that qualify it are read ("740 or more"); a noun phrase is ignored. `language` (ISO
    639-1, the language of the words' source) picks the rules; without it the script of the words does
    (Arabic letters: Arabic; else the table's default, English).
    """
    s = _fold(text.strip())
    res = scan(s, 0, language_rules(rules, language, s))
    return res.parsed if res is not None else None
