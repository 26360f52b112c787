"""Adding a source: copy its text into seeds/, write its sources row, and draft a row for every number in it.

What a tool can know is filled: the text's path and sha256, new ids, each number's quote (its sentence), offsets,
number_text, qualifier, interval and rule, dates the sentence gives relative to a known publication date, and a
guessed measure or exclusion reason. What needs a person's judgment (event, victim group, counter, place,
attribution; the measure or reason where a guess is only a guess) is left for them. Every drafted row's notes
start with `[draft: ...]` saying what is left; `tolls validate` lists each draft row with its empty cells and its
sentence until the marker is deleted, so nothing guessed passes silently.

A cited source (`url=`, no text) gets a sources row, and a drafted figure for each number phrase given as
published on the page (`figures=`); nothing is fetched.

Input is checked before anything is written: the text is a regular file (no symbolic link, device or pipe) of
at most MAX_TEXT_BYTES, UTF-8 without BOM and without control characters; every cell about to be written is
put through validation's own cell checks (the structure layer's formula starts, control characters and cell
length, the table-schema layer's types, enums, patterns and lengths from datapackage.json), so that `tolls add`
never writes a cell `tolls validate` refuses. After writing, the descriptor's hash and bytes of each table
follow its file.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import hashlib
import json
import os
import re
import stat
import sys
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tolls.files import write_atomic
from tolls.intervals.phrases import parse_figure
from tolls.intervals.rule_table import load_rules
from tolls.mentions.dates import BASIS as DAY_WORD_BASIS
from tolls.mentions.dates import relative_dates
from tolls.mentions.find import Mention, mentions_to_cover
from tolls.package.loading import Package
from tolls.package.rows import append_rows, columns, csv_line, draft_note, id_field, next_ids
from tolls.validation.problems import Problem

__all__ = [
    "MAX_TEXT_BYTES",
    "AddError",
    "Added",
    "Draft",
    "add_cited_source",
    "add_source",
    "check_cells",
    "guess_language",
    "read_text_file",
]

# The largest text `tolls add` takes: about 1,000 pages of plain text. Finding the numbers takes a few seconds
# a megabyte, and every number becomes a row to decide; a longer document is better cited by URL, or added
# as the parts that report the figures.
MAX_TEXT_BYTES = 2_000_000
# From this size on, `tolls add` shows what it is doing on a terminal (stderr).
LONG_TEXT_BYTES = 100_000

# Cells of a drafted figure that only a person can decide (when empty). Read against the descriptor: a
# column the schema does not have is skipped, so a schema change does not break `tolls add`.
FIGURE_JUDGMENT = (
    "event_id",
    "event_basis",
    "measure",
    "measure_words",
    "victim_group",
    "count_kind",
    "count_status",
    "coverage",
    "date_start",
    "date_end",
    "date_precision",
    "date_basis",
    "counted_by",
    "country",
    "admin1",
    "place_text",
)


# Cells of a figure a tool fills (or the notes, where the draft marker goes): every other column is a judgment
# a contributor may give once for every figure with --set.
FIGURE_TOOL_CELLS = (
    "figure_id",
    "source_id",
    "evidence",
    "quote",
    "quote_start",
    "quote_end",
    "number_text",
    "qualifier",
    "low",
    "stated_number",
    "high",
    "interval_rule",
    "notes",
)
EVENT_DATES = ("date_start", "date_end", "date_precision")


class AddError(Exception):
    """The source cannot be added (missing file, not UTF-8, already in the package); nothing was written."""


@dataclass
class Draft:
    table: str
    row_id: str
    number_text: str
    sentence: str
    decide: list[str]  # the cells and rows left for a person, in words


@dataclass
class Added:
    source_id: str
    path: str | None
    figures: list[str] = field(default_factory=list)
    exclusions: list[str] = field(default_factory=list)
    drafts: list[Draft] = field(default_factory=list)
    source_decide: list[str] = field(default_factory=list)
    new_rows: list[str] = field(default_factory=list)  # rows a --set value names that are not in the package yet
    filled: list[str] = field(default_factory=list)  # what was filled that is not a draft to decide, in words


# --- reading the text: a regular file, of a size that can be read, with no control character --------------


def _kind_of(mode: int) -> str:
    for test, words in (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
        (stat.S_ISFIFO, "a named pipe"),
        (stat.S_ISSOCK, "a socket"),
    ):
        if test(mode):
            return words
    return "not a regular file"


def read_text_file(src: Path) -> tuple[bytes, str]:
    """The bytes and text of the file at `src`, refused with AddError (saying what is wrong and what to do)
    unless it is a regular file (no symbolic link, device, pipe or folder) of at most MAX_TEXT_BYTES, UTF-8
    without BOM, with no control character but tab and line breaks (the class validation refuses in a cell)."""
    from tolls.validation.structure import CONTROL_CHARACTERS  # validation's own class: refuse what it refuses

    if src.is_symlink():
        raise AddError(f"{src}: is a symbolic link; give the path of the text file itself")
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)  # a pipe never blocks
    try:
        fd = os.open(src, flags)
    except FileNotFoundError:
        raise AddError(f"{src}: no such file") from None
    except OSError as exc:
        raise AddError(f"{src}: cannot be opened ({exc.strerror})") from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise AddError(f"{src}: is {_kind_of(mode)}, not a text file; tolls add copies a regular file")
    with os.fdopen(fd, "rb") as fh:
        raw = fh.read(MAX_TEXT_BYTES + 1)  # what was checked is what is copied: the file is read once
    if len(raw) > MAX_TEXT_BYTES:
        raise AddError(
            f"{src}: is larger than {MAX_TEXT_BYTES:,} bytes, the most tolls add takes (MAX_TEXT_BYTES, about "
            "1,000 pages); add the parts of the document that report the figures, or cite it with --url"
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raise AddError(f"{src}: starts with a byte order mark; save it as UTF-8 without BOM and add it again")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        raise AddError(f"{src}:{line}: not UTF-8 (byte {exc.start}); save the text as UTF-8 and add it again") from exc
    bad = CONTROL_CHARACTERS.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        name = "NUL" if bad.group() == "\0" else "a control character"
        raise AddError(
            f"{src}:{line}: character {column} is U+{ord(bad.group()):04X} ({name}); a text holds no control "
            "character but tab and line breaks: remove it (or save the document again as plain text) and add it again"
        )
    return raw, text


# --- every cell checked as validation checks it, before anything is written ----------------------------


def check_cells(pkg: Package, staged: dict[str, list[dict[str, object]]]) -> list[tuple[str, int, Problem]]:
    """(table, row index, problem) for each cell of the rows about to be written that validation's cell checks
    refuse: the structure layer (formula starts, control characters, a cell over its length) and the table
    schema's types, enums, patterns, lengths and bounds from datapackage.json, run on a scratch package that
    holds only these rows. What is left to a person (an empty required cell, a key that points at a row still to
    write) is not a cell's problem and is not checked here."""
    from tolls.validation.structure import check_structure
    from tolls.validation.table_schema import check_frictionless, passes

    found = []
    starts: dict[str, list[int]] = {}  # the file line each staged row starts on (a cell may hold a line break)
    with tempfile.TemporaryDirectory(prefix="tolls-add-") as tmp:
        root = Path(tmp)
        descriptor = copy.deepcopy(pkg.descriptor)
        for res in descriptor.get("resources", []):
            res.pop("hash", None)
            res.pop("bytes", None)
            schema = res.get("schema", {})
            for key in ("primaryKey", "foreignKeys", "uniqueKeys"):
                schema.pop(key, None)
            for fld in schema.get("fields", []):
                for key in ("required", "unique"):
                    fld.get("constraints", {}).pop(key, None)
            names = [f["name"] for f in schema.get("fields", [])]
            target = root / res["path"]
            target.parent.mkdir(parents=True, exist_ok=True)
            records = [csv_line(row.get(c) for c in names) for row in staged.get(res["name"], [])]
            starts[res["name"]] = [2 + sum(r.count("\n") for r in records[:i]) for i in range(len(records))]
            target.write_text(csv_line(names) + "".join(records), encoding="utf-8")
        (root / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
        scratch = Package(root)
        structure = check_structure(scratch)
        problems = [p for p in structure.problems if p.code != "checks-skipped"]
        suspects = [name for name in staged if name in structure.readable and not passes(scratch, name)]
        if suspects:
            problems += check_frictionless(scratch, suspects, screen=False)
        by_file = {scratch.relpath(name): name for name in staged}
        for problem in problems:
            name = by_file.get(problem.file)
            if name is None or problem.line is None:
                continue
            index = max((i for i, line in enumerate(starts[name]) if line <= problem.line), default=0)
            found.append((name, index, problem))
    return found


def _refuse(found: list[tuple[str, int, Problem]], staged: dict, options: dict[str, str]) -> None:
    """AddError naming each refused cell by the option that gave it (or the drafted row it is in)."""
    if not found:
        return
    lines = []
    for name, index, problem in found:
        row = staged[name][index]
        given = options.get(f"{name}.{problem.field}") or options.get(str(problem.field))
        where = given or f"{name} {next(iter(row.values()))} ({problem.field}, drafted from {row.get('number_text')!r})"
        lines.append(f"  {where}: {problem.message} [{problem.code}]")
    raise AddError(
        "refused, nothing was written: tolls validate would refuse "
        + ("this cell" if len(lines) == 1 else "these cells")
        + "\n"
        + "\n".join(dict.fromkeys(lines))
    )


# --- progress on a long text (stderr, on a terminal) --------------------------------------------------

ProgressFn = Callable[[str, int, int], None]  # (what is being done, done so far, out of; 0 when unknown)


@contextlib.contextmanager
def terminal_progress(size: int) -> Iterator[ProgressFn | None]:
    """What `tolls add` is doing, on stderr, for a text of `size` bytes from LONG_TEXT_BYTES on, when stderr is
    a terminal (nothing otherwise: a log or a pipe gets only the result)."""
    if size < LONG_TEXT_BYTES or not sys.stderr.isatty():
        yield None
        return
    from rich.console import Console
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TaskID,
        TextColumn,
        TimeElapsedColumn,
    )

    columns = (SpinnerColumn(), TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, TimeElapsedColumn(), console=Console(stderr=True), transient=True) as bar:
        tasks: dict[str, TaskID] = {}

        def report(what: str, done: int, total: int) -> None:
            if what not in tasks:
                tasks[what] = bar.add_task(what, total=total or None)
            bar.update(tasks[what], completed=done, total=total or None)

        yield report


