"""Per-figure flags: what a reader of the exports needs to get event_ranges back from figure rows, without SQL.

A Spark, polars, R, spreadsheet or HDX user gets figure_detail with these columns added (build/parquet/, the CSV,
xlsx and HXL exports), and event_ranges with its range_id. The range of one event_ranges row is then:

    low  = the smallest `low` of the row's figures with in_range true (empty if any of them has an empty low)
    high = the largest `high` of those figures (empty if any of them has an empty high: unbounded)

grouped by range_id, and its headline is the figure with is_headline true. The flags are read from the views
(counter_latest, event_ranges), never computed by rules of their own: a flag already in figure_detail (a later
view may add one under the same name) is taken from it as it is.
"""

from __future__ import annotations

from collections.abc import Collection

import duckdb

# name -> meaning; the one place the flags are described (the exports' README sheet and files, the codebook).
FLAGS = {
    "range_id": "The event_ranges row the figure belongs to: its event (for a figure with no event, the row's "
    "event_name, 'no event (figure <id>)'), measure and victim scope, as '<event> / <measure> / <scope>'. "
    "event_ranges has the same column in build/parquet/ and the CSV and HXL exports.",
    "counts_once": "True for an original figure; false for a copy or a relay, which counts once with the figure "
    "it repeats (origin_figure_id). Never add up two figures of one chain.",
    "is_latest": "True for the latest figure of its independent body's series for the event, measure and scope (a "
    "row of counter_latest): the body's earlier figures, which its later one supersedes, are false.",
    "in_range": "True for the figures event_ranges' low and high span: each independent body's latest "
    "whole-event figure (verified minimums, parts, earlier updates, copies and relays are false). Per range_id: "
    "low is the smallest low of these figures (empty when one of them has no lower bound), high the largest high "
    "(empty when one of them has no upper bound).",
    "is_headline": "True for the range's headline (event_ranges.headline_figure_id): the one figure a sentence "
    "quotes for that event, measure and scope; never a sum.",
    "is_event_headline": "True for the one figure of each event and measure that stands for the event as a whole: "
    "of its ranges' headlines (one per victim scope), the one with the highest lower bound, among the ranges with "
    "a credible source when there is one (ties: the widest scope, more independent bodies, more sources, then "
    "the scope's name). Every scope counts some of the event's victims, so this is the most one independent "
    "body's latest count supports as a minimum. HXL exports put it, and only it, under #affected+killed "
    "(+injured, ...).",
}

# The row key of event_ranges, as range_id: event ids are unique; a figure with no event has its own row, named
# by its figure in event_name.
RANGE_ID_SQL = "coalesce(r.event_id, r.event_name) || ' / ' || r.measure || ' / ' || r.victim_group"


def columns(con: duckdb.DuckDBPyConnection, relation: str) -> list[str]:
    """The column names of a table, view or query (in parentheses), in order."""
    return [row[0] for row in con.execute(f"DESCRIBE {relation}").fetchall()]


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _outer(con: duckdb.DuckDBPyConnection, inner: str, order: str, optional: bool) -> str:
    """SELECT the inner query's columns (but the ordering ones, named order_*) in the given order. optional: each
    column written so that DuckDB cannot mark it REQUIRED in Parquet (see build.parquet_select)."""
    names = [c for c in columns(con, f"({inner})") if not c.startswith("order_")]
    cols = [
        f"CASE WHEN {_ident(c)} IS NOT NULL THEN {_ident(c)} END AS {_ident(c)}" if optional else _ident(c)
        for c in names
    ]
    return f"SELECT {', '.join(cols)} FROM ({inner}) ORDER BY {order}"


