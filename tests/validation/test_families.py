"""The model's families, each rule broken once on the toll history of tests/history.py (built in code) and
seen caught with its code: parts, relays and copies, kinds of count, URLs, citations, scopes, and the figures
and sources that unnumbered harms and contradictions point at."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "database"))  # history builds on test_database
from history import EVENT, FIGURES, NEWS, cited, toll_history  # noqa: E402
from test_database import figure, write_rows  # noqa: E402

from tolls.package.loading import Package  # noqa: E402
from tolls.validation import validate  # noqa: E402
from tolls.validation.frames import load_frames  # noqa: E402
from tolls.validation.links import check_links  # noqa: E402
from tolls.validation.row_checks import check_rules  # noqa: E402
from tolls.validation.structure import check_structure  # noqa: E402

FAMILY_CODES = {
    "part-outside-total-period",
    "part-wider-group",
    "relay-other-event",
    "relay-interval-disjoint",
    "copy-other-number",
    "copy-sources-not-copies",
    "verified-minimum-not-final",
    "verified-minimum-is-a-floor",
    "outside-citation-not-cited",
    "not-own-citation",
    "url-forbidden-character",
    "url-mixed-script-host",
    "duplicate-url",
    "scope-cycle",
    "scope-not-own-scope",
    "figure-of-other-source",
    "other-source-missing",
    "other-source-is-own",
}


def rule_problems(root: Path) -> list:
    """The rules and links layers' problems (what the families are; quicker than a whole validation)."""
    pkg = Package.open(root)
    frames = load_frames(pkg, check_structure(pkg).readable)
    return check_rules(pkg, frames) + check_links(pkg, frames)


def history(tmp_path: Path, changes: dict[str, dict] | None = None, extra: list[dict] | None = None) -> Path:
    """The toll history with some figures changed (by id) and some added."""
    changes = changes or {}
    figures = [{**f, **changes.get(f["figure_id"], {})} for f in FIGURES] + (extra or [])
    return toll_history(tmp_path / "pkg", figures)


