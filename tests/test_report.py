"""`tolls report`: build/report.html (offline, one section and one chart per event) and build/charts/."""

from __future__ import annotations

import html
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from tolls.charts import Mark, counter_styles, range_chart
from tolls.database import build_database
from tolls.package import Package
from tolls.report import write_report

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FORBIDDEN = ("deadly", "deadliest", "horrific", "brutal", "massacre", "atrocious", "atrocity", "tragic",
             "shocking", "horrifying", "merciless", "bloody", "bloodshed", "slaughter", "nightmare")


@pytest.fixture(scope="module")
def pkg() -> Package:
    return Package.open()


@pytest.fixture(scope="module")
def built(pkg, tmp_path_factory):
    out = tmp_path_factory.mktemp("report")
    db = build_database(pkg, out)
    report = write_report(db, out)
    return out, report, report.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def event_ids(pkg) -> list[str]:
    _, rows, _ = pkg.read_rows("events")
    return [r["event_id"] for r in rows]


def _section(page: str, event_id: str) -> str:
    start = page.index(f"<section class='event' id='event-{event_id}'")
    return page[start:page.index("</section>", start)]


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.urls: list[tuple[str, str, str]] = []
        self.styles: list[str] = []
        self._in_style = False
        self.text: list[str] = []
        self._skip = 0  # inside a quotation or the maintainers' notes

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if value is None:
                continue
            if key in ("src", "href", "xlink:href", "srcset", "poster", "data", "action", "formaction",
                       "background", "manifest", "ping"):
                self.urls.append((tag, key, value))
            if key == "style":
                self.styles.append(value)
        if tag == "style":
            self._in_style = True
        cls = dict(attrs).get("class") or ""
        # quotations, titles, addresses and the maintainers' notes are not the report's own words
        if tag in ("blockquote", "q", "svg") or {"notes", "url"} & set(cls.split()) or self._skip:
            self._skip += 1

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False
        if self._skip:
            self._skip -= 1

    def handle_data(self, data):
        if self._in_style:
            self.styles.append(data)
        elif not self._skip:
            self.text.append(data)


def _chromium() -> str | None:
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    if os.environ.get("CI", "").lower() in ("true", "1", "yes"):
        pytest.fail("chromium is not installed; CI must install it (apt-get install -y chromium)")
    pytest.skip("chromium is not installed (CI installs it; locally: apt-get install -y chromium)")
    return None


