"""The interval rule table: data/interval_rules.csv read into rules, and the cue lookups built from them.

Each rule turns a number's words into a qualifier and an interval (Rule.apply) and reads texts of the languages its
`language` cell lists. RuleTable holds every rule; LanguageRules (RuleTable.language(code)) those of one language,
checked to be unambiguous on their own (each cue in one rule per position, one bare-number rule, each range rule's
example showing its opener), with the regular expressions the phrase reader (tolls.intervals.phrases) matches cues
with and the language's reader of numbers (READERS).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property, lru_cache
from pathlib import Path

from tolls.intervals.arabic import ArabicReader
from tolls.intervals.number_words import NOISE, EnglishReader, Reader, _fold

__all__ = ["DEFAULT_LANGUAGE", "LanguageRules", "Parsed", "Rule", "RuleTable", "default_rules_path", "load_rules"]

DEFAULT_LANGUAGE = "en"

# The qualifier values (datapackage.json enum) that give a rule a structural role.
_RANGE = "range"
_NONE = "none"
# The spread values (datapackage.json enum): how low and high are computed from n.
_FACTOR = "factor"
_LAST_DIGIT = "last_digit"
# The cue_position values (datapackage.json enum).
_BEFORE = "before"
_AFTER = "after"
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
    languages: tuple[str, ...] = ("en",)  # ISO 639-1 codes of the texts the rule reads

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


def _alternation(cues: list[str], reader: Reader) -> re.Pattern[str] | None:
    if not cues:
        return None
    # Longest first: a regex alternation takes the first alternative that matches, so
    # "tens of thousands" must be tried before "tens", "several dozen" before "several".
    ordered = sorted(set(cues), key=lambda c: (-len(c), c))
    return re.compile("|".join(f"(?:{reader.cue_pattern(c)})" for c in ordered))


def _norm_cue(s: str) -> str:
    """A cue as the table keys it: words joined by one space, the noise of folded Arabic (NOISE) left out."""
    return " ".join(s.replace(NOISE, "").split())


# The reader of each language's numbers and words; a language with rules but no reader of its own reads
# digits, and number words in English (text2num). docs/languages.md says how to add one.
READERS: dict[str, Reader] = {"en": EnglishReader, "ar": ArabicReader}


class LanguageRules:
    """The rules of one language, with the cue lookups built from them: what reads a text in that language.

    Each language's table is unambiguous on its own: each cue in one rule, exactly one bare-number rule (it may
    serve several languages: its `language` cell lists them), and each range rule's example shows which cue
    opens a range and which joins the two numbers.
    """

    def __init__(self, language: str, rules: list[Rule]) -> None:
        self.language = language
        self.reader = READERS.get(language, EnglishReader)
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.by_id: dict[str, Rule] = {r.rule_id: r for r in rules}
        # a cue belongs to one rule in each position: "على الأقل" before the number (at_least_ar) and after it
        # (or_more_ar) are two cues
        self.by_cue: dict[str, Rule] = {}  # cues before the number, and range joiners
        self.after_by_cue: dict[str, Rule] = {}
        for rule in rules:
            table = self.after_by_cue if rule.cue_position == _AFTER else self.by_cue
            for cue in rule.cues:
                other = table.get(cue)
                if other is not None and other is not rule:
                    raise ValueError(
                        f"interval_rules: cue {cue!r} is in {other.rule_id} and {rule.rule_id} ({language})"
                    )
                table[cue] = rule
        bare = [r for r in rules if not r.cues and r.unit is None]
        if len(bare) != 1:
            raise ValueError(
                f"interval_rules: exactly one rule of language {language!r} must have no cues and no unit "
                "(a bare number)"
            )
        self.bare: Rule = bare[0]
        self.range_rules: tuple[Rule, ...] = tuple(r for r in rules if r.qualifier == _RANGE)
        self.range_rule: Rule | None = self.range_rules[0] if self.range_rules else None
        self.range_prefixes, self.paired_joiners = self._range_roles()
        joiners = [c for r in self.range_rules for c in r.cues if c not in self.range_prefixes]
        after_cues = list(self.after_by_cue)
        prefix_cues = [c for c in self.by_cue if c not in joiners]
        self.prefix_re = _alternation(prefix_cues, self.reader)
        # what any prefix cue starts with: a cheap test before the alternation is tried (could_start)
        self.prefix_firsts: tuple[str, ...] = tuple(sorted({c.split()[0] for c in prefix_cues}))
        self.start_re = self.reader.start_pattern(prefix_cues)
        self.joiner_re = _alternation(joiners, self.reader)
        self.suffix_re = _alternation(after_cues, self.reader)
        # A quantity cue "a X" makes X a multiplier after a number: "a dozen" -> "two dozen" is 24.
        self.multipliers: dict[str, int] = {
            cue[2:]: rule.unit
            for rule in rules
            if rule.unit is not None and rule.unit > 1 and rule.cue_position == _BEFORE
            for cue in rule.cues
            if cue.startswith("a ") and len(cue.split()) == 2
        }

    def _range_roles(self) -> tuple[frozenset[str], dict[str, str]]:
        """Which range cues open a range and which joiners need that opener, read off each range rule's example.

        The example "between 8 and 10" shows "between" opening a range and "and" joining only after
        it: "8 and 10" on its own is two numbers, while "8 to 10" and "10-12" are ranges.
        """
        prefixes: set[str] = set()
        paired: dict[str, str] = {}
        for rule in self.range_rules:
            ex = _fold(rule.example)
            nums = list(re.finditer(r"\d+", ex))
            if len(nums) < 2:
                raise ValueError(f"interval_rules: {rule.rule_id}: a range rule's example must hold two numbers")
            before = _norm_cue(ex[: nums[0].start()])
            between = _norm_cue(ex[nums[0].end() : nums[1].start()])
            if before in rule.cues:
                prefixes.add(before)
                if between in rule.cues:
                    paired[between] = before
        return frozenset(prefixes), paired

    def __iter__(self) -> Iterator[Rule]:
        return iter(self.rules)

    def __len__(self) -> int:
        return len(self.rules)


class RuleTable:
    """The rules of data/interval_rules.csv, all languages; `language(code)` gives those that read a text."""

    def __init__(self, rules: list[Rule]) -> None:
        self.rules: tuple[Rule, ...] = tuple(rules)
        self.by_id: dict[str, Rule] = {}
        for rule in rules:
            if rule.rule_id in self.by_id:
                raise ValueError(f"interval_rules: duplicate rule_id {rule.rule_id!r}")
            self.by_id[rule.rule_id] = rule
            if rule.cue_position not in (_BEFORE, _AFTER):
                raise ValueError(f"interval_rules: {rule.rule_id}: cue_position must be before or after")
            if rule.cue_position == _AFTER and (
                not rule.cues or rule.unit is not None or rule.qualifier in (_RANGE, _NONE)
            ):
                raise ValueError(
                    f"interval_rules: {rule.rule_id}: only a rule with cues, no unit and a number to qualify "
                    "may have cue_position 'after'"
                )
        codes = list(dict.fromkeys(code for rule in rules for code in rule.languages))
        self.languages: dict[str, LanguageRules] = {
            code: LanguageRules(code, [r for r in rules if code in r.languages]) for code in codes
        }
        if not self.languages:
            raise ValueError("interval_rules: exactly one rule must have no cues and no unit (a bare number)")
        # The language a text or phrase is read in when none is given, and when its own has no rules: English
        # where the table has it (every package before the column existed), else the table's first.
        self.default: str = DEFAULT_LANGUAGE if DEFAULT_LANGUAGE in self.languages else codes[0]

    def language(self, code: str | None = None) -> LanguageRules:
        """The rules that read a text in language `code` (ISO 639-1); the default language's when the table
        has none for it (see docs/languages.md)."""
        return self.languages.get(code or self.default) or self.languages[self.default]

    def __iter__(self) -> Iterator[Rule]:
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
            cues = tuple(c for c in (_norm_cue(_fold(x)) for x in row["cues"].split(";")) if c)
            # Tables written before the column existed are English.
            languages = tuple(c.strip() for c in (row.get("language") or DEFAULT_LANGUAGE).split(";") if c.strip())
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
                    languages=languages or (DEFAULT_LANGUAGE,),
                )
            )
    return RuleTable(rules)


def load_rules(path: str | Path | None = None) -> RuleTable:
    """Load (once per path) the interval rules; default: the package's data/interval_rules.csv."""
    return _load_cached(Path(path).resolve() if path is not None else default_rules_path())
