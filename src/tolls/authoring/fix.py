"""`tolls validate --fix`: write the values validation knows to be the one right value, and nothing else.

Fixable: a quote's offsets when the quote stands exactly once in its text; a text's sha256 (after an
intentional edit of the text, or when the cell is empty); a text saved again with CRLF line ends whose LF
form matches its recorded sha256 (restored to LF); a figure's qualifier, interval and rule, which its
number_text gives by the rule table; the dates of a figure whose date_basis is from_event, copied from its event
(date_precision only when empty). Everything else is refused with its cause (a quote that stands twice or
not at all, a text with CRLF line ends that matches no recorded hash): the contributor decides. Only the
records that change are rewritten; every other byte of each file stays as it was. The descriptor's `hash` and
`bytes` of every table then follow its file (a table fixed here, or edited by hand), so that a contributor's
edits never leave a `stale-hash` to fix by hand. The change is shown as a unified diff; `dry_run` shows it only.
"""

from __future__ import annotations

import csv
import difflib
import hashlib
import io
from dataclasses import dataclass, field

from tolls.files import write_atomic
from tolls.intervals.phrases import parse_figure
from tolls.intervals.rule_table import RuleTable, load_rules
from tolls.package.loading import Package
from tolls.package.rows import csv_line, id_field
from tolls.validation.provenance import not_in_text
from tolls.validation.structure import unsafe_path_reason

__all__ = ["Fix", "FixPlan", "apply_fixes", "plan_fixes"]

QUOTED = ("figures", "exclusions", "attributions")
INTERVAL = ("qualifier", "low", "stated_number", "high", "interval_rule")


@dataclass(frozen=True)
class Fix:
    table: str
    index: int  # position of the row (as Package.read_rows gives them)
    line: int
    row_id: str
    field: str
    old: str
    new: str
    why: str


@dataclass
class FixPlan:
    fixes: list[Fix] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)  # "file:line: what is wrong and why it is not fixed"
    texts: dict[str, bytes] = field(default_factory=dict)  # seeds/ path -> its restored bytes
    notes: list[str] = field(default_factory=list)  # what a text fix does, in words
    hashes: list[str] = field(default_factory=list)  # tables whose hash and bytes in datapackage.json follow


def _texts(pkg: Package, plan: FixPlan) -> dict[str, str]:
    """source_id -> text of every source whose file is safe and readable; sha256 fixes planned on the way."""
    _, rows, lines = pkg.read_rows("sources")
    texts = {}
    for i, (row, line) in enumerate(zip(rows, lines, strict=True)):
        path = row.get("path") or ""
        if not path or unsafe_path_reason(path) or not (pkg.root / path).is_file():
            continue
        raw = (pkg.root / path).read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if row.get("sha256", "") != digest and b"\r\n" in raw:
            lf = raw.replace(b"\r\n", b"\n")
            if hashlib.sha256(lf).hexdigest() == row.get("sha256"):
                # saved again with CRLF line ends (an editor, git's autocrlf): the recorded hash proves the
                # LF text is the source, so restoring it is the one right fix
                plan.texts[path] = lf
                ends = raw.count(b"\r\n")
                plan.notes.append(
                    f"{path}: CRLF (Windows) line ends -> LF ({ends} lines); the text then matches its recorded sha256"
                )
                raw = lf
            else:
                plan.refused.append(
                    f"{pkg.relpath('sources')}:{line}: {row['source_id']}: {path} has CRLF "
                    "(Windows) line ends and matches its sha256 neither as it is nor with LF line "
                    "ends; restore the original text (its quotes and offsets are not fixed)"
                )
                continue
        elif row.get("sha256", "") != digest:
            plan.fixes.append(
                Fix(
                    "sources",
                    i,
                    line,
                    row["source_id"],
                    "sha256",
                    row.get("sha256", ""),
                    digest,
                    f"the sha256 of {path} as it is now",
                )
            )
        try:
            texts[row["source_id"]] = raw.decode("utf-8")
        except UnicodeDecodeError:
            plan.refused.append(f"{path}: not UTF-8; save it as UTF-8 (quotes cannot be checked until then)")
    return texts