# --- language -----------------------------------------------------------------------------------------

_STOPWORDS = {
    "en": "the and of to in was were is that for with by on from have has",
    "fr": "le la les des et du est une dans pour par sur qui ont été",
    "de": "der die das und ist nicht mit von den dem zu auf ein eine wurden",
    "es": "el la los las y de que en por con para una fueron está",
    "it": "il lo la gli le e di che per con sono una nella stato",
    "pt": "o a os as e de que em para com uma foram está não",
    "tr": "ve bir bu da de ile için olarak olan en çok",
}
_SCRIPTS = (("ar", r"[\u0600-\u06ff]"), ("ru", r"[\u0400-\u04ff]"), ("he", r"[\u0590-\u05ff]"))


def guess_language(text: str) -> str | None:
    """An ISO 639-1 guess from the script, else from common short words; None when nothing stands out."""
    letters = max(1, len(re.findall(r"\w", text)))
    for code, script in _SCRIPTS:
        if len(re.findall(script, text)) > letters / 3:
            return code
    words = re.findall(r"[^\W\d_]+", text.lower())
    scores = {code: sum(w in set(stop.split()) for w in words) for code, stop in _STOPWORDS.items()}
    best = max(scores, key=lambda code: scores[code])
    return best if scores[best] >= 3 else None


