"""`tolls report`: build/report/ (offline pages: an index, one page per event, the sources) and its charts/."""

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

from tolls.database.build import build_database
from tolls.outputs import report as report_module
from tolls.outputs.charts import ARTICLE_SIZE, TIMELINE_WIDTH, Mark, counter_styles, range_chart
from tolls.outputs.report import ReportStats, file_stems, write_report
from tolls.package.loading import Package

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FORBIDDEN = (
    "deadly",
    "deadliest",
    "horrific",
    "brutal",
    "massacre",
    "atrocious",
    "atrocity",
    "tragic",
    "shocking",
    "horrifying",
    "merciless",
    "bloody",
    "bloodshed",
    "slaughter",
    "nightmare",
)


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
    return page[start : page.index("</section>", start)]


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
            if key in (
                "src",
                "href",
                "xlink:href",
                "srcset",
                "poster",
                "data",
                "action",
                "formaction",
                "background",
                "manifest",
                "ping",
            ):
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


def _local(url: str) -> bool:
    """An address that stays in the report's folder: a fragment, data:, or a relative path with no way out."""
    if url.startswith(("#", "data:")):
        return True
    return not re.match(r"^[a-z][a-z0-9+.-]*:|^/", url, re.IGNORECASE) and ".." not in url.split("/")[1:]


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
    return [
        binary,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        "--host-resolver-rules=MAP * ~NOTFOUND",
        f"--user-data-dir={profile}",
    ]


# --------------------------------------------------------------------------- the page


def test_every_event_has_a_section_with_an_inline_svg_chart(built, event_ids):
    out, report, page = built
    assert report == out / "report" / "index.html"
    assert event_ids
    for eid in event_ids:
        sec = _section(page, eid)
        assert "<svg" in sec and "</svg>" in sec, eid
        assert "<figcaption>" in sec
        svg_file, png_file = out / "report" / "charts" / f"{eid}.svg", out / "report" / "charts" / f"{eid}.png"
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
    assert "“dozens”" in nov[nov.index("<figcaption>") : nov.index("</figcaption>")]
    assert "data-figure_id='f002'" not in _section(page, "2025-03-coast")


