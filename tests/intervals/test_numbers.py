"""parse_figure reads a figure's words as the interval data/interval_rules.csv gives them."""

from __future__ import annotations

import random

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from tolls.intervals.phrases import match_rule, parse_figure
from tolls.intervals.rule_table import IntervalRule, Parsed, RuleTable, load_rules

RULES = load_rules()
ALL_RULE_IDS = {r.rule_id for r in RULES}
# The English rules: the properties below build English phrases (tests/intervals/test_arabic.py has the Arabic ones).
ENGLISH = RULES.language("en")


def interval(text: str) -> tuple[int | None, int | None, int | None] | None:
    p = parse_figure(text)
    return None if p is None else (p.low, p.stated, p.high)


def rule(rule_id: str) -> IntervalRule:
    return RULES.by_id[rule_id]


# --- the table agrees with the code ----------------------------------------------------------------


@pytest.mark.parametrize("row", RULES.rules, ids=lambda r: r.rule_id)
def test_every_example_reads_as_its_row_says(row: IntervalRule) -> None:
    assert match_rule(row.example) == row.rule_id
    parsed = parse_figure(row.example)
    if row.qualifier == "none":
        assert parsed is None
        assert (row.example_low, row.example_stated, row.example_high) == (None, None, None)
    else:
        assert parsed is not None
        assert (parsed.low, parsed.stated, parsed.high) == (row.example_low, row.example_stated, row.example_high)
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
    ("over 740", "more_than", (741, 740, None)),
    ("approximately 1,500", "approximately", (1400, 1500, 1600)),
    ("at least eight", "at_least", (8, 8, None)),
    ("at least three", "at_least", (3, 3, None)),
    ("at least 25", "at_least", (25, 25, None)),
    ("dozens", "dozens", (24, None, 108)),
    ("Tens of thousands", "tens_of_thousands", (20000, None, 90000)),
    ("Hundreds", "hundreds", (200, None, 900)),
    ("A married couple", "married_couple", (2, 2, 2)),
    ("18", "exact", (18, 18, 18)),
    ("several", "several", (2, None, 6)),
    ("over 40", "more_than", (41, 40, None)),
]


@pytest.mark.parametrize(("text", "rule_id", "expected"), SEED_PHRASES)
def test_seed_phrases(text: str, rule_id: str, expected: tuple) -> None:
    parsed = parse_figure(text)
    assert parsed is not None and parsed.rule == rule_id
    assert (parsed.low, parsed.stated, parsed.high) == expected


def test_exact_arithmetic_not_floats() -> None:
    # 0.95 * 100 is 95.00000000000001 in floats; ceil of 100 * 0.95 - 1 would be off by one.
    assert interval("nearly 100") == (95, 100, 99)
    assert interval("nearly 1,000")[0] == 950


def test_approximately_spreads_by_the_last_significant_digit() -> None:
    # Wikimpacts' later code: n +- 10 ** trailing zeros, so a round number's rounding is its precision
    assert interval("approximately 1,500") == (1400, 1500, 1600)
    assert interval("around 1,400") == (1300, 1400, 1500)
    assert interval("about 1,479") == (1478, 1479, 1480)
    assert interval("around 20") == (10, 20, 30)
    assert interval("about 8") == (7, 8, 9)
    # a number whose only significant digit is 1 spreads by the next digit: +-100 % would include zero
    assert interval("about 1000") == (900, 1000, 1100)
    assert interval("about 10") == (9, 10, 11)
    assert interval("about 1") == (None, 1, 2)  # 0 is no lower bound: never read as zero


def test_around_1400_is_compatible_with_1460() -> None:
    low, _, high = interval("around 1,400")
    assert low <= 1460 <= high


@pytest.mark.parametrize(
    "text",
    ["an unknown number", "under investigation", "many", "numerous", "large numbers", "Many", "countless"],
)
def test_words_without_a_number_give_none(text: str) -> None:
    assert parse_figure(text) is None
    assert match_rule(text) == "no_number"


@pytest.mark.parametrize("text", ["", "people", "the first", "some of the worst", "over the years", "o", "24th"])
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
    assert interval("  over 740 civilian casualties ") == (741, 740, None)


def test_composed_quantities() -> None:
    assert parse_figure("at least a dozen").rule == "at_least"
    assert interval("at least a dozen") == (12, 12, None)
    assert interval("several thousand") == (2000, None, 6000)


def test_parsed_carries_the_numbers_read() -> None:
    assert parse_figure("between 8 and 10") == Parsed("range", 8, None, 10, "range", 8, 10)
    assert parse_figure("over 740").number == 740
    assert parse_figure("dozens").number == 12