# --- the sources row ------------------------------------------------------------------------------------


def _new_source_id(pkg: Package, sources: list[dict[str, str]], prefix: str = "s") -> str:
    """The next id: "s" for a text held in seeds/, "c" for a page cited by URL (the package's convention)."""
    return next_ids((r.get(id_field(pkg, "sources"), "") for r in sources), prefix, 1)[0]


def _source_row(
    pkg: Package,
    source_id: str,
    *,
    path: str | None,
    sha256: str | None,
    url: str | None,
    label: str | None,
    title: str | None,
    kind: str | None,
    published: dt.date | None,
    language: str | None,
) -> tuple[dict[str, object], list[str]]:
    row: dict[str, object] = {
        "source_id": source_id,
        "evidence": "quoted" if path else "cited",
        "path": path,
        "sha256": sha256,
        "url": url,
        "label": label,
        "title": title,
        "kind": kind,
        "language": language,
    }
    if published:
        row.update(
            published_earliest=published.isoformat(),
            published_latest=published.isoformat(),
            published_precision="day",
            published_basis="stated",
            published_note="Given with `tolls add --published`: the date the source states.",
        )
    else:
        row["published_basis"] = "unknown"
    decide = [c for c in ("label", "kind", "language") if not row.get(c)]
    if not published:
        decide.append(
            "published_earliest/published_latest/published_basis/published_note (if the text or page dates itself)"
        )
    return {k: v for k, v in row.items() if k in columns(pkg, "sources")}, decide


