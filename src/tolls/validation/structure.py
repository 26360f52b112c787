"""Structure: the descriptor's shape and every file's form, checked before anything reads content.

The package is a closed world: every path (a resource's, or a source text's in sources.csv) is relative,
stays inside the package root, is no URL and no symbolic link, so nothing is fetched and nothing outside
the package is read. Each resource's header must be its schema's fields, in order; a table whose header
or file is broken is left out of the later layers (said once), never half-read. Cells hold no control
characters, no integer beyond 64 bits and no more than MAX_CELL characters, and none starts with a
character a spreadsheet would run as a formula (OWASP "CSV injection").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

import numpy as np
import pyarrow as pa

from tolls.package.csvtable import RawTable, scan_file
from tolls.package.loading import DESCRIPTOR, Package
from tolls.validation.problems import Problem

BOM = b"\xef\xbb\xbf"
# OWASP "CSV injection": a spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
# The longest cell: a quote is a sentence or a paragraph (the texts themselves live in seeds/).
MAX_CELL = 20_000
# Table Schema integers are stored as 64-bit integers (DuckDB BIGINT, pandas Int64).
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
# The resources the later layers read: without one of them a check would silently switch off.
CHECKED_RESOURCES = (
    "sources",
    "figures",
    "exclusions",
    "attributions",
    "events",
    "actors",
    "victim_groups",
    "interval_rules",
    # the views grade sources and ranges from these (tolls.database)
    "reliability_grades",
    "reliability_rules",
    "corroboration_grades",
)
# The Table Schema type of each field the later layers compute with: they add lows, compare dates with dates,
# slice texts at offsets and join ids as text, so a descriptor that gives one of these fields another type
# is one clear problem here, and that table's content checks wait for it (any other field may take any
# type). "*" stands for every table with the field; the fields of every primary and foreign key are text too.
COMPUTED_TYPES = {
    "figures.low": "integer",
    "figures.stated_number": "integer",
    "figures.high": "integer",
    "*.quote_start": "integer",
    "*.quote_end": "integer",
    "*.other_quote_start": "integer",
    "*.other_quote_end": "integer",
    "*.date_start": "date",
    "*.date_end": "date",
    "*.as_of": "date",
    "*.published_earliest": "date",
    "*.published_latest": "date",
    "*.placeholder": "boolean",
    **{
        f"*.{name}": "string"
        for name in ("quote", "other_quote", "number_text", "measure", "evidence", "coverage", "qualifier", "path")
    },
    **{f"*.{name}": "string" for name in ("country", "admin1", "sha256", "url", "other_source_ids")},
}
# Keys whose value frictionless would fetch when it is a URL (a profile, a schema, a dialect).
_FETCHED_KEYS = ("profile", "$schema", "schema", "dialect", "path")
# The control characters (Unicode category Cc) but tab and line breaks (a quoted cell may span lines): no cell
# holds one, and `tolls add` refuses a text that does (the same class, on bytes, is _TEXT_CONTROL below).
CONTROL_CHARACTERS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# The bidirectional controls that reorder the text after them (embeddings, overrides, isolates): a label
# holding U+202E shows its words backwards in the report and the terminal ("Trojan Source", CVE-2021-42574).
# The marks U+200E, U+200F and U+061C are left allowed: they reorder nothing beyond the neutral characters
# beside them, and Arabic text copied from the web carries them, so a verbatim quote may need them.
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")
# both classes at once, for Arrow's regex engine (one pass over each column finds the few suspect cells)
_SUSPECT_RE2 = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x{7f}-\x{9f}\x{202a}-\x{202e}\x{2066}-\x{2069}]"
# In a source text: the same control characters, on the UTF-8 bytes (C1 controls are 0xC2 0x80..0x9F there).
_TEXT_CONTROL = re.compile(b"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]|\xc2[\x80-\x9f]")
_FORMULA_RE2 = r"^[=+\-@\t\r\n]"
# Longer paths are refused before the file system is asked (it would fail with "File name too long").
MAX_PATH, MAX_PATH_PART = 1024, 255
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def unsafe_path_reason(path: str, root: Path | None = None) -> str | None:
    """Why a path inside the package is unsafe, or None when it is fine.

    Without `root` only the words are checked (Data Package rules: relative, '/', no '..'); with it, no
    part of the path may be a symbolic link and the file must resolve inside `root`.
    """
    pure = PurePosixPath(path)
    if not path:
        return "is empty"
    if len(path) > MAX_PATH or any(len(part) > MAX_PATH_PART for part in pure.parts):
        return f"{path[:40]!r}... is {len(path)} characters long; a path holds at most {MAX_PATH}"
    if _URL.match(path) or "://" in path:
        return f"{path!r} is a URL; tolls fetches nothing: copy the file into the package and give its relative path"
    if "\\" in path or pure.is_absolute() or re.match(r"^[A-Za-z]:", path):
        return f"{path!r} is absolute or uses backslashes; expected a relative path with '/'"
    if ".." in pure.parts:
        return f"{path!r} uses '..' and would leave the package"
    if any(part.startswith(".") for part in pure.parts):
        return f"{path!r} has a part that starts with a dot"
    if "\x00" in path:
        return f"{path!r} holds a NUL character"
    if root is not None:
        at = root
        try:
            for part in pure.parts:
                at = at / part
                if at.is_symlink():
                    return (
                        f"{path!r}: {at.relative_to(root).as_posix()} is a symbolic link; the package must "
                        "hold the file itself"
                    )
            (root / path).resolve().relative_to(root.resolve())
        except ValueError:
            return f"{path!r} resolves outside the package"
        except (OSError, RuntimeError) as exc:
            return f"{path!r} cannot be looked up ({exc.strerror or exc})" if isinstance(exc, OSError) else str(exc)
    return None


def descriptor_problem(root: Path) -> Problem | None:
    """datapackage.json itself must be a file of the package, not a link to one elsewhere."""
    if (root / DESCRIPTOR).is_symlink():
        return Problem(
            DESCRIPTOR,
            None,
            None,
            "is a symbolic link; the package must hold its descriptor itself",
            "structure",
            "unsafe-path",
        )
    return None


def encoding_problem(raw: bytes) -> str | None:
    if raw.startswith(BOM):
        return "starts with a byte order mark (BOM); save it as UTF-8 without BOM"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"byte {raw[exc.start]:#04x} at byte offset {exc.start} is not UTF-8; save the file as UTF-8"
    return None


def text_control_problem(path: str, raw: bytes) -> Problem | None:
    """A source text (UTF-8) may hold no control character but tab and line breaks: a NUL or an escape is
    no word of a published text, and would reach every output that shows its quotes."""
    found = _TEXT_CONTROL.search(raw)
    if found is None:
        return None
    line_start = raw.rfind(b"\n", 0, found.start()) + 1
    column = len(raw[line_start : found.start()].decode("utf-8", errors="replace")) + 1
    code_point = ord(found.group().decode("utf-8"))
    return Problem(
        path,
        line_of_byte(raw, found.start()),
        None,
        f"holds the control character U+{code_point:04X} at column {column}; remove it from the text "
        "(then `tolls validate --fix` writes the new sha256)",
        "structure",
        "text-control-character",
    )


def encoding_code(raw: bytes) -> str:
    return "byte-order-mark" if raw.startswith(BOM) else "not-utf8"


def line_of_byte(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def bad_byte(raw: bytes) -> int:
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start
    return 0


# --- the descriptor -----------------------------------------------------------------------------------


# The Data Package spec's own profiles: frictionless knows them without fetching them (the network test
# validates the shipped descriptor, which names one, with every connection recorded).
_SPEC_PROFILE = re.compile(r"https://datapackage\.org/profiles/[0-9.]+/[a-z]+\.json")


def _is_url(value: object) -> bool:
    return isinstance(value, str) and bool(_URL.match(value) or "://" in value) and not _SPEC_PROFILE.fullmatch(value)


def _descriptor_problems(desc: object) -> list[Problem]:
    """The descriptor's shape: what the later layers and frictionless rely on, each a clear line."""

    def bad(where: str | None, message: str, code: str = "descriptor-shape") -> Problem:
        return Problem(DESCRIPTOR, None, where, message, "structure", code)

    if not isinstance(desc, dict):
        return [bad(None, f"must be a JSON object with a 'resources' list, not a JSON {type(desc).__name__}")]
    problems = [
        bad(key, f"{desc[key]!r} is a URL; tolls fetches nothing: remove it or name a built-in profile", "unsafe-path")
        for key in ("profile", "$schema")
        if _is_url(desc.get(key))
    ]
    resources = desc.get("resources")
    if not isinstance(resources, list) or not resources:
        return [*problems, bad("resources", "resources must be a list of resources (objects), and not empty")]
    names: list[str] = []
    for i, res in enumerate(resources):
        where = f"resources[{i}]"
        if not isinstance(res, dict):
            problems.append(bad(where, f"must be an object with name, path and schema, not {res!r:.40}"))
            continue
        name = res.get("name")
        if not isinstance(name, str) or not name:
            problems.append(bad(where, "has no name; give it a 'name' string"))
            continue
        where = f"resources[{name}]"
        if name in names:
            problems.append(bad(where, f"the name {name!r} is used twice; resource names must be unique"))
        names.append(name)
        for key in _FETCHED_KEYS:
            value = res.get(key)
            if key in ("schema", "dialect") and key in res and not isinstance(value, dict):
                problems.append(
                    bad(
                        f"{where}.{key}",
                        f"must be an object written in {DESCRIPTOR} "
                        f"(a path or URL to another file is not read), not {value!r:.60}",
                    )
                )
            elif key not in ("path", "schema", "dialect") and _is_url(value):
                problems.append(bad(f"{where}.{key}", f"{value!r} is a URL; tolls fetches nothing", "unsafe-path"))
        if isinstance(res.get("dialect"), dict):
            problems += [bad(f"{where}.dialect", message) for message in _dialect_problems(res["dialect"])]
        encoding = res.get("encoding", "utf-8")
        if not isinstance(encoding, str) or encoding.lower().replace("-", "") != "utf8":
            problems.append(bad(f"{where}.encoding", f"is {encoding!r}; every file of the package is UTF-8"))
        if not isinstance(res.get("path"), str):
            problems.append(bad(f"{where}.path", "must be one string, a relative path to the CSV file", "unsafe-path"))
        schema = res.get("schema")
        if "schema" not in res:
            problems.append(bad(f"{where}.schema", "has no schema; every table needs its fields listed"))
        elif isinstance(schema, dict):
            problems += _schema_problems(where, schema)
    problems += _reference_problems(resources, names)
    return problems


