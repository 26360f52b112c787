"""Validation: every check on the package, all problems at once, one line each.

Layers, in order: safety (paths, encodings, formula cells), frictionless (types, constraints, keys),
rules (cross-field checks with pandera), provenance (texts, quotes, offsets, intervals, places,
coverage of every number in the texts). A problem reads `data/figures.csv:12: low: -5 is below the minimum 0`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import os
import re
import sys
from dataclasses import asdict, dataclass
from pathlib import Path, PurePosixPath

import frictionless
import pandas as pd
import pandera.errors
import pycountry

from tolls.extract import find_mentions
from tolls.numbers import RuleTable, load_rules, parse_figure
from tolls.package import DESCRIPTOR, Package, PackageError
from tolls.rules import ROW_RULES, schema_for

BOM = b"\xef\xbb\xbf"
# OWASP "CSV injection": a spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
QUOTED = ("figures", "exclusions", "attributions")


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str
    layer: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


def validate(pkg: Package | Path | str | None = None) -> list[Problem]:
    """Run every check on the package at `pkg` (a Package, a folder, or None for the current one)."""
    if not isinstance(pkg, Package):
        pkg = Package.open(pkg)
    try:
        _ = pkg.descriptor  # read it now: an unreadable descriptor is one clear problem
    except PackageError as exc:
        return [Problem(DESCRIPTOR, None, None, str(exc), "safety")]
    problems = check_safety(pkg)
    readable = _readable_resources(pkg, problems)
    problems += check_frictionless(pkg, readable)
    frames = _load_frames(pkg, readable)
    problems += check_rules(pkg, frames)
    problems += check_provenance(pkg, frames)
    return sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field or "", p.message))


# --- safety ---------------------------------------------------------------------------------------


def unsafe_path_reason(path: str) -> str | None:
    """Why a path inside the package is unsafe (Data Package rules), or None when it is fine."""
    pure = PurePosixPath(path)
    if not path:
        return "is empty"
    if "\\" in path or pure.is_absolute() or re.match(r"^[A-Za-z]:", path):
        return f"{path!r} is absolute or uses backslashes; expected a relative path with '/'"
    if ".." in pure.parts:
        return f"{path!r} uses '..' and would leave the package"
    if any(part.startswith(".") for part in pure.parts):
        return f"{path!r} has a part that starts with a dot"
    return None


def _encoding_problem(raw: bytes) -> str | None:
    if raw.startswith(BOM):
        return "starts with a byte order mark (BOM); save it as UTF-8 without BOM"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"byte {raw[exc.start]:#04x} at byte offset {exc.start} is not UTF-8; save the file as UTF-8"
    return None


def _line_of_byte(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def check_safety(pkg: Package) -> list[Problem]:
    problems: list[Problem] = []
    for res in pkg.descriptor.get("resources", []):
        path = res.get("path", "")
        reason = unsafe_path_reason(path) if isinstance(path, str) else "must be one string"
        if reason:
            problems.append(Problem(DESCRIPTOR, None, f"resources[{res.get('name')}].path", reason, "safety"))
            continue
        file = pkg.root / path
        if not file.is_file():
            problems.append(Problem(path, None, None, "file is missing", "safety"))
            continue
        raw = file.read_bytes()
        bad = _encoding_problem(raw)
        if bad:
            line = 1 if raw.startswith(BOM) else _line_of_byte(raw, _bad_byte(raw))
            problems.append(Problem(path, line, None, bad, "safety"))
            continue
        problems += _formula_cells(pkg, res["name"])
    return problems


def _bad_byte(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


def _formula_cells(pkg: Package, name: str) -> list[Problem]:
    text_fields = {f["name"] for f in pkg.fields(name) if f.get("type", "string") == "string"}
    header, rows, lines = pkg.read_rows(name)
    problems = []
    for row, line in zip(rows, lines, strict=True):
        for fld in text_fields & row.keys():
            cell = row[fld] or ""
            if cell.startswith(FORMULA_STARTS):
                problems.append(Problem(pkg.relpath(name), line, fld,
                                        f"{cell[:20]!r} starts with {cell[0]!r}, which a spreadsheet would run as a "
                                        "formula; reword the cell so it starts otherwise", "safety"))
    return problems


def _readable_resources(pkg: Package, problems: list[Problem]) -> list[str]:
    """Resources whose file is safe to open and decodes as UTF-8 (the others are already reported)."""
    broken = {p.file for p in problems if p.layer == "safety"}
    names = []
    for res in pkg.descriptor.get("resources", []):
        path = res.get("path")
        if isinstance(path, str) and path not in broken and not unsafe_path_reason(path):
            names.append(res["name"])
    return names


# --- frictionless ---------------------------------------------------------------------------------


def _record_lines(pkg: Package, name: str) -> dict[int, int]:
    """Frictionless row position (header = 1, blank rows counted) -> the line the record starts on."""
    reader = csv.reader(io.StringIO(pkg.path(name).read_text(encoding="utf-8"), newline=""))
    positions, last = {}, 0
    for position, _ in enumerate(reader, start=1):
        positions[position] = last + 1
        last = reader.line_num
    return positions


def _constraint_message(cell: object, note: str, field: dict) -> str:
    match = re.match(r'constraint "(\w+)" is "(.*)"$', note)
    if not match:
        return note
    name, value = match.groups()
    constraints = field.get("constraints", {})
    shown = repr(cell) if isinstance(cell, str) else str(cell)
    if name == "required":
        return "is empty; a value is required"
    if name == "minimum":
        return f"{cell} is below the minimum {constraints.get('minimum', value)}"
    if name == "maximum":
        return f"{cell} is above the maximum {constraints.get('maximum', value)}"
    if name == "enum":
        return f"{shown} is not one of: {', '.join(map(str, constraints.get('enum', [])))}"
    if name == "pattern":
        return f"{shown} does not match the pattern {constraints.get('pattern', value)}"
    if name in ("minLength", "maxLength"):
        return f"{shown} is shorter or longer than allowed ({name} {value})"
    return f"{shown} breaks the constraint {name} {value}"


def _friction_message(error: frictionless.errors.Error, field: dict | None, positions: dict[int, int]) -> str:
    kind, cell, note = error.type, getattr(error, "cell", None), error.note
    if kind == "type-error":
        expected = field.get("type") if field else "the declared type"
        fmt = " (YYYY-MM-DD)" if expected == "date" else ""
        return f"{cell!r} is not a valid {expected}{fmt}"
    if kind == "constraint-error":
        return _constraint_message(cell, note, field or {})
    if kind in ("unique-error", "primary-key"):
        match = re.search(r"position (\d+)", note)
        earlier = f" as on line {positions.get(int(match.group(1)))}" if match else ""
        return f"{cell!r} is used twice{earlier}; ids must be unique" if cell else f"duplicate key{earlier}"
    if kind == "foreign-key":
        match = re.search(r'for "(.+?)": values "(.*?)" not found in the lookup table "(.+?)" as "(.+?)"', note)
        if match:
            fld, value, table, target = match.groups()
            return f"no row of {table} has {target} {value!r}"
    if kind == "blank-row":
        return "the row is blank; delete it"
    if kind == "extra-cell":
        return "the row has more cells than the header"
    label = getattr(error, "label", None)
    if kind == "missing-label":
        return "the header has no such column; datapackage.json lists the columns in order"
    if kind == "extra-label":
        return f"the header has a column {label!r} that datapackage.json does not list"
    if kind == "incorrect-label":
        return f"the header has {label!r} where datapackage.json expects this column"
    if kind in ("duplicate-label", "blank-label"):
        return f"header: {error.message}"
    return f"{error.title}: {note or error.message}"


def _ragged_message(errors: list, row: int, width: int) -> str:
    missing = [e.field_name for e in errors if e.type == "missing-cell" and e.row_number == row]
    extra = [e for e in errors if e.type == "extra-cell" and e.row_number == row]
    if extra:
        return (f"the row has {width + len(extra)} cells, the header {width}; a comma too many? "
                "(a cell that holds a comma must be in double quotes)")
    return f"the row has {width - len(missing)} cells, the header {width}; missing: {', '.join(missing)}"


def check_frictionless(pkg: Package, readable: list[str] | None = None) -> list[Problem]:
    readable = pkg.resource_names if readable is None else readable
    try:
        package = frictionless.Package(dict(pkg.descriptor), basepath=str(pkg.root))
    except frictionless.FrictionlessException as exc:
        return [Problem(DESCRIPTOR, None, None, f"not a valid data package descriptor: {exc.error.message}",
                        "frictionless")]
    report = package.validate(limit_errors=10_000) if readable else None
    problems: list[Problem] = []
    for task in report.tasks if report else []:
        name = task.name
        if name not in readable:
            continue
        positions = _record_lines(pkg, name)
        fields = {f["name"]: f for f in pkg.fields(name)}
        ragged = {e.row_number for e in task.errors if e.type in ("missing-cell", "extra-cell")}
        reported_ragged: set[int] = set()
        for error in task.errors:
            row = getattr(error, "row_number", None)
            field_name = getattr(error, "field_name", None) or None
            line = positions.get(row) if row else (1 if "label" in error.type else None)
            if row in ragged:
                # one line for a row with too few or too many cells, not one per shifted or missing cell
                if row not in reported_ragged:
                    problems.append(Problem(task.place, line, None, _ragged_message(task.errors, row, len(fields)),
                                            "frictionless"))
                    reported_ragged.add(row)
                continue
            if error.type == "foreign-key":
                match = re.search(r'for "(.+?)"', error.note)
                field_name = match.group(1) if match else None
            if error.type == "primary-key" and any(
                    e.type in ("unique-error", "blank-row") and e.row_number == row for e in task.errors):
                continue  # said already, with the field named (unique) or as a blank row
            message = _friction_message(error, fields.get(field_name or ""), positions)
            problems.append(Problem(task.place, line, field_name, message, "frictionless"))
    for error in report.errors if report else []:
        problems.append(Problem(DESCRIPTOR, None, None, error.message, "frictionless"))
    return problems


# --- rules (pandera) ------------------------------------------------------------------------------


def _load_frames(pkg: Package, readable: list[str]) -> dict[str, tuple[pd.DataFrame, list[int]]]:
    frames = {}
    for name in readable:
        try:
            _, _, lines = pkg.read_rows(name)
            frame = pkg.load(name, errors="coerce")
            ragged = pkg.ragged_rows(name)
        except (OSError, ValueError, KeyError):
            continue  # frictionless has reported why it cannot be read
        if ragged:  # its cells are shifted: frictionless has said so, and no later check can read them
            keep = [i for i in range(len(frame)) if i not in ragged]
            frame, lines = frame.iloc[keep].reset_index(drop=True), [lines[i] for i in keep]
        frames[name] = (frame, lines)
    return frames


def _value(value: object) -> object:
    """A cell as a plain Python value, None for any kind of missing."""
    return None if value is None or pd.isna(value) else value


def _fmt(value: object) -> str:
    if value is None or value is pd.NA or (isinstance(value, float) and pd.isna(value)) or value is pd.NaT:
        return "empty"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return str(value)


def check_rules(pkg: Package, frames: dict[str, tuple[pd.DataFrame, list[int]]]) -> list[Problem]:
    problems: list[Problem] = []
    for name, (frame, lines) in frames.items():
        if not any(rule.resource == name for rule in ROW_RULES):
            continue
        missing = [f["name"] for f in pkg.fields(name) if f["name"] not in frame]
        if missing:
            continue  # frictionless reports the missing column; row rules cannot run without it
        rules = [r for r in ROW_RULES if r.resource == name]  # in the order schema_for adds their checks
        try:
            schema_for(pkg, name).validate(frame, lazy=True)
        except pandera.errors.SchemaErrors as exc:
            cases = exc.failure_cases
            # a dataframe-wide check lists a failing row once per column: keep one case per (check, row)
            cases = cases[cases["schema_context"] == "DataFrameSchema"].drop_duplicates(["check_number", "index"])
            for _, case in cases.iterrows():
                index = case["index"]
                if pd.isna(case["check_number"]) or index is None or pd.isna(index):
                    continue
                rule = rules[int(case["check_number"])]
                row = frame.loc[int(index)]
                message = rule.message.format(**{k: _fmt(v) for k, v in row.items()})
                problems.append(Problem(pkg.relpath(name), lines[int(index)], rule.field, message, "rules"))
    problems += _check_event_dates(pkg, frames)
    return problems


def _check_event_dates(pkg: Package, frames: dict) -> list[Problem]:
    """A figure whose dates are copied 'from_event' must carry its event's dates."""
    if "figures" not in frames or "events" not in frames:
        return []
    figures, lines = frames["figures"]
    events = frames["events"][0].set_index("event_id")
    problems = []
    for i, row in figures.iterrows():
        basis, event_id = _value(row["date_basis"]), _value(row["event_id"])
        if basis != "from_event":
            continue
        if event_id is None:
            problems.append(Problem(pkg.relpath("figures"), lines[i], "date_basis",
                                    "is from_event but the figure has no event_id", "rules"))
            continue
        if event_id not in events.index:
            continue  # frictionless reports the unknown event
        event = events.loc[event_id]
        if (row["date_start"], row["date_end"]) != (event["date_start"], event["date_end"]):
            problems.append(Problem(pkg.relpath("figures"), lines[i], "date_start",
                                    f"date_basis is from_event, so the dates must be event {row['event_id']}'s "
                                    f"{_fmt(event['date_start'])} to {_fmt(event['date_end'])}, not "
                                    f"{_fmt(row['date_start'])} to {_fmt(row['date_end'])}", "rules"))
    return problems