# --- drafting rows from mentions -----------------------------------------------------------------------

# A quote longer than this is cut to the words around its number (a "sentence" of a text without full stops).
QUOTE_WINDOW = 600


def _quote(text: str, m: Mention) -> tuple[str, int, int]:
    """The quote a drafted row gets: the mention's sentence, starting past a bullet's '-' or '=' and blanks
    (a cell starting so is a spreadsheet formula, which validation refuses), and cut to the words around the
    number when the sentence is longer than QUOTE_WINDOW. Any span of the text that holds the number is a
    valid quote; the sentence is the one a reader wants."""
    from tolls.validation.structure import FORMULA_STARTS

    start, end = m.sentence_start, m.sentence_end
    while start < m.start and (text[start] in FORMULA_STARTS or text[start].isspace()):
        start += 1
    if end - start > QUOTE_WINDOW:
        half = QUOTE_WINDOW // 2
        lo, hi = max(start, m.start - half), min(end, m.end + half)
        lo = next((i + 1 for i in range(lo, m.start) if text[i].isspace()), lo)  # from a word's start
        hi = next((i for i in range(hi - 1, m.end - 1, -1) if text[i].isspace()), hi)  # to a word's end
        start, end = lo, hi
        while start < m.start and (text[start] in FORMULA_STARTS or text[start].isspace()):
            start += 1
    if text.find(m.number_text, start, end) != m.start:
        # a row's number is found at the first place its words stand in its quote ("45 ... 5"): from it on
        start = m.start
    return text[start:end], start, end


def _figure_row(
    pkg: Package,
    fid: str,
    source_id: str,
    m: Mention,
    text: str,
    published: dt.date | None,
    shared: dict[str, str],
    event_dates: tuple[dict[str, str], str | None] = ({}, None),
) -> tuple[dict[str, object], list[str]]:
    p = m.parsed
    quote, start, end = _quote(text, m)
    copied, dates_todo = event_dates
    row: dict[str, object] = {
        **copied,
        **shared,
        "figure_id": fid,
        "source_id": source_id,
        "evidence": "quoted",
        "quote": quote,
        "quote_start": start,
        "quote_end": end,
        "number_text": m.number_text,
        "qualifier": p.qualifier if p else None,
        "low": p.low if p else None,
        "stated_number": p.stated if p else None,
        "high": p.high if p else None,
        "interval_rule": p.rule if p else None,
    }
    decide, reasoning = [], []
    if p is None:
        decide.append(
            f"the words {m.number_text!r} hold more than one number: split the figure, or make it an exclusion"
        )
    if m.measure_guess:
        row["measure"] = m.measure_guess
        decide.append(f"measure (guessed {m.measure_guess!r} from a word in the sentence: confirm)")
    day = next((d for d in relative_dates(m.sentence, published) if d.date_start), None)
    given = {"date_start", "date_end"} & shared.keys() or shared.get("date_basis") == "from_event"
    if day is not None and day.date_start and day.date_end and not given:
        row.update(
            date_start=day.date_start.isoformat(),
            date_end=day.date_end.isoformat(),
            date_precision="day" if day.date_start == day.date_end else "week",
            date_basis=DAY_WORD_BASIS,
        )
        reasoning.append(f"Dates: {day.reasoning}.")
        decide.append("dates (read from the sentence's day words: confirm they date the deaths)")
    judgment = [c for c in FIGURE_JUDGMENT if c in columns(pkg, "figures") and row.get(c) in (None, "")]
    if dates_todo:
        judgment = [c for c in judgment if c not in EVENT_DATES]
        decide.append(dates_todo)
    if shared:
        decide.insert(0, "the cells given with --set (" + ", ".join(shared) + ") hold for this figure")
    if judgment:
        decide.insert(0, ", ".join(judgment))
    decide.append("attributions (a row in attributions.csv for each actor the sentence says caused the harm)")
    row["notes"] = draft_note(decide, " ".join(reasoning))
    return row, decide