def test_attribution_pairs_are_described_neutrally(built):
    out, _, page = built
    from tolls.database.build import run_query

    _, pairs = run_query(
        out / "tolls.duckdb",
        "SELECT event_id, attribution_id_a, attribution_id_b, stance_a, "
        "stance_b FROM attribution_conflicts WHERE event_id IS NOT NULL",
    )
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
        svg = sec[sec.index("<svg") :]
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
        assert _local(value), f"<{tag} {key}={value!r}> leaves the report"
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
    for png in (out / "report" / "charts").glob("*.png"):
        assert (tmp_path / "report" / "charts" / png.name).read_bytes() == png.read_bytes()


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
    run = subprocess.run(
        [*args, f"--screenshot={shot}", "--window-size=1200,3000", report.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    _assert_not_blank(Image.open(shot))
    # each chart, as the browser draws it (the same SVG the page inlines)
    for eid in event_ids:
        target = tmp_path / f"{eid}.png"
        run = subprocess.run(
            [
                *args,
                f"--screenshot={target}",
                "--window-size=1000,900",
                (out / "report" / "charts" / f"{eid}.svg").as_uri(),
            ],
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert run.returncode == 0 and target.is_file(), run.stderr[-2000:]
        _assert_not_blank(Image.open(target), eid)


def _assert_not_blank(image, what: str = "page") -> None:
    rgb = image.convert("RGB")
    colours = rgb.getcolors(maxcolors=1 << 20) or []
    assert len(colours) > 20, f"{what}: the screenshot is blank ({len(colours)} colours)"
    non_white = sum(n for n, c in colours if c != (255, 255, 255))
    assert non_white > 0.01 * rgb.width * rgb.height, f"{what}: almost nothing drawn"
    okabe = {
        (0, 114, 178),
        (230, 159, 0),
        (86, 180, 233),
        (0, 158, 115),
        (213, 94, 0),
        (204, 121, 167),
        (102, 102, 102),
    }
    assert any(c in okabe for _, c in colours), f"{what}: no chart colour in the screenshot"


def test_axis_suits_one_figure_and_many():
    from tolls.outputs.charts import _axis_limits

    def mark(low, best, high):
        return Mark("a", "s1", "one", (1,), None, "killed", "people", "people", "x", "exact", low, best, high)

    lo, hi, scale = _axis_limits([mark(2, 2, 2)])
    assert (lo, scale) == (0.0, "linear") and 2 < hi <= 5  # 2 people: 0 to a few, not 0.2 to 20 on a log axis
    assert _axis_limits([mark(2, 2, 2), mark(1425, 1500, 1575)])[2] == "log"
    assert _axis_limits([mark(741, 741, None)])[1] > 741  # an open interval still has room to run on


def test_user_text_is_never_markup_or_tex_math():
    styles = counter_styles([("c", "Counter")])
    marks = [
        Mark("a", "s1", "a $5 ransom and $10 fee <b>", (1,), "c", "killed", "people", "people", "two", "exact", 2, 2, 2)
    ]
    chart = range_chart("t", "Title", "Summary.", marks, styles)
    assert "a $5 ransom and $10 fee &lt;b&gt;" in chart.svg  # drawn as written, escaped in the SVG
    assert "Source: tolls data package" in chart.svg  # the credit line an editor needs


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
        "</body></html>",
        encoding="utf-8",
    )
    return target


@pytest.mark.parametrize("width", [390, 1280])
def test_report_fits_a_phone_and_a_desktop(built, tmp_path, width):
    """At 390 px (a phone) and 1280 px no table is wider than the screen: on a phone its rows become cards."""
    binary = _chromium()
    _, report, page = built
    args = _chromium_args(binary, tmp_path / "profile")
    probe = _width_probe(report, width, tmp_path / "probe.html")
    dom = subprocess.run(
        [*args, "--window-size=1400,1000", "--virtual-time-budget=15000", "--dump-dom", probe.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = re.search(r'data-widths="(\d+),(\d+)"', dom.stdout)
    assert found, dom.stderr[-2000:]
    scroll, client = int(found.group(1)), int(found.group(2))
    assert client <= width and scroll <= client, f"{width} px: content {scroll} px wide in a {client} px frame"
    assert "@media (max-width: 700px)" in page and "@media print" in page

    from PIL import Image

    shot = tmp_path / f"report-{width}.png"
    run = subprocess.run(
        [*args, f"--screenshot={shot}", f"--window-size={width},2400", report.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    assert Image.open(shot).width == width
    _assert_not_blank(Image.open(shot), f"{width} px")


def _picture_probe(page: Path, width: int, target: Path) -> Path:
    """A page that shows an event page in a `width`-px frame and writes into its own DOM, for the first timeline:
    the width of the SVG the browser shows, its viewBox width, its label's first words, and the page's widest
    content against the frame's width."""
    text = page.read_text(encoding="utf-8").replace("href='../", "href='")
    target.write_text(
        f"<!DOCTYPE html><html><body style='margin:0'><iframe id='f' style='width:{width}px;height:900px;border:0'"
        f" srcdoc=\"{html.escape(text, quote=True)}\"></iframe><script>document.getElementById('f')"
        ".addEventListener('load', function () { var doc = this.contentDocument, d = doc.documentElement;"
        " var shown = Array.prototype.filter.call(doc.querySelectorAll('figure.timeline')[0].querySelectorAll('.svg'),"
        " function (e) { return doc.defaultView.getComputedStyle(e).display !== 'none'; });"
        " var svg = shown[0].querySelector('svg');"
        " document.body.setAttribute('data-picture', shown.length + ',' + Math.round(svg.getBoundingClientRect().width)"
        " + ',' + svg.viewBox.baseVal.width + ',' + d.scrollWidth + ',' + d.clientWidth); });</script>"
        "</body></html>",
        encoding="utf-8",
    )
    return target


@pytest.mark.parametrize("width", [390, 1280])
def test_the_journalists_picture_fits_a_phone_and_a_desktop(built, tmp_path, width):
    """On an event page, a phone shows the timeline laid out for it (420 units, scaled to the screen), a wide
    screen the 16:9 one; either fits the screen, and only one of them is shown (and read out)."""
    binary = _chromium()
    out, _, _ = built
    page = out / "report" / "events" / "2025-03-coast.html"
    args = _chromium_args(binary, tmp_path / "profile")
    probe = _picture_probe(page, width, tmp_path / "probe.html")
    dom = subprocess.run(
        [*args, "--window-size=1400,1000", "--virtual-time-budget=15000", "--dump-dom", probe.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    found = re.search(r'data-picture="(\d+),(\d+),([\d.]+),(\d+),(\d+)"', dom.stdout)
    assert found, dom.stderr[-2000:]
    shown, drawn, units, scroll, client = (float(v) for v in found.groups())
    assert shown == 1
    assert units == (TIMELINE_WIDTH if width < 700 else ARTICLE_SIZE[0])
    assert drawn <= client and scroll <= client, f"{width} px: the picture or the page is wider than the screen"
    assert drawn >= min(client, 900) * 0.9  # as wide as the column allows: its text is as large as it gets

    from PIL import Image

    shot = tmp_path / f"event-{width}.png"
    run = subprocess.run(
        [*args, f"--screenshot={shot}", f"--window-size={width},2400", page.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and shot.is_file(), run.stderr[-2000:]
    _assert_not_blank(Image.open(shot), f"event page at {width} px")


def test_a_quote_is_shown_once_per_table(built):
    _, _, page = built
    for table in re.findall(r"<table class='attributions'>.*?</table>", page, re.S):
        quotes = re.findall(r"<blockquote>(.*?)</blockquote>", table, re.S)
        assert len(quotes) == len(set(quotes))
        assert "same quote as" in table or len(quotes) == table.count("<tr data-attribution-id=")


# --------------------------------------------------------------------------- the folder: index, event pages, charts


def test_every_event_has_its_own_page_and_the_index_links_to_it(built, event_ids):
    out, _, page = built
    stems = file_stems(event_ids)
    for eid in event_ids:
        own = (out / "report" / "events" / f"{stems[eid]}.html").read_text(encoding="utf-8")
        assert f"href='events/{stems[eid]}.html'" in page
        sec = _section(own, eid)  # the same section as in the one-page index, chart inline
        assert "<svg" in sec and f"href='../charts/{stems[eid]}.svg'" in sec
        assert "href='../index.html'" in own and "Content-Security-Policy" in own
    assert "<table class='sources'>" in (out / "report" / "sources.html").read_text(encoding="utf-8")


def test_file_names_are_safe_and_unique():
    ids = ["2025-03-coast", "a/b c", "../x", "Event:1", "event:1", "CON", "e" * 200, "ä"]
    stems = file_stems(ids)
    assert stems["2025-03-coast"] == "2025-03-coast"  # a plain id is its own name
    assert len({s.casefold() for s in stems.values()}) == len(ids)  # unique where case does not count
    for stem in stems.values():
        assert re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_-]{0,79}", stem), stem
    assert stems["CON"] != "CON"
    assert file_stems(["a/b c"]) == {"a/b c": stems["a/b c"]}  # the same id, the same name, in every run


@pytest.fixture(scope="module")
def renamed_db(built, tmp_path_factory):
    """The shipped database with event ids that are not file names ('/', ':', a space, two that differ only in
    case, a device name)."""
    import duckdb

    out, _, _ = built
    db = tmp_path_factory.mktemp("renamed") / "tolls.duckdb"
    shutil.copy(out / "tolls.duckdb", db)
    renames = {
        "2025-03-coast": "coast/march 2025",
        "2025-11-homs": "Homs:11",
        "2025-12-homs-mosque": "homs:11",
        "2025-11-coast": "NUL",
    }
    con = duckdb.connect(str(db))
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.columns JOIN information_schema.tables USING (table_name) "
                "WHERE column_name = 'event_id' AND table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        for old, new in renames.items():
            for table in tables:
                con.execute(f"UPDATE {table} SET event_id = ? WHERE event_id = ?", [new, old])
    finally:
        con.close()
    return db, renames


def _events_in(db: Path) -> int:
    """How many events the database holds: the report makes a page and a chart for each."""
    import duckdb

    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT count(*) FROM events").fetchone()[0]
    finally:
        con.close()


def test_many_events_get_an_index_table_and_a_page_each_drawn_in_parallel(renamed_db, tmp_path, monkeypatch):
    monkeypatch.setattr(report_module, "ONE_PAGE_EVENTS", 2)  # the shipped events count as many
    monkeypatch.setattr(report_module, "PARALLEL_FROM", 1)
    db, renames = renamed_db
    events = _events_in(db)
    stats = ReportStats()
    index = write_report(db, tmp_path, workers=2, stats=stats)
    assert stats.workers == 2 and stats.charts_drawn == stats.events == events > 2
    page = index.read_text(encoding="utf-8")
    assert "<section class='event'" not in page and "<svg" not in page  # the index only lists the events
    rows = re.findall(r"<tr data-event-id='([^']*)'>(.*?)</tr>", page, re.S)
    assert len(rows) == events
    stems = file_stems(html.unescape(eid) for eid, _ in rows)
    assert len(set(stems.values())) == events and {"coast/march 2025", "Homs:11", "homs:11", "NUL"} <= set(stems)
    for eid, row in rows:
        eid = html.unescape(eid)
        assert f"href='events/{stems[eid]}.html'" in row
        own = (tmp_path / "report" / "events" / f"{stems[eid]}.html").read_text(encoding="utf-8")
        assert f"data-event-id='{html.escape(eid, quote=True)}'" in own and "<svg" in own
        assert (tmp_path / "report" / "charts" / f"{stems[eid]}.png").read_bytes()[:4] == b"\x89PNG"
    coast = dict((html.unescape(e), r) for e, r in rows)["coast/march 2025"]
    assert "killed, civilians: " in coast and "2025-03" in coast  # its ranges and dates
    assert re.search(r"data-label='Figures' class='num'>\d+<", coast)


def test_an_unchanged_chart_or_page_is_not_made_again(built, renamed_db, tmp_path):
    out, _, _ = built

    def files() -> dict[str, bytes]:
        return {str(p.relative_to(tmp_path)): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}

    write_report(out / "tolls.duckdb", tmp_path)
    first = files()
    stats = ReportStats()
    write_report(out / "tolls.duckdb", tmp_path, stats=stats)
    events = _events_in(out / "tolls.duckdb")
    assert (stats.charts_drawn, stats.charts_reused, stats.pages_written, stats.pages_reused) == (0, events, 0, events)
    assert files() == first  # the same report, to the byte
    # other data (four events renamed): those four are made again, the others reused
    write_report(renamed_db[0], tmp_path, stats=stats)
    renamed, kept = len(renamed_db[1]), events - len(renamed_db[1])
    assert (stats.charts_drawn, stats.charts_reused, stats.pages_written, stats.pages_reused) == (
        renamed,
        kept,
        renamed,
        kept,
    )


def test_a_page_is_written_again_when_only_its_rows_change(built, tmp_path):
    import duckdb

    out, _, _ = built
    db = tmp_path / "tolls.duckdb"
    shutil.copy(out / "tolls.duckdb", db)
    write_report(db, tmp_path)
    con = duckdb.connect(str(db))
    try:  # a note is on the page, not in the chart
        con.execute("UPDATE events SET notes = 'a new note' WHERE event_id = '2025-11-coast'")
    finally:
        con.close()
    stats = ReportStats()
    write_report(db, tmp_path, stats=stats)
    assert (stats.charts_drawn, stats.pages_written) == (0, 1)
    assert "a new note" in (tmp_path / "report" / "events" / "2025-11-coast.html").read_text(encoding="utf-8")


def test_a_failed_run_leaves_the_previous_report_as_it_was(built, tmp_path, monkeypatch):
    out, _, _ = built
    index = write_report(out / "tolls.duckdb", tmp_path)
    before = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    calls = []

    def fails_on_the_third(*args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise RuntimeError("drawing failed")
        return real(*args, **kwargs)

    real = report_module.range_chart
    monkeypatch.setattr(report_module, "range_chart", fails_on_the_third)
    (tmp_path / "report" / "charts" / "cache.json").write_text("{}", encoding="utf-8")  # so every chart is drawn
    before[Path("report/charts/cache.json")] = b"{}"
    with pytest.raises(RuntimeError, match="drawing failed"):
        write_report(out / "tolls.duckdb", tmp_path)
    after = {p.relative_to(tmp_path): p.read_bytes() for p in tmp_path.rglob("*") if p.is_file()}
    assert after == before and index.is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["report"]  # no temporary folder left behind