# How every tool here reads the CSV files (Python's csv module, pandas, DuckDB's read_csv): a dialect that
# says otherwise would be read wrongly by some of them, so it is refused rather than half-honoured.
CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True}
_HARMLESS_DIALECT_KEYS = {"lineTerminator", "caseSensitiveHeader", "csvddfVersion", "$schema", "skipInitialSpace"}


def _dialect_problems(dialect: dict) -> list[str]:
    out = []
    for key, value in dialect.items():
        if key in CSV_DIALECT and value != CSV_DIALECT[key]:
            out.append(f"{key} is {value!r}; the package's CSV files use {key} {CSV_DIALECT[key]!r}")
        elif key not in CSV_DIALECT and key not in _HARMLESS_DIALECT_KEYS:
            out.append(f"{key!r} is not read by tolls; the CSV files use the dialect {CSV_DIALECT}")
    return out


def _schema_problems(where: str, schema: dict) -> list[Problem]:
    def bad(message: str) -> Problem:
        return Problem(DESCRIPTOR, None, f"{where}.schema", message, "structure", "descriptor-shape")

    fields = schema.get("fields")
    if not isinstance(fields, list) or not fields:
        return [bad("fields must be a list of fields (objects with a name), and not empty")]
    problems, seen = [], set()
    for j, fld in enumerate(fields):
        if not isinstance(fld, dict) or not isinstance(fld.get("name"), str) or not fld.get("name"):
            problems.append(bad(f"field {j + 1} has no name; each field needs a 'name' string"))
            continue
        if fld["name"] in seen:
            problems.append(bad(f"the field {fld['name']!r} is listed twice"))
        seen.add(fld["name"])
        if not isinstance(fld.get("constraints", {}), dict):
            problems.append(bad(f"field {fld['name']!r}: constraints must be an object"))
        if not isinstance(fld.get("type", "string"), str):
            problems.append(bad(f"field {fld['name']!r}: type must be one Table Schema type name"))
    if schema.get("missingValues", [""]) != [""]:
        problems.append(
            bad(
                f"missingValues is {schema['missingValues']!r}; the package's only missing value is "
                "the empty cell (so that no written value, such as 0, can turn into 'unknown')"
            )
        )
    for key in ("foreignKeys", "primaryKey", "missingValues"):
        if key in schema and not isinstance(schema[key], list | str):
            problems.append(bad(f"{key} must be a list"))
    for fk in schema.get("foreignKeys", []) if isinstance(schema.get("foreignKeys"), list) else []:
        if not isinstance(fk, dict) or not isinstance(fk.get("reference"), dict):
            problems.append(bad(f"a foreign key must be an object with 'fields' and 'reference', not {fk!r:.60}"))
    return problems


