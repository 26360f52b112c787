"""Ways to break a copy of the shipped package, each with the words its problem line must hold.

Shared by tests/validation/test_structure.py (one test per kind) and the fuzz test, which combines them at random.
Every corruption is built in code from the package as it ships, never from a stored fixture, and reads
column and resource names from datapackage.json.
"""

from __future__ import annotations

import csv
import io
import json
import os
from collections.abc import Callable
from pathlib import Path

DESCRIPTOR = "datapackage.json"


def descriptor(root: Path) -> dict:
    return json.loads((root / DESCRIPTOR).read_text(encoding="utf-8"))


def write_descriptor(root: Path, desc: object) -> None:
    (root / DESCRIPTOR).write_text(json.dumps(desc, indent=2), encoding="utf-8")


def resource_names(root: Path) -> list[str]:
    return [r["name"] for r in descriptor(root)["resources"]]


def field_names(root: Path, name: str) -> list[str]:
    res = next(r for r in descriptor(root)["resources"] if r["name"] == name)
    return [f["name"] for f in res["schema"]["fields"]]


def csv_path(root: Path, name: str) -> Path:
    res = next(r for r in descriptor(root)["resources"] if r["name"] == name)
    return root / res["path"]


def read_rows(root: Path, name: str) -> list[list[str]]:
    with csv_path(root, name).open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def write_rows(root: Path, name: str, rows: list[list[str]]) -> None:
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\n").writerows(rows)
    csv_path(root, name).write_text(buf.getvalue(), encoding="utf-8")


def edit_column(root: Path, name: str, column: str, edit: Callable[[list[list[str]], int], None]) -> None:
    rows = read_rows(root, name)
    edit(rows, rows[0].index(column))
    write_rows(root, name, rows)


def remove_column(root: Path, name: str, column: str) -> None:
    edit_column(root, name, column, lambda rows, i: [row.pop(i) for row in rows if len(row) > i])


def rename_column(root: Path, name: str, column: str, new: str) -> None:
    edit_column(root, name, column, lambda rows, i: rows[0].__setitem__(i, new))


def swap_columns(root: Path, name: str, column: str) -> None:
    """Swap `column` with the next one (or the previous one, for the last), header and cells together."""

    def edit(rows: list[list[str]], i: int) -> None:
        j = i + 1 if i + 1 < len(rows[0]) else i - 1
        for row in rows:
            if len(row) > max(i, j):
                row[i], row[j] = row[j], row[i]

    edit_column(root, name, column, edit)


def set_cell(root: Path, name: str, column: str, value: str, row: int = 1) -> None:
    edit_column(root, name, column, lambda rows, i: rows[row].__setitem__(i, value))


def edit_descriptor(root: Path, edit: Callable[[dict], object]) -> None:
    desc = descriptor(root)
    edit(desc)
    write_descriptor(root, desc)


def resource(desc: dict, name: str) -> dict:
    return next(r for r in desc["resources"] if r["name"] == name)


def rename_field(root: Path, name: str, column: str, new: str, *, in_data: bool) -> None:
    """Rename a field in datapackage.json (its hash and bytes dropped, as a contributor's edit leaves them
    unknown) and, with in_data, in the CSV header too: a change of the model, the data still valid."""

    def edit(desc: dict) -> None:
        table = resource(desc, name)
        next(f for f in table["schema"]["fields"] if f["name"] == column)["name"] = new
        for stale in ("hash", "bytes"):
            table.pop(stale, None)

    edit_descriptor(root, edit)
    if in_data:
        rename_column(root, name, column, new)


def seed_path(root: Path) -> str:
    """The path of the first source text, as sources.csv lists it."""
    rows = read_rows(root, "sources")
    return rows[1][rows[0].index("path")]


def symlink_seed_outside(root: Path) -> None:
    """Replace the first source text by a symlink to a file outside the package."""
    outside = root.parent / "outside.txt"
    outside.write_text("Outside the package: 12345 people.\n", encoding="utf-8")
    target = root / seed_path(root)
    target.unlink()
    os.symlink(outside, target)