def _ranges_inner(
    con: duckdb.DuckDBPyConnection | None, have: Collection[str] = (), relation: str = "event_ranges"
) -> str:
    """event_ranges (or a relation with its columns: ranges_as_of's rows) with range_id, is_event_headline and
    order_date; the view's columns from con, or `have`."""
    have = set(columns(con, "event_ranges")) if con is not None else set(have)
    first = "" if "range_id" in have else f"{RANGE_ID_SQL} AS range_id, "
    # the event's headline: of its ranges' headlines, the highest lower bound; where the view grades sources, among
    # the ranges with a credible one first, as the view chooses each range's headline; ties: the widest scope,
    # then more independent bodies, then more sources, then the scope's name
    order = [
        *(["coalesce(r.n_credible, 0) > 0 DESC"] if "n_credible" in have else []),
        "r.headline_low DESC NULLS LAST",
        *(["r.scope_within IS NOT NULL"] if "scope_within" in have else []),
        "r.n_independent DESC",
        "r.n_sources DESC",
        "r.victim_group",
    ]
    last = (
        ""
        if "is_event_headline" in have
        else ", coalesce(r.headline_low IS NOT NULL AND row_number() OVER (PARTITION BY coalesce(r.event_id, "
        f"r.event_name), r.measure ORDER BY {', '.join(order)}) = 1, false) AS is_event_headline"
    )
    return (
        f"SELECT {first}r.*{last}, e.date_start AS order_date "
        f"FROM {relation} AS r LEFT JOIN events AS e ON e.event_id = r.event_id"
    )


RANGES_ORDER = "order_date NULLS LAST, event_id NULLS LAST, event_name, measure, victim_group"


def ranges_sql(con: duckdb.DuckDBPyConnection, optional: bool = False) -> str:
    """event_ranges with range_id first and is_event_headline last (this row's headline stands for its event and
    measure), in the view's order (event date, event, measure, scope); a column the view has is kept as it is."""
    return _outer(con, _ranges_inner(con), RANGES_ORDER, optional)


def ranges_query(have: Collection[str], relation: str = "event_ranges") -> str:
    """The same rows as ranges_sql, as one statement built from the view's column names (`have`): for a caller that
    reads through tolls.database.build.run_query, which opens the database read-only and locked down. relation: a
    relation with event_ranges' columns in its place, e.g. '(SELECT * FROM ranges_as_of(DATE '2025-03-10'))'."""
    return f"SELECT * EXCLUDE (order_date) FROM ({_ranges_inner(None, have, relation)}) ORDER BY {RANGES_ORDER}"


def flagged_figures_sql(con: duckdb.DuckDBPyConnection, optional: bool = False) -> str:
    """figure_detail, in figure_id order, with the FLAGS it does not have yet added at the end."""
    have = set(columns(con, "figure_detail"))
    flags = {
        "range_id": "m.range_id",
        "counts_once": "coalesce(d.copy_of_figure_id IS NULL AND d.relay_of_figure_id IS NULL, false)",
        "is_latest": "d.figure_id IN (SELECT figure_id FROM counter_latest)",
        "in_range": "coalesce(m.in_range, false)",
        "is_headline": "d.figure_id IN (SELECT headline_figure_id FROM ranges WHERE headline_figure_id IS NOT NULL)",
        "is_event_headline": "d.figure_id IN (SELECT headline_figure_id FROM ranges WHERE is_event_headline)",
    }
    added = "".join(f", {sql} AS {name}" for name, sql in flags.items() if name not in have)
    # A figure's range: the row whose latest figures hold it, else the row whose figures hold it (the first in
    # range_id order, should a later view list a figure in two rows).
    inner = f"""
WITH ranges AS ({_ranges_inner(con)}),
members AS (
    SELECT figure_id, range_id, in_range
    FROM (
        SELECT unnest(latest_figure_ids) AS figure_id, range_id, true AS in_range FROM ranges
        UNION ALL
        SELECT unnest(figure_ids) AS figure_id, range_id, false AS in_range FROM ranges
    )
    QUALIFY row_number() OVER (PARTITION BY figure_id ORDER BY in_range DESC, range_id) = 1
)
SELECT d.*{added}
FROM figure_detail AS d
LEFT JOIN members AS m ON m.figure_id = d.figure_id
"""
    return _outer(con, inner, "figure_id", optional)


def counter_latest_sql(con: duckdb.DuckDBPyConnection, optional: bool = False) -> str:
    """counter_latest as it is, in the view's order (one row per independent body: body_key, or counter_key)."""
    key = "body_key" if "body_key" in columns(con, "counter_latest") else "counter_key"
    return _outer(con, "SELECT * FROM counter_latest", f"group_key, measure, victim_group, {key}", optional)


# The views the exports carry, each as the query that gives its rows (with flags and range_id).
EXPORTED_VIEWS = {
    "figure_detail": flagged_figures_sql,
    "counter_latest": counter_latest_sql,
    "event_ranges": ranges_sql,
}
