"""Series: the rules that keep a counter's series readable, and the grading tables sound.

A body is one step (an actor speaks for a body that speaks for itself); a scope nests in a scope; one page
gives one count per counter, scope and day (tie-same-page), so that the views never have to pick between
two figures nothing orders; an as-of date read from a page's date agrees with it (the publication day
itself, or the day a weekday or 'yesterday' on the page names); the grading rules grade each kind of
source once; the corroboration outcomes cover every case once. Each check is a join on the frames.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import numpy as np
import pandas as pd

from tolls.mentions.dates import relative_dates
from tolls.package.loading import Package
from tolls.validation.frames import Frames, cells, codes, isin, positions, scope_of, take
from tolls.validation.frames import fmt as _fmt
from tolls.validation.problems import Problem

# How many days before its page a weekday can name ('on Friday' on a Friday page is the Friday before).
WEEK = 7


def _problems(
    pkg: Package, name: str, rows: pd.DataFrame, lines: list[int], field: str, code: str, message: Callable[..., str]
) -> list[Problem]:
    return [Problem(pkg.relpath(name), lines[i], field, message(row), "rules", code) for i, row in rows.iterrows()]


def check_series(pkg: Package, frames: Frames) -> list[Problem]:
    """Every rule of this module, on the frames the structure layer could read. A table with a header and no
    rows leaves its joins out: the rows that name its keys are reported by the foreign-key checks instead."""
    frames = {name: frame for name, frame in frames.items() if len(frame[0])}
    return [
        *_bodies(pkg, frames),
        *_scopes(pkg, frames),
        *_ties(pkg, frames),
        *_as_of_days(pkg, frames),
        *_reliability_rules(pkg, frames),
        *_corroboration_outcomes(pkg, frames),
    ]


def _bodies(pkg: Package, frames: Frames) -> list[Problem]:
    """speaks_for names a body: an actor that speaks for itself (one step, so no chain and no loop)."""
    if "actors" not in frames:
        return []
    actors, lines = frames["actors"]
    own = actors.drop_duplicates("actor_id").set_index("actor_id")["speaks_for"]
    target = actors["speaks_for"].map(own)
    named = actors["speaks_for"].notna() & (actors["speaks_for"] != actors["actor_id"]).fillna(True)
    bad = actors[named & isin(actors["speaks_for"], own.index) & target.notna()]
    bad = bad.assign(target=target.loc[bad.index].to_numpy())
    return _problems(
        pkg,
        "actors",
        bad,
        lines,
        "speaks_for",
        "speaks-for-not-a-body",
        lambda r: (
            f"{r['speaks_for']} itself speaks for {r['target']}; name the body it speaks for ({r['target']}), "
            "an actor whose speaks_for is empty"
        ),
    )


def _scopes(pkg: Package, frames: Frames) -> list[Problem]:
    """within names a scope (a group that is its own scope)."""
    if "victim_groups" not in frames:
        return []
    groups, lines = frames["victim_groups"]
    scopes = set(groups.loc[groups["scope"] == groups["victim_group"], "victim_group"].dropna())
    named = set(groups["victim_group"].dropna())
    bad = groups[groups["within"].notna() & isin(groups["within"], named) & ~isin(groups["within"], scopes)]
    return _problems(
        pkg,
        "victim_groups",
        bad,
        lines,
        "within",
        "within-not-a-scope",
        lambda r: f"{r['within']} is not a scope (its scope is another group); name a group that is its own scope",
    )


TIE_KEY = ["source_id", "counted_by", "event_id", "measure", "scope", "as_of"]


def _ties(pkg: Package, frames: Frames) -> list[Problem]:
    """Two original whole-event figures of one counter, event, measure, scope and day from one source: the
    views could not say which is the counter's count that day. (A repeated passage is a copy, a breakdown a
    part: neither is a tie.)"""
    if "figures" not in frames:
        return []
    figures, lines = frames["figures"]
    original = (
        figures["copy_of_figure_id"].isna()
        & figures["relay_of_figure_id"].isna()
        & (figures["coverage"] == "whole_event").fillna(False)
        & figures["counted_by"].notna()
        & figures["as_of"].notna()
    )
    # the key as integer codes (equal cells, equal codes; an empty event one code of its own): no string of a
    # million figures is copied to find the few rows of a tie
    scope = scope_of(frames, figures)
    key = pd.DataFrame({c: codes(scope if c == "scope" else figures[c]) for c in TIE_KEY})
    rows = np.flatnonzero(original.to_numpy(dtype=bool))
    rows = rows[key.iloc[rows].duplicated(keep=False).to_numpy(dtype=bool)]
    tied = figures[["figure_id", *(c for c in TIE_KEY if c != "scope")]].iloc[rows]
    tied = tied.assign(scope=scope.iloc[rows], event_id=tied["event_id"].fillna(""))
    first = tied.drop_duplicates(TIE_KEY).set_index(TIE_KEY)["figure_id"]
    later = tied[tied.duplicated(TIE_KEY, keep="first").to_numpy(dtype=bool)]
    later = later.assign(first=[first[tuple(k)] for k in later[TIE_KEY].itertuples(index=False)] or None)
    return _problems(
        pkg,
        "figures",
        later,
        lines,
        "as_of",
        "tie-same-page",
        lambda r: (
            f"{r['first']} of the same source {r['source_id']} already gives {r['counted_by']}'s {r['measure']} "
            f"count of scope {r['scope']} as of {_fmt(r['as_of'])}; one page gives one count per counter, scope "
            "and day: keep one (a repeated passage is a copy: copy_of_figure_id), or give each the day it stood"
        ),
    )


def _as_of_days(pkg: Package, frames: Frames) -> list[Problem]:
    """An as-of date read from the page's date agrees with it."""
    if "figures" not in frames or "sources" not in frames:
        return []
    figures, lines = frames["figures"]
    sources = frames["sources"][0]
    # each figure's page's day, looked up by position (a map or a join of sources copies their notes and titles)
    at = positions(figures["source_id"], sources["source_id"])
    earliest = take(sources["published_earliest"], at, figures.index)
    published = earliest.where(earliest == take(sources["published_latest"], at, figures.index))
    problems = []

    # inferred_from_publication: the count is the one published that day
    basis = figures["as_of_basis"]
    dated = (basis == "inferred_from_publication").fillna(False) & published.notna() & figures["as_of"].notna()
    rows = np.flatnonzero((dated & (figures["as_of"] != published).fillna(False)).to_numpy(dtype=bool))
    bad = figures[["source_id", "as_of"]].iloc[rows].assign(published=published.iloc[rows].to_numpy())
    problems += _problems(
        pkg,
        "figures",
        bad,
        lines,
        "as_of",
        "as-of-not-publication-day",
        lambda r: (
            f"as_of_basis is inferred_from_publication, but as_of {_fmt(r['as_of'])} is not the day "
            f"{r['source_id']} was published ({_fmt(r['published'])}); use that day, or relative_to_publication "
            "for a day the page names ('on Thursday'), or stated"
        ),
    )

    # relative_to_publication: a weekday or 'yesterday' the page names, resolved against its date
    relative = (basis == "relative_to_publication").fillna(False) & figures["as_of"].notna()
    relative = np.flatnonzero(relative.to_numpy(dtype=bool))
    named: dict[tuple[str, datetime.date], list] = {}  # the days a note names, read once per note and page day
    for i, source, notes, as_of, pub in zip(
        relative.tolist(),
        cells(figures["source_id"], relative),
        cells(figures["notes"], relative),  # a long column: iloc would copy all of it to take these rows
        figures["as_of"].iloc[relative].tolist(),
        published.iloc[relative].tolist(),
        strict=True,
    ):
        if pd.isna(pub):
            message = (
                f"as_of_basis is relative_to_publication, but {source} is not dated to the day; a day "
                "named relative to a page ('on Friday') is read against the page's date, which must be known"
            )
        else:
            words = str(notes) if pd.notna(notes) else ""
            said = named.get((words, pub.date()))
            if said is None:
                said = named[words, pub.date()] = relative_dates(words, pub.date())
            if any(d.date_start == as_of.date() for d in said):
                continue
            days = ", ".join(f"{d.words!r} -> {d.date_start}" for d in said) or "none"
            message = (
                f"as_of_basis is relative_to_publication, but notes name no day ('on Thursday', 'yesterday') that, "
                f"read against the publication date {_fmt(pub)}, is as_of {_fmt(as_of)} (notes name: "
                f"{days}); give the page's words in notes and the day they name"
            )
        problems.append(
            Problem(pkg.relpath("figures"), lines[i], "as_of_basis", message, "rules", "as-of-relative-day")
        )
    return problems


