"""`tolls extract` on an Arabic excerpt written for the tests (tests/mentions/arabic_excerpt.py): every labelled
figure is drafted with the Arabic rules' interval, every other number with its exclusion reason, and dates, years
and clock times are no mentions. benchmarks/extract_benchmark.py prints the precision and recall."""

from __future__ import annotations

import csv
import io

import pytest
from arabic_excerpt import EXCERPT, FIGURE, HELD_OUT, SENTENCES
from extract_labelled import score

from tolls.cli import main
from tolls.mentions.find import find_mentions


@pytest.fixture
def extracted(tmp_path, capsys) -> list[dict[str, str]]:
    path = tmp_path / "excerpt.txt"
    path.write_text(EXCERPT, encoding="utf-8")
    assert main(["extract", str(path), "--format", "csv"]) == 0  # no --language: the script says Arabic
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


def test_extract_drafts_each_labelled_figure_and_exclusion(extracted):
    labels = [label for _, labels in SENTENCES for label in labels]
    got = [(r["number_text"], r["exclusion_candidate"] or FIGURE) for r in extracted]
    assert got == labels


def test_a_cue_before_the_number_sets_the_qualifier(extracted):
    rows = {r["number_text"]: r for r in extracted}
    assert (rows["أكثر من 740"]["qualifier"], rows["أكثر من 740"]["low"]) == ("more_than", "741")
    assert (rows["نحو 1500"]["low"], rows["نحو 1500"]["high"]) == ("1400", "1600")
    assert rows["ارتفعت الحصيلة إلى ١٬٤٧٦"]["stated_number"] == "1476"
    assert rows["أكثر من 740"]["measure"] == "killed" and rows["نحو 1500"]["measure"] == "displaced"


def test_dates_years_and_clock_times_are_no_mentions(extracted):
    words = {r["number_text"] for r in extracted}
    assert not words & {"6", "2025", "9", "10"}


def test_the_language_option_overrides_the_script(tmp_path, capsys):
    path = tmp_path / "t.txt"
    path.write_text("قتل أكثر من 740 شخصا\n", encoding="utf-8")
    assert main(["extract", str(path), "--format", "csv", "--language", "en"]) == 0
    [row] = csv.DictReader(io.StringIO(capsys.readouterr().out))
    assert (row["number_text"], row["interval_rule"]) == ("740", "exact")  # the English rules know no Arabic cue


@pytest.mark.parametrize("sentences", [SENTENCES, HELD_OUT], ids=["tuned", "held-out"])
def test_precision_and_recall_keep_a_floor(sentences):
    result = score(lambda t: find_mentions(t, keep_left_out=True, language="ar"), sentences)
    assert result["mention_precision"] >= 0.9 and result["mention_recall"] >= 0.9, "\n".join(result["errors"])
    assert result["figure_precision"] >= 0.8 and result["figure_recall"] >= 0.8, "\n".join(result["errors"])


def test_the_table_keeps_its_columns_and_the_words_in_their_order(tmp_path, capsys):
    from rich.cells import cell_len

    path = tmp_path / "excerpt.txt"
    path.write_text(EXCERPT, encoding="utf-8")
    assert main(["extract", str(path)]) == 0
    lines = [line for line in capsys.readouterr().out.splitlines() if line.strip()][1:]
    assert len({cell_len(line) for line in lines}) == 1  # every row as wide as the borders: no broken layout
    assert "\u2068أكثر من 740\u2069" in "\n".join(lines)  # isolated for bidi terminals, never reversed here
    assert not any(c in "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652" for line in lines for c in line[:3])
