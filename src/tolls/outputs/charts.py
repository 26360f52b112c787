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

The chart is laid out once as a list of shapes (lines, markers, text) and written twice: as SVG text and,
with Pillow, as PNG. matplotlib drew the same charts in 2 to 10 s each (4.5 s on average for ten events of a
10,000-figure package), which made a report of 5,000 events take hours; writing the shapes directly takes
about 40 ms of CPU. Text is
measured with the DejaVu Sans metrics the PNG is drawn with; the SVG names that font first. Text is never
parsed as TeX math or markup: "$5 ransom" is drawn as it is, and escaped in the SVG.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import io
import math
import re
import textwrap
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFont
from PIL.PngImagePlugin import PngInfo

# Okabe & Ito (2008), "Color Universal Design": distinguishable under the common colour-vision
# deficiencies. Black is kept out of the counter colours (it is the colour of the axes and text).
OKABE_ITO = ["#E69F00", "#56B4E9", "#009E73", "#0072B2", "#D55E00", "#CC79A7", "#F0E442"]
# The counters' colours: Okabe-Ito's yellow is left out, too faint on white for a line a reader must follow (a
# body's series in a timeline). Six colours and eight markers give 24 counters a pair of their own.
COUNTER_COLOURS = [c for c in OKABE_ITO if c != "#F0E442"]
NO_COUNTER_COLOUR = "#666666"
MARKERS = ["o", "s", "D", "^", "v", "P", "X", "h"]
NO_COUNTER_MARKER = "*"
NO_COUNTER_LABEL = "No counter named"

# The credit line every PNG and SVG carries, so an editor can publish a chart as it is.
CREDIT = (
    "Source: tolls data package (CC BY 4.0), figures as reported in the texts named on the left; "
    "an arrow runs on where the words give no bound."
)

WIDTH = 900  # SVG user units (px); the PNG is drawn at PNG_SCALE times this (1350 px, as 9 in at 150 dpi)
PNG_SCALE = 1.5
FONT_FAMILY = "'DejaVu Sans', Verdana, Arial, sans-serif"
# font sizes in px (matplotlib's points at 100 px per inch, as the charts were before)
SIZE_TITLE, SIZE_PANEL, SIZE_SMALL, SIZE_TICK, SIZE_MINOR, SIZE_CREDIT = 14.6, 11.8, 10.4, 12.5, 9.7, 9.0
TEXT = "#222222"
GRID = "#e5e5e5"
SEPARATOR = "#dddddd"
GREY = "#444444"


# A hash of this module's code, read when it is imported (the code that runs, even if the file changes later).
_CODE_VERSION = hashlib.sha256(Path(__file__).read_bytes()).hexdigest()[:16]


def chart_code_version() -> str:
    """A hash of the code that draws the charts: a cached chart is drawn again when it changes."""
    return _CODE_VERSION


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
        styles[actor_id] = Style(COUNTER_COLOURS[i % len(COUNTER_COLOURS)], MARKERS[i % len(MARKERS)], name)
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


# --------------------------------------------------------------------------- the axis


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
    hi_lim: float = hi * (5 if open_right else 2)
    if hi_lim / lo_lim < 100:  # at least two decades, so that the log axis has labelled ticks
        mid = math.sqrt(hi_lim * lo_lim)
        lo_lim, hi_lim = mid / 10, mid * 10
    if any(v == 0 for v in values):
        return 0.0, hi_lim, "symlog"
    return lo_lim, hi_lim, "log"


def _number_formatter(x: float, _pos: int = 0) -> str:
    if x <= 0:
        return "0"
    if x >= 1 and abs(x - round(x)) < 1e-9:
        return f"{int(round(x)):,}"
    return f"{x:g}"


def _transform(scale: str) -> Callable[[float], float]:
    if scale == "log":
        return math.log10
    if scale == "symlog":  # linear up to 1, logarithmic beyond (matplotlib's symlog with linthresh=1)
        return lambda v: v if v <= 1 else 1 + math.log10(v)
    return float


def _ticks(lo: float, hi: float, scale: str) -> tuple[list[float], list[float]]:
    """Major and labelled minor ticks within [lo, hi]."""

    def inside(v: float) -> bool:
        return lo * (1 - 1e-9) <= v <= hi * (1 + 1e-9)

    if scale == "linear":
        raw = max((hi - lo) / 6, 1.0)  # at most 6 steps of a whole number of people
        mag = 10 ** math.floor(math.log10(raw))
        step = next(s * mag for s in (1, 2, 2.5, 5, 10) if s * mag >= raw and (s * mag) % 1 == 0)
        first = math.ceil(lo / step) * step
        majors = [first + i * step for i in range(int((hi - first) / step) + 1)]
        return [v for v in majors if inside(v)], []
    start = math.floor(math.log10(max(lo, 1e-12))) if scale == "log" else 0
    end = math.ceil(math.log10(hi))
    majors = [10.0**k for k in range(start, end + 1)]
    minors = [s * 10.0**k for k in range(start, end + 1) for s in (2, 5)]
    if scale == "symlog":
        majors = [0.0, *majors]
    majors = [v for v in majors if inside(v)]
    minors = [v for v in minors if inside(v)] if end - start <= 4 else []  # labels would run into each other
    return majors, minors


# --------------------------------------------------------------------------- text


@functools.cache
def _font(size: float, bold: bool = False) -> ImageFont.FreeTypeFont:
    """DejaVu Sans 2.35 (Latin, Greek, Cyrillic, Arabic), shipped in tolls/outputs/fonts/ with its licence, so that
    every machine measures and draws the same text."""
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(Path(__file__).parent / "fonts" / name), size)


@functools.lru_cache(maxsize=65536)
def _width(text: str, size: float, bold: bool = False) -> float:
    return _font(size, bold).getlength(text)


# --------------------------------------------------------------------------- shapes

# A shape: ("line", x1, y1, x2, y2, colour, width, dashed)
#          ("marker", kind, x, y, radius, face, edge, edge_width)
#          ("text", x, y, text, size, colour, anchor, bold)   anchor: start | middle | end; y is the baseline
Shape = tuple


