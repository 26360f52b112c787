"""Answers in words (tolls.outputs.answers): the sentences an editor would print, told on the toll history and one
government's offices built in code (tests/history.py). An update is a rise, not a disagreement; one government's
offices are one body; a minimum is named as a minimum; a total of mostly civilians is not a count of civilians;
every number has its body and its day; nothing is added up."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from history import government_offices, toll_history

from tolls.database.build import build_database
from tolls.outputs.answers import ANSWERS, AnswerError, answer
from tolls.outputs.report import write_report
from tolls.package.loading import Package

SOHR = "the Syrian Observatory for Human Rights"


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = toll_history(tmp_path_factory.mktemp("history") / "pkg")
    return build_database(Package.open(root), root / "build")


@pytest.fixture(scope="module")
def offices(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = government_offices(tmp_path_factory.mktemp("offices") / "pkg")
    return build_database(Package.open(root), root / "build")


def sentences(text: str) -> list[str]:
    return re.split(r"(?<=\.) (?=[A-Z])", text)


def test_an_update_is_a_rise_not_a_disagreement(history: Path) -> None:
    assert answer(history, "growth", event_id="ev", body="sohr", scope="civilians") == (
        f"The count of civilians killed, as {SOHR} gives it, rose from 745 (9 March 2025) to at least 1,500"
        " (14 March 2025) in six counts."
    )
    # the one pair that does not overlap is between two bodies; SOHR's own counts are never set against each other
    said = answer(history, "discrepancies", event_id="ev")
    assert said.startswith("One pair of independent bodies' latest counts of one group does not overlap.")
    assert (
        "Civilians killed: the Syrian Network for Human Rights' 1,334 (31 March 2025) against the Syrian Observatory"
        " for Human Rights' at least 1,500 (14 March 2025), a disagreement: the lower count is the more recent."
    ) in said
    assert "745" not in said and "1,476" not in said


def test_one_governments_offices_are_one_body(offices: Path) -> None:
    assert answer(offices, "latest", event_id="ev", scope="people") == (
        "Each independent body's latest count of people killed whose status is not given."
        " The government: 8 (the interior ministry, 1 March 2025), the last of two counts since a preliminary 3"
        " (the state news agency, 1 March 2025); the health ministry's at least 8, undated (in a source published"
        " 2 March 2025), is not taken as its latest. A monitor: at least 7 (2 March 2025)."
    )
    # the news agency's preliminary 3 is the government's first count, superseded the same day: a rise of one count
    assert answer(offices, "growth", event_id="ev", body="government", scope="people") == (
        "The government's count of people killed whose status is not given rose from a preliminary 3 (the state"
        " news agency, 1 March 2025) to 8 (the interior ministry, 1 March 2025) in two counts."
    )
    assert answer(offices, "discrepancies", event_id="ev").startswith(
        "The independent bodies' latest counts overlap in every group they both count."
    )
    ranges = answer(offices, "ranges", event_id="ev")
    assert (
        "People whose status is not given: at least 7 (a monitor, 2 March 2025) to 8 (the interior ministry, 1 March"
        " 2025), corroborated by 2 independent bodies"
    ) in ranges
    assert "the health ministry's later at least 8, undated (in a source published 2 March 2025)" in ranges
    assert "preliminary" not in ranges and " 3 " not in ranges  # the superseded first count sets neither end


def test_a_minimum_is_named_as_a_minimum(history: Path) -> None:
    ranges = answer(history, "ranges", event_id="ev")
    civilians = next(s for s in sentences(ranges) if s.startswith("Civilians:"))
    assert civilians.endswith(
        "beside it, the UN human rights office's verified minimum of 111 (11 March 2025), which it calls an undercount."
    )
    assert civilians.startswith("Civilians: 1,334 (the Syrian Network for Human Rights, 31 March 2025) to")
    latest = answer(history, "latest", event_id="ev", scope="civilians")
    assert latest.endswith(
        "The UN human rights office: a verified minimum of 111 (11 March 2025), which it calls an undercount."
    )


def test_mostly_civilians_and_one_identity_are_their_own_groups(history: Path) -> None:
    said = sentences(answer(history, "ranges", event_id="ev"))
    assert (
        "Victims, mostly civilians: about 1,400 (the UN Commission of Inquiry, 14 August 2025) to 1,426 (the"
        " National inquiry committee, 22 July 2025), corroborated by 2 independent bodies."
    ) in said
    assert "Alawites: 1,479 (Reuters, 30 June 2025)." in said
    civilians = next(s for s in said if s.startswith("Civilians:"))
    assert "1,426" not in civilians and "1,400" not in civilians and "1,479" not in civilians


def test_every_number_has_its_body_and_its_day_and_none_is_a_sum(history: Path) -> None:
    ranges = answer(history, "ranges", event_id="ev")
    assert ranges.startswith(
        "Each independent body's latest count of those killed, group by group (the groups overlap, so they are not"
        " added up)."
    )
    # a channel's estimate graded not credible is in the range, with its grade; the event's one number is not it
    assert "about 2,000 (a source not named, 15 March 2025; its source graded D, not usually reliable)" in ranges
    assert ranges.endswith(
        "One number for the event, by the package's rule (the highest lower bound among the independent bodies'"
        f" latest counts in any group, credible sources first): at least 1,500, {SOHR}' count of civilians killed"
        " (14 March 2025); one body's count, never a sum."
    )
    # take away each number said with its body and day: no number is left (no total, no bare figure)
    groups = ranges[: ranges.index(" One number for the event")]  # said in full above
    bare = re.sub(r"\d[\d,]* \([^()]*\b\d{1,2} (?:March|June|July|August) 2025[^()]*\)", "", groups)
    assert not re.search(r"\d", re.sub(r"\d independent bodies", "", bare)), bare


def test_the_toll_as_published_on_a_day(history: Path) -> None:
    then = answer(history, "ranges", event_id="ev", day="2025-03-11")
    assert then.startswith("Each independent body's latest count of those killed as published by 11 March 2025,")
    assert (
        "Civilians: more than 800 (the Syrian Network for Human Rights, 11 March 2025) to 1,225 (the Syrian"
        " Observatory for Human Rights, 11 March 2025), corroborated by 2 independent bodies;"
    ) in then
    assert "1,334" not in then and "1,426" not in then  # published later
    assert then.endswith(f"1,225, {SOHR}' count of civilians killed (11 March 2025); one body's count, never a sum.")


def test_a_relay_says_what_it_changed(history: Path) -> None:
    assert answer(history, "relays") == (
        "One figure in the texts retells another source's count; one changes what it retells: n1 gives Reuters'"
        " 1,479 (alawites killed, 30 June 2025) as “approximately 1,500” alawite civilians."
    )


def test_an_unknown_answer_or_argument_is_a_clear_error(history: Path) -> None:
    with pytest.raises(AnswerError, match="no answer named 'toll'; the answers are ranges, latest"):
        answer(history, "toll")
    with pytest.raises(AnswerError, match="answer 'ranges'.*unexpected keyword argument 'event'"):
        answer(history, "ranges", event="ev")
    assert set(ANSWERS) == {"ranges", "latest", "growth", "discrepancies", "relays", "attributions", "copies"}


def test_the_event_page_opens_with_the_answer_and_names_the_office_behind_the_headline(
    offices: Path, tmp_path: Path
) -> None:
    page = (write_report(offices, tmp_path).parent / "events" / "ev.html").read_text(encoding="utf-8")
    said = answer(offices, "ranges", event_id="ev", measure="killed").replace("'", "&#39;")
    assert f"<p class='answer'>{said}</p>" in page  # the README's words, on the event's page
    assert "One number for the event, by the package&#39;s rule" in said
    # the picture's headline is the government's series, and names the ministry whose count it is
    lead = re.search(r"<figure class='chart timeline'.*?</figure>", page, re.S).group(0)
    assert "the headline figure is 8, the interior ministry&#39;s count as of 1 March." in lead