def symlink_resource_outside(root: Path, name: str) -> None:
    path = csv_path(root, name)
    outside = root.parent / f"outside-{name}.csv"
    outside.write_bytes(path.read_bytes())
    path.unlink()
    os.symlink(outside, path)


def symlink_descriptor_outside(root: Path) -> None:
    outside = root.parent / "outside.json"
    outside.write_bytes((root / DESCRIPTOR).read_bytes())
    (root / DESCRIPTOR).unlink()
    os.symlink(outside, root / DESCRIPTOR)


def fifo_resource(root: Path) -> None:
    """A named pipe where a table should be: reading it would wait for ever."""
    path = csv_path(root, "events")
    path.unlink()
    os.mkfifo(path)


def append_to_seed(root: Path, words: str) -> None:
    with (root / seed_path(root)).open("a", encoding="utf-8", newline="") as fh:
        fh.write(words)


def rules_edit(root: Path, edit: Callable[[list[list[str]], list[str]], None]) -> None:
    rows = read_rows(root, "interval_rules")
    edit(rows, rows[0])
    write_rows(root, "interval_rules", rows)


def duplicate_cue(root: Path) -> None:
    """Give a second rule one cue of another rule (same position)."""

    def edit(rows: list[list[str]], header: list[str]) -> None:
        ci = header.index("cues")
        with_cues = [r for r in rows[1:] if r[ci].strip()]
        a, b = with_cues[0], with_cues[1]
        b[ci] = b[ci] + ";" + a[ci].split(";")[0]

    rules_edit(root, edit)


def two_bare_rules(root: Path) -> None:
    """Copy the bare-number rule (no cues, no unit) under a new id."""

    def edit(rows: list[list[str]], header: list[str]) -> None:
        ci, ui, ii = header.index("cues"), header.index("unit"), header.index("rule_id")
        bare = next(r for r in rows[1:] if not r[ci].strip() and not r[ui].strip())
        twin = list(bare)
        twin[ii] = bare[ii] + "_twin"
        rows.append(twin)

    rules_edit(root, edit)


def set_figure_date(root: Path, column: str, value: str) -> None:
    set_cell(root, "figures", column, value)


def as_of_after_publication(root: Path) -> None:
    """Give the first figure an as-of date one year after its source's latest publication date."""
    sources = read_rows(root, "sources")
    figures = read_rows(root, "figures")
    sid = figures[1][figures[0].index("source_id")]
    latest = next(r[sources[0].index("published_latest")] for r in sources[1:] if r[0] == sid)
    year, rest = latest.split("-", 1)
    later = f"{int(year) + 1}-{rest}"
    for column in ("as_of",):
        figures[1][figures[0].index(column)] = later
    write_rows(root, "figures", figures)


# (id, corruption, words the problem line holds). The corruptions with a column or resource in their
# name are generated per column / resource by `column_cases` and `resource_cases`.
Case = tuple[str, Callable[[Path], None], str]