def _marker_points(kind: str, x: float, y: float, r: float) -> list[tuple[float, float]]:
    def poly(n: int, rot: float, rr: float = r) -> list[tuple[float, float]]:
        return [
            (x + rr * math.cos(rot + 2 * math.pi * i / n), y + rr * math.sin(rot + 2 * math.pi * i / n))
            for i in range(n)
        ]

    if kind == "s":
        return poly(4, math.pi / 4, r * 1.1)
    if kind == "D":
        return poly(4, 0, r * 1.15)
    if kind == "^":
        return poly(3, -math.pi / 2, r * 1.15)
    if kind == "v":
        return poly(3, math.pi / 2, r * 1.15)
    if kind == "<":
        return poly(3, math.pi, r * 1.15)
    if kind == ">":
        return poly(3, 0, r * 1.15)
    if kind == "h":
        return poly(6, -math.pi / 2, r * 1.05)
    if kind == "*":
        return [
            (
                x + (r * 1.3 if i % 2 == 0 else r * 0.55) * math.cos(-math.pi / 2 + math.pi * i / 5),
                y + (r * 1.3 if i % 2 == 0 else r * 0.55) * math.sin(-math.pi / 2 + math.pi * i / 5),
            )
            for i in range(10)
        ]
    if kind in ("P", "X"):
        a, b = r, r / 3
        cross = [
            (-b, -a),
            (b, -a),
            (b, -b),
            (a, -b),
            (a, b),
            (b, b),
            (b, a),
            (-b, a),
            (-b, b),
            (-a, b),
            (-a, -b),
            (-b, -b),
        ]
        if kind == "X":
            c = math.sqrt(0.5)
            cross = [((px - py) * c, (px + py) * c) for px, py in cross]
        return [(x + px, y + py) for px, py in cross]
    return []  # "o": a circle


def _svg(shapes: list[Shape], width: float, height: float, title: str, summary: str, id_prefix: str) -> str:
    def n(v: float) -> str:
        return f"{v:.1f}".rstrip("0").rstrip(".")

    title_id, desc_id = f"{id_prefix}title", f"{id_prefix}desc"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{n(width)}" height="{n(height)}" '
        f'viewBox="0 0 {n(width)} {n(height)}" role="img" aria-labelledby={quoteattr(title_id + " " + desc_id)} '
        f'font-family="{FONT_FAMILY}">',
        f"<title id={quoteattr(title_id)}>{escape(title)}</title>"
        f"<desc id={quoteattr(desc_id)}>{escape(summary)}</desc>",
        f'<rect width="{n(width)}" height="{n(height)}" fill="#ffffff"/>',
    ]
    for s in shapes:
        if s[0] == "line":
            _, x1, y1, x2, y2, colour, w, dashed = s
            dash = f' stroke-dasharray="{n(w * 1.5)} {n(w)}"' if dashed else ""
            out.append(f'<path d="M{n(x1)} {n(y1)}L{n(x2)} {n(y2)}" stroke="{colour}" stroke-width="{n(w)}"{dash}/>')
        elif s[0] == "marker":
            _, kind, x, y, r, face, edge, w = s
            points = _marker_points(kind, x, y, r)
            if points:
                d = "M" + "L".join(f"{n(px)} {n(py)}" for px, py in points) + "Z"
            else:
                d = f"M{n(x - r)} {n(y)}a{n(r)} {n(r)} 0 1 0 {n(2 * r)} 0a{n(r)} {n(r)} 0 1 0 {n(-2 * r)} 0Z"
            out.append(f'<path d="{d}" fill="{face or "none"}" stroke="{edge}" stroke-width="{n(w)}"/>')
        elif s[0] == "group":
            out.append(f"<g class={quoteattr(s[1])} data-figure-id={quoteattr(s[2])}>" if s[1] else "</g>")
        else:
            _, x, y, text, size, colour, anchor, bold = s
            weight = ' font-weight="bold"' if bold else ""
            out.append(
                f'<text x="{n(x)}" y="{n(y)}" font-size="{n(size)}" fill="{colour}" '
                f'text-anchor="{anchor}"{weight} xml:space="preserve">{escape(text)}</text>'
            )
    out.append("</svg>")
    return "\n".join(out)


@functools.lru_cache(maxsize=8192)
def _text_mask(text: str, size: float, bold: bool, anchor: str) -> tuple[Image.Image, int, int]:
    """The text drawn once as a mask, and where it sits from its anchor point. Most texts recur from chart to
    chart (ticks, legends, the credit, a source's band in each panel): drawing them was half of a chart's time."""
    font = _font(size, bold)
    pillow_anchor = {"start": "ls", "middle": "ms", "end": "rs"}[anchor]
    left, top, right, bottom = (int(v) for v in font.getbbox(text, anchor=pillow_anchor))
    mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
    ImageDraw.Draw(mask).text((-left, -top), text, fill=255, font=font, anchor=pillow_anchor)
    return mask, left, top


@functools.cache
def _palette() -> Image.Image:
    """Every colour a chart uses, each ink also blended with white in 12 steps (smoothed text and edges). No blend
    lighter than a fifth of the ink: Pillow matches colours by coarse bins, and one would take white's place."""
    inks = [*OKABE_ITO, NO_COUNTER_COLOUR, TEXT, GREY, "#000000"]
    colours: list[tuple[int, ...]] = [(255, 255, 255), (0xE5, 0xE5, 0xE5), (0xDD, 0xDD, 0xDD)]  # GRID, SEPARATOR
    for ink in inks:
        rgb = tuple(int(ink[i : i + 2], 16) for i in (1, 3, 5))
        for step in range(12):
            a = 0.2 + 0.8 * step / 11
            colour = tuple(round(255 + (c - 255) * a) for c in rgb)
            if colour not in colours:
                colours.append(colour)
    palette = Image.new("P", (1, 1))
    palette.putpalette([c for colour in colours[:256] for c in colour])
    return palette


