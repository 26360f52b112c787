"""`tolls export --hxl`: hxlvalidate (libhxl) accepts every file with zero errors, the tags follow HDX's
conventions for conflict data, and the README's one-number-per-event recipe runs through libhxl."""

from __future__ import annotations

import contextlib
import csv
import io
import re
from pathlib import Path

import hxl
import pandas as pd
import pytest
from conftest import copy_package, documentation
from hxl.input import InputOptions
from hxl.validation import schema as hxl_schema

from tolls.database.build import build_database, run_query
from tolls.database.flags import FLAGS
from tolls.outputs.hxl import (
    EVENT_RANGES_TAGS,
    FLAG_TAGS,
    alpha3,
    export_hxl,
    headline_column,
    hxl_tags,
    list_fields,
    skipped_resources,
)
from tolls.package.loading import Package

HASHTAG = re.compile(r"^#[a-z][a-z0-9_]*(?:\s*\+[a-z][a-z0-9_]*)*$")
NUMERIC = ("#affected", "#population", "#inneed", "#targeted", "#reached", "#value")


@pytest.fixture(scope="module")
def pkg() -> Package:
    return Package.open()


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    return build_database(Package.open(), tmp_path_factory.mktemp("build"))


@pytest.fixture(scope="module")
def exported(pkg, db, tmp_path_factory):
    out = tmp_path_factory.mktemp("hxl")
    return out, export_hxl(pkg, out, db)