FIXED_CASES: list[Case] = [
    ("descriptor-is-a-list", lambda r: write_descriptor(r, [descriptor(r)]), "must be a JSON object"),
    ("descriptor-is-a-string", lambda r: write_descriptor(r, "package"), "must be a JSON object"),
    ("descriptor-empty-file", lambda r: (r / DESCRIPTOR).write_text("", encoding="utf-8"), "cannot be read"),
    ("descriptor-not-utf8", lambda r: (r / DESCRIPTOR).write_bytes(b"\xff\xfe{}"), "cannot be read"),
    (
        "resources-not-a-list",
        lambda r: edit_descriptor(r, lambda d: d.update(resources={"a": 1})),
        "resources must be a list",
    ),
    (
        "resource-not-an-object",
        lambda r: edit_descriptor(r, lambda d: d["resources"].append("figures")),
        "must be an object",
    ),
    (
        "resource-without-schema",
        lambda r: edit_descriptor(r, lambda d: resource(d, "figures").pop("schema")),
        "has no schema",
    ),
    (
        "resource-schema-is-a-url",
        lambda r: edit_descriptor(r, lambda d: resource(d, "figures").update(schema="https://example.org/schema.json")),
        "must be an object",
    ),
    ("resource-without-name", lambda r: edit_descriptor(r, lambda d: resource(d, "events").pop("name")), "has no name"),
    (
        "fields-not-a-list",
        lambda r: edit_descriptor(r, lambda d: resource(d, "events")["schema"].update(fields="x")),
        "fields must be a list",
    ),
    (
        "field-without-name",
        lambda r: edit_descriptor(r, lambda d: resource(d, "events")["schema"]["fields"][0].pop("name")),
        "has no name",
    ),
    (
        "duplicate-resource-name",
        lambda r: edit_descriptor(r, lambda d: d["resources"].append(dict(resource(d, "events")))),
        "twice",
    ),
    (
        "resource-path-is-a-url",
        lambda r: edit_descriptor(r, lambda d: resource(d, "figures").update(path="https://example.org/figures.csv")),
        "URL",
    ),
    (
        "resource-path-is-absolute",
        lambda r: edit_descriptor(r, lambda d: resource(d, "figures").update(path=str(r / "data" / "figures.csv"))),
        "absolute",
    ),
    (
        "resource-path-is-a-list",
        lambda r: edit_descriptor(r, lambda d: resource(d, "figures").update(path=["data/figures.csv"])),
        "must be one string",
    ),
    (
        "resource-path-leaves",
        lambda r: edit_descriptor(r, lambda d: resource(d, "figures").update(path="../figures.csv")),
        "leave the package",
    ),
    ("resource-symlink-outside", lambda r: symlink_resource_outside(r, "figures"), "symbolic link"),
    ("seed-symlink-outside", symlink_seed_outside, "symbolic link"),
    ("seed-path-is-a-url", lambda r: set_cell(r, "sources", "path", "https://example.org/a.txt"), "URL"),
    ("seed-path-absolute", lambda r: set_cell(r, "sources", "path", "/etc/passwd"), "absolute"),
    ("seed-path-leaves", lambda r: set_cell(r, "sources", "path", "seeds/../../outside.txt"), "leave the package"),
    ("zero-byte-csv", lambda r: csv_path(r, "figures").write_bytes(b""), "is empty"),
    ("header-only-blank-line", lambda r: csv_path(r, "events").write_text("\n", encoding="utf-8"), "header"),
    ("nul-byte-in-cell", lambda r: set_cell(r, "events", "name", "a\x00b"), "control character"),
    ("control-char-in-cell", lambda r: set_cell(r, "events", "name", "a\x1bb"), "control character"),
    ("ten-mb-cell", lambda r: set_cell(r, "events", "notes", "x" * 10_000_000), "characters long"),
    ("thirty-digit-integer", lambda r: set_cell(r, "figures", "low", "1" * 30), "111111111111111111111111111111"),
    ("huge-negative-integer", lambda r: set_cell(r, "figures", "quote_start", "-" + "9" * 25), "9999999999"),
    ("five-thousand-digit-number", lambda r: append_to_seed(r, "\n" + "7" * 5000 + " people.\n"), "sha256"),
    (
        "five-hundred-numbers-joined-by-or",
        lambda r: append_to_seed(r, "\n" + " or ".join(str(i) for i in range(1, 501)) + " people.\n"),
        "sha256",
    ),
    ("duplicate-cue", duplicate_cue, "cue"),
    ("two-bare-number-rules", two_bare_rules, "bare number"),
    ("as-of-in-2099", lambda r: set_figure_date(r, "as_of", "2099-01-01"), "future"),
    ("as-of-after-publication", as_of_after_publication, "published"),
    ("latin1-seed", lambda r: (r / seed_path(r)).write_bytes("caf\xe9 12 people".encode("latin-1")), "not UTF-8"),
    ("seed-is-a-directory", lambda r: ((r / seed_path(r)).unlink(), (r / seed_path(r)).mkdir()), "does not exist"),
    ("csv-not-utf8", lambda r: csv_path(r, "events").write_bytes(b"\xff\xfe" + "x".encode("utf-16-le")), "not UTF-8"),
    (
        "unclosed-quote",
        lambda r: csv_path(r, "events").write_text(
            csv_path(r, "events").read_text(encoding="utf-8") + '"unclosed,\n', encoding="utf-8"
        ),
        "",
    ),
    (
        "foreign-key-to-missing-resource",
        lambda r: edit_descriptor(
            r,
            lambda d: resource(d, "figures")["schema"]["foreignKeys"].append(
                {"fields": "event_id", "reference": {"resource": "nowhere", "fields": "event_id"}}
            ),
        ),
        "nowhere",
    ),
    (
        "field-type-unknown",
        lambda r: edit_descriptor(r, lambda d: resource(d, "events")["schema"]["fields"][0].update(type="blob")),
        "blob",
    ),
    (
        "dialect-is-a-url",
        lambda r: edit_descriptor(
            r, lambda d: resource(d, "events").update(dialect="https://example.org/dialect.json")
        ),
        "must be an object",
    ),
    (
        "descriptor-nested-deeply",
        lambda r: (r / DESCRIPTOR).write_text("[" * 100_000 + "]" * 100_000),
        "cannot be read",
    ),
    (
        "descriptor-holds-nan",
        lambda r: (r / DESCRIPTOR).write_text(
            (r / DESCRIPTOR).read_text(encoding="utf-8").replace('"minimum": 0', '"minimum": NaN', 1), encoding="utf-8"
        ),
        "NaN is not JSON",
    ),
    ("descriptor-is-a-symlink", symlink_descriptor_outside, "symbolic link"),
    ("seed-path-too-long", lambda r: set_cell(r, "sources", "path", "seeds/" + "a" * 5000 + ".txt"), "characters long"),
    (
        "resource-path-too-long",
        lambda r: edit_descriptor(r, lambda d: resource(d, "events").update(path="data/" + "a" * 300)),
        "characters long",
    ),
    ("resource-is-a-fifo", fifo_resource, "missing"),
    ("rule-factor-1e999999", lambda r: set_cell(r, "interval_rules", "high_factor", "1e999999", row=3), "plain number"),
    (
        "foreign-key-reference-is-a-string",
        lambda r: edit_descriptor(
            r, lambda d: resource(d, "figures")["schema"]["foreignKeys"][0].update(reference="x")
        ),
        "foreign key",
    ),
    (
        "pattern-is-not-a-regex",
        lambda r: edit_descriptor(
            r, lambda d: resource(d, "events")["schema"]["fields"][0].setdefault("constraints", {}).update(pattern="([")
        ),
        "frictionless cannot check",
    ),
    (
        "missing-values-hold-zero",
        lambda r: edit_descriptor(r, lambda d: resource(d, "events")["schema"].update(missingValues=["", "0"])),
        "only missing value",
    ),
    (
        "encoding-is-latin1",
        lambda r: edit_descriptor(r, lambda d: resource(d, "events").update(encoding="latin-1")),
        "UTF-8",
    ),
    (
        "field-type-is-a-list",
        lambda r: edit_descriptor(r, lambda d: resource(d, "events")["schema"]["fields"][0].update(type=["string"])),
        "type must be",
    ),
    ("date-end-in-9999", lambda r: set_cell(r, "figures", "date_end", "9999-12-31"), "future"),
    (
        "dialect-semicolon",
        lambda r: edit_descriptor(r, lambda d: resource(d, "events").update(dialect={"delimiter": ";"})),
        "delimiter is ';'",
    ),
    (
        "dialect-comment-char",
        lambda r: edit_descriptor(r, lambda d: resource(d, "events")["dialect"].update(commentChar="#")),
        "'commentChar' is not read",
    ),
    (
        "profile-is-a-url",
        lambda r: edit_descriptor(r, lambda d: d.update(profile="https://example.org/profile.json")),
        "URL",
    ),
]


