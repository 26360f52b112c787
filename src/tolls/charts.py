"""Range charts: every figure of one event as an interval or a point on one shared, logarithmic axis.

One panel per (measure, scope), so that only figures that count the same thing are compared; all
panels share the x axis. Within a panel, one band per source, ordered by the date the count refers to
(as_of) or else the source's earliest publication date, earliest at the top. Colour and marker shape
both encode the counter (Okabe-Ito colours, which readers with the common colour-vision deficiencies
can tell apart; the shape repeats the distinction for readers who cannot).

Glyphs: an exact figure is a point; an interval is a bar between its bounds with end caps, and a
point at the number the words state when the interval holds it; a bound the words do not give is
drawn as an arrow running to the edge of the axis, never as zero. A figure that repeats another
(copy_of_figure_id, relay_of_figure_id) is drawn hollow and dashed: it is shown, and counts once.
"""

from __future__ import annotations

import io
import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.ticker import FuncFormatter, LogLocator, MaxNLocator  # noqa: E402

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision
# deficiencies. Black is kept out of the counter colours (it is the colour of the axes and text).
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442"]
NO_COUNTER_COLOUR = "#666666"
MARKERS = ["o", "s", "D", "^", "v", "P", "X", "h"]
NO_COUNTER_MARKER = "*"
NO_COUNTER_LABEL = "No counter named"

RC = {
    "svg.hashsalt": "tolls",
    "svg.fonttype": "path",
    "font.family": "DejaVu Sans",
    "font.size": 9,
    "axes.titlesize": 9.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    # labels are the sources' words: "$5 ransom and $10 fee" is text, never TeX math
    "text.usetex": False,
    "text.parse_math": False,
}
# The credit line every PNG and SVG carries, so an editor can publish a chart as it is.
CREDIT = ("Source: tolls data package (CC BY 4.0), figures as reported in the texts named on the left; "
          "an arrow runs on where the words give no bound.")


@dataclass(frozen=True)
class Style:
    colour: str
    marker: str
    label: str


def counter_styles(counters: Sequence[tuple[str, str]]) -> dict[str | None, Style]:
    """A colour and marker per counter (actor_id, name), stable across charts: pass every counter of
    the package, sorted, so that one counter has one colour in every chart. Key None: no counter."""
    styles: dict[str | None, Style] = {}
    for i, (actor_id, name) in enumerate(counters):
        styles[actor_id] = Style(OKABE_ITO[i % len(OKABE_ITO)], MARKERS[i % len(MARKERS)], name)
    styles[None] = Style(NO_COUNTER_COLOUR, NO_COUNTER_MARKER, NO_COUNTER_LABEL)
    return styles


@dataclass
class Mark:
    """One figure as the chart needs it."""

    figure_id: str
    source_id: str
    source_label: str  # the text of the source's band, e.g. "Near-copy of … (text 002)\npublished 2025-03-06"
    sort_key: tuple
    counter: str | None
    measure: str
    scope: str
    victim_group: str
    number_text: str
    qualifier: str
    low: int | None
    point: int | None
    high: int | None
    copy_of: str | None = None
    counter_name: str | None = None


@dataclass
class Chart:
    title: str
    summary: str
    svg: str  # the SVG document, with <title> and <desc>, without the XML prolog
    png: bytes
    panels: list[tuple[str, str]] = field(default_factory=list)


def fmt(n: int | float | None) -> str:
    return "" if n is None else f"{int(n):,}"


def _axis_limits(marks: Sequence[Mark]) -> tuple[float, float, str]:
    """x limits and scale: "linear" from 0 when the figures span less than a factor of 20 (2 and 5 people are
    not drawn on a 0.2-to-20 log axis), else "log" ("symlog" when a figure is 0)."""
    values = [v for m in marks for v in (m.low, m.point, m.high) if v is not None]
    if not values:
        return 0.0, 10.0, "linear"
    positive = [v for v in values if v > 0] or [1]
    lo, hi = min(positive), max(positive)
    open_right = any(m.high is None and m.low is not None for m in marks)
    if hi / lo < 20:
        top = hi * (1.6 if open_right else 1.15)
        step = 10 ** math.floor(math.log10(top)) if top >= 1 else 1
        return 0.0, math.ceil(top / step * 2) * step / 2, "linear"
    # Room on either side of the data; more on a side where an arrow runs off the scale.
    lo_lim = lo / (4 if any(m.low is None and m.high is not None for m in marks) else 2)
    hi_lim = hi * (5 if open_right else 2)
    if hi_lim / lo_lim < 100:  # at least two decades, so that the log axis has labelled ticks
        mid = math.sqrt(hi_lim * lo_lim)
        lo_lim, hi_lim = mid / 10, mid * 10
    return lo_lim, hi_lim, "symlog" if any(v == 0 for v in values) else "log"


