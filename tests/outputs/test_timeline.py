"""The journalist's picture: per event, each independent body's counts as steps on a time axis, drawn from the
toll history built in code (tests/history.py). Parts are never drawn as totals, minimums are marked, the headline
is annotated, labels do not overlap, the article PNG is 1200 x 675, and the text alternative is one sentence."""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from history import toll_history
from PIL import Image

from tolls.database.build import build_database, run_query
from tolls.outputs.charts import (
    ARTICLE_SIZE,
    PNG_SCALE,
    TIMELINE_WIDTH,
    Panel,
    Step,
    Style,
    _width,
    counter_styles,
    timeline_chart,
    timeline_sentence,
)
from tolls.outputs.report import read_data, short_name, timeline_panels, write_report
from tolls.package.loading import Package

SVG = "{http://www.w3.org/2000/svg}"
PARTS = {"s4la", "s4ta", "s4hm", "s4hi", "s4d"}  # SOHR's provinces and one day of its 11 March count


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = toll_history(tmp_path_factory.mktemp("history") / "pkg")
    return build_database(Package.open(root), root / "build")


@pytest.fixture(scope="module")
def panels(history) -> dict[tuple[str, str], Panel]:
    data = read_data(history)
    labels = {f["figure_id"]: f["stated_label"] for f in data.figures}
    found = timeline_panels(data.timeline, data.ranges, labels, data.short_names)
    return {(p.measure, p.scope): p for p in found}


@pytest.fixture(scope="module")
def styles(history):
    return counter_styles(read_data(history).counters)


def _steps(svg: str) -> dict[str, str]:
    """figure_id -> class of each mark group the SVG draws."""
    root = ET.fromstring(svg)
    return {g.get("data-figure-id"): g.get("class") for g in root.iter(f"{SVG}g") if g.get("data-figure-id")}


def _texts(svg: str) -> list[tuple[float, float, float, float, str]]:
    """Each <text> as its box (left, top, right, bottom) in the SVG's units, and its words."""
    boxes = []
    for t in ET.fromstring(svg).iter(f"{SVG}text"):
        x, y, size = float(t.get("x")), float(t.get("y")), float(t.get("font-size"))
        width = _width(t.text or "", size, t.get("font-weight") == "bold")
        left = {"start": x, "middle": x - width / 2, "end": x - width}[t.get("text-anchor")]
        boxes.append((left, y - 0.75 * size, left + width, y + 0.2 * size, t.text or ""))
    return boxes


# --------------------------------------------------------------------------- the story


def test_each_body_is_one_series_of_its_dated_counts(panels):
    civilians = panels[("killed", "civilians")]
    by_body: dict[str, list[str]] = {}
    for step in sorted(civilians.steps, key=lambda s: (s.as_of, s.figure_id)):
        by_body.setdefault(step.short_name, []).append(step.figure_id)
    # SOHR's dated civilian counts are one series, its Friday count (s7, read from a Saturday page) the last; the
    # undated relay "over 740" cannot be placed in time
    assert by_body["Syrian Observatory for Human Rights"] == ["s2", "s3", "s4", "s5", "s6", "s7"]
    assert by_body["Syrian Network for Human Rights"] == ["n1a", "n1b", "n1c"]
    assert civilians.undated == 1  # q1
    # a body's total of all victims, and its count of Alawite civilians, are panels of their own: never a step
    # of its civilian count
    assert {"s2t", "s1"}.isdisjoint({s.figure_id for s in civilians.steps})
    assert "s2t" in {s.figure_id for s in panels[("killed", "mixed_total")].steps}
    assert "s1" in {s.figure_id for s in panels[("killed", "alawite_civilians")].steps}
    # the national inquiry speaks for the government: its series is the government's
    assert {s.body_name for s in panels[("killed", "mostly_civilians")].steps} == {
        "The government",
        "UN Commission of Inquiry",
    }
    # copies and relays count with what they repeat: the relay q2 of Reuters' count is not drawn
    assert "q2" not in {s.figure_id for p in panels.values() for s in p.steps}


def test_parts_are_never_drawn_as_totals(panels, styles):
    civilians = panels[("killed", "civilians")]
    assert civilians.parts == len(PARTS)
    for panel in panels.values():
        assert not PARTS & {s.figure_id for s in panel.steps}
        for size in ((TIMELINE_WIDTH, None), ARTICLE_SIZE):
            chart = timeline_chart("ev", "t", "s", panel, styles, size=size)
            assert not PARTS & set(_steps(chart.svg))
    svg = timeline_chart("ev", "t", "s", civilians, styles).svg
    words = " ".join(t[-1] for t in _texts(svg))
    assert "Not drawn: 5 parts of a total" in words