def column_cases(root: Path) -> list[Case]:
    """Remove, rename and move each column of each table."""
    cases: list[Case] = []
    for name in resource_names(root):
        for column in field_names(root, name):
            cases.append((f"remove-{name}.{column}", lambda r, n=name, c=column: remove_column(r, n, c), f"'{column}'"))
            cases.append(
                (
                    f"rename-{name}.{column}",
                    lambda r, n=name, c=column: rename_column(r, n, c, c + "_x"),
                    f"'{column}_x'",
                )
            )
            cases.append((f"move-{name}.{column}", lambda r, n=name, c=column: swap_columns(r, n, c), "order"))
    return cases


def resource_cases(root: Path) -> list[Case]:
    """Remove each resource from the descriptor; delete each file."""
    cases: list[Case] = []
    for name in resource_names(root):
        cases.append(
            (
                f"unlist-{name}",
                lambda r, n=name: edit_descriptor(
                    r, lambda d: d.update(resources=[x for x in d["resources"] if x["name"] != n])
                ),
                f"'{name}'",
            )
        )
        cases.append((f"delete-{name}", lambda r, n=name: csv_path(r, n).unlink(), "missing"))
    return cases


# Unusual but valid: each must still pass.
VALID_CASES: list[tuple[str, Callable[[Path], None]]] = [
    (
        "crlf-line-endings",
        lambda r: csv_path(r, "events").write_bytes(csv_path(r, "events").read_bytes().replace(b"\n", b"\r\n")),
    ),
    (
        "cr-line-endings",
        lambda r: csv_path(r, "actors").write_bytes(csv_path(r, "actors").read_bytes().replace(b"\n", b"\r")),
    ),
    ("encoding-spelled-utf8", lambda r: edit_descriptor(r, lambda d: resource(d, "events").update(encoding="UTF8"))),
    ("no-trailing-newline", lambda r: csv_path(r, "events").write_bytes(csv_path(r, "events").read_bytes().rstrip())),
    ("integer-at-the-64-bit-limit-in-notes", lambda r: set_cell(r, "events", "notes", str(2**63))),
    ("arabic-digits-in-a-note", lambda r: set_cell(r, "events", "notes", "Noted in ١٢ places.")),
]