def edit(root: Path, name: str, change: Callable[[list[dict]], None]) -> None:
    with (root / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    change(rows)
    write_rows(root / "data" / f"{name}.csv", rows)


def row_of(rows: list[dict], key: str, value: str) -> dict:
    return next(r for r in rows if r[key] == value)


def codes_at(problems: list, code: str) -> list[tuple[str, str | None]]:
    return [(p.file, p.field) for p in problems if p.code == code]


def test_the_history_breaks_no_family_rule(tmp_path: Path):
    root = history(tmp_path)
    assert {p.code for p in validate(root)} & FAMILY_CODES == set()


# --- parts ----------------------------------------------------------------------------------------------


def test_a_part_outside_its_totals_period(tmp_path: Path):
    # the 11 March count's total now ends on the 10th; its one-day part is the 11th
    total = {"date_end": "2025-03-10", "date_basis": "stated", "date_precision": "day"}
    problems = [p for p in rule_problems(history(tmp_path, {"s4": total})) if p.code == "part-outside-total-period"]
    assert {p.field for p in problems} == {"date_start"}
    day = [p for p in problems if p.message.startswith("the part covers 2025-03-11 to 2025-03-11")]
    assert len(day) == 1 and "outside the period of its total s4 (2025-03-01 to 2025-03-10)" in day[0].message
    assert len(problems) == 5, "and the four provinces, which the text dates to the month"


def test_a_part_counting_a_wider_group_than_its_total(tmp_path: Path):
    # the one-day part of a civilian count said to count people of any status
    problems = rule_problems(history(tmp_path, {"s4d": {"victim_group": "people"}}))
    assert codes_at(problems, "part-wider-group") == [("data/figures.csv", "victim_group")]


@pytest.mark.parametrize("group", ["alawite_civilians", "civilians"])
def test_a_part_of_a_narrower_or_the_same_group_is_a_part(tmp_path: Path, group: str):
    problems = rule_problems(history(tmp_path, {"s4d": {"victim_group": group}}))
    assert not codes_at(problems, "part-wider-group")


def test_a_part_of_another_identity_is_wider(tmp_path: Path):
    # SOHR's first update counts Alawite civilians; a part of it that counts civilians of any identity is not
    part = figure(
        "s1p",
        source_id="c01",
        evidence="cited",
        quote="",
        quote_start="",
        quote_end="",
        measure_words="",
        number_text="12",
        victim_group="civilians",
        counted_by="sohr",
        coverage="part_place",
        part_of_figure_id="s1",
        admin1="SY-LA",
        date_start="2025-03-01",
        date_end="2025-03-31",
        date_precision="month",
        date_basis="from_event",
        count_kind="running_tally",
    )
    problems = rule_problems(history(tmp_path, extra=[part]))
    assert codes_at(problems, "part-wider-group") == [("data/figures.csv", "victim_group")]


# --- relays and copies ----------------------------------------------------------------------------------


def test_a_relay_whose_words_cannot_hold_the_relayed_count(tmp_path: Path):
    # Reuters' count read as 300: "approximately 1,500" (1,400 to 1,600) cannot be a relay of it
    problems = rule_problems(
        history(tmp_path, {"r1": {"number_text": "300", "low": "300", "stated_number": "300", "high": "300"}})
    )
    assert codes_at(problems, "relay-interval-disjoint") == [("data/figures.csv", "relay_of_figure_id")]


def test_a_relay_of_another_events_figure(tmp_path: Path):
    root = history(tmp_path, {"r1": {"event_id": "ev2"}})
    edit(root, "events", lambda rows: rows.append({**EVENT, "event_id": "ev2", "name": "Other killings"}))
    problems = rule_problems(root)
    assert codes_at(problems, "relay-other-event") == [("data/figures.csv", "relay_of_figure_id")]


def _copy_of_s6(source: str, words: str) -> dict:
    """A figure of a SOHR page that copies the 14 March count."""
    return cited("s6c", source, words, "2025-03-14", "sohr", copy_of_figure_id="s6")


def test_a_copy_with_another_number(tmp_path: Path):
    problems = rule_problems(history(tmp_path, extra=[_copy_of_s6("c06", "1,500")]))
    assert codes_at(problems, "copy-other-number") == [("data/figures.csv", "copy_of_figure_id")]


def test_a_copy_between_sources_not_recorded_as_copies(tmp_path: Path):
    root = history(tmp_path, extra=[_copy_of_s6("c05", "1,476")])
    problems = rule_problems(root)
    assert codes_at(problems, "copy-sources-not-copies") == [("data/figures.csv", "copy_of_figure_id")]
    assert not codes_at(problems, "copy-other-number")
    edit(root, "sources", lambda rows: row_of(rows, "source_id", "c05").update(copy_of_source_id="c06"))
    assert not codes_at(rule_problems(root), "copy-sources-not-copies"), "recorded as a copy: a copy"


def test_no_copy_looks_unrecorded_while_the_sources_table_waits(tmp_path: Path):
    """A sources table whose content checks wait (its ids given another type) says nothing of which sources
    are copies: the copy between recorded copies is not reported as unrecorded."""
    root = history(tmp_path, extra=[_copy_of_s6("c05", "1,476")])
    edit(root, "sources", lambda rows: row_of(rows, "source_id", "c05").update(copy_of_source_id="c06"))
    descriptor = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    sources = next(res for res in descriptor["resources"] if res["name"] == "sources")
    next(fld for fld in sources["schema"]["fields"] if fld["name"] == "source_id")["type"] = "integer"
    (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    pkg = Package.open(root)
    assert "sources" not in check_structure(pkg).readable
    assert not codes_at(rule_problems(root), "copy-sources-not-copies")


# --- kinds of count -------------------------------------------------------------------------------------


def test_a_verified_minimum_marked_final(tmp_path: Path):
    problems = rule_problems(history(tmp_path, {"o1": {"count_status": "final"}}))
    assert codes_at(problems, "verified-minimum-not-final") == [("data/figures.csv", "count_status")]


@pytest.mark.parametrize("words", ["at most 111", "fewer than 111", "111 or fewer"])
def test_a_verified_minimum_read_as_a_ceiling(tmp_path: Path, words: str):
    o1 = next(f for f in FIGURES if f["figure_id"] == "o1")
    kept = {k: v for k, v in o1.items() if k not in ("figure_id", "low", "stated_number", "high", "number_text")}
    reread = figure("o1", **kept, number_text=words)
    problems = rule_problems(history(tmp_path, {"o1": reread}))
    assert codes_at(problems, "verified-minimum-is-a-floor") == [("data/figures.csv", "qualifier")]


# --- URLs ----------------------------------------------------------------------------------------------


def _set_url(root: Path, source: str, url: str) -> None:
    edit(root, "sources", lambda rows: row_of(rows, "source_id", source).update(url=url))


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/a<b",
        "https://news.example/a|b",
        'https://news.example/"quoted"',
        "https://news.example/caf\u00e9",
        "https://news.example/100%",
        "https://news.example/a{b}",
    ],
)
def test_a_url_with_a_character_rfc_3986_forbids(tmp_path: Path, url: str):
    root = history(tmp_path)
    _set_url(root, "c03", url)
    assert codes_at(rule_problems(root), "url-forbidden-character") == [("data/sources.csv", "url")]


