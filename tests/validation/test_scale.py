"""What makes validation fast at scale keeps its results: the parser's shortcut, the read-once tables,
the cache of per-text results, the screen before frictionless."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tolls.intervals.number_words import _fold
from tolls.intervals.phrases import could_start, scan
from tolls.intervals.rule_table import load_rules

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text",
    [
        *(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))),
        "About 8 to 10, a dozen or so, two dozen, a hundred, twenty-five, approx. 40, in excess of 9, some of them.",
    ],
)
def test_could_start_is_false_only_where_scan_reads_nothing(text: str):
    rules = load_rules(ROOT / "data" / "interval_rules.csv").language("en")
    s = _fold(text)
    skipped = [pos for pos in range(len(s)) if not could_start(s, pos, rules)]
    assert skipped, "the shortcut skips ordinary words"
    assert [pos for pos in skipped if scan(s, pos, rules) is not None] == []


TRICKY = (
    "Twenty-One died, the twenty-first of them; hundreds, o, fortieth, atop, approx. 40, about-face, "
    "several-fold, 1,000 and ١٢ people, FridayHundreds, a-list, an estimated 9, in excess of 30, ones."
)
TEXTS = [*(p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))), TRICKY]


CUES = "In excess of 30 in all, a man, a hundred, a dozen, a few, a-list, no fewer than 9"


@pytest.mark.parametrize("text", [*TEXTS, CUES])
def test_the_start_search_stops_wherever_scan_reads_something(text: str):
    """The search may pass a word that could_start lets through ("a" before "man"), never one that scan
    reads."""
    rules = load_rules(ROOT / "data" / "interval_rules.csv").language("en")
    s = _fold(text)
    word_starts = [m.start() for m in re.finditer(r"(?<!\w)[a-z0-9]", s)]  # where find_mentions looks
    read = [pos for pos in word_starts if scan(s, pos, rules) is not None]
    assert read
    assert [pos for pos in read if not rules.start_re.match(s, pos)] == []
    passed = [pos for pos in word_starts if could_start(s, pos, rules) and not rules.start_re.match(s, pos)]
    assert passed or "a man" not in text, 'the search passes words that lead nowhere ("a" before "man")'


def _text2num_reads(phrase: str) -> bool:
    from text_to_num import text2num

    try:
        text2num(phrase, "en")
        return True
    except ValueError:
        return False


def test_text2num_reads_no_word_that_starts_with_no_number_stem():
    """The start search knows text2num's vocabulary by heart; a text2num that learns a word fails here."""
    import itertools

    from tolls.intervals.number_words import _NUMBER_STEMS

    stem = re.compile(r"(?:" + "|".join(_NUMBER_STEMS) + r")s*(?![a-z])")
    letters = "abcdefghijklmnopqrstuvwxyz"
    words = {"".join(t) for n in (1, 2, 3) for t in itertools.product(letters, repeat=n)}
    words |= {w for text in TEXTS for w in re.findall(r"[a-z]+(?:-[a-z]+)*", _fold(text))}
    words |= {f"{a}{x}" for a in _NUMBER_STEMS for x in ("", "s", "th", "ths", "ty", "teen", "-one", "-first")}
    words |= {w.replace("-", "") for w in words} | {"dozen", "score", "nil", "none", "naught", "half", "couple"}

    reads = _text2num_reads
    assert [w for w in sorted(words) if reads(w) and not stem.match(w)] == []
    assert reads("twenty-one") and reads("hundreds") and reads("o"), "the probe itself reads numbers"


def test_text2num_reads_a_word_inside_a_number_only_where_the_reader_lets_it_follow():
    """_read_number stops at the first word _could_join rejects instead of asking text2num about all eight
    words; a word text2num takes between two number words that _could_join rejects fails here."""

    from tolls.intervals.number_words import _LINKING, _NUMBER_STEMS, _could_join

    words = {w for text in TEXTS for w in re.findall(r"[a-z]+(?:-[a-z]+)*", _fold(text))}
    words |= set(_NUMBER_STEMS) | _LINKING | {"of", "to", "or", "dozen", "score", "couple", "half", "oh", "er"}

    reads = _text2num_reads
    frames = ("one hundred {} five", "twenty {} one", "one thousand {} two hundred", "{} five", "five {}")
    taken = {w for w in words for f in frames if reads(f.format(w))}
    assert "and" in taken, "the probe itself finds a linking word"
    assert sorted(w for w in taken if not _could_join(w)) == []