# --- hostile input and the model's families (issue 24) ------------------------------------------------
# Each adds or edits rows found by what they are (a cited figure, a quoted one, a cited source), never by
# id, so that the cases hold whatever rows the package ships.


def dict_rows(root: Path, name: str) -> tuple[list[str], list[dict[str, str]]]:
    rows = read_rows(root, name)
    return rows[0], [dict(zip(rows[0], r, strict=False)) for r in rows[1:]]


def write_dicts(root: Path, name: str, header: list[str], rows: list[dict[str, str]]) -> None:
    write_rows(root, name, [header] + [[r.get(c, "") for c in header] for r in rows])


def edit_dicts(root: Path, name: str, edit: Callable[[list[dict[str, str]]], None]) -> None:
    header, rows = dict_rows(root, name)
    edit(rows)
    write_dicts(root, name, header, rows)


def _cited_sources(root: Path) -> list[str]:
    return [r["source_id"] for r in dict_rows(root, "sources")[1] if r["evidence"] == "cited"]


def _cited_figure(root: Path, low_at_least: int = 0) -> dict[str, str]:
    return next(
        r
        for r in dict_rows(root, "figures")[1]
        if r["evidence"] == "cited" and r["low"] and int(r["low"]) >= low_at_least and not r["part_of_figure_id"]
    )


def _exact(n: int) -> dict[str, str]:
    return {"number_text": str(n), "qualifier": "exact", "low": str(n), "stated_number": str(n), "high": str(n)}


def add_figures(root: Path, *rows: dict[str, str]) -> None:
    """Append figures, each a cited figure of the package with the given changes (and its own figure_id)."""
    base = _cited_figure(root)
    edit_dicts(root, "figures", lambda figures: figures.extend({**base, **r} for r in rows))