def _number_formatter(x: float, _pos: int) -> str:
    if x <= 0:
        return "0"
    if x >= 1 and abs(x - round(x)) < 1e-9:
        return f"{int(round(x)):,}"
    return f"{x:g}"


def _draw_mark(ax, y: float, m: Mark, style: Style, xlim: tuple[float, float]) -> None:
    hollow = m.copy_of is not None
    ls = (0, (3, 2)) if hollow else "-"
    face = "white" if hollow else style.colour
    lw = 2.2
    lo, hi = m.low, m.high
    left_open, right_open = lo is None, hi is None
    if lo is not None and hi is not None and lo == hi:
        ax.plot([lo], [y], marker=style.marker, ms=7, mfc=face, mec=style.colour, mew=1.6, ls="none",
                zorder=3, gid=f"mark-{m.figure_id}")
        anchor = lo
    else:
        start = xlim[0] if left_open else lo
        end = xlim[1] if right_open else hi
        ax.plot([start, end], [y, y], color=style.colour, lw=lw, ls=ls, solid_capstyle="butt", zorder=2,
                gid=f"bar-{m.figure_id}")
        if not left_open:
            ax.plot([lo], [y], marker="|", ms=11, mew=2, color=style.colour, zorder=3)
        else:
            ax.plot([start], [y], marker="<", ms=7, mfc="white", mec=style.colour, mew=1.6, zorder=3,
                    clip_on=False)
        if not right_open:
            ax.plot([hi], [y], marker="|", ms=11, mew=2, color=style.colour, zorder=3)
        else:
            ax.plot([end], [y], marker=">", ms=7, mfc="white", mec=style.colour, mew=1.6, zorder=3,
                    clip_on=False)
        if m.point is not None:
            ax.plot([m.point], [y], marker=style.marker, ms=7, mfc=face, mec=style.colour, mew=1.6, zorder=4,
                    gid=f"mark-{m.figure_id}")
        anchor = m.point if m.point is not None else (lo if lo is not None else hi)
    words = f"“{m.number_text}”"
    if m.victim_group != m.scope:
        words += f" · {m.victim_group.replace('_', ' ')}"
    if hollow:
        words += f" · repeats {m.copy_of}"
    ax.annotate(words, (anchor, y), xytext=(0, 7), textcoords="offset points", ha="center", va="bottom",
                fontsize=7.5, color="#222222", zorder=5)


def _legend_handles(styles_used: list[Style], marks: Sequence[Mark]) -> tuple[list[Line2D], list[Line2D]]:
    handles = [Line2D([], [], color=s.colour, marker=s.marker, ms=7, lw=2.2, label=s.label) for s in styles_used]
    glyphs: list[Line2D] = []
    grey = "#444444"
    if any(m.low is not None and m.low == m.high for m in marks):
        glyphs.append(Line2D([], [], color=grey, marker="o", ls="none", ms=7, label="exact: a point"))
    if any(m.low is not None and m.high is not None and m.low != m.high for m in marks):
        glyphs.append(Line2D([], [], color=grey, marker="|", ms=10, mew=2, lw=2.2,
                             label="interval: bar between bounds"))
    if any((m.low is None) != (m.high is None) for m in marks):
        glyphs.append(Line2D([], [], color=grey, marker=">", mfc="white", ms=7, lw=2.2,
                             label="no bound given: arrow to the axis edge"))
    if any(m.copy_of for m in marks):
        glyphs.append(Line2D([], [], color=grey, marker="o", mfc="white", ls=(0, (3, 2)), lw=2.2, ms=7,
                             label="repeats another figure (counts once)"))
    return handles, glyphs