def _read(path: Path) -> tuple[list[str], list[str], list[list[str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    return rows[0], rows[1], rows[2:]


def _by_table(pkg: Package, paths) -> dict[str, Path]:
    by_file = {pkg.path(n).name: n for n in pkg.resource_names}
    return {by_file[p.name]: p for p in paths if p.name in by_file}


def _open(path: Path):
    return hxl.data(str(path), InputOptions(allow_local=True))


def _validate(path: Path) -> list:
    """Every problem libhxl's default schema (what `hxlvalidate` runs) reports for the file."""
    found: list = []
    hxl_schema(callback=found.append).validate(_open(path))
    return found


def test_hxlvalidate_finds_no_error_in_any_file(exported):
    _, paths = exported
    assert paths
    for path in paths:
        errors = [e for e in _validate(path) if e.rule.severity == "error"]
        assert not errors, f"{path.name}: " + "; ".join(
            f"{e.column and e.column.display_tag} {e.value!r}: {e.message}" for e in errors[:5]
        )


def test_the_validator_does_catch_text_under_a_numeric_tag(tmp_path):
    """The old export's fault (measure as #affected+type): the check above would see it."""
    bad = tmp_path / "bad.csv"
    bad.write_text("measure,best\n#affected+type,#affected\nkilled,2\n", encoding="utf-8")
    assert [e.value for e in _validate(bad) if e.rule.severity == "error"] == ["killed"]


def test_only_numbers_stand_under_numeric_tags(pkg, exported):
    _, paths = exported
    for path in paths:
        header, tags, data = _read(path)
        for i, tag in enumerate(tags):
            if tag.split("+")[0] in NUMERIC:
                assert all(re.fullmatch(r"\d+", row[i]) or row[i] == "" for row in data), (path.name, header[i])


def _added(header: list[str], tags: list[str]) -> dict[str, str]:
    """The columns the export adds to figures.csv after the table's own: the flags and the event headlines."""
    return {c: t for c, t in zip(header, tags, strict=True) if c in FLAG_TAGS or c.startswith("headline_")}


def test_tags_are_hxl_and_come_from_the_descriptor(pkg, exported):
    _, paths = exported
    for name, path in _by_table(pkg, paths).items():
        header, tags, _ = _read(path)
        added = _added(header, tags) if name == "figures" else {}
        own = [c for c in header if c not in added]
        assert header[: len(own)] == own  # the added columns come last
        assert tags[: len(own)] == hxl_tags(pkg, name, own)
        assert all(t == "" or HASHTAG.match(t) for t in tags), name
        assert all(FLAG_TAGS.get(c, headline_column(c.removeprefix("headline_"))[1]) == t for c, t in added.items())
    for name in pkg.resource_names:
        for fld in pkg.fields(name):
            assert "hxl" not in fld or HASHTAG.match(fld["hxl"]), f"{name}.{fld['name']}: {fld['hxl']!r}"
    assert all(HASHTAG.match(t) for t in [*EVENT_RANGES_TAGS.values(), *FLAG_TAGS.values()])
    assert set(FLAG_TAGS) == set(FLAGS)  # every flag has its hashtag


def test_every_tagged_resource_is_written(pkg, exported):
    _, paths = exported
    tagged = [n for n in pkg.resource_names if any(t for t in hxl_tags(pkg, n, [f["name"] for f in pkg.fields(n)]))]
    assert list(_by_table(pkg, paths)) == tagged
    assert set(skipped_resources(pkg)).isdisjoint(tagged)


def test_countries_are_iso_alpha3_and_admin_codes_one_per_cell(pkg, exported):
    out, paths = exported
    for path in paths:
        header, tags, data = _read(path)
        for i, tag in enumerate(tags):
            if tag == "#country+code":
                assert all(re.fullmatch(r"[A-Z]{3}", row[i]) for row in data if row[i]), path.name
            if tag.startswith("#adm1"):
                assert all(re.fullmatch(r"[A-Z]{2}-[A-Z0-9]{1,3}", row[i]) for row in data), path.name
    assert alpha3("SY") == "SYR" and alpha3("") == ""
    # each list field is a long table, one row per item, and every item of the package is in it
    for name in pkg.resource_names:
        for fld in list_fields(pkg, name):
            if not fld.get("hxl"):
                continue
            _, rows, _ = pkg.read_rows(name)
            key = pkg.schema(name)["primaryKey"]
            key = key[0] if isinstance(key, list) else key
            want = [[r[key], item] for r in rows for item in r[fld["name"]].split(fld["delimiter"]) if item]
            assert _read(out / f"{name}_{fld['name']}.csv")[2] == want


def test_other_values_read_back_unchanged(pkg, exported):
    _, paths = exported
    for name, path in _by_table(pkg, paths).items():
        back = pd.read_csv(path, skiprows=[1], dtype=str, keep_default_na=False)
        source = pd.read_csv(pkg.path(name), dtype=str, keep_default_na=False)
        back = back[back.columns[: len(source.columns)]]  # figures.csv: the flags come after the table's columns
        assert list(back.columns) == list(source.columns)
        tags = dict(zip(back.columns, hxl_tags(pkg, name, list(back.columns)), strict=True))
        same = [c for c in back.columns if tags[c] != "#country+code"]
        pd.testing.assert_frame_equal(back[same], source[same])


def test_unbounded_stays_empty_never_zero(pkg, exported):
    _, paths = exported
    figures = _open(_by_table(pkg, paths)["figures"])
    rows = [(r.get("#indicator+value+num+min"), r.get("#indicator+value+num+max")) for r in figures]
    _, src, _ = pkg.read_rows("figures")
    assert rows == [(r["low"] or None, r["high"] or None) for r in src]
    assert any(low and not high for low, high in rows)  # the shipped data has an open interval


def test_event_ranges_export_matches_the_view(db, exported):
    _, paths = exported
    header, tags, data = _read(next(p for p in paths if p.name == "event_ranges.csv"))
    own = [c for c in header if not c.startswith("headline_") or c in EVENT_RANGES_TAGS]
    assert tags == [EVENT_RANGES_TAGS[c] for c in own] + [headline_column(c[9:])[1] for c in header[len(own) :]]
    _, rows = run_query(db, "SELECT count(*) FROM event_ranges")
    assert len(data) == rows[0][0]


def event_headlines(db: Path) -> list[tuple[str, int]]:
    """Each event's killed headline: of its ranges' headlines the highest, among ranges with a credible source
    when it has one."""
    _, rows = run_query(
        db,
        "WITH r AS (SELECT event_id, headline_low, coalesce(n_credible, 0) > 0 AS credible FROM event_ranges "
        "WHERE measure = 'killed' AND event_id IS NOT NULL AND headline_low IS NOT NULL) "
        "SELECT event_id, coalesce(max(headline_low) FILTER (WHERE credible), max(headline_low)) FROM r "
        "GROUP BY event_id ORDER BY event_id",
    )
    return [(e, n) for e, n in rows]


def test_only_the_event_headline_stands_under_affected(exported, db):
    """HDX reads #affected+killed as people killed: summed by event, the export gives each event's headline (one
    figure: of the event's ranges' headlines, the highest lower bound), never the sum of its reports."""
    out, paths = exported
    for name in ("figures.csv", "event_ranges.csv"):
        header, tags, _ = _read(out / name)
        affected = [c for c, t in zip(header, tags, strict=True) if t.startswith("#affected")]
        assert affected == [c for c in header if c.startswith("headline_") and c not in EVENT_RANGES_TAGS], name
        assert "headline_killed" in affected
        summed = _open(out / name).count("#event+id", aggregators="sum(#affected+killed) as Killed#affected+killed")
        got = {row[0]: row[1] for row in summed.values if row[0] and row[1] != ""}
        assert got == dict(event_headlines(db)), name


RECIPE = re.search(
    r"<!-- hxl-recipe -->\s*```python\n(.*?)```\s*```text\n(.*?)```",
    documentation(),
    re.S,
)


def test_readme_recipe_gives_one_number_per_event(db, tmp_path, monkeypatch):
    """The documentation's libhxl recipe, run after `tolls export --hxl` in a clone: one row per event, its headline
    (the highest of its ranges' headlines, credible ones first; never a sum of the event's figures)."""
    assert RECIPE, "README.md and docs/ have no <!-- hxl-recipe --> block"
    available = {r[0] for r in run_query(db, "DESCRIBE event_ranges")[1]}
    if not {"headline_low", "headline_label"} <= available:
        pytest.skip("event_ranges has no headline columns yet (the lead adds them with issue 6)")
    from tolls.cli import main

    clone = copy_package(tmp_path / "clone")
    assert main(["--root", str(clone), "export", "--hxl"]) == 0
    monkeypatch.chdir(clone)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(RECIPE.group(1), "README.md", "exec"), {})
    assert out.getvalue().strip() == RECIPE.group(2).strip()
    want = event_headlines(db)
    printed = [line.split("\t") for line in out.getvalue().strip("\n").splitlines()]
    assert [(p[0], int(p[2]) if p[2] else None) for p in printed] == [(e, n) for e, n in want]