def _exclusion_row(xid: str, source_id: str, m: Mention, text: str) -> tuple[dict[str, object], list[str]]:
    why = f", {m.exclusion_note}" if m.exclusion_note else ""
    decide = [f"reason (guessed {m.exclusion_guess!r}{why}: confirm, or make it a figure)"]
    note = f"{m.exclusion_note[0].upper()}{m.exclusion_note[1:]}." if m.exclusion_note else ""
    quote, start, end = _quote(text, m)
    return {
        "exclusion_id": xid,
        "source_id": source_id,
        "quote": quote,
        "quote_start": start,
        "quote_end": end,
        "number_text": m.number_text,
        "reason": m.exclusion_guess,
        "notes": draft_note(decide, note),
    }, decide


def draft_rows(
    pkg: Package,
    source_id: str,
    text: str,
    published: dt.date | None = None,
    shared: dict[str, str] | None = None,
    progress: ProgressFn | None = None,
    language: str | None = None,
) -> tuple[list[dict[str, object]], list[dict[str, object]], list[Draft]]:
    """Figures and exclusions drafted for every number mention of `text`, found as validation's coverage
    finds them (the package's own rules, left-out kinds kept, the text read in `language`), with ids after the
    tables' highest.

    shared: judgment cells the contributor gives once for every drafted figure (`--set event_id=...`).
    progress: called with what is being done, how far and out of how many (for a long text).
    """
    shared = check_shared(pkg, shared or {})
    event_dates = from_event(pkg, shared)
    rules = load_rules(pkg.path("interval_rules"))
    if progress:
        progress(f"finding the numbers in {len(text):,} characters", 0, 0)
    mentions = mentions_to_cover(text, rules, language=language)  # read in the source's language, as coverage reads it
    _, figures, _ = pkg.read_rows("figures")
    _, exclusions, _ = pkg.read_rows("exclusions")
    as_figure = [m for m in mentions if not m.exclusion_guess]
    fids = iter(next_ids((r.get(id_field(pkg, "figures"), "") for r in figures), "f", len(as_figure)))
    xids = iter(
        next_ids((r.get(id_field(pkg, "exclusions"), "") for r in exclusions), "x", len(mentions) - len(as_figure))
    )
    fig_rows, exc_rows, drafts = [], [], []
    for done, m in enumerate(mentions, start=1):
        if m.exclusion_guess:
            row, decide = _exclusion_row(next(xids), source_id, m, text)
            exc_rows.append(row)
            drafts.append(Draft("exclusions", str(row["exclusion_id"]), m.number_text, str(row["quote"]), decide))
        else:
            row, decide = _figure_row(pkg, next(fids), source_id, m, text, published, shared, event_dates)
            fig_rows.append(row)
            drafts.append(Draft("figures", str(row["figure_id"]), m.number_text, str(row["quote"]), decide))
        if progress and (done % 100 == 0 or done == len(mentions)):
            progress("drafting a row for each number", done, len(mentions))
    return fig_rows, exc_rows, drafts


# --- the commands' library functions ---------------------------------------------------------------------


def _seed_name(pkg: Package, sources: list[dict[str, str]], digest: str) -> str:
    used = [int(m.group(1)) for r in sources if (m := re.match(r"seeds/(\d+)_", r.get("path") or ""))]
    return f"seeds/{(max(used) + 1 if used else 0):03d}_{digest[:16]}.txt"


def check_shared(pkg: Package, shared: dict[str, str]) -> dict[str, str]:
    """Judgment cells given for every figure: only columns that are judgments (never a cell a tool fills)."""
    have = columns(pkg, "figures")
    allowed = [c for c in dict.fromkeys((*FIGURE_JUDGMENT, *have)) if c in have and c not in FIGURE_TOOL_CELLS]
    wrong = [c for c in shared if c not in allowed]
    if wrong:
        raise AddError(f"--set {wrong[0]}: not a judgment column of figures; one of {', '.join(allowed)}")
    return shared