def _other_source(root: Path, than: str) -> str:
    return next(s for s in _cited_sources(root) if s != than)


def part_outside_period(root: Path) -> None:
    """A one-day part dated the day after its total's period ends."""
    import datetime as dt

    total = _cited_figure(root)
    after = (dt.date.fromisoformat(total["date_end"]) + dt.timedelta(days=1)).isoformat()
    part = {"coverage": "part_period", "date_basis": "stated", "date_precision": "day", **_exact(1)}
    part.update(figure_id="zz-part", part_of_figure_id=total["figure_id"], date_start=after, date_end=after)
    add_figures(root, part)


def _group(root: Path, broad: bool) -> str:
    """A victim group of one status and identity, or (broad) one of any status and identity."""
    groups = dict_rows(root, "victim_groups")[1]
    if broad:
        return next(g["victim_group"] for g in groups if g["status"] in ("unknown", "mixed") and g["identity"] == "any")
    return next(g["victim_group"] for g in groups if g["status"] not in ("unknown", "mixed", "mostly_civilians"))


def part_of_wider_group(root: Path) -> None:
    total = _cited_figure(root)
    add_figures(
        root,
        {"figure_id": "zz-total", "victim_group": _group(root, broad=False), **_exact(500)},
        {
            "figure_id": "zz-part",
            "part_of_figure_id": "zz-total",
            "coverage": "part_victims",
            "victim_group": _group(root, broad=True),
            "source_id": total["source_id"],
            **_exact(5),
        },
    )


def relay_of_other_event(root: Path) -> None:
    relayed = _cited_figure(root)
    events = [e["event_id"] for e in dict_rows(root, "events")[1]]
    other = next(e for e in events if e != relayed["event_id"])
    add_figures(
        root,
        {
            "figure_id": "zz-relay",
            "source_id": _other_source(root, relayed["source_id"]),
            "relay_of_figure_id": relayed["figure_id"],
            "event_id": other,
        },
    )


def relay_that_cannot_hold(root: Path) -> None:
    relayed = _cited_figure(root, low_at_least=2)
    add_figures(
        root,
        {
            "figure_id": "zz-relay",
            "source_id": _other_source(root, relayed["source_id"]),
            "relay_of_figure_id": relayed["figure_id"],
            **_exact(1),
        },
    )


def copy_with_other_number(root: Path) -> None:
    original = _cited_figure(root)
    number = int(original["high"] or original["low"]) + 1
    add_figures(root, {"figure_id": "zz-copy", "copy_of_figure_id": original["figure_id"], **_exact(number)})


def copy_between_unlinked_sources(root: Path) -> None:
    original = _cited_figure(root)
    other = _other_source(root, original["source_id"])
    add_figures(root, {"figure_id": "zz-copy", "copy_of_figure_id": original["figure_id"], "source_id": other})


def verified_minimum(root: Path, **changes: str) -> None:
    add_figures(
        root,
        {"figure_id": "zz-minimum", "count_kind": "verified_minimum", "count_status": "known_undercount", **changes},
    )


def set_source(root: Path, sid: str, **changes: str) -> None:
    edit_dicts(root, "sources", lambda rows: next(r for r in rows if r["source_id"] == sid).update(changes))


def two_sources_one_url(root: Path) -> None:
    first, second = _cited_sources(root)[:2]
    url = next(r["url"] for r in dict_rows(root, "sources")[1] if r["source_id"] == first)
    set_source(root, second, url=url)


def _cites(root: Path, sid: str, citation: str) -> None:
    set_source(root, sid, published_basis="outside_knowledge", outside_citation=citation, published_note="")


def _first_quoted_source(root: Path) -> str:
    return next(r["source_id"] for r in dict_rows(root, "sources")[1] if r["evidence"] == "quoted")


def scope_cycle(root: Path) -> None:
    def edit(groups: list[dict[str, str]]) -> None:
        a, b = [g for g in groups if g["scope"] == g["victim_group"]][:2]
        a["scope"], b["scope"] = b["victim_group"], a["victim_group"]

    edit_dicts(root, "victim_groups", edit)