def _offset_fixes(pkg: Package, name: str, texts: dict[str, str], plan: FixPlan) -> None:
    _, rows, lines = pkg.read_rows(name)
    source_of: dict[str, str] = {}
    if name == "attributions":
        _, figures, _ = pkg.read_rows("figures")
        source_of = {f["figure_id"]: f["source_id"] for f in figures}
    key = id_field(pkg, name)
    for i, (row, line) in enumerate(zip(rows, lines, strict=True)):
        sid = source_of.get(row.get("figure_id", "")) if name == "attributions" else row.get("source_id")
        quote = row.get("quote") or ""
        if sid not in texts or not quote:
            continue
        text = texts[sid]
        start, end = row.get("quote_start", ""), row.get("quote_end", "")
        if start.isdigit() and end.isdigit() and text[int(start) : int(end)] == quote:
            continue
        where = f"{pkg.relpath(name)}:{line}: {row.get(key)}"
        count = text.count(quote)
        if count == 1:
            at = text.index(quote)
            for fld, new in (("quote_start", str(at)), ("quote_end", str(at + len(quote)))):
                if row.get(fld) != new:
                    plan.fixes.append(
                        Fix(
                            name,
                            i,
                            line,
                            row.get(key, ""),
                            fld,
                            row.get(fld, ""),
                            new,
                            "where the quote stands, once, in the text",
                        )
                    )
        elif "\r" in text and "\r" not in quote and text.replace("\r\n", "\n").count(quote):
            plan.refused.append(
                f"{where}: the text of {sid} has CRLF (Windows) line ends, which the quote does "
                "not; convert the text to LF line ends, then run `tolls validate --fix` again"
            )
        elif count > 1:
            plan.refused.append(
                f"{where}: the quote stands {count} times in the text of {sid}; set quote_start "
                "to the occurrence you mean, or lengthen the quote"
            )
        else:
            plan.refused.append(f"{where}: quote: {not_in_text(text, quote, f'the quote is not in the text of {sid}')}")


def _interval_fixes(pkg: Package, rules: RuleTable, plan: FixPlan) -> None:
    _, rows, lines = pkg.read_rows("figures")
    # each figure's words in its source's language, as validation reads them (another language: the script decides)
    _, sources, _ = pkg.read_rows("sources") if "sources" in pkg.resource_names else (None, [], None)
    own = {s.get("source_id"): s.get("language") for s in sources if s.get("language") in rules.languages}
    for i, (row, line) in enumerate(zip(rows, lines, strict=True)):
        words = row.get("number_text") or ""
        if not words:
            continue
        language = own.get(row.get("source_id"))
        parsed = parse_figure(words, rules, language=language if language != rules.default else None)
        if parsed is None:
            plan.refused.append(
                f"{pkg.relpath('figures')}:{line}: {row.get('figure_id')}: number_text {words!r} "
                "holds no number by the interval rules; correct the words, or make it an exclusion"
            )
            continue
        want = {
            "qualifier": parsed.qualifier,
            "low": parsed.low,
            "stated_number": parsed.stated,
            "high": parsed.high,
            "interval_rule": parsed.rule,
        }
        for fld, value in want.items():
            new = "" if value is None else str(value)
            if fld in row and row[fld] != new:
                plan.fixes.append(
                    Fix(
                        "figures",
                        i,
                        line,
                        row.get("figure_id", ""),
                        fld,
                        row[fld],
                        new,
                        f"rule {parsed.rule} for {words!r}",
                    )
                )


EVENT_DATES = ("date_start", "date_end", "date_precision")


def _event_date_fixes(pkg: Package, plan: FixPlan) -> None:
    """A figure whose date_basis is from_event carries its event's dates: once the event's row is there, they
    are the one right value (date_precision is filled when empty, never changed: the event's own may be wider)."""
    if "events" not in pkg.resource_names:
        return
    _, events, _ = pkg.read_rows("events")
    by_id: dict[str, dict[str, str]] = {}
    for event in events:
        by_id.setdefault(event.get("event_id", ""), event)  # a repeated id is validation's to report
    _, rows, lines = pkg.read_rows("figures")
    for i, (row, line) in enumerate(zip(rows, lines, strict=True)):
        copied = by_id.get(row.get("event_id") or "")
        if row.get("date_basis") != "from_event" or copied is None:
            continue
        for fld in EVENT_DATES:
            new = copied.get(fld) or ""
            if fld not in row or not new or row[fld] == new or (fld == "date_precision" and row[fld]):
                continue
            why = f"event {row['event_id']}'s, as date_basis from_event says"
            plan.fixes.append(Fix("figures", i, line, row.get("figure_id", ""), fld, row[fld], new, why))