# --- provenance -----------------------------------------------------------------------------------


def _source_texts(pkg: Package, frames: dict, problems: list[Problem]) -> dict[str, str]:
    """source_id -> text, for the sources whose file is safe, present, UTF-8 and matches its sha256."""
    if "sources" not in frames:
        return {}
    sources, lines = frames["sources"]
    texts = {}
    for i, row in sources.iterrows():
        file, line = pkg.relpath("sources"), lines[i]
        path = row.get("path")
        if pd.isna(path):
            continue
        reason = unsafe_path_reason(str(path))
        if reason:
            problems.append(Problem(file, line, "path", reason, "safety"))
            continue
        target = pkg.root / str(path)
        if not target.is_file():
            problems.append(Problem(file, line, "path", f"{path} does not exist; copy the source text there",
                                    "provenance"))
            continue
        raw = target.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if not pd.isna(row.get("sha256")) and digest != row["sha256"]:
            problems.append(Problem(file, line, "sha256", f"{path} has sha256 {digest}, not {row['sha256']}; "
                                    "the text changed, or the hash is wrong", "provenance"))
        bad = _encoding_problem(raw)
        if bad:
            problems.append(Problem(str(path), _line_of_byte(raw, _bad_byte(raw)), None, bad, "safety"))
            continue
        texts[row["source_id"]] = raw.decode("utf-8")
    return texts