def _names(value: object) -> list[str]:
    """A key's field names, as the spec allows them written: one string, or a list of strings."""
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _key_fields(resources: list[dict]) -> set[tuple[str, str]]:
    """(resource, field) of every primary and foreign key, on both sides of each reference."""
    keys = set()
    for res in resources:
        schema = res["schema"]
        keys |= {(res["name"], f) for f in _names(schema.get("primaryKey"))}
        foreign = schema.get("foreignKeys")
        for fk in foreign if isinstance(foreign, list) else []:
            ref = fk.get("reference") if isinstance(fk, dict) else None
            if isinstance(ref, dict):
                keys |= {(res["name"], f) for f in _names(fk.get("fields"))}
                keys |= {(ref.get("resource") or res["name"], f) for f in _names(ref.get("fields"))}
    return keys


_AS = {"integer": "an integer", "date": "a date", "boolean": "a boolean", "string": "text"}


def type_problems(resources: list[dict]) -> tuple[list[Problem], set[str]]:
    """A field the checks compute with whose type the descriptor changed; and the resources that have one."""
    keys = _key_fields(resources)
    problems, bad = [], set()
    for res in resources:
        for fld in res["schema"]["fields"]:
            name, kind = fld["name"], fld.get("type", "string")
            needed = COMPUTED_TYPES.get(f"{res['name']}.{name}") or COMPUTED_TYPES.get(f"*.{name}")
            if needed is None and (res["name"], name) in keys:
                needed = "string"
            if needed is None or kind == needed:
                continue
            bad.add(res["name"])
            what = "an id joined with other tables' ids" if (res["name"], name) in keys else _AS[needed]
            problems.append(
                Problem(
                    DESCRIPTOR,
                    None,
                    f"resources[{res['name']}].schema.fields[{name}].type",
                    f"is {kind!r}, but the checks, the views and the exports read {name} as {what}; "
                    f'restore "type": "{needed}" (the content checks of {res["name"]!r} wait until then)',
                    "structure",
                    "field-type-changed",
                )
            )
    return problems, bad