def test_minimums_are_marked_and_the_headline_is_annotated(panels, styles):
    civilians = panels[("killed", "civilians")]
    svg = timeline_chart("ev", "t", "s", civilians, styles).svg
    classes = _steps(svg)
    assert classes["o1"] == "step minimum"  # OHCHR's verified minimum, which it calls an undercount
    assert all(c == "step" for f, c in classes.items() if f != "o1")
    minimum = next(g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("data-figure-id") == "o1")
    assert [p.get("fill") for p in minimum.iter(f"{SVG}path")][-1] == "#ffffff"  # hollow
    # the range's headline (event_ranges.headline_figure_id): ringed, and named above the plot
    assert civilians.headline == "s7"
    ringed = next(g for g in ET.fromstring(svg).iter(f"{SVG}g") if g.get("data-figure-id") == "s7")
    assert any(p.get("fill") == "none" for p in ringed.iter(f"{SVG}path"))
    assert sum(p.get("fill") == "none" for p in ET.fromstring(svg).iter(f"{SVG}path")) == 2  # and beside its name
    words = " ".join(t[-1] for t in _texts(svg))
    assert "Headline: at least 1,500, Syrian Observatory for Human Rights' count as of 14 Mar 2025" in words


def test_the_text_alternative_is_one_sentence(panels, styles):
    for panel in panels.values():
        sentence = timeline_sentence(panel)
        assert sentence[0].isupper() and sentence.endswith(".")
        assert not re.search(r"[.!?]\s", sentence), sentence  # no second sentence
        assert "\n" not in sentence
        assert all(s.short_name.lower() in sentence.lower() for s in panel.steps)  # every body is named
        chart = timeline_chart("ev", "t", "s", panel, styles)
        desc = ET.fromstring(chart.svg).find(f"{SVG}desc")
        assert desc is not None and desc.text == sentence
    civilians = timeline_sentence(panels[("killed", "civilians")])
    assert civilians.startswith(
        "The Syrian Observatory for Human Rights' count of civilians killed rose from 745 on 9 March 2025 to at "
        "least 1,500 on 14 March in 6 counts; the Syrian Network for Human Rights' count rose from more than 800 on "
        "11 March to 1,334 on 31 March in 3 counts; "
    )
    assert "; a source not named reported about 2,000 as of 15 March;" in civilians
    assert "; the UN human rights office gave 111 as a verified minimum as of 11 March;" in civilians
    assert civilians.endswith(
        "the headline figure is at least 1,500, the Syrian Observatory for Human Rights' count as of 14 March."
    )
    # a panel of one figure says it once
    alawites = timeline_sentence(panels[("killed", "alawites")])
    assert alawites == "Reuters reported 1,479 alawites killed as of 30 June 2025."


def test_a_sentence_says_the_year_once_and_when_it_changes():
    def step(figure_id: str, body: str, day: dt.date, n: int) -> Step:
        return Step(figure_id, body, body, body, None, day, n, n, n, f"{n:,}", "people")

    panel = Panel(
        "killed",
        "people",
        (step("a", "AB", dt.date(2025, 12, 30), 3), step("b", "AB", dt.date(2026, 1, 2), 5)),
        headline="b",
    )
    assert timeline_sentence(panel) == (
        "AB's count of people killed rose from 3 on 30 December 2025 to 5 on 2 January 2026 in 2 counts; "
        "the headline figure is 5, AB's count as of 2 January."
    )


# --------------------------------------------------------------------------- readable


@pytest.mark.parametrize("size", [(TIMELINE_WIDTH, None), ARTICLE_SIZE], ids=["page", "article"])
def test_labels_do_not_overlap_and_stay_inside(panels, styles, size):
    for panel in panels.values():
        chart = timeline_chart("ev", "A title long enough to wrap on a phone's screen", "An event", panel, styles, size)
        root = ET.fromstring(chart.svg)
        width, height = float(root.get("width")), float(root.get("height"))
        boxes = _texts(chart.svg)
        for i, a in enumerate(boxes):
            assert a[0] >= -0.5 and a[2] <= width + 0.5 and a[3] <= height + 0.5, (panel.slug, a)
            for b in boxes[i + 1 :]:
                apart = a[2] <= b[0] + 0.5 or b[2] <= a[0] + 0.5 or a[3] <= b[1] + 0.5 or b[3] <= a[1] + 0.5
                assert apart, (panel.slug, a[-1], b[-1])


def test_text_stays_readable_on_a_phone(panels, styles):
    """Shown 370 px wide (a 390 px phone less the page's margins), no text is smaller than 10 px."""
    svg = timeline_chart("ev", "t", "s", panels[("killed", "civilians")], styles).svg
    scale = 370 / float(ET.fromstring(svg).get("width"))
    smallest = min(float(t.get("font-size")) for t in ET.fromstring(svg).iter(f"{SVG}text"))
    assert smallest * scale >= 10


def test_the_article_png_is_1200_by_675(panels, styles, tmp_path):
    chart = timeline_chart("ev", "t", "s", panels[("killed", "civilians")], styles, size=ARTICLE_SIZE, png=True)
    path = tmp_path / "a.png"
    path.write_bytes(chart.png)
    assert Image.open(path).size == (round(ARTICLE_SIZE[0] * PNG_SCALE), round(ARTICLE_SIZE[1] * PNG_SCALE))
    assert Image.open(path).size == (1200, 675)
    assert Image.open(path).text["Description"] == chart.summary