def _read_number_trying_every_length(s: str, pos: int):
    """The reading before the shortcut: eight words, then the longest run of them that text2num reads."""
    from tolls.intervals.number_words import (
        _MAX_WORDS,
        _next_words,
        _Num,
        _scale_value,
        _trailing_scale,
        _word_value,
    )

    words = _next_words(s, pos, _MAX_WORDS)
    tokens = [w.group() for w in words]
    if not tokens:
        return None
    if tokens[0] == "a" and len(tokens) > 1 and _scale_value(tokens[1]) is not None:
        tokens[0] = "one"
    elif _word_value(tokens[0]) is None or (tokens[0].endswith("s") and _word_value(tokens[0][:-1]) is not None):
        return None
    for k in range(len(tokens), 0, -1):
        if any(t.endswith("s") and _word_value(t[:-1]) is not None and _word_value(t) is not None for t in tokens[:k]):
            continue
        v = _word_value(" ".join(tokens[:k]))
        if v is None:
            continue
        if v == 0 and not all(t in ("zero", "nought") for t in tokens[:k]):
            return None
        return _Num(v, words[k - 1].end(), _trailing_scale(tokens[:k], v))
    return None


def test_reading_number_words_up_to_the_first_foreign_word_gives_what_trying_every_length_gives():
    import random

    from tolls.intervals.number_words import _read_number

    vocabulary = (
        "a one two three five eight twenty forty-five hundred hundreds thousand million and point so "
        "then minus zero o first people killed of the at least dozen"
    ).split()
    rng = random.Random(7)
    for _ in range(20_000):
        s = " ".join(rng.choice(vocabulary) for _ in range(rng.randint(1, 10)))
        assert _read_number(s, 0) == _read_number_trying_every_length(s, 0), s


def test_interval_formulas_in_integers_give_the_fractions_values():
    import math
    from fractions import Fraction

    from tolls.intervals.rule_table import Rule

    lines = [
        (Fraction(f), Fraction(o)) for f in ("1", "0.95", "1.05", "2/3", "0.5") for o in ("0", "1", "-1", "0.5", "-7/3")
    ]
    for (low_factor, low_offset), (high_factor, high_offset) in zip(lines, reversed(lines), strict=True):
        rule = Rule(
            "r", "approximate", (), None, low_factor, low_offset, high_factor, high_offset, "", None, None, None
        )
        for n in (*range(0, 60), 99, 100, 745, 1479, 1500, 10**12 + 7):
            p = rule.apply(n)
            low, high = math.floor(n * low_factor + low_offset), math.ceil(n * high_factor + high_offset)
            assert p.low == (None if n >= 1 and low < 1 else low), (n, low_factor, low_offset)
            assert p.high == (None if n >= 1 and high < 1 else high), (n, high_factor, high_offset)


def test_the_glue_search_finds_every_capital_after_a_lower_case_letter():
    from tolls.mentions.find import _GLUED

    for text in [*TEXTS, "aB", "Ab", "ABc", "xYzW", "éB", "FridayHundreds,SaturdayTens", ""]:
        expected = [m.start() for m in re.finditer(r"(?<=[a-z])(?=[A-Z])", text)]
        assert [m.start() for m in _GLUED.finditer(text)] == expected


@pytest.mark.parametrize("text", TEXTS)
def test_skipping_words_gives_the_mentions_a_word_by_word_reading_gives(text: str):
    import copy

    from tolls.mentions.find import find_mentions

    rules = load_rules(ROOT / "data" / "interval_rules.csv")
    word_by_word = copy.copy(rules)
    word_by_word.start_re = re.compile(r"(?<!\w)[a-z0-9]")  # every word's start: could_start decides each
    assert find_mentions(text, rules, keep_left_out=True) == find_mentions(text, word_by_word, keep_left_out=True)


