"""tolls.validate: the shipped package passes, and each way to break it is caught with file, line and field."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import ROOT, Table

from tolls.cli import main
from tolls.validation import Problem, validate


def test_shipped_package_passes_every_layer():
    assert validate(ROOT) == []


def test_frictionless_itself_accepts_the_shipped_package():
    import frictionless

    assert frictionless.Package(str(ROOT / "datapackage.json")).validate().valid


def problems_at(root: Path, file: str, line: int | None, field: str | None) -> list[Problem]:
    return [p for p in validate(root) if p.file == file and p.line == line and p.field == field]


def expect(root: Path, file: str, line: int | None, field: str | None, words: str) -> None:
    """The problem list names `file:line: field` with a message containing `words`."""
    found = problems_at(root, file, line, field)
    assert found, f"no problem at {file}:{line}: {field}; got:\n" + "\n".join(map(str, validate(root)))
    assert any(words in p.message for p in found), [str(p) for p in found]


FIG = "data/figures.csv"

# (name, table, row key, field, new value, field expected in the message, words expected)
CELL_CASES = [
    ("negative low", "figures", "f012", "low", "-5", "low", "-5 is below the minimum 0"),
    ("low above high", "figures", "f012", "low", "1700", "high", "high 1600 is below low 1700"),
    (
        "stated number differs from the words",
        "figures",
        "f012",
        "stated_number",
        "1499",
        "stated_number",
        "rule approximately gives 1500",
    ),
    ("exact is not a point", "figures", "f010", "high", "19", "qualifier", "expected all three equal"),
    ("dates out of order", "figures", "f009", "date_end", "2025-12-01", "date_end", "is before date_start"),
    ("as_of before the period", "figures", "f009", "as_of", "2025-12-01", "as_of", "before date_start"),
    ("event_basis none with an event", "figures", "f012", "event_basis", "none", "event_basis", "expected 'none'"),
    ("unknown measure", "figures", "f012", "measure", "slain", "measure", "'slain' is not one of"),
    ("offset not an integer", "figures", "f012", "quote_start", "abc", "quote_start", "'abc' is not a valid integer"),
    ("date not ISO", "figures", "f012", "date_start", "March 2025", "date_start", "is not a valid date"),
    ("id breaks the pattern", "figures", "f012", "figure_id", "F 12", "figure_id", "does not match the pattern"),
    ("unknown source", "figures", "f012", "source_id", "s999", "source_id", "no row of sources has source_id 's999'"),
    (
        "unknown event",
        "figures",
        "f012",
        "event_id",
        "2025-13-nowhere",
        "event_id",
        "no row of events has event_id '2025-13-nowhere'; add that row to events, or use an existing event_id",
    ),
    (
        "unknown victim group",
        "figures",
        "f012",
        "victim_group",
        "men",
        "victim_group",
        "no row of victim_groups has victim_group 'men'",
    ),
    ("required cell empty", "figures", "f012", "measure", "", "measure", "is empty; a value is required"),
    ("quote moved by one character", "figures", "f012", "quote_start", None, "quote_start", "it stands at"),
    (
        "number_text outside the quote",
        "figures",
        "f012",
        "number_text",
        "about 1,500",
        "number_text",
        "does not stand inside the quote",
    ),
    (
        "interval differs from its rule",
        "figures",
        "f003",
        "high",
        "799",
        "high",
        "rule more_than gives empty for 'over 740'",
    ),
    (
        "rule differs from the words",
        "figures",
        "f003",
        "interval_rule",
        "at_least",
        "interval_rule",
        "rule more_than gives more_than",
    ),
    ("formula cell", "figures", "f012", "notes", '=HYPERLINK("http://x")', "notes", "run as a formula"),
    ("formula cell starting with @", "actors", "sohr", "name", "@SUM(1)", "name", "run as a formula"),
    ("invalid ISO 3166-2 code", "figures", "f012", "admin1", "SY-ZZ", "admin1", "'SY-ZZ' is not an ISO 3166-2"),
    ("admin1 outside the country", "figures", "f012", "admin1", "LB-BA", "admin1", "is not inside country SY"),
    ("invalid country", "figures", "f012", "country", "XX", "country", "'XX' is not an ISO 3166-1"),
    ("invalid language", "sources", "s003", "language", "xx", "language", "'xx' is not an ISO 639-1 code"),
    (
        "invalid statement language",
        "sources",
        "c001",
        "statement_language",
        "xx",
        "statement_language",
        "'xx' is not an ISO 639-1 code",
    ),
    ("unknown page relation", "sources", "c001", "page_relation", "reprint", "page_relation", "reprint"),
    (
        "page read before it was published",
        "sources",
        "c001",
        "read_on",
        "2025-03-07",
        "read_on",
        "is before published_earliest 2025-03-08",
    ),
    ("page read in the future", "sources", "c001", "read_on", "2999-01-01", "read_on", "is in the future"),
    ("wrong sha256", "sources", "s003", "sha256", "0" * 64, "sha256", "the text changed, or the hash is wrong"),
    ("path leaves the package", "sources", "s003", "path", "seeds/../../etc/passwd.txt", "path", "'..'"),
    ("missing source text", "sources", "s003", "path", "seeds/nothing.txt", "path", "does not exist"),
    (
        "stated date that is a range",
        "sources",
        "s003",
        "published_basis",
        "stated",
        "published_basis",
        "expected one day for 'stated'",
    ),
    (
        "publication dates out of order",
        "sources",
        "s001",
        "published_latest",
        "2025-01-01",
        "published_latest",
        "is before published_earliest",
    ),
    (
        "source copies itself",
        "sources",
        "s002",
        "copy_of_source_id",
        "s002",
        "copy_of_source_id",
        "is the source itself",
    ),
    (
        "figure copies itself",
        "figures",
        "f005",
        "copy_of_figure_id",
        "f005",
        "copy_of_figure_id",
        "is the figure itself",
    ),
    ("dates not the event's", "figures", "f003", "date_end", "2025-03-30", "date_start", "dates must be event"),
    (
        "unknown actor",
        "attributions",
        "a012",
        "actor_id",
        "nobody",
        "actor_id",
        "no row of actors has actor_id 'nobody'",
    ),
    ("unknown stance", "attributions", "a012", "stance", "rumoured", "stance", "is not one of"),
    (
        "same figure and actor twice",
        "attributions",
        "a005",
        "actor_id",
        "pro-government-groups",
        "actor_id",
        "already attributed to pro-government-groups",
    ),
    ("attribution quote edited", "attributions", "a013", "quote", None, "quote_start", "it is not in the text"),
    ("unknown exclusion reason", "exclusions", "x001", "reason", "boring", "reason", "is not one of"),
    (
        "event dates out of order",
        "events",
        "2025-03-coast",
        "date_end",
        "2025-02-01",
        "date_end",
        "is before date_start",
    ),
    (
        "rule example out of order",
        "interval_rules",
        "approximately",
        "example_low",
        "1700",
        "example_high",
        "expected low <= high",
    ),
    # cited sources and figures (issue 9)
    (
        "cited figure with a quote",
        "figures",
        "p001",
        "quote",
        "311 Alawite civilians",
        "quote",
        "all empty for a cited one",
    ),
    (
        "cited phrase that is a sentence",
        "figures",
        "p001",
        "number_text",
        "311 Alawite civilians were killed by security forces and allied groups since Thursday",
        "number_text",
        "at most 8 words",
    ),
    (
        "quoted figure that says it is cited",
        "figures",
        "f012",
        "evidence",
        "cited",
        "evidence",
        "a figure is quoted exactly when its source's text is in seeds/",
    ),
    ("cited source without its address", "sources", "c001", "url", "", "url", "a cited source needs the address"),
    ("quoted source without its hash", "sources", "s003", "sha256", "", "path", "expected path and sha256"),
    (
        "publication precision that is not the dates'",
        "sources",
        "c001",
        "published_precision",
        "month",
        "published_precision",
        "expected 'day' exactly when both dates are the same day",
    ),
    (
        "outside knowledge without its citation",
        "sources",
        "s001",
        "outside_citation",
        "",
        "outside_citation",
        "expected a citation exactly when",
    ),
    (
        "a figure's outside knowledge without its citation",
        "figures",
        "p038",
        "outside_citation",
        "",
        "outside_citation",
        "expected a citation exactly when",
    ),
    (
        "an event's outside knowledge without its citation",
        "events",
        "2025-06-damascus-church",
        "date_basis",
        "outside_knowledge",
        "outside_citation",
        "name the cited source",
    ),
    (
        "an event that is its own double",
        "events",
        "2025-11-coast",
        "possibly_same_as",
        "2025-11-coast",
        "possibly_same_as",
        "is the event itself",
    ),
    # series, kinds, parts, relays (issue 8)
    (
        "as-of date without its basis",
        "figures",
        "p001",
        "as_of_basis",
        "",
        "as_of_basis",
        "expected all three filled or all three empty",
    ),
    (
        "quoted figure without the text's words for the measure",
        "figures",
        "f012",
        "measure_words",
        "",
        "measure_words",
        "expected the text's words",
    ),
    (
        "measure words not in the quote",
        "figures",
        "f012",
        "measure_words",
        "were slain",
        "measure_words",
        "does not stand inside the quote",
    ),
    ("a copy that is also a relay", "figures", "f004", "relay_of_figure_id", "p007", "relay_of_figure_id", "not both"),
    (
        "a relay of itself",
        "figures",
        "f003",
        "relay_of_figure_id",
        "f003",
        "relay_of_figure_id",
        "is the figure itself",
    ),
    ("a part of itself", "figures", "p017", "part_of_figure_id", "p017", "part_of_figure_id", "is the figure itself"),
    (
        "a relay inside its own source",
        "figures",
        "f006",
        "relay_of_figure_id",
        "f004",
        "relay_of_figure_id",
        "a relay repeats another source's figure",
    ),
    (
        "a relay of another measure",
        "figures",
        "f008",
        "relay_of_figure_id",
        "p054",
        "measure",
        "a relay repeats the same measure",
    ),
    (
        "a relay naming another counter",
        "figures",
        "f003",
        "relay_of_figure_id",
        "p037",
        "counted_by",
        "a relay names the counter it relays",
    ),
    ("a copy that moves the place", "figures", "f004", "admin1", "SY-LA", "admin1", "a copy is the same figure"),
    (
        "a part of another source's total",
        "figures",
        "p017",
        "part_of_figure_id",
        "p021",
        "source_id",
        "a part belongs to a total of the same source",
    ),
    (
        "a subgroup in its total's scope",
        "figures",
        "p012",
        "victim_group",
        "mixed_total",
        "coverage",
        "a subgroup counts another scope",
    ),
    (
        "a figure outside its event's dates",
        "figures",
        "f012",
        "date_end",
        "2025-04-15",
        "date_start",
        "outside its event",
    ),
    ("a figure outside its event's places", "figures", "f012", "admin1", "SY-DI", "admin1", "is not within its event"),
    ("an attribution of a cited figure", "attributions", "a012", "figure_id", "p007", "figure_id", "is a cited figure"),
    (
        "harm words not in the quote",
        "unnumbered_harms",
        "h001",
        "harm_words",
        "murders",
        "harm_words",
        "does not stand inside the quote",
    ),
    (
        "a contradiction inside one text without its other quote",
        "contradictions",
        "c002",
        "other_quote",
        "",
        "against",
        "expected other_quote with its offsets for same_text",
    ),
]


@pytest.mark.parametrize("case", CELL_CASES, ids=[c[0] for c in CELL_CASES])
def test_a_broken_cell_is_named_by_file_line_and_field(package: Path, table: Callable[[str], Table], case):
    _, name, key, field, value, reported_field, words = case
    t = table(name)
    if value is None and field == "quote_start":  # move the quote one character, keeping its length
        t.set(key, "quote_start", str(int(t.get(key, "quote_start")) + 1))
        t.set(key, "quote_end", str(int(t.get(key, "quote_end")) + 1))
    elif value is None:  # change one letter inside the quote
        quote = t.get(key, field)
        t.set(key, field, quote.replace("e", "a", 1))
    else:
        t.set(key, field, value)
    t.save()
    renamed = field == f"{name[:-1]}_id"  # the row is found under its new id
    expect(package, f"data/{name}.csv", t.line_of(value if renamed else key), reported_field, words)


def test_a_duplicate_id_names_both_lines(package: Path, table):
    t = table("figures")
    t.set("f013", "figure_id", "f012").save()
    expect(package, FIG, t.line_of("f012") + 1, "figure_id", "'f012' is used twice as on line")


def test_a_missing_column_is_named_in_the_header(package: Path, table):
    t = table("figures")
    col = t.header.index("notes")
    t.rows = [row[:col] + row[col + 1 :] for row in t.rows]
    t.save()
    expect(package, FIG, 1, "notes", "the column 'notes' is missing")


def test_an_extra_column_is_named_in_the_header(package: Path, table):
    t = table("figures")
    t.rows = [row + (["extra"] if i == 0 else ["x"]) for i, row in enumerate(t.rows)]
    t.save()
    found = [p for p in validate(package) if p.file == FIG and p.line == 1]
    assert any("a column 'extra' that datapackage.json does not list" in p.message for p in found), found


def test_a_blank_row_is_named(package: Path, table):
    t = table("figures")
    t.rows.insert(3, [])
    t.save()
    expect(package, FIG, 4, None, "the row is blank")


def test_a_short_row_says_which_cells_are_missing(package: Path, table):
    t = table("figures")
    line = t.line_of("f012")
    t.rows[line - 1] = t.rows[line - 1][:5]
    t.save()
    found = problems_at(package, FIG, line, None)
    assert len(found) == 1, found  # one line, not one per missing cell
    assert "missing: quote, quote_start" in found[0].message


def test_a_byte_order_mark_is_rejected(package: Path):
    path = package / FIG
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    expect(package, FIG, 1, None, "byte order mark")


def test_a_byte_that_is_not_utf8_is_located(package: Path, table):
    line = table("exclusions").line_of("x005")
    path = package / "data" / "exclusions.csv"
    lines = path.read_bytes().split(b"\n")
    lines[line - 1] = lines[line - 1].replace(b"roughly", b"rough\xff")
    path.write_bytes(b"\n".join(lines))
    expect(package, "data/exclusions.csv", line, None, "byte 0xff")


def test_a_tampered_source_text_fails_its_hash(package: Path, table):
    path = package / table("sources").get("s004", "path")
    path.write_bytes(path.read_bytes().replace(b"745", b"754"))
    expect(package, "data/sources.csv", table("sources").line_of("s004"), "sha256", "the text changed")


def test_a_deleted_source_text_is_reported(package: Path, table):
    (package / table("sources").get("s004", "path")).unlink()
    expect(package, "data/sources.csv", table("sources").line_of("s004"), "path", "does not exist")


def test_a_resource_path_that_leaves_the_package_is_rejected(package: Path):
    descriptor = json.loads((package / "datapackage.json").read_text())
    descriptor["resources"][0]["path"] = "../sources.csv"
    (package / "datapackage.json").write_text(json.dumps(descriptor))
    expect(package, "datapackage.json", None, "resources[sources].path", "would leave the package")


def test_a_descriptor_that_is_not_json_is_one_clear_problem(package: Path):
    (package / "datapackage.json").write_text("{not json")
    [problem] = validate(package)
    assert problem.file == "datapackage.json" and "cannot be read as UTF-8 JSON" in problem.message


@pytest.mark.parametrize("table_name,key", [("figures", "f012"), ("exclusions", "x009")])
def test_deleting_a_row_leaves_words_uncovered(package: Path, table, table_name: str, key: str):
    t = table(table_name)
    number_text = t.get(key, "number_text")
    t.delete(key).save()
    if table_name == "figures":  # its attributions would otherwise fail their foreign key first
        a = table("attributions")
        a.rows = [r for r in a.rows if r[a.header.index("figure_id")] != key]
        a.save()
    found = [p for p in validate(package) if p.layer == "coverage"]
    assert any(number_text in p.message and p.file.startswith("seeds/003") for p in found), found


def test_problems_are_all_reported_at_once(package: Path, table):
    table("figures").set("f012", "low", "-5").set("f009", "measure", "slain").save()
    table("actors").set("sohr", "kind", "blog").save()
    assert {p.file for p in validate(package)} >= {FIG, "data/actors.csv"}
    assert len(validate(package)) >= 3


def tree_digest(root: Path) -> str:
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.is_file()):
        h.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return h.hexdigest()


def test_validation_never_modifies_the_package(package: Path, table):
    table("figures").set("f012", "low", "-5").save()
    before = tree_digest(package)
    validate(package)
    main(["--root", str(package), "validate"])
    assert tree_digest(package) == before


# --- the command line ---------------------------------------------------------------------------


def test_cli_exit_codes_and_one_line_per_problem(package: Path, table, capsys):
    assert main(["--root", str(package), "validate"]) == 0
    assert "valid" in capsys.readouterr().out
    line = table("figures").line_of("f012")
    table("figures").set("f012", "low", "-5").save()
    assert main(["--root", str(package), "validate"]) == 1
    err = capsys.readouterr().err
    assert f"data/figures.csv:{line}: low: -5 is below the minimum 0 [constraint-error]" in err.splitlines()


def test_cli_json_format(package: Path, table, capsys):
    table("figures").set("f012", "low", "-5").save()
    assert main(["--root", str(package), "validate", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert report["valid"] is False
    assert {"file": "data/figures.csv", "field": "low"}.items() <= report["problems"][0].items() or any(
        p["field"] == "low" for p in report["problems"]
    )


def test_cli_github_annotations(package: Path, table, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    line = table("figures").line_of("f012")
    table("figures").set("f012", "low", "-5").save()
    main(["--root", str(package), "validate"])
    out = capsys.readouterr().out
    assert any(
        a.startswith(f"::error file=data/figures.csv,line={line},title=")
        and a.endswith("::low: -5 is below the minimum 0")
        for a in out.splitlines()
    )


def test_cli_outside_a_package_is_an_error_not_a_traceback(tmp_path: Path, capsys, monkeypatch):
    monkeypatch.delenv("TOLLS_ROOT", raising=False)
    monkeypatch.chdir(tmp_path)
    assert main(["validate"]) == 2
    err = capsys.readouterr().err
    assert "no datapackage.json" in err and "Traceback" not in err


def test_changing_a_rule_flags_every_figure_that_no_longer_follows_it(package: Path, table):
    rules = table("interval_rules")
    rules.set("approximately", "spread", "factor").set("approximately", "low_factor", "0.9")
    rules.set("approximately", "low_offset", "0").set("approximately", "high_offset", "0")
    rules.set("approximately", "example_low", "1350").set("approximately", "example_high", "1500").save()
    expect(package, FIG, table("figures").line_of("f012"), "low", "rule approximately gives 1350")


def test_a_percentage_left_uncovered_is_reported(package: Path, table):
    table("exclusions").delete("x004").save()
    found = [p for p in validate(package) if p.layer == "coverage"]
    assert [p.file for p in found] == ["seeds/001_3cca3255a196bd16.txt"] and "'10%'" in found[0].message


def test_number_text_must_hold_all_the_numbers_words(package: Path, table):
    # "at least three" recorded as "three" would read as exactly 3; the coverage check refuses it
    t = table("figures")
    t.set("f007", "number_text", "three").set("f007", "qualifier", "exact").set("f007", "high", "3")
    t.set("f007", "interval_rule", "exact").save()
    expect(
        package,
        FIG,
        t.line_of("f007"),
        "number_text",
        "is 'three', but the number's words in the text are 'at least three'",
    )


def test_a_comma_too_many_is_one_problem(package: Path):
    path = package / FIG
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith("f010,"))
    lines[at] = lines[at].replace(",2025-12-homs-mosque,", ",2025-12-homs-mosque,,", 1)
    path.write_text("\n".join(lines), encoding="utf-8")
    found = validate(package)
    width = len(lines[0].split(","))
    assert [str(p) for p in found] == [
        f"{FIG}:{at + 1}: the row has {width + 1} cells, the header {width}; a comma "
        "too many? (a cell that holds a comma must be in double quotes) [extra-cell]"
    ]


def test_a_quote_left_open_says_which_lines_it_swallows(package: Path):
    path = package / FIG
    lines = path.read_text(encoding="utf-8").split("\n")
    at = next(i for i, line in enumerate(lines) if i and line.endswith(","))  # a row whose last cell is empty
    closes = next(i for i in range(at + 1, len(lines)) if '"' in lines[i])  # the next quote in the file
    lines[at] += '"'  # a quote opens the last cell and is never closed
    path.write_text("\n".join(lines), encoding="utf-8")
    found = [
        p for p in validate(package) if p.file == FIG and p.line == at + 1 and p.code in ("missing-cell", "extra-cell")
    ]
    assert len(found) == 1
    assert f"the row runs over lines {at + 1} to {closes + 1}: a double quote in it is not closed" in found[0].message


@pytest.mark.parametrize(
    "name,a,b,field",
    [("figures", "f004", "f005", "copy_of_figure_id"), ("sources", "s001", "s002", "copy_of_source_id")],
)
def test_copies_that_form_a_loop_are_caught(package: Path, table, name, a, b, field):
    t = table(name)
    t.set(a, field, b).set(b, field, a).save()
    expect(package, f"data/{name}.csv", t.line_of(a), field, "the copies form a loop")


def test_a_text_that_no_source_lists_is_reported(package: Path):
    (package / "seeds" / "005_new.txt").write_text("At least 12 people were killed.\n", encoding="utf-8")
    expect(package, "seeds/005_new.txt", None, None, "no row of data/sources.csv lists this text")


def test_json_stays_json_under_github_actions(package: Path, table, capsys, monkeypatch):
    monkeypatch.setenv("GITHUB_ACTIONS", "true")
    table("figures").set("f012", "low", "-5").save()
    assert main(["--root", str(package), "validate", "--format", "json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert all(p["field"] is None or p["field"] for p in report["problems"])


@pytest.mark.parametrize("command", [["build"], ["report"], ["export", "--hxl"]])
def test_commands_that_write_refuse_an_invalid_package(package: Path, table, command, capsys):
    assert main(["--root", str(package), "build"]) == 0  # an earlier, valid build is there
    before = tree_digest(package / "build")
    table("figures").set("f012", "stated_number", "1600").save()
    assert main(["--root", str(package), *command]) == 1
    assert "nothing was written" in capsys.readouterr().err
    assert tree_digest(package / "build") == before


@pytest.mark.parametrize("name,key", [("figures", "f012"), ("exclusions", "x009"), ("attributions", "a013")])
def test_offsets_must_span_the_quote(package: Path, table, name, key):
    t = table(name)
    t.set(key, "quote_end", str(int(t.get(key, "quote_end")) + 3)).save()
    expect(package, f"data/{name}.csv", t.line_of(key), "quote_end", "expected quote_end = quote_start + length")


def test_parts_that_add_up_to_more_than_their_total_are_caught(package: Path, table):
    # SOHR's provinces of 11 March add up to its 1,225; Latakia's 658 raised to 900 makes them 1,467
    t = table("figures")
    t.set("p017", "number_text", "900").set("p017", "low", "900").set("p017", "stated_number", "900")
    t.set("p017", "high", "900").save()
    expect(package, FIG, t.line_of("p017"), "low", "parts of one kind (provinces, days) cannot exceed their total")


def test_a_contradictions_other_quote_must_stand_at_its_offsets(package: Path, table):
    t = table("contradictions")
    t.set("c002", "other_quote_start", str(int(t.get("c002", "other_quote_start")) + 1))
    t.set("c002", "other_quote_end", str(int(t.get("c002", "other_quote_end")) + 1)).save()
    expect(package, "data/contradictions.csv", t.line_of("c002"), "other_quote_start", "does not stand at")
