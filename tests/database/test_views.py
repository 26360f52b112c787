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
from test_database import TEXT, figure, mini_package, write_rows

from tolls.database.build import SQL_DIR, SQL_FILES, VIEWS, build_database, run_query, view_sql
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
    assert sorted(p.stem for p in SQL_DIR.glob("*.sql")) == sorted(SQL_FILES)
    for name in SQL_FILES:
        text = (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
        assert text.startswith("-- One row per "), name
        assert f"CREATE OR REPLACE VIEW {name} AS" in text or f"CREATE OR REPLACE MACRO {name}(" in text, name


def on_demand(db: Path, tmp_path: Path) -> duckdb.DuckDBPyConnection:
    """A copy of a built database with each view also computed at query time from its own file, as the views
    were before their rows were computed at build: <view>_ondemand reads <table>_live, a view with the
    SELECT that fills the table <table>_found (the macros are redefined to read the _live views too)."""
    tmp_path.mkdir(parents=True, exist_ok=True)
    copy = tmp_path / "ondemand.duckdb"
    shutil.copy(db, copy)
    con = duckdb.connect(str(copy))
    for name in SQL_FILES:
        sql = view_sql(name)
        assert name not in VIEWS or f"CREATE OR REPLACE TABLE {name}_found AS" in sql, name
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


def test_each_body_counts_once_however_often_it_updates(history: Path) -> None:
    rows = records(history, "SELECT * FROM counter_latest WHERE measure = 'killed' AND victim_group = 'civilians'")
    # mostly-civilians totals are not here: they have a scope of their own
    assert sorted(r["body_key"] for r in rows) == ["anonymous@c14", "ohchr", "snhr", "sohr"]
    sohr = next(r for r in rows if r["body_key"] == "sohr")
    # the latest dated update, never the undated relay; on 14 March two pages give SOHR's count, and the
    # higher one is taken as the later (the stated same-day rule); the Alawite civilians count is another scope
    assert (sohr["figure_id"], sohr["as_of"].isoformat(), sohr["latest_basis"]) == ("s7", "2025-03-14", "as_of")
    assert (sohr["n_updates"], sohr["n_undated"], sohr["earliest_figure_id"]) == (5, 1, "s2")
    snhr = next(r for r in rows if r["body_key"] == "snhr")
    assert (snhr["figure_id"], snhr["n_updates"], snhr["count_kind"]) == ("n1c", 2, "documented_list")


def test_the_range_spans_the_bodies_latest_figures_within_one_scope(history: Path) -> None:
    [row] = records(history, "SELECT * FROM event_ranges WHERE measure = 'killed' AND victim_group = 'civilians'")
    # SOHR, SNHR and the anonymous estimate; OHCHR's minimum is beside it; the inquiries are not civilians
    assert row["n_independent"] == 3 and row["bodies"] == "A source not named; Syrian Network for Human Rights; " + (
        "Syrian Observatory for Human Rights"
    )
    assert (row["low"], row["high"]) == (1000, None)  # "about 2,000" is 1,000 to 3,000; "at least 1,500" unbounded
    assert row["range_label"] == (
        "1,334 (Syrian Network for Human Rights) to about 2,000 (A source not named), 3 independent bodies"
    )
    assert "inquiry" not in row["range_label"] and "Inquiry" not in row["range_label"]
    assert row["minimums_label"] == "111 (UN human rights office, as of 2025-03-11)"
    # the early counts stay visible in the range over everything ever reported
    assert row["low_all"] == 111 and row["all_label"].startswith("111 (UN human rights office, as of 2025-03-11)")
    # parts (provinces, a day) never set the range; they are counted apart
    assert row["n_parts"] == 5
    # the one nested scope is shown beside the range, never inside it
    assert row["nested_label"] == "alawite_civilians: 311 (Syrian Observatory for Human Rights)"
    assert row["scope_within"] == "mixed_total"


def test_the_headline_is_the_highest_lower_bound_of_a_credible_latest_count(history: Path) -> None:
    [row] = records(history, "SELECT * FROM event_ranges WHERE measure = 'killed' AND victim_group = 'civilians'")
    assert (row["headline_figure_id"], row["headline_low"], row["headline_reliability"]) == ("s7", 1500, "C")
    assert row["headline_label"] == "at least 1,500 (Syrian Observatory for Human Rights, as of 2025-03-14)"


def test_a_mostly_civilians_total_is_beside_the_civilian_counts_not_inside(history: Path) -> None:
    rows = {r["victim_group"]: r for r in records(history, "SELECT * FROM event_ranges WHERE measure = 'killed'")}
    mostly = rows["mostly_civilians"]
    assert mostly["range_label"] == (
        "about 1,400 (UN Commission of Inquiry) to 1,426 (National inquiry committee), 2 independent bodies"
    )
    assert mostly["corroboration_label"] == "corroborated by 2 independent bodies"
    assert not {"i1", "u1"} & set(rows["civilians"]["latest_figure_ids"])
    # both are shown beside the widest scope, all victims, each with its own range
    assert "civilians: 1,334 (Syrian Network" in rows["mixed_total"]["nested_label"]
    assert "mostly_civilians: about 1,400 (UN Commission" in rows["mixed_total"]["nested_label"]


def test_a_count_of_one_identity_is_not_a_count_of_all(history: Path) -> None:
    rows = {r["victim_group"]: r for r in records(history, "SELECT * FROM event_ranges WHERE measure = 'killed'")}
    # Reuters counted Alawites only: its own scope, beside all victims, never in another range
    assert rows["alawites"]["range_label"] == "1,479 (Reuters), 1 independent body"
    assert rows["alawites"]["scope_within"] == "mixed_total"
    assert all("r1" not in (r["latest_figure_ids"] or []) for g, r in rows.items() if g != "alawites")
    assert "alawites: 1,479 (Reuters)" in rows["mixed_total"]["nested_label"]
    # SOHR's Alawite civilians count is not its civilians count: two series, not an update
    assert rows["alawite_civilians"]["range_label"] == "311 (Syrian Observatory for Human Rights), 1 independent body"


def test_a_committee_the_government_set_up_is_the_government(history: Path) -> None:
    [row] = records(history, "SELECT * FROM counter_latest WHERE figure_id = 'i1'")
    assert (row["body_key"], row["body_name"], row["counter_id"]) == (
        "government",
        "The government",
        "national-inquiry",
    )


def test_a_part_or_an_early_update_never_starts_the_range(history: Path) -> None:
    latest = {r["figure_id"] for r in records(history, "SELECT figure_id FROM counter_latest")}
    parts = {f["figure_id"] for f in FIGURES if f["coverage"] != "whole_event"}
    assert not latest & parts
    assert not latest & {"s2", "s3", "s4", "s5", "s6", "n1a", "n1b"}


def test_a_total_that_includes_fighters_is_its_own_scope(history: Path) -> None:
    rows = records(
        history, "SELECT victim_group, range_label FROM event_ranges WHERE measure = 'killed' ORDER BY victim_group"
    )
    scopes = {r["victim_group"]: r["range_label"] for r in rows}
    assert scopes["mixed_total"] == "1,018 (Syrian Observatory for Human Rights), 1 independent body"
    assert scopes["combatants"].startswith("148") and scopes["security_forces"].startswith("125")


def test_grades_a_source_and_a_range(history: Path) -> None:
    detail = {r["figure_id"]: r for r in records(history, "SELECT * FROM figure_detail")}
    # by kind (a news page: C, credible) and for one source by name (the TV channel's page: D)
    assert (detail["s6"]["reliability"], detail["s6"]["reliability_rule"], detail["s6"]["corroborates"]) == (
        "C",
        "kind-news",
        True,
    )
    assert (detail["t1"]["reliability"], detail["t1"]["reliability_rule"], detail["t1"]["corroborates"]) == (
        "D",
        "source-c14",
        False,
    )
    rows = {r["victim_group"]: r for r in records(history, "SELECT * FROM event_ranges WHERE measure = 'killed'")}
    # civilians: three bodies, two credible, and SNHR's later count lies below SOHR's: contested
    civilians = rows["civilians"]
    assert (civilians["n_independent"], civilians["n_credible"], civilians["n_disagreements"]) == (3, 2, 1)
    assert (civilians["corroboration"], civilians["corroboration_label"]) == (
        "contested",
        "contested: 2 independent bodies disagree",
    )
    assert (civilians["ecc_outcome"], civilians["admiralty_credibility"]) == ("no definitive conclusion", 6)
    assert "D (A source not named, c14)" in civilians["reliability_label"]
    assert (rows["mostly_civilians"]["corroboration"], rows["mostly_civilians"]["admiralty_credibility"]) == (
        "corroborated",
        1,
    )
    assert rows["mixed_total"]["corroboration"] == "single_body"


def test_the_toll_as_known_on_three_days(history: Path) -> None:
    def known(day: str) -> dict[str, dict]:
        sql = f"SELECT * FROM ranges_as_of(DATE '{day}') WHERE measure = 'killed'"
        return {r["victim_group"]: r for r in records(history, sql)}

    # 9 March: SOHR's second update only; nobody else had published
    day9 = known("2025-03-09")
    assert day9["civilians"]["range_label"] == "745 (Syrian Observatory for Human Rights), 1 independent body"
    assert day9["civilians"]["corroboration"] == "single_body" and "mostly_civilians" not in day9
    # 12 March: SNHR's first count (over 800) agrees with SOHR's 1,383; OHCHR's minimum is beside them
    day12 = known("2025-03-12")["civilians"]
    assert day12["range_label"] == (
        "more than 800 (Syrian Network for Human Rights) to 1,383 (Syrian Observatory for Human Rights), "
        "2 independent bodies"
    )
    assert (day12["corroboration"], day12["headline_figure_id"], day12["n_minimums"]) == ("corroborated", "s5", 1)
    # 31 August: every dated figure; the ranges are today's (ranges_as_of(NULL) is event_ranges)
    day31 = known("2025-08-31")
    assert day31["civilians"]["corroboration"] == "contested"
    assert day31["mostly_civilians"]["corroboration"] == "corroborated"
    assert records(history, "SELECT * FROM ranges_as_of(NULL)") == records(history, "SELECT * FROM event_ranges")


def test_a_weekday_on_a_page_dates_the_count(history: Path) -> None:
    [row] = records(history, "SELECT * FROM figure_detail WHERE figure_id = 's7'")
    assert (row["as_of"].isoformat(), row["as_of_basis"]) == ("2025-03-14", "relative_to_publication")
    assert row["published_latest"].isoformat() == "2025-03-15"


def test_a_counters_series_never_falls_because_of_an_undated_figure(history: Path) -> None:
    rows = records(
        history,
        "SELECT * FROM toll_timeline WHERE body_key = 'sohr' AND scope = 'civilians' "
        "ORDER BY step NULLS LAST, figure_id",
    )
    steps = [r for r in rows if r["step"] is not None]
    # s6 and s7 stand on one day: the lower first (the stated rule), so the series never falls
    assert [r["figure_id"] for r in steps] == ["s2", "s3", "s4", "s5", "s6", "s7"]
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
    assert [r["figure_id"] for r in steps if r["is_latest"]] == ["s7"]


def test_each_timeline_step_carries_the_toll_as_known_that_day(history: Path) -> None:
    [step] = records(history, "SELECT * FROM toll_timeline WHERE figure_id = 's5'")
    assert step["range_then"] == (
        "more than 800 (Syrian Network for Human Rights) to 1,383 (Syrian Observatory for Human Rights), "
        "2 independent bodies"
    )
    assert step["corroboration_then"] == "corroborated by 2 independent bodies"
    assert step["headline_then"] == "1,383 (Syrian Observatory for Human Rights, as of 2025-03-12)"
    [apart] = records(history, "SELECT * FROM toll_timeline WHERE figure_id = 'q1'")
    assert apart["range_then"] is None  # an undated figure has no day to know the toll on


def test_a_change_of_whom_a_counter_counts_is_a_series_of_its_own(history: Path) -> None:
    [first] = records(history, "SELECT * FROM toll_timeline WHERE figure_id = 's2'")
    assert (first["step"], first["previous_figure_id"]) == (1, None)  # 311 Alawite civilians is another series
    [later] = records(history, "SELECT * FROM toll_timeline WHERE figure_id = 's3'")
    assert not later["scope_changed"] and later["change"] == "from 745 to 1,068"


def test_timeline_steps_change_only_within_a_body(history: Path) -> None:
    rows = records(
        history,
        "SELECT body_key, figure_id, previous_figure_id FROM toll_timeline WHERE previous_figure_id IS NOT NULL",
    )
    body = {r["figure_id"]: r["body_key"] for r in records(history, "SELECT * FROM figure_detail")}
    assert rows and all(body[r["previous_figure_id"]] == r["body_key"] for r in rows)


def test_discrepancies_are_between_bodies_in_one_scope(history: Path) -> None:
    rows = records(history, "SELECT * FROM discrepancies WHERE measure = 'killed'")
    # "around 1,400" (1,300 to 1,500) agrees with 1,426; "about 2,000" with everything; a minimum is no
    # disagreement; SOHR's own updates and the inquiries against civilian counts are never compared
    assert [(r["figure_id_a"], r["figure_id_b"], r["scope"], r["kind"]) for r in rows] == [
        ("n1c", "s7", "civilians", "disagreement")
    ]
    [row] = rows
    assert (row["body_key_a"], row["body_key_b"], row["credible"]) == ("snhr", "sohr", True)
    assert (row["gap"], row["as_of_gap_days"]) == (166, -17)  # the lower count is the later one


def test_a_relay_counts_once_with_what_it_relays_and_says_what_it_changed(history: Path) -> None:
    rows = {r["figure_id"]: r for r in records(history, "SELECT * FROM figure_detail")}
    q2 = rows["q2"]
    assert (q2["origin_figure_id"], q2["counter_key"], q2["body_key"], q2["is_original"]) == (
        "r1",
        "reuters",
        "reuters",
        False,
    )
    assert q2["relay_change"] == (
        "victim group alawites -> alawite_civilians; qualifier exact -> approximately; number 1,479 -> 1,500"
    )
    assert rows["r1"]["relayed_by"] == "n1"
    latest = records(history, "SELECT figure_id, relayed_by FROM counter_latest WHERE body_key = 'reuters'")
    assert latest == [{"figure_id": "r1", "relayed_by": "n1"}]


# --- one government's offices, a monitor's first count, ties -------------------------------------------

OFFICES = [  # actor_id, name, kind, placeholder, speaks_for
    ("government", "The government", "government", "false", ""),
    ("news-agency", "The state news agency", "media", "false", "government"),
    ("interior", "The interior ministry", "government", "false", "government"),
    ("health", "The health ministry", "government", "false", "government"),
    ("monitor", "A monitor", "monitor", "false", ""),
]


def page(figure_id: str, source_id: str, words: str, as_of: str, counter: str, **values: str) -> dict:
    row = {
        "source_id": source_id,
        "evidence": "cited",
        "quote": "",
        "quote_start": "",
        "quote_end": "",
        "measure_words": "",
        "number_text": words,
        "counted_by": counter,
        "count_kind": "official_statement",
    }
    if as_of:
        row.update(as_of=as_of, as_of_precision="day", as_of_basis="inferred_from_publication")
    return figure(figure_id, **{**row, **values})


def offices_package(tmp_path: Path, figures: list[dict], cited: dict[str, str]) -> Path:
    root = mini_package(tmp_path / "pkg", figures, texts={}, cited=cited)
    write_rows(
        root / "data" / "actors.csv",
        [dict(zip(("actor_id", "name", "kind", "placeholder", "speaks_for"), a, strict=True)) for a in OFFICES],
    )
    return root


@pytest.mark.parametrize(
    "words, day, grade",
    [
        ("at least 7", "2025-01-03", "corroborated"),  # the counts overlap
        ("12", "2025-01-03", "consistent_in_time"),  # they do not, but the lower is the older: the toll may have risen
        ("12", "2024-12-31", "contested"),  # the higher is the older: the bodies disagree
    ],
)
def test_two_bodies_are_corroborated_only_when_their_counts_overlap(
    tmp_path: Path, words: str, day: str, grade: str
) -> None:
    root = offices_package(
        tmp_path,
        [page("a2", "p2", "8", "2025-01-01", "interior"), page("m1", "p4", words, day, "monitor")],
        {"p2": "2025-01-01", "p4": day},
    )
    db = build_database(Package.open(root), tmp_path / "build")
    [row] = records(db, "SELECT * FROM event_ranges")
    assert (row["n_credible"], row["corroboration"]) == (2, grade)
    kinds = [d["kind"] for d in records(db, "SELECT * FROM discrepancies")]
    assert (row["n_timing"], row["n_disagreements"]) == (kinds.count("timing"), kinds.count("disagreement"))


def test_one_governments_offices_are_one_body_and_a_preliminary_count_is_superseded(tmp_path: Path) -> None:
    # the state news agency's preliminary 3, then the interior ministry's 8 the same day, then the health
    # ministry's undated "at least 8"
    root = offices_package(
        tmp_path,
        [
            page("a1", "p1", "3", "2025-01-01", "news-agency", count_status="preliminary"),
            page("a2", "p2", "8", "2025-01-01", "interior"),
            page("a3", "p3", "at least 8", "", "health"),
        ],
        {"p1": "2025-01-01", "p2": "2025-01-01", "p3": "2025-01-02"},
    )
    assert validate(root) == []
    db = build_database(Package.open(root), tmp_path / "build")
    [latest] = records(db, "SELECT * FROM counter_latest")
    assert (latest["body_key"], latest["figure_id"], latest["counter_name"]) == (
        "government",
        "a2",
        "The interior ministry",
    )
    assert (latest["n_updates"], latest["n_undated"], latest["earliest_figure_id"]) == (1, 1, "a1")
    [row] = records(db, "SELECT * FROM event_ranges")
    assert row["range_label"] == "8 (The interior ministry), 1 independent body"
    assert (row["n_independent"], row["low"], row["high"], row["corroboration"]) == (1, 8, 8, "single_body")
    assert row["headline_label"] == "8 (The interior ministry, as of 2025-01-01)"
    assert (
        row["all_label"] == "3 (The state news agency, as of 2025-01-01) to at least 8 (The health ministry)"
    )  # still visible, dated
    assert records(db, "SELECT * FROM discrepancies") == []  # a body's own update is never a discrepancy
    steps = records(db, "SELECT figure_id, step FROM toll_timeline WHERE step IS NOT NULL ORDER BY step")
    assert [s["figure_id"] for s in steps] == ["a1", "a2"]  # one series: the preliminary count first


def test_a_preliminary_count_comes_before_a_final_one_of_the_same_day_whatever_the_numbers(tmp_path: Path) -> None:
    root = offices_package(
        tmp_path,
        [
            page("a1", "p1", "9", "2025-01-01", "news-agency", count_status="preliminary"),
            page("a2", "p2", "8", "2025-01-01", "interior", count_status="final"),
        ],
        {"p1": "2025-01-01", "p2": "2025-01-01"},
    )
    db = build_database(Package.open(root), tmp_path / "build")
    assert [r["figure_id"] for r in records(db, "SELECT * FROM counter_latest")] == ["a2"]


def test_a_monitors_preliminary_first_count_is_overtaken_not_a_disagreement(tmp_path: Path) -> None:
    # a monitor's preliminary 19 on the day, the health ministry's 25 the next day
    root = offices_package(
        tmp_path,
        [
            page("m1", "p1", "19", "2025-01-01", "monitor", count_kind="running_tally", count_status="preliminary"),
            page("h1", "p2", "25", "2025-01-02", "health", date_end="2025-01-02"),
        ],
        {"p1": "2025-01-01", "p2": "2025-01-02"},
    )
    db = build_database(Package.open(root), tmp_path / "build")
    [row] = records(db, "SELECT * FROM event_ranges")
    assert row["range_label"] == "25 (The health ministry), 1 independent body"
    assert (row["n_overtaken"], row["overtaken_label"]) == (1, "19 (A monitor, preliminary, as of 2025-01-01)")
    [pair] = records(db, "SELECT * FROM discrepancies")
    assert (pair["figure_id_a"], pair["figure_id_b"], pair["kind"]) == ("m1", "h1", "timing")
    # on the first day the monitor's count was the toll
    [then] = records(db, "SELECT * FROM ranges_as_of(DATE '2025-01-01')")
    assert then["range_label"] == "19 (A monitor), 1 independent body"


def test_same_day_counts_from_two_pages_are_ordered_and_from_one_page_are_an_error(tmp_path: Path) -> None:
    two_pages = [
        page("b1", "p1", "12", "2025-01-01", "monitor", count_kind="running_tally"),
        page("b2", "p2", "10", "2025-01-01", "monitor", count_kind="running_tally"),
    ]
    root = offices_package(tmp_path / "two", two_pages, {"p1": "2025-01-01", "p2": "2025-01-01"})
    assert validate(root) == []
    db = build_database(Package.open(root), tmp_path / "two" / "build")
    # the lower count is read as the earlier: 10, then 12
    assert [r["figure_id"] for r in records(db, "SELECT * FROM counter_latest")] == ["b1"]
    one_page = [two_pages[0], {**two_pages[1], "source_id": "p1"}]
    root = offices_package(tmp_path / "one", one_page, {"p1": "2025-01-01"})
    [problem] = validate(root)
    assert (problem.code, problem.line, problem.field) == ("tie-same-page", 3, "as_of")
    assert "b1 of the same source p1 already gives monitor's killed count of scope people as of 2025-01-01" in (
        problem.message
    )


def test_a_placeholder_counter_is_one_counter_per_source(tmp_path: Path) -> None:
    # "the international press" in two texts are not one counter
    db = build_mini(
        tmp_path,
        [
            figure("g1", counted_by="international-press"),
            figure("g2", source_id="t2", counted_by="international-press"),
        ],
        texts={"t1": TEXT, "t2": TEXT},
    )
    keys = {r["figure_id"]: (r["counter_key"], r["body_key"]) for r in records(db, "SELECT * FROM figure_detail")}
    assert keys == {
        "g1": ("international-press@t1", "international-press@t1"),
        "g2": ("international-press@t2", "international-press@t2"),
    }


def test_a_placeholder_that_speaks_for_a_body_is_that_body(tmp_path: Path) -> None:
    # "official figures" (shipped: it speaks for the government) in two texts are the government's
    db = build_mini(
        tmp_path,
        [figure("g1", counted_by="official-figures"), figure("g2", source_id="t2", counted_by="official-figures")],
        texts={"t1": TEXT, "t2": TEXT},
    )
    bodies = {r["figure_id"]: r["body_key"] for r in records(db, "SELECT * FROM figure_detail")}
    assert bodies == {"g1": "syrian-government", "g2": "syrian-government"}


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


def test_shipped_ranges_hold_only_the_bodies_latest_whole_event_figures(shipped: Path) -> None:
    latest = records(
        shipped,
        "SELECT l.*, d.coverage, d.is_original FROM counter_latest AS l JOIN figure_detail AS d USING (figure_id)",
    )
    assert latest and all(r["coverage"] == "whole_event" and r["is_original"] for r in latest)
    keys = [(r["group_key"], r["measure"], r["victim_group"], r["body_key"]) for r in latest]
    assert len(keys) == len(set(keys))  # one latest figure per body
    in_range = {r["figure_id"] for r in latest if r["in_range"]}
    for row in records(shipped, "SELECT * FROM event_ranges"):
        assert row["low"] is None or row["high"] is None or row["low"] <= row["high"]
        assert row["n_independent"] <= row["n_figures"]
        assert set(row["latest_figure_ids"] or []) <= in_range
        assert row["corroboration"] is not None  # the outcomes cover every case


def test_shipped_ranges_compare_one_scope(shipped: Path) -> None:
    scope = {r["figure_id"]: r["scope"] for r in records(shipped, "SELECT figure_id, scope FROM figure_detail")}
    for row in records(shipped, "SELECT * FROM event_ranges"):
        assert {scope[f] for f in row["latest_figure_ids"] or []} <= {row["victim_group"]}


def test_shipped_ranges_as_of_today_are_the_ranges(shipped: Path) -> None:
    assert records(shipped, "SELECT * FROM ranges_as_of(NULL)") == records(shipped, "SELECT * FROM event_ranges")


def test_shipped_timeline_steps_are_dated_and_within_one_body(shipped: Path) -> None:
    for row in records(shipped, "SELECT * FROM toll_timeline"):
        assert (row["step"] is None) == (row["listed_apart"] is not None)
        assert row["step"] is None or row["as_of"] is not None
        assert (row["step"] is None) == (row["range_then"] is None)


def test_shipped_discrepancies_pair_independent_bodies_in_one_scope(shipped: Path) -> None:
    for row in records(shipped, "SELECT * FROM discrepancies"):
        assert row["body_key_a"] != row["body_key_b"] and row["high_a"] < row["low_b"]
        assert row["kind"] in ("disagreement", "timing")


# --- edge cases on tiny packages ------------------------------------------------------------------


def test_single_exact_figure(tmp_path: Path) -> None:
    db = build_mini(tmp_path, [figure("g1", number_text="12")])
    [row] = records(db, "SELECT * FROM event_ranges")
    assert (row["n_figures"], row["n_independent"], row["low"], row["high"]) == (1, 1, 12, 12)
    assert row["range_label"] == "12 (no counter named), 1 independent body"
    assert records(db, "SELECT * FROM discrepancies") == []
    [step] = records(db, "SELECT * FROM toll_timeline")
    assert step["step"] is None and step["listed_apart"] == "undated"


def test_unbounded_high_stays_empty_never_zero(tmp_path: Path) -> None:
    db = build_mini(tmp_path, [figure("g1"), figure("g2", number_text="12", counted_by="sohr")])
    [row] = records(db, "SELECT * FROM event_ranges")
    assert row["low"] == 8 and row["high"] is None and row["high_bounded"] == 12
    assert row["range_label"] == (
        "at least 8 (no counter named) to 12 (Syrian Observatory for Human Rights), 2 independent bodies"
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
                as_of="2025-01-02",
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
