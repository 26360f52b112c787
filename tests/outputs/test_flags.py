"""Outputs for every client: the views in build/parquet/ and the CSV export, with per-figure flags from which a
reader without SQL (pandas here; polars, R, Spark the same way) gets event_ranges back, on the toll history built
in code (tests/history.py) and, for what every correct contribution keeps true, on the shipped package."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import duckdb
import hxl
import pandas as pd
import pyarrow.parquet as pq
import pytest
from conftest import ROOT, copy_package, documentation
from history import toll_history
from hxl.input import InputOptions
from openpyxl import load_workbook

from tolls.cli import main
from tolls.database.build import build_database, run_query
from tolls.database.flags import EXPORTED_VIEWS, FLAGS
from tolls.outputs.csv_export import export_views_csv
from tolls.outputs.hxl import export_hxl
from tolls.outputs.xlsx import export_xlsx
from tolls.package.loading import Package

BOUNDS = {"low": "Int64", "high": "Int64"}


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The toll history as a package, built, with its CSV export in build/csv/."""
    root = toll_history(tmp_path_factory.mktemp("history") / "pkg")
    db = build_database(Package.open(root), root / "build")
    export_views_csv(db, root / "build")
    return root, db


@pytest.fixture(scope="module")
def shipped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("shipped")
    db = build_database(Package.open(ROOT), out)
    export_views_csv(db, out)
    return db


def ranges_from_flags(figures: pd.DataFrame) -> pd.DataFrame:
    """What a pandas user does: the figures with in_range true, grouped by range_id; a bound any of them leaves
    empty stays empty (unknown or unbounded), never zero."""
    spanned = figures[figures["in_range"]].groupby("range_id")
    return pd.DataFrame(
        {
            "low": spanned["low"].min().where(spanned["low"].count() == spanned.size()),
            "high": spanned["high"].max().where(spanned["high"].count() == spanned.size()),
        }
    ).sort_index()