def test_short_names_come_from_acronyms_in_the_aliases_or_the_name():
    assert short_name("Syrian Observatory for Human Rights", "SOHR;UK-based Syrian Observatory") == "SOHR"
    assert short_name("SANA (state news agency)", "Syrian Arab News Agency") == "SANA"
    assert short_name("UN human rights office (OHCHR)", "Office of the UN High Commissioner") == "OHCHR"
    assert short_name("Reuters", None) == "Reuters"


# --------------------------------------------------------------------------- on the event page


def test_the_event_page_shows_the_picture_and_writes_its_files(history, tmp_path):
    index = write_report(history, tmp_path)
    page = (index.parent / "events" / "ev.html").read_text(encoding="utf-8")
    figures = re.findall(r"<figure class='chart timeline'.*?</figure>", page, re.S)
    assert len(figures) == len(timeline_panels(read_data(history).timeline, [], {}, {}))  # one per measure and scope
    lead = figures[0]
    assert "data-panel='killed-civilians'" in lead  # the panel with the most dated counts of the killed comes first
    charts = index.parent / "charts"
    assert Image.open(charts / "ev-timeline-killed-civilians-article.png").size == (1200, 675)
    for name in ("ev-timeline-killed-civilians.svg", "ev-timeline-killed-civilians-article.svg"):
        ET.parse(charts / name)  # well-formed, standing alone
    # the sentence is the figure's caption and both pictures' label (one for a phone, one for a wide screen)
    data = read_data(history)
    labels = {f["figure_id"]: f["stated_label"] for f in data.figures}
    civilians = timeline_panels(data.timeline, data.ranges, labels, data.short_names, (), data.scope_words)[0]
    sentence = html.escape(timeline_sentence(civilians)).replace("&#x27;", "&#39;")  # as Jinja2 escapes it
    assert re.search(r"<figcaption>(.*?)(<br>| <span)", lead, re.S).group(1) == sentence
    assert lead.count(f"aria-label='Civilians killed: each body&#39;s count, by date. {sentence}'") == 2


def test_grades_and_corroboration_are_shown_when_event_ranges_has_them(history, tmp_path):
    """event_ranges grades each range (its sources' grades, a corroboration outcome): the event page shows those
    columns, whatever they are called, beside the range and under its picture; without them it says nothing."""
    import shutil

    import duckdb

    from tolls.outputs.report import GRADE_COLUMN

    index = write_report(history, tmp_path / "graded")
    page = (index.parent / "events" / "ev.html").read_text(encoding="utf-8")
    assert "<th scope='col'>Grade and corroboration</th>" in page
    lead = re.search(r"<figure class='chart timeline'.*?</figure>", page, re.S).group(0)
    _, [(said,)] = run_query(
        history, "SELECT corroboration_label FROM event_ranges WHERE measure = 'killed' AND victim_group = 'civilians'"
    )
    assert f"Corroboration: <strong>{html.escape(said)}</strong>" in lead  # two credible bodies disagree: contested
    # a view without them (as before issue 19): nothing is said about grades
    db = tmp_path / "plain.duckdb"
    shutil.copy(history, db)
    con = duckdb.connect(str(db))
    columns = [c for (c,) in con.execute("SELECT column_name FROM (DESCRIBE event_ranges)").fetchall()]
    graded = [c for c in columns if GRADE_COLUMN.search(c)]
    assert graded
    con.execute("CREATE TABLE plain_ranges AS SELECT * FROM event_ranges")
    con.execute(f"CREATE OR REPLACE VIEW event_ranges AS SELECT * EXCLUDE ({', '.join(graded)}) FROM plain_ranges")
    con.close()
    plain = (write_report(db, tmp_path / "plain").parent / "events" / "ev.html").read_text(encoding="utf-8")
    assert "Grade and corroboration" not in plain and "Corroboration:" not in plain


def test_two_bodies_of_one_picture_never_share_a_colour(styles):
    """Six colours serve every counter of the package: where two bodies of one panel have the same one, the second
    takes a colour no other series of the picture has (its marker stays its own)."""
    same = Style("#56B4E9", "o", "A")
    shared = {"a": same, "b": Style(same.colour, "s", "B"), None: styles[None]}

    def step(figure_id: str, body: str, day: int, n: int) -> Step:
        return Step(figure_id, body, body, body, body, dt.date(2025, 3, day), n, n, n, str(n), "people")

    panel = Panel("killed", "people", (step("a1", "a", 1, 3), step("a2", "a", 2, 5), step("b1", "b", 2, 4)))
    svg = timeline_chart("ev", "t", "s", panel, shared).svg
    fills = {
        g.get("data-figure-id"): {p.get("fill") for p in g.iter(f"{SVG}path")} - {"#ffffff", "none"}
        for g in ET.fromstring(svg).iter(f"{SVG}g")
        if g.get("data-figure-id")
    }
    assert fills["a1"] == fills["a2"] == {same.colour}
    assert len(fills["b1"]) == 1 and fills["b1"] != {same.colour}