def _png(shapes: list[Shape], width: float, height: float, title: str, summary: str) -> bytes:
    # Drawn at its own size, not larger and reduced (smoother edges, but three times the time); then mapped to a
    # fixed palette (the chart's colours and their blends with white, which smoothed text is made of): a
    # quarter of the time of choosing a palette per image, and a third of the size of full colour.
    k = PNG_SCALE
    image = Image.new("RGB", (round(width * k), round(height * k)), "white")
    draw = ImageDraw.Draw(image)
    for s in shapes:
        if s[0] == "line":
            _, x1, y1, x2, y2, colour, w, dashed = s
            if not dashed:
                draw.line([(x1 * k, y1 * k), (x2 * k, y2 * k)], fill=colour, width=max(1, round(w * k)))
                continue
            on, off, length = w * 1.5, w, math.hypot(x2 - x1, y2 - y1)
            pos = 0.0
            while pos < length:
                a, b = pos / length, min(pos + on, length) / length
                draw.line(
                    [
                        ((x1 + (x2 - x1) * a) * k, (y1 + (y2 - y1) * a) * k),
                        ((x1 + (x2 - x1) * b) * k, (y1 + (y2 - y1) * b) * k),
                    ],
                    fill=colour,
                    width=max(1, round(w * k)),
                )
                pos += on + off
        elif s[0] == "marker":
            _, kind, x, y, r, face, edge, w = s
            points = [(px * k, py * k) for px, py in _marker_points(kind, x, y, r)]
            if points:
                draw.polygon(points, fill=face, outline=edge, width=max(1, round(w * k)))
            else:
                draw.ellipse(
                    [(x - r) * k, (y - r) * k, (x + r) * k, (y + r) * k],
                    fill=face,
                    outline=edge,
                    width=max(1, round(w * k)),
                )
        elif s[0] == "text":
            _, x, y, text, size, colour, anchor, bold = s
            mask, left, top = _text_mask(text, size * k, bold, anchor)
            image.paste(colour, (round(x * k) + left, round(y * k) + top), mask)
    image = image.quantize(palette=_palette(), dither=Image.Dither.NONE)
    info = PngInfo()
    info.add_text("Title", title)
    info.add_itxt("Description", summary)
    buf = io.BytesIO()
    image.save(buf, format="PNG", pnginfo=info, compress_level=3)  # 6 takes 4 times as long for 20% less
    return buf.getvalue()


# --------------------------------------------------------------------------- one chart


ROW = 27.0  # px per figure: its words above its mark
BAND_GAP = 8.0
LABEL_LINE = 12.5


def _band_label(text: str, width: int = 34) -> str:
    lines = []
    for part in text.split("\n"):
        lines.extend(textwrap.wrap(part, width) or [""])
    return "\n".join(lines)


def _draw_mark(
    shapes: list[Shape],
    y: float,
    m: Mark,
    style: Style,
    x_of: Callable[[float], float],
    xlim: tuple[float, float],
    plot: tuple[float, float],
) -> None:
    hollow = m.copy_of is not None
    face = "#ffffff" if hollow else style.colour
    r, ew = 5.0, 2.2
    lo, hi = m.low, m.high
    shapes.append(("group", "mark", m.figure_id))
    if lo is not None and hi is not None and lo == hi:
        shapes.append(("marker", style.marker, x_of(lo), y, r, face, style.colour, ew))
        anchor = x_of(lo)
    else:
        start = plot[0] if lo is None else x_of(lo)
        end = plot[1] if hi is None else x_of(hi)
        shapes.append(("line", start, y, end, y, style.colour, 3.0, hollow))
        if lo is not None:
            shapes.append(("line", start, y - 7.5, start, y + 7.5, style.colour, 2.8, False))
        else:
            shapes.append(("marker", "<", start, y, r, "#ffffff", style.colour, ew))
        if hi is not None:
            shapes.append(("line", end, y - 7.5, end, y + 7.5, style.colour, 2.8, False))
        else:
            shapes.append(("marker", ">", end, y, r, "#ffffff", style.colour, ew))
        if m.point is not None:
            shapes.append(("marker", style.marker, x_of(m.point), y, r, face, style.colour, ew))
        value = m.point if m.point is not None else (lo if lo is not None else hi)
        anchor = x_of(value) if value is not None else (start + end) / 2
    words = f"“{m.number_text}”"
    if m.victim_group != m.scope:
        words += f" · {m.victim_group.replace('_', ' ')}"
    if hollow:
        words += f" · repeats {m.copy_of}"
    half = _width(words, SIZE_SMALL) / 2
    x = min(max(anchor, plot[0] + half), WIDTH - 4 - half)  # the words stay inside the chart
    shapes.append(("text", x, y - 9, words, SIZE_SMALL, TEXT, "middle", False))
    shapes.append(("group", "", ""))


def _legend(shapes: list[Shape], x: float, y: float, title: str, entries: list[tuple[Style | None, str, str]]) -> float:
    """entries: (style or None for grey, glyph kind, label). Returns the y below the legend."""
    shapes.append(("text", x, y, title, SIZE_SMALL, TEXT, "start", False))
    y += 17
    for style, kind, label in entries:
        colour = style.colour if style else GREY
        mid = y - 4
        if kind != "point":
            shapes.append(("line", x, mid, x + 26, mid, colour, 3.0, kind == "repeat"))
        if kind in ("counter", "point"):
            shapes.append(("marker", style.marker if style else "o", x + 13, mid, 5.0, colour, colour, 2.2))
        elif kind == "interval":
            shapes.append(("line", x + 13, mid - 6.5, x + 13, mid + 6.5, colour, 2.8, False))
        elif kind == "open":
            shapes.append(("marker", ">", x + 13, mid, 5.0, "#ffffff", colour, 2.2))
        elif kind == "repeat":
            shapes.append(("marker", "o", x + 13, mid, 5.0, "#ffffff", colour, 2.2))
        shapes.append(("text", x + 34, y, label, SIZE_SMALL, TEXT, "start", False))
        y += 17
    return y