def new_rows(pkg: Package, shared: dict[str, str]) -> list[str]:
    """What to add first: each row a --set value points at (an event, a victim group, a counter) that its table
    does not have yet, with the table's file and its required columns."""
    out = []
    for key in pkg.schema("figures").get("foreignKeys", []):
        fields, ref = key.get("fields"), key.get("reference", {})
        fld = fields if isinstance(fields, str) else (fields[0] if len(fields) == 1 else None)
        target = ref.get("fields")
        target = target if isinstance(target, str) else (target[0] if target and len(target) == 1 else None)
        name = ref.get("resource") or "figures"
        if fld not in shared or not target or name not in pkg.resource_names:
            continue
        _, rows, _ = pkg.read_rows(name)
        if any(r.get(target) == shared[fld] for r in rows):
            continue
        required = [f["name"] for f in pkg.fields(name) if f.get("constraints", {}).get("required")]
        out.append(
            f"{fld} {shared[fld]!r} is new: add its row to {pkg.relpath(name)} (required: {', '.join(required)})"
        )
    return out


def from_event(pkg: Package, shared: dict[str, str]) -> tuple[dict[str, str], str | None]:
    """With --set date_basis=from_event, the dates are the event's: (the cells copied when its row is there,
    else what to do). Dates given with --set win."""
    if shared.get("date_basis") != "from_event" or "events" not in pkg.resource_names:
        return {}, None
    _, events, _ = pkg.read_rows("events")
    event = next((e for e in events if e.get("event_id") == shared.get("event_id")), None)
    if event is None:
        return {}, "dates (`tolls validate --fix` copies them from the event once its row is in the events table)"
    cells = {c: event[c] for c in EVENT_DATES if event.get(c) and c not in shared}
    return cells, None


def _options(pkg: Package, shared: dict[str, str], title_guessed: bool) -> dict[str, str]:
    """Which option gave each cell, to name it when the cell is refused."""
    given = {
        "sources.label": "--label",
        "sources.title": "the text's first line (its title by default; give --title)" if title_guessed else "--title",
        "sources.url": "--url",
        "sources.kind": "--kind",
        "sources.language": "--language",
        "sources.published_earliest": "--published",
        "sources.published_latest": "--published",
    }
    given.update({f"figures.{c}": f"--set {c}" for c in shared})
    given.update({f"sources.{c}": "--counter" for c in ("counted_by", "counter_id", "counter")})
    return given


def _write(pkg: Package, staged: dict[str, list[dict[str, object]]]) -> None:
    """Append the staged rows, then make the descriptor's hash and bytes follow the tables."""
    from tolls.package.descriptor import write_descriptor_hashes

    for name, rows in staged.items():
        append_rows(pkg, name, rows)
    write_descriptor_hashes(pkg, add_missing=False)


