"""A quoted Arabic text in a package, end to end: `tolls add` drafts a row for every number in it (read with the
Arabic rules, since the text's language is Arabic), a contributor types only judgments, and `tolls validate` is
clean; a cited figure in Arabic words is checked against the Arabic rules. The package is a copy of the shipped
one in a temporary folder, with the excerpt of tests/mentions/arabic_excerpt.py added."""

from __future__ import annotations

import csv
import re
import shutil
from pathlib import Path

import pytest
from arabic_excerpt import EXCERPT, FIGURE, SENTENCES
from conftest import copy_package

from tolls.cli import main
from tolls.validation import validate

EVENT = {
    "event_id": "test-2025-03-coast-ar",
    "name": "Killings on the coast reported in Arabic, March 2025 (test)",
    "event_type": "killings",
    "date_start": "2025-03-06",
    "date_end": "2025-03-09",
    "date_precision": "day",
    "date_basis": "stated",
    "country": "SY",
    "admin1": "SY-LA",
    "notes": "",
}
COMMON = {
    "event_id": EVENT["event_id"],
    "event_basis": "inferred_from_text",
    "counted_by": "sohr",
    "count_kind": "running_tally",
    "count_status": "not_stated",
    "coverage": "whole_event",
    "country": "SY",
    "admin1": "SY-LA",
    "date_start": "2025-03-06",
    "date_end": "2025-03-09",
    "date_precision": "week",
    "date_basis": "from_event",
}
# number_text -> (measure, victim group, the words that say the measure), as a contributor reads each sentence
JUDGMENTS = {
    "أكثر من 740": ("killed", "civilians", "قُتلوا"),
    "12": ("killed", "civilians", "قُتلوا"),
    "ما لا يقل عن ثمانية": ("injured", "people", "أصيبوا"),
    "نحو 1500": ("displaced", "people", "نزحوا"),
    "ارتفعت الحصيلة إلى ١٬٤٧٦": ("killed", "mixed_total", "قتيلاً"),
    "عشرات": ("displaced", "people", "غادرت"),
    "قتيلين": ("killed", "people", "قتيلين"),
    "خمسة وعشرين": ("detained", "people", "معتقلاً"),
    "بين 10 و15": ("missing", "people", "مصير"),
    "14 عنصراً على الأقل": ("killed", "security_forces", "مقتل"),
    "مئات": ("injured", "civilians", "إصابة"),
    "۲۳": ("injured", "people", "جريحاً"),
    "شخصان": ("killed", "people", "قُتل"),
}


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _undraft(notes: str) -> str:
    return re.sub(r"^\[draft:.*?; delete this bracket when done\]\s*", "", notes, flags=re.S)


@pytest.fixture(scope="module")
def added(tmp_path_factory) -> tuple[Path, str]:
    root = copy_package(tmp_path_factory.mktemp("ar") / "pkg")
    text = root.parent / "excerpt.txt"
    text.write_text(EXCERPT, encoding="utf-8")
    argv = ["--root", str(root), "add", str(text), "--kind", "news", "--label", "Arabic news excerpt (test)"]
    argv += ["--published", "2025-03-10", *[a for k, v in COMMON.items() for a in ("--set", f"{k}={v}")]]
    assert main(argv) == 0
    _, sources = _read(root / "data" / "sources.csv")
    return root, sources[-1]["source_id"]


def test_the_source_is_recorded_as_arabic(added):
    root, sid = added
    _, sources = _read(root / "data" / "sources.csv")
    assert next(s for s in sources if s["source_id"] == sid)["language"] == "ar"


def test_add_drafts_the_labelled_figures_and_exclusions_with_arabic_rules(added):
    root, sid = added
    _, figures = _read(root / "data" / "figures.csv")
    _, exclusions = _read(root / "data" / "exclusions.csv")
    drafted = {f["number_text"]: f for f in figures if f["source_id"] == sid}
    excluded = {x["number_text"]: x["reason"] for x in exclusions if x["source_id"] == sid}
    labels = dict(label for _, labels in SENTENCES for label in labels)
    assert set(drafted) == {w for w, label in labels.items() if label == FIGURE}
    assert excluded == {w: label for w, label in labels.items() if label != FIGURE}
    assert drafted["أكثر من 740"]["interval_rule"] == "more_than_ar" and drafted["أكثر من 740"]["low"] == "741"
    assert drafted["ارتفعت الحصيلة إلى ١٬٤٧٦"]["stated_number"] == "1476"
    assert (drafted["قتيلين"]["low"], drafted["قتيلين"]["high"]) == ("2", "2")
    assert drafted["14 عنصراً على الأقل"]["qualifier"] == "at_least"


def test_judgments_alone_make_the_arabic_text_valid(added):
    root, sid = added
    data = root / "data"
    header, events = _read(data / "events.csv")
    _write(data / "events.csv", header, [*events, {k: EVENT.get(k, "") for k in header}])
    header, figures = _read(data / "figures.csv")
    for fig in figures:
        if fig["source_id"] == sid:
            measure, group, words = JUDGMENTS[fig["number_text"]]
            fig.update(measure=measure, victim_group=group, measure_words=words, notes=_undraft(fig["notes"]))
    _write(data / "figures.csv", header, figures)
    for name in ("exclusions", "sources"):
        header, rows = _read(data / f"{name}.csv")
        for row in rows:
            if row["source_id"] == sid:
                row["notes"] = _undraft(row["notes"])
        _write(data / f"{name}.csv", header, rows)
    problems = validate(root)
    assert problems == [], sorted({(p.code, p.field, p.message[:150]) for p in problems})


def test_a_cited_arabic_figure_gets_its_interval_checked_by_the_arabic_rules(added, tmp_path):
    root = Path(shutil.copytree(added[0], tmp_path / "pkg"))
    header, figures = _read(root / "data" / "figures.csv")
    cited = next(f for f in figures if f["evidence"] == "cited")
    cited.update(number_text="أكثر من 300", qualifier="more_than", low="300", stated_number="300", high="")
    cited["interval_rule"] = "more_than_ar"
    _write(root / "data" / "figures.csv", header, figures)
    header, sources = _read(root / "data" / "sources.csv")
    for s in sources:
        if s["source_id"] == cited["source_id"]:
            s["language"] = "ar"  # the page's language: its words are read with the Arabic rules
    _write(root / "data" / "sources.csv", header, sources)
    problems = [p for p in validate(root) if p.code == "interval-mismatch"]
    assert [p.field for p in problems] == ["low"]
    assert "rule more_than_ar gives 301 for 'أكثر من 300'" in problems[0].message
    assert main(["--root", str(root), "validate", "--fix"]) == 0  # the Arabic rule's interval, written by --fix
    _, figures = _read(root / "data" / "figures.csv")
    fixed = next(f for f in figures if f["figure_id"] == cited["figure_id"])
    assert (fixed["low"], fixed["stated_number"], fixed["high"]) == ("301", "300", "")
    assert [p for p in validate(root) if p.code == "interval-mismatch"] == []
