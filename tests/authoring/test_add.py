"""`tolls add`: a new text becomes a sources row and one drafted row per number; once the judgment cells are
filled (in code, as a contributor would type them) the package validates, with no offset, sha256, id or
interval typed by hand. The worked example of docs/contributing.md runs end to end here."""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import hashlib
import os
import re
import shlex
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from conftest import ROOT, copy_package
from example_source import ADD_ARGS, PUBLISHED, TEXT, decide

from tolls.authoring.add import AddError, add_cited_source, add_source, guess_language
from tolls.mentions.dates import relative_dates
from tolls.package.loading import Package
from tolls.package.rows import is_draft
from tolls.validation import validate

# The worked example of the contributor's path, run end to end below.
GUIDE = (ROOT / "docs" / "contributing.md").read_text(encoding="utf-8")
# Cells a tool fills: never typed by a contributor in the worked example.
TOOL_CELLS = {
    "figure_id",
    "exclusion_id",
    "source_id",
    "quote_start",
    "quote_end",
    "sha256",
    "path",
    "number_text",
    "qualifier",
    "low",
    "stated_number",
    "high",
    "interval_rule",
    "quote",
}


def rows(root: Path, name: str) -> list[dict[str, str]]:
    with (root / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def last_source_figures(root: Path) -> list[dict[str, str]]:
    """The figures of the source added last (the package's own figures may hold the same numbers)."""
    source_id = rows(root, "sources")[-1]["source_id"]
    return [r for r in rows(root, "figures") if r["source_id"] == source_id]


def tolls(root: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tolls.cli", *argv],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, "TOLLS_ROOT": str(root)},
    )


@pytest.fixture
def added(package: Path, tmp_path: Path) -> tuple[Path, str]:
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    result = add_source(
        Package.open(package),
        article,
        kind="news",
        published=dt.date.fromisoformat(PUBLISHED),
        label="News excerpt on an attack near Hama (test)",
    )
    return package, result.source_id


def test_add_writes_the_source_row_and_copies_the_text(added):
    root, sid = added
    source = next(r for r in rows(root, "sources") if r["source_id"] == sid)
    raw = (root / source["path"]).read_bytes()
    assert raw == TEXT.encode("utf-8")
    assert source["sha256"] == hashlib.sha256(raw).hexdigest()
    assert source["language"] == "en" and source["kind"] == "news"
    assert source["published_earliest"] == source["published_latest"] == PUBLISHED
    assert sid not in {r["source_id"] for r in rows(ROOT, "sources")}


def test_add_drafts_a_row_for_every_number_with_tool_cells_filled(added):
    root, sid = added
    figures = [r for r in rows(root, "figures") if r["source_id"] == sid]
    exclusions = [r for r in rows(root, "exclusions") if r["source_id"] == sid]
    assert [f["number_text"] for f in figures] == ["12", "at least 12", "three", "20"]
    assert sorted(x["reason"] for x in exclusions) == ["count_of_places", "crowd_size", "duration", "other"]
    text = TEXT
    for row in figures + exclusions:
        assert text[int(row["quote_start"]) : int(row["quote_end"])] == row["quote"]
        assert row["number_text"] in row["quote"] and is_draft(row["notes"])
    at_least = next(f for f in figures if f["number_text"] == "at least 12")
    assert (at_least["qualifier"], at_least["low"], at_least["high"], at_least["interval_rule"]) == (
        "at_least",
        "12",
        "",
        "at_least",
    )
    # "on Tuesday" in a text of Thursday 13 March 2025: Tuesday 11 March, inferred from the publication date
    assert (at_least["date_start"], at_least["date_end"], at_least["date_basis"]) == (
        "2025-03-11",
        "2025-03-11",
        "inferred_from_publication",
    )
    assert "'on Tuesday' read against the publication date 2025-03-13" in at_least["notes"]
    assert at_least["event_id"] == at_least["victim_group"] == at_least["counted_by"] == ""  # judgments: left
    ids = [r["figure_id"] for r in rows(root, "figures")]
    assert len(ids) == len(set(ids)) and len({r["exclusion_id"] for r in rows(root, "exclusions")}) == len(
        rows(root, "exclusions")
    )


def test_drafted_rows_follow_the_descriptors_column_order(added):
    root, _ = added
    pkg = Package.open(root)
    for name in ("figures", "exclusions", "sources"):
        header = next(csv.reader((root / "data" / f"{name}.csv").open(encoding="utf-8")))
        assert header == [f["name"] for f in pkg.fields(name)]
        widths = {len(r) for r in csv.reader((root / "data" / f"{name}.csv").open(encoding="utf-8"))}
        assert widths == {len(header)}


def test_validate_lists_each_draft_once_and_nothing_else(added):
    root, sid = added
    problems = validate(root)
    assert problems and all(p.code == "draft-row" for p in problems), [str(p) for p in problems]
    drafted = [r for n in ("figures", "exclusions", "sources") for r in rows(root, n) if is_draft(r["notes"])]
    assert len(problems) == len(drafted) == 9
    first = next(p for p in problems if "figures.csv" in p.file)
    assert "Empty required cells: event_basis" in first.message and "victim_group" in first.message
    assert "Sentence: " in first.message


def test_judgments_alone_make_the_package_valid(added):
    root, sid = added
    before = {n: {r[next(iter(r))]: r for r in rows(root, n)} for n in ("figures", "exclusions", "sources")}
    decide(root, sid)
    for name, old in before.items():
        for key, row in {r[next(iter(r))]: r for r in rows(root, name)}.items():
            typed = {c for c in row if row[c] != old[key][c]}
            assert not typed & TOOL_CELLS, (name, key, typed & TOOL_CELLS)
    assert main_fix(root) == 0
    assert validate(root) == []


def main_fix(root: Path) -> int:
    from tolls.cli import main

    return main(["--root", str(root), "validate", "--fix"])


def test_day_words_are_left_empty_without_a_publication_date(package, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("Gunmen killed 7 people on Tuesday.\n", encoding="utf-8")
    sid = add_source(Package.open(package), article, kind="news", label="x").source_id
    fig = next(r for r in rows(package, "figures") if r["source_id"] == sid)
    assert fig["date_start"] == fig["date_basis"] == ""
    assert "date_start" in fig["notes"]


@pytest.mark.parametrize(
    "published,words,start,end",
    [
        ("2025-03-13", "on Tuesday", "2025-03-11", "2025-03-11"),
        ("2025-03-13", "since Thursday", "2025-03-06", "2025-03-13"),  # the Thursday before, to publication
        ("2025-03-13", "yesterday", "2025-03-12", "2025-03-12"),
        ("2025-07-15", "on Tuesday", "2025-07-15", "2025-07-15"),  # a Tuesday text's "on Tuesday" is that day
        ("2025-07-15", "Tuesday", "2025-07-15", "2025-07-15"),
        ("2025-07-15", "last Tuesday", "2025-07-08", "2025-07-08"),  # "last" is the one before
        ("2025-07-15", "since Tuesday", "2025-07-08", "2025-07-15"),  # a period: from the one before
        ("2025-07-15", "on Sunday", "2025-07-13", "2025-07-13"),
    ],
)
def test_relative_dates(published, words, start, end):
    [found] = relative_dates(f"It happened {words}.", dt.date.fromisoformat(published))
    assert (found.date_start.isoformat(), found.date_end.isoformat()) == (start, end)
    assert published in found.reasoning
    assert ("the publication day itself" in found.reasoning) == (start == published)
    [unknown] = relative_dates(f"It happened {words}.", None)
    assert unknown.date_start is None and "not known" in unknown.reasoning


def test_a_weekday_in_a_text_of_that_weekday_is_the_publication_day(package, tmp_path):
    """The codebook: a weekday resolved against the publication date is `inferred_from_publication`."""
    article = tmp_path / "a.txt"
    article.write_text("The monitor reported on Tuesday that 14 people were killed.\n", encoding="utf-8")
    published = dt.date(2025, 7, 15)  # a Tuesday
    sid = add_source(Package.open(package), article, kind="news", label="x", published=published).source_id
    fig = next(r for r in rows(package, "figures") if r["source_id"] == sid)
    assert (fig["date_start"], fig["date_end"], fig["date_precision"], fig["date_basis"]) == (
        "2025-07-15",
        "2025-07-15",
        "day",
        "inferred_from_publication",
    )
    assert "'on Tuesday' read against the publication date 2025-07-15" in fig["notes"]


def test_glued_words_still_give_their_number(package, tmp_path):
    article = tmp_path / "glued.txt"
    article.write_text("Clashes resumed on FridayHundreds fled the town.\n", encoding="utf-8")
    sid = add_source(Package.open(package), article, kind="news", label="x").source_id
    assert [r["number_text"] for r in rows(package, "figures") if r["source_id"] == sid] == ["Hundreds"]


@pytest.mark.parametrize(
    "content,message",
    [
        (b"\xff\xfe 12 killed", "not UTF-8"),
        (b"\xef\xbb\xbf12 killed", "byte order mark"),
    ],
)
def test_add_refuses_a_bad_text_and_writes_nothing(package, tmp_path, content, message):
    article = tmp_path / "bad.txt"
    article.write_bytes(content)
    before = {p: p.read_bytes() for p in (package / "data").iterdir()}
    with pytest.raises(AddError, match=message):
        add_source(Package.open(package), article)
    assert {p: p.read_bytes() for p in (package / "data").iterdir()} == before
    assert len(list((package / "seeds").iterdir())) == len(list((ROOT / "seeds").iterdir()))


def test_add_refuses_a_text_already_in_the_package(package):
    first = rows(package, "sources")[0]
    with pytest.raises(AddError, match=f"already in the package as {first['source_id']}"):
        add_source(Package.open(package), package / first["path"])


def test_cited_source_is_a_row_with_its_url(package):
    added = add_cited_source(
        Package.open(package), "https://example.org/report", counter="sohr", kind="news", label="A cited page (test)"
    )
    row = next(r for r in rows(package, "sources") if r["source_id"] == added.source_id)
    assert row["url"] == "https://example.org/report" and row["path"] == "" and row["sha256"] == ""
    with pytest.raises(AddError, match="already in the package"):
        add_cited_source(Package.open(package), "https://example.org/report")
    with pytest.raises(AddError, match=r"--url: 'ftp://example.org/x' does not match the pattern"):
        add_cited_source(Package.open(package), "ftp://example.org/x")


def test_language_guess():
    assert guess_language("The toll of the attack was 12 and the army said") == "en"
    assert guess_language("Le bilan de l'attaque est de 12 morts selon les sources et la police") == "fr"
    assert guess_language("قتل 12 شخصا في الهجوم") == "ar"
    assert guess_language("12 34") is None


def _worked_example() -> tuple[str, list[str]]:
    text = re.search(r"<!-- example-text: article.txt -->\s*```text\n(.*?)```", GUIDE, re.S).group(1)
    block = re.search(r"<!-- example: adding-a-source -->\s*```sh\n(.*?)```", GUIDE, re.S).group(1)
    return text, block.strip().splitlines()


def test_the_worked_example_runs_end_to_end_and_no_step_fails(tmp_path):
    """docs/contributing.md's path, as shown: every command exits 0, the contributor types only judgments."""
    text, lines = _worked_example()
    assert text == TEXT, "the guide's example text is the one this test adds"
    root = copy_package(tmp_path / "clone")
    (root / "README.md").write_text((ROOT / "README.md").read_text(encoding="utf-8"), encoding="utf-8")
    (root / "article.txt").write_text(text, encoding="utf-8")
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    decided = False
    for line in lines:
        if line.startswith("# decide"):
            sid = rows(root, "sources")[-1]["source_id"]
            decide(root, sid)
            decided = True
            continue
        argv = shlex.split(line.split(" #")[0])
        assert argv[0] == "tolls", line
        result = tolls(root, *argv[1:])
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr, result.stderr
        assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
        if argv[1] == "add":
            assert ADD_ARGS == argv[3:]
            assert "Left to decide" in result.stdout
        if argv[1:] == ["validate", "--fix"]:
            assert "stale-hash" not in result.stdout + result.stderr
        if argv[1] == "diff":
            # the three children are a part of the twelve: the range is the monitor's count alone
            assert (
                "| test-2025-03-hama | killed | civilians | — | at least 12 (Syrian Observatory for Human Rights), "
                "1 independent body | 0 → 1 |"
            ) in result.stdout
            assert "- added **f0" in result.stdout and "number_text: at least 12" in result.stdout  # its words
            assert "- added **test-2025-03-hama**: name: Attack on a village near Hama" in result.stdout
    assert decided


def test_extract_add_and_coverage_find_the_same_mentions(package, tmp_path, capsys):
    """`tolls extract`, `tolls add` and validation's coverage use one finder with one setting."""
    from tolls.cli import main
    from tolls.mentions.find import mentions_to_cover

    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    assert main(["--root", str(package), "extract", str(article), "--format", "csv"]) == 0
    printed = list(csv.DictReader(capsys.readouterr().out.splitlines()))
    expected = [m.number_text for m in mentions_to_cover(TEXT)]
    assert [r["number_text"] for r in printed] == expected
    sid = add_source(Package.open(package), article, kind="news", label="x").source_id
    drafted = [r for n in ("figures", "exclusions") for r in rows(package, n) if r["source_id"] == sid]
    assert sorted(r["number_text"] for r in drafted) == sorted(expected)
    assert "three" in expected and "Dozens" in expected  # a duration and a crowd are listed too


def test_extract_refuses_a_text_that_is_not_utf8(tmp_path, capsys):
    from tolls.cli import main

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff 12 killed")
    assert main(["extract", str(bad)]) == 2
    assert "not UTF-8" in capsys.readouterr().err


def test_a_draft_row_still_reports_what_is_not_a_judgment(added):
    """Folding keeps a draft's real problems: a quote moved off its offsets is said, not hidden."""
    from conftest import Table

    root, sid = added
    t = Table(root, "figures")
    fid = next(r[0] for r in t.rows[1:] if r[1] == sid)
    t.set(fid, "quote_start", str(int(t.get(fid, "quote_start")) + 1)).save()
    codes = {p.code for p in validate(root) if p.line == t.line_of(fid)}
    assert {"draft-row", "quote-not-at-offsets"} <= codes


def test_set_types_a_judgment_once_and_refuses_a_tool_cell(package, tmp_path, capsys):
    from tolls.cli import main

    article = tmp_path / "a.txt"
    article.write_text("Gunmen killed 7 people and wounded 9.\n", encoding="utf-8")
    assert main(["--root", str(package), "add", str(article), "--set", "low=3"]) == 2
    assert "not a judgment column" in capsys.readouterr().err
    assert main(["--root", str(package), "add", str(article), "--set", "country"]) == 2
    assert main(["--root", str(package), "add", str(article), "--set", "country=SY", "--set", "counted_by=sohr"]) == 0
    new = last_source_figures(package)
    assert len(new) == 2 and all(r["country"] == "SY" and r["counted_by"] == "sohr" for r in new)


# --- what tolls add refuses up front, and what it keeps current --------------------------------------------


def _unchanged(package: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in [*(package / "data").iterdir(), package / "datapackage.json"]}


def test_add_refuses_anything_but_a_regular_file(package, tmp_path, capsys):
    from tolls.cli import main

    target = tmp_path / "real.txt"
    target.write_text("Gunmen killed 7 people.\n", encoding="utf-8")
    link = tmp_path / "link.txt"
    link.symlink_to(target)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    before = _unchanged(package)
    for path, said in (
        (link, "is a symbolic link"),
        (Path("/dev/null"), "is a character device, not a text file"),
        (fifo, "is a named pipe, not a text file"),  # never waits for a writer
        (tmp_path, "is a folder, not a text file"),
        (tmp_path / "missing.txt", "no such file"),
    ):
        assert main(["--root", str(package), "add", str(path)]) == 2, path
        err = capsys.readouterr().err
        assert said in err and "Traceback" not in err and "internal error" not in err, err
    assert _unchanged(package) == before


@pytest.mark.parametrize(
    "content,said",
    [
        ("Gunmen killed 7\x00 people.\n", ":1: character 16 is U+0000 (NUL)"),
        ("A first line.\nGunmen killed \x1b[2J7 people.\n", ":2: character 15 is U+001B (a control character)"),
    ],
)
def test_add_refuses_nul_and_control_characters_naming_the_line(package, tmp_path, content, said):
    article = tmp_path / "a.txt"
    article.write_text(content, encoding="utf-8")
    before = _unchanged(package)
    with pytest.raises(AddError, match=re.escape(said)):
        add_source(Package.open(package), article, kind="news", label="x")
    assert _unchanged(package) == before


def test_add_refuses_a_text_over_the_size_limit_and_says_which(package, tmp_path, monkeypatch):
    import tolls.authoring.add as add

    monkeypatch.setattr(add, "MAX_TEXT_BYTES", 1000)
    article = tmp_path / "long.txt"
    article.write_text("Gunmen killed 7 people.\n" * 100, encoding="utf-8")
    with pytest.raises(AddError, match=r"larger than 1,000 bytes, the most tolls add takes \(MAX_TEXT_BYTES"):
        add_source(Package.open(package), article, kind="news", label="x")


@pytest.mark.parametrize(
    "options,said",
    [
        ({"label": "=HYPERLINK(1)"}, "--label: '=HYPERLINK(1)' starts with '='"),
        ({"label": "x", "url": "https://example.org/" + "a" * 100_000}, "--url: is 100,020 characters long"),
        ({"label": "x", "url": "https://example.org/a b"}, "--url: 'https://example.org/a b' does not match"),
        ({"label": "x", "kind": "blog"}, "--kind: 'blog' is not one of: wire_story"),
        ({"label": "x", "shared": {"country": "Syria"}}, "--set country: 'Syria' does not match the pattern"),
        ({"label": "x", "shared": {"place_text": "@home"}}, "--set place_text: '@home' starts with '@'"),
    ],
)
def test_add_refuses_up_front_every_cell_validate_would_refuse(package, tmp_path, options, said):
    article = tmp_path / "a.txt"
    article.write_text("Gunmen killed 7 people.\n", encoding="utf-8")
    before = _unchanged(package)
    with pytest.raises(AddError, match="refused, nothing was written") as exc:
        add_source(Package.open(package), article, **{"kind": "news", **options})
    assert said in str(exc.value)
    assert _unchanged(package) == before and len(list((package / "seeds").iterdir())) == len(
        list((ROOT / "seeds").iterdir())
    )


def test_cells_add_writes_from_the_text_are_ones_validate_accepts(package, tmp_path):
    """A bullet's '-' never starts a quote (a formula to a spreadsheet), a title that would be refused is left
    for a person, and a 'sentence' of a text without full stops is cut to the words around its number."""
    article = tmp_path / "a.txt"
    long_run = " ".join(["word"] * 2000)
    article.write_text(
        f"=Title\n- 7 people were killed.\n{long_run} 9 people were killed {long_run}\n", encoding="utf-8"
    )
    sid = add_source(Package.open(package), article, kind="news", label="x", published=dt.date(2025, 3, 13)).source_id
    source = next(r for r in rows(package, "sources") if r["source_id"] == sid)
    assert source["title"] == ""
    quotes = {r["number_text"]: r["quote"] for r in rows(package, "figures") if r["source_id"] == sid}
    assert quotes["7"] == "7 people were killed."
    assert "9 people were killed" in quotes["9"] and len(quotes["9"]) <= 600
    codes = {p.code for p in validate(package)}
    assert codes == {"draft-row"}, codes


def test_add_keeps_the_descriptors_hashes_current(package, tmp_path):
    """What the tool wrote is never a stale-hash: after `tolls add` only the drafts are left."""
    from tolls.package.descriptor import write_descriptor_hashes

    write_descriptor_hashes(Package.open(package))
    article = tmp_path / "a.txt"
    article.write_text("Gunmen killed 7 people.\n", encoding="utf-8")
    add_source(Package.open(package), article, kind="news", label="x")
    add_cited_source(Package.open(package), "https://example.org/p", kind="news", label="y", figures=["about 40"])
    assert {p.code for p in validate(package)} == {"draft-row"}


def test_a_cited_page_gets_its_figures_drafted_from_their_words(package):
    added = add_cited_source(
        Package.open(package),
        "https://example.org/toll",
        counter="sohr",
        kind="news",
        label="A page (test)",
        language="en",
        figures=["more than 1,000"],
        shared={"measure": "killed"},
    )
    assert added.source_id.startswith("c") and [f[0] for f in added.figures] == ["p"]
    fig = next(r for r in rows(package, "figures") if r["figure_id"] == added.figures[0])
    assert (fig["evidence"], fig["number_text"], fig["low"], fig["high"], fig["measure"]) == (
        "cited",
        "more than 1,000",
        "1001",
        "",
        "killed",
    )
    assert is_draft(fig["notes"]) and fig["quote"] == ""
    assert fig["counted_by"] == "sohr", "the page reports the counter's count: --counter fills counted_by"


def test_progress_is_reported_while_a_long_text_is_read(package, tmp_path):
    seen = []
    article = tmp_path / "a.txt"
    article.write_text("".join(f"Gunmen killed {n} people in village {n}.\n" for n in range(1, 300)), encoding="utf-8")
    add_source(Package.open(package), article, kind="news", label="x", progress=lambda *step: seen.append(step))
    stages = list(dict.fromkeys(what for what, _, _ in seen))
    assert stages[0].startswith("finding the numbers") and "drafting a row for each number" in stages
    last = [step for step in seen if step[0] == "drafting a row for each number"][-1]
    assert last[1] == last[2] > 0  # the last step done is the count of numbers


def test_a_long_text_shows_progress_on_a_terminal_and_nothing_in_a_log(package, tmp_path):
    import pty

    article = tmp_path / "long.txt"
    line = "Gunmen killed 7 people in the village, a monitoring group said on Tuesday.\n"
    article.write_text(line * 1500, encoding="utf-8")  # past LONG_TEXT_BYTES
    master, slave = pty.openpty()
    argv = [sys.executable, "-m", "tolls.cli", "--root", str(package), "add", str(article), "--label", "x"]
    shown = bytearray()

    def read_terminal() -> None:  # read while the command writes: a full terminal buffer would block it
        with contextlib.suppress(OSError):  # the terminal is closed once the command has ended
            while chunk := os.read(master, 65536):
                shown.extend(chunk)

    reader = threading.Thread(target=read_terminal, daemon=True)
    reader.start()
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=slave, timeout=600)
    os.close(slave)
    reader.join(timeout=30)
    os.close(master)
    assert done.returncode == 0 and b"finding the numbers" in shown
    other = tmp_path / "other.txt"
    other.write_text(line * 1500 + "The end.\n", encoding="utf-8")
    logged = subprocess.run([*argv[:6], str(other), "--label", "y"], capture_output=True, text=True, timeout=600)
    assert logged.returncode == 0 and logged.stderr == ""


# --- what a contributor no longer types: the cells a tool can fill, and the rows to add first -------------


def _cited(
    package: Path, url: str = "https://example.org/a", **kwargs
) -> tuple[object, dict[str, str], dict[str, str]]:
    """A cited page added with one figure: (what add returned, its sources row, its figure's row)."""
    options = {"kind": "news", "label": "A page (test)", "language": "en", "counter": "sohr", "figures": ["10"]}
    added = add_cited_source(Package.open(package), url, **{**options, **kwargs})
    source = next(r for r in rows(package, "sources") if r["source_id"] == added.source_id)
    return added, source, next(r for r in rows(package, "figures") if r["figure_id"] == added.figures[0])


def test_set_takes_every_judgment_column_and_no_tool_cell(package, tmp_path, capsys):
    """A text that relays one page's count: relay_of_figure_id typed once for all its figures."""
    from tolls.cli import main

    relayed = rows(package, "figures")[0]["figure_id"]
    article = tmp_path / "a.txt"
    article.write_text("Gunmen killed 7 people.\n", encoding="utf-8")
    for tool_cell in ("quote=x", "notes=x", "interval_rule=exact"):
        assert main(["--root", str(package), "add", str(article), "--set", tool_cell]) == 2
        assert "not a judgment column" in capsys.readouterr().err
    assert main(["--root", str(package), "add", str(article), "--set", f"relay_of_figure_id={relayed}"]) == 0
    assert [r["relay_of_figure_id"] for r in last_source_figures(package)] == [relayed]


def test_a_new_event_named_with_set_is_said_with_its_file_and_required_columns(package):
    from tolls.authoring.add import format_added

    added, _, _ = _cited(package, shared={"event_id": "test-new-event", "victim_group": "people"})
    assert added.new_rows == [
        "event_id 'test-new-event' is new: add its row to data/events.csv (required: event_id, name, event_type, "
        "date_start, date_end, date_precision, date_basis, country)"
    ]
    assert "Add first" in format_added(added)
    known, _, _ = _cited(package, "https://example.org/b", shared={"event_id": rows(package, "events")[0]["event_id"]})
    assert known.new_rows == []


def test_dates_from_the_event_are_never_typed(package, tmp_path):
    """--set date_basis=from_event: the event's dates are copied (or, for an event still to add, left to --fix)."""
    event = rows(package, "events")[0]
    _, _, fig = _cited(package, shared={"event_id": event["event_id"], "date_basis": "from_event"})
    assert [fig[c] for c in ("date_start", "date_end", "date_precision")] == [
        event[c] for c in ("date_start", "date_end", "date_precision")
    ]
    assert "date_start" not in fig["notes"]
    article = tmp_path / "a.txt"
    article.write_text("Gunmen killed 7 people on Tuesday.\n", encoding="utf-8")
    shared = {"event_id": "test-new-event", "date_basis": "from_event"}
    add_source(Package.open(package), article, label="x", published=dt.date(2025, 3, 13), shared=shared)
    (fig,) = last_source_figures(package)
    assert fig["date_start"] == "" and "date_start" not in fig["notes"], "no weekday read: the event's dates win"
    assert "`tolls validate --fix` copies them from the event" in fig["notes"]


def test_a_cited_figure_is_as_of_its_pages_publication_day_to_confirm(package):
    _, source, fig = _cited(package, published=dt.date(2025, 2, 1))
    assert (fig["as_of"], fig["as_of_precision"], fig["as_of_basis"]) == (
        "2025-02-01",
        "day",
        "inferred_from_publication",
    )
    assert "as_of (guessed: the page's publication day" in fig["notes"] and is_draft(fig["notes"])
    assert source["read_on"] == dt.date.today().isoformat(), "the page is added the day it is read"
    _, _, given = _cited(
        package, "https://example.org/b", published=dt.date(2025, 2, 1), shared={"as_of": "2025-01-31"}
    )
    assert given["as_of"] == "2025-01-31" and given["as_of_basis"] == ""
    assert "as_of_precision, as_of_basis (how as_of 2025-01-31 is known)" in given["notes"]


def test_a_title_taken_from_the_first_line_is_a_guess_to_confirm(package, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("At least ten people were killed late Friday\n", encoding="utf-8")
    dated = {"kind": "news", "language": "en", "published": dt.date(2025, 2, 1)}
    added = add_source(Package.open(package), article, label="x", **dated)
    source = next(r for r in rows(package, "sources") if r["source_id"] == added.source_id)
    assert source["title"] == "At least ten people were killed late Friday"
    assert is_draft(source["notes"]) and "title (the text's first line: confirm" in source["notes"]
    other = tmp_path / "b.txt"
    other.write_text("Gunmen killed 7 people.\n", encoding="utf-8")
    added = add_source(Package.open(package), other, label="y", title="A page's title", **dated)
    assert not is_draft(next(r for r in rows(package, "sources") if r["source_id"] == added.source_id)["notes"])