def _glyph_entries(marks: Sequence[Mark]) -> list[tuple[Style | None, str, str]]:
    glyphs: list[tuple[Style | None, str, str]] = []
    if any(m.low is not None and m.low == m.high for m in marks):
        glyphs.append((None, "point", "exact: a point"))
    if any(m.low is not None and m.high is not None and m.low != m.high for m in marks):
        glyphs.append((None, "interval", "interval: bar between bounds"))
    if any((m.low is None) != (m.high is None) for m in marks):
        glyphs.append((None, "open", "no bound given: arrow to the axis edge"))
    if any(m.copy_of for m in marks):
        glyphs.append((None, "repeat", "repeats another figure (counts once)"))
    return glyphs


def range_chart(
    chart_id: str, title: str, summary: str, marks: Sequence[Mark], styles: dict[str | None, Style]
) -> Chart:
    """Draw one event's figures. `chart_id` (e.g. the event_id) makes the SVG's ids unique in a page."""
    if not marks:
        raise ValueError(f"{chart_id}: no figures to draw")
    panels: list[tuple[str, str]] = list(dict.fromkeys((m.measure, m.scope) for m in marks))
    by_panel = {
        key: sorted(
            (m for m in marks if (m.measure, m.scope) == key),
            key=lambda m: (m.sort_key, m.source_id, m.copy_of is not None, m.figure_id),
        )
        for key in panels
    }
    labels = {m.source_id: _band_label(m.source_label) for m in marks}
    label_w = max(_width(line, SIZE_SMALL) for text in labels.values() for line in text.split("\n"))
    plot = (min(12 + label_w + 14, WIDTH * 0.42), WIDTH - 24.0)
    xlim = _axis_limits(marks)
    t = _transform(xlim[2])
    t_lo, t_hi = t(xlim[0]), t(xlim[1])

    def x_of(v: float) -> float:
        v = min(max(v, xlim[0]), xlim[1])
        return plot[0] + (t(v) - t_lo) / (t_hi - t_lo) * (plot[1] - plot[0])

    majors, minors = _ticks(xlim[0], xlim[1], xlim[2])
    shapes: list[Shape] = []
    y = 8.0
    for line in textwrap.wrap(title, 90) or [""]:
        y += SIZE_TITLE * 1.25
        shapes.append(("text", 10, y, line, SIZE_TITLE, "#000000", "start", True))
    y += 10
    styles_used: list[Style] = []
    for key in panels:
        y += SIZE_PANEL * 1.3
        shapes.append(
            (
                "text",
                plot[0],
                y,
                f"{key[0]} · compared within: {key[1].replace('_', ' ')}",
                SIZE_PANEL,
                TEXT,
                "start",
                False,
            )
        )
        top = y + 4
        rows: list[tuple[float, Mark]] = []
        bands: list[tuple[float, float, str]] = []  # first row y, last row y, label
        runs: list[list[Mark]] = []  # one band per run of one source's figures
        for m in by_panel[key]:
            if runs and runs[-1][0].source_id == m.source_id:
                runs[-1].append(m)
            else:
                runs.append([m])
        y = top + 16
        separators = []
        for i, run in enumerate(runs):
            if i:  # a figure's words sit up to 20 px above its mark: the line runs between two bands' contents
                separators.append(y - 15.5)
                y += BAND_GAP
            label = labels[run[0].source_id]
            # a band is as tall as its label, so that labels of one-figure bands do not run into each other
            height = max(len(run) * ROW, (label.count("\n") + 1) * LABEL_LINE + 10)
            first = y + (height - len(run) * ROW) / 2
            for j, m in enumerate(run):
                rows.append((first + j * ROW, m))
            bands.append((first, first + (len(run) - 1) * ROW, label))
            y += height
        bottom = y - ROW + 12
        for v in majors:
            shapes.append(("line", x_of(v), top, x_of(v), bottom, GRID, 1.0, False))
        for sep in separators:
            shapes.append(("line", plot[0], sep, plot[1], sep, SEPARATOR, 1.0, False))
        for first, last, text in bands:
            lines = text.split("\n")
            mid = (first + last) / 2
            for i, line in enumerate(lines):
                base = mid + (i - (len(lines) - 1) / 2) * LABEL_LINE + 3.5
                shapes.append(("text", plot[0] - 10, base, line, SIZE_SMALL, TEXT, "end", False))
        for row_y, m in rows:
            style = styles.get(m.counter, styles[None])
            if style not in styles_used:
                styles_used.append(style)
            _draw_mark(shapes, row_y, m, style, x_of, (xlim[0], xlim[1]), plot)
        shapes.append(("line", plot[0], bottom, plot[1], bottom, "#000000", 1.0, False))
        for v in majors:
            shapes.append(("line", x_of(v), bottom, x_of(v), bottom + 4, "#000000", 1.0, False))
            shapes.append(("text", x_of(v), bottom + 17, _number_formatter(v), SIZE_TICK, TEXT, "middle", False))
        for v in minors:
            shapes.append(("line", x_of(v), bottom, x_of(v), bottom + 2.5, "#000000", 0.8, False))
            shapes.append(("text", x_of(v), bottom + 15, _number_formatter(v), SIZE_MINOR, GREY, "middle", False))
        y = bottom + 26
    y += 6
    shapes.append(
        (
            "text",
            (plot[0] + plot[1]) / 2,
            y,
            "Reported number" + ("" if xlim[2] == "linear" else " (logarithmic scale)"),
            SIZE_TICK,
            TEXT,
            "middle",
            False,
        )
    )
    y += 22
    counters: list[tuple[Style | None, str, str]] = [(s, "counter", s.label) for s in styles_used]
    end = max(
        _legend(shapes, 10, y, "Counted by (colour and shape)", counters),
        _legend(shapes, WIDTH / 2, y, "What the marks mean", _glyph_entries(marks)),
    )
    y = end + 4
    for line in textwrap.wrap(CREDIT, 130):
        y += SIZE_CREDIT * 1.3
        shapes.append(("text", 10, y, line, SIZE_CREDIT, GREY, "start", False))
    height = y + 10
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "_-") else "-" for c in chart_id)
    svg = _svg(shapes, WIDTH, height, title, summary, f"c-{safe}-")
    return Chart(title=title, summary=summary, svg=svg, png=_png(shapes, WIDTH, height, title, summary), panels=panels)


