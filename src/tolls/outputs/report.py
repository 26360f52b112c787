"""The report: a folder, build/report/, of self-contained pages (no network: charts are inline SVG, styles
inline). events/<event>.html is one page per event with its range chart, its figures and their quotes, and
the attributions that name different actors; index.html lists the events and links to their pages (with few
events it also holds every event's section, as one page); sources.html lists the sources; and
charts/<event>.svg and .png are the charts for use elsewhere.

At scale (5,000 events) the charts are the cost: each is redrawn only when its input or the chart code changed
(a hash of both, kept in charts/cache.json; an unchanged chart is linked from the previous report), and the
events are drawn and written on every core. An event's page is likewise written again only when its rows, its
chart or the page code changed (events/cache.json). The folder is written beside the old one and swapped in whole
(tolls.files.atomic_dir): a failed run leaves the previous report as it was.

It reads the built database (build/tolls.duckdb). The words it writes itself are neutral: it names what
was counted and by whom; every characterisation of the events stands inside a quotation from a source.
"""

from __future__ import annotations

import concurrent.futures
import dataclasses
import datetime as dt
import functools
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import jinja2
from markupsafe import Markup

from tolls.files import atomic_dir, write_atomic
from tolls.outputs.charts import (
    ARTICLE_SIZE,
    Mark,
    Panel,
    Step,
    Style,
    chart_code_version,
    counter_styles,
    fmt,
    panel_words,
    range_chart,
    summary_sentence,
    timeline_chart,
    timeline_sentence,
)

if TYPE_CHECKING:  # answers reads this module's words: imported where it is used
    from tolls.outputs.answers import Names

REPORT_DIR = "report"
INDEX_NAME = "index.html"
EVENTS_DIR = "events"
CHARTS_DIR = "charts"
SOURCES_NAME = "sources.html"
# in charts/ and events/: each chart's and page's file stem -> the hash of what it was made from
CACHE_NAME = "cache.json"
# Up to this many events the index also holds every event's section (one page to read, search or print, as the
# report always was); beyond it, a page with all of them gets too big for a browser (154 MB at 505 events).
ONE_PAGE_EVENTS = 30
# Below this many events, starting worker processes costs more than it saves.
PARALLEL_FROM = 24
SVG_PROLOG = '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n'
# in charts/cache.json, the key of an event's timelines: its stem and this
TIMELINE_KEY = "#timeline"


# --------------------------------------------------------------------------- reading the database


# The views come from src/tolls/database/sql/ (written into the database by tolls.database.build.build_database).
FIGURES_SQL = "SELECT * FROM figure_detail ORDER BY figure_id"
RANGES_SQL = "SELECT * FROM event_ranges"  # read with range_id and is_event_headline (tolls.database.flags)
LATEST_SQL = "SELECT * FROM counter_latest ORDER BY group_key, measure, victim_group, body_key"
CONFLICTS_SQL = "SELECT * FROM attribution_conflicts"
ATTRIBUTIONS_SQL = """
SELECT a.attribution_id, a.figure_id, d.event_id, d.source_id, d.source_label, a.actor_id,
       coalesce(ac.name, a.actor_id) AS actor_name, a.stance, a.quote, a.notes
FROM attributions AS a
JOIN figure_detail AS d ON d.figure_id = a.figure_id
LEFT JOIN actors AS ac ON ac.actor_id = a.actor_id
ORDER BY d.event_id, a.actor_id, a.attribution_id
"""
TIMELINE_SQL = "SELECT * FROM toll_timeline"
ACTORS_SQL = "SELECT actor_id, name, aliases FROM actors ORDER BY actor_id"
GROUPS_SQL = "SELECT * FROM victim_groups ORDER BY victim_group"
REQUIRED_VIEWS = ("figure_detail", "event_ranges", "attribution_conflicts", "toll_timeline")

EVENTS_SQL = "SELECT * FROM events ORDER BY date_start, event_id"
SOURCES_SQL = "SELECT * FROM sources ORDER BY source_id"
COUNTERS_SQL = """
SELECT DISTINCT f.counted_by, a.name FROM figures AS f JOIN actors AS a ON a.actor_id = f.counted_by
ORDER BY f.counted_by
"""


def _rows(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict]:
    cur = con.execute(sql)
    cols = [d[0] for d in cur.description]
    return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]