def _reference_problems(resources: list, names: list[str]) -> list[Problem]:
    """Every resource the checks read is listed, and every foreign key names a listed resource."""
    problems = [
        Problem(
            DESCRIPTOR,
            None,
            "resources",
            f"the resource {name!r} is missing; the checks need it (restore it in {DESCRIPTOR})",
            "structure",
            "missing-resource",
        )
        for name in CHECKED_RESOURCES
        if name not in names
    ]
    for res in resources:
        schema = res.get("schema") if isinstance(res, dict) else None
        fks = schema.get("foreignKeys") if isinstance(schema, dict) else None
        for fk in fks if isinstance(fks, list) else []:
            reference = fk.get("reference") if isinstance(fk, dict) else None
            target = reference.get("resource") if isinstance(reference, dict) else ""
            if target not in ("", *names):
                problems.append(
                    Problem(
                        DESCRIPTOR,
                        None,
                        f"resources[{res.get('name')}].schema.foreignKeys",
                        f"refers to the resource {target!r}, which the package does not list",
                        "structure",
                        "missing-resource",
                    )
                )
    return problems


# The descriptor's strings that outputs show (the xlsx README sheet, the HXL header and hashtag rows, the
# codebook, the report): each is held to what a cell is held to.
_SHOWN_KEYS = ("title", "description", "name", "hxl", "version")