def _band_label(text: str, width: int = 34) -> str:
    lines = []
    for part in text.split("\n"):
        lines.extend(textwrap.wrap(part, width) or [""])
    return "\n".join(lines)


_ID = re.compile(r'\bid="([^"]+)"')


def _prefix_ids(svg: str, prefix: str) -> str:
    """Make every id in the SVG unique to this chart, so several charts can be inlined in one page."""
    ids = set(_ID.findall(svg))
    if not ids:
        return svg
    pattern = re.compile(r'(\bid="|#)(' + "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
                         + r')(?=["\)])')
    return pattern.sub(lambda mt: f"{mt.group(1)}{prefix}{mt.group(2)}", svg)


def _accessible_svg(svg: str, title: str, summary: str, id_prefix: str) -> str:
    """Strip the XML prolog and DOCTYPE; give the <svg> role="img", a <title> and a <desc>."""
    start = svg.index("<svg")
    svg = _prefix_ids(svg[start:], id_prefix)
    tag_end = svg.index(">") + 1
    open_tag = svg[:tag_end - 1]
    title_id, desc_id = f"{id_prefix}title", f"{id_prefix}desc"
    open_tag += f' role="img" aria-labelledby={quoteattr(title_id + " " + desc_id)}>'
    inner = (f"<title id={quoteattr(title_id)}>{escape(title)}</title>"
             f"<desc id={quoteattr(desc_id)}>{escape(summary)}</desc>")
    return open_tag + inner + svg[tag_end:]


