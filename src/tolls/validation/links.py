"""Links: rules that join two rows, or two tables, and that no single row can break on its own.

A figure and its source agree on evidence; a copy agrees with what it copies on measure, victim scope and
place; a relay repeats another source's figure of the same measure and counter; a part belongs to a
total of the same source, event and measure, and exact parts never add up to more than their total; a
figure's dates and places lie within its event's. Each check is a join on the frames, not a loop.
"""

from __future__ import annotations

import pandas as pd

from tolls.package.loading import Package
from tolls.validation.frames import Frames, isin
from tolls.validation.frames import fmt as _fmt
from tolls.validation.problems import Problem


def _problems(
    pkg: Package, name: str, rows: pd.DataFrame, lines: list[int], field: str, code: str, message
) -> list[Problem]:
    """One problem per row of `rows` (a slice of the named frame, its index the frame's)."""
    return [Problem(pkg.relpath(name), lines[i], field, message(row), "rules", code) for i, row in rows.iterrows()]


def _target(figures: pd.DataFrame, link: str, columns: list[str]) -> pd.DataFrame:
    """Each figure with the columns of the figure its `link` column names (suffix _t), index kept."""
    target = figures[["figure_id", *columns]].drop_duplicates("figure_id").set_index("figure_id")
    linked = figures[figures[link].notna() & isin(figures[link], target.index)]  # join only the linked rows
    return linked.join(target.add_suffix("_t"), on=link)


def _scope(frames: Frames, figures: pd.DataFrame) -> pd.Series:
    if "victim_groups" not in frames:
        return figures["victim_group"]
    scope = frames["victim_groups"][0].drop_duplicates("victim_group").set_index("victim_group")["scope"]
    # reindex, not map: a lookup of no rows (an empty table) keeps its string type
    return pd.Series(scope.reindex(figures["victim_group"]).to_numpy(), index=figures.index, dtype=scope.dtype).fillna(
        figures["victim_group"]
    )


def _admin1_set(value: object) -> frozenset[str]:
    return frozenset() if pd.isna(value) else frozenset(str(value).split(";"))