def summary_sentence(n_sources: int, marks: Sequence[Mark], n_independent: int | None = None) -> str:
    """One neutral sentence: how many figures and sources, then per panel each distinct figure's words
    and counter, from the lowest to the highest (repeats of another figure left out)."""
    parts = []
    for key in dict.fromkeys((m.measure, m.scope) for m in marks):
        pm = [m for m in marks if (m.measure, m.scope) == key and m.copy_of is None] or [
            m for m in marks if (m.measure, m.scope) == key
        ]
        pm = sorted(pm, key=lambda m: (_first(m.point, m.low, m.high), _first(m.low, m.point), m.figure_id))
        words = list(dict.fromkeys(f"“{m.number_text}”{_who(m)}" for m in pm))
        parts.append(f"{key[0]} ({key[1].replace('_', ' ')}): {', '.join(words)}")
    n = len(marks)
    lead = f"{n} figure{'s' if n != 1 else ''} from {n_sources} source{'s' if n_sources != 1 else ''}"
    if n_independent is not None:
        lead += f", counted by {n_independent} independent bod{'y' if n_independent == 1 else 'ies'}"
    return lead + "; " + "; ".join(parts) + "."


def _first(*values: int | None) -> float:
    for v in values:
        if v is not None:
            return float(v)
    return math.inf


def _who(m: Mark) -> str:
    return f" ({m.counter_name})" if m.counter_name else ""


# --------------------------------------------------------------------------- the journalist's picture: a timeline

# One panel per (measure, victim scope): each independent body's dated counts of the event as steps on a time axis
# (a step holds until the body's next count), so that a reader sees who said what, when, and how each count moved.
# Only a body's whole-event counts are drawn: parts of a total (a province, a day) are never drawn as totals, and an
# undated figure cannot be placed in time; the chart says how many it leaves out. A verified minimum (or a count its
# author calls an undercount) is hollow and dashed; the range's headline is ringed and named above the plot.
#
# The time axis keeps the dates in order but not to scale: counts come fast in the first days and an inquiry's
# months later, and a linear axis would squeeze the first week's updates into a few pixels. Each gap between two
# dates takes 1 + log2(days) / 2 units (one day 1, a week 2.4, a hundred days 4.3); a gap of more than a week is
# marked // on the axis.
#
# The page's SVG is TIMELINE_WIDTH units wide with text large enough to stay readable when a phone shows it 370 px
# wide; the article PNG is laid out at ARTICLE_SIZE and drawn at PNG_SCALE: 1200 x 675 px.

TIMELINE_WIDTH = 420
ARTICLE_SIZE = (800, 450)
BREAK_DAYS = 7
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@dataclass(frozen=True)
class Step:
    """One dated whole-event figure of one body, as the timeline needs it."""

    figure_id: str
    body: str  # the series: one independent body
    body_name: str  # its name in full
    short_name: str  # as a label and in the sentence ('SOHR')
    counter: str | None  # the actor, for its colour and marker
    as_of: dt.date
    low: int | None
    point: int | None
    high: int | None
    label: str  # the figure in words: 'at least 1,225'
    victim_group: str
    minimum: bool = False  # a verified minimum, or a count its author calls an undercount
    said_by: str = ""  # the office whose count it is, when not the body itself ('Latakia Health Directorate')


@dataclass(frozen=True)
class Panel:
    """One (measure, scope) of an event: its steps, its headline figure, and what the chart leaves out."""

    measure: str
    scope: str
    steps: tuple[Step, ...]
    headline: str | None = None  # figure_id of the range's headline
    undated: int = 0
    parts: int = 0
    scope_words: str = ""  # the scope in a few words ('all victims'); else the scope's name

    @property
    def slug(self) -> str:
        return re.sub(r"[^a-z0-9_-]+", "-", f"{self.measure}-{self.scope}".lower())


def distinct_colours(styles: Sequence[Style], counts: Sequence[int] = ()) -> list[Style]:
    """The series' styles with no colour twice in one picture: a counter's own colour where it is free, else the
    first counter colour no other series has (its marker and name stay its own). Six colours are shared by every
    counter of the package, so two bodies of one panel can have the same one; the series with more counts (counts,
    one per style) keeps its colour, as it has in the package's other pictures."""
    used: set[str] = set()
    out = list(styles)
    for i in sorted(range(len(out)), key=lambda i: -counts[i] if i < len(counts) else 0):
        if out[i].colour in used and out[i].colour != NO_COUNTER_COLOUR:
            free = next((c for c in COUNTER_COLOURS if c not in used), None)
            out[i] = replace(out[i], colour=free) if free else out[i]
        used.add(out[i].colour)
    return out


def step_value(step: Step) -> int | None:
    """Where a step stands: the number the words state when the interval holds it, else its lower bound."""
    return step.point if step.point is not None else step.low if step.low is not None else step.high


def series(panel: Panel) -> list[list[Step]]:
    """The panel's steps, one list per body, each in date order; the headline's body first, then the bodies with
    more counts, then with higher last values."""
    by_body: dict[str, list[Step]] = {}
    for s in sorted(panel.steps, key=lambda s: (s.as_of, step_value(s) or 0, s.figure_id)):
        by_body.setdefault(s.body, []).append(s)

    def order(run: list[Step]) -> tuple:
        headline = any(s.figure_id == panel.headline for s in run)
        return (not headline, -len(run), -(step_value(run[-1]) or 0), run[0].short_name, run[0].body)

    return sorted(by_body.values(), key=order)


def panel_words(panel: Panel) -> str:
    """'civilians killed'."""
    return f"{panel.scope_words or panel.scope.replace('_', ' ')} {panel.measure}"


def day_words(day: dt.date, year: bool = True) -> str:
    """'8 March 2025' (or '8 March')."""
    return f"{day.day} {MONTHS[day.month - 1]}" + (f" {day.year}" if year else "")


