"""The views, asserted on the shipped data and on tiny packages built in code for the edge cases."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_database import TEXT, figure, mini_package

from tolls.database import SQL_DIR, VIEWS, build_database, run_query
from tolls.package import Package

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(Package.open(ROOT), tmp_path_factory.mktemp("views"))


def records(db_path: Path, sql: str) -> list[dict]:
    cols, rows = run_query(db_path, sql)
    return [dict(zip(cols, row, strict=True)) for row in rows]


def build_mini(tmp_path: Path, figures: list[dict], **kw) -> Path:
    return build_database(Package.open(mini_package(tmp_path / "pkg", figures, **kw)), tmp_path / "build")


def test_every_view_file_opens_with_a_comment_saying_what_a_row_is() -> None:
    files = sorted(p.stem for p in SQL_DIR.glob("*.sql"))
    assert files == sorted(VIEWS)
    for name in VIEWS:
        text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
        assert text.startswith("-- One row per "), name
        assert f"CREATE OR REPLACE VIEW {name} AS" in text


# --- shipped data -------------------------------------------------------------------------------

def test_march_killings_span_sohr_740s_to_reuters_1500(db: Path) -> None:
    [row] = records(db, "SELECT * FROM event_ranges WHERE event_id = '2025-03-coast' "
                        "AND measure = 'killed' AND victim_group = 'civilians'")
    assert row["figure_ids"] == ["f003", "f004", "f005", "f012", "f015"]
    assert (row["n_figures"], row["n_sources"], row["n_independent"]) == (5, 4, 2)
    assert row["n_independent_sources"] == 3  # s002 is a copy of s001
    assert row["low"] == 741
    assert row["high"] is None  # "over 740" has no upper bound, so neither has the range
    assert (row["high_bounded"], row["n_unbounded"]) == (1575, 3)
    assert (row["best_min"], row["best_max"]) == (741, 1500)
    assert row["victim_groups"] == ["alawite_civilians", "civilians"]
    assert row["counters"] == "Reuters; Syrian Observatory for Human Rights"
    assert row["range_label"] == "more than 740 to about 1,500, from 2 independent counts"
    assert row["stated_range"] == "more than 740 to about 1,500"
    assert str(row["first_reported"]) == "2025-03-31" and str(row["last_reported"]) == "2025-12-28"


def test_dozens_is_its_own_event_as_its_text_dates_it(db: Path) -> None:
    # f002's text dates the coastal clashes mid-November 2025: event 2025-11-coast, not March's
    [row] = records(db, "SELECT * FROM event_ranges WHERE event_id = '2025-11-coast'")
    assert (row["measure"], row["victim_group"], row["figure_ids"]) == ("killed", "people", ["f002"])
    assert row["range_label"] == "dozens, from 1 independent count"
    march = records(db, "SELECT figure_ids FROM event_ranges WHERE event_id = '2025-03-coast'")
    assert all("f002" not in r["figure_ids"] for r in march)


def test_the_two_over_740_texts_count_once(db: Path) -> None:
    keys = {r["figure_id"]: r["count_key"] for r in records(db, "SELECT * FROM figure_detail")}
    assert keys["f003"] == keys["f004"] == keys["f005"] == keys["f015"] == "sohr@unknown"
    assert keys["f012"] == "reuters@unknown"
    assert keys["f001"] == "figure:f001"


def test_figure_detail_labels_and_joins(db: Path) -> None:
    rows = {r["figure_id"]: r for r in records(db, "SELECT * FROM figure_detail")}
    assert len(rows) == 15
    assert {k: rows[k]["range_label"] for k in ("f001", "f002", "f003", "f009", "f012", "f013", "f015")} == {
        "f001": "2", "f002": "dozens", "f003": "more than 740", "f009": "at least 8",
        "f012": "about 1,500 (1,425 to 1,575)", "f013": "tens of thousands", "f015": "745"}
    f012 = rows["f012"]
    assert (f012["source_kind"], f012["event_name"], f012["counter_name"], f012["scope"]) == (
        "opinion", "Killings in Latakia, Tartus and Hama, March 2025", "Reuters", "civilians")
    assert f012["attributed_actor_ids"] == ["armed-groups", "syrian-security-forces"]
    # s003 has no latest publication date: reported_on is its earliest, a lower bound, and says so
    assert str(f012["reported_on"]) == "2025-12-28" and f012["reported_on_basis"] == "published_earliest"
    assert str(rows["f003"]["reported_on"]) == "2025-03-31" and rows["f003"]["reported_on_basis"] == "published_latest"
    assert rows["f013"]["event_id"] is None and rows["f013"]["event_name"] is None


def test_the_745_text_shows_up_in_attribution_conflicts(db: Path) -> None:
    rows = records(db, "SELECT * FROM attribution_conflicts WHERE within_source")
    f015 = [r for r in rows if r["figure_id_a"] == "f015" and r["figure_id_b"] == "f015"]
    assert len(f015) == 1
    r = f015[0]
    assert (r["event_id"], r["actor_id_a"], r["actor_id_b"]) == (
        "2025-03-coast", "security-forces-unspecified", "assad-era-intelligence")
    assert r["quote_a"].startswith("The death toll from massacres") and r["quote_b"].startswith("Reports indicate")
    # stated against alleged: the columns that tell this from two actors named side by side
    assert (r["conflict"], r["stances"], r["same_stance"], r["same_quote"]) == (
        "different actors", "stated / alleged", False, False)
    [s003] = [x for x in rows if x["source_id_a"] == "s003"]
    assert (s003["actor_id_a"], s003["actor_id_b"]) == ("armed-groups", "syrian-security-forces")
    assert (s003["stances"], s003["same_stance"], s003["same_quote"]) == ("stated / stated", True, False)
    # one sentence naming two actors together is a joint attribution, not a conflict
    all_rows = records(db, "SELECT * FROM attribution_conflicts")
    assert not [x for x in all_rows if x["event_id"] == "2025-12-protests"]


def test_discrepancies_745_against_about_1500(db: Path) -> None:
    rows = records(db, "SELECT * FROM discrepancies")
    assert [(r["figure_id_a"], r["figure_id_b"], r["gap"]) for r in rows] == [("f015", "f012", 680)]
    assert "counter" in rows[0]["what_differs"] and "wording" in rows[0]["what_differs"]
    assert "victim group" not in rows[0]["what_differs"]


def test_toll_timeline_march(db: Path) -> None:
    rows = records(db, "SELECT * FROM toll_timeline WHERE event_id = '2025-03-coast' "
                       "AND measure = 'killed' AND scope = 'civilians' ORDER BY step")
    assert [r["figure_id"] for r in rows] == ["f003", "f004", "f005", "f015", "f012"]
    # SOHR's figures grow; Reuters's is another counter's count, and change says so
    assert [r["change"] for r in rows] == [
        None, "same as before", "same as before", "from more than 740 to 745",
        "different counter: from 745 (Syrian Observatory for Human Rights) to about 1,500 (Reuters)"]
    assert [r["same_counter"] for r in rows] == [None, True, True, True, False]
    assert [r["change_best"] for r in rows] == [None, 0, 0, 4, 755]
    assert [r["reported_on_basis"] for r in rows] == ["published_latest"] * 4 + ["published_earliest"]
    assert [r["repeats_earlier"] for r in rows] == [False, True, True, True, False]
    no_event = records(db, "SELECT count(*) AS n FROM toll_timeline WHERE event_id IS NULL")
    assert no_event == [{"n": 0}]


def test_source_copies_from_the_texts(db: Path) -> None:
    rows = records(db, "SELECT * FROM source_copies ORDER BY kind, source_id_a")
    pairs = [(r["kind"], r["source_id_a"], r["source_id_b"]) for r in rows]
    assert pairs == [("between_sources", "s001", "s002"), ("within_source", "s002", "s002")]
    between, within = rows
    assert between["similarity"] == pytest.approx(0.249) and between["found_in_text"] and between["declared_copy"]
    assert (within["line_a_first"], within["line_a_last"], within["line_b_first"], within["line_b_last"]) == (
        7, 9, 10, 12)
    assert within["similarity"] == 1.0 and within["n_passages"] == 3


# --- edge cases on tiny packages ----------------------------------------------------------------

def test_single_exact_figure(tmp_path: Path) -> None:
    db = build_mini(tmp_path, [figure("g1", number_text="12", qualifier="exact", low="12", best="12", high="12",
                                      interval_rule="exact")])
    [row] = records(db, "SELECT * FROM event_ranges")
    assert (row["n_figures"], row["n_independent"], row["low"], row["high"]) == (1, 1, 12, 12)
    assert row["range_label"] == "12, from 1 independent count"
    assert records(db, "SELECT * FROM discrepancies") == []
    [step] = records(db, "SELECT * FROM toll_timeline")
    assert step["step"] == 1 and step["change"] is None and step["change_best"] is None


def test_unbounded_high_stays_empty_never_zero(tmp_path: Path) -> None:
    db = build_mini(tmp_path, [
        figure("g1"),  # at least 8
        figure("g2", number_text="12", qualifier="exact", low="12", best="12", high="12", interval_rule="exact",
               counted_by="sohr"),
    ])
    [row] = records(db, "SELECT * FROM event_ranges")
    assert row["low"] == 8 and row["high"] is None and row["high_bounded"] == 12
    assert row["range_label"] == "at least 8 to 12, from 2 independent counts"
    # an unbounded interval overlaps everything above its lower bound: no discrepancy
    assert records(db, "SELECT * FROM discrepancies") == []


def test_open_lower_bound_makes_low_empty(tmp_path: Path) -> None:
    db = build_mini(tmp_path, [
        figure("g1", number_text="up to 10", qualifier="at_most", low="", best="", high="10",
               interval_rule="at_most"),
        figure("g2", number_text="fewer than 20", qualifier="fewer_than", low="", best="", high="19",
               interval_rule="fewer_than"),
        figure("g3", number_text="nearly 100", qualifier="nearly", low="95", best="", high="99",
               interval_rule="nearly"),
        figure("g4", number_text="between 8 and 10", qualifier="range", low="8", best="", high="10",
               interval_rule="range"),
    ])
    labels = {r["figure_id"]: r["range_label"] for r in records(db, "SELECT * FROM figure_detail")}
    assert labels == {"g1": "up to 10", "g2": "fewer than 20", "g3": "nearly 100", "g4": "8 to 10"}
    [row] = records(db, "SELECT * FROM event_ranges")
    assert row["low"] is None and row["high"] == 99 and row["best_min"] is None
    assert row["range_label"] == "up to 10 to nearly 100, from 4 independent counts"
    # 'nearly 100' (95..99) lies above 'up to 10' and '8 to 10'; 'fewer than 20' has no lower bound
    pairs = {(r["figure_id_a"], r["figure_id_b"]) for r in records(db, "SELECT * FROM discrepancies")}
    assert pairs == {("g1", "g3"), ("g2", "g3"), ("g4", "g3")}


def test_figures_with_no_event_are_not_pooled(tmp_path: Path) -> None:
    db = build_mini(tmp_path, [
        figure("g1", event_id="", event_basis="none"),
        figure("g2", event_id="", event_basis="none", number_text="12", qualifier="exact", low="12", best="12",
               high="12", interval_rule="exact"),
        figure("g3", event_id="", event_basis="none", copy_of_figure_id="g1"),  # repeats g1
    ])
    rows = records(db, "SELECT * FROM event_ranges ORDER BY event_name")
    assert [(r["event_id"], r["event_name"], r["figure_ids"], r["n_independent"]) for r in rows] == [
        (None, "no event (figure g1)", ["g1", "g3"], 1),
        (None, "no event (figure g2)", ["g2"], 1),
    ]
    assert records(db, "SELECT * FROM toll_timeline") == []
    assert records(db, "SELECT * FROM discrepancies") == []


def test_copy_chain_and_counter_dates(tmp_path: Path) -> None:
    db = build_mini(tmp_path, [
        figure("g1"),
        figure("g2", copy_of_figure_id="g1"),
        figure("g3", copy_of_figure_id="g2"),  # a chain: counts with g1
        figure("g4", counted_by="sohr", as_of="2025-01-01"),
        figure("g5", counted_by="sohr", as_of="2025-01-02"),  # same counter, later date: a new count
    ])
    keys = {r["figure_id"]: r["count_key"] for r in records(db, "SELECT * FROM figure_detail")}
    assert keys == {"g1": "figure:g1", "g2": "figure:g1", "g3": "figure:g1",
                    "g4": "sohr@2025-01-01", "g5": "sohr@2025-01-02"}
    [row] = records(db, "SELECT * FROM event_ranges")
    assert row["n_independent"] == 3


def test_one_counters_undated_figures_count_once(tmp_path: Path) -> None:
    # the package cannot tell one counter's undated figures apart: an update is not a new count
    db = build_mini(tmp_path, [
        figure("g1", counted_by="sohr"),
        figure("g2", counted_by="sohr", number_text="12", qualifier="exact", low="12", best="12", high="12",
               interval_rule="exact"),
        figure("g3", counted_by="reuters", number_text="12", qualifier="exact", low="12", best="12", high="12",
               interval_rule="exact"),
    ])
    keys = {r["figure_id"]: r["count_key"] for r in records(db, "SELECT * FROM figure_detail")}
    assert keys == {"g1": "sohr@unknown", "g2": "sohr@unknown", "g3": "reuters@unknown"}
    [row] = records(db, "SELECT * FROM event_ranges")
    assert (row["n_figures"], row["n_independent"]) == (3, 2)


def test_toll_timeline_says_when_the_counter_changes(tmp_path: Path) -> None:
    exact12 = {"number_text": "12", "qualifier": "exact", "low": "12", "best": "12", "high": "12",
               "interval_rule": "exact"}
    db = build_mini(tmp_path, [
        figure("g1", counted_by="sohr"),  # at least 8
        figure("g2", counted_by="reuters"),  # at least 8, another counter
        figure("g3", **exact12),  # no counter named
        figure("g4", copy_of_figure_id="g3", **exact12),  # repeats g3: the same count
    ])
    rows = records(db, "SELECT * FROM toll_timeline ORDER BY step")
    assert [r["figure_id"] for r in rows] == ["g1", "g2", "g3", "g4"]
    assert [r["same_counter"] for r in rows] == [None, False, None, True]
    assert [r["change"] for r in rows] == [
        None,
        "different counter: at least 8 (Syrian Observatory for Human Rights, then Reuters)",
        "counter not named: from at least 8 (Reuters) to 12 (no counter named)",
        "same as before",
    ]
    assert [r["change_best"] for r in rows] == [None, 0, 4, 0]


def test_a_newly_added_copy_is_found_from_its_text(tmp_path: Path) -> None:
    other = "A different report about a flood in another country, with rain and rivers and boats.\n"
    db = build_mini(tmp_path, [figure("g1")], texts={"t1": TEXT, "t2": TEXT.replace("monitor", "group"),
                                                      "t3": other})
    rows = records(db, "SELECT * FROM source_copies")
    assert [(r["source_id_a"], r["source_id_b"], r["declared_copy"]) for r in rows] == [("t1", "t2", False)]
    assert rows[0]["similarity"] > 0.8


def test_repeated_passages_inside_one_text(tmp_path: Path) -> None:
    para = " ".join(f"word{i}" for i in range(25))
    text = f"Headline\n{para} one\n{para} two\nsomething else entirely here\n{para} one\n{para} two\n"
    db = build_mini(tmp_path, [figure("g1")], texts={"t1": text})
    rows = records(db, "SELECT * FROM source_copies WHERE kind = 'within_source' ORDER BY line_a_first")
    spans = [(r["line_a_first"], r["line_a_last"], r["line_b_first"], r["line_b_last"]) for r in rows]
    assert (2, 3, 5, 6) in spans


def test_attribution_conflict_within_one_figure_without_event(tmp_path: Path) -> None:
    quote = TEXT[:44]
    db = build_mini(tmp_path, [figure("g1", event_id="", event_basis="none")], attributions=[
        {"attribution_id": "b1", "figure_id": "g1", "actor_id": "armed-groups", "stance": "stated",
         "quote": quote, "quote_start": "0", "quote_end": "44"},
        {"attribution_id": "b2", "figure_id": "g1", "actor_id": "armed-groups", "stance": "denied",
         "quote": TEXT[45:83], "quote_start": "45", "quote_end": "83"},
    ])
    [row] = records(db, "SELECT * FROM attribution_conflicts")
    assert row["event_id"] is None and row["within_source"] and row["conflict"] == "stated and denied"
    assert (row["stances"], row["same_stance"], row["same_quote"]) == ("stated / denied", False, False)


def test_one_sentence_in_two_sources_is_same_quote(tmp_path: Path) -> None:
    quote = TEXT[:44]
    db = build_mini(tmp_path, [figure("g1"), figure("g2", source_id="t2")], texts={"t1": TEXT, "t2": TEXT},
                    attributions=[
        {"attribution_id": "b1", "figure_id": "g1", "actor_id": "armed-groups", "stance": "stated",
         "quote": quote, "quote_start": "0", "quote_end": "44"},
        {"attribution_id": "b2", "figure_id": "g2", "actor_id": "syrian-security-forces", "stance": "stated",
         "quote": quote, "quote_start": "0", "quote_end": "44"},
    ])
    [row] = records(db, "SELECT * FROM attribution_conflicts")
    assert not row["within_source"] and row["same_quote"] and row["same_stance"]