def check_links(pkg: Package, frames: Frames) -> list[Problem]:
    if "figures" not in frames:
        return []
    figures, lines = frames["figures"]
    figures = figures.assign(scope=_scope(frames, figures))
    problems: list[Problem] = []
    f = "figures"

    if "sources" in frames:
        evidence = frames["sources"][0].drop_duplicates("source_id").set_index("source_id")["evidence"]
        with_src = figures.assign(src=figures["source_id"].map(evidence))
        bad = with_src[
            with_src["src"].notna() & with_src["evidence"].notna() & (with_src["src"] != with_src["evidence"])
        ]
        problems += _problems(
            pkg,
            f,
            bad,
            lines,
            "evidence",
            "evidence-mismatch",
            lambda r: (
                f"is {r['evidence']}, but source {r['source_id']} is {r['src']}; a figure "
                "is quoted exactly when its source's text is in seeds/"
            ),
        )

    copies = _target(figures, "copy_of_figure_id", ["measure", "scope", "admin1"])
    for column in ("measure", "scope", "admin1"):
        bad = copies[copies[column].fillna("") != copies[f"{column}_t"].fillna("")]
        problems += _problems(
            pkg,
            f,
            bad,
            lines,
            column if column != "scope" else "victim_group",
            "copy-disagrees",
            lambda r, c=column: (
                f"{c} is {_fmt(r[c])}, but the figure it copies "
                f"({r['copy_of_figure_id']}) has {_fmt(r[c + '_t'])}; a copy is the "
                "same figure and agrees on measure, victim scope and place"
            ),
        )

    relays = _target(figures, "relay_of_figure_id", ["source_id", "measure", "counted_by"])
    bad = relays[relays["source_id"] == relays["source_id_t"]]
    problems += _problems(
        pkg,
        f,
        bad,
        lines,
        "relay_of_figure_id",
        "relay-same-source",
        lambda r: (
            f"{r['relay_of_figure_id']} is in the same source {r['source_id']}; a relay "
            "repeats another source's figure (a passage repeated in one text is a copy)"
        ),
    )
    bad = relays[relays["measure"] != relays["measure_t"]]
    problems += _problems(
        pkg,
        f,
        bad,
        lines,
        "measure",
        "relay-disagrees",
        lambda r: (
            f"is {r['measure']}, but the relayed figure {r['relay_of_figure_id']} counts "
            f"{r['measure_t']}; a relay repeats the same measure"
        ),
    )
    named = set()
    if "actors" in frames:
        actors = frames["actors"][0]
        named = set(actors.loc[actors["placeholder"] == False, "actor_id"].dropna())  # noqa: E712 (nullable)
    # a placeholder ('the international press') names the channel, not the counter: no disagreement
    bad = relays[
        isin(relays["counted_by"], named)
        & relays["counted_by_t"].notna()
        & (relays["counted_by"] != relays["counted_by_t"])
    ]
    problems += _problems(
        pkg,
        f,
        bad,
        lines,
        "counted_by",
        "relay-disagrees",
        lambda r: (
            f"is {r['counted_by']}, but the relayed figure {r['relay_of_figure_id']} was "
            f"counted by {r['counted_by_t']}; a relay names the counter it relays"
        ),
    )

    parts = _target(figures, "part_of_figure_id", ["source_id", "event_id", "measure", "high", "scope"])
    bad = parts[(parts["coverage"] == "whole_event") & (parts["scope"] == parts["scope_t"])]
    problems += _problems(
        pkg,
        f,
        bad,
        lines,
        "coverage",
        "part-same-scope",
        lambda r: (
            f"is whole_event, but its total {r['part_of_figure_id']} counts the same victim "
            f"scope ({r['scope']}); a part of the same victims names its coverage "
            "(part_place, part_period, part_victims), a subgroup counts another scope"
        ),
    )
    for column in ("source_id", "event_id", "measure"):
        bad = parts[parts[column].fillna("") != parts[f"{column}_t"].fillna("")]
        problems += _problems(
            pkg,
            f,
            bad,
            lines,
            column,
            "part-disagrees",
            lambda r, c=column: (
                f"is {_fmt(r[c])}, but its total {r['part_of_figure_id']} has "
                f"{_fmt(r[c + '_t'])}; a part belongs to a total of the same "
                "source, event and measure"
            ),
        )
    bounded = parts[parts["high_t"].notna() & parts["low"].notna()]
    # parts of one kind (provinces, days, victim subgroups) may not add up to more than their total
    bounded = bounded.assign(sum_low=bounded.groupby(["part_of_figure_id", "coverage"])["low"].transform("sum"))
    bad = bounded[bounded["sum_low"] > bounded["high_t"]]
    problems += _problems(
        pkg,
        f,
        bad,
        lines,
        "low",
        "parts-exceed-total",
        lambda r: (
            f"the {r['coverage']} parts of {r['part_of_figure_id']} add up to at least "
            f"{r['sum_low']}, more than its total allows ({r['high_t']}); parts of one kind "
            "(provinces, days) cannot exceed their total"
        ),
    )

    if "events" in frames:
        events = frames["events"][0].drop_duplicates("event_id").set_index("event_id")
        joined = figures.join(events[["date_start", "date_end", "admin1"]].add_suffix("_e"), on="event_id")
        joined = joined[isin(figures["event_id"], events.index)]
        bad = joined[(joined["date_start"] < joined["date_start_e"]) | (joined["date_end"] > joined["date_end_e"])]
        problems += _problems(
            pkg,
            f,
            bad,
            lines,
            "date_start",
            "outside-event-dates",
            lambda r: (
                f"the figure covers {_fmt(r['date_start'])} to {_fmt(r['date_end'])}, "
                f"outside its event {r['event_id']} ({_fmt(r['date_start_e'])} to "
                f"{_fmt(r['date_end_e'])}); widen the event (with its basis) or correct "
                "the figure"
            ),
        )
        pairs = joined[["admin1", "admin1_e"]].astype(object).drop_duplicates()  # few distinct pairs of places
        verdict = {(a, e): not _admin1_set(a) <= _admin1_set(e) for a, e in pairs.itertuples(index=False)}
        outside = [verdict[pair] for pair in zip(joined["admin1"].tolist(), joined["admin1_e"].tolist(), strict=True)]
        bad = joined[pd.Series(outside, index=joined.index, dtype=bool) & joined["admin1_e"].notna()]
        problems += _problems(
            pkg,
            f,
            bad,
            lines,
            "admin1",
            "outside-event-places",
            lambda r: (
                f"{r['admin1']} is not within its event {r['event_id']}'s places "
                f"({r['admin1_e']}); a figure's places come from the sentences about it"
            ),
        )

    if "attributions" in frames:
        attributions, alines = frames["attributions"]
        cited = set(figures.loc[figures["evidence"] == "cited", "figure_id"].dropna())
        bad = attributions[isin(attributions["figure_id"], cited)]
        problems += _problems(
            pkg,
            "attributions",
            bad,
            alines,
            "figure_id",
            "attribution-of-cited",
            lambda r: (
                f"{r['figure_id']} is a cited figure; an attribution quotes the text of "
                "a quoted figure's source, which a cited source does not have"
            ),
        )
    return problems