def add_source(
    pkg: Package,
    path: str | Path,
    *,
    kind: str | None = None,
    label: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    language: str | None = None,
    url: str | None = None,
    shared: dict[str, str] | None = None,
    progress: ProgressFn | None = None,
) -> Added:
    """Copy the text at `path` into seeds/, write its sources row, and draft its figures and exclusions.

    The text is copied byte for byte (offsets count code points of the text as it is). Nothing is written when
    the file is not a regular file, too large, not UTF-8, holds a control character or is already in the
    package, or when a cell would be refused by validation (AddError says which and why).
    """
    src = Path(path)
    raw, text = read_text_file(src)
    digest = hashlib.sha256(raw).hexdigest()
    _, sources, _ = pkg.read_rows("sources")
    for known in sources:
        if known.get("sha256") == digest:
            raise AddError(f"{src} is already in the package as {known['source_id']} ({known['path']})")
    source_id = _new_source_id(pkg, sources)
    seed = _seed_name(pkg, sources, digest)
    first_line = next((ln.strip() for ln in text.splitlines() if ln.strip()), "")
    read_in = language or guess_language(text)  # the language its figures are read in, given or guessed
    row, source_decide = _source_row(
        pkg,
        source_id,
        path=seed,
        sha256=digest,
        url=url,
        label=label,
        kind=kind,
        published=published,
        title=title if title is not None else (first_line if 0 < len(first_line) <= 200 else None),
        language=read_in,
    )
    if not language and row.get("language"):
        source_decide.append(f"language (guessed {row['language']!r}: confirm)")
    if title is None and row.get("title"):
        source_decide.append("title (the text's first line: confirm it is the title, or give --title)")
    fig_rows, exc_rows, drafts = draft_rows(pkg, source_id, text, published, shared, progress, read_in)
    if source_decide:
        row["notes"] = draft_note(source_decide)
    staged = {"sources": [row], "figures": fig_rows, "exclusions": exc_rows}
    if progress:
        progress("checking every cell as validation would", 0, 0)
    found = check_cells(pkg, staged)
    if title is None and row.get("title") and any(n == "sources" and p.field == "title" for n, _, p in found):
        row.pop("title")  # only a guess: left for a person rather than refused
        found = [f for f in found if not (f[0] == "sources" and f[2].field == "title")]
        source_decide.remove("title (the text's first line: confirm it is the title, or give --title)")
        row["notes"] = draft_note(source_decide) if source_decide else None
    _refuse(found, staged, _options(pkg, shared or {}, title is None))
    # The text first: a sources row never names a file that is not there. Its bytes are the ones checked.
    write_atomic(pkg.root / seed, raw)
    _write(pkg, staged)
    return Added(
        source_id,
        seed,
        [str(r["figure_id"]) for r in fig_rows],
        [str(r["exclusion_id"]) for r in exc_rows],
        drafts,
        source_decide,
        new_rows(pkg, shared or {}),
    )


def _cited_figure_row(
    pkg: Package,
    fid: str,
    source_id: str,
    words: str,
    shared: dict[str, str],
    event_dates: tuple[dict[str, str], str | None] = ({}, None),
    published: dt.date | None = None,
) -> tuple[dict[str, object], list[str]]:
    """A figure typed from a cited page: its number phrase as published, the interval its rule gives; its dates
    copied from its event (--set date_basis=from_event) and, unless --set gives it, its as_of guessed as the
    page's publication day (the count the page published that day), to confirm."""
    parsed = parse_figure(words, load_rules(pkg.path("interval_rules")))
    copied, dates_todo = event_dates
    row: dict[str, object] = {
        **copied,
        **shared,
        "figure_id": fid,
        "source_id": source_id,
        "evidence": "cited",
        "number_text": words,
        "qualifier": parsed.qualifier if parsed else None,
        "low": parsed.low if parsed else None,
        "stated_number": parsed.stated if parsed else None,
        "high": parsed.high if parsed else None,
        "interval_rule": parsed.rule if parsed else None,
    }
    decide = [] if parsed else [f"the words {words!r} hold no number by the interval rules: correct them"]
    # a cited figure has no quote, so no words of it to point at (measure_words)
    judgment = [
        c for c in FIGURE_JUDGMENT if c in columns(pkg, "figures") and row.get(c) in (None, "") and c != "measure_words"
    ]
    if dates_todo:
        judgment = [c for c in judgment if c not in EVENT_DATES]
        decide.append(dates_todo)
    if shared:
        decide.insert(0, "the cells given with --set (" + ", ".join(shared) + ") hold for this figure")
    if judgment:
        decide.insert(0, ", ".join(judgment))
    as_of = ("as_of", "as_of_precision", "as_of_basis")
    if "as_of" not in shared and published is not None and not {"as_of_precision", "as_of_basis"} & shared.keys():
        row.update(as_of=published.isoformat(), as_of_precision="day", as_of_basis="inferred_from_publication")
        decide.append(
            "as_of (guessed: the page's publication day, as_of_basis inferred_from_publication; give the day the "
            "page says the count stood, if it says one)"
        )
    elif "as_of" not in shared:
        decide.append("as_of (the day the page says the count stood, or its publication day)")
    elif missing := [c for c in as_of if c not in shared and c in columns(pkg, "figures")]:
        decide.append(f"{', '.join(missing)} (how as_of {shared['as_of']} is known)")
    row["notes"] = draft_note(decide)
    return row, decide


