"""The report: build/report.html, one self-contained page (no network: charts are inline SVG, styles
inline), one section per event with its range chart, its figures and their quotes, and the attributions
that name different actors; and build/charts/<event_id>.svg and .png for use elsewhere.

It reads the built database (build/tolls.duckdb). The words it writes itself are neutral: it names what
was counted and by whom; every characterisation of the events stands inside a quotation from a source.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import duckdb

from tolls.charts import Mark, counter_styles, fmt, range_chart, summary_sentence

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


def _point(f: dict) -> int | None:
    """Where a chart marks a figure: its stated number when the interval holds it ('over 740' does not)."""
    n, low, high = f["stated_number"], f["low"], f["high"]
    if n is None or (low is not None and n < low) or (high is not None and n > high):
        return None
    return n


def _e(value) -> str:
    """HTML-escape any value; None is an empty string."""
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.datetime):
        return _date(value)
    return html.escape(str(value), quote=True)


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


def _independent(figs: Iterable[dict]) -> int:
    """Distinct figure_detail.count_key: copies, repeats and one counter's same count count once."""
    return len({f.get("count_key") or f["figure_id"] for f in figs})


def _figures_table(figs: list[dict]) -> str:
    head = ("<tr><th scope='col'>Figure</th><th scope='col'>Source</th><th scope='col'>Counted by</th>"
            "<th scope='col'>What</th><th scope='col'>Words</th><th scope='col'>Interval</th>"
            "<th scope='col'>Quote</th><th scope='col'>Reading notes</th></tr>")
    rows = []
    for f in sorted(figs, key=lambda f: (_sort_date(f), f["source_id"], f["figure_id"])):
        what = f"{_e(f['measure'])}, {_e(f['victim_group'].replace('_', ' '))}"
        if f["scope"] != f["victim_group"]:
            what += f" <span class='muted'>(within {_e(f['scope'].replace('_', ' '))})</span>"
        repeat = (f"<br><span class='muted'>repeats {_e(f['copy_of_figure_id'])}; counts once</span>"
                  if f["copy_of_figure_id"] else "")
        data = " ".join(f"data-{k}='{_e(f[k])}'" for k in ("figure_id", "low", "stated_number", "high")
                        if f[k] is not None)
        rows.append(
            f"<tr {data}><td><code>{_e(f['figure_id'])}</code>{repeat}</td>"
            f"<td>{_e(f['source_label'])}<br><span class='muted'>{_e(published_text(f))}</span></td>"
            f"<td>{_e(f['counter_name']) or '<span class=muted>not named</span>'}</td>"
            f"<td>{what}<br><span class='muted'>{_e(_date(f['date_start']))} to {_e(_date(f['date_end']))}"
            f"{'; as of ' + _e(_date(f['as_of'])) if f['as_of'] else ''}</span></td>"
            f"<td>“{_e(f['number_text'])}”<br><span class='muted'>{_e(f['qualifier'])}, "
            f"rule <code>{_e(f['interval_rule'])}</code></span></td>"
            f"<td class='num'>{_e(f.get('range_label'))}<br><span class='muted'>"
            f"{_e(interval_text(f['low'], f['stated_number'], f['high']))}</span></td>"
            f"<td><blockquote>{_e(f['quote'])}</blockquote></td>"
            f"<td class='notes'>{_e(f['notes'])}</td></tr>"
        )
    return (f"<div class='scroll'><table class='figures'><thead>{head}</thead><tbody>{''.join(rows)}</tbody>"
            "</table></div>")


