"""The views tell the story of a real toll history right (tests/history.py), and keep their rules on
tiny packages built in code. On the shipped data they are held only to what every correct contribution
keeps true."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT
from history import FIGURES, toll_history
from test_database import TEXT, figure, mini_package

from tolls.database.build import SQL_DIR, VIEWS, build_database, run_query, view_sql
from tolls.package.loading import Package
from tolls.validation import validate


def records(db_path: Path, sql: str) -> list[dict]:
    cols, rows = run_query(db_path, sql)
    return [dict(zip(cols, row, strict=True)) for row in rows]


def build_mini(tmp_path: Path, figures: list[dict], **kw) -> Path:
    return build_database(Package.open(mini_package(tmp_path / "pkg", figures, **kw)), tmp_path / "build")


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = toll_history(tmp_path_factory.mktemp("history") / "pkg")
    assert validate(root) == []
    return build_database(Package.open(root), root / "build")


def test_every_view_file_opens_with_a_comment_saying_what_a_row_is() -> None:
    files = sorted(p.stem for p in SQL_DIR.glob("*.sql"))
    assert files == sorted(VIEWS)
    for name in VIEWS:
        text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
        assert text.startswith("-- One row per "), name
        assert f"CREATE OR REPLACE VIEW {name} AS" in text


def on_demand(db: Path, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """A copy of a built database with each view also computed at query time from its own file, as the views
    were before their rows were computed at build: <view>_ondemand reads <table>_live, a view with the
    SELECT that fills the table <table>_found."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    copy = tmp_path / "ondemand.duckdb"
    shutil.copy(db, copy)
    con = duckdb.connect(str(copy))
    for name in VIEWS:
        sql = view_sql(name)
        assert f"CREATE OR REPLACE TABLE {name}_found AS" in sql, name
        sql = re.sub(r"CREATE OR REPLACE TABLE (\w+)_found AS", r"CREATE OR REPLACE VIEW \1_live AS", sql)
        sql = re.sub(r"\b(\w+)_found\b", r"\1_live", sql)
        con.execute(sql.replace(f"CREATE OR REPLACE VIEW {name} AS", f"CREATE OR REPLACE VIEW {name}_ondemand AS"))
    return con


def test_views_computed_at_build_equal_the_same_sql_computed_at_query_time(
    history: Path, shipped: Path, tmp_path: Path
) -> None:
    seen = set()
    for package, db in (("history", history), ("shipped", shipped)):
        con = on_demand(db, tmp_path / package)
        for name in VIEWS:
            assert con.execute(f"DESCRIBE {name}").fetchall() == con.execute(f"DESCRIBE {name}_ondemand").fetchall()
            built = con.execute(f"SELECT * FROM {name}").fetchall()
            assert built == con.execute(f"SELECT * FROM {name}_ondemand").fetchall(), f"{package}: {name}"  # in order
            seen |= {name} if built else set()
    assert seen == set(VIEWS)  # every view has rows in one of the two, so no comparison is of two empty lists


# Texts where a faster way to find words could go wrong: CRLF lines, a carriage return inside a line (it
# joins two words once removed), letters and digits outside ASCII, upper case that lower-cases to several
# characters, and long lines repeated (the passages of one text).
LONG = "The ÉCOLE in Ḥamāh said Ω forty-two ٤٢ people died and others were hurt in the old city streets today again"


def tricky_texts(first: str) -> dict[str, str]:
    return {
        "zz1": first.replace("\n", "\r\n"),
        "zz2": first.replace(" the ", "\rthe\r"),
        "zz3": "ΣΊΣΥΦΟΣ ÉTÉ İstanbul ﬁve ß Straße\r\n" + LONG + "\n" + LONG + "\n" + LONG.replace(" ", "\r", 3) + "\n",
        "zz4": LONG
        + "\r\r\n"
        + LONG
        + "\rX\n"
        + LONG.upper()
        + "\n"
        + "plain ascii words " * 8
        + "\n"
        + "plain ascii words " * 8,
        "zz5": "ΣΊΣΥΦΟΣ ÉTÉ İstanbul ﬁve ß Straße\r\n" + LONG.upper() + "\r\n",
        "zz6": near_repeats(),
    }


def _line(words: list[str]) -> str:
    return " ".join(words) + "."