def range_chart(chart_id: str, title: str, summary: str, marks: Sequence[Mark],
                styles: dict[str | None, Style]) -> Chart:
    """Draw one event's figures. `chart_id` (e.g. the event_id) makes the SVG's ids unique in a page."""
    panels: list[tuple[str, str]] = []
    for m in marks:
        key = (m.measure, m.scope)
        if key not in panels:
            panels.append(key)
    if not marks:
        raise ValueError(f"{chart_id}: no figures to draw")
    by_panel = {key: [m for m in marks if (m.measure, m.scope) == key] for key in panels}
    # Height: one band per source per panel, a line per figure in the band.
    heights = []
    for key in panels:
        rows = len(by_panel[key])
        bands = len({m.source_id for m in by_panel[key]})
        heights.append(0.42 * rows + 0.2 * bands + 0.45)
    xlim_lo, xlim_hi, scale = _axis_limits(marks)
    legend_rows = 5
    fig_h = sum(heights) + 0.35 * (len(panels) - 1) + 0.95 + 0.17 * legend_rows
    with plt.rc_context(RC):
        fig, axes = plt.subplots(len(panels), 1, sharex=True, figsize=(9.0, fig_h),
                                 gridspec_kw={"height_ratios": heights}, squeeze=False)
        axes = axes[:, 0]
        styles_used: list[Style] = []
        for ax, key in zip(axes, panels, strict=True):
            pm = sorted(by_panel[key], key=lambda m: (m.sort_key, m.source_id, m.copy_of is not None, m.figure_id))
            y = 0.0
            ticks, labels, separators = [], [], []
            current = None
            band_start = 0.0
            for m in pm:
                if m.source_id != current:
                    if current is not None:
                        ticks.append((band_start + y - 1) / 2)
                        separators.append(y - 0.5 + 0.15)
                        y += 0.3
                    current = m.source_id
                    band_start = y
                    labels.append(_band_label(m.source_label))
                style = styles.get(m.counter, styles[None])
                if style not in styles_used:
                    styles_used.append(style)
                _draw_mark(ax, y, m, style, (xlim_lo, xlim_hi))
                y += 1.0
            ticks.append((band_start + y - 1) / 2)
            for s in separators:
                ax.axhline(s, color="#dddddd", lw=0.8, zorder=0)
            ax.set_yticks(ticks, labels, fontsize=7.5)
            ax.tick_params(axis="y", length=0)
            ax.set_ylim(y - 0.4, -0.75)
            ax.set_title(f"{key[0]} · compared within: {key[1].replace('_', ' ')}", loc="left", fontsize=8.5,
                         color="#222222")
            if scale == "symlog":
                ax.set_xscale("symlog", linthresh=1)
            elif scale == "log":
                ax.set_xscale("log")
            ax.set_xlim(xlim_lo, xlim_hi)
            ax.tick_params(axis="x", labelbottom=True)  # numbers under every panel, not only the last
            ax.grid(axis="x", which="major", color="#e5e5e5", lw=0.8, zorder=0)
            ax.spines["left"].set_visible(False)
        last = axes[-1]
        if scale != "linear":
            last.xaxis.set_major_locator(LogLocator(base=10))
            last.xaxis.set_minor_locator(LogLocator(base=10, subs=(2, 5)))
            last.xaxis.set_minor_formatter(FuncFormatter(_number_formatter))
        else:
            last.xaxis.set_major_locator(MaxNLocator(nbins=6, integer=True))
        last.xaxis.set_major_formatter(FuncFormatter(_number_formatter))
        for ax in axes:
            ax.tick_params(axis="x", which="minor", labelsize=7, labelcolor="#444444")
        last.set_xlabel("Reported number" + ("" if scale == "linear" else " (logarithmic scale)"))
        fig.suptitle(textwrap.fill(title, 90), x=0.01, ha="left", fontsize=10.5, fontweight="bold")
        counters, glyphs = _legend_handles(styles_used, marks)
        bottom = (0.75 + 0.17 * max(len(counters), len(glyphs))) / fig_h
        fig.tight_layout(rect=(0, bottom, 1, 1 - 0.3 / fig_h))
        fig.legend(handles=counters, loc="upper left", fontsize=7.5, frameon=False, alignment="left",
                   title="Counted by (colour and shape)", title_fontsize=7.5,
                   bbox_to_anchor=(0.0, bottom - 0.02))
        fig.legend(handles=glyphs, loc="upper left", fontsize=7.5, frameon=False, alignment="left",
                   title="What the marks mean", title_fontsize=7.5, bbox_to_anchor=(0.5, bottom - 0.02))
        fig.text(0.01, 0.01, textwrap.fill(CREDIT, 130), ha="left", va="bottom", fontsize=6.5, color="#444444")
        save = {"bbox_inches": "tight", "pad_inches": 0.15}
        buf = io.StringIO()
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None, "Title": title,
                                                 "Description": summary}, **save)
        pbuf = io.BytesIO()
        fig.savefig(pbuf, format="png", dpi=150, metadata={"Software": None, "Title": title,
                                                           "Description": summary}, **save)
        plt.close(fig)
    safe = re.sub(r"[^A-Za-z0-9_-]", "-", chart_id)
    svg = _accessible_svg(buf.getvalue(), title, summary, f"c-{safe}-")
    return Chart(title=title, summary=summary, svg=svg, png=pbuf.getvalue(), panels=panels)


def summary_sentence(n_sources: int, marks: Sequence[Mark], n_independent: int | None = None) -> str:
    """One neutral sentence: how many figures and sources, then per panel each distinct figure's words
    and counter, from the lowest to the highest (repeats of another figure left out)."""
    parts = []
    for key in dict.fromkeys((m.measure, m.scope) for m in marks):
        pm = [m for m in marks if (m.measure, m.scope) == key and m.copy_of is None] or \
             [m for m in marks if (m.measure, m.scope) == key]
        pm = sorted(pm, key=lambda m: (_first(m.point, m.low, m.high), _first(m.low, m.point), m.figure_id))
        words = list(dict.fromkeys(f"“{m.number_text}”{_who(m)}" for m in pm))
        parts.append(f"{key[0]} ({key[1].replace('_', ' ')}): {', '.join(words)}")
    n = len(marks)
    lead = f"{n} figure{'s' if n != 1 else ''} from {n_sources} source{'s' if n_sources != 1 else ''}"
    if n_independent is not None and n_independent != n_sources:
        lead += f" ({n_independent} independent)"
    return lead + "; " + "; ".join(parts) + "."


def _first(*values: int | None) -> float:
    for v in values:
        if v is not None:
            return float(v)
    return math.inf


def _who(m: Mark) -> str:
    return f" ({m.counter_name})" if m.counter_name else ""