def test_a_cue_that_starts_with_a_sign_is_read_where_word_by_word_reading_reads_it(tmp_path: Path):
    """Word by word, a place is looked at only where a word starts with a letter or a digit; the start
    search keeps to that, whatever a package's cues start with."""
    import copy
    import csv

    from tolls.mentions.find import find_mentions

    with (ROOT / "data" / "interval_rules.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    about = next(r for r in rows if "about" in r["cues"].split(";"))
    about["cues"] += ";~;c."
    path = tmp_path / "interval_rules.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    rules = load_rules(path)
    word_by_word = copy.copy(rules)
    word_by_word.start_re = re.compile(r"(?<!\w)[a-z0-9]")
    text = "Killed: ~40 people, c. 25 more, about 8, ~ 9 and x~7."
    assert find_mentions(text, rules, keep_left_out=True) == find_mentions(text, word_by_word, keep_left_out=True)
    assert find_mentions(text, rules)


@pytest.mark.parametrize("text", TEXTS)
def test_coverage_finds_the_mentions_where_the_full_reading_does(text: str):
    from tolls.mentions.find import mentions_to_cover

    rules = load_rules(ROOT / "data" / "interval_rules.csv")
    full, bare = mentions_to_cover(text, rules), mentions_to_cover(text, rules, guesses=False)
    assert full
    assert [(m.start, m.end, m.number_text, m.line, m.parsed) for m in bare] == [
        (m.start, m.end, m.number_text, m.line, m.parsed) for m in full
    ]


# --- the screen before frictionless agrees with frictionless on the broken-package corpus --------------

from test_validation import CELL_CASES  # noqa: E402

from tolls.package.loading import Package  # noqa: E402
from tolls.validation.structure import check_structure  # noqa: E402
from tolls.validation.table_schema import check_frictionless, passes  # noqa: E402


def _apply_cell_case(table, case) -> None:
    _, name, key, field, value, *_ = case
    t = table(name)
    if value is None and field == "quote_start":
        t.set(key, "quote_start", str(int(t.get(key, "quote_start")) + 1))
        t.set(key, "quote_end", str(int(t.get(key, "quote_end")) + 1))
    elif value is None:
        t.set(key, field, t.get(key, field).replace("e", "a", 1))
    else:
        t.set(key, field, value)
    t.save()


def _edit_rows(table, name, edit) -> None:
    t = table(name)
    t.rows = edit(t.rows)
    t.save()


# more breakages: the header, the shape of rows, and cells that frictionless reads leniently
SHAPE_CASES = {
    "duplicate id": lambda table: table("figures").set("f013", "figure_id", "f012").save(),
    "missing column": lambda table: _edit_rows(table, "figures", lambda rows: [r[:-1] for r in rows]),
    "extra column": lambda table: _edit_rows(table, "figures", lambda rows: [r + ["x"] for r in rows]),
    "renamed column": lambda table: _edit_rows(table, "events", lambda rows: [["id", *rows[0][1:]], *rows[1:]]),
    "blank row": lambda table: _edit_rows(table, "figures", lambda rows: [*rows[:3], [], *rows[3:]]),
    "short row": lambda table: _edit_rows(table, "figures", lambda rows: [*rows[:3], rows[3][:5], *rows[4:]]),
    "long row": lambda table: _edit_rows(table, "actors", lambda rows: [*rows[:2], rows[2] + ["x"], *rows[3:]]),
    "integer with a plus": lambda table: table("figures").set("f012", "low", "+1425").save(),
    "integer with spaces": lambda table: table("figures").set("f012", "low", " 1425").save(),
    "integer as a decimal": lambda table: table("figures").set("f012", "low", "1425.0").save(),
    "date without zeros": lambda table: table("figures").set("f012", "date_start", "2025-3-1").save(),
    "impossible date": lambda table: table("events").set("2025-03-coast", "date_end", "2025-02-30").save(),
    "id with a newline": lambda table: table("actors").set("sohr", "actor_id", "sohr\n").save(),
    "empty referenced table": lambda table: _edit_rows(table, "victim_groups", lambda rows: rows[:1]),
    "number below minimum": lambda table: table("interval_rules").set("dozens", "low_factor", "-1").save(),
    "boolean not in its values": lambda table: table("interval_rules").set("dozens", "states_number", "yes").save(),
    "id repeated in a lookup": lambda table: table("actors").set("reuters", "actor_id", "sohr").save(),
}

CORPUS = [(c[0], lambda table, c=c: _apply_cell_case(table, c)) for c in CELL_CASES] + list(SHAPE_CASES.items())


def _frictionless_both_ways(root: Path):
    pkg = Package.open(root)
    readable = check_structure(pkg).readable
    return (
        pkg,
        readable,
        check_frictionless(pkg, readable, screen=True),
        check_frictionless(Package.open(root), readable, screen=False),
    )


def test_the_screen_passes_the_shipped_package():
    pkg = Package.open(ROOT)
    assert [name for name in pkg.resource_names if not passes(pkg, name)] == []
    assert check_frictionless(pkg, screen=True) == check_frictionless(Package.open(ROOT), screen=False) == []


@pytest.mark.parametrize("name,breaks", CORPUS, ids=[c[0] for c in CORPUS])
def test_the_screen_gives_frictionless_verdicts(package: Path, table, name, breaks):
    breaks(table)
    pkg, readable, screened, full = _frictionless_both_ways(package)
    key = sorted((p.file, p.line or 0, p.field or "", p.code, p.message) for p in full)
    assert sorted((p.file, p.line or 0, p.field or "", p.code, p.message) for p in screened) == key
    # and where frictionless names a problem, the screen never let that resource through
    broken = {p.file for p in full}
    assert [n for n in readable if pkg.relpath(n) in broken and passes(pkg, n)] == []


# --- Parquet typed and nullable as datapackage.json says ------------------------------------------------


def test_parquet_columns_are_required_exactly_when_the_schema_says(tmp_path: Path):
    import pyarrow.parquet as pq

    from tolls.database.build import PARQUET_PARTITIONS, build_database

    pkg = Package.open(ROOT)
    build_database(pkg, tmp_path)
    arrow_types = {"string": "string", "integer": "int64", "number": "double", "boolean": "bool", "date": "date32[day]"}
    for name in pkg.resource_names:
        # a partitioned table's files hold every column but the partition column, which is in the folder names
        # (parquet/figures/measure=killed/data_0.parquet); each file has the same schema
        partition = PARQUET_PARTITIONS.get(name)
        files = (
            sorted((tmp_path / "parquet" / name).glob("*/*.parquet"))
            if partition
            else [tmp_path / "parquet" / f"{name}.parquet"]
        )
        assert files, name
        fields = [f for f in pkg.fields(name) if f["name"] != partition]
        schema = pq.read_schema(files[0])
        assert all(pq.read_schema(f) == schema for f in files), name
        assert schema.names == [f["name"] for f in fields], name
        for fld in fields:
            column = schema.field(fld["name"])
            required = fld.get("constraints", {}).get("required", False)
            assert column.nullable is not required, (name, fld["name"])
            assert str(column.type) == arrow_types[fld.get("type", "string")], (name, fld["name"])


# --- the per-text cache: a warm run reads no text again and finds the same problems ----------------------


def test_cold_and_warm_runs_give_the_same_problems(package: Path, table, tmp_path: Path, monkeypatch):
    import tolls.validation.coverage as coverage
    from tolls.validation import validate

    monkeypatch.setenv("TOLLS_CACHE_DIR", str(tmp_path / "cache"))
    table("exclusions").delete("x009").save()  # leaves a number uncovered
    table("figures").set("f012", "number_text", "1,500").save()  # and one figure's words partial
    cold = validate(package)
    assert {p.code for p in cold} >= {"uncovered-number", "partial-number-text"}
    assert list((tmp_path / "cache").glob("mentions-*.cache"))

    def no_reading(*args, **kwargs):
        raise AssertionError("a cached text was read again")

    monkeypatch.setattr(coverage, "mentions_to_cover", no_reading)
    assert validate(package) == cold


def test_a_changed_text_is_read_again(package: Path, table, tmp_path: Path, monkeypatch):
    import hashlib

    from tolls.validation import validate

    monkeypatch.setenv("TOLLS_CACHE_DIR", str(tmp_path / "cache"))
    assert validate(package) == []
    sources = table("sources")
    path = package / sources.get("s003", "path")
    text = path.read_text(encoding="utf-8") + "\nAnother 12 people were reported.\n"
    path.write_text(text, encoding="utf-8")
    sources.set("s003", "sha256", hashlib.sha256(text.encode()).hexdigest()).save()
    assert [p.code for p in validate(package)] == ["uncovered-number"]


# --- mentions found in other processes, ahead of the checks that need them --------------------------------


def _many_texts() -> dict[str, str]:
    """Forty texts, each different (so each has its own sha256 and its own task)."""
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    return {f"s{i:03d}": f"{seeds[i % len(seeds)]}\nAnother {i + 2} people were reported.\n" for i in range(40)}


@pytest.fixture
def small_tasks(monkeypatch, tmp_path: Path):
    """Two cores, other processes from two texts on, three texts a task, and an empty cache."""
    import tolls.validation.coverage as coverage

    monkeypatch.setenv("TOLLS_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(coverage.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(coverage, "_PARALLEL_FROM", 2)
    monkeypatch.setattr(coverage, "_CHUNK", 3)
    return coverage


def _found_here(texts: dict[str, str]) -> dict:
    """What coverage needs of each text's mentions, read here without the cache or its packing."""
    from tolls.mentions.find import mentions_to_cover

    rules = load_rules(ROOT / "data" / "interval_rules.csv")
    return {
        sid: [(m.start, m.end, m.number_text, m.line) for m in mentions_to_cover(text, rules, guesses=False)]
        for sid, text in texts.items()
    }


def test_mentions_found_in_other_processes_are_those_found_here(small_tasks):
    from contextlib import closing

    texts = _many_texts()
    with closing(small_tasks.MentionCache(load_rules(ROOT / "data" / "interval_rules.csv"))) as mentions:
        assert mentions.start(texts, {}) == 40
        assert mentions.start(texts, {}) == 0, "a text already sent is not sent again"
        assert mentions.of(texts, {}) == _found_here(texts)


def test_mentions_are_found_here_when_no_process_can_start(small_tasks, monkeypatch):
    from contextlib import closing

    def refused(*args, **kwargs):
        raise BlockingIOError("no processes here")

    monkeypatch.setattr(small_tasks.os, "fork", refused)  # where a process starts: at the first task
    texts = _many_texts()
    with closing(small_tasks.MentionCache(load_rules(ROOT / "data" / "interval_rules.csv"))) as mentions:
        assert mentions.start(texts, {}) == 0
        assert mentions.of(texts, {}) == _found_here(texts)


def test_a_process_that_started_before_another_could_not_is_ended(small_tasks, monkeypatch):
    import os

    forks = []

    def second_refused():
        if forks:
            raise BlockingIOError("no second process")
        forks.append(real_fork())
        return forks[-1]

    real_fork = os.fork
    monkeypatch.setattr(small_tasks.os, "fork", second_refused)
    texts = _many_texts()
    mentions = small_tasks.MentionCache(load_rules(ROOT / "data" / "interval_rules.csv"))
    assert mentions.start(texts, {}) == 0
    monkeypatch.undo()
    assert forks and forks[0] > 0
    assert _ends_within(forks[0], seconds=10), "the first process is ended, not left waiting for work"
    assert mentions.of(texts, {}) == _found_here(texts)


def test_starting_on_cached_texts_reads_only_the_keys_file(small_tasks):
    rules = load_rules(ROOT / "data" / "interval_rules.csv")
    texts = _many_texts()
    first = small_tasks.MentionCache(rules)
    first.of(texts, {})
    first.save()
    again = small_tasks.MentionCache(rules)
    assert again.start(texts, {}) == 0, "every text is in the cache"
    assert again._cached is None, "the mentions themselves were not read"
    assert again.of(texts, {}) == _found_here(texts)
    again.close()


def test_a_keys_file_out_of_step_with_the_cache_gives_the_same_mentions(small_tasks):
    rules = load_rules(ROOT / "data" / "interval_rules.csv")
    texts = _many_texts()
    first = small_tasks.MentionCache(rules)
    first.of(texts, {})
    first.save()
    entries = first.file.read()
    first.file.write(dict(list(entries.items())[:10]))  # the keys file lists 40 texts, the cache holds 10
    again = small_tasks.MentionCache(rules)
    assert again.start(texts, {}) == 0
    assert again.of(texts, {}) == _found_here(texts)
    again.close()


@pytest.mark.parametrize("damage", ["keys file missing", "keys file truncated", "entries of another shape"])
def test_a_damaged_cache_gives_the_same_mentions_and_is_repaired(small_tasks, damage: str):
    rules = load_rules(ROOT / "data" / "interval_rules.csv")
    texts = _many_texts()
    first = small_tasks.MentionCache(rules)
    first.of(texts, {})
    first.save()
    if damage == "keys file missing":
        first.keys_path.unlink()
    elif damage == "keys file truncated":
        first.keys_path.write_bytes(first.keys_path.read_bytes()[:20])
    else:
        entries = first.file.read()
        first.file.write({k: (b"x" if i % 2 else bytes(25)) for i, k in enumerate(entries)})
    again = small_tasks.MentionCache(rules)
    assert again.of(texts, {}) == _found_here(texts)
    again.save()
    assert again.file.read_keys() == frozenset(again.file.read()) != frozenset()
    assert all(len(v) % 24 == 0 for v in again.file.read().values())


def _ends_within(pid: int, seconds: float) -> bool:
    import os
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if os.waitpid(pid, os.WNOHANG)[0] == pid:
                return True
        except ChildProcessError:  # already reaped by multiprocessing
            return True
        time.sleep(0.05)
    return False


def _die(texts: list[str]) -> list:
    import os

    os._exit(1)


def test_mentions_are_found_here_when_a_process_dies(small_tasks, monkeypatch):
    from contextlib import closing

    monkeypatch.setattr(small_tasks, "_find_many", _die)
    texts = _many_texts()
    with closing(small_tasks.MentionCache(load_rules(ROOT / "data" / "interval_rules.csv"))) as mentions:
        assert mentions.start(texts, {}) > 0  # until the first process dies
        assert mentions.of(texts, {}) == _found_here(texts)
        again = {"a": "Another 99 people.", "b": "Another 98 people.", "c": "Another 97 people."}
        assert mentions.start(again, {}) == 0, "a broken pool is not used again"
        assert mentions.of(again, {}) == _found_here(again)


def test_no_mention_is_looked_for_where_coverage_does_not_run(package: Path, small_tasks):
    from tolls.validation.frames import load_frames
    from tolls.validation.provenance import Texts
    from tolls.validation.structure import check_structure

    pkg = Package.open(package)
    frames = load_frames(pkg, check_structure(pkg).readable)
    del frames["exclusions"]
    texts = Texts(pkg, frames)
    assert texts.mentions is None and texts.rules is not None
    texts.close()


def test_a_layer_that_raises_leaves_no_process_finding_mentions(package: Path, small_tasks, monkeypatch):
    import tolls.validation as validation
    from tolls.validation.provenance import Texts

    made = []
    monkeypatch.setattr(validation, "Texts", lambda *a, **k: made.append(Texts(*a, **k)) or made[-1])

    def interrupted(pkg, frames):
        raise KeyboardInterrupt

    monkeypatch.setattr(validation, "check_links", interrupted)
    with pytest.raises(KeyboardInterrupt):
        validation.validate(package)
    assert made and made[0].mentions is None, "closed: its processes stopped, its texts let go"


def test_texts_come_once_each_in_order_when_read_ahead(package: Path, small_tasks):
    """(small_tasks: so that each batch goes to other processes, which is what keeps reading ahead)"""
    from tolls.validation.frames import load_frames
    from tolls.validation.provenance import Texts
    from tolls.validation.structure import check_structure

    pkg = Package.open(package)
    frames = load_frames(pkg, check_structure(pkg).readable)
    texts = Texts(pkg, frames, batch=2)
    texts.read_ahead(3)
    assert sum(len(batch) for batch, _ in texts._ahead) == 4, "whole batches, up to the texts asked for"
    batches = [batch for batch, _ in texts]
    texts.close()
    ids = [sid for batch in batches for sid in batch]
    quoted = list(frames["sources"][0].dropna(subset=["path"])["source_id"])
    assert [len(b) for b in batches] == [2] * (len(quoted) // 2) + [1] * (len(quoted) % 2)  # batches of two
    assert ids == sorted(ids) == quoted


def test_validation_with_mentions_found_in_other_processes_finds_the_same_problems(
    package: Path, table, small_tasks, monkeypatch
):
    from tolls.validation import validate

    table("exclusions").delete("x009").save()  # leaves a number uncovered
    table("figures").set("f012", "number_text", "1,500").save()  # and one figure's words partial
    ahead = validate(package)
    assert {p.code for p in ahead} >= {"uncovered-number", "partial-number-text"}
    monkeypatch.setattr(small_tasks, "_PARALLEL_FROM", 10**9)  # every text read in this process
    monkeypatch.setenv("TOLLS_CACHE_DIR", str(package.parent / "other-cache"))
    assert validate(package) == ahead


# --- source_copies without comparing every pair finds what comparing every pair finds --------------------


def _pairs_by_brute_force(root: Path) -> set[tuple[str, str]]:
    import csv
    import re

    words = {}
    with (root / "data" / "sources.csv").open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if not row["path"]:
                continue  # a cited source: no text in the package
            text = (root / row["path"]).read_text(encoding="utf-8")
            words[row["source_id"]] = set(re.findall(r"[^\W_]+", text.lower()))
    ids = sorted(words)
    return {
        (a, b)
        for i, a in enumerate(ids)
        for b in ids[i + 1 :]
        if len(words[a] & words[b]) / len(words[a] | words[b]) >= 0.22
    }


def _found(db: Path) -> set[tuple[str, str]]:
    from tolls.database.build import run_query

    _, rows = run_query(
        db, "SELECT source_id_a, source_id_b FROM source_copies WHERE kind = 'between_sources' AND found_in_text"
    )
    return set(rows)


def test_source_copies_are_every_pair_above_the_threshold_in_a_synthetic_corpus(tmp_path: Path):
    import importlib.util

    from tolls.database.build import build_database

    spec = importlib.util.spec_from_file_location("synth", ROOT / "benchmarks" / "synth.py")
    synth = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(synth)
    root = tmp_path / "synthetic"
    synth.synthesize(1500, root, seed=3)
    db = build_database(Package.open(root), root / "build")
    declared = {tuple(sorted(pair)) for pair in _declared(root)}
    assert declared, "the corpus has planted copies"
    expected = _pairs_by_brute_force(root)
    assert declared <= expected
    assert _found(db) == expected


def _declared(root: Path) -> list[tuple[str, str]]:
    import csv

    with (root / "data" / "sources.csv").open(encoding="utf-8", newline="") as fh:
        return [(r["source_id"], r["copy_of_source_id"]) for r in csv.DictReader(fh) if r["copy_of_source_id"]]


def test_source_copies_of_the_shipped_texts_are_every_pair_above_the_threshold(tmp_path: Path):
    from tolls.database.build import build_database

    db = build_database(Package.open(ROOT), tmp_path)
    assert _found(db) == _pairs_by_brute_force(ROOT)


# --- the row rules run without pandera and find what pandera finds ----------------------------------------


def _rules_by_pandera(pkg: Package, frames) -> set[tuple]:
    import pandera.errors

    from tolls.validation.row_rules import ROW_RULES, schema_for

    found = set()
    for name, (frame, lines) in frames.items():
        rules = [r for r in ROW_RULES if r.resource == name]
        if not rules or any(f["name"] not in frame for f in pkg.fields(name)):
            continue
        try:
            schema_for(pkg, name).validate(frame, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            cases = exc.failure_cases
            cases = cases[cases["schema_context"] == "DataFrameSchema"].drop_duplicates(["check_number", "index"])
            for check, index in zip(cases["check_number"], cases["index"], strict=True):
                if check == check and index is not None and index == index:
                    found.add((pkg.relpath(name), lines[int(index)], rules[int(check)].field, rules[int(check)].code))
    return found


@pytest.mark.parametrize("name,breaks", CORPUS, ids=[c[0] for c in CORPUS])
def test_row_rules_find_what_pandera_finds(package: Path, table, name, breaks):
    from tolls.validation.frames import load_frames
    from tolls.validation.row_checks import check_rules

    breaks(table)
    pkg = Package.open(package)
    frames = load_frames(pkg, check_structure(pkg).readable)
    ours = {
        (p.file, p.line, p.field, p.code)
        for p in check_rules(pkg, frames)
        if p.code.replace("-", "_")
        in {r.name for r in __import__("tolls.validation.row_rules", fromlist=["ROW_RULES"]).ROW_RULES}
    }
    assert ours == _rules_by_pandera(pkg, frames)


# --- chains of copies followed by pointer doubling, not a dict walk ----------------------------------------


def _loops_by_walking(keys: list, parents: list) -> list[bool]:
    """The rule as it was: follow each row's link in a dict until the chain ends or repeats."""
    parent = {k: p for k, p in zip(keys, parents, strict=True) if k is not None and p is not None}

    def ends(start: object) -> bool:
        if parent.get(start) == start:
            return True
        seen, at = {start}, parent.get(start)
        while at is not None and at in parent:
            if at in seen:
                return False
            seen.add(at)
            at = parent[at]
        return True

    return [ends(k) if k in parent else True for k in keys]


def test_copy_chains_end_or_loop_as_a_walk_finds():
    import random

    import pandas as pd

    from tolls.validation.row_rules import _no_copy_loop

    rng = random.Random(7)
    for size in (1, 2, 3, 10, 50, 300):
        for _ in range(20):
            keys = [f"f{i}" for i in range(size)]
            parents = [rng.choice([None, None, f"f{rng.randrange(size)}", f"x{i}"]) for i in range(size)]
            frame = pd.DataFrame({"id": keys, "of": parents}, dtype="string[pyarrow]")
            got = _no_copy_loop("id", "of")(frame).tolist()
            assert got == _loops_by_walking(keys, parents), (keys, parents)


# --- words counted by one regular expression over the column, not by splitting each cell ---------------------


def test_words_are_counted_as_python_splits_them():
    """The cited-phrase rule counts words with Arrow's regular expressions; every kind of space str.split()
    splits at (a thin space in "1 000", a no-break space, an ideographic one) separates words there too, and a
    zero-width space does not."""
    import random

    import pandas as pd

    from tolls.validation.row_rules import _words_at_most

    rng = random.Random(3)
    pieces = ["a", "1", "b,", "\u0661", " ", "\u2009", "\xa0", "\t", "\n", "\u3000", "\x1c", "\u202f", "\u200b"]
    cells = ["".join(rng.choice(pieces) for _ in range(rng.randrange(1, 30))) for _ in range(5000)]
    frame = pd.DataFrame({"number_text": pd.Series([*cells, None], dtype="string")})
    for n in (0, 1, 3, 8):
        expected = [len(c.split()) <= n for c in cells] + [True]
        assert _words_at_most("number_text", n)(frame).tolist() == expected


def test_equal_cells_get_equal_codes_across_the_chunks_of_a_column():
    """The tie rule compares integer codes of its key's cells; a table read in many chunks (a large CSV) gives
    a cell the same code in every chunk."""
    import pandas as pd
    import pyarrow as pa

    from tolls.package.loading import _strings
    from tolls.validation.frames import codes

    chunks = [["f1", "f2", None], ["f2", "f3"], [], ["f1", None, "f4"]]
    column = _strings(pa.chunked_array([pa.array(c, pa.large_string()) for c in chunks], pa.large_string()))
    cells = [c for chunk in chunks for c in chunk]
    found = codes(column).tolist()
    assert [code == -1 for code in found] == [c is None for c in cells]
    assert {(c, code) for c, code in zip(cells, found, strict=True) if c} == {
        (c, found[cells.index(c)]) for c in cells if c
    }
    assert len({code for code in found if code >= 0}) == 4
    assert codes(pd.Series(pd.to_datetime(["2025-03-14", None, "2025-03-14"]))).tolist() == [0, -1, 0]
