"""Reading Arabic number phrases: the labelled set (tests/intervals/arabic_phrases.py) gives each phrase's rule and
interval; num2words, which writes numbers in Arabic, checks the reader independently; the noise of news text
never moves an offset; the English reading is left as it was."""

from __future__ import annotations

import random
import re

import pytest
from arabic_phrases import PHRASES
from hypothesis import given
from hypothesis import strategies as st
from num2words import num2words

from tolls.intervals.arabic import arabic_value
from tolls.intervals.number_words import _fold
from tolls.intervals.phrases import detect_language, match_rule, parse_figure
from tolls.intervals.rule_table import load_rules
from tolls.mentions.find import find_mentions

RULES = load_rules()
ARABIC = RULES.language("ar")


def reading(text: str, language: str | None = "ar"):
    p = parse_figure(text, language=language)
    return None if p is None else (p.rule, p.low, p.stated, p.high)


@pytest.mark.parametrize(("text", "expected"), PHRASES, ids=[t for t, _ in PHRASES])
def test_each_labelled_phrase_gives_its_interval(text, expected):
    assert reading(text) == expected


def test_the_labelled_set_covers_every_arabic_rule_and_is_large_enough():
    labelled = {e[0] for _, e in PHRASES if e} | {match_rule(t, language="ar") for t, e in PHRASES if e is None}
    assert len(PHRASES) >= 60
    assert {r.rule_id for r in ARABIC} <= labelled


def test_the_script_chooses_the_arabic_rules_when_no_language_is_given():
    assert reading("أكثر من 740", language=None) == ("more_than_ar", 741, 740, None)
    assert reading("over 740", language=None) == ("more_than", 741, 740, None)
    assert detect_language("قتل 5 أشخاص") == "ar" and detect_language("5 killed") is None


def test_a_bare_number_reads_by_the_same_rule_in_every_language():
    assert reading("745", "ar") == reading("745", "en") == ("exact", 745, 745, 745)


def test_a_language_without_rules_reads_with_the_default_ones():
    assert reading("over 740", "fr") == ("more_than", 741, 740, None)


# --- the reader against num2words ------------------------------------------------------------------------


def _well_formed(words: str) -> bool:
    # num2words 0.5.14 writes some numbers with a scale word twice ("مائة و ألف ألف"): no number in Arabic
    return not re.search(r"(ألف|مليون) \1", words)


def test_the_reader_reads_back_what_num2words_writes():
    rng = random.Random(21)
    numbers = [*range(1, 2100), *(rng.randint(1, 10**9) for _ in range(3000))]
    written = {n: num2words(n, lang="ar") for n in numbers}
    checked = {n: w for n, w in written.items() if _well_formed(w)}
    assert len(checked) > 0.9 * len(written)
    assert {n: w for n, w in checked.items() if arabic_value(w) != n} == {}


@pytest.mark.parametrize(
    ("words", "value"),
    [
        ("ثلاث مئة وخمس وعشرين", 325),
        ("ثلاثة عشر ألفا", 13000),
        ("ألفان وخمسة وعشرون", 2025),
        ("ثلاثة ملايين وخمسمئة ألف", 3500000),
        ("ألفًا", 1000),  # one thousand in the accusative: the tanween says so
        ("ألفا", 2000),  # the dual construct, two thousand
        ("خمسة ستة", None),  # two numbers, not eleven
        ("ثمانية وعشرة", None),  # ten is no tens word: a list, not a compound
    ],
)
def test_compounds_and_what_is_not_one_number(words, value):
    assert arabic_value(words) == value


# --- every cue, any number, Arabic words after it ---------------------------------------------------------

NUMBER_CUES = [
    (r.rule_id, c) for r in ARABIC if r.unit is None and r.qualifier not in ("range", "none") for c in r.cues
]


@given(
    cue=st.sampled_from(NUMBER_CUES),
    n=st.integers(1, 10**6),
    digits=st.sampled_from(["0123456789", "٠١٢٣٤٥٦٧٨٩", "۰۱۲۳۴۵۶۷۸۹"]),
    tail=st.sampled_from(["", " قتيلا", " شخصاً قتلوا", "، بحسب المرصد"]),
)
def test_every_arabic_cue_reads_as_its_rule_with_digits_of_any_script(cue, n, digits, tail):
    rule_id, words = cue
    number = str(n).translate(str.maketrans("0123456789", digits))
    after = ARABIC.by_id[rule_id].cue_position == "after"
    text = f"{number} {words}{tail}" if after else f"{words} {number}{tail}"
    p = parse_figure(text, language="ar")
    assert p is not None and p.rule == rule_id and p.number == n, text


# --- noise never moves an offset ------------------------------------------------------------------------------


def test_folding_keeps_every_offset():
    text = "قُتِلَ أكـثـرُ مِنْ ١٬٤٧٦ مدنياً، و۲۳ جريحاً – إحدى عشرة"
    assert len(_fold(text)) == len(text)


def test_mentions_in_text_with_diacritics_and_tatweel_stand_at_their_offsets():
    text = "قالت الوزارة إن أكـثـرَ مِنْ ١٬٤٧٦ مدنياً قُتلوا، وأُصيب خَمْسَةٌ وَعِشْرُونَ آخرون بجروح."
    mentions = find_mentions(text, language="ar")
    assert [(m.number_text, m.parsed.low) for m in mentions] == [
        ("أكـثـرَ مِنْ ١٬٤٧٦", 1477),
        ("خَمْسَةٌ وَعِشْرُونَ", 25),
    ]
    assert all(text[m.start : m.end] == m.number_text for m in mentions)
    assert [m.measure_guess for m in mentions] == ["killed", "injured"]


def test_proclitics_stay_outside_the_number_words():
    [m] = find_mentions("وقتل و150 شخصا", language="ar")
    assert (m.number_text, m.start) == ("150", len("وقتل و"))
