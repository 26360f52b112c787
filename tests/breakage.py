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