def _chromium_args(binary: str, profile: Path) -> list[str]:
    return [binary, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-dev-shm-usage", '--host-resolver-rules=MAP * ~NOTFOUND', f"--user-data-dir={profile}"]


# --------------------------------------------------------------------------- the page


def test_every_event_has_a_section_with_an_inline_svg_chart(built, event_ids):
    out, report, page = built
    assert report == out / "report.html"
    assert event_ids
    for eid in event_ids:
        sec = _section(page, eid)
        assert "<svg" in sec and "</svg>" in sec, eid
        assert "<figcaption>" in sec
        svg_file, png_file = out / "charts" / f"{eid}.svg", out / "charts" / f"{eid}.png"
        assert svg_file.read_text(encoding="utf-8").count("<svg") == 1
        assert png_file.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_every_figure_of_an_event_is_in_its_section_with_its_bounds(built, pkg):
    _, _, page = built
    figures = pkg.load("figures")
    for _, f in figures[figures["event_id"].notna()].iterrows():
        sec = _section(page, f["event_id"])
        row = re.search(rf"<tr data-figure_id='{f['figure_id']}'[^>]*>", sec)
        assert row, f["figure_id"]
        for column in ("low", "stated_number", "high"):
            if pd.isna(f[column]):
                assert f"data-{column}=" not in row.group(0)  # an empty bound is never written as a number
            else:
                assert f"data-{column}='{f[column]}'" in row.group(0)
        # all of an event's figures are in one panel of one chart: one <svg> in the section
        assert sec.count("<svg") == 1


def test_dozens_is_charted_in_its_own_november_event(built):
    _, _, page = built
    nov = _section(page, "2025-11-coast")
    assert "data-figure_id='f002'" in nov and "<svg" in nov
    assert "“dozens”" in nov[nov.index("<figcaption>"):nov.index("</figcaption>")]
    assert "data-figure_id='f002'" not in _section(page, "2025-03-coast")


def test_attribution_pairs_are_described_neutrally(built):
    out, _, page = built
    from tolls.database import run_query

    _, pairs = run_query(out / "tolls.duckdb", "SELECT event_id, attribution_id_a, attribution_id_b, stance_a, "
                                               "stance_b FROM attribution_conflicts WHERE event_id IS NOT NULL")
    assert pairs, "the shipped texts attribute one event's harm to several actors"
    for event_id, a, b, stance_a, stance_b in pairs:
        sec = _section(page, event_id)
        assert "<h4>Figures attributed to different actors</h4>" in sec
        row = re.search(rf"<tr data-attribution-a='{a}' data-attribution-b='{b}'>.*?</tr>", sec).group(0)
        said = "same stance" if stance_a == stance_b else f"stances differ: {stance_a} and {stance_b}"
        assert said in row
    parser = _Collector()
    parser.feed(page)
    words = " ".join(parser.text)  # the report's own words, without quotations and notes
    assert not re.search(r"\bconflict|\bcontradict", words, re.IGNORECASE)


def test_chart_has_a_text_alternative(built, event_ids):
    _, _, page = built
    for eid in event_ids:
        sec = _section(page, eid)
        svg = sec[sec.index("<svg"):]
        assert re.search(r"<svg[^>]*role=\"img\"", svg)
        assert "<title id=" in svg and "<desc id=" in svg
        assert re.search(r"role='img' aria-label='Reported figures: [^']+\. \d+ figures? from", sec)


def test_ids_are_unique_across_inlined_charts(built):
    _, _, page = built
    ids = re.findall(r"(?<![-\w])id=[\"']([^\"']+)[\"']", page)
    assert len(ids) == len(set(ids))


def test_missing_bounds_are_never_written_as_zero(built):
    _, _, page = built
    sec = _section(page, "2025-03-coast")
    row = re.search(r"<tr data-figure_id='f003'.*?</tr>", sec).group(0)
    assert "data-high" not in row and "no upper bound" in row


def test_data_values_are_html_escaped(built, pkg):
    _, _, page = built
    _, figures, _ = pkg.read_rows("figures")
    for fig in figures:
        assert html.escape(fig["quote"], quote=True) in page, fig["figure_id"]
    assert "Assad&#x27;s" in page or "Assad’s" in page
    assert "<script" not in page.lower()


def test_generated_words_are_neutral(built):
    _, _, page = built
    parser = _Collector()
    parser.feed(page)
    text = " ".join(parser.text)
    text = re.sub(r"“[^”]*”", " ", text)  # the sources' words, shown as quotations
    text = re.sub(r"'[^']*'", " ", text)  # maintainers' notes quote the texts in single quotes
    for word in FORBIDDEN:
        assert not re.search(rf"\b{word}", text, re.IGNORECASE), word


def test_no_resource_is_fetched_from_the_network(built):
    _, _, page = built
    parser = _Collector()
    parser.feed(page)
    for tag, key, value in parser.urls:
        value = value.strip()
        assert value.startswith("#") or value.startswith("data:"), f"<{tag} {key}={value!r}> leaves the page"
    for css in parser.styles:
        for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", css):
            assert url.startswith("#") or url.startswith("data:"), url
        assert "@import" not in css
    for url in re.findall(r"url\(\s*['\"]?([^'\")]+)", page):
        assert url.startswith("#") or url.startswith("data:"), url
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*(?:https?:)?//""", page, re.IGNORECASE)
    assert "Content-Security-Policy" in page and "default-src 'none'" in page


def test_output_is_deterministic(built, pkg, tmp_path):
    out, _, page = built
    again = write_report(out / "tolls.duckdb", tmp_path)
    assert again.read_text(encoding="utf-8") == page
    for png in (out / "charts").glob("*.png"):
        assert (tmp_path / "charts" / png.name).read_bytes() == png.read_bytes()


def test_open_intervals_run_to_the_axis_edge_not_to_zero():
    styles = counter_styles([("c", "Counter")])
    marks = [
        Mark("a", "s1", "one", (1,), "c", "killed", "people", "people", "up to 10", "at_most", None, None, 10),
        Mark("b", "s2", "two", (2,), None, "killed", "people", "people", "over 740", "more_than", 741, 741, None),
    ]
    chart = range_chart("t", "Title", "Summary.", marks, styles)
    assert chart.svg.startswith("<svg") and "<title id=" in chart.svg
    assert chart.png[:4] == b"\x89PNG"


# --------------------------------------------------------------------------- in a browser


def test_report_renders_in_headless_chromium(built, event_ids, tmp_path):
    binary = _chromium()
    out, report, _ = built
    args = _chromium_args(binary, tmp_path / "profile")
    dom = subprocess.run([*args, "--dump-dom", report.as_uri()], capture_output=True, text=True, timeout=120)
    assert dom.returncode == 0, dom.stderr[-2000:]
    for eid in event_ids:
        sec = _section(dom.stdout.replace('"', "'"), eid)
        assert "<svg" in sec and "<path" in sec, f"{eid}: no chart in the rendered page"

    from PIL import Image

    shot = tmp_path / "page.png"
    run = subprocess.run([*args, f"--screenshot={shot}", "--window-size=1200,3000", report.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    _assert_not_blank(Image.open(shot))
    # each chart, as the browser draws it (the same SVG the page inlines)
    for eid in event_ids:
        target = tmp_path / f"{eid}.png"
        run = subprocess.run([*args, f"--screenshot={target}", "--window-size=1000,900",
                              (out / "charts" / f"{eid}.svg").as_uri()], capture_output=True, text=True,
                             timeout=120)
        assert run.returncode == 0 and target.is_file(), run.stderr[-2000:]
        _assert_not_blank(Image.open(target), eid)


def _assert_not_blank(image, what: str = "page") -> None:
    rgb = image.convert("RGB")
    colours = rgb.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 20, f"{what}: the screenshot is blank ({len(colours)} colours)"
    non_white = sum(n for n, c in colours if c != (255, 255, 255))
    assert non_white > 0.01 * rgb.width * rgb.height, f"{what}: almost nothing drawn"
    okabe = {(0, 114, 178), (230, 159, 0), (86, 180, 233), (0, 158, 115), (213, 94, 0), (204, 121, 167),
             (102, 102, 102)}
    assert any(c in okabe for _, c in colours), f"{what}: no chart colour in the screenshot"


def test_axis_suits_one_figure_and_many():
    from tolls.charts import _axis_limits

    def mark(low, best, high):
        return Mark("a", "s1", "one", (1,), None, "killed", "people", "people", "x", "exact", low, best, high)

    lo, hi, scale = _axis_limits([mark(2, 2, 2)])
    assert (lo, scale) == (0.0, "linear") and 2 < hi <= 5  # 2 people: 0 to a few, not 0.2 to 20 on a log axis
    assert _axis_limits([mark(2, 2, 2), mark(1425, 1500, 1575)])[2] == "log"
    assert _axis_limits([mark(741, 741, None)])[1] > 741  # an open interval still has room to run on


def test_user_text_is_never_tex_math(monkeypatch):
    import matplotlib.text

    from tolls.charts import RC

    assert RC["text.parse_math"] is False and RC["text.usetex"] is False
    drawn: list[tuple[str, bool]] = []
    real = matplotlib.text.Text.draw

    def spy(self, renderer):
        drawn.append((self.get_text(), self.get_parse_math()))
        return real(self, renderer)

    monkeypatch.setattr(matplotlib.text.Text, "draw", spy)
    styles = counter_styles([("c", "Counter")])
    marks = [Mark("a", "s1", "a $5 ransom and $10 fee", (1,), "c", "killed", "people", "people", "two", "exact",
                  2, 2, 2)]
    range_chart("t", "Title", "Summary.", marks, styles)
    assert ("a $5 ransom and $10 fee", False) in drawn
    assert any(text.startswith("Source:") for text, _ in drawn)  # the credit line an editor needs


def _width_probe(report: Path, width: int, target: Path) -> Path:
    """A page that shows the report in a `width`-px frame (so its phone styles apply: headless Chromium's
    window is at least 500 px) and writes into its own DOM the widest content (the page, or a table in its
    scrolling box, which a reader would have to scroll sideways) and the frame's width."""
    page = report.read_text(encoding="utf-8")
    target.write_text(
        f"<!DOCTYPE html><html><body style='margin:0'><iframe id='f' style='width:{width}px;height:900px;border:0'"
        f" srcdoc=\"{html.escape(page, quote=True)}\"></iframe><script>document.getElementById('f')"
        ".addEventListener('load', function () { var doc = this.contentDocument, d = doc.documentElement;"
        " var w = d.scrollWidth; doc.querySelectorAll('.scroll').forEach(function (s) {"
        " w = Math.max(w, s.scrollWidth); });"
        " document.body.setAttribute('data-widths', w + ',' + d.clientWidth); });</script>"
        "</body></html>", encoding="utf-8")
    return target


@pytest.mark.parametrize("width", [390, 1280])
def test_report_fits_a_phone_and_a_desktop(built, tmp_path, width):
    """At 390 px (a phone) and 1280 px no table is wider than the screen: on a phone its rows become cards."""
    binary = _chromium()
    _, report, page = built
    args = _chromium_args(binary, tmp_path / "profile")
    probe = _width_probe(report, width, tmp_path / "probe.html")
    dom = subprocess.run([*args, "--window-size=1400,1000", "--virtual-time-budget=15000", "--dump-dom",
                          probe.as_uri()], capture_output=True, text=True, timeout=120)
    found = re.search(r'data-widths="(\d+),(\d+)"', dom.stdout)
    assert found, dom.stderr[-2000:]
    scroll, client = int(found.group(1)), int(found.group(2))
    assert client <= width and scroll <= client, f"{width} px: content {scroll} px wide in a {client} px frame"
    assert "@media (max-width: 700px)" in page and "@media print" in page

    from PIL import Image

    shot = tmp_path / f"report-{width}.png"
    run = subprocess.run([*args, f"--screenshot={shot}", f"--window-size={width},2400", report.as_uri()],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    assert Image.open(shot).width == width
    _assert_not_blank(Image.open(shot), f"{width} px")


def test_a_quote_is_shown_once_per_table(built):
    _, _, page = built
    for table in re.findall(r"<table class='attributions'>.*?</table>", page, re.S):
        quotes = re.findall(r"<blockquote>(.*?)</blockquote>", table, re.S)
        assert len(quotes) == len(set(quotes))
        assert "same quote as" in table or len(quotes) == table.count("<tr data-attribution-id=")