def scope_not_own_scope(root: Path) -> None:
    def edit(groups: list[dict[str, str]]) -> None:
        a, b = [g for g in groups if g["scope"] == g["victim_group"]][:2]
        other = next(g for g in groups if g not in (a, b))
        a["scope"], other["scope"] = b["victim_group"], a["victim_group"]

    edit_dicts(root, "victim_groups", edit)


def _quoted_figure(root: Path) -> dict[str, str]:
    return next(r for r in dict_rows(root, "figures")[1] if r["evidence"] == "quoted" and r["measure_words"])


def _figure_of_another_source(root: Path, than: str) -> str:
    return next(r["figure_id"] for r in dict_rows(root, "figures")[1] if r["source_id"] != than)


def harm_of_another_sources_figure(root: Path) -> None:
    f = _quoted_figure(root)
    harm = {
        "harm_id": "zz-harm",
        "source_id": f["source_id"],
        "event_id": f["event_id"],
        "quote": f["quote"],
        "quote_start": f["quote_start"],
        "quote_end": f["quote_end"],
        "harm_words": f["measure_words"],
        "measure": f["measure"],
        "victim_group": f["victim_group"],
        "figure_id": _figure_of_another_source(root, f["source_id"]),
    }
    edit_dicts(root, "unnumbered_harms", lambda rows: rows.append(harm))


def contradiction(root: Path, figure: str = "", others: str | None = None) -> None:
    """A contradiction of a quoted figure's sentence with other sources (by default the first cited one)."""
    f = _quoted_figure(root)
    row = {
        "contradiction_id": "zz-contradiction",
        "source_id": f["source_id"],
        "topic": "number",
        "quote": f["quote"],
        "quote_start": f["quote_start"],
        "quote_end": f["quote_end"],
        "against": "other_sources",
        "other_source_ids": _cited_sources(root)[0] if others is None else others.replace("OWN", f["source_id"]),
        "figure_id": figure.replace("OTHER", _figure_of_another_source(root, f["source_id"])),
    }
    edit_dicts(root, "contradictions", lambda rows: rows.append(row))


def nul_in_seed_with_hash_repinned(root: Path) -> None:
    import hashlib

    path = root / seed_path(root)
    text = path.read_text(encoding="utf-8").replace("\n", "\n\x00", 1)
    path.write_text(text, encoding="utf-8")
    set_cell(root, "sources", "sha256", hashlib.sha256(text.encode()).hexdigest())


def retype(root: Path, name: str, field: str, kind: str) -> None:
    def edit(desc: dict) -> None:
        fld = next(f for f in resource(desc, name)["schema"]["fields"] if f["name"] == field)
        fld["type"] = kind
        fld.get("constraints", {}).pop("minimum", None)

    edit_descriptor(root, edit)


HOSTILE_CASES: list[Case] = [
    ("nul-byte-in-seed-hash-repinned", nul_in_seed_with_hash_repinned, "[text-control-character]"),
    ("bidi-override-in-source-label", lambda r: set_cell(r, "sources", "label", "abc\u202edef"), "[bidi-control]"),
    ("bidi-isolate-in-event-name", lambda r: set_cell(r, "events", "name", "\u2067abc\u2069"), "[bidi-control]"),
    ("bidi-isolate-in-actor-alias", lambda r: set_cell(r, "actors", "aliases", "a\u2066b"), "[bidi-control]"),
    ("figures-header-no-rows", lambda r: write_rows(r, "figures", read_rows(r, "figures")[:1]), "covered by no"),
    ("sources-header-no-rows", lambda r: write_rows(r, "sources", read_rows(r, "sources")[:1]), "no row of"),
    (
        "victim-groups-header-no-rows",
        lambda r: write_rows(r, "victim_groups", read_rows(r, "victim_groups")[:1]),
        "no row of",
    ),
    ("low-typed-as-a-date", lambda r: retype(r, "figures", "low", "date"), "[field-type-changed]"),
    ("date-start-typed-as-an-integer", lambda r: retype(r, "events", "date_start", "integer"), "[field-type-changed]"),
    ("source-id-typed-as-an-integer", lambda r: retype(r, "figures", "source_id", "integer"), "[field-type-changed]"),
]

