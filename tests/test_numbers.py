"""parse_figure reads a figure's words as the interval data/interval_rules.csv gives them."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tolls.numbers import Parsed, Rule, RuleTable, load_rules, match_rule, parse_figure

RULES = load_rules()
ALL_RULE_IDS = {r.rule_id for r in RULES}


def interval(text: str) -> tuple[int | None, int | None, int | None] | None:
    p = parse_figure(text)
    return None if p is None else (p.low, p.best, p.high)


def rule(rule_id: str) -> Rule:
    return RULES.by_id[rule_id]


# --- the table agrees with the code ----------------------------------------------------------------


@pytest.mark.parametrize("row", RULES.rules, ids=lambda r: r.rule_id)
def test_every_example_reads_as_its_row_says(row: Rule) -> None:
    assert match_rule(row.example) == row.rule_id
    parsed = parse_figure(row.example)
    if row.qualifier == "none":
        assert parsed is None
        assert (row.example_low, row.example_best, row.example_high) == (None, None, None)
    else:
        assert parsed is not None
        assert (parsed.low, parsed.best, parsed.high) == (row.example_low, row.example_best, row.example_high)
        assert (parsed.rule, parsed.qualifier) == (row.rule_id, row.qualifier)


def test_the_examples_exercise_every_rule() -> None:
    assert {match_rule(r.example) for r in RULES} == ALL_RULE_IDS


def test_load_rules_is_cached() -> None:
    # other tests load other packages' tables, which may evict this one from the cache; two calls in a row share one
    assert load_rules() is load_rules(None)


# --- the seed texts' phrases -----------------------------------------------------------------------

SEED_PHRASES = [
    ("745", "exact", (745, 745, 745)),
    ("has risen to 745", "risen_to", (745, 745, 745)),
    ("over 740", "more_than", (741, 741, None)),
    ("approximately 1,500", "approximately", (1425, 1500, 1575)),
    ("at least eight", "at_least", (8, 8, None)),
    ("at least three", "at_least", (3, 3, None)),
    ("at least 25", "at_least", (25, 25, None)),
    ("dozens", "dozens", (24, None, 108)),
    ("Tens of thousands", "tens_of_thousands", (20000, None, 90000)),
    ("Hundreds", "hundreds", (200, None, 900)),
    ("A married couple", "married_couple", (2, 2, 2)),
    ("18", "exact", (18, 18, 18)),
    ("several", "several", (2, None, 6)),
    ("over 40", "more_than", (41, 41, None)),
]


@pytest.mark.parametrize(("text", "rule_id", "expected"), SEED_PHRASES)
def test_seed_phrases(text: str, rule_id: str, expected: tuple) -> None:
    parsed = parse_figure(text)
    assert parsed is not None and parsed.rule == rule_id
    assert (parsed.low, parsed.best, parsed.high) == expected


def test_exact_arithmetic_not_floats() -> None:
    # 1500 * 1.05 is 1575.0000000000002 in floats; ceil of that would be 1576.
    assert interval("approximately 1,500")[2] == 1575
    assert interval("about 1000")[0] == 950
    assert interval("around 20") == (19, 20, 21)


def test_best_rounds_half_up() -> None:
    table = RuleTable([rule("exact"), _rule("half", "half of", best_factor="0.5")])
    assert parse_figure("half of 5", table).best == 3  # round() would give 2 (half to even)
    assert parse_figure("half of 7", table).best == 4


@pytest.mark.parametrize(
    "text",
    ["an unknown number", "under investigation", "many", "numerous", "large numbers", "Many", "countless"],
)
def test_words_without_a_number_give_none(text: str) -> None:
    assert parse_figure(text) is None
    assert match_rule(text) == "no_number"


@pytest.mark.parametrize(
    "text", ["", "people", "the first", "some of the worst", "over the years", "o", "24th"]
)
def test_no_number_at_all_gives_none(text: str) -> None:
    assert parse_figure(text) is None


def test_digits_with_and_without_separators() -> None:
    assert interval("1,500") == interval("1500") == (1500, 1500, 1500)
    assert interval("1.5 million") == (1_500_000,) * 3
    assert parse_figure("2.5") is None  # not a count


def test_number_words_via_text2num() -> None:
    assert interval("twenty-five") == (25, 25, 25)
    assert interval("one hundred and five") == (105, 105, 105)
    assert interval("a hundred") == (100, 100, 100)
    assert interval("two dozen") == (24, 24, 24)  # "dozen" from the table's "a dozen"


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("more than 10", "more_than"),
        ("above 10", "more_than"),
        ("surpasses 10", "more_than"),
        ("nearly 10", "nearly"),
        ("almost 10", "nearly"),
        ("about 10", "approximately"),
        ("around 10", "approximately"),
        ("some 10", "approximately"),
        ("up to 10", "at_most"),
        ("fewer than 10", "fewer_than"),
        ("has risen to 10", "risen_to"),
    ],
)
def test_qualifier_cues_before_a_number(text: str, rule_id: str) -> None:
    assert parse_figure(text).rule == rule_id


def test_ranges() -> None:
    assert interval("between 8 and 10") == interval("8 to 10") == interval("8-10") == (8, None, 10)
    assert interval("10-12") == (10, None, 12)
    assert interval("eight to ten") == (8, None, 10)
    assert parse_figure("10 – 12").upper == 12
    # Without "between", "and" joins two numbers, not a range (read off the table's example).
    assert parse_figure("8 and 10").rule == "exact"
    assert parse_figure("10-8").rule == "exact"  # a falling "range" is not one


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("tens of thousands", "tens_of_thousands"),
        ("tens of", "tens"),
        ("several dozen", "several_dozen"),
        ("several", "several"),
        ("a dozen", "a_dozen"),
        ("dozens", "dozens"),
        ("a married couple", "married_couple"),
        ("a couple", "couple"),
        ("hundreds of thousands", "hundreds_of_thousands"),
        ("scores of", "scores"),
        ("under investigation", "no_number"),
        ("under 5", "fewer_than"),
    ],
)
def test_longest_cue_wins(text: str, rule_id: str) -> None:
    assert match_rule(text) == rule_id


def test_case_and_trailing_nouns() -> None:
    assert interval("AT LEAST 25 people") == interval("at least 25")
    assert interval("dozens injured") == interval("Dozens")
    assert interval("A married couple from the tribe") == (2, 2, 2)
    assert interval("  over 740 civilian casualties ") == (741, 741, None)


def test_composed_quantities() -> None:
    assert parse_figure("at least a dozen").rule == "at_least"
    assert interval("at least a dozen") == (12, 12, None)
    assert interval("several thousand") == (2000, None, 6000)


def test_parsed_carries_the_numbers_read() -> None:
    assert parse_figure("between 8 and 10") == Parsed("range", 8, None, 10, "range", 8, 10)
    assert parse_figure("over 740").number == 740
    assert parse_figure("dozens").number == 12


# --- a table of one's own: the code reads the table, nothing is hard-coded ---------------------


def _rule(rule_id: str, cues: str, best_factor: str = "1", unit: str = "") -> Rule:
    from fractions import Fraction

    return Rule(
        rule_id=rule_id,
        qualifier="exact",
        cues=tuple(c for c in cues.split(";") if c),
        unit=int(unit) if unit else None,
        low_factor=None,
        low_offset=Fraction(0),
        best_factor=Fraction(best_factor),
        best_offset=Fraction(0),
        high_factor=None,
        high_offset=Fraction(0),
        example=cues.split(";")[0],
        example_low=None,
        example_best=None,
        example_high=None,
    )


def test_a_different_table_reads_differently(tmp_path) -> None:
    header = (
        "rule_id,qualifier,cues,unit,low_factor,low_offset,best_factor,best_offset,high_factor,high_offset,"
        "example,example_low,example_best,example_high,acled_point,citation\n"
    )
    rows = (
        "exact,exact,,,1,0,1,0,1,0,7,7,7,7,,x\n"
        "roughly,approximately,roughly;circa,,0.9,0,1,0,1.1,0,roughly 10,9,10,11,,x\n"
        "gross,vague,a gross,144,1,0,,,2,0,a gross,144,,288,,x\n"
    )
    path = tmp_path / "rules.csv"
    path.write_text(header + rows, encoding="utf-8")
    table = load_rules(path)
    assert parse_figure("roughly 10", table) == Parsed("approximately", 9, 10, 11, "roughly", 10)
    assert interval("a gross") is None  # not in the package's table
    assert parse_figure("a gross", table).high == 288
    assert parse_figure("over 10", table) is None  # "over" is no cue in that table


def test_a_cue_in_two_rules_is_an_error() -> None:
    with pytest.raises(ValueError, match="'over'"):
        RuleTable([rule("exact"), _rule("a", "over"), _rule("b", "over")])


# --- properties ------------------------------------------------------------------------------------

ONES = "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen".split()
ONES += "sixteen seventeen eighteen nineteen".split()
TENS = "_ _ twenty thirty forty fifty sixty seventy eighty ninety".split()


def words(n: int) -> str:
    """English words for 1..999 (the test's own tiny table; text2num has no inverse)."""
    assert 1 <= n <= 999
    out = []
    if n >= 100:
        out += [ONES[n // 100], "hundred"]
        n %= 100
        if n:
            out.append("and")
    if n >= 20:
        out.append(TENS[n // 10] + (f"-{ONES[n % 10]}" if n % 10 else ""))
    elif n:
        out.append(ONES[n])
    return " ".join(out)


def cues_of(*rule_ids: str) -> list[tuple[str, str]]:
    return [(rid, cue) for rid in rule_ids for cue in rule(rid).cues]


NUMBER_CUES = [
    (r.rule_id, c) for r in RULES if r.unit is None and r.qualifier not in ("range", "none") for c in r.cues
]
QUANTITY_CUES = [(r.rule_id, c) for r in RULES if r.unit is not None for c in r.cues]


def low_key(text: str) -> float:
    low = parse_figure(text).low
    return float("-inf") if low is None else low


@given(n=st.integers(1, 10**7), data=st.data())
def test_a_stronger_lower_qualifier_never_gets_a_lower_low(n: int, data: st.DataObject) -> None:
    order = ["more_than", "at_least", "approximately", "nearly"]
    lows = [low_key(f"{data.draw(st.sampled_from(rule(q).cues))} {n:,}") for q in order]
    assert lows == sorted(lows, reverse=True)


@given(
    cue=st.sampled_from(NUMBER_CUES + [("exact", "")]),
    n=st.integers(1, 10**6),
    as_words=st.booleans(),
    tail=st.sampled_from(["", " people", " were killed", ", according to", " and dozens injured"]),
)
def test_nothing_reads_as_zero_unless_the_text_says_zero(cue, n, as_words, tail) -> None:
    number = words(n) if as_words and n < 1000 else str(n)
    p = parse_figure(f"{cue[1]} {number}{tail}")
    assert p is not None and p.rule == cue[0] and p.number == n
    assert p.best != 0
    if n >= 2:  # "nearly one" / "fewer than one" are the table's own edge: their bound is 0
        assert 0 not in (p.low, p.best, p.high)


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz123456789 ,.-%", max_size=40))
def test_random_text_without_zero_never_reads_zero(text: str) -> None:
    p = parse_figure(text)
    if p is not None and "zero" not in text and "nought" not in text:
        assert p.number != 0 and p.best != 0


def test_zero_when_the_text_says_zero() -> None:
    assert interval("0") == interval("zero") == (0, 0, 0)


@given(cue=st.sampled_from(NUMBER_CUES + [("exact", "")]), n=st.integers(1, 999))
def test_digits_and_words_give_the_same_interval(cue, n) -> None:
    assert parse_figure(f"{cue[1]} {n}") == parse_figure(f"{cue[1]} {words(n)}")


@given(a=st.integers(1, 999), b=st.integers(1, 999), joiner=st.sampled_from(["to", "-", "–"]))
def test_ranges_from_digits_and_words_agree(a: int, b: int, joiner: str) -> None:
    lo, hi = sorted((a, b))
    assert parse_figure(f"{lo} {joiner} {hi}") == parse_figure(f"{words(lo)} {joiner} {words(hi)}")
    assert parse_figure(f"between {lo} and {hi}") == Parsed("range", lo, None, hi, "range", lo, hi)


@settings(max_examples=300)
@given(cue=st.sampled_from(NUMBER_CUES + QUANTITY_CUES), n=st.integers(1, 10**6), noun=st.booleans())
def test_every_cue_of_every_rule_reads_as_its_rule(cue, n, noun) -> None:
    rule_id, words_ = cue
    text = words_ if rule(rule_id).unit is not None else f"{words_} {n}"
    text += " people" if noun else ""
    assert match_rule(text) == rule_id
    assert match_rule(text.upper()) == rule_id


def test_every_rule_is_exercised_by_generated_phrases() -> None:
    rng = random.Random(0)
    hit = set()
    for r in RULES:
        for cue in r.cues or ("",):
            n = rng.randint(1, 5000)
            if r.qualifier == "range":
                text = f"between {n} and {n + 3}" if cue == "between" else f"{n} {cue} {n + 3}"
            elif r.unit is not None or r.qualifier == "none":
                text = cue
            else:
                text = f"{cue} {n}".strip()
            hit.add(match_rule(text))
    assert hit == ALL_RULE_IDS