def _short_day(day: dt.date, year: bool) -> str:
    return f"{day.day} {MONTHS[day.month - 1][:3]}" + (f" {day.year}" if year else "")


def _named(name: str) -> str:
    """A body's name inside a sentence: an acronym or a one-word name as it is, a name with its own article with
    that article in lower case ('a source not named'), else with 'the'."""
    if re.match(r"(A|An|The|a|an|the) ", name):
        return name[0].lower() + name[1:]
    if len(name.split()) == 1 or re.fullmatch(r"[A-Z][A-Z0-9-]{1,7}", name):
        return name
    return f"the {name}"


def _possessive(name: str) -> str:
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def timeline_sentence(panel: Panel) -> str:
    """The text alternative: one sentence, one clause per body (its first and last count and their dates), then
    the headline, e.g. "SOHR's count of civilians killed rose from 311 on 8 March 2025 to 1,476 on 14 March in 8
    counts; SNHR reported 1,334 as of 31 March; the headline figure is 1,476, SOHR's count as of 14 March."
    The year is said with the first date, and again only where it changes."""
    runs = series(panel)
    words = panel_words(panel)
    said: list[int] = []

    def when(day: dt.date) -> str:
        text = day_words(day, year=not said or said[-1] != day.year)
        said.append(day.year)
        return text

    def said_as(step: Step) -> str:
        group = step.victim_group.replace("_", " ")
        return step.label if step.victim_group == panel.scope else f"{step.label} ({group})"

    clauses = []
    for i, run in enumerate(runs):
        name, first, last = _named(run[0].short_name), run[0], run[-1]
        if len({(s.as_of, said_as(s)) for s in run}) == 1:  # one count, given on several pages: said once
            what = f"{said_as(first)} {words}" if i == 0 else said_as(first)
            if first.minimum:
                clause = f"{name} gave {what} as a verified minimum as of {when(first.as_of)}"
            else:
                clause = f"{name} reported {what} as of {when(first.as_of)}"
        else:
            a, b = step_value(first) or 0, step_value(last) or 0
            verb = "rose" if a < b else "fell" if a > b else "stood"
            what = f" of {words}" if i == 0 else ""
            kind = "minimum" if all(s.minimum for s in run) else "count"
            clause = f"{_possessive(name)} {kind}{what} "
            if said_as(first) == said_as(last):  # the same words first and last: it stood, whatever came between
                clause += f"stood at {said_as(last)}"
                clause += f" on {when(last.as_of)}" if first.as_of == last.as_of else ""
                clause += "" if first.as_of == last.as_of else f" from {when(first.as_of)} to {when(last.as_of)}"
            elif first.as_of == last.as_of:
                clause += f"{verb} from {said_as(first)} to {said_as(last)} on {when(last.as_of)}"
            else:
                clause += (
                    f"{verb} from {said_as(first)} on {when(first.as_of)} to {said_as(last)} on {when(last.as_of)}"
                )
            clause += f" in {len(run)} counts"
        clauses.append(clause)
    head = next((s for s in panel.steps if s.figure_id == panel.headline), None)
    if head is not None and len(panel.steps) > 1:  # with one figure, the clause above has said it
        who = _possessive(_named(head.said_by or head.short_name))
        clauses.append(f"the headline figure is {head.label}, {who} count as of {when(head.as_of)}")
    text = "; ".join(clauses)
    return text[:1].upper() + text[1:] + "."


def _date_positions(days: Sequence[dt.date]) -> tuple[dict[dt.date, float], list[tuple[dt.date, dt.date]]]:
    """Each date's place on the axis (in units: see above) and the gaps of more than BREAK_DAYS."""
    ordered = sorted(set(days))
    places, breaks, at = {ordered[0]: 0.0}, [], 0.0
    for before, after in zip(ordered, ordered[1:], strict=False):
        gap = (after - before).days
        at += 1 + math.log2(gap) / 2
        places[after] = at
        if gap > BREAK_DAYS:
            breaks.append((before, after))
    return places, breaks


def _value_ticks(top: float) -> list[float]:
    majors, _ = _ticks(0.0, top, "linear")
    return majors


def _wrap_px(text: str, size: float, width: float, bold: bool = False) -> list[str]:
    """Words wrapped so that each line is at most `width` units wide in DejaVu Sans at `size`."""
    return list(_wrapped(text, size, width, bold))


@functools.lru_cache(maxsize=4096)
def _wrapped(text: str, size: float, width: float, bold: bool) -> tuple[str, ...]:
    # cached: the notes and titles recur from chart to chart, and measuring text was half of a timeline's time
    lines: list[str] = []
    for word in text.split():
        if lines and _width(lines[-1] + " " + word, size, bold) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return tuple(lines) or ("",)


def _fit(text: str, size: float, width: float) -> str:
    """The text, shortened by whole words from the end (or by letters, for one long word) to fit `width` units,
    with an ellipsis where it is cut."""
    if _width(text, size) <= width:
        return text
    words = text.removesuffix(" …").split()
    while len(words) > 1 and _width(" ".join(words) + " …", size) > width:
        words.pop()
    text = " ".join(words) + " …"
    while _width(text, size) > width and len(text) > 2:
        text = text[:-3].rstrip() + " …"
    return text


def _spread(anchors: list[tuple[float, float]], top: float, bottom: float, gap: float) -> list[float]:
    """Tops for labels of the given (anchor y, height), in anchor order, none overlapping, each as near its anchor as
    the others let it be, within [top, bottom] where they fit."""
    tops = [a - h / 2 for a, h in anchors]
    for i in range(1, len(tops)):
        tops[i] = max(tops[i], tops[i - 1] + anchors[i - 1][1] + gap)
    if tops and tops[-1] + anchors[-1][1] > bottom:
        tops[-1] = bottom - anchors[-1][1]
        for i in range(len(tops) - 2, -1, -1):
            tops[i] = min(tops[i], tops[i + 1] - anchors[i][1] - gap)
    if tops and tops[0] < top:
        shift = top - tops[0]
        tops = [t + shift for t in tops]
    return tops


