"""CSV export of the views: figure_detail with its per-figure flags, counter_latest and event_ranges, for a reader
with pandas, R, Spark or a spreadsheet and no SQL (`tolls export --csv`, to build/csv/).

One CSV per view (UTF-8, a header row, an empty cell for NULL: unknown or unbounded, never zero; booleans as
true/false; dates as yyyy-mm-dd; a list as its items joined by '; '), and a README.md that says what the flags
mean and how they give event_ranges' low and high back. The folder is written beside the old one and swapped
in whole. The rows come from the built database (tolls.database.flags), so they are the views' own.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

from tolls.database.flags import EXPORTED_VIEWS, FLAGS, columns
from tolls.files import atomic_dir

CSV_DIR = "csv"
LIST_SEPARATOR = "; "

RECIPE = """\
```python
import pandas as pd

figures = pd.read_csv("build/csv/figure_detail.csv", dtype={"low": "Int64", "high": "Int64"})
spanned = figures[figures["in_range"]].groupby("range_id")
ranges = pd.DataFrame(
    {
        # an empty bound in any spanned figure leaves the range's bound empty: unknown, never zero
        "low": spanned["low"].min().where(spanned["low"].count() == spanned.size()),
        "high": spanned["high"].max().where(spanned["high"].count() == spanned.size()),
    }
)
print(ranges.loc["2025-03-coast / killed / civilians"])
```
"""


def readme() -> str:
    """What build/csv/ holds, each flag's meaning, and the recipe that gives a range back from the flags."""
    lines = [
        "# tolls: the views as CSV",
        "",
        "Written by `tolls export --csv` from the built database. One row of `figure_detail.csv` is one figure;",
        "of `counter_latest.csv`, one independent body's latest figure per event, measure and victim scope; of",
        "`event_ranges.csv`, one event, measure and victim scope with the range of the independent bodies'",
        "latest figures. An empty cell is unknown or unbounded, never zero. Never add up the figures of one event:",
        "they are several reports of one toll.",
        "",
        "## Per-figure flags (columns of figure_detail.csv)",
        "",
        *[f"- `{name}`: {meaning}" for name, meaning in FLAGS.items()],
        "",
        "## A range without SQL",
        "",
        "Group the figures with `in_range` true by `range_id`: the smallest `low` and the largest `high` are the",
        "row of `event_ranges.csv` with that `range_id` (a bound is empty when one of the figures has it empty).",
        "",
        RECIPE,
    ]
    return "\n".join(lines)


def _select(con: duckdb.DuckDBPyConnection, query: str) -> str:
    """The query with each list column as text, its items joined by LIST_SEPARATOR."""
    described = con.execute(f"DESCRIBE ({query})").fetchall()
    cols = []
    for name, kind, *_ in described:
        ident = '"' + name.replace('"', '""') + '"'
        cols.append(f"array_to_string({ident}, '{LIST_SEPARATOR}') AS {ident}" if kind.endswith("[]") else ident)
    return f"SELECT {', '.join(cols)} FROM ({query})"


def export_views_csv(db_path: Path, out_dir: Path) -> list[Path]:
    """Write <out_dir>/csv/: <view>.csv for each exported view, and README.md. Returns the paths."""
    target = Path(out_dir) / CSV_DIR
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        con.execute("SET enable_progress_bar = false")
        with atomic_dir(target) as tmp:
            for view, query in EXPORTED_VIEWS.items():
                dest = str(tmp / f"{view}.csv").replace("'", "''")
                con.execute(f"COPY ({_select(con, query(con))}) TO '{dest}' (FORMAT csv, HEADER true)")
            (tmp / "README.md").write_text(readme(), encoding="utf-8")
    finally:
        con.close()
    return [target / f"{view}.csv" for view in EXPORTED_VIEWS] + [target / "README.md"]


def flag_columns(db_path: Path) -> list[str]:
    """The flag columns figure_detail has in the exports (the view's own, or added), in FLAGS order."""
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        from tolls.database.flags import flagged_figures_sql

        have = columns(con, f"({flagged_figures_sql(con)})")
    finally:
        con.close()
    return [name for name in FLAGS if name in have]
