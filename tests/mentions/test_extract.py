"""find_mentions lists every number mention of a text, and nothing that is a date, year, age,
percentage, duration or ordinal."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path

import pytest
from conftest import ROOT

from tolls.intervals.phrases import parse_figure
from tolls.mentions.extract import CSV_COLUMNS, extract_file, find_mentions, format_mentions, uncovered

SEEDS = ROOT / "seeds"


def seed(prefix: str) -> Path:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path


def texts_of(prefix: str, **kw) -> Counter[str]:
    return Counter(m.number_text for m in extract_file(seed(prefix), **kw))


# --- the five seed texts -----------------------------------------------------------------------------

EXPECTED = {
    "000": ["A married couple", "hundreds", "dozens", "14"],
    "001": ["over 740"],
    "002": ["Hundreds", "One", "One", "over 740", "over 740"],
    "003": [
        "at least three",
        "dozens",
        "at least eight",
        "18",
        "at least 25",
        "approximately 1,500",
        "over 40",
        "Tens of thousands",
        "Tens of thousands",
        "hundreds",
    ],
    "004": ["has risen to 745", "several", "scores"],
}


@pytest.mark.parametrize("prefix", sorted(EXPECTED))
def test_seed_texts_give_exactly_the_expected_mentions(prefix: str) -> None:
    assert texts_of(prefix) == Counter(EXPECTED[prefix])


def test_s004_finds_745_and_several_but_no_pronoun_nor_date() -> None:
    found = texts_of("004")
    assert any(t.endswith("745") for t in found) and "several" in found
    assert not any("one" == t.lower() or "2024" in t for t in found)


def test_dates_years_percentages_durations_and_ordinals_are_left_out() -> None:
    found = "".join(f"{m.number_text}|" for p in EXPECTED for m in extract_file(seed(p)))
    for absent in ("2025", "2024", "2011", "2023", "24", "22", "10", "12%", "a few", "first", "Fourth"):
        assert f"{absent}|" not in found and f"|{absent}" not in found


def test_offsets_lines_and_sentences_point_into_the_text() -> None:
    for prefix in EXPECTED:
        text = seed(prefix).read_text(encoding="utf-8")
        for m in find_mentions(text):
            assert text[m.start : m.end] == m.number_text
            assert text[m.sentence_start : m.sentence_start + len(m.sentence)] == m.sentence
            assert m.sentence_start <= m.start < m.end <= m.sentence_end
            assert m.line == text.count("\n", 0, m.start) + 1
            assert m.parsed == parse_figure(m.number_text)


def test_measure_and_exclusion_guesses_on_the_seeds() -> None:
    by_text = {(m.number_text, m.line): m for p in EXPECTED for m in extract_file(seed(p))}
    assert by_text["at least three", 7].measure_guess == "killed"
    assert by_text["dozens", 7].measure_guess == "injured"
    assert by_text["18", 9].measure_guess == "injured"
    assert by_text["Hundreds", 6].measure_guess == "displaced"
    assert by_text["over 740", 8].measure_guess == "casualties"
    assert by_text["hundreds", 9].exclusion_guess == "crowd_size"
    assert by_text["over 40", 11].exclusion_guess == "count_of_places"
    assert by_text["14", 10].exclusion_guess == "defendants"
    assert by_text["hundreds", 16].exclusion_guess == "count_of_documents"
    assert by_text["several", 2].exclusion_guess == "count_of_places"
    assert by_text["One", 7].exclusion_guess == "single_person"
    assert by_text["scores", 6].exclusion_guess == "idiom"
    assert by_text["approximately 1,500", 11].exclusion_guess is None


def test_keep_left_out_adds_percentages_durations_and_pronouns() -> None:
    extra = texts_of("003", keep_left_out=True) - texts_of("003")
    assert extra == Counter(["10 percent", "a few"])
    assert texts_of("000", keep_left_out=True)["10-12%"] == 1
    assert texts_of("001", keep_left_out=True)["10%"] == 1
    assert texts_of("004", keep_left_out=True)["one"] == 1
    guesses = {m.number_text: m.exclusion_guess for m in extract_file(seed("003"), keep_left_out=True)}
    assert guesses["10 percent"] == "population_share" and guesses["a few"] == "duration"


# --- small texts ---------------------------------------------------------------------------------------


def numbers(text: str) -> list[str]:
    return [m.number_text for m in find_mentions(text)]


@pytest.mark.parametrize(
    "text",
    [
        "On November 24, 2025, the council met.",
        "It happened in December 2024 and since 2011.",
        "Mid-November 2025 was calm; June 22 too.",
        "About 10% of people, 10-12% of them, 10 percent in all.",
        "It lasted a few days, and another decade, in a years-long war, for 3 weeks.",
        "The first trial; the Fourth International; the 24th session; the 1990s.",
        "A 25-year-old man, aged 40, at 10:30 pm.",
        "It is one of the deadliest. No one came.",
        "Many died; numerous others and large numbers fled; the toll is under investigation.",
        "COVID-19 and F-16 jets.",
    ],
)
def test_not_mentions(text: str) -> None:
    assert numbers(text) == []


def test_qualifier_words_belong_to_number_text() -> None:
    text = "Over 740 died, at least eight were hurt, approximately 1,500 fled. A married couple was found."
    assert numbers(text) == ["Over 740", "at least eight", "approximately 1,500", "A married couple"]


def test_quantity_words_leave_a_trailing_of_out() -> None:
    assert numbers("Tens of thousands of workers and hundreds of statements.") == [
        "Tens of thousands",
        "hundreds",
    ]
    assert numbers("a handful of people") == ["a handful of"]  # "a handful" alone is no cue


def test_ranges_and_counts_that_look_like_years() -> None:
    assert numbers("Between 8 and 10 died, 10-12 were hurt, and 2000 people fled in 2000.") == [
        "Between 8 and 10",
        "10-12",
        "2000",
    ]


def test_uncovered_lists_what_no_row_covers() -> None:
    text = "At least three people were killed and dozens injured; 14 suspects were tried."
    quote = text[:52]
    # As the validator builds them: quote_start + quote.find(number_text), plus len(number_text).
    covered = [(0 + quote.find(t), 0 + quote.find(t) + len(t)) for t in ("At least three", "dozens")]
    assert [m.number_text for m in uncovered(text, covered)] == ["14"]
    assert uncovered(text, covered + [(55, 57)]) == []
    assert len(uncovered(text, [])) == 3
    assert [m.number_text for m in uncovered(text, [(3, 5)])] == ["dozens", "14"]  # any overlap covers


# --- output ----------------------------------------------------------------------------------------


def test_csv_parses_back_with_figures_columns() -> None:
    mentions = extract_file(seed("003"))
    rows = list(csv.DictReader(io.StringIO(format_mentions(mentions, "csv"))))
    assert tuple(rows[0]) == CSV_COLUMNS
    assert len(rows) == len(mentions)
    text = seed("003").read_text(encoding="utf-8")
    for row in rows:
        assert text[int(row["quote_start"]) : int(row["quote_end"])] == row["quote"]
        assert row["number_text"] in row["quote"]
    first = rows[0]
    assert (first["number_text"], first["qualifier"], first["low"], first["stated_number"], first["high"]) == (
        "at least three",
        "at_least",
        "3",
        "3",
        "",
    )
    assert first["interval_rule"] == "at_least" and first["measure"] == "killed"


def test_json_parses_back() -> None:
    mentions = extract_file(seed("000"))
    data = json.loads(format_mentions(mentions, "json"))
    assert [d["number_text"] for d in data] == [m.number_text for m in mentions]
    assert data[0]["parsed"]["rule"] == "married_couple" and data[0]["stated_number"] == 2
    assert data[1]["exclusion_candidate"] == "crowd_size"


def test_table_is_plain_text() -> None:
    out = format_mentions(extract_file(seed("004")), "table")
    assert "has risen to 745" in out and "\x1b[" not in out


def test_unknown_format_is_an_error() -> None:
    with pytest.raises(ValueError, match="xml"):
        format_mentions([], "xml")


def test_a_range_with_a_multiplier_is_one_mention() -> None:
    (m,) = find_mentions("Two to three dozen were injured.")
    assert m.number_text == "Two to three dozen"
    assert (m.parsed.low, m.parsed.high, m.measure_guess) == (24, 36, "injured")


def test_after_cues_belong_to_number_text() -> None:
    found = find_mentions("740 or more died and 10 or fewer were hurt; 1,500 or so fled.")
    assert [(m.number_text, m.parsed.rule) for m in found] == [
        ("740 or more", "or_more"),
        ("10 or fewer", "or_fewer"),
        ("1,500 or so", "or_so"),
    ]


@pytest.mark.parametrize("phrase", ["10 or 12", "7 45", "1,5", "about 8 to 10", "hundreds or thousands"])
def test_ambiguous_words_are_one_mention_without_an_interval(phrase: str) -> None:
    text = f"Officials said {phrase} people were killed."
    (m,) = find_mentions(text)
    assert m.number_text == phrase and m.parsed is None and m.parsed == parse_figure(m.number_text)
    assert m.measure_guess == "killed"


def test_a_date_before_a_number_is_still_left_out() -> None:
    assert numbers("It began on June 22 2025 and 8 and 10 people died.") == ["8", "10"]
    assert numbers("About 10 or 12% of them.") == []


def test_every_exclusion_guess_is_a_reason_the_schema_allows():
    root = ROOT
    schema = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    exclusions = next(r for r in schema["resources"] if r["name"] == "exclusions")
    reasons = set(next(f for f in exclusions["schema"]["fields"] if f["name"] == "reason")["constraints"]["enum"])
    guesses = {
        m.exclusion_guess
        for p in sorted((root / "seeds").glob("*.txt"))
        for m in find_mentions(p.read_text(encoding="utf-8"), keep_left_out=True)
    }
    assert guesses - {None} and guesses - {None} <= reasons