def _quote_problems(pkg: Package, name: str, frame: pd.DataFrame, lines: list[int],
                    source_of: pd.Series, texts: dict[str, str]) -> list[Problem]:
    problems = []
    for i, row in frame.iterrows():
        sid = source_of.iloc[i] if i < len(source_of) else None
        if pd.isna(sid) or sid not in texts or pd.isna(row["quote"]):
            continue
        text, quote = texts[sid], str(row["quote"])
        start, end = row["quote_start"], row["quote_end"]
        if pd.isna(start) or pd.isna(end):
            continue  # frictionless reports the empty or non-integer offset
        if text[int(start):int(end)] != quote:
            found = [m.start() for m in re.finditer(re.escape(quote), text)]
            where = (f"it stands at {', '.join(f'{s}..{s + len(quote)}' for s in found)}" if found
                     else "it is not in the text (check every character, including quotes and apostrophes)")
            problems.append(Problem(pkg.relpath(name), lines[i], "quote_start",
                                    f"the quote does not stand at {_fmt(start)}..{_fmt(end)} of {sid}'s text; "
                                    f"{where}", "provenance"))
        if "number_text" in row and not pd.isna(row["number_text"]) and str(row["number_text"]) not in quote:
            problems.append(Problem(pkg.relpath(name), lines[i], "number_text",
                                    f"{row['number_text']!r} does not stand inside the quote", "provenance"))
    return problems