def _attribution_section(atts: list[dict], conflicts: list[dict]) -> str:
    if not atts:
        return "<p class='muted'>No source in the package attributes the harm counted in this event's figures.</p>"
    actors = sorted({a["actor_id"] for a in atts})
    out = [f"<p>{len(atts)} attribution{'s' if len(atts) != 1 else ''} to {len(actors)} "
           f"actor{'s' if len(actors) != 1 else ''}. "]
    if conflicts:
        n_within = sum(1 for c in conflicts if c["within_source"])
        out.append(f"{len(conflicts)} pair{'s' if len(conflicts) != 1 else ''} of attributions name different "
                   f"actors or one actor with a denial ({n_within} of them within one source). A pair says only "
                   "that more than one actor is named: a source may name several actors, or state one and "
                   "report claims about another; the stances and the quotes tell which. Attributions that "
                   "share one sentence naming several actors together are joint, not paired.</p>")
        out.append("<h4>Figures attributed to different actors</h4>" + _conflicts_table(conflicts))
    else:
        out.append("No two attributions name different actors: they name one actor, or several actors in one "
                   "sentence.</p>")
    out.append("<h4>All attributions</h4>" + _attribution_table(atts))
    return "".join(out)


# attribution_conflicts.conflict in the report's words
PAIR_WORDS = {"different actors": "different actors named", "stated and denied": "one actor, stated and denied"}


def _conflicts_table(conflicts: list[dict]) -> str:
    head = ("<tr><th scope='col'>One attribution</th><th scope='col'>Quote</th>"
            "<th scope='col'>The other</th><th scope='col'>Quote</th><th scope='col'>What differs</th></tr>")
    rows = []
    for c in conflicts:
        side = {}
        for k in ("a", "b"):
            side[k] = (f"{_e(c['actor_' + k])}<br><span class='muted'>{_e(c['stance_' + k].replace('_', ' '))}; "
                       f"figure <code>{_e(c['figure_id_' + k])}</code>, source <code>{_e(c['source_id_' + k])}</code>"
                       "</span>")
        where = "within one source" if c["within_source"] else "between sources"
        stances = ("same stance" if c["same_stance"]
                   else f"stances differ: {c['stance_a'].replace('_', ' ')} and {c['stance_b'].replace('_', ' ')}")
        rows.append(
            f"<tr data-attribution-a='{_e(c['attribution_id_a'])}' data-attribution-b='{_e(c['attribution_id_b'])}'>"
            f"<td>{side['a']}</td><td><blockquote>{_e(c['quote_a'])}</blockquote></td>"
            f"<td>{side['b']}</td><td><blockquote>{_e(c['quote_b'])}</blockquote></td>"
            f"<td>{_e(PAIR_WORDS.get(c['conflict'], c['conflict']))}, {where}; {_e(stances)}</td></tr>"
        )
    return (f"<div class='scroll'><table class='attribution-pairs'><thead>{head}</thead><tbody>{''.join(rows)}</tbody>"
            "</table></div>")


def _attribution_table(atts: list[dict]) -> str:
    head = ("<tr><th scope='col'>Attributed to</th><th scope='col'>How the source puts it</th>"
            "<th scope='col'>Figure</th><th scope='col'>Source</th><th scope='col'>Quote</th>"
            "<th scope='col'>Reading notes</th></tr>")
    rows = "".join(
        f"<tr data-attribution-id='{_e(a['attribution_id'])}'><td>{_e(a['actor_name'])}</td>"
        f"<td>{_e(a['stance'].replace('_', ' '))}</td><td><code>{_e(a['figure_id'])}</code></td>"
        f"<td>{_e(a['source_label'])}</td><td><blockquote>{_e(a['quote'])}</blockquote></td>"
        f"<td class='notes'>{_e(a['notes'])}</td></tr>"
        for a in atts
    )
    return f"<div class='scroll'><table class='attributions'><thead>{head}</thead><tbody>{rows}</tbody></table></div>"


def _places(event: dict) -> str:
    return (event.get("admin1") or "").replace(";", ", ") or _e(event.get("country"))


