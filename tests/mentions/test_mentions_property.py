"""Property tests of the mention finder: digits of any script are found, runs of numbers of any length
are read in time linear in their length (a generous bound per character), and nothing raises."""

from __future__ import annotations

import time
import unicodedata

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tolls.intervals.rule_table import load_rules
from tolls.mentions.find import find_mentions

RULES = load_rules()
# Generous: the finder reads about 20 characters a millisecond on a loaded laptop; this allows 0.5.
SECONDS_PER_CHAR = 0.002
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Every script's zero: the ten digits of a script follow their zero in Unicode.
ZEROS = sorted(
    {chr(c - int(unicodedata.decimal(chr(c)))) for c in range(0x110000) if unicodedata.category(chr(c)) == "Nd"}
)


def _well_formed(text: str) -> None:
    mentions = find_mentions(text, RULES, keep_left_out=True)
    last = 0
    for m in mentions:
        assert last <= m.start < m.end <= len(text)
        assert m.number_text == text[m.start : m.end]
        last = m.end


@SETTINGS
@given(zero=st.sampled_from(ZEROS), value=st.integers(min_value=2, max_value=999_999))
def test_digits_of_any_script_are_read(zero: str, value: int) -> None:
    digits = "".join(chr(ord(zero) + int(d)) for d in str(value))
    text = f"Reports said {digits} people were killed."
    mentions = find_mentions(text, RULES)
    assert [m.number_text for m in mentions] == [digits]
    assert mentions[0].parsed is not None and mentions[0].parsed.stated == value


@SETTINGS
@given(value=st.integers(min_value=1_000, max_value=999_999_999), sep=st.sampled_from(["\u2009", "\u202f"]))
def test_thin_space_groups_are_one_number(value: int, sep: str) -> None:
    written = f"{value:,}".replace(",", sep)
    mentions = find_mentions(f"At least {written} people were killed.", RULES)
    assert [m.number_text for m in mentions] == [f"At least {written}"]
    assert mentions[0].parsed.low == value


@SETTINGS
@given(
    numbers=st.lists(st.integers(min_value=0, max_value=10**30), min_size=1, max_size=3000),
    sep=st.sampled_from([" or ", ", ", " ", " and ", " to ", "-", ".", "\u2009", " or about ", "; "]),
)
def test_runs_of_numbers_are_read_in_linear_time(numbers: list[int], sep: str) -> None:
    text = "Tolls of " + sep.join(map(str, numbers)) + " people were reported."
    started = time.perf_counter()
    _well_formed(text)
    assert time.perf_counter() - started < 1 + SECONDS_PER_CHAR * len(text)


@SETTINGS
@given(
    text=st.text(
        alphabet=st.sampled_from(list("0123456789 ,.-or\u2009\u0660\u0665\uff11at least about dozens\n")), max_size=4000
    )
)
def test_any_mix_of_digits_words_and_separators_is_read_without_error(text: str) -> None:
    started = time.perf_counter()
    _well_formed(text)
    assert time.perf_counter() - started < 1 + SECONDS_PER_CHAR * len(text)


@SETTINGS
@given(length=st.integers(min_value=19, max_value=20_000))
def test_a_digit_run_too_long_to_be_a_count_is_one_mention_without_an_interval(length: int) -> None:
    text = f"It said {'7' * length} people."
    mentions = find_mentions(text, RULES)
    assert [(m.number_text, m.parsed) for m in mentions] == [("7" * length, None)]


def test_european_thousands_are_reported_not_read_as_one() -> None:
    mentions = find_mentions("Some 1.000.000 people fled and 1.500 were killed.", RULES)
    assert [(m.number_text, m.parsed) for m in mentions] == [("Some 1.000.000", None), ("1.500", None)]
    assert find_mentions("About 1.5 million people fled.", RULES)[0].parsed.stated == 1_500_000