def _interval_problems(pkg: Package, frame: pd.DataFrame, lines: list[int], rules: RuleTable) -> list[Problem]:
    problems = []
    for i, row in frame.iterrows():
        if pd.isna(row["number_text"]):
            continue
        parsed = parse_figure(str(row["number_text"]), rules)
        if parsed is None:
            problems.append(Problem(pkg.relpath("figures"), lines[i], "number_text",
                                    f"{row['number_text']!r} holds no number by the interval rules; "
                                    "record it as an exclusion or correct the words", "provenance"))
            continue
        expected = {"interval_rule": parsed.rule, "qualifier": parsed.qualifier,
                    "low": parsed.low, "best": parsed.best, "high": parsed.high}
        for fld, want in expected.items():
            have = None if pd.isna(row[fld]) else row[fld]
            if have != want:
                problems.append(Problem(pkg.relpath("figures"), lines[i], fld,
                                        f"is {_fmt(have)}, but rule {parsed.rule} gives {_fmt(want)} for "
                                        f"{row['number_text']!r} (see data/interval_rules.csv)", "provenance"))
    return problems


def _place_problems(pkg: Package, name: str, frame: pd.DataFrame, lines: list[int]) -> list[Problem]:
    problems = []
    for i, row in frame.iterrows():
        country = row.get("country")
        if not pd.isna(country) and pycountry.countries.get(alpha_2=str(country)) is None:
            problems.append(Problem(pkg.relpath(name), lines[i], "country",
                                    f"{country!r} is not an ISO 3166-1 alpha-2 code", "provenance"))
        admin1 = row.get("admin1")
        for code in [] if pd.isna(admin1) else str(admin1).split(";"):
            if pycountry.subdivisions.get(code=code) is None:
                problems.append(Problem(pkg.relpath(name), lines[i], "admin1",
                                        f"{code!r} is not an ISO 3166-2 subdivision code (e.g. SY-LA)", "provenance"))
    return problems


