"""tolls.validation.series and the row rules beside it: each rule broken on the toll history of
tests/history.py (a small package that validates clean) and caught, with the file, line and field named."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "database"))

from conftest import Table  # noqa: E402
from history import FIGURES, toll_history  # noqa: E402

from tolls.validation import validate  # noqa: E402


@pytest.fixture
def history(tmp_path: Path) -> Path:
    return toll_history(tmp_path / "pkg")


def caught(root: Path) -> list[tuple[str, str, int | None, str | None]]:
    return [(p.code, p.file, p.line, p.field) for p in validate(root)]


def test_the_history_is_valid(history: Path) -> None:
    assert validate(history) == []


def test_an_actor_speaks_for_a_body_one_step_away(history: Path) -> None:
    actors = Table(history, "actors")
    actors.set("un-coi", "speaks_for", "national-inquiry")  # which itself speaks for the government
    actors.set("ohchr", "speaks_for", "ohchr")
    actors.save()
    found = caught(history)
    assert ("speaks-for-not-a-body", "data/actors.csv", actors.line_of("un-coi"), "speaks_for") in found
    assert ("not-own-body", "data/actors.csv", actors.line_of("ohchr"), "speaks_for") in found
    assert len(found) == 2


def test_a_scope_nests_in_a_scope_without_a_loop(history: Path) -> None:
    groups = Table(history, "victim_groups")
    groups.set("civilians", "within", "alawite_civilians")  # alawite_civilians is within civilians: a loop
    groups.set("mixed_total", "within", "mixed_total")
    groups.save()
    found = caught(history)
    assert ("within-loop", "data/victim_groups.csv", groups.line_of("civilians"), "within") in found
    assert ("not-own-within", "data/victim_groups.csv", groups.line_of("mixed_total"), "within") in found


def test_within_names_a_scope(history: Path) -> None:
    groups = Table(history, "victim_groups")
    groups.set("alawite_civilians", "scope", "civilians")  # no longer a scope of its own
    groups.set("combatants", "within", "alawite_civilians")
    groups.save()
    found = caught(history)
    assert ("within-not-a-scope", "data/victim_groups.csv", groups.line_of("combatants"), "within") in found


def _rewrite(history: Path, changes: dict[str, dict[str, str]], name: str = "changed") -> Path:
    """The history with some figures' cells changed, as a new package beside it."""
    figures = [{**f, **changes.get(f["figure_id"], {})} for f in FIGURES]
    return toll_history(history.parent / name, figures)


def test_one_page_gives_one_count_per_counter_scope_and_day(history: Path) -> None:
    # SOHR's 11 March page gives its count twice for one day (not a copy, not a part)
    root = _rewrite(history, {"s4d": {"coverage": "whole_event", "part_of_figure_id": ""}})
    root_table = Table(root, "figures")
    found = caught(root)
    assert ("tie-same-page", "data/figures.csv", root_table.line_of("s4d"), "as_of") in found


def test_an_as_of_read_from_the_publication_is_its_day(history: Path) -> None:
    # c06 was published on 14 March
    root = _rewrite(history, {"s6": {"as_of": "2025-03-13"}})
    found = caught(root)
    assert ("as-of-not-publication-day", "data/figures.csv", Table(root, "figures").line_of("s6"), "as_of") in found


def test_a_weekday_on_a_page_is_the_day_it_names(history: Path) -> None:
    # the page of Saturday 15 March says "on Friday": 14 March, not 13 March
    root = _rewrite(history, {"s7": {"as_of": "2025-03-13"}})
    [problem] = validate(root)
    assert (problem.code, problem.field) == ("as-of-relative-day", "as_of_basis")
    assert "'on Friday' -> 2025-03-14" in problem.message
    # notes that name no day say nothing to resolve
    root = _rewrite(history, {"s7": {"notes": "SOHR's count."}}, name="no-day")
    assert [p.code for p in validate(root)] == ["as-of-relative-day"]


def test_a_weekday_needs_a_page_dated_to_the_day(history: Path) -> None:
    root = _rewrite(history, {})
    sources = Table(root, "sources")
    for field, value in (
        ("published_earliest", ""),
        ("published_latest", ""),
        ("published_precision", ""),
        ("published_basis", "unknown"),
        ("published_note", "The page shows no date."),
    ):
        sources.set("c15", field, value)
    sources.save()
    found = [p for p in validate(root) if p.code == "as-of-relative-day"]
    assert len(found) == 1 and "is not dated to the day" in found[0].message


def test_reliability_rules_grade_a_kind_once_or_one_source(history: Path) -> None:
    rules = Table(history, "reliability_rules")
    rules.set("kind-news", "source_kind", "blog")
    rules.set("kind-rewrite", "source_kind", "opinion")  # kind-opinion grades it already
    rules.set("kind-summary", "source_id", "c01")  # a kind and a source at once
    rules.save()
    found = caught(history)
    line = rules.line_of
    assert ("reliability-rule-kind", "data/reliability_rules.csv", line("kind-news"), "source_kind") in found
    assert ("reliability-rule-twice", "data/reliability_rules.csv", line("kind-opinion"), "source_kind") in found
    assert ("kind-or-source", "data/reliability_rules.csv", line("kind-summary"), "source_kind") in found


def test_a_difference_of_timing_has_its_own_outcome(history: Path) -> None:
    grades = Table(history, "corroboration_grades")
    grades.set("corroborated", "timing", "").save()  # now corroborated also covers counts that differ by date
    [problem] = validate(history)
    assert problem.code == "corroboration-outcomes"
    assert "a difference of timing, outcomes corroborated, consistent_in_time all apply" in problem.message


def test_the_corroboration_outcomes_cover_every_case_once(history: Path) -> None:
    grades = Table(history, "corroboration_grades")
    grades.set("corroborated", "disagreement", "")  # now it also applies when two credible bodies disagree
    grades.save()
    [problem] = validate(history)
    assert (problem.code, problem.line) == ("corroboration-outcomes", grades.line_of("contested"))
    assert "outcomes corroborated, contested all apply" in problem.message
    grades.set("corroborated", "disagreement", "false").set("single_body", "max_credible", "0").save()
    found = caught(history)
    assert ("bounds-order", "data/corroboration_grades.csv", grades.line_of("single_body"), "max_bodies") in found
    assert any(code == "corroboration-outcomes" and line is None for code, _, line, _ in found)