def timeline_chart(
    chart_id: str,
    title: str,
    subtitle: str,
    panel: Panel,
    styles: dict[str | None, Style],
    size: tuple[float, float | None] = (TIMELINE_WIDTH, None),
    png: bool = False,
) -> Chart:
    """Draw one panel: SVG (and, with png, the PNG) with a title, and the sentence as its text alternative.
    size: (width, height) in units; a height of None fits the content (the page), a number fixes it (the article)."""
    if not panel.steps:
        raise ValueError(f"{chart_id}: no dated figure to draw")
    width, fixed = size
    wide = width >= 600
    s_title, s_text, s_tick, s_note = (19.0, 15.0, 14.0, 12.5) if wide else (17.0, 14.5, 13.5, 13.0)
    runs = series(panel)
    summary = timeline_sentence(panel)
    head = next((s for s in panel.steps if s.figure_id == panel.headline), None)
    places, breaks = _date_positions([s.as_of for s in panel.steps])
    styles_of = distinct_colours([styles.get(run[0].counter, styles[None]) for run in runs], [len(r) for r in runs])

    # end labels: the last value of each series, and its body's name where it fits
    label_w = 170.0 if wide else 122.0
    labels = []
    for run, style in zip(runs, styles_of, strict=True):
        last = run[-1]
        value = ("min. " if last.minimum else "") + last.label
        lines = _wrap_px(value, s_text, label_w - 16, bold=True)
        # the article has no legend: its labels name the body in full where two lines hold the name
        name = _wrap_px(last.body_name, s_note, label_w - 16) if wide else []
        if not name or len(name) > 2:
            name = _wrap_px(last.short_name, s_note, label_w - 16)
        if len(name) > 2:  # the legend under the plot (or the sentence) has it in full
            name = [name[0], _fit(name[1] + " …", s_note, label_w - 16)]
        labels.append((run, style, lines, name))

    # the frame, top to bottom
    shapes: list[Shape] = []
    y = 6.0
    for line in _wrap_px(title, s_title, width - 20, bold=True):
        y += s_title * 1.25
        shapes.append(("text", 10, y, line, s_title, "#000000", "start", True))
    for line in _wrap_px(subtitle, s_note, width - 20):
        y += s_note * 1.35
        shapes.append(("text", 10, y, line, s_note, GREY, "start", False))
    if head is not None:
        who = head.said_by or head.short_name  # the office that gave it, for a body of several offices
        words = f"Headline: {head.label}, {_possessive(who)} count as of {_short_day(head.as_of, True)}"
        for i, line in enumerate(_wrap_px(words, s_text, width - 40, bold=True)):
            y += s_text * 1.35
            shapes.append(("text", 30, y, line, s_text, TEXT, "start", True))
            if i == 0:  # the ring, as it marks the headline in the plot, beside the first line
                shapes.append(("marker", "o", 17, y - s_text * 0.35, 6.5, None, "#000000", 1.8))
    plot_top = y + 22

    notes = [
        "A step is a body's count as of that date, held until its next count; a bar, the interval its words allow"
        + ("; an arrow up, no upper bound" if any(s.high is None and s.low is not None for s in panel.steps) else "")
        + ("; hollow and dashed, a verified minimum" if any(s.minimum for s in panel.steps) else "")
        + ("; ringed, the headline" if head is not None else "")
        + "."
    ]
    left_out = []
    if panel.parts:
        left_out.append(f"{panel.parts} part{'s' if panel.parts != 1 else ''} of a total (a province, a day)")
    if panel.undated:
        left_out.append(f"{panel.undated} undated figure{'s' if panel.undated != 1 else ''}")
    if left_out:
        notes.append("Not drawn: " + " and ".join(left_out) + ".")
    notes.append(
        "Dates in order, not to scale"
        + ("; // marks a gap of more than a week." if breaks else ".")
        + " Source: tolls data package (CC BY 4.0), each body's counts as published."
    )
    note_lines = [line for note in notes for line in _wrap_px(note, s_note, width - 20)]
    legend: list[tuple[Style, Step, list[str]]] = []
    if not wide:  # the page: each body's full name under the plot
        for run, style in zip(runs, styles_of, strict=True):
            n = len(run)
            text = (
                f"{run[0].short_name}: {run[0].body_name}"
                if run[0].short_name != run[0].body_name
                else run[0].body_name
            )
            text += f" ({n} count{'s' if n != 1 else ''})"
            legend.append((style, run[0], _wrap_px(text, s_note, width - 44)))
    under = 20 + s_tick + s_note  # from the axis to the first line under the plot: below the dates, with room
    below = under + sum(len(lines) * s_note * 1.3 + 4 for *_, lines in legend) + len(note_lines) * s_note * 1.3 + 12
    if fixed is None:
        plot_h = max(170.0, 36.0 * len(runs) + 40, sum((len(a) + len(b)) * s_text * 1.2 + 8 for *_, a, b in labels))
        height = plot_top + plot_h + below
    else:
        height = fixed
        plot_h = max(120.0, height - plot_top - below)
    plot_bottom = plot_top + plot_h

    # the axes
    tops = [v for s in panel.steps for v in (s.low, s.point, s.high) if v is not None]
    open_top = any(s.high is None and s.low is not None for s in panel.steps)
    top_value = max(tops) * (1.15 if open_top else 1.06) if tops else 10
    y_ticks = _value_ticks(max(top_value, 4))
    y_max = max(y_ticks[-1], top_value)
    tick_w = max(_width(_number_formatter(v), s_tick) for v in y_ticks)
    plot_left, plot_right = 14 + tick_w, width - label_w - 6
    span = max(places.values()) or 1.0
    pad = 0.45 if len(places) > 1 else 1.0

    def x_of(day: dt.date) -> float:
        return plot_left + (places[day] + pad) / (span + 2 * pad) * (plot_right - plot_left)

    def y_of(v: float) -> float:
        return plot_bottom - min(max(v, 0), y_max) / y_max * plot_h

    for v in y_ticks:
        shapes.append(("line", plot_left, y_of(v), plot_right, y_of(v), GRID, 1.0, False))
        shapes.append(
            ("text", plot_left - 6, y_of(v) + s_tick * 0.35, _number_formatter(v), s_tick, TEXT, "end", False)
        )
    shapes.append(("line", plot_left, plot_bottom, plot_right, plot_bottom, "#000000", 1.0, False))
    last_right, years = -1e9, {d.year for d in places}
    shown_year: set[int] = set()
    for i, day in enumerate(sorted(places)):
        x = x_of(day)
        shapes.append(("line", x, plot_bottom, x, plot_bottom + 4, "#000000", 1.0, False))
        text = _short_day(day, day.year not in shown_year and (len(years) > 1 or i == 0))
        half = _width(text, s_tick) / 2
        if x - half > last_right + 6 and x + half <= width - 2:
            shown_year.add(day.year) if (len(years) > 1 or i == 0) else None
            shapes.append(("text", x, plot_bottom + 6 + s_tick, text, s_tick, TEXT, "middle", False))
            last_right = x + half
    for before, after in breaks:
        xm = (x_of(before) + x_of(after)) / 2
        shapes.append(("line", xm - 3, plot_bottom + 3, xm + 1, plot_bottom - 5, GREY, 1.3, False))
        shapes.append(("line", xm + 1, plot_bottom + 3, xm + 5, plot_bottom - 5, GREY, 1.3, False))

    # the series
    r = 5.5 if wide else 4.8
    for run, style in zip(runs, styles_of, strict=True):
        minimum = all(s.minimum for s in run)
        points = [(x_of(s.as_of), y_of(step_value(s) or 0)) for s in run]
        for (x0, y0), (x1, y1) in zip(points, points[1:], strict=False):
            shapes.append(("line", x0, y0, x1, y0, style.colour, 2.6, minimum))
            shapes.append(("line", x1, y0, x1, y1, style.colour, 2.6, minimum))
        shapes.append(("line", points[-1][0], points[-1][1], plot_right, points[-1][1], style.colour, 1.2, True))
        for s, (x, yv) in zip(run, points, strict=True):
            shapes.append(("group", "step minimum" if s.minimum else "step", s.figure_id))
            if s.low is not None and s.low != s.high:
                # no upper bound: a short arrow up from the lower bound, not a bar to the top (that reads as a number)
                lo = y_of(s.low)
                hi = y_of(s.high) if s.high is not None else max(plot_top, lo - 26)
                shapes.append(("line", x, lo, x, hi, style.colour, 1.6, False))
                shapes.append(("line", x - 4, lo, x + 4, lo, style.colour, 1.6, False))
                if s.high is not None:
                    shapes.append(("line", x - 4, hi, x + 4, hi, style.colour, 1.6, False))
                else:
                    shapes.append(("marker", "^", x, hi, 4.0, "#ffffff", style.colour, 1.6))
            face = "#ffffff" if s.minimum else style.colour
            shapes.append(("marker", style.marker, x, yv, r, face, style.colour, 2.0))
            if s.figure_id == panel.headline:
                shapes.append(("marker", "o", x, yv, r + 4.5, None, "#000000", 1.8))
            shapes.append(("group", "", ""))

    # the end labels, beside the plot, none over another; where a fixed height has no room for them all, each
    # names its body on one line, then shares one line with its value
    def heights_of(labels: list) -> list[float]:
        return [len(a) * s_text * 1.2 + len(b) * s_note * 1.2 for _, _, a, b in labels]

    room = plot_h + 20 - 5 * (len(labels) - 1)
    if sum(heights_of(labels)) > room:
        labels = [(r, st, a, [_fit(r[-1].short_name, s_note, label_w - 16)]) for r, st, a, _ in labels]
    if sum(heights_of(labels)) > room:
        labels = [(r, st, [], [_fit(f"{a[0]} {r[-1].short_name}", s_note, label_w - 16)]) for r, st, a, _ in labels]
    heights = heights_of(labels)
    anchors = [y_of(step_value(run[-1]) or 0) for run, *_ in labels]
    order = sorted(range(len(labels)), key=lambda i: anchors[i])
    placed = _spread([(anchors[i], heights[i]) for i in order], plot_top - 10, plot_bottom + 10, 5.0)
    lx = plot_right + 8
    for i, label_top in zip(order, placed, strict=True):
        run, style, value_lines, name_lines = labels[i]
        centre = label_top + heights[i] / 2
        if abs(centre - anchors[i]) > 3:
            shapes.append(("line", plot_right, anchors[i], lx - 1, centre, GREY, 0.8, False))
        shapes.append(("marker", style.marker, lx + 5, label_top + s_text * 0.55, 4.0, style.colour, style.colour, 1.5))
        yy = label_top
        for line in value_lines:
            yy += s_text * 1.2
            shapes.append(("text", lx + 14, yy - s_text * 0.25, line, s_text, TEXT, "start", True))
        for line in name_lines:
            yy += s_note * 1.2
            shapes.append(("text", lx + 14, yy - s_note * 0.25, line, s_note, GREY, "start", False))

    # under the plot: the bodies' names (the page), then the notes
    y = plot_bottom + under
    for style, _step, lines in legend:
        shapes.append(("marker", style.marker, 16, y - s_note * 0.35, 4.2, style.colour, style.colour, 1.5))
        for line in lines:
            shapes.append(("text", 28, y, line, s_note, TEXT, "start", False))
            y += s_note * 1.3
        y += 4
    for line in note_lines:
        shapes.append(("text", 10, y, line, s_note, GREY, "start", False))
        y += s_note * 1.3
    height = max(height, y) if fixed is None else height
    safe = "".join(c if c.isascii() and (c.isalnum() or c in "_-") else "-" for c in chart_id)
    svg = _svg(shapes, width, height, title, summary, f"t{'w' if wide else ''}-{safe}-{panel.slug}-")
    return Chart(
        title=title,
        summary=summary,
        svg=svg,
        png=_png(shapes, width, height, title, summary) if png else b"",
        panels=[(panel.measure, panel.scope)],
    )