def _language_problems(pkg: Package, frame: pd.DataFrame, lines: list[int]) -> list[Problem]:
    return [Problem(pkg.relpath("sources"), lines[i], "language", f"{lang!r} is not an ISO 639-1 code", "provenance")
            for i, lang in frame["language"].items()
            if not pd.isna(lang) and pycountry.languages.get(alpha_2=str(lang)) is None]


def _coverage_problems(pkg: Package, frames: dict, texts: dict[str, str], rules: RuleTable) -> list[Problem]:
    """Every number mention in the texts is covered by a figure or an exclusion whose number_text is exactly
    the mention's words: what `tolls extract` finds, and also the percentages, durations and pronoun uses it
    leaves out, so that exclusions are complete."""
    names = ("figures", "exclusions")
    if not {"sources", *names} <= frames.keys() or any(pkg.ragged_rows(n) for n in names):
        return []  # without these tables (or with shifted rows) every mention would look uncovered
    spans: dict[str, dict[tuple[int, int], tuple[str, int]]] = {sid: {} for sid in texts}
    for name in names:
        frame, lines = frames[name]
        for i, row in frame.iterrows():
            if row["source_id"] not in spans or pd.isna(row["quote_start"]) or pd.isna(row["number_text"]):
                continue
            at = str(row["quote"]).find(str(row["number_text"]))
            if at >= 0:
                start = int(row["quote_start"]) + at
                spans[row["source_id"]][(start, start + len(str(row["number_text"])))] = (pkg.relpath(name), lines[i])
    paths = frames["sources"][0].set_index("source_id")["path"]
    problems = []
    for sid, text in texts.items():
        for mention in find_mentions(text, rules, keep_left_out=True):
            if (mention.start, mention.end) in spans[sid]:
                continue
            partial = [(span, where) for span, where in spans[sid].items()
                       if span[0] < mention.end and mention.start < span[1]]
            for (a, b), (file, line) in partial:
                problems.append(Problem(file, line, "number_text",
                                        f"is {text[a:b]!r}, but the number's words in the text are "
                                        f"{mention.number_text!r}; number_text must hold all of them, qualifier "
                                        "included, so that the interval follows from the words", "coverage"))
            if not partial:
                problems.append(Problem(str(paths[sid]), mention.line, None,
                                        f"{mention.number_text!r} (characters {mention.start}..{mention.end}) is "
                                        "covered by no figure and no exclusion; add a row to data/figures.csv or "
                                        "data/exclusions.csv", "coverage"))
    return problems


