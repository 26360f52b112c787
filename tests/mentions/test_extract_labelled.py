"""Precision and recall of the mention finder and of the figure/exclusion drafts on labelled sentences
written for the tests (tests/extract_labelled.py); benchmarks/extract_benchmark.py prints the same figures."""

from __future__ import annotations

import pytest
from extract_labelled import HELD_OUT, LABELLED, score

from tolls.mentions.find import find_mentions


def find(text: str):
    return find_mentions(text, keep_left_out=True)  # what `tolls add` and coverage use


def test_the_labelled_set_is_news_sized():
    assert len(LABELLED) >= 60 and len(HELD_OUT) >= 15


@pytest.mark.parametrize(
    "metric", ["mention_precision", "mention_recall", "figure_precision", "figure_recall", "reason_accuracy"]
)
def test_tuned_set(metric):
    result = score(find)
    assert result[metric] >= 0.95, "\n".join(result["errors"])


def test_held_out_set_keeps_a_floor():
    # sentences the rules were not tuned on: a floor that catches a regression, not a target
    result = score(find, HELD_OUT)
    assert result["mention_recall"] >= 0.9 and result["figure_recall"] >= 0.8, "\n".join(result["errors"])
    assert result["figure_precision"] >= 0.5, "\n".join(result["errors"])


@pytest.mark.parametrize(
    "sentence,words,reason",
    [
        ("The monitor has documented about 30 massacres since March.", "about 30", "other"),
        ("About 30 homes were burned in the attack.", "About 30", "count_of_places"),
        ("The siege lasted 72 hours.", "72", "duration"),
        ("Posted 2025-03-09 04:01:19 by the news desk.", "19", "other"),
        ("Dozens of people who chanted slogans gathered in the square.", "Dozens", "crowd_size"),
        ("Some 20 gunmen attacked the town.", "Some 20", "other"),
    ],
)
def test_false_figures_are_drafted_as_exclusions(sentence, words, reason):
    [m] = [m for m in find(sentence) if m.number_text == words]
    assert m.exclusion_guess == reason


def test_a_measure_in_the_clause_keeps_a_count_of_gunmen_a_figure():
    [m] = find("Five gunmen were killed in the exchange of fire.")
    assert m.exclusion_guess is None and m.measure_guess == "killed"


def test_a_glued_word_is_still_read():
    [m] = find("Clashes resumed on FridayHundreds fled the district.")
    assert m.number_text == "Hundreds" and m.start == len("Clashes resumed on Friday")