def read_export(folder: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    figures = pd.read_csv(folder / "figure_detail.csv", dtype=BOUNDS)
    ranges = pd.read_csv(folder / "event_ranges.csv", dtype=BOUNDS).set_index("range_id")
    return figures, ranges


# --------------------------------------------------------------------------- the story, from the CSV export alone


def test_the_csv_export_alone_gives_every_range_back(history):
    root, _ = history
    figures, ranges = read_export(root / "build" / "csv")
    counted = ranges[ranges["n_independent"] > 0][["low", "high"]].sort_index()
    assert not counted.empty
    pd.testing.assert_frame_equal(ranges_from_flags(figures), counted, check_names=False)
    # a range with no counter of its own has no figure in it, and no bound
    assert ranges.loc[ranges["n_independent"] == 0, ["low", "high"]].isna().all().all()


def test_flags_tell_the_toll_history_story(history):
    root, _ = history
    figures, ranges = read_export(root / "build" / "csv")
    flags = figures.set_index("figure_id")
    # SOHR's updates of its civilian count: the last (its Friday count) is its latest and in the range; the
    # earlier ones, which it supersedes, are not
    assert flags.loc["s7", ["is_latest", "in_range"]].all()
    assert not flags.loc[["s2", "s3", "s4", "s5", "s6"], ["is_latest", "in_range"]].any().any()
    # a relay counts once, with what it relays; parts of a total (provinces, one day) never span a range
    assert not flags.loc["q2", "counts_once"] and flags.loc["r1", "counts_once"]
    assert not flags.loc[["q2", "s4la", "s4ta", "s4hm", "s4hi", "s4d"], "in_range"].any()
    # OHCHR's verified minimum is its latest figure, listed apart from the range
    assert flags.loc["o1", "is_latest"] and not flags.loc["o1", "in_range"]
    # every figure that spans a range is a counter's latest, and an original
    spanning = figures[figures["in_range"]]
    assert spanning["is_latest"].all() and spanning["counts_once"].all()


def test_one_headline_per_range_and_one_per_event_and_measure(history):
    root, _ = history
    figures, ranges = read_export(root / "build" / "csv")
    headlines = figures[figures["is_headline"]].set_index("range_id")["figure_id"].sort_index()
    assert headlines.to_dict() == ranges["headline_figure_id"].dropna().sort_index().to_dict()
    # the event's one number: of its ranges' headlines, the highest lower bound (among ranges with a credible
    # source, where the view grades them)
    top = figures[figures["is_event_headline"]]
    assert top.groupby(["event_id", "measure"]).size().eq(1).all()
    for (event, measure), row in top.set_index(["event_id", "measure"]).iterrows():
        theirs = ranges[(ranges["event_id"] == event) & (ranges["measure"] == measure)]
        if "n_credible" in theirs and (theirs["n_credible"] > 0).any():
            theirs = theirs[theirs["n_credible"] > 0]
        assert row["low"] == theirs["headline_low"].max()
        assert ranges.loc[row["range_id"], "is_event_headline"]


def test_flags_are_documented_and_in_every_export(history, tmp_path):
    root, db = history
    pkg = Package.open(root)
    figures, _ = read_export(root / "build" / "csv")
    assert list(figures.columns[-len(FLAGS) :]) == list(FLAGS)
    readme = (root / "build" / "csv" / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in FLAGS)
    # the spreadsheet: the same flags at the end of the figures sheet, each described in the README sheet
    book = load_workbook(export_xlsx(pkg, tmp_path / "tolls.xlsx", db)[0])
    sheet = list(book["figures"].iter_rows(values_only=True))
    header = list(sheet[0])
    assert header[-len(FLAGS) :] == list(FLAGS)
    by_id = {row[0]: dict(zip(header, row, strict=True)) for row in sheet[1:]}
    for record in figures.to_dict("records"):
        assert all(by_id[record["figure_id"]][f] == record[f] for f in FLAGS), record["figure_id"]
    described = {row[2]: row[5] for row in book["README"].iter_rows(values_only=True) if len(row) > 5 and row[2]}
    assert all(described.get(name) == meaning for name, meaning in FLAGS.items())
    # HXL: the flags at the end of figures.csv, under #meta tags
    export_hxl(pkg, tmp_path / "hxl", db)
    back = pd.read_csv(tmp_path / "hxl" / "figures.csv", skiprows=[1], dtype=str, keep_default_na=False)
    merged = back.merge(figures.astype(str).replace({"<NA>": "", "nan": ""}), on="figure_id", suffixes=("", "_csv"))
    for name in FLAGS:
        assert (merged[name].str.lower() == merged[f"{name}_csv"].str.lower()).all(), name


def test_the_hxl_headline_sums_to_one_figure_per_event(history, tmp_path):
    """HDX sums #affected+killed: over the history's event it gives the event's headline, not the 20-odd reports."""
    root, db = history
    export_hxl(Package.open(root), tmp_path, db)
    figures = hxl.data(str(tmp_path / "figures.csv"), InputOptions(allow_local=True))
    summed = figures.count("#event+id", aggregators="sum(#affected+killed) as Killed#affected+killed").values
    # SOHR's "at least 1,500" civilians: above Reuters' 1,479 Alawites and the anonymous "about 2,000" (1,000 to
    # 3,000) of a page graded not credible, which is no range's headline
    assert [row for row in summed if row[0] == "ev"] == [["ev", 1500]]
    _, [(headline,)] = run_query(db, "SELECT max(headline_low) FROM event_ranges WHERE event_id = 'ev'")
    assert headline == 1500
    with (tmp_path / "figures.csv").open(encoding="utf-8") as fh:
        tags = fh.read().splitlines()[1].split(",")
    assert [t for t in tags if t.startswith("#affected")] == ["#affected+killed"]


# --------------------------------------------------------------------------- Parquet


@pytest.mark.parametrize("view", list(EXPORTED_VIEWS))
def test_views_in_parquet_read_back_in_duckdb_and_pyarrow(history, view):
    root, db = history
    path = root / "build" / "parquet" / f"{view}.parquet"
    table = pq.read_table(path)
    assert all(field.nullable for field in table.schema)  # OPTIONAL: the next build may hold a null anywhere
    con = duckdb.connect(str(db), read_only=True)
    try:
        view_columns = [r[0] for r in con.execute(f"DESCRIBE {view}").fetchall()]
        assert set(view_columns) <= set(table.column_names)  # the view's own columns, and the flags or range_id
        own = ", ".join(f'"{c}"' for c in view_columns)
        order = "figure_id" if view == "figure_detail" else "ALL"
        want = con.execute(f"SELECT {own} FROM {view} ORDER BY {order}").fetchall()
        got = con.execute(f"SELECT {own} FROM read_parquet('{path}') ORDER BY {order}").fetchall()
    finally:
        con.close()
    assert got == want and want
    assert table.num_rows == len(want)


def test_parquet_flags_give_the_ranges_back(history):
    """A Spark or polars user reads Parquet: the same recipe, on figure_detail.parquet."""
    root, _ = history
    figures = pq.read_table(root / "build" / "parquet" / "figure_detail.parquet").to_pandas()
    figures[["low", "high"]] = figures[["low", "high"]].astype("Int64")
    ranges = pq.read_table(root / "build" / "parquet" / "event_ranges.parquet").to_pandas().set_index("range_id")
    counted = ranges[ranges["n_independent"] > 0][["low", "high"]].astype("Int64").sort_index()
    pd.testing.assert_frame_equal(ranges_from_flags(figures), counted, check_names=False)


# --------------------------------------------------------------------------- the shipped package and the documentation


def test_on_the_shipped_package_the_flags_give_every_range_back(shipped):
    figures, ranges = read_export(shipped.parent / "csv")
    assert ranges.index.is_unique and figures["range_id"].notna().all()
    counted = ranges[ranges["n_independent"] > 0][["low", "high"]].sort_index()
    pd.testing.assert_frame_equal(ranges_from_flags(figures), counted, check_names=False)


CSV_RECIPE = re.search(
    r"<!-- csv-recipe -->\s*```python\n(.*?)```\s*```text\n(.*?)```",
    documentation(),
    re.S,
)


def test_readme_recipe_prints_what_it_shows(tmp_path, monkeypatch):
    """The documentation's pandas recipe (docs/using.md), run after `tolls export --csv` in a clone."""
    assert CSV_RECIPE, "README.md and docs/ have no <!-- csv-recipe --> block"
    clone = copy_package(tmp_path / "clone")
    assert main(["--root", str(clone), "export", "--csv"]) == 0
    monkeypatch.chdir(clone)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(CSV_RECIPE.group(1), "docs/using.md", "exec"), {})
    assert out.getvalue().strip() == CSV_RECIPE.group(2).strip()
    assert out.getvalue().strip().endswith("the same as event_ranges: True")


def test_a_flag_or_column_a_view_adds_is_taken_from_the_view(history, tmp_path):
    """The views change (issue 19 adds columns): an added column reaches the exports, and a flag the view already
    has under the same name is the view's, not computed again beside it."""
    import shutil

    _, db = history
    copy = tmp_path / "tolls.duckdb"
    shutil.copy(db, copy)
    con = duckdb.connect(str(copy))
    con.execute("CREATE OR REPLACE VIEW figure_detail AS SELECT *, false AS is_latest FROM figure_detail_found")
    con.execute("CREATE OR REPLACE VIEW event_ranges AS SELECT *, 'fair' AS grade FROM event_ranges_found")
    con.close()
    export_views_csv(copy, tmp_path)
    figures, ranges = read_export(tmp_path / "csv")
    assert list(figures.columns).count("is_latest") == 1 and not figures["is_latest"].any()
    assert (ranges["grade"] == "fair").all()
    pd.testing.assert_frame_equal(
        ranges_from_flags(figures), ranges[ranges["n_independent"] > 0][["low", "high"]].sort_index(), check_names=False
    )