def _unlisted_texts(pkg: Package, frames: dict) -> list[Problem]:
    """A text under seeds/ that no source lists would escape every check."""
    if "sources" not in frames:
        return []
    listed = {str(p) for p in frames["sources"][0]["path"].dropna()}
    return [Problem(path.relative_to(pkg.root).as_posix(), None, None,
                    f"no row of {pkg.relpath('sources')} lists this text; add one (with its sha256) or remove the file",
                    "provenance")
            for path in sorted((pkg.root / "seeds").glob("*"))
            if path.is_file() and path.relative_to(pkg.root).as_posix() not in listed]


def check_provenance(pkg: Package, frames: dict) -> list[Problem]:
    problems: list[Problem] = []
    texts = _source_texts(pkg, frames, problems)
    if "sources" in frames:
        problems += _language_problems(pkg, *frames["sources"])
    for name in ("figures", "events"):
        if name in frames:
            problems += _place_problems(pkg, name, *frames[name])
    for name in QUOTED:
        if name not in frames:
            continue
        frame, lines = frames[name]
        if name == "attributions":
            if "figures" not in frames:
                continue
            figure_source = frames["figures"][0].set_index("figure_id")["source_id"]
            figure_source = figure_source[~figure_source.index.duplicated()]
            source_of = frame["figure_id"].map(figure_source)
        else:
            source_of = frame["source_id"]
        problems += _quote_problems(pkg, name, frame, lines, source_of.reset_index(drop=True), texts)
    rules = _rule_table(pkg, frames)
    if rules is None:
        return problems  # frictionless reports why the rule table cannot be read
    if "figures" in frames:
        problems += _interval_problems(pkg, *frames["figures"], rules)
    problems += _coverage_problems(pkg, frames, texts, rules)
    return problems + _unlisted_texts(pkg, frames)


def _rule_table(pkg: Package, frames: dict) -> RuleTable | None:
    """The package's own interval rules (not the installed tool's), or None when they do not load."""
    if "interval_rules" not in frames:
        return None
    try:
        return load_rules(pkg.path("interval_rules"))
    except (ValueError, KeyError, ZeroDivisionError, OSError):
        return None


# --- reporting ------------------------------------------------------------------------------------


def format_problems(problems: list[Problem], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps({"valid": not problems, "problems": [asdict(p) for p in problems]}, indent=2,
                          ensure_ascii=False)
    return "\n".join(str(p) for p in problems)


def github_annotations(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands, so the message shows on the line the contributor changed."""
    def esc(s: str) -> str:
        return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    out = []
    for p in problems:
        where = f"file={p.file}" + (f",line={p.line}" if p.line else "")
        out.append(f"::error {where}::{esc((p.field + ': ' if p.field else '') + p.message)}")
    return "\n".join(out)


def print_problems(problems: list[Problem], fmt: str = "text") -> None:
    if fmt == "json":
        print(format_problems(problems, "json"))
    elif problems:
        print(format_problems(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
    else:
        print("valid: every layer passes (frictionless, rules, provenance, safety, coverage).")
    if problems and fmt == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
        print(github_annotations(problems))  # on stdout, where GitHub reads workflow commands