def _relations(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {
        r[0]
        for r in con.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()
    }


class ReportError(Exception):
    """The database cannot be reported on (it lacks the views); the message says what to do."""


@dataclass
class Data:
    events: list[dict]
    sources: list[dict]
    figures: list[dict]  # figure_detail
    attributions: list[dict]
    counters: list[tuple[str, str]]
    ranges: list[dict]  # event_ranges
    conflicts: list[dict]  # attribution_conflicts
    timeline: list[dict] = dataclasses.field(default_factory=list)  # toll_timeline
    short_names: dict[str, str] = dataclasses.field(default_factory=dict)  # actor_id -> 'SOHR'
    scope_words: dict[str, str] = dataclasses.field(default_factory=dict)  # victim_group -> 'all victims'
    latest: list[dict] = dataclasses.field(default_factory=list)  # counter_latest
    names: Names | None = None  # how the answers in words name actors and groups


def read_data(db_path: Path) -> Data:
    from tolls.database.flags import ranges_sql
    from tolls.outputs.answers import Names

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        con.execute("SET enable_progress_bar = false")  # the report's own output only
        missing = [v for v in REQUIRED_VIEWS if v not in _relations(con)]
        if missing:
            raise ReportError(f"{db_path} has no {', '.join(missing)}; rebuild it with `tolls build`")
        return Data(
            events=_rows(con, EVENTS_SQL),
            sources=_rows(con, SOURCES_SQL),
            figures=_rows(con, FIGURES_SQL),
            attributions=_rows(con, ATTRIBUTIONS_SQL),
            counters=[(r[0], r[1]) for r in con.execute(COUNTERS_SQL).fetchall()],
            ranges=_rows(con, ranges_sql(con) if "counter_latest" in _relations(con) else RANGES_SQL),
            conflicts=_rows(con, CONFLICTS_SQL),
            timeline=_rows(con, TIMELINE_SQL),
            short_names={r["actor_id"]: short_name(r["name"], r["aliases"]) for r in _rows(con, ACTORS_SQL)},
            scope_words={r["victim_group"]: group_words(r) for r in _rows(con, GROUPS_SQL)},
            latest=_rows(con, LATEST_SQL) if "counter_latest" in _relations(con) else [],
            names=Names.read(con),
        )
    finally:
        con.close()


# --------------------------------------------------------------------------- words


def _date(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = value.date()
    return value.isoformat() if isinstance(value, dt.date) else str(value)


def published_text(src: dict) -> str:
    early, late = _date(src.get("published_earliest")), _date(src.get("published_latest"))
    if early and late:
        return f"published {early}" if early == late else f"published {early} to {late}"
    if early:
        return f"published {early} or later"
    if late:
        return f"published {late} or earlier"
    return "publication date not known"


def interval_text(low: int | None, stated: int | None, high: int | None) -> str:
    """The interval in words; an empty bound is said, never shown as zero."""
    if low is None and stated is None and high is None:
        return "no number"
    if low is not None and high is not None and low == high:
        return f"exactly {fmt(low)}"
    lo = fmt(low) if low is not None else "no lower bound"
    hi = fmt(high) if high is not None else "no upper bound"
    text = f"{lo} to {hi}"
    if stated is not None:
        text += f" (states {fmt(stated)})"
    return text


def _sort_date(fig: dict) -> dt.date:
    """figure_detail.reported_on: the as-of date, else the latest, else the earliest publication date."""
    for key in ("reported_on", "as_of", "published_latest", "published_earliest"):
        v = fig.get(key)
        if v is not None:
            return v.date() if isinstance(v, dt.datetime) else v
    return dt.date.max


def _band_text(fig: dict) -> str:
    when = f"count as of {_date(fig['as_of'])}" if fig.get("as_of") else published_text(fig)
    return f"{fig['source_label']}\n{when}"


# --------------------------------------------------------------------------- one event


def _marks(figs: list[dict]) -> list[Mark]:
    per_source: dict[str, dt.date] = {}
    for f in figs:
        d = _sort_date(f)
        per_source[f["source_id"]] = min(d, per_source.get(f["source_id"], dt.date.max))
    return [
        Mark(
            figure_id=f["figure_id"],
            source_id=f["source_id"],
            source_label=_band_text(f),
            sort_key=(per_source[f["source_id"]], f["source_id"]),
            counter=f["counted_by"],
            counter_name=f["counter_name"],
            measure=f["measure"],
            scope=f["scope"],
            victim_group=f["victim_group"],
            number_text=f["number_text"],
            qualifier=f["qualifier"],
            low=f["low"],
            point=_point(f),
            high=f["high"],
            copy_of=f["copy_of_figure_id"] or f["relay_of_figure_id"],
        )
        for f in figs
    ]


def _point(f: dict) -> int | None:
    """Where a chart marks a figure: its stated number when the interval holds it ('over 740' does not)."""
    n, low, high = f["stated_number"], f["low"], f["high"]
    if n is None or (low is not None and n < low) or (high is not None and n > high):
        return None
    return n


def _independent(figs: Iterable[dict]) -> int:
    """Distinct figure_detail.body_key: every update of one body, its copies and relays, and the offices of one
    government count once (counter_key, or the figure, where a database has no body_key)."""
    return len({f.get("body_key") or f.get("counter_key") or f["figure_id"] for f in figs})


# attribution_conflicts.conflict in the report's words
PAIR_WORDS = {"different actors": "different actors named", "stated and denied": "one actor, stated and denied"}


def _words(value: object) -> str:
    """A code as words: 'inferred_from_text' -> 'inferred from text'; None -> ''."""
    return "" if value is None else str(value).replace("_", " ")


def _when(event: dict) -> str:
    start, end = _date(event["date_start"]), _date(event["date_end"])
    return start if start == end else f"{start} to {end}"


def _places(event: dict) -> str:
    return (event.get("admin1") or "").replace(";", ", ") or (event.get("country") or "")


# --------------------------------------------------------------------------- the journalist's picture

# A body's short name: an acronym among its aliases ('SOHR'), or the acronym its name carries ('SANA (state news
# agency)', 'UN human rights office (OHCHR)'), else its name.
_ACRONYM = r"[A-Z][A-Z0-9-]{1,7}"


def short_name(name: str, aliases: str | None) -> str:
    found = [a.strip() for a in (aliases or "").split(";") if re.fullmatch(_ACRONYM, a.strip())]
    if found:
        return min(found, key=len)
    m = re.fullmatch(rf"(?:({_ACRONYM}) \(.+\)|.+ \(({_ACRONYM})\))", name)
    return (m.group(1) or m.group(2)) if m else name


def group_words(group: dict) -> str:
    """A victim group in a few words, for a title and a sentence: its description's first words when they are
    one or two ('All victims: a total ...' -> 'all victims'; 'Civilians, of any identity.' -> 'civilians'), else
    its name ('security_forces' -> 'security forces'). A word naming its identity keeps its capital ('Alawites')."""
    first = re.split(r"[,:;.(]", group.get("description") or "", maxsplit=1)[0].strip().replace("_", " ")
    if not first or len(first.split()) > 2:
        return group["victim_group"].replace("_", " ")
    identity = (group.get("identity") or "").lower()
    if identity not in ("", "any") and first.lower().startswith(identity):
        return first
    return first[:1].lower() + first[1:]


# The columns that name a series' body: the view's independent body where it has one, else its counter.
BODY_KEYS = ("body_key", "body_id")
BODY_NAMES = ("body_name",)
MINIMUM = {"count_kind": "verified_minimum", "count_status": "known_undercount"}
NO_COUNTER = "A source naming no counter"
MEASURE_ORDER = ("killed", "injured")  # the panels of these measures first; the lead panel is the first


def _first(row: dict, keys: Iterable[str], default: str) -> str:
    return next((row[k] for k in keys if row.get(k)), None) or row.get(default) or ""


def timeline_panels(
    rows: list[dict],
    ranges: list[dict],
    labels: dict[str, str | None],
    short_names: dict[str, str],
    styled: Collection[str | None] = (),
    scope_words: dict[str, str] | None = None,
) -> list[Panel]:
    """One event's toll_timeline rows as panels, one per (measure, scope) with a dated whole-event figure: each
    body's steps, the range's headline, and how many undated figures and parts of a total it leaves out; of the
    killed, the panel of the event's one number (is_event_headline) first, then those with more dated counts.
    A body that is an actor is named by its short name (short_names); its colour is its own where it has one
    (styled: the actors counter_styles knows), else its first counter's."""
    headlines = {(r["measure"], r["victim_group"]): r.get("headline_figure_id") for r in ranges}
    # the panel of the event's one number (tolls.database.flags, is_event_headline) leads its measure
    leading = {(r["measure"], r["victim_group"]) for r in ranges if r.get("is_event_headline")}
    grouped: dict[tuple[str, str], list[dict]] = {}
    for row in rows:
        grouped.setdefault((row["measure"], row["scope"]), []).append(row)
    panels = []
    for (measure, scope), members in grouped.items():
        steps = []
        for row in members:
            if row.get("listed_apart") is not None or row.get("as_of") is None:
                continue
            name = _first(row, BODY_NAMES, "counter_name")
            body = _first(row, BODY_KEYS, "counter_key")
            own = body if body in short_names else row.get("counter_id")  # the actor the body is, or its counter
            if own is None:  # the figure names no counter: it is a body of its own, which the chart cannot name
                name = NO_COUNTER
            steps.append(
                Step(
                    figure_id=row["figure_id"],
                    body=body,
                    body_name=name,
                    short_name=short_names.get(own or "", name),  # NO_COUNTER, for a figure with no counter
                    counter=own if own in styled else row.get("counter_id"),
                    as_of=row["as_of"].date() if isinstance(row["as_of"], dt.datetime) else row["as_of"],
                    low=row["low"],
                    point=_point(row),
                    high=row["high"],
                    label=labels.get(row["figure_id"]) or row.get("range_label") or row["number_text"],
                    victim_group=row["victim_group"],
                    minimum=any(row.get(k) == v for k, v in MINIMUM.items()),
                    said_by=short_names.get(row.get("counter_id") or "", "") if own != row.get("counter_id") else "",
                )
            )
        if not steps:
            continue
        apart = [r.get("listed_apart") for r in members]
        panels.append(
            Panel(
                measure=measure,
                scope=scope,
                steps=tuple(sorted(steps, key=lambda s: (s.as_of, s.body, s.figure_id))),
                headline=headlines.get((measure, scope)),
                undated=apart.count("undated"),
                parts=apart.count("part of a total"),
                scope_words=(scope_words or {}).get(scope, ""),
            )
        )
    rank = {m: i for i, m in enumerate(MEASURE_ORDER)}
    return sorted(
        panels,
        key=lambda p: (
            rank.get(p.measure, len(rank)),
            (p.measure, p.scope) not in leading,
            -len(p.steps),
            p.measure,
            p.scope,
        ),
    )


def in_words(
    data: Data, ranges_by_event: dict[str | None, list[dict]], figures_by_event: dict[str | None, list[dict]]
) -> dict[str, list[str]]:
    """Each event's ranges in words, one paragraph per measure (killed first): the sentence the README's first
    answer is (tolls.outputs.answers.ranges_sentence), with the event's one number by the package's rule."""
    from tolls.outputs.answers import ranges_sentence

    if data.names is None or not data.latest:
        return {}
    latest = _group(data.latest, "event_id")
    rank = {m: i for i, m in enumerate(MEASURE_ORDER)}
    said: dict[str, list[str]] = {}
    for event_id, ranges in ranges_by_event.items():
        if event_id is None:
            continue
        undated = [
            f
            for f in figures_by_event.get(event_id, [])
            if f["is_original"] and f["coverage"] == "whole_event" and f["as_of"] is None
        ]
        measures = sorted({r["measure"] for r in ranges}, key=lambda m: (rank.get(m, len(rank)), m))
        said[event_id] = [
            ranges_sentence(
                [r for r in ranges if r["measure"] == m],
                [r for r in latest.get(event_id, []) if r["measure"] == m],
                [f for f in undated if f["measure"] == m],
                data.names,
            )
            for m in measures
        ]
    return said


# event_ranges columns that grade a range or say how it is corroborated (a reliability grade per source, an
# outcome per event, measure and scope): shown on the event page when the view has them, whatever their names; a
# code beside its words (corroboration, corroboration_label) is shown once, in words.
GRADE_COLUMN = re.compile(r"grade|corroborat|reliab|clarity|ecc_outcome")
GRADE_WORDS = {
    "corroboration_label": "corroboration",
    "ecc_outcome": "outcome (Standards for Casualty Recording)",
    "reliability_label": "source grades",
    "headline_reliability": "headline's source grade",
}


def grades(row: dict) -> list[tuple[str, str]]:
    """A range's grading columns that have a value, as (what it is, in words; its value, in words)."""
    return [
        (GRADE_WORDS.get(k) or _words(k.removesuffix("_label")), format_grade(v))
        for k, v in row.items()
        if GRADE_COLUMN.search(k) and f"{k}_label" not in row and v is not None and v != [] and v != ""
    ]


def format_grade(value: object) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(format_grade(v) for v in value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    return _words(value) if isinstance(value, str) else str(value)


def timeline_title(panel: Panel) -> str:
    words = panel_words(panel)
    return f"{words[:1].upper()}{words[1:]}: each body's count, by date"


# --------------------------------------------------------------------------- the pages

CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       margin: 0 auto; max-width: 1180px; padding: 1.5rem; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.3rem; margin: 2.2rem 0 .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; } h4 { font-size: .95rem; margin: 1rem 0 .3rem; }
.muted { color: #555; font-size: .88em; }
section.event { border-top: 2px solid #222; margin-top: 2.5rem; }
figure.chart { margin: 1rem 0; } figure.chart .svg svg { width: 100%; height: auto; max-width: 900px; display: block; }
figure.timeline .svg svg { max-width: 900px; } figure.timeline .narrow { display: none; }
figcaption { font-size: .92rem; max-width: 900px; margin-top: .4rem; } p.answer { max-width: 900px; }
table { border-collapse: collapse; width: 100%; font-size: .86rem; }
th, td { border-bottom: 1px solid #ddd; padding: .35rem .45rem; text-align: left; vertical-align: top; }
th { background: #f3f3f3; } td.num { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.notes { color: #444; font-size: .92em; max-width: 22rem; }
blockquote { margin: 0; padding-left: .5rem; border-left: 3px solid #bbb; font-style: italic; }
.scroll { overflow-x: auto; } nav ol { columns: 2; } code { font-size: .92em; }
.url { word-break: break-all; font-size: .85em; }
/* a phone: each table row becomes a card of "label: value" lines, nothing wider than the screen */
@media (max-width: 700px) {
  body { padding: .8rem; font-size: 14px; } nav ol { columns: 1; }
  figure.timeline .narrow { display: block; } figure.timeline .wide { display: none; }
  table, thead, tbody, tr, th, td { display: block; width: auto; }
  thead { position: absolute; left: -9999px; }
  tr { border: 1px solid #ccc; border-radius: 4px; margin: .6rem 0; padding: .3rem .5rem; }
  td { border: none; padding: .15rem 0 .15rem 7.5rem; position: relative; max-width: none; white-space: normal;
       min-height: 1.2em; }
  td::before { content: attr(data-label); position: absolute; left: 0; width: 7rem; font-weight: 600;
               font-size: .8em; color: #555; }
  td:empty { display: none; }
}
/* paper: no scrolling boxes, no contents list, each event from a new page, a chart never split */
@media print {
  body { max-width: none; padding: 0; font-size: 10pt; } nav { display: none; }
  .scroll { overflow: visible; } section.event { break-before: page; }
  figure.chart, tr { break-inside: avoid; } a { color: inherit; text-decoration: none; }
}
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("tolls.outputs", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        extensions=["jinja2.ext.do"],
    )
    env.filters.update(
        words=_words,
        day=_date,
        published=published_text,
        when=_when,
        places=_places,
        number=lambda n, empty: fmt(n) if n is not None else empty,
        graded=lambda row: bool(grades(row)),
    )
    env.globals.update(
        interval=interval_text,
        pair_words=PAIR_WORDS,
        css=CSS,
        csp=CSP,
        anchor=_anchor,
        muted=_muted,
        quote=_quote,
        grades=grades,
    )
    return env


def _muted(text: object) -> Markup:
    return Markup("<span class='muted'>{}</span>").format(text)


def _quote(q: str, seen: dict, key: str) -> Markup:
    """A quote shown once per table: a later row with the same words points to the first."""
    if q in seen:
        return _muted(f"same quote as {seen[q]}")
    seen[q] = key
    return Markup("<blockquote>{}</blockquote>").format(q)


def _anchor(event_id: str | None) -> str:
    return f"#event-{event_id}" if event_id is not None else "#unlinked"


def _render(template: str, **values: object) -> str:
    return _environment().get_template(template).render(**values).rstrip("\n") + "\n"


def chart_title(event: dict) -> str:
    return f"Reported figures: {event['name']}"


# --------------------------------------------------------------------------- file names

_SAFE_STEM = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}")
# names Windows keeps for devices, whatever the extension
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}


def file_stems(event_ids: Iterable[str]) -> dict[str, str]:
    """A file name (without extension) per event_id, safe on every file system and unique even where case does
    not count: the id itself when it is plain letters, digits, '-' and '_'; else (and for ids that differ only
    in case) its plain characters and a hash of the whole id, e.g. 'a/b c' -> 'a-b-c-1f3d2b7a'."""
    ids = list(dict.fromkeys(event_ids))
    folded: dict[str, int] = {}
    for eid in ids:
        folded[eid.casefold()] = folded.get(eid.casefold(), 0) + 1
    stems = {}
    for eid in ids:
        if _SAFE_STEM.fullmatch(eid) and eid.lower() not in _RESERVED and folded[eid.casefold()] == 1:
            stems[eid] = eid
        else:
            plain = re.sub(r"[^A-Za-z0-9_-]+", "-", eid).strip("-_")[:60] or "event"
            stems[eid] = f"{plain}-{hashlib.sha256(eid.encode('utf-8')).hexdigest()[:8]}"
    return stems


# --------------------------------------------------------------------------- drawing and writing the events


@dataclass
class EventWork:
    """Everything one event's page and chart are made from; sent to a worker process."""

    event: dict
    stem: str
    figs: list[dict]  # sorted as the page shows them
    atts: list[dict]
    pairs: list[dict]
    ranges: list[dict]
    previous_key: str | None  # the hash the previous report drew this chart from, if any
    previous_page_key: str | None  # and wrote this page from
    panels: list[Panel] = dataclasses.field(default_factory=list)  # the timeline's, lead panel first
    previous_timeline_key: str | None = None
    said: list[str] = dataclasses.field(default_factory=list)  # the ranges in words, one paragraph per measure


@dataclass
class EventDone:
    """What a worker did for one event: its chart for the index (title, summary, stem; the SVG only when the
    index shows it), the hashes its chart and page were made from, and whether they were made anew."""

    event_id: str
    chart: dict | None = None
    chart_key: str | None = None
    page_key: str = ""
    drawn: bool = False
    page_reused: bool = False
    timeline_key: str | None = None


def _chart_key(event_id: str, title: str, summary: str, marks: list[Mark], styles: dict[str | None, Style]) -> str:
    """A hash of everything the chart is drawn from, and of the chart code."""
    used = sorted({m.counter for m in marks}, key=str)
    payload = [
        chart_code_version(),
        event_id,
        title,
        summary,
        [dataclasses.astuple(m) for m in marks],
        [(c, dataclasses.astuple(styles.get(c, styles[None]))) for c in used],
        dataclasses.astuple(styles[None]),
    ]
    return hashlib.sha256(json.dumps(payload, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()


def _timeline_key(event_id: str, event_name: str, panels: list[Panel], styles: dict[str | None, Style]) -> str:
    """A hash of everything an event's timelines are drawn from, and of the chart code."""
    used = sorted({s.counter for p in panels for s in p.steps}, key=str)
    payload = [
        chart_code_version(),
        event_id,
        event_name,
        [dataclasses.astuple(p) for p in panels],
        [(c, dataclasses.astuple(styles.get(c, styles[None]))) for c in used],
        dataclasses.astuple(styles[None]),
    ]
    return hashlib.sha256(json.dumps(payload, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()


def timeline_files(stem: str, panel: Panel, lead: bool) -> dict[str, str]:
    """The files of one timeline in charts/: the SVG for any width ('svg'), the 16:9 layout for a wide screen or
    an article ('article'), and for the event's lead panel its PNG, 1200 x 675 ('png')."""
    base = f"{stem}-timeline-{panel.slug}"
    files = {"svg": f"{base}.svg", "article": f"{base}-article.svg"}
    return files | ({"png": f"{base}-article.png"} if lead else {})


def _write_timelines(
    w: EventWork, done: EventDone, styles: dict[str | None, Style], previous: Path | None, out: Path
) -> Callable[[], list[dict]]:
    """Draw (or link from the previous report) the event's timelines; return what gives them as the page shows
    them (called only when the page is written: a reused page needs no SVG read back)."""
    if not w.panels:
        return list
    eid, name = w.event["event_id"], w.event["name"]
    done.timeline_key = _timeline_key(eid, name, w.panels, styles)
    files = [timeline_files(w.stem, panel, i == 0) for i, panel in enumerate(w.panels)]
    every = [f for names in files for f in names.values()]
    old = previous / CHARTS_DIR if previous else None
    drawn: dict[str, str] = {}
    if done.timeline_key == w.previous_timeline_key and old and all((old / f).is_file() for f in every):
        for f in every:
            _link_or_copy(old / f, out / CHARTS_DIR / f)
    else:
        for panel, names in zip(w.panels, files, strict=True):
            title = timeline_title(panel)
            drawn[names["svg"]] = timeline_chart(eid, title, name, panel, styles).svg
            article = timeline_chart(eid, title, name, panel, styles, size=ARTICLE_SIZE, png="png" in names)
            drawn[names["article"]] = article.svg
            for f in ("svg", "article"):
                (out / CHARTS_DIR / names[f]).write_text(SVG_PROLOG + drawn[names[f]], encoding="utf-8")
            if "png" in names:
                (out / CHARTS_DIR / names["png"]).write_bytes(article.png)
        done.drawn = True

    def svg(f: str) -> str:
        return drawn.get(f) or (out / CHARTS_DIR / f).read_text(encoding="utf-8").removeprefix(SVG_PROLOG)

    def shown() -> list[dict]:
        ranges = {(r["measure"], r["victim_group"]): r for r in w.ranges}
        return [
            {
                "title": timeline_title(panel),
                "summary": timeline_sentence(panel),
                "grades": grades(ranges.get((panel.measure, panel.scope), {})),
                "slug": panel.slug,
                "files": names,
                "svg": svg(names["svg"]),
                "article_svg": svg(names["article"]),
            }
            for panel, names in zip(w.panels, files, strict=True)
        ]

    return shown


def _link_or_copy(src: Path, dst: Path) -> None:
    try:
        os.link(src, dst)  # no copy: the previous report's folder is deleted after the swap
    except OSError:
        shutil.copy2(src, dst)


def _write_events(
    work: list[EventWork], styles: dict[str | None, Style], previous: Path | None, out: Path, keep_svg: bool
) -> list[EventDone]:
    """Draw (or reuse) each event's chart and write (or reuse) its page."""
    results = []
    for w in work:
        eid = w.event["event_id"]
        done = EventDone(eid)
        svg: str | None = None
        if w.figs:
            marks = _marks(w.figs)
            title = chart_title(w.event)
            summary = summary_sentence(len({f["source_id"] for f in w.figs}), marks, _independent(w.figs))
            done.chart_key = _chart_key(eid, title, summary, marks, styles)
            svg_path, png_path = out / CHARTS_DIR / f"{w.stem}.svg", out / CHARTS_DIR / f"{w.stem}.png"
            old_svg = previous / CHARTS_DIR / f"{w.stem}.svg" if previous else None
            old_png = previous / CHARTS_DIR / f"{w.stem}.png" if previous else None
            if done.chart_key == w.previous_key and old_svg and old_svg.is_file() and old_png and old_png.is_file():
                _link_or_copy(old_svg, svg_path)
                _link_or_copy(old_png, png_path)
            else:
                drawn_chart = range_chart(eid, title, summary, marks, styles)
                svg = drawn_chart.svg
                # written straight into the new report folder, which nobody reads before the swap
                svg_path.write_text(SVG_PROLOG + svg, encoding="utf-8")
                png_path.write_bytes(drawn_chart.png)
                done.drawn = True
            done.chart = {"title": title, "summary": summary, "stem": w.stem, "svg": ""}
        timelines = _write_timelines(w, done, styles, previous, out)
        done.page_key = _page_key(w, done.chart_key, done.timeline_key)
        page_path = out / EVENTS_DIR / f"{w.stem}.html"
        old_page = previous / EVENTS_DIR / f"{w.stem}.html" if previous else None
        reuse = done.page_key == w.previous_page_key and old_page is not None and old_page.is_file()
        if done.chart is not None and (keep_svg or not reuse):
            if svg is None:
                svg = (out / CHARTS_DIR / f"{w.stem}.svg").read_text(encoding="utf-8").removeprefix(SVG_PROLOG)
            done.chart["svg"] = svg
        if reuse and old_page is not None:  # reuse says it is
            _link_or_copy(old_page, page_path)
            done.page_reused = True
        else:
            page_path.write_text(
                _render(
                    "event.html.j2",
                    event=w.event,
                    chart=done.chart,
                    figs=w.figs,
                    atts=w.atts,
                    pairs=w.pairs,
                    ranges=w.ranges,
                    timelines=timelines(),
                    said=w.said,
                ),
                encoding="utf-8",
            )
        if done.chart is not None and not keep_svg:
            done.chart["svg"] = ""  # not sent back to the parent process: the index does not show it
        results.append(done)
    return results


# A hash of the code that writes a page (this module and the templates), taken when it is imported.
_PAGE_CODE_VERSION = hashlib.sha256(
    b"".join(p.read_bytes() for p in [Path(__file__), *sorted((Path(__file__).parent / "templates").glob("*.j2"))])
).hexdigest()[:16]


def _page_key(w: EventWork, chart_key: str | None, timeline_key: str | None = None) -> str:
    """A hash of everything an event's page is written from: its rows, its charts, and the page code."""
    payload = [_PAGE_CODE_VERSION, chart_key, timeline_key, w.stem, w.event, w.figs, w.atts, w.pairs, w.ranges, w.said]
    return hashlib.sha256(json.dumps(payload, default=str, ensure_ascii=False).encode("utf-8")).hexdigest()


def _group(rows: Iterable[dict], key: str) -> dict[str | None, list[dict]]:
    grouped: dict[str | None, list[dict]] = {}
    for row in rows:
        grouped.setdefault(row[key], []).append(row)
    return grouped


def _previous_keys(path: Path) -> dict[str, str]:
    try:
        keys = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return keys if isinstance(keys, dict) else {}


@dataclass
class ReportStats:
    """What a run did: for the CLI's line and the benchmark."""

    events: int = 0
    charts_drawn: int = 0
    charts_reused: int = 0
    pages_written: int = 0
    pages_reused: int = 0
    workers: int = 1


def write_report(db_path: Path, out_dir: Path, workers: int | None = None, stats: ReportStats | None = None) -> Path:
    """Write the report folder <out_dir>/report/ (index.html, sources.html, events/, charts/) in place of the
    previous one, as one unit; return the index's path. `workers`: processes that draw the charts (default:
    every core; 1 draws in this process)."""
    out_dir = Path(out_dir)
    target = out_dir / REPORT_DIR
    data = read_data(Path(db_path))
    styles = counter_styles(data.counters)
    stems = file_stems(e["event_id"] for e in data.events)
    figures = sorted(data.figures, key=lambda f: (_sort_date(f), f["source_id"], f["figure_id"]))
    by_event = _group(figures, "event_id")
    atts_by_event = _group(data.attributions, "event_id")
    conflicts_by_event = _group(data.conflicts, "event_id")
    ranges_by_event = _group(data.ranges, "event_id")
    timeline_by_event = _group(data.timeline, "event_id")
    labels = {f["figure_id"]: f.get("stated_label") for f in data.figures}
    said_by_event = in_words(data, ranges_by_event, by_event)
    previous = target if (target / CHARTS_DIR / CACHE_NAME).is_file() else None
    keys = _previous_keys(target / CHARTS_DIR / CACHE_NAME) if previous else {}
    page_keys = _previous_keys(target / EVENTS_DIR / CACHE_NAME) if previous else {}
    work = [
        EventWork(
            e,
            stems[e["event_id"]],
            by_event.get(e["event_id"], []),
            atts_by_event.get(e["event_id"], []),
            conflicts_by_event.get(e["event_id"], []),
            ranges_by_event.get(e["event_id"], []),
            keys.get(stems[e["event_id"]]),
            page_keys.get(stems[e["event_id"]]),
            timeline_panels(
                timeline_by_event.get(e["event_id"], []),
                ranges_by_event.get(e["event_id"], []),
                labels,
                data.short_names,
                styles,
                data.scope_words,
            ),
            keys.get(stems[e["event_id"]] + TIMELINE_KEY),
            said_by_event.get(e["event_id"], []),
        )
        for e in data.events
    ]
    one_page = len(data.events) <= ONE_PAGE_EVENTS
    stats = stats if stats is not None else ReportStats()
    stats.events = len(work)
    with atomic_dir(target) as tmp:
        (tmp / EVENTS_DIR).mkdir()
        (tmp / CHARTS_DIR).mkdir()
        results = _run(work, styles, previous, tmp, one_page, workers, stats)
        charts = {r.event_id: r.chart for r in results if r.chart is not None}
        chart_keys = {stems[r.event_id]: r.chart_key for r in results if r.chart_key is not None}
        chart_keys |= {stems[r.event_id] + TIMELINE_KEY: r.timeline_key for r in results if r.timeline_key}
        stats.charts_drawn = sum(r.drawn for r in results)
        stats.charts_reused = sum(r.chart_key is not None for r in results) - stats.charts_drawn
        stats.pages_reused = sum(r.page_reused for r in results)
        stats.pages_written = len(results) - stats.pages_reused
        write_atomic(tmp / CHARTS_DIR / CACHE_NAME, json.dumps(chart_keys, indent=0, sort_keys=True) + "\n")
        write_atomic(
            tmp / EVENTS_DIR / CACHE_NAME,
            json.dumps({stems[r.event_id]: r.page_key for r in results}, indent=0, sort_keys=True) + "\n",
        )
        write_atomic(tmp / SOURCES_NAME, _render("sources.html.j2", sources=data.sources))
        write_atomic(
            tmp / INDEX_NAME,
            _render(
                "index.html.j2",
                one_page=one_page,
                events=data.events,
                sources=data.sources,
                n_figures=len(figures),
                ranges=data.ranges,
                ranges_by_event=ranges_by_event,
                by_event=by_event,
                atts_by_event=atts_by_event,
                conflicts_by_event=conflicts_by_event,
                charts=charts,
                stems=stems,
                said_by_event=said_by_event,
            ),
        )
    return target / INDEX_NAME


def _run(
    work: list[EventWork],
    styles: dict[str | None, Style],
    previous: Path | None,
    out: Path,
    keep_svg: bool,
    workers: int | None,
    stats: ReportStats,
) -> list[EventDone]:
    """_write_events over all events: in this process when there is little to draw, else in chunks on every core."""
    workers = workers or os.cpu_count() or 1
    if workers <= 1 or len(work) < PARALLEL_FROM:
        stats.workers = 1
        return _write_events(work, styles, previous, out, keep_svg)
    stats.workers = workers
    # chunks small enough to keep every worker busy to the end, large enough that sending them costs little
    size = max(1, min(50, len(work) // (workers * 8)))
    chunks = [work[i : i + size] for i in range(0, len(work), size)]
    task: Callable = functools.partial(_write_events, styles=styles, previous=previous, out=out, keep_svg=keep_svg)
    with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
        return [r for chunk in pool.map(task, chunks) for r in chunk]