# --- a table of one's own: the code reads the table, nothing is hard-coded ---------------------


def _rule(rule_id: str, cues: str, unit: str = "") -> IntervalRule:
    from fractions import Fraction

    return IntervalRule(
        rule_id=rule_id,
        qualifier="exact",
        cues=tuple(c for c in cues.split(";") if c),
        unit=int(unit) if unit else None,
        low_factor=None,
        low_offset=Fraction(0),
        high_factor=None,
        high_offset=Fraction(0),
        example=cues.split(";")[0],
        example_low=None,
        example_stated=None,
        example_high=None,
    )


def test_a_different_table_reads_differently(tmp_path) -> None:
    header = (
        "rule_id,qualifier,cues,unit,spread,low_factor,low_offset,high_factor,high_offset,states_number,"
        "example,example_low,example_stated,example_high,acled_point,citation\n"
    )
    rows = (
        "exact,exact,,,factor,1,0,1,0,true,7,7,7,7,,x\n"
        "roughly,approximately,roughly;circa,,factor,0.9,0,1.1,0,true,roughly 10,9,10,11,,x\n"
        "gross,vague,a gross,144,factor,1,0,2,0,false,a gross,144,,288,,x\n"
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
    (r.rule_id, c) for r in ENGLISH if r.unit is None and r.qualifier not in ("range", "none") for c in r.cues
]
QUANTITY_CUES = [(r.rule_id, c) for r in ENGLISH if r.unit is not None for c in r.cues]


def phrase(cue: tuple[str, str], number: str) -> str:
    """The cue of rule cue[0] on its side of the number: "at least 8", "8 or more", "8"."""
    if not cue[1]:
        return number
    return f"{number} {cue[1]}" if rule(cue[0]).cue_position == "after" else f"{cue[1]} {number}"


def low_key(text: str) -> float:
    low = parse_figure(text).low
    return float("-inf") if low is None else low


@given(n=st.integers(1, 10**7), data=st.data())
def test_a_stronger_lower_qualifier_never_gets_a_lower_low(n: int, data: st.DataObject) -> None:
    # "approximately" spreads by the last significant digit, so it may reach below "nearly" (30: 20 vs 28);
    # each chain of qualifiers that all bound from below keeps its order
    for order in (["more_than", "at_least", "approximately"], ["more_than", "at_least", "nearly"]):
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
    p = parse_figure(f"{phrase(cue, number)}{tail}")
    assert p is not None and p.rule == cue[0] and p.number == n
    assert p.stated != 0 and p.low != 0
    if p.high == 0:  # only words that bound from above alone say none: "fewer than one"
        assert n == 1 and rule(cue[0]).low_factor is None


@given(st.text(alphabet="abcdefghijklmnopqrstuvwxyz123456789 ,.-%", max_size=40))
def test_random_text_without_zero_never_reads_zero(text: str) -> None:
    p = parse_figure(text)
    if p is not None and "zero" not in text and "nought" not in text:
        assert p.number != 0 and p.stated != 0


def test_zero_when_the_text_says_zero() -> None:
    assert interval("0") == interval("zero") == (0, 0, 0)


@given(cue=st.sampled_from(NUMBER_CUES + [("exact", "")]), n=st.integers(1, 999))
def test_digits_and_words_give_the_same_interval(cue, n) -> None:
    assert parse_figure(phrase(cue, str(n))) == parse_figure(phrase(cue, words(n)))