FAMILY_CASES: list[Case] = [
    ("part-outside-its-totals-period", part_outside_period, "[part-outside-total-period]"),
    ("part-of-a-wider-group", part_of_wider_group, "[part-wider-group]"),
    ("relay-of-another-events-figure", relay_of_other_event, "[relay-other-event]"),
    ("relay-that-cannot-hold-its-count", relay_that_cannot_hold, "[relay-interval-disjoint]"),
    ("copy-with-another-number", copy_with_other_number, "[copy-other-number]"),
    ("copy-between-unlinked-sources", copy_between_unlinked_sources, "[copy-sources-not-copies]"),
    (
        "verified-minimum-marked-final",
        lambda r: verified_minimum(r, count_status="final"),
        "[verified-minimum-not-final]",
    ),
    (
        "verified-minimum-read-as-at-most",
        lambda r: verified_minimum(
            r,
            number_text="at most 9",
            qualifier="at_most",
            low="",
            stated_number="9",
            high="9",
            interval_rule="at_most",
        ),
        "[verified-minimum-is-a-floor]",
    ),
    (
        "verified-minimum-read-as-fewer-than",
        lambda r: verified_minimum(
            r,
            number_text="fewer than 9",
            qualifier="fewer_than",
            low="",
            stated_number="9",
            high="8",
            interval_rule="fewer_than",
        ),
        "[verified-minimum-is-a-floor]",
    ),
    (
        "url-with-a-forbidden-character",
        lambda r: set_source(r, _cited_sources(r)[0], url="https://news.example/a<b>"),
        "[url-forbidden-character]",
    ),
    (
        "url-host-in-mixed-scripts",
        lambda r: set_source(r, _cited_sources(r)[0], url="https://n\u0435ws.example/page"),
        "[url-mixed-script-host]",
    ),
    ("two-sources-with-one-url", two_sources_one_url, "[duplicate-url]"),
    ("source-citing-itself", lambda r: _cites(r, _cited_sources(r)[0], _cited_sources(r)[0]), "[not-own-citation]"),
    (
        "source-citing-a-quoted-source",
        lambda r: _cites(r, _cited_sources(r)[0], _first_quoted_source(r)),
        "[outside-citation-not-cited]",
    ),
    (
        "figure-citing-its-own-page",
        lambda r: add_figures(
            r,
            {
                "figure_id": "zz-cites",
                "event_basis": "outside_knowledge",
                "outside_citation": _cited_figure(r)["source_id"],
            },
        ),
        "[not-own-citation]",
    ),
    ("scopes-in-a-loop", scope_cycle, "[scope-cycle]"),
    ("scope-not-its-own-scope", scope_not_own_scope, "[scope-not-own-scope]"),
    ("harm-pointing-at-another-sources-figure", harm_of_another_sources_figure, "[figure-of-other-source]"),
    (
        "contradiction-pointing-at-another-sources-figure",
        lambda r: contradiction(r, figure="OTHER"),
        "[figure-of-other-source]",
    ),
    (
        "contradiction-against-a-missing-source",
        lambda r: contradiction(r, others="zz-nowhere"),
        "[other-source-missing]",
    ),
    ("contradiction-against-its-own-source", lambda r: contradiction(r, others="OWN"), "[other-source-is-own]"),
]

FIXED_CASES += HOSTILE_CASES + FAMILY_CASES

VALID_CASES += [
    ("arabic-event-name", lambda r: set_cell(r, "events", "name", "مجازر الساحل السوري")),
    ("right-to-left-mark-in-an-alias", lambda r: set_cell(r, "actors", "aliases", "\u200fالمرصد السوري")),
]