@pytest.mark.parametrize(
    "url",
    ["https://n\u0435ws.example/c03", "https://" + "n\u0435ws".encode("idna").decode() + ".example/c03"],
    ids=["unicode", "punycode"],
)
def test_a_url_whose_host_mixes_scripts(tmp_path: Path, url: str):
    root = history(tmp_path)
    _set_url(root, "c03", url)  # a Cyrillic 'е' among Latin letters
    problems = rule_problems(root)
    assert codes_at(problems, "url-mixed-script-host") == [("data/sources.csv", "url")]
    assert not codes_at(problems, "url-forbidden-character"), "one line: the more telling one"


@pytest.mark.parametrize(
    "url",
    [
        "https://news.example/%D8%B3%D9%88%D8%B1%D9%8A%D8%A7?id=3&x=(1)#part",
        "https://xn--mgbaal8b0b9b2b.example/c03",  # an Arabic host name, one script
        "https://news.example/a_b~c;d,e!f*g'h+i=j@k$l:m",
    ],
)
def test_plain_addresses_pass(tmp_path: Path, url: str):
    root = history(tmp_path)
    _set_url(root, "c03", url)
    problems = rule_problems(root)
    assert not codes_at(problems, "url-forbidden-character") and not codes_at(problems, "url-mixed-script-host")


@pytest.mark.parametrize("variant", ["", "/", "#update", "HTTPS://NEWS.EXAMPLE"])
def test_two_sources_with_one_url(tmp_path: Path, variant: str):
    root = history(tmp_path)
    url = "https://news.example/c02"
    _set_url(root, "c03", url + variant if not variant.startswith("HTTPS") else variant + "/c02")
    problems = [p for p in rule_problems(root) if p.code == "duplicate-url"]
    assert len(problems) == 1 and "source c02" in problems[0].message


# --- citations -----------------------------------------------------------------------------------------


def _outside(row: dict, citation: str) -> None:
    row.update(published_basis="outside_knowledge", outside_citation=citation, published_note="")


def test_a_source_citing_itself(tmp_path: Path):
    root = history(tmp_path)
    edit(root, "sources", lambda rows: _outside(row_of(rows, "source_id", "n1"), "n1"))
    assert codes_at(rule_problems(root), "not-own-citation") == [("data/sources.csv", "outside_citation")]


def test_a_source_citing_a_quoted_source(tmp_path: Path):
    root = history(tmp_path)
    edit(root, "sources", lambda rows: _outside(row_of(rows, "source_id", "c01"), "n1"))
    assert codes_at(rule_problems(root), "outside-citation-not-cited") == [("data/sources.csv", "outside_citation")]


def test_a_figure_citing_its_own_page(tmp_path: Path):
    own = {"event_basis": "outside_knowledge", "outside_citation": "c01"}
    problems = rule_problems(history(tmp_path, {"s1": own}))
    assert codes_at(problems, "not-own-citation") == [("data/figures.csv", "outside_citation")]


def test_a_figure_citing_another_page_is_fine(tmp_path: Path):
    other = {"event_basis": "outside_knowledge", "outside_citation": "c02"}
    problems = rule_problems(history(tmp_path, {"s1": other}))
    assert not codes_at(problems, "not-own-citation") and not codes_at(problems, "outside-citation-not-cited")


