"""Rules: the cross-field checks of tolls.validation.row_rules, and the dates a figure copies from its event.

The checks are pandera checks (tolls.validation.row_rules.schema_for gives the schema); validation calls each check
function on the frame itself, which finds the same rows without a second of importing pandera.

A rule's code is its name with hyphens (`low-le-high`); the rules themselves, with their messages, are
declared in tolls.validation.row_rules.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from tolls.package.loading import Package
from tolls.validation.frames import Frames, isin
from tolls.validation.frames import fmt as _fmt
from tolls.validation.problems import Problem
from tolls.validation.row_rules import ROW_RULES, RowRule


def check_rules(pkg: Package, frames: Frames) -> list[Problem]:
    problems: list[Problem] = []
    for name, (frame, lines) in frames.items():
        if not any(rule.resource == name for rule in ROW_RULES):
            continue
        missing = [f["name"] for f in pkg.fields(name) if f["name"] not in frame]
        if missing:
            continue  # frictionless reports the missing column; row rules cannot run without it
        empty = frame.isna().all(axis="columns")  # once per table, not once per rule
        for rule in (r for r in ROW_RULES if r.resource == name):
            for i in failing_rows(rule, frame, empty):
                row = frame.iloc[i]
                message = rule.message.format(**{k: _fmt(v) for k, v in row.items()})
                problems.append(Problem(pkg.relpath(name), lines[i], rule.field, message, "rules", rule.code))
    problems += _check_event_dates(pkg, frames)
    return problems


def failing_rows(rule: RowRule, frame: pd.DataFrame, empty: pd.Series | None = None) -> np.ndarray:
    """Positions of the rows that break the rule, as pandera's check of schema_for finds them (a row of
    nulls only passes, a check that cannot run names no row), without importing pandera. `empty`: which
    rows are all nulls, when the caller knows."""
    try:
        ok = pd.Series(rule.ok(frame), index=frame.index).fillna(False).astype(bool)
    except Exception:  # noqa: BLE001 - pandera reports such a check with no row, which is skipped
        return np.array([], dtype=int)
    ok |= frame.isna().all(axis="columns") if empty is None else empty
    return np.flatnonzero(~ok.to_numpy(dtype=bool))


def _check_event_dates(pkg: Package, frames: dict) -> list[Problem]:
    """A figure whose dates are copied 'from_event' must carry its event's dates."""
    if "figures" not in frames or "events" not in frames:
        return []
    figures, lines = frames["figures"]
    events = frames["events"][0]
    if not {"event_id", "date_start", "date_end"} <= set(events) or not {
        "event_id",
        "date_basis",
        "date_start",
        "date_end",
    } <= set(figures):
        return []  # frictionless reports the header that lacks them
    events = events[~events["event_id"].duplicated()].set_index("event_id")  # frictionless reports repeats
    copied = (figures["date_basis"] == "from_event").fillna(False).to_numpy(dtype=bool)
    problems = [
        Problem(
            pkg.relpath("figures"),
            lines[i],
            "date_basis",
            "is from_event but the figure has no event_id",
            "rules",
            "from-event-without-event",
        )
        for i in np.flatnonzero(copied & figures["event_id"].isna().to_numpy(dtype=bool))
    ]
    known = copied & isin(figures["event_id"], events.index).to_numpy(dtype=bool)  # else frictionless says
    rows = np.flatnonzero(known)
    ids = figures["event_id"].iloc[rows]
    start = figures["date_start"].iloc[rows].reset_index(drop=True)
    end = figures["date_end"].iloc[rows].reset_index(drop=True)
    event_start = events["date_start"].reindex(ids).reset_index(drop=True)
    event_end = events["date_end"].reindex(ids).reset_index(drop=True)

    def same(a: pd.Series, b: pd.Series) -> np.ndarray:  # two missing dates are the same
        return ((a == b).fillna(False) | (a.isna() & b.isna())).to_numpy(dtype=bool)

    for k in np.flatnonzero(~(same(start, event_start) & same(end, event_end))):
        problems.append(
            Problem(
                pkg.relpath("figures"),
                lines[rows[k]],
                "date_start",
                f"date_basis is from_event, so the dates must be event {ids.iloc[k]}'s "
                f"{_fmt(event_start[k])} to {_fmt(event_end[k])}, not "
                f"{_fmt(start[k])} to {_fmt(end[k])}",
                "rules",
                "dates-not-event",
            )
        )
    return problems
