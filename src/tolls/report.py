"""The report: build/report.html, one self-contained page (no network: charts are inline SVG, styles
inline), one section per event with its range chart, its figures and their quotes, and the attributions
that name different actors; and build/charts/<event_id>.svg and .png for use elsewhere.

It reads the built database (build/tolls.duckdb). The words it writes itself are neutral: it names what
was counted and by whom; every characterisation of the events stands inside a quotation from a source.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import jinja2

from tolls.charts import Mark, counter_styles, fmt, range_chart, summary_sentence
from tolls.io import write_atomic

REPORT_NAME = "report.html"
CHARTS_DIR = "charts"


# --------------------------------------------------------------------------- reading the database


# The views come from src/tolls/sql/ (written into the database by tolls.database.build_database).
FIGURES_SQL = "SELECT * FROM figure_detail ORDER BY figure_id"
RANGES_SQL = "SELECT * FROM event_ranges"
CONFLICTS_SQL = "SELECT * FROM attribution_conflicts"
ATTRIBUTIONS_SQL = """
SELECT a.attribution_id, a.figure_id, d.event_id, d.source_id, d.source_label, a.actor_id,
       coalesce(ac.name, a.actor_id) AS actor_name, a.stance, a.quote, a.notes
FROM attributions AS a
JOIN figure_detail AS d ON d.figure_id = a.figure_id
LEFT JOIN actors AS ac ON ac.actor_id = a.actor_id
ORDER BY d.event_id, a.actor_id, a.attribution_id
"""
REQUIRED_VIEWS = ("figure_detail", "event_ranges", "attribution_conflicts")

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
    return {r[0] for r in con.execute(
        "SELECT table_name FROM information_schema.tables WHERE table_schema = 'main'").fetchall()}


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


def read_data(db_path: Path) -> Data:
    con = duckdb.connect(str(db_path), read_only=True)
    try:
        missing = [v for v in REQUIRED_VIEWS if v not in _relations(con)]
        if missing:
            raise ReportError(f"{db_path} has no {', '.join(missing)}; rebuild it with `tolls build`")
        return Data(
            events=_rows(con, EVENTS_SQL),
            sources=_rows(con, SOURCES_SQL),
            figures=_rows(con, FIGURES_SQL),
            attributions=_rows(con, ATTRIBUTIONS_SQL),
            counters=[(r[0], r[1]) for r in con.execute(COUNTERS_SQL).fetchall()],
            ranges=_rows(con, RANGES_SQL),
            conflicts=_rows(con, CONFLICTS_SQL),
        )
    finally:
        con.close()


# --------------------------------------------------------------------------- words


def _date(value) -> str:
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


def interval_text(low, stated, high) -> str:
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
            figure_id=f["figure_id"], source_id=f["source_id"], source_label=_band_text(f),
            sort_key=(per_source[f["source_id"]], f["source_id"]), counter=f["counted_by"],
            counter_name=f["counter_name"], measure=f["measure"], scope=f["scope"],
            victim_group=f["victim_group"], number_text=f["number_text"], qualifier=f["qualifier"],
            low=f["low"], point=_point(f), high=f["high"],
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
    """Distinct figure_detail.counter_key: every update of one counter, its copies and relays count once."""
    return len({f.get("counter_key") or f["figure_id"] for f in figs})


# attribution_conflicts.conflict in the report's words
PAIR_WORDS = {"different actors": "different actors named", "stated and denied": "one actor, stated and denied"}


def _words(value) -> str:
    """A code as words: 'inferred_from_text' -> 'inferred from text'; None -> ''."""
    return "" if value is None else str(value).replace("_", " ")


def _when(event: dict) -> str:
    start, end = _date(event["date_start"]), _date(event["date_end"])
    return start if start == end else f"{start} to {end}"


def _places(event: dict) -> str:
    return (event.get("admin1") or "").replace(";", ", ") or (event.get("country") or "")


# --------------------------------------------------------------------------- the page

CSS = """
:root { color-scheme: light; }
body { font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
       margin: 0 auto; max-width: 1180px; padding: 1.5rem; color: #1a1a1a; background: #fff; }
h1 { font-size: 1.6rem; margin: 0 0 .3rem; } h2 { font-size: 1.3rem; margin: 2.2rem 0 .2rem; }
h3 { font-size: 1.05rem; margin: 1.4rem 0 .4rem; } h4 { font-size: .95rem; margin: 1rem 0 .3rem; }
.muted { color: #555; font-size: .88em; }
section.event { border-top: 2px solid #222; margin-top: 2.5rem; }
figure.chart { margin: 1rem 0; } figure.chart .svg svg { width: 100%; height: auto; max-width: 900px; display: block; }
figcaption { font-size: .92rem; max-width: 900px; margin-top: .4rem; }
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
    env = jinja2.Environment(loader=jinja2.PackageLoader("tolls", "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, extensions=["jinja2.ext.do"])
    env.filters.update(words=_words, day=_date, published=published_text, when=_when, places=_places,
                       number=lambda n, empty: fmt(n) if n is not None else empty)
    env.globals.update(interval=interval_text, pair_words=PAIR_WORDS)
    return env


def render_html(data: Data, charts: dict[str, tuple[str, str, str]]) -> str:
    """The page, from templates/report.html.j2. `charts` maps event_id to (title, summary, inline svg)."""
    by_event: dict[str | None, list[dict]] = {}
    for f in sorted(data.figures, key=lambda f: (_sort_date(f), f["source_id"], f["figure_id"])):
        by_event.setdefault(f["event_id"], []).append(f)
    atts_by_event: dict[str | None, list[dict]] = {}
    for a in data.attributions:
        atts_by_event.setdefault(a["event_id"], []).append(a)
    conflicts_by_event: dict[str | None, list[dict]] = {}
    for c in data.conflicts:
        conflicts_by_event.setdefault(c["event_id"], []).append(c)
    page = _environment().get_template("report.html.j2").render(
        css=CSS, csp=CSP, events=data.events, sources=data.sources, figures=data.figures, ranges=data.ranges,
        by_event=by_event, atts_by_event=atts_by_event, conflicts_by_event=conflicts_by_event,
        charts={eid: {"title": c[0], "summary": c[1], "svg": c[2]} for eid, c in charts.items()})
    return page.rstrip("\n") + "\n"


def chart_title(event: dict) -> str:
    return f"Reported figures: {event['name']}"


def write_report(db_path: Path, out_dir: Path) -> Path:
    """Write <out_dir>/report.html and <out_dir>/charts/<event_id>.svg and .png; return the report's path."""
    out_dir = Path(out_dir)
    data = read_data(Path(db_path))
    styles = counter_styles(data.counters)
    charts: dict[str, tuple[str, str, str]] = {}
    for event in data.events:
        figs = [f for f in data.figures if f["event_id"] == event["event_id"]]
        if not figs:
            continue
        marks = _marks(figs)
        summary = summary_sentence(len({f["source_id"] for f in figs}), marks, _independent(figs))
        chart = range_chart(event["event_id"], chart_title(event), summary, marks, styles)
        write_atomic(out_dir / CHARTS_DIR / f"{event['event_id']}.svg",
                      '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + chart.svg)
        write_atomic(out_dir / CHARTS_DIR / f"{event['event_id']}.png", chart.png)
        charts[event["event_id"]] = (chart.title, chart.summary, chart.svg)
    target = out_dir / REPORT_NAME
    write_atomic(target, render_html(data, charts))
    return target