# --- scopes (the scope column as victim_groups.csv has it now) ----------------------------------------


def test_scopes_in_a_loop(tmp_path: Path):
    root = history(tmp_path)

    def loop(rows: list[dict]) -> None:
        row_of(rows, "victim_group", "civilians")["scope"] = "people"
        row_of(rows, "victim_group", "people")["scope"] = "civilians"

    edit(root, "victim_groups", loop)
    problems = rule_problems(root)
    assert codes_at(problems, "scope-cycle") == [("data/victim_groups.csv", "scope")] * 2


def test_a_scope_that_is_not_its_own_scope(tmp_path: Path):
    """Two names for the same people share one scope; a third name that takes the second name as its scope,
    not the scope itself, breaks the rule."""
    root = history(tmp_path)

    def alias(group: str, scope: str) -> dict:
        return {"victim_group": group, "status": "civilians", "identity": "any", "scope": scope}

    def aliases(rows: list[dict]) -> None:
        civilians = row_of(rows, "victim_group", "civilians")
        rows.append({**civilians, **alias("noncombatants", "civilians")})  # an alias: fine
        rows.append({**civilians, **alias("civilian_victims", "noncombatants")})  # the alias's name, not its scope

    edit(root, "victim_groups", aliases)
    problems = rule_problems(root)
    assert codes_at(problems, "scope-not-own-scope") == [("data/victim_groups.csv", "scope")]
    assert "is noncombatants, whose own scope is civilians" in str(problems)


# --- what unnumbered harms and contradictions point at ------------------------------------------------

SENTENCE = NEWS[: NEWS.index(".") + 1]


def _harm(figure_id: str) -> dict:
    return {
        "harm_id": "h1",
        "source_id": "n1",
        "event_id": "ev",
        "quote": SENTENCE,
        "quote_start": "0",
        "quote_end": str(len(SENTENCE)),
        "harm_words": "killed",
        "measure": "killed",
        "victim_group": "civilians",
        "figure_id": figure_id,
    }


def _contradiction(figure_id: str = "", others: str = "c01") -> dict:
    return {
        "contradiction_id": "k1",
        "source_id": "n1",
        "topic": "number",
        "quote": SENTENCE,
        "quote_start": "0",
        "quote_end": str(len(SENTENCE)),
        "against": "other_sources",
        "other_source_ids": others,
        "figure_id": figure_id,
    }


@pytest.mark.parametrize(("name", "row"), [("unnumbered_harms", _harm("s1")), ("contradictions", _contradiction("s1"))])
def test_a_harm_or_contradiction_pointing_at_another_sources_figure(tmp_path: Path, name: str, row: dict):
    root = history(tmp_path)
    edit(root, name, lambda rows: rows.append(row))
    assert codes_at(rule_problems(root), "figure-of-other-source") == [(f"data/{name}.csv", "figure_id")]


@pytest.mark.parametrize(("name", "row"), [("unnumbered_harms", _harm("q1")), ("contradictions", _contradiction("q1"))])
def test_a_harm_or_contradiction_pointing_at_its_own_texts_figure_passes(tmp_path: Path, name: str, row: dict):
    root = history(tmp_path)
    edit(root, name, lambda rows: rows.append(row))
    assert {p.code for p in validate(root)} & FAMILY_CODES == set()


@pytest.mark.parametrize(
    ("others", "code"),
    [("c01;c99", "other-source-missing"), ("n1", "other-source-is-own"), ("c01;n1", "other-source-is-own")],
)
def test_a_contradiction_against_a_missing_source_or_its_own(tmp_path: Path, others: str, code: str):
    root = history(tmp_path)
    edit(root, "contradictions", lambda rows: rows.append(_contradiction(others=others)))
    assert codes_at(rule_problems(root), code) == [("data/contradictions.csv", "other_source_ids")]


def test_sources_without_a_url_share_no_page(tmp_path: Path):
    root = history(tmp_path)
    edit(root, "sources", lambda rows: rows.append({**row_of(rows, "source_id", "n1"), "source_id": "n2"}))
    assert not codes_at(rule_problems(root), "duplicate-url")