@given(a=st.integers(1, 999), b=st.integers(1, 999), joiner=st.sampled_from(["to", "-", "–"]))
def test_ranges_from_digits_and_words_agree(a: int, b: int, joiner: str) -> None:
    lo, hi = sorted((a, b))
    # "one to two hundred" shares the scale word (100..200): the range rule of tolls.intervals.phrases' docstring
    assume(not (hi >= 100 and lo < hi // 100))
    assert parse_figure(f"{lo} {joiner} {hi}") == parse_figure(f"{words(lo)} {joiner} {words(hi)}")
    assert parse_figure(f"between {lo} and {hi}") == Parsed("range", lo, None, hi, "range", lo, hi)


@settings(max_examples=300)
@given(cue=st.sampled_from(NUMBER_CUES + QUANTITY_CUES), n=st.integers(1, 10**6), noun=st.booleans())
def test_every_cue_of_every_rule_reads_as_its_rule(cue, n, noun) -> None:
    rule_id, words_ = cue
    text = words_ if rule(rule_id).unit is not None else phrase(cue, str(n))
    text += " people" if noun else ""
    assert match_rule(text) == rule_id
    assert match_rule(text.upper()) == rule_id


def test_every_rule_is_exercised_by_generated_phrases() -> None:
    rng = random.Random(0)
    hit = set()
    for r in ENGLISH:
        for cue in r.cues or ("",):
            n = rng.randint(1, 5000)
            if r.qualifier == "range":
                text = f"between {n} and {n + 3}" if cue == "between" else f"{n} {cue} {n + 3}"
            elif r.unit is not None or r.qualifier == "none":
                text = cue
            else:
                text = phrase((r.rule_id, cue), str(n))
            hit.add(match_rule(text))
    assert hit == {r.rule_id for r in ENGLISH}


# --- words after the number ----------------------------------------------------------------------

AFTER_RULES = [r for r in ENGLISH if r.cue_position == "after"]


def test_the_table_has_cues_after_the_number() -> None:
    assert {r.rule_id for r in AFTER_RULES} >= {"or_more", "or_fewer", "or_so"}
    assert all(r.cue_position in ("before", "after") for r in RULES)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("740 or more", ("or_more", 740, 740, None)),
        ("740 or above", ("or_more", 740, 740, None)),
        ("ten and more people", ("or_more", 10, 10, None)),
        ("10 or fewer", ("or_fewer", None, 10, 10)),
        ("10 or less", ("or_fewer", None, 10, 10)),
        ("1,500 or so", ("or_so", 1400, 1500, 1600)),
        ("two dozen or so", ("or_so", 23, 24, 25)),  # the multiplier first, then the after-cue
        ("a dozen or more", ("or_more", 12, 12, None)),  # the quantity word's point value, as "at least a dozen"
        ("740 or more civilians were killed", ("or_more", 740, 740, None)),
    ],
)
def test_cues_after_the_number(text: str, expected: tuple) -> None:
    p = parse_figure(text)
    assert (p.rule, p.low, p.stated, p.high) == expected
    assert match_rule(text) == expected[0]


@pytest.mark.parametrize(
    "text",
    [
        "10 or 12",
        "ten or twelve",
        "one or two",
        "7 45",
        "1 000 people",  # a space as thousands separator, or two numbers
        "1,5",
        "1,5 million",
        "10 to 8",  # a falling range with a word: not the 10 alone
        "ten to eight",
        "10 or a dozen",
        "hundreds or thousands",
        "at least 10 or 12",
        "over 740 or more",  # two qualifiers that no rule combines
        "about 8 to 10",
        "at least 10-12",
        "8 to 10 or 12",
        "dozens or more",  # a vague word has no point value to qualify
        "10 or more than 20",
    ],
)
def test_words_that_change_the_number_make_it_ambiguous(text: str) -> None:
    assert parse_figure(text) is None
    assert match_rule(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("at least 25 people", (25, 25, None)),
        ("dozens injured", (24, None, 108)),
        ("18 wounded", (18, 18, 18)),
        ("10 or injured", (10, 10, 10)),  # "or" and no number: a noun phrase
        ("one 45-year-old man", (1, 1, 1)),  # the second number is part of a compound word
        ("10, 12 injured", (10, 10, 10)),  # a list, not a decimal comma
        ("8 and 10", (8, 8, 8)),  # "and" lists two counts (the range rule: "and" only after "between")
        ("10 and more than 20", (10, 10, 10)),  # "and more" is no after-cue when a figure follows it
        ("8 to 10", (8, None, 10)),
    ],
)
def test_noun_phrases_and_lists_after_the_number_are_still_read(text: str, expected: tuple) -> None:
    assert interval(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("two to three dozen", (24, 36)),
        ("Two to three dozen were injured", (24, 36)),
        ("two to three hundred", (200, 300)),
        ("2 to 3 hundred", (200, 300)),
        ("between two and three dozen", (24, 36)),
        ("1 to 1.5 million", (1_000_000, 1_500_000)),
        ("ten to twenty thousand", (10_000, 20_000)),
        ("500 to 2 thousand", (500, 2000)),  # the first end is above the second's own number: no distribution
        ("ninety to a hundred", (90, 100)),
        ("two dozen to three dozen", (24, 36)),
        ("two to two thousand three hundred", (2, 2300)),  # "hundred" does not multiply all of 2300
    ],
)
def test_a_range_shares_its_scale_word(text: str, expected: tuple) -> None:
    p = parse_figure(text)
    assert (p.rule, p.low, p.stated, p.high) == ("range", expected[0], None, expected[1])
    assert (p.number, p.upper) == expected