def _reliability_rules(pkg: Package, frames: Frames) -> list[Problem]:
    """A rule grades a kind of sources.kind, or one source; one rule per kind and per source."""
    if "reliability_rules" not in frames:
        return []
    rules, lines = frames["reliability_rules"]
    problems = []
    kinds = pkg.field("sources", "kind").get("constraints", {}).get("enum") if "sources" in pkg.resource_names else None
    if kinds:
        bad = rules[rules["source_kind"].notna() & ~isin(rules["source_kind"], kinds)]
        problems += _problems(
            pkg,
            "reliability_rules",
            bad,
            lines,
            "source_kind",
            "reliability-rule-kind",
            lambda r: f"{r['source_kind']} is not a kind of source; expected one of {', '.join(kinds)} (sources.kind)",
        )
    for column in ("source_kind", "source_id"):
        named = rules[rules[column].notna()]
        first = named.drop_duplicates(column).set_index(column)["rule_id"]
        again = named[named.duplicated(column, keep="first")]
        problems += _problems(
            pkg,
            "reliability_rules",
            again,
            lines,
            column,
            "reliability-rule-twice",
            lambda r, c=column, f=first: f"rule {f[r[c]]} already grades {r[c]}; one rule per kind and per source",
        )
    return problems


def _corroboration_outcomes(pkg: Package, frames: Frames) -> list[Problem]:
    """Every (n_bodies, n_credible, disagreement, timing) has exactly one outcome, so that no range goes
    ungraded (timing: two credible bodies' counts differ only by date)."""
    if "corroboration_grades" not in frames:
        return []
    grades, lines = frames["corroboration_grades"]
    if grades.empty:
        return []
    bounds = pd.concat([grades[c] for c in ("min_bodies", "max_bodies", "min_credible", "max_credible")]).dropna()
    top = int(bounds.max()) + 2 if len(bounds) else 2

    def matches(n: int, k: int, disagree: bool, timing: bool) -> list[str]:
        ok = (
            (grades["min_bodies"] <= n)
            & (grades["max_bodies"].isna() | (grades["max_bodies"] >= n))
            & (grades["min_credible"] <= k)
            & (grades["max_credible"].isna() | (grades["max_credible"] >= k))
            & (grades["disagreement"].isna() | (grades["disagreement"] == disagree))
            & (grades["timing"].isna() | (grades["timing"] == timing))
        )
        return list(grades.loc[ok.fillna(False).astype(bool), "outcome"])

    problems = []
    cases = [(False, False), (False, True), (True, False), (True, True)]  # (disagreement, timing)
    for n in range(top + 1):
        for k in range(n + 1):
            # two credible bodies are needed to disagree or to differ by date
            for disagree, timing in cases if k >= 2 else cases[:1]:
                found = matches(n, k, disagree, timing)
                if len(found) == 1:
                    continue
                case = (
                    f"{n} bodies, {k} credible, {'a' if disagree else 'no'} disagreement, "
                    f"{'a' if timing else 'no'} difference of timing"
                )
                said = f"outcomes {', '.join(found)} all apply" if found else "no outcome applies"
                problems.append(
                    Problem(
                        pkg.relpath("corroboration_grades"),
                        None if not found else lines[grades.index[grades["outcome"] == found[-1]][0]],
                        "min_bodies",
                        f"for {case}, {said}; the outcomes' bounds must cover every case exactly once",
                        "rules",
                        "corroboration-outcomes",
                    )
                )
                return problems  # the first case says enough: the table's bounds need rethinking
    return problems
