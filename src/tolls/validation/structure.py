"""Structure: the package's files are safe to open before anything reads their content.

Paths stay inside the package (Data Package rules), files are UTF-8 without a byte order mark, and no
text cell starts with a character a spreadsheet would run as a formula (OWASP "CSV injection").
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath

from tolls.package import DESCRIPTOR, Package
from tolls.validation.problems import Problem

BOM = b"\xef\xbb\xbf"
# OWASP "CSV injection": a spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")

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


def encoding_problem(raw: bytes) -> str | None:
    if raw.startswith(BOM):
        return "starts with a byte order mark (BOM); save it as UTF-8 without BOM"
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return f"byte {raw[exc.start]:#04x} at byte offset {exc.start} is not UTF-8; save the file as UTF-8"
    return None


def line_of_byte(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def check_safety(pkg: Package) -> list[Problem]:
    problems: list[Problem] = []
    for res in pkg.descriptor.get("resources", []):
        path = res.get("path", "")
        reason = unsafe_path_reason(path) if isinstance(path, str) else "must be one string"
        if reason:
            problems.append(Problem(DESCRIPTOR, None, f"resources[{res.get('name')}].path", reason, "safety",
                                    "unsafe-path"))
            continue
        file = pkg.root / path
        if not file.is_file():
            problems.append(Problem(path, None, None, "file is missing", "safety", "missing-file"))
            continue
        raw = file.read_bytes()
        bad = encoding_problem(raw)
        if bad:
            line = 1 if raw.startswith(BOM) else line_of_byte(raw, bad_byte(raw))
            problems.append(Problem(path, line, None, bad, "safety", encoding_code(raw)))
            continue
        problems += _formula_cells(pkg, res["name"])
    return problems


def bad_byte(raw: bytes) -> int:
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
                                        "formula; reword the cell so it starts otherwise", "safety",
                                        "formula-cell"))
    return problems


def readable_resources(pkg: Package, problems: list[Problem]) -> list[str]:
    """Resources whose file is safe to open and decodes as UTF-8 (the others are already reported)."""
    broken = {p.file for p in problems if p.layer == "safety"}
    names = []
    for res in pkg.descriptor.get("resources", []):
        path = res.get("path")
        if isinstance(path, str) and path not in broken and not unsafe_path_reason(path):
            names.append(res["name"])
    return names




def encoding_code(raw: bytes) -> str:
    return "byte-order-mark" if raw.startswith(BOM) else "not-utf8"