def plan_fixes(pkg: Package) -> FixPlan:
    """Every fix whose value is certain, and every problem of the same kinds that is not, with its cause."""
    plan = FixPlan()
    texts = _texts(pkg, plan)
    for name in QUOTED:
        _offset_fixes(pkg, name, texts, plan)
    try:
        rules = load_rules(pkg.path("interval_rules"))
    except (ValueError, KeyError, ZeroDivisionError, OSError) as exc:
        plan.refused.append(f"{pkg.relpath('interval_rules')}: cannot be read ({exc}); intervals not checked")
    else:
        _interval_fixes(pkg, rules, plan)
    _event_date_fixes(pkg, plan)
    return plan


def _rewrite(pkg: Package, name: str, fixes: list[Fix]) -> tuple[str, str]:
    """The file's text before and after: only the records that change are rewritten."""
    old = pkg.path(name).read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(old, newline=""))
    spans, last = [], 0  # (first line, last line, cells) of each record, header first
    for cells in reader:
        spans.append((last, reader.line_num, cells))
        last = reader.line_num
    header = spans[0][2]
    # read_rows skips blank records: map row positions to records the same way
    records = [span for span in spans[1:] if any(span[2])]
    by_record: dict[int, dict[str, str]] = {}
    for fix in fixes:
        by_record.setdefault(fix.index, {})[fix.field] = fix.new
    lines = old.splitlines(keepends=True)
    for index in sorted(by_record, reverse=True):
        first, stop, cells = records[index]
        cells = list(cells)
        for fld, new in by_record[index].items():
            cells[header.index(fld)] = new
        lines[first:stop] = [csv_line(cells)]
    return old, "".join(lines)


def apply_fixes(pkg: Package, plan: FixPlan, dry_run: bool = False) -> str:
    """Write the planned fixes (unless dry_run), then the descriptor's hash and bytes of every table whose
    file they no longer match, and return the change as a unified diff."""
    from tolls.package.descriptor import stale_resources, write_descriptor_hashes

    diff = [f"{note}\n" for note in plan.notes]
    if not dry_run:
        for path, content in plan.texts.items():
            write_atomic(pkg.root / path, content)
    contents = {}
    for name in dict.fromkeys(f.table for f in plan.fixes):
        old, new = _rewrite(pkg, name, [f for f in plan.fixes if f.table == name])
        rel = pkg.relpath(name)
        diff += difflib.unified_diff(
            old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{rel}", f"b/{rel}", n=0
        )
        contents[name] = new.encode("utf-8")
        if not dry_run:
            write_atomic(pkg.path(name), new)
    plan.hashes = stale_resources(pkg, contents)
    if plan.hashes:
        diff.append(
            "datapackage.json: the hash and bytes of "
            + ", ".join(pkg.relpath(n) for n in plan.hashes)
            + " follow the file"
            + ("s" if len(plan.hashes) > 1 else "")
            + "\n"
        )
        if not dry_run:
            write_descriptor_hashes(pkg, add_missing=False)
    return "".join(diff)


def format_plan(plan: FixPlan, diff: str, dry_run: bool) -> str:
    out = []
    for f in plan.fixes:
        out.append(f"{f.table} {f.row_id}: {f.field} {f.old or '(empty)'} -> {f.new or '(empty)'} ({f.why})")
    if diff:
        out.append(diff.rstrip("\n"))
    verb = "would fix" if dry_run else "fixed"
    texts = f" and {len(plan.texts)} text(s)" if plan.texts else ""
    hashes = f"; the hash and bytes of {len(plan.hashes)} table(s) in datapackage.json" if plan.hashes else ""
    out.append(f"{verb} {len(plan.fixes)} cell(s){texts}{hashes}" + (" (dry run: nothing written)" if dry_run else ""))
    for r in plan.refused:
        out.append(f"not fixed: {r}")
    return "\n".join(out)