# --- zero only from words that say none ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("nearly 1", (None, 1, None)),  # below 1 and near it: no whole count; unknown, not 0
        ("almost one", (None, 1, None)),
        ("approximately 1", (None, 1, 2)),
        ("1 or so", (None, 1, 2)),
        ("fewer than 1", (None, 1, 0)),  # the words say none (stated_number is the number written)
        ("fewer than one", (None, 1, 0)),
        ("up to 1", (None, 1, 1)),
        ("nearly 2", (1, 2, 1)),
        ("0", (0, 0, 0)),
    ],
)
def test_a_bound_below_one_is_unknown_unless_the_words_say_none(text: str, expected: tuple) -> None:
    assert interval(text) == expected


@given(cue=st.sampled_from(NUMBER_CUES + [("exact", "")]), n=st.integers(1, 10**6))
def test_no_bound_below_one_from_a_positive_number_but_fewer_than_one(cue, n) -> None:
    p = parse_figure(phrase(cue, f"{n:,}"))
    for bound in (p.low, p.stated):
        assert bound is None or bound >= 1
    if p.high is not None and p.high < 1:
        assert (p.high, n) == (0, 1) and rule(cue[0]).low_factor is None


# --- properties of words after the number -------------------------------------------------------


@given(
    a=st.integers(1, 10**6),
    b=st.integers(1, 10**6),
    joiner=st.sampled_from([" ", " or ", " to ", ","]),
    before=st.sampled_from([("exact", "")] + [c for c in NUMBER_CUES if rule(c[0]).cue_position == "before"]),
    tail=st.sampled_from(["", " people", " were killed"]),
)
def test_a_trailing_number_is_never_dropped(a, b, joiner, before, tail) -> None:
    first = f"{a:,}" if joiner != "," else str(a)
    second = str(b) if joiner == "," else f"{b:,}"
    assume(joiner != "," or (len(second) != 3 and a < 1000))  # "1,100" is one number, "1,5" is not
    p = parse_figure(f"{phrase(before, first)}{joiner}{second}{tail}")
    if p is not None:  # only a range reads: "8 to 10"
        assert (p.qualifier, p.number, p.upper) == ("range", a, b) and before[1] == "" and joiner == " to "


@given(a=st.integers(1, 999), b=st.integers(1, 999), joiner=st.sampled_from([" or ", " to "]))
def test_a_trailing_number_in_words_is_never_dropped(a, b, joiner) -> None:
    # "one to seven hundred" shares the scale word (100..700): the range rule of the module docstring
    assume(not (joiner == " to " and b >= 100 and a < b // 100))
    p = parse_figure(f"{words(a)}{joiner}{words(b)} people")
    assert p is None or (p.qualifier, p.number, p.upper) == ("range", a, b)


@given(n=st.integers(1, 10**7), as_words=st.booleans(), data=st.data())
def test_after_cues_read_as_their_before_twins(n, as_words, data) -> None:
    number = words(n) if as_words and n < 1000 else f"{n:,}"
    twins = {"or_more": "at_least", "or_fewer": "at_most", "or_so": "approximately"}
    after, before = data.draw(st.sampled_from(sorted(twins.items())))
    a = parse_figure(f"{number} {data.draw(st.sampled_from(rule(after).cues))} people")
    b = parse_figure(f"{data.draw(st.sampled_from(rule(before).cues))} {number} people")
    assert (a.qualifier, a.low, a.stated, a.high, a.number) == (b.qualifier, b.low, b.stated, b.high, b.number)


@given(n=st.integers(1, 10**7), data=st.data())
def test_qualifier_strength_order_holds_with_after_cues(n: int, data: st.DataObject) -> None:
    order = ["more_than", "at_least", "or_more", "approximately", "or_so"]
    lows = [low_key(phrase((q, data.draw(st.sampled_from(rule(q).cues))), f"{n:,}")) for q in order]
    assert lows == sorted(lows, reverse=True)
    assert lows[1] == lows[2] and lows[3] == lows[4]  # "at least n" == "n or more", "about n" == "n or so"
    assert lows[1] >= low_key(phrase(("nearly", data.draw(st.sampled_from(rule("nearly").cues))), f"{n:,}"))
    highs = [
        parse_figure(phrase((q, data.draw(st.sampled_from(rule(q).cues))), f"{n:,}")).high
        for q in ("at_most", "or_fewer", "fewer_than")
    ]
    assert highs[0] == highs[1] == n and highs[2] == n - 1


def test_an_after_cue_rule_must_qualify_a_number() -> None:
    from dataclasses import replace

    with pytest.raises(ValueError, match="cue_position"):
        RuleTable([rule("exact"), replace(rule("dozens"), cue_position="after")])
    with pytest.raises(ValueError, match="cue_position"):
        RuleTable([rule("exact"), replace(rule("at_least"), cue_position="sideways")])