def near_repeats() -> str:
    """A text of many long lines, where lines repeat one another at a similarity just above, exactly at and
    just below 0.8: lines of n distinct words with k of them replaced ((n - k) / (n + k)), lines that keep
    4/5 of another's words and repeat some to stay 20 words long (sizes at the edge of 0.8 n <= m), lines
    in capitals, lines with words outside ASCII, runs of consecutive repeats broken by a line just below,
    and random lines drawn from 30 words (many pairs on either side of 0.8), between short headlines."""
    import random

    rng = random.Random(20250311)
    vocab = [f"w{i:02d}" for i in range(200)]
    # replacements sort before the words they replace or after them: the first words are the ones compared first
    fresh = iter(f"{'ax'[i % 2]}{i:03d}" for i in range(1000))
    fresh_first = iter(f"a{i:03d}" for i in range(1000, 2000))
    lines = []
    for n, ks in ((20, (1, 2, 3)), (30, (3, 4)), (45, (4, 5, 6)), (54, (6, 7))):
        base = rng.sample(vocab, n)
        lines.append(_line(base))
        for k in ks:  # k words replaced: 45 and 5 is exactly 0.8, 45 and 6 is 0.765
            lines.append(_line(base[: n - k] + [next(fresh) for _ in range(k)]))
        lines.append("A short headline")
    for n in (40, 42, 45):
        # a line of n words and lines of ceil(0.8 n) of them (similarity 0.8 or just above) and one fewer (just
        # below), words repeated to stay long; the words the long line has alone sort first, so that the first
        # word the two share is the last of the long line's prefix
        keep = -(-4 * n // 5)
        shared = rng.sample(vocab, keep)
        alone = [next(fresh_first) for _ in range(n - keep)]
        lines.append(_line(shared[:10] + alone + shared[10:]))
        lines.append(_line(shared + shared[:3]))
        lines.append(_line(shared[1:] + shared[:4]))
        lines.append(_line(shared + shared[:3]).upper())
        lines.append(_line([shared[0]] * 20))  # 20 words, one distinct
    lines.append(_line(shared[2:] + shared[:2]))  # the shorter line before the longer one (of n = 45)
    lines.append(_line(alone + shared))
    ascii_words = "the school in hama said forty two people died and others were hurt in old city streets".split()
    accented = ["École", "Ḥamāh", "Ω", "٤٢", "İstanbul", "straße", "ΣΊΣΥΦΟΣ", "été", "ﬁve", "ﬀ"]
    mixed = ascii_words + accented + ["again", "today", "later"]
    lines += [" ".join(mixed), " ".join(mixed[:-2]), " ".join(w.upper() for w in mixed), " ".join(mixed[2:] * 2)]
    # a run of three lines repeated further down, then the same run with its middle line below 0.8
    run = [rng.sample(vocab, 25) for _ in range(3)]
    lines += [_line(r) for r in run] + ["Between the runs"] + [_line(r[:-2] + ["y1", "y2"]) for r in run]
    lines += ["Another headline", _line(run[0]), _line(run[1][:-4] + ["z1", "z2", "z3", "z4"]), _line(run[2])]
    small = vocab[:30]
    for _ in range(120):
        lines.append(_line(rng.sample(small, rng.randint(22, 30))))
        if rng.random() < 0.2:
            lines.append(" ".join(rng.sample(small, 19)))  # 19 words: too short to compare
    return "\n".join(lines) + "\n"


def test_source_copies_finds_what_it_found_before_it_was_made_faster(shipped: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copies.duckdb"
    shutil.copy(shipped, copy)
    con = duckdb.connect(str(copy))
    first_id, first = con.execute("SELECT source_id, text FROM texts ORDER BY source_id LIMIT 1").fetchone()
    for source_id, text in tricky_texts(first).items():
        con.execute("INSERT INTO texts VALUES (?, ?, ?)", [source_id, source_id, text])
    con.execute((Path(__file__).parent / "reference" / "source_copies_before.sql").read_text(encoding="utf-8"))
    con.execute(view_sql("source_copies"))
    found = con.execute("SELECT * FROM source_copies_found ORDER BY ALL").fetchall()
    assert found == con.execute("SELECT * FROM source_copies_reference ORDER BY ALL").fetchall()
    # the tricky texts are found: as copies of the shipped text and of one another, and repeating themselves
    pairs = {(r[1], r[2]) for r in found}
    assert {(first_id, "zz1"), (first_id, "zz2"), ("zz1", "zz2")} <= pairs
    assert {("zz3", "zz4"), ("zz3", "zz3"), ("zz4", "zz4")} <= pairs
    # and the lines of zz6 repeat one another on both sides of 0.8, and exactly at it
    similarity = {}
    for line in near_repeats().splitlines():
        words = re.findall(r"[^\W_]+", line.lower())
        if len(words) >= 20:
            similarity[line] = set(words)
    scores = [
        len(a & b) / len(a | b) for i, a in enumerate(similarity.values()) for b in list(similarity.values())[i + 1 :]
    ]
    assert 0.8 in scores and any(0.75 <= s < 0.8 for s in scores) and any(0.8 < s <= 0.85 for s in scores)
    within = [r for r in found if r[1] == "zz6"]
    assert 0.8 in {r[8] for r in within} and any(r[7] > 1 for r in within)  # a pair at exactly 0.8; a run


# --- the story of a real toll history --------------------------------------------------------------


def test_each_counter_counts_once_however_often_it_updates(history: Path) -> None:
    rows = records(history, "SELECT * FROM counter_latest WHERE measure = 'killed' AND victim_group = 'civilians'")
    assert sorted(r["counter_key"] for r in rows) == [
        "anonymous@c14",
        "national-inquiry",
        "ohchr",
        "snhr",
        "sohr",
        "un-coi",
    ]
    sohr = next(r for r in rows if r["counter_key"] == "sohr")
    # the latest dated update, never the undated relay; five updates before it; its first count
    assert (sohr["figure_id"], sohr["as_of"].isoformat(), sohr["latest_basis"]) == ("s6", "2025-03-14", "as_of")
    assert (sohr["n_updates"], sohr["n_undated"], sohr["earliest_figure_id"]) == (5, 1, "s1")
    snhr = next(r for r in rows if r["counter_key"] == "snhr")
    assert (snhr["figure_id"], snhr["n_updates"], snhr["count_kind"]) == ("n1c", 2, "documented_list")


def test_the_range_spans_the_counters_latest_figures_not_updates_parts_or_minimums(history: Path) -> None:
    [row] = records(history, "SELECT * FROM event_ranges WHERE measure = 'killed' AND victim_group = 'civilians'")
    # SOHR, SNHR, the national inquiry, the UN inquiry and the anonymous estimate; OHCHR's minimum is beside it
    assert row["n_independent"] == 5
    assert (row["low"], row["high"]) == (1000, 3000)  # "about 2,000" is 1,000 to 3,000 by its rounding
    assert row["range_label"] == (
        "1,334 (Syrian Network for Human Rights) to about 2,000 (A source not named), 5 independent counters"
    )
    assert row["minimums_label"] == "111 (UN human rights office, as of 2025-03-11)"
    # the early counts stay visible in the range over everything ever reported
    assert row["low_all"] == 111 and row["all_label"].startswith("111 (UN human rights office)")
    # parts (provinces, a day) never set the range; they are counted apart
    assert row["n_parts"] == 5
    # one number per event, by a stated rule: the highest lower bound among the latest counts
    assert (row["headline_figure_id"], row["headline_low"]) == ("s6", 1476)
    assert row["headline_label"] == "1,476 (Syrian Observatory for Human Rights, as of 2025-03-14)"


def test_a_part_or_an_early_update_never_starts_the_range(history: Path) -> None:
    latest = {r["figure_id"] for r in records(history, "SELECT figure_id FROM counter_latest")}
    parts = {f["figure_id"] for f in FIGURES if f["coverage"] != "whole_event"}
    assert not latest & parts
    assert not latest & {"s1", "s2", "s3", "s4", "s5", "n1a", "n1b"}


def test_a_total_that_includes_fighters_is_its_own_scope(history: Path) -> None:
    rows = records(
        history, "SELECT victim_group, range_label FROM event_ranges WHERE measure = 'killed' ORDER BY victim_group"
    )
    scopes = {r["victim_group"]: r["range_label"] for r in rows}
    assert scopes["mixed_total"] == "1,018 (Syrian Observatory for Human Rights), 1 independent counter"
    assert scopes["combatants"].startswith("148") and scopes["security_forces"].startswith("125")


def test_a_counters_series_never_falls_because_of_an_undated_figure(history: Path) -> None:
    rows = records(
        history,
        "SELECT * FROM toll_timeline WHERE counter_key = 'sohr' AND scope = 'civilians' "
        "ORDER BY step NULLS LAST, figure_id",
    )
    steps = [r for r in rows if r["step"] is not None]
    assert [r["figure_id"] for r in steps] == ["s1", "s2", "s3", "s4", "s5", "s6"]
    assert all(r["change_low"] is None or r["change_low"] > 0 for r in steps)
    apart = {r["figure_id"]: r["listed_apart"] for r in rows if r["step"] is None}
    assert apart == {
        "q1": "undated",
        "s4d": "part of a total",
        "s4hi": "part of a total",
        "s4hm": "part of a total",
        "s4la": "part of a total",
        "s4ta": "part of a total",
    }
    assert [r["figure_id"] for r in steps if r["is_latest"]] == ["s6"]


def test_a_change_of_whom_a_counter_counts_is_flagged(history: Path) -> None:
    [step] = records(history, "SELECT * FROM toll_timeline WHERE figure_id = 's2'")
    assert step["scope_changed"] and step["previous_figure_id"] == "s1"
    assert step["change"] == "victim group changed (alawite_civilians -> civilians): from 311 to 745"
    [later] = records(history, "SELECT * FROM toll_timeline WHERE figure_id = 's3'")
    assert not later["scope_changed"] and later["change"] == "from 745 to 1,068"


def test_timeline_steps_change_only_within_a_counter(history: Path) -> None:
    rows = records(
        history,
        "SELECT counter_key, figure_id, previous_figure_id FROM toll_timeline WHERE previous_figure_id IS NOT NULL",
    )
    counter = {r["figure_id"]: r["counter_key"] for r in records(history, "SELECT * FROM figure_detail")}
    assert rows and all(counter[r["previous_figure_id"]] == r["counter_key"] for r in rows)


def test_discrepancies_are_between_counters_never_a_counter_or_a_part_against_itself(history: Path) -> None:
    rows = records(history, "SELECT * FROM discrepancies WHERE measure = 'killed' AND scope = 'civilians'")
    pairs = {(r["figure_id_a"], r["figure_id_b"]) for r in rows}
    # "around 1,400" (1,300 to 1,500) agrees with 1,334, 1,426 and 1,476; a minimum is no disagreement
    assert pairs == {("n1c", "i1"), ("n1c", "s6"), ("i1", "s6")}
    assert all(r["counter_key_a"] != r["counter_key_b"] for r in rows)
    nested = {(r["figure_id_a"], r["figure_id_b"]): r["nested"] for r in rows}
    assert nested[("i1", "s6")] and not nested[("n1c", "s6")]  # mostly civilians against civilians
    gap = next(r for r in rows if r["figure_id_a"] == "n1c" and r["figure_id_b"] == "s6")
    assert (gap["gap"], gap["as_of_gap_days"]) == (142, -17)


def test_a_relay_counts_once_with_what_it_relays_and_says_what_it_changed(history: Path) -> None:
    rows = {r["figure_id"]: r for r in records(history, "SELECT * FROM figure_detail")}
    q2 = rows["q2"]
    assert (q2["origin_figure_id"], q2["counter_key"], q2["is_original"]) == ("r1", "reuters", False)
    assert q2["relay_change"] == (
        "victim group alawites -> alawite_civilians; qualifier exact -> approximately; number 1,479 -> 1,500"
    )
    assert rows["r1"]["relayed_by"] == "n1"
    latest = records(history, "SELECT figure_id, relayed_by FROM counter_latest WHERE counter_key = 'reuters'")
    assert latest == [{"figure_id": "r1", "relayed_by": "n1"}]


def test_a_placeholder_counter_is_one_counter_per_source(tmp_path: Path) -> None:
    # "official figures" in two texts are not one counter
    db = build_mini(
        tmp_path,
        [figure("g1", counted_by="official-figures"), figure("g2", source_id="t2", counted_by="official-figures")],
        texts={"t1": TEXT, "t2": TEXT},
    )
    keys = {r["figure_id"]: r["counter_key"] for r in records(db, "SELECT * FROM figure_detail")}
    assert keys == {"g1": "official-figures@t1", "g2": "official-figures@t2"}


def test_harm_without_a_number_is_said_beside_the_range(tmp_path: Path) -> None:
    db = build_mini(
        tmp_path,
        [figure("g1", coverage="part_victims")],
        harms=[
            {
                "harm_id": "h1",
                "source_id": "t1",
                "event_id": "ev",
                "quote": TEXT[45:83],
                "quote_start": "45",
                "quote_end": "83",
                "harm_words": "killed",
                "measure": "killed",
                "victim_group": "people",
            }
        ],
    )
    [row] = records(db, "SELECT * FROM event_ranges")
    assert (row["n_unnumbered"], row["n_parts"], row["low"]) == (1, 1, None)
    assert row["range_label"] == "no whole-event figure (1 part)"


# --- invariants of the shipped data: true for every correct contribution ------------------------------


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(Package.open(ROOT), tmp_path_factory.mktemp("views"))


def test_shipped_ranges_hold_only_the_counters_latest_whole_event_figures(shipped: Path) -> None:
    latest = records(
        shipped,
        "SELECT l.*, d.coverage, d.is_original FROM counter_latest AS l JOIN figure_detail AS d USING (figure_id)",
    )
    assert latest and all(r["coverage"] == "whole_event" and r["is_original"] for r in latest)
    keys = [(r["group_key"], r["measure"], r["victim_group"], r["counter_key"]) for r in latest]
    assert len(keys) == len(set(keys))  # one latest figure per counter
    for row in records(shipped, "SELECT * FROM event_ranges"):
        assert row["low"] is None or row["high"] is None or row["low"] <= row["high"]
        assert row["n_independent"] <= row["n_figures"]


def test_shipped_timeline_steps_are_dated_and_within_one_counter(shipped: Path) -> None:
    for row in records(shipped, "SELECT * FROM toll_timeline"):
        assert (row["step"] is None) == (row["listed_apart"] is not None)
        assert row["step"] is None or row["as_of"] is not None


def test_shipped_discrepancies_pair_different_counters(shipped: Path) -> None:
    for row in records(shipped, "SELECT * FROM discrepancies"):
        assert row["counter_key_a"] != row["counter_key_b"] and row["high_a"] < row["low_b"]


# --- edge cases on tiny packages ------------------------------------------------------------------


def test_single_exact_figure(tmp_path: Path) -> None:
    db = build_mini(tmp_path, [figure("g1", number_text="12")])
    [row] = records(db, "SELECT * FROM event_ranges")
    assert (row["n_figures"], row["n_independent"], row["low"], row["high"]) == (1, 1, 12, 12)
    assert row["range_label"] == "12 (no counter named), 1 independent counter"
    assert records(db, "SELECT * FROM discrepancies") == []
    [step] = records(db, "SELECT * FROM toll_timeline")
    assert step["step"] is None and step["listed_apart"] == "undated"


def test_unbounded_high_stays_empty_never_zero(tmp_path: Path) -> None:
    db = build_mini(tmp_path, [figure("g1"), figure("g2", number_text="12", counted_by="sohr")])
    [row] = records(db, "SELECT * FROM event_ranges")
    assert row["low"] == 8 and row["high"] is None and row["high_bounded"] == 12
    assert row["range_label"] == (
        "at least 8 (no counter named) to 12 (Syrian Observatory for Human Rights), 2 independent counters"
    )
    # an unbounded interval overlaps everything above its lower bound: no discrepancy
    assert records(db, "SELECT * FROM discrepancies") == []


def test_open_lower_bound_makes_low_empty(tmp_path: Path) -> None:
    db = build_mini(
        tmp_path,
        [
            figure("g1", number_text="up to 10"),
            figure("g2", number_text="fewer than 20"),
            figure("g3", number_text="nearly 100"),
            figure("g4", number_text="between 8 and 10"),
        ],
    )
    labels = {r["figure_id"]: r["range_label"] for r in records(db, "SELECT * FROM figure_detail")}
    assert labels == {"g1": "up to 10", "g2": "fewer than 20", "g3": "nearly 100", "g4": "8 to 10"}
    [row] = records(db, "SELECT * FROM event_ranges")
    assert row["low"] is None and row["high"] == 99
    pairs = {(r["figure_id_a"], r["figure_id_b"]) for r in records(db, "SELECT * FROM discrepancies")}
    assert pairs == {("g1", "g3"), ("g2", "g3"), ("g4", "g3")}


def test_figures_with_no_event_are_not_pooled(tmp_path: Path) -> None:
    db = build_mini(
        tmp_path,
        [
            figure("g1", event_id="", event_basis="none"),
            figure("g2", event_id="", event_basis="none", number_text="12"),
            figure("g3", event_id="", event_basis="none", copy_of_figure_id="g1"),  # repeats g1
        ],
    )
    rows = records(db, "SELECT * FROM event_ranges ORDER BY event_name")
    assert [(r["event_id"], r["event_name"], r["figure_ids"], r["n_independent"]) for r in rows] == [
        (None, "no event (figure g1)", ["g1", "g3"], 1),
        (None, "no event (figure g2)", ["g2"], 1),
    ]
    assert records(db, "SELECT * FROM toll_timeline") == []
    assert records(db, "SELECT * FROM discrepancies") == []


def test_copies_count_with_their_original(tmp_path: Path) -> None:
    db = build_mini(
        tmp_path,
        [
            figure("g1"),
            figure("g2", copy_of_figure_id="g1"),
            figure("g3", copy_of_figure_id="g2"),  # a chain: counts with g1
            figure("g4", counted_by="sohr", as_of="2025-01-01", as_of_precision="day", as_of_basis="stated"),
            figure(
                "g5",
                counted_by="sohr",
                as_of="2025-01-01",
                as_of_precision="day",
                as_of_basis="stated",
                number_text="12",
            ),  # the same counter: an update, not a new count
        ],
    )
    keys = {r["figure_id"]: r["counter_key"] for r in records(db, "SELECT * FROM figure_detail")}
    assert keys == {"g1": "figure:g1", "g2": "figure:g1", "g3": "figure:g1", "g4": "sohr", "g5": "sohr"}
    [row] = records(db, "SELECT * FROM event_ranges")
    assert row["n_independent"] == 2


def test_a_newly_added_copy_is_found_from_its_text(tmp_path: Path) -> None:
    other = "A different report about a flood in another country, with rain and rivers and boats.\n"
    db = build_mini(tmp_path, [figure("g1")], texts={"t1": TEXT, "t2": TEXT.replace("monitor", "group"), "t3": other})
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
    db = build_mini(
        tmp_path,
        [figure("g1", event_id="", event_basis="none")],
        attributions=[
            {
                "attribution_id": "b1",
                "figure_id": "g1",
                "actor_id": "armed-groups",
                "stance": "stated",
                "extent": "all",
                "quote": quote,
                "quote_start": "0",
                "quote_end": "44",
            },
            {
                "attribution_id": "b2",
                "figure_id": "g1",
                "actor_id": "armed-groups",
                "stance": "denied",
                "extent": "all",
                "quote": TEXT[45:83],
                "quote_start": "45",
                "quote_end": "83",
            },
        ],
    )
    [row] = records(db, "SELECT * FROM attribution_conflicts")
    assert row["event_id"] is None and row["within_source"] and row["conflict"] == "stated and denied"
    assert (row["stances"], row["same_stance"], row["same_quote"]) == ("stated / denied", False, False)


def test_one_sentence_in_two_sources_is_same_quote(tmp_path: Path) -> None:
    quote = TEXT[:44]
    db = build_mini(
        tmp_path,
        [figure("g1"), figure("g2", source_id="t2")],
        texts={"t1": TEXT, "t2": TEXT},
        attributions=[
            {
                "attribution_id": "b1",
                "figure_id": "g1",
                "actor_id": "armed-groups",
                "stance": "stated",
                "extent": "all",
                "quote": quote,
                "quote_start": "0",
                "quote_end": "44",
            },
            {
                "attribution_id": "b2",
                "figure_id": "g2",
                "actor_id": "syrian-security-forces",
                "stance": "stated",
                "extent": "all",
                "quote": quote,
                "quote_start": "0",
                "quote_end": "44",
            },
        ],
    )
    [row] = records(db, "SELECT * FROM attribution_conflicts")
    assert not row["within_source"] and row["same_quote"] and row["same_stance"]