def add_cited_source(
    pkg: Package,
    url: str,
    *,
    counter: str | None = None,
    kind: str | None = None,
    label: str | None = None,
    title: str | None = None,
    published: dt.date | None = None,
    language: str | None = None,
    figures: list[str] | None = None,
    shared: dict[str, str] | None = None,
) -> Added:
    """A sources row for a document the package cites but does not hold: its URL, and the counter whose count
    it reports where the schema has a column for it; and a drafted figure for each number phrase in `figures`,
    as published on the page ("1,386", "more than 1,000"), with its interval and `shared` judgment cells. Its
    figure ids start with "p" (a page), as the quoted figures' with "f"."""
    _, sources, _ = pkg.read_rows("sources")
    for known in sources:
        if known.get("url") == url:
            raise AddError(f"{url} is already in the package as {known['source_id']}")
    shared = check_shared(pkg, shared or {})
    source_id = _new_source_id(pkg, sources, "c")
    row, decide = _source_row(
        pkg,
        source_id,
        path=None,
        sha256=None,
        url=url,
        label=label,
        title=title,
        kind=kind,
        published=published,
        language=language,
    )
    filled = []
    if "read_on" in columns(pkg, "sources"):
        row["read_on"] = dt.date.today().isoformat()  # the page is added the day it is read
        filled.append(f"read_on {row['read_on']} (today: the day you read the page; correct it if not)")
    optional = [c for c in ("outlet", "page_relation", "statement_language") if c in columns(pkg, "sources")]
    if optional:
        filled.append("where the page shows them, fill " + ", ".join(optional) + " too (CODEBOOK.md says how)")
    counter_col = next((c for c in ("counted_by", "counter_id", "counter") if c in columns(pkg, "sources")), None)
    if counter and counter_col:
        row[counter_col] = counter
    elif counter:
        decide.append(
            f"where to record the counter {counter!r} (this schema's sources table has no counter "
            "column; put it in each figure's counted_by)"
        )
    if decide:
        row["notes"] = draft_note(decide)
    if counter and "counted_by" in columns(pkg, "figures"):
        shared = {"counted_by": counter, **shared}  # the page reports the counter's count, unless --set says
    _, existing, _ = pkg.read_rows("figures")
    pids = next_ids((r.get(id_field(pkg, "figures"), "") for r in existing), "p", len(figures or []))
    fig_rows, drafts = [], []
    event_dates = from_event(pkg, shared)
    for pid, words in zip(pids, figures or [], strict=True):
        fig, fig_decide = _cited_figure_row(pkg, pid, source_id, words, shared, event_dates, published)
        fig_rows.append(fig)
        drafts.append(Draft("figures", pid, words, "", fig_decide))
    staged = {"sources": [row], "figures": fig_rows}
    _refuse(check_cells(pkg, staged), staged, _options(pkg, shared, title_guessed=False))
    _write(pkg, staged)
    return Added(
        source_id,
        None,
        [str(r["figure_id"]) for r in fig_rows],
        drafts=drafts,
        source_decide=decide,
        new_rows=new_rows(pkg, shared),
        filled=filled,
    )


def format_added(added: Added) -> str:
    """What `tolls add` wrote, then every cell left to decide with the sentence it is about."""
    out = [
        f"added {added.source_id}"
        + (f" ({added.path})" if added.path else "")
        + f": {len(added.figures)} draft figure(s), {len(added.exclusions)} draft exclusion(s)"
    ]
    if added.source_decide:
        out.append(f"\nsources {added.source_id}: decide " + "; ".join(added.source_decide))
    for what in added.filled:
        out.append(f"sources {added.source_id}: {what}")
    if added.new_rows:
        out.append("\nAdd first (each names a row the package does not have yet):")
        out += [f"  {what}" for what in added.new_rows]
    if added.drafts:
        out.append("\nLeft to decide (each row's notes start with '[draft: ...]'; delete that bracket when done):")
    for d in added.drafts:
        out.append(f"\n{d.table} {d.row_id} {d.number_text!r}: decide " + "; ".join(d.decide))
        if d.sentence:
            out.append(f"    sentence: {d.sentence}")
    out.append(
        "\nThen run `tolls validate --fix`: it fills what a tool knows (offsets, intervals, hashes) and lists every "
        "draft row until its marker is deleted."
    )
    return "\n".join(out)