def descriptor_text_problems(desc: dict) -> list[Problem]:
    """A title, description, name, HXL tag or version in datapackage.json that starts with a formula character
    or holds a control character or a bidirectional control."""
    problems = []

    def walk(value: object, where: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                at = f"{where}.{key}" if where else str(key)
                if key in _SHOWN_KEYS and isinstance(item, str):
                    message = _text_problem(item)
                    if message:
                        problems.append(Problem(DESCRIPTOR, None, at, message, "structure", "descriptor-text"))
                else:
                    walk(item, at)
        elif isinstance(value, list):
            for i, item in enumerate(value):
                name = item.get("name") if isinstance(item, dict) else None
                walk(item, f"{where}[{name if isinstance(name, str) and not _text_problem(name) else i}]")

    walk(desc, "")
    return problems


def _text_problem(text: str) -> str | None:
    if text.startswith(FORMULA_STARTS):
        return (
            f"{text[:20]!r} starts with {text[0]!r}, which a spreadsheet would run as a formula (the xlsx README "
            "and the HXL export show it); reword it so it starts otherwise"
        )
    found = CONTROL_CHARACTERS.search(text) or _BIDI.search(text)
    if found:
        return f"holds the control character U+{ord(found.group()):04X} at character {found.start() + 1}; remove it"
    return None


# --- the files ----------------------------------------------------------------------------------------


@dataclass
class Structure:
    """What the structure layer found: its problems and the resources the later layers may read."""

    problems: list[Problem] = field(default_factory=list)
    readable: list[str] = field(default_factory=list)
    descriptor_ok: bool = True


def _header_problems(file: str, header: list[str], expected: list[str]) -> list[Problem]:
    """One line per missing, renamed, extra or moved column, each naming it and saying what to do."""

    def bad(fld: str | None, message: str, code: str) -> Problem:
        return Problem(file, 1, fld, message, "structure", code)

    if header == expected:
        return []
    missing = [c for c in expected if c not in header]
    extra = [c for c in header if c not in expected]
    problems = []
    for col in {c for c in header if header.count(c) > 1}:
        problems.append(bad(col, f"the header names {col!r} twice; each column once", "duplicate-column"))
    renamed = set()
    for col in missing:
        at = expected.index(col)
        if at < len(header) and header[at] in extra:  # the same place holds an unknown name: a rename
            renamed.add(header[at])
            problems.append(
                bad(
                    col,
                    f"the header has {header[at]!r} where {DESCRIPTOR} expects {col!r} "
                    f"(column {at + 1}); rename it to {col!r}, or, if {DESCRIPTOR} was renamed by mistake, "
                    f"give the field its name {header[at]!r} back there",
                    "renamed-column",
                )
            )
        else:
            problems.append(
                bad(
                    col,
                    f"the column {col!r} is missing; add it as column {at + 1}, as datapackage.json lists the columns",
                    "missing-column",
                )
            )
    for col in extra:
        if col not in renamed:
            problems.append(
                bad(
                    None,
                    f"the header has a column {col!r} that {DESCRIPTOR} does not list; remove it "
                    "or add the field to the schema",
                    "extra-column",
                )
            )
    if not missing and not extra and len(header) == len(expected):
        moved = [c for c, e in zip(header, expected, strict=True) if c != e]
        problems.append(
            bad(
                None,
                f"the columns {', '.join(map(repr, moved))} are out of order; expected the order of "
                f"{DESCRIPTOR}: {', '.join(expected)}",
                "column-order",
            )
        )
    return problems


def _flagged(column: pa.ChunkedArray, kind: str | None) -> np.ndarray:
    """Positions of the cells that may break a cell rule: column operations find the few; Python words them."""
    import pyarrow.compute as pc

    lengths = pc.utf8_length(column)  # an empty cell is null, and so is every verdict on it
    hits = pc.or_(pc.greater(lengths, MAX_CELL), pc.match_substring_regex(column, _SUSPECT_RE2))
    if kind == "integer":  # only a long run of digits can leave 64 bits
        hits = pc.or_(hits, pc.greater(lengths, 18))
    elif kind == "string":
        hits = pc.or_(hits, pc.match_substring_regex(column, _FORMULA_RE2))
    return np.flatnonzero(hits.fill_null(False).to_numpy(zero_copy_only=False))


def _cell_problems(file: str, fields: list[dict], table: RawTable) -> tuple[list[Problem], bool]:
    """Problems of single cells, and whether the table can still be read (False for oversized cells)."""
    kinds = {f["name"]: f.get("type", "string") for f in fields}
    problems, readable = [], True
    for position, col in enumerate(table.header):
        column = table.columns[position]
        kind = kinds.get(col)  # None for a column the schema does not list: its type is unknown
        for i in _flagged(column, kind):
            line, cell = int(table.lines[i]), column[int(i)].as_py() or ""

            def bad(message: str, code: str, col: str = col, line: int = line) -> Problem:
                return Problem(file, line, col, message, "structure", code)

            if len(cell) > MAX_CELL:
                problems.append(
                    bad(
                        f"is {len(cell):,} characters long; a cell holds at most {MAX_CELL:,} "
                        "(a source text belongs in seeds/)",
                        "oversized-cell",
                    )
                )
                readable = False
                continue
            control = CONTROL_CHARACTERS.search(cell)
            if control is not None:
                problems.append(
                    bad(
                        f"holds the control character U+{ord(control.group()):04X} at character "
                        f"{control.start() + 1}; remove it",
                        "control-character",
                    )
                )
            bidi = _BIDI.search(cell)
            if bidi is not None:
                problems.append(
                    bad(
                        f"holds the bidirectional control U+{ord(bidi.group()):04X} at character "
                        f"{bidi.start() + 1}, which reverses how the text after it is shown; remove it "
                        "(Arabic and other right-to-left letters need no control)",
                        "bidi-control",
                    )
                )
            if kind == "integer" and re.fullmatch(r"\s*[+-]?[0-9]+\s*", cell):
                digits = cell.strip().lstrip("+-").lstrip("0")
                if len(digits) > 19 or not INT64_MIN <= int(cell) <= INT64_MAX:
                    shown = cell.strip() if len(cell) <= 60 else cell.strip()[:40] + "…"
                    problems.append(
                        bad(
                            f"{shown} does not fit a 64-bit integer (at most {INT64_MAX} either side of 0)",
                            "integer-overflow",
                        )
                    )
            elif kind == "string" and cell.startswith(FORMULA_STARTS):
                problems.append(
                    bad(
                        f"{cell[:20]!r} starts with {cell[0]!r}, which a spreadsheet would run as a "
                        "formula; reword the cell so it starts otherwise",
                        "formula-cell",
                    )
                )
    return problems, readable


def _file_problems(pkg: Package, res: dict) -> tuple[list[Problem], bool]:
    """Problems of one resource's file, and whether the later layers may read it."""
    path, name = res["path"], res["name"]
    reason = unsafe_path_reason(path, pkg.root)
    if reason:
        return [Problem(DESCRIPTOR, None, f"resources[{name}].path", reason, "structure", "unsafe-path")], False
    file = pkg.root / path
    if not file.is_file():
        return [
            Problem(
                path,
                None,
                None,
                f"the file is missing; resource {name!r} of {DESCRIPTOR} names it",
                "structure",
                "missing-file",
            )
        ], False
    scan = scan_file(file)  # in blocks: a large file is never held whole beside its table
    if scan.bom or not scan.utf8:
        raw = file.read_bytes()  # a broken file: read whole, to name the byte
        line = 1 if raw.startswith(BOM) else line_of_byte(raw, bad_byte(raw))
        message = encoding_problem(raw) or "is not UTF-8; save the file as UTF-8"  # changed since it was scanned
        return [Problem(path, line, None, message, "structure", encoding_code(raw))], False
    expected = [f["name"] for f in res["schema"]["fields"]]
    try:
        table = pkg.table(name, scan)  # the one reading of the file every later layer uses
    except csv.Error:
        return [
            Problem(
                path,
                None,
                None,
                "cannot be read as CSV (a quote left open?); each cell that holds a "
                "comma, a quote or a line break must be in double quotes",
                "structure",
                "csv-error",
            )
        ], False
    if not any(table.header):
        return [
            Problem(path, 1, None, f"is empty; expected a header row: {','.join(expected)}", "structure", "empty-file")
        ], False
    problems = _header_problems(path, table.header, expected)
    cells, readable = _cell_problems(path, res["schema"]["fields"], table)
    return problems + cells, readable and not problems


def _unlisted_tables(pkg: Package) -> list[Problem]:
    """A CSV file beside the resources' files that no resource lists would escape every check (as a table
    removed from the descriptor but left in data/)."""
    listed = {res["path"] for res in pkg.descriptor["resources"]}
    folders = {PurePosixPath(path).parent.as_posix() for path in listed if not unsafe_path_reason(path)}
    problems = []
    for folder in sorted(folders):
        for file in sorted((pkg.root / folder).glob("*.csv")) if folder != "." else []:
            rel = file.relative_to(pkg.root).as_posix()
            if rel not in listed:
                problems.append(
                    Problem(
                        rel,
                        None,
                        None,
                        f"no resource of {DESCRIPTOR} lists this table "
                        f"({file.stem!r}); list it with its schema, or remove the file",
                        "structure",
                        "unlisted-table",
                    )
                )
    return problems


def check_structure(pkg: Package) -> Structure:
    """The descriptor's shape, then each resource's path, encoding, header and cells."""
    out = Structure()
    out.problems = _descriptor_problems(pkg.descriptor)
    if out.problems:
        out.descriptor_ok = False
        return out  # the later layers read the descriptor; a broken one is fixed first
    out.problems += _unlisted_tables(pkg) + descriptor_text_problems(pkg.descriptor)
    typed, retyped = type_problems(pkg.descriptor["resources"])
    out.problems += typed
    for res in pkg.descriptor["resources"]:
        problems, readable = _file_problems(pkg, res)
        out.problems += problems
        if readable and res["name"] in retyped:
            readable, problems = False, typed
        if readable:
            out.readable.append(res["name"])
        elif problems:
            out.problems.append(
                Problem(
                    res["path"],
                    None,
                    None,
                    f"the content checks of {res['name']!r} (types, keys, rules, quotes, "
                    "coverage) are skipped until the problems above are fixed",
                    "structure",
                    "checks-skipped",
                )
            )
    return out