def _event_meta(event: dict) -> str:
    start, end = _date(event["date_start"]), _date(event["date_end"])
    when = start if start == end else f"{start} to {end}"
    return (f"{_e(event['event_type'])} · {_e(when)} (precision: {_e(event['date_precision'])}, "
            f"{_e(event['date_basis'].replace('_', ' '))}) · {_e(event['country'])}: {_e(_places(event))}")


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
"""

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:"


def _overview(data: Data) -> str:
    head = ("<tr><th scope='col'>Event</th><th scope='col'>Measure</th><th scope='col'>Compared within</th>"
            "<th scope='col'>Figures</th><th scope='col'>Sources</th><th scope='col'>Independent counts</th>"
            "<th scope='col'>Lowest bound</th><th scope='col'>Highest bound</th><th scope='col'>Range</th></tr>")
    rows = []
    for r in data.ranges:
        eid = r["event_id"]
        name = (f"<a href='#event-{_e(eid)}'>{_e(r['event_name'])}</a>" if eid is not None
                else f"<a href='#unlinked'>{_e(r['event_name'])}</a>")
        low = fmt(r["low"]) if r["low"] is not None else "no lower bound"
        high = fmt(r["high"]) if r["high"] is not None else "no upper bound"
        rows.append(
            f"<tr><td>{name}</td><td>{_e(r['measure'])}</td><td>{_e(r['victim_group'].replace('_', ' '))}</td>"
            f"<td class='num'>{_e(r['n_figures'])}</td><td class='num'>{_e(r['n_sources'])}</td>"
            f"<td class='num'>{_e(r['n_independent'])}</td><td class='num'>{_e(low)}</td>"
            f"<td class='num'>{_e(high)}</td><td>{_e(r['range_label'])}</td></tr>"
        )
    return (f"<div class='scroll'><table class='overview'><thead>{head}</thead><tbody>{''.join(rows)}</tbody>"
            "</table></div><p class='muted'>Independent counts: a copied text, a repeated passage, and "
            "figures traced to the same counter and as-of date count once; a counter's figures with no as-of "
            "date count once together, as the package cannot tell them apart (successive updates of one "
            "counter are not independent counts). An empty bound is unknown or unbounded, never zero.</p>")


def _sources_table(data: Data) -> str:
    head = ("<tr><th scope='col'>Source</th><th scope='col'>Label</th><th scope='col'>Own headline</th>"
            "<th scope='col'>Kind</th><th scope='col'>Publication</th><th scope='col'>Copy of</th></tr>")
    rows = "".join(
        f"<tr id='source-{_e(s['source_id'])}'><td><code>{_e(s['source_id'])}</code></td><td>{_e(s['label'])}</td>"
        f"<td>{'“' + _e(s['title']) + '”' if s.get('title') else '<span class=muted>none</span>'}</td>"
        f"<td>{_e(s['kind'].replace('_', ' '))}</td><td>{_e(published_text(s))}"
        f"<br><span class='muted'>{_e(s.get('published_basis', '').replace('_', ' '))}</span></td>"
        f"<td>{_e(s.get('copy_of_source_id'))}</td></tr>"
        for s in data.sources
    )
    return f"<div class='scroll'><table class='sources'><thead>{head}</thead><tbody>{rows}</tbody></table></div>"


HOW_TO_READ = (
    "<p>Each chart puts every figure reported for one event on one logarithmic axis, in panels that "
    "compare only figures counting the same measure within the same group. Each band is one source, "
    "ordered by the date the count refers to, or else the source's earliest publication date, earliest "
    "at the top. A point is a figure the words give exactly; a bar with end caps is the interval the "
    "words allow, with a point at the value they state, if any; an arrow running to the edge of the axis "
    "is a bound the words do not give (an open interval, not zero). Colour and marker shape show who the "
    "source says counted. A hollow, dashed mark repeats another figure and counts once. The intervals "
    "come from the published rule table in <code>data/interval_rules.csv</code> (see CODEBOOK.md).</p>"
)


def render_html(data: Data, charts: dict[str, tuple[str, str, str]]) -> str:
    """The page. `charts` maps event_id to (title, summary, inline svg)."""
    by_event: dict[str | None, list[dict]] = {}
    for f in data.figures:
        by_event.setdefault(f["event_id"], []).append(f)
    atts_by_event: dict[str | None, list[dict]] = {}
    for a in data.attributions:
        atts_by_event.setdefault(a["event_id"], []).append(a)
    nav = "".join(f"<li><a href='#event-{_e(e['event_id'])}'>{_e(e['name'])}</a></li>" for e in data.events)
    nav += "<li><a href='#unlinked'>Figures not linked to an event</a></li><li><a href='#sources'>Sources</a></li>"
    parts = [
        "<!DOCTYPE html>", "<html lang='en'><head><meta charset='utf-8'>",
        f"<meta http-equiv='Content-Security-Policy' content=\"{CSP}\">",
        "<meta name='viewport' content='width=device-width, initial-scale=1'>",
        "<title>tolls: reported figures by event</title>", f"<style>{CSS}</style></head><body>",
        "<header><h1>Reported figures by event</h1>",
        f"<p class='muted'>{len(data.figures)} figures from {len(data.sources)} sources on "
        f"{len(data.events)} events, from the tolls data package. Generated by <code>tolls report</code>; "
        "the charts are also written to <code>build/charts/</code> as SVG and PNG.</p></header>",
        f"<nav aria-label='Contents'><h2>Contents</h2><ol>{nav}</ol></nav>",
        f"<section id='how'><h2>How to read the charts</h2>{HOW_TO_READ}</section>",
        f"<section id='overview'><h2>Ranges by event</h2>{_overview(data)}</section>",
    ]
    for event in data.events:
        eid = event["event_id"]
        figs = by_event.get(eid, [])
        sec = [f"<section class='event' id='event-{_e(eid)}' data-event-id='{_e(eid)}'>",
               f"<h2>{_e(event['name'])}</h2>", f"<p class='muted'>{_event_meta(event)}</p>"]
        if event.get("notes"):
            sec.append(f"<p class='muted'>Dating and place, maintainers' note: {_e(event['notes'])}</p>")
        if eid in charts:
            title, summary, svg = charts[eid]
            label = f"{title}. {summary}"
            sec.append(
                f"<figure class='chart' data-event-id='{_e(eid)}'>"
                f"<div class='svg' role='img' aria-label='{_e(label)}'>{svg}</div>"
                f"<figcaption><strong>{_e(title)}.</strong> {_e(summary)} "
                f"<span class='muted'>Files: <code>charts/{_e(eid)}.svg</code>, "
                f"<code>charts/{_e(eid)}.png</code>.</span></figcaption></figure>"
            )
        else:
            sec.append("<p class='muted'>No figures in the package for this event.</p>")
        if figs:
            sec.append("<h3>Figures</h3>" + _figures_table(figs))
        conflicts = [c for c in data.conflicts if c["event_id"] == eid]
        sec.append("<h3>Attributions</h3>" + _attribution_section(atts_by_event.get(eid, []), conflicts))
        sec.append("</section>")
        parts.append("".join(sec))
    unlinked = by_event.get(None, [])
    parts.append("<section id='unlinked'><h2>Figures not linked to an event</h2>"
                 + (_figures_table(unlinked) if unlinked else "<p class='muted'>None.</p>") + "</section>")
    parts.append(f"<section id='sources'><h2>Sources</h2>{_sources_table(data)}</section>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def _write_atomic(path: Path, content: str | bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content.encode("utf-8") if isinstance(content, str) else content)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


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
        _write_atomic(out_dir / CHARTS_DIR / f"{event['event_id']}.svg",
                      '<?xml version="1.0" encoding="utf-8" standalone="no"?>\n' + chart.svg)
        _write_atomic(out_dir / CHARTS_DIR / f"{event['event_id']}.png", chart.png)
        charts[event["event_id"]] = (chart.title, chart.summary, chart.svg)
    target = out_dir / REPORT_NAME
    _write_atomic(target, render_html(data, charts))
    return target
