"""Reading the words of a reported figure as an interval: qualifier, low, high, and the number stated.

Every cue phrase, unit and factor comes from data/interval_rules.csv; this module only knows the
shape of a phrase: [cue] number [joiner number] [after-cue] [trailing words], or a quantity word
("dozens"). A rule's cue_position says whether its cues stand before the number ("at least 8") or
after it ("8 or more"). Arithmetic is exact (Fraction built from the CSV strings), so 1500 * 1.05 is
1575, not 1575.0000000000002.

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

import csv
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache
from pathlib import Path

from text_to_num import text2num

__all__ = [
    "Parsed",
    "Rule",
    "RuleTable",
    "Scan",
    "default_rules_path",
    "load_rules",
    "match_rule",
    "parse_figure",
    "scan",
]

# The qualifier values (datapackage.json enum) that give a rule a structural role.
_RANGE = "range"
_NONE = "none"
# The spread values (datapackage.json enum): how low and high are computed from n.
_FACTOR = "factor"
_LAST_DIGIT = "last_digit"
# The cue_position values (datapackage.json enum).
_BEFORE = "before"
_AFTER = "after"
# Words that make a following number an alternative to the one read ("10 or 12", "10 to 8"); a
# number after one of them that no rule joins makes the phrase ambiguous. "and" lists (see above).
_ALTERNATIVES = frozenset({"or", "to"})

_REQUIRED_COLUMNS = (
    "rule_id",
    "qualifier",
    "cues",
    "unit",
    "spread",
    "low_factor",
    "low_offset",
    "high_factor",
    "high_offset",
    "states_number",
    "example",
    "example_low",
    "example_stated",
    "example_high",
)


@dataclass(frozen=True)
class Parsed:
    """The interval a phrase stands for. None bounds are unknown/unbounded, never 0."""

    qualifier: str
    low: int | None
    stated: int | None  # the number the words state ("over 740": 740), not an estimate; None for "dozens"
    high: int | None
    rule: str
    number: int | None = None  # n of the formula: the number read, or the unit of a quantity word
    upper: int | None = None  # m of the formula when the phrase is a range, else None


@dataclass(frozen=True)
class Rule:
    rule_id: str
    qualifier: str
    cues: tuple[str, ...]
    unit: int | None
    low_factor: Fraction | None
    low_offset: Fraction
    high_factor: Fraction | None
    high_offset: Fraction
    example: str
    example_low: int | None
    example_stated: int | None
    example_high: int | None
    cue_position: str = _BEFORE
    spread: str = _FACTOR
    states_number: bool = True

    def apply(self, n: int, m: int | None = None) -> Parsed:
        """The rule's formula for number n (upper number m of a range, else n).

        For n >= 1 a bound computed below 1 is empty (see the module docstring), except the high of
        a rule that gives no lower bound ("fewer than 1" is none).
        """
        m = n if m is None else m
        if self.spread == _LAST_DIGIT:
            # one unit of the last significant digit: 1,500 -> +-100, 1,479 -> +-1, 8 -> +-1
            low = n - _last_digit_unit(n) if self.low_factor is not None else None
            high = m + _last_digit_unit(m) if self.high_factor is not None else None
        else:
            low_line, high_line = self._lines
            low = None if low_line is None else (n * low_line[0] + low_line[1]) // low_line[2]
            high = None if high_line is None else -((-m * high_line[0] - high_line[1]) // high_line[2])
        stated = n if self.states_number and self.qualifier != _RANGE else None
        if n >= 1:
            low = None if low is not None and low < 1 else low
            if high is not None and high < 1 and self.low_factor is not None:
                high = None
        upper = m if self.qualifier == _RANGE else None
        return Parsed(self.qualifier, low, stated, high, self.rule_id, n, upper)

    @cached_property
    def _lines(self) -> tuple[tuple[int, int, int] | None, tuple[int, int, int] | None]:
        """The low and high formulas as integers (a, b, d) for (n * a + b) / d: the same exact values as
        n * factor + offset in Fractions, floored and ceiled by integer division, at a fraction of the cost."""
        return _line(self.low_factor, self.low_offset), _line(self.high_factor, self.high_offset)


def _line(factor: Fraction | None, offset: Fraction) -> tuple[int, int, int] | None:
    if factor is None:
        return None
    return (
        factor.numerator * offset.denominator,
        offset.numerator * factor.denominator,
        factor.denominator * offset.denominator,
    )


def _last_digit_unit(n: int) -> int:
    """10 to the number of trailing zeros of n (Wikimpacts' scale of a round number): 1500 -> 100.

    A number whose only significant digit is 1 (10, 100, 1,000) takes the next digit's unit instead:
    one unit of its own digit would reach zero, which "about 1,000" rules out.
    """
    digits = str(abs(n))
    zeros = len(digits) - len(digits.rstrip("0"))
    if n and zeros and digits.rstrip("0") == "1":
        zeros -= 1
    return 10**zeros if n else 1


def _cue_pattern(cue: str) -> str:
    """Regex for one cue: words joined by any whitespace, whole words only."""
    body = r"\s+".join(re.escape(w) for w in cue.split())
    if cue[0].isalnum():
        body = r"(?<![a-z0-9])" + body
    if cue[-1].isalnum():
        body += r"(?![a-z0-9])"
    return body


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


def _alternation(cues: list[str]) -> re.Pattern[str] | None:
    if not cues:
        return None
    # Longest first: a regex alternation takes the first alternative that matches, so
    # "tens of thousands" must be tried before "tens", "several dozen" before "several".
    ordered = sorted(set(cues), key=lambda c: (-len(c), c))
    return re.compile("|".join(f"(?:{_cue_pattern(c)})" for c in ordered))


def _norm_cue(s: str) -> str:
    return " ".join(s.split())


class RuleTable:
    """The rules of data/interval_rules.csv, with the cue lookups built from them."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.by_id: dict[str, Rule] = {}
        self.by_cue: dict[str, Rule] = {}
        for rule in rules:
            if rule.rule_id in self.by_id:
                raise ValueError(f"interval_rules: duplicate rule_id {rule.rule_id!r}")
            self.by_id[rule.rule_id] = rule
            for cue in rule.cues:
                other = self.by_cue.get(cue)
                if other is not None:
                    raise ValueError(f"interval_rules: cue {cue!r} is in {other.rule_id} and {rule.rule_id}")
                self.by_cue[cue] = rule
        bare = [r for r in rules if not r.cues and r.unit is None]
        if len(bare) != 1:
            raise ValueError("interval_rules: exactly one rule must have no cues and no unit (a bare number)")
        self.bare: Rule = bare[0]
        ranges = [r for r in rules if r.qualifier == _RANGE]
        if len(ranges) > 1:
            raise ValueError("interval_rules: at most one rule may have qualifier 'range'")
        self.range_rule: Rule | None = ranges[0] if ranges else None
        for rule in rules:
            if rule.cue_position not in (_BEFORE, _AFTER):
                raise ValueError(f"interval_rules: {rule.rule_id}: cue_position must be before or after")
            if rule.cue_position == _AFTER and (
                not rule.cues or rule.unit is not None or rule.qualifier in (_RANGE, _NONE)
            ):
                raise ValueError(
                    f"interval_rules: {rule.rule_id}: only a rule with cues, no unit and a number to qualify "
                    "may have cue_position 'after'"
                )
        self.range_prefixes, self.paired_joiners = self._range_roles()
        joiners = [c for c in (self.range_rule.cues if self.range_rule else ()) if c not in self.range_prefixes]
        after_cues = [c for r in rules if r.cue_position == _AFTER for c in r.cues]
        prefix_cues = [c for c in self.by_cue if c not in joiners and c not in after_cues]
        self.prefix_re = _alternation(prefix_cues)
        # what any prefix cue starts with: a cheap test before the alternation is tried (could_start)
        self.prefix_firsts: tuple[str, ...] = tuple(sorted({c.split()[0] for c in prefix_cues}))
        # every place could_start may say True (a digit, "a", a number word, a cue's first word), found by one
        # regex search instead of a test per word; could_start then decides at those places only. Like
        # the word-by-word reading it replaces, it looks only where a word starts with a letter or a digit.
        # A cue's first word is a candidate only before one of the second words its cues have: "in" only
        # before "excess", "a" only before "dozen", "few", ... or a number word ("a hundred"): most of a
        # text's "in"s and "a"s are then never looked at.
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
        self.start_re = re.compile(
            r"\b(?=[a-z0-9])(?:[0-9]|(?:"
            + "|".join(_NUMBER_STEMS)
            + r")s*(?![a-z])"
            + "".join(f"|{w}" for w in firsts)
            + ")"
        )
        self.joiner_re = _alternation(joiners)
        self.suffix_re = _alternation(after_cues)
        # A quantity cue "a X" makes X a multiplier after a number: "a dozen" -> "two dozen" is 24.
        self.multipliers: dict[str, int] = {
            cue[2:]: rule.unit
            for rule in rules
            if rule.unit is not None and rule.unit > 1 and rule.cue_position == _BEFORE
            for cue in rule.cues
            if cue.startswith("a ") and len(cue.split()) == 2
        }

    def _range_roles(self) -> tuple[frozenset[str], dict[str, str]]:
        """Which range cues open a range and which joiners need that opener, read off the example.

        The example "between 8 and 10" shows "between" opening a range and "and" joining only after
        it: "8 and 10" on its own is two numbers, while "8 to 10" and "10-12" are ranges.
        """
        rule = self.range_rule
        if rule is None:
            return frozenset(), {}
        ex = _fold(rule.example)
        nums = list(re.finditer(r"\d+", ex))
        if len(nums) < 2:
            raise ValueError("interval_rules: the range rule's example must hold two numbers")
        before = _norm_cue(ex[: nums[0].start()])
        between = _norm_cue(ex[nums[0].end() : nums[1].start()])
        prefixes = frozenset(c for c in rule.cues if c == before)
        paired = {between: before} if before in prefixes and between in rule.cues else {}
        return prefixes, paired

    def __iter__(self):
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


# A factor or offset of the table: a plain decimal or a fraction of modest size ("1.05", "-1", "1/3").
# "1e999999" is a valid number, but a bound computed from it has a million digits.
_PLAIN_NUMBER = re.compile(r"[+-]?(?:[0-9]{1,9}(?:\.[0-9]{1,9})?|[0-9]{1,9}/[0-9]{1,9})")


def _opt_fraction(s: str) -> Fraction | None:
    s = s.strip()
    if s and not _PLAIN_NUMBER.fullmatch(s):
        raise ValueError(f"{s[:30]!r} is not a plain number of at most 9 digits each side of the point")
    return Fraction(s) if s else None


def _opt_int(s: str) -> int | None:
    s = s.strip()
    if s and not re.fullmatch(r"[+-]?[0-9]{1,18}", s):
        raise ValueError(f"{s[:30]!r} is not an integer of at most 18 digits")
    return int(s) if s else None


def default_rules_path() -> Path:
    """data/interval_rules.csv of the repository this module sits in (src/tolls/intervals/ -> parents[3]).

    An installed (non-editable) tolls has no repository around it; then the working directory's
    data/interval_rules.csv is used, and callers holding a package root should pass its table.
    """
    beside = Path(__file__).resolve().parents[3] / "data" / "interval_rules.csv"
    if beside.is_file():
        return beside
    here = Path.cwd() / "data" / "interval_rules.csv"
    if here.is_file():
        return here.resolve()
    raise FileNotFoundError(f"no interval rules at {beside} or {here}; pass load_rules(path)")


@lru_cache(maxsize=8)
def _load_cached(path: Path) -> RuleTable:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in _REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {missing}")
        rules = []
        for row in reader:
            if None in row or None in row.values():
                raise ValueError(f"{path}: line {reader.line_num} has more or fewer cells than the header")
            cues = tuple(c for c in (_norm_cue(x.lower()) for x in row["cues"].split(";")) if c)
            rules.append(
                Rule(
                    rule_id=row["rule_id"].strip(),
                    qualifier=row["qualifier"].strip(),
                    cues=cues,
                    unit=_opt_int(row["unit"]),
                    low_factor=_opt_fraction(row["low_factor"]),
                    low_offset=_opt_fraction(row["low_offset"]) or Fraction(0),
                    high_factor=_opt_fraction(row["high_factor"]),
                    high_offset=_opt_fraction(row["high_offset"]) or Fraction(0),
                    example=row["example"],
                    example_low=_opt_int(row["example_low"]),
                    example_stated=_opt_int(row["example_stated"]),
                    example_high=_opt_int(row["example_high"]),
                    # Tables written before the column existed have every cue before the number.
                    cue_position=(row.get("cue_position") or _BEFORE).strip() or _BEFORE,
                    spread=row["spread"].strip(),
                    states_number=row["states_number"].strip() == "true",
                )
            )
    return RuleTable(rules)


def load_rules(path: str | Path | None = None) -> RuleTable:
    """Load (once per path) the interval rules; default: the package's data/interval_rules.csv."""
    return _load_cached(Path(path).resolve() if path is not None else default_rules_path())


# --- reading numbers ---------------------------------------------------------------------------

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


def _quantity(rules: RuleTable, rule: Rule, s: str, start: int, end: int) -> Scan:
    n = rule.unit or 0
    # "several thousand", "a few hundred" not in the table: the scale word multiplies the unit.
    scale = _read_scale(s, end)
    if scale is not None and rule.cues:
        n, end = n * scale.value, scale.end
    return Scan(rule, rule.apply(n), start, end)


def scan(s: str, pos: int = 0, rules: RuleTable | None = None, _depth: int = 0) -> Scan | None:
    """Read the phrase that starts at pos of s (already lower case: see _fold); None if no rule applies."""
    rules = rules or load_rules()
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


def _long_run(rules: RuleTable, s: str, pos: int) -> Scan | None:
    """A run of digits too long to be a count ("7777...7"), or digits grouped by dots ("1.000.000",
    "1.500 people": European thousands separators, or a decimal point): one mention with no interval,
    for a human to read, so that coverage still sees it."""
    if pos > 0 and s[pos - 1].isalnum():
        return None
    m = _LONG_RUN.match(s, pos)
    if m is None or (m.group("dotted") and _read_scale(s, m.end()) is not None):
        return None  # "1.125 million" is a decimal
    return Scan(rules.bare, None, pos, m.end(), ambiguous=True, first_end=m.end())


def could_start(s: str, pos: int, rules: RuleTable) -> bool:
    """False only where scan(s, pos, rules) is certainly None: no cue, no digit and no number word starts
    at pos. It mirrors the first steps of _scan_head and _read_number at the cost of two regex matches, so
    that a text's ordinary words are skipped without reading eight words after each."""
    if s[pos].isdigit() or (
        rules.prefix_re is not None and s.startswith(rules.prefix_firsts, pos) and rules.prefix_re.match(s, pos)
    ):
        return True
    m = _WORD.match(s, pos)
    return m is not None and (m.group() == "a" or _word_value(m.group()) is not None)


def _scan_head(s: str, pos: int, rules: RuleTable, _depth: int = 0) -> Scan | None:
    """The reading of a cue before the number, the number, and a range; no after-cue, no tail."""
    cue = rules.prefix_re.match(s, pos) if rules.prefix_re else None
    if cue:
        rule = rules.by_cue[_norm_cue(cue.group())]
        after = _skip_gap(s, cue.end())
        if rule.qualifier == _NONE:
            return Scan(rule, None, pos, cue.end())
        if rule.unit is not None:
            return _quantity(rules, rule, s, pos, cue.end())
        if rule is rules.range_rule:
            a = _times(rules, s, _read_number(s, after))
            pair = _read_joined(rules, s, a, opener=_norm_cue(cue.group())) if a else None
            if pair is None:
                return Scan(rule, None, pos, cue.end())
            return Scan(rule, rule.apply(*pair[:2]), pos, pair[2])
        num = _times(rules, s, _read_number(s, after))
        if num is not None:
            if _read_joined(rules, s, num, opener=None) is not None:
                # "about 8 to 10", "at least 10-12": a qualifier over a range, which no rule reads.
                end = _read_joined(rules, s, num, opener=None)[2]
                return Scan(rule, None, pos, end, ambiguous=True, first_end=num.end)
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
    num = _times(rules, s, _read_number(s, pos))
    if num is None:
        return None
    if rules.range_rule is not None:
        pair = _read_joined(rules, s, num, opener=None)
        if pair is not None:
            return Scan(rules.range_rule, rules.range_rule.apply(*pair[:2]), pos, pair[2])
    return Scan(rules.bare, rules.bare.apply(num.value), pos, num.end)


def _after_cue(rules: RuleTable, s: str, res: Scan) -> Scan:
    """res with an after-cue that follows it applied ("740 or more", "a dozen or so").

    An after-cue qualifies a bare number, or the point value of a quantity word; after any other
    reading (a cue before the number, a range, a quantity word without a point value) the two
    qualifiers conflict and the phrase is ambiguous.
    """
    if rules.suffix_re is None:
        return res
    cue = rules.suffix_re.match(s, _skip_gap(s, res.end))
    if cue is None or cue.start() == res.end or _starts_a_figure(rules, s, cue.start(), cue.end()):
        return res
    rule = rules.by_cue[_norm_cue(cue.group())]
    p = res.parsed
    if res.rule is rules.bare:
        return Scan(rule, rule.apply(p.number), res.start, cue.end())
    if res.rule.unit is not None and p.stated is not None and res.rule.qualifier != _RANGE:
        return Scan(rule, rule.apply(p.stated), res.start, cue.end())
    return Scan(res.rule, None, res.start, cue.end(), ambiguous=True, first_end=res.end)


def _starts_a_figure(rules: RuleTable, s: str, start: int, end: int) -> bool:
    """Whether a later word of the after-cue at [start, end) begins a figure: "or more than 20"."""
    for w in _WORD.finditer(s, start, end):
        if w.start() > start:
            inner = _scan_head(s, w.start(), rules)
            if inner is not None and (inner.parsed is not None or inner.ambiguous):
                return True
    return False


def _alternative_end(rules: RuleTable, s: str, pos: int) -> int | None:
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
        word = _WORD.match(s, q)
        if word is not None and word.group() in _ALTERNATIVES:
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
        other = _read_number(s, q)
        if other is None:
            long = _long_run(rules, s, q)
            return long.end if long is not None else end
        if s.startswith("-", other.end) and other.end + 1 < len(s) and s[other.end + 1].isalpha():
            return end  # "one 45-year-old man": the second number is part of a compound word
        return other.end


def _times(rules: RuleTable, s: str, num: _Num | None) -> _Num | None:
    """num times a following multiplier word ("two dozen"), else num."""
    if num is None or not rules.multipliers:
        return num
    m = _WORD.match(s, _skip_gap(s, num.end))
    if m and m.start() > num.end and m.group() in rules.multipliers:
        k = rules.multipliers[m.group()]
        return _Num(num.value * k, m.end(), num.scale * k)
    return num


def _read_joined(rules: RuleTable, s: str, first: _Num, opener: str | None) -> tuple[int, int, int] | None:
    """(low number, high number, end) of a range that starts with first ("8 to 10", "10-12"), if a
    joiner and a second number follow.

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
    second = _times(rules, s, _read_number(s, _skip_gap(s, j.end())))
    if second is None:
        return None
    low = first.value
    if first.scale == 1 and second.scale > 1 and first.value * second.scale < second.value:
        low = first.value * second.scale
    if second.value < low:
        return None
    return low, second.value, second.end


def match_rule(text: str, rules: RuleTable | None = None) -> str | None:
    """The rule_id the words trigger, 'no_number'-style rules included; None if no rule applies."""
    s = _fold(text.strip())
    res = scan(s, 0, rules)
    return res.rule.rule_id if res is not None and not res.ambiguous else None


def parse_figure(text: str, rules: RuleTable | None = None) -> Parsed | None:
    """The interval of a figure's words ("over 740", "dozens injured"); None if they hold no number
    or are ambiguous ("10 or 12", "7 45", "1,5": see the module docstring).

    Words after the number that qualify it are read ("740 or more"); a noun phrase is ignored.
    """
    s = _fold(text.strip())
    res = scan(s, 0, rules)
    return res.parsed if res is not None else None
