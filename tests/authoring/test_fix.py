"""`tolls validate --fix`: each fixable mistake is repaired, shown as a diff, and nothing else changes; the
others are refused with their cause. `--dry-run` writes nothing. Messages lead with the cause."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import Table

from tolls.authoring.fix import apply_fixes, plan_fixes
from tolls.cli import main
from tolls.package.loading import Package
from tolls.validation import validate


def files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def changed_lines(before: bytes, after: bytes) -> list[int]:
    a, b = before.decode().splitlines(), after.decode().splitlines()
    assert len(a) == len(b)
    return [i + 1 for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]


def first_figure(table) -> tuple[Table, str]:
    t = table("figures")
    return t, t.rows[1][0]


@pytest.mark.parametrize("field,bad", [("quote_start", "+3"), ("quote_end", "-2"), ("both", "+7")])
def test_offsets_of_a_quote_that_stands_once_are_written(package, table, field, bad):
    t, fid = first_figure(table)
    start, end = int(t.get(fid, "quote_start")), int(t.get(fid, "quote_end"))
    shift = int(bad)
    if field in ("quote_start", "both"):
        t.set(fid, "quote_start", str(start + shift))
    if field in ("quote_end", "both"):
        t.set(fid, "quote_end", str(end + shift))
    t.save()
    before = files(package)
    assert validate(package)
    pkg = Package.open(package)
    diff = apply_fixes(pkg, plan_fixes(pkg))
    after = files(package)
    assert {k for k in after if after[k] != before[k]} == {"data/figures.csv"}
    assert changed_lines(before["data/figures.csv"], after["data/figures.csv"]) == [t.line_of(fid)]
    assert f"-{fid}," in diff and f"+{fid}," in diff
    assert validate(package) == []


def test_sha256_after_an_edit_of_the_text_and_intervals_from_their_rule(package, table):
    sources = table("sources")
    sid = next(r[0] for r in reversed(sources.rows[1:]) if r[sources.header.index("evidence")] == "quoted")
    sources.set(sid, "sha256", "0" * 64).save()
    figures = table("figures")
    fid = next(r[0] for r in figures.rows[1:] if r[figures.header.index("qualifier")] == "more_than")
    figures.set(fid, "stated_number", "700").set(fid, "interval_rule", "exact").save()
    assert main(["--root", str(package), "validate", "--fix"]) == 0
    assert validate(package) == []
    fixed = Table(package, "figures")
    assert (fixed.get(fid, "stated_number"), fixed.get(fid, "interval_rule")) == ("740", "more_than")


def test_dry_run_shows_the_diff_and_writes_nothing(package, table, capsys):
    t, fid = first_figure(table)
    t.set(fid, "quote_start", str(int(t.get(fid, "quote_start")) + 1)).save()
    before = files(package)
    assert main(["--root", str(package), "validate", "--fix", "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "--- a/data/figures.csv" in out and "would fix 1 cell(s) (dry run: nothing written)" in out
    assert files(package) == before


def test_a_quote_that_stands_twice_is_refused(package, table, capsys):
    t = table("figures")
    fid = t.rows[1][0]
    source = t.get(fid, "source_id")
    path = package / Table(package, "sources").get(source, "path")
    path.write_text(path.read_text(encoding="utf-8") + "\n" + t.get(fid, "quote") + "\n", encoding="utf-8")
    t.set(fid, "quote_start", "0").save()
    assert main(["--root", str(package), "validate", "--fix"]) == 1
    out = capsys.readouterr().out
    assert f"not fixed: data/figures.csv:{t.line_of(fid)}: {fid}: the quote stands 2 times" in out
    assert Table(package, "figures").get(fid, "quote_start") == "0"


def test_a_quote_that_is_not_in_the_text_is_refused(package, table):
    t, fid = first_figure(table)
    t.set(fid, "quote", t.get(fid, "quote") + " (edited)").save()
    plan = plan_fixes(Package.open(package))
    assert not [f for f in plan.fixes if f.row_id == fid]
    assert any("the quote is not in the text" in r for r in plan.refused)


def test_crlf_line_ends_are_named_as_the_cause_and_restored(package, table, capsys):
    sources = table("sources")
    path = sources.rows[1][sources.header.index("path")]
    target = package / path
    original = target.read_bytes()
    target.write_bytes(original.replace(b"\n", b"\r\n"))
    problems = validate(package)
    assert [p.code for p in problems] == ["text-crlf"], [str(p) for p in problems]  # the cause, no cascade
    assert problems[0].message.startswith(f"{path} has CRLF (Windows) line ends")
    assert main(["--root", str(package), "validate", "--fix"]) == 0
    assert "CRLF (Windows) line ends -> LF" in capsys.readouterr().out
    assert target.read_bytes() == original


def test_crlf_text_that_matches_no_hash_is_refused(package, table):
    sources = table("sources")
    path = package / sources.rows[1][sources.header.index("path")]
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n") + b"edited\r\n")
    plan = plan_fixes(Package.open(package))
    assert any("has CRLF (Windows) line ends and matches its sha256 neither" in r for r in plan.refused)
    assert not plan.texts and not [f for f in plan.fixes if f.field == "sha256"]


def test_a_wrong_number_text_is_said_first_and_alone(package, table):
    t = table("figures")
    fid = next(r[0] for r in t.rows[1:] if r[t.header.index("number_text")] == "over 740")
    t.set(fid, "number_text", "740").save()
    found = [p for p in validate(package) if p.line == t.line_of(fid)]
    assert [p.code for p in found] == ["partial-number-text"], [str(p) for p in found]
    assert "'over 740'" in found[0].message


def _with_hashes(root: Path) -> None:
    from tolls.package.descriptor import write_descriptor_hashes

    assert write_descriptor_hashes(Package.open(root))


def test_fix_makes_the_descriptor_follow_tables_edited_by_hand(package, table, capsys):
    """A contributor edits CSVs by hand; `tolls validate --fix` leaves no stale-hash to fix after it."""
    _with_hashes(package)
    t, fid = first_figure(table)
    t.set(fid, "notes", "Edited by hand (test).").save()  # no cell to fix: only the hash is stale
    assert [p.code for p in validate(package)] == ["stale-hash"]
    assert main(["--root", str(package), "validate", "--fix", "--dry-run"]) == 1
    out = capsys.readouterr().out
    assert "datapackage.json: the hash and bytes of data/figures.csv follow the file" in out
    assert main(["--root", str(package), "validate", "--fix"]) == 0
    assert "the hash and bytes of 1 table(s) in datapackage.json" in capsys.readouterr().out
    assert validate(package) == []


def test_fix_leaves_a_descriptor_without_hashes_without_them(package, table):
    t, fid = first_figure(table)
    t.set(fid, "quote_start", str(int(t.get(fid, "quote_start")) + 1)).save()
    before = (package / "datapackage.json").read_bytes()
    assert main(["--root", str(package), "validate", "--fix"]) == 0
    assert (package / "datapackage.json").read_bytes() == before


def test_a_quote_not_in_the_text_says_so_and_shows_the_closest_passage(package, table, capsys):
    """A mistyped attribution quote, its offsets left for --fix: the file, line and field, what is wrong and
    the passage to copy it from."""
    attributions = table("attributions")
    aid = attributions.rows[1][0]
    quote = attributions.get(aid, "quote")
    typo = quote[:5] + quote[6:]  # one character left out
    attributions.set(aid, "quote", typo).set(aid, "quote_start", "").set(aid, "quote_end", "").save()
    line = attributions.line_of(aid)
    assert main(["--root", str(package), "validate", "--fix"]) == 1
    out = capsys.readouterr()
    refused = f"not fixed: data/attributions.csv:{line}: {aid}: quote: the quote is not in the text of "
    assert refused in out.out and "the closest passage is at " in out.out and repr(quote) in out.out
    said = [p for p in validate(package) if p.field == "quote"]
    assert [(p.file, p.line, p.code) for p in said] == [("data/attributions.csv", line, "quote-not-at-offsets")]
    assert repr(quote) in said[0].message and "copy the quote from there" in said[0].message


def test_dates_from_the_event_are_copied_once_its_row_is_there(package, table, capsys):
    """A figure dated from_event needs no date typed: --fix copies its event's (precision only when empty)."""
    figures, events = table("figures"), table("events")
    fid = next(r[0] for r in figures.rows[1:] if r[figures.header.index("event_id")])
    event = figures.get(fid, "event_id")
    for fld in ("date_start", "date_end", "date_precision"):
        figures.set(fid, fld, "")
    figures.set(fid, "date_basis", "from_event").save()
    assert "dates-not-event" in {p.code for p in validate(package)}
    assert main(["--root", str(package), "validate", "--fix"]) in (0, 1)
    assert f"figures {fid}: date_start (empty) -> {events.get(event, 'date_start')}" in capsys.readouterr().out
    fixed = Table(package, "figures")
    for fld in ("date_start", "date_end", "date_precision"):
        assert fixed.get(fid, fld) == events.get(event, fld)
    assert not {"dates-not-event", "from-event-without-event"} & {p.code for p in validate(package)}
