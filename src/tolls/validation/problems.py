"""A problem found by validation, and how problems are printed (text, JSON, GitHub annotations).

Every problem carries a stable `code` (as frictionless's `type-error` or ruff's rule codes), listed in
CODEBOOK.md with an example and its fix, so that CI output can be filtered and a message searched.
"""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int | None
    field: str | None
    message: str
    layer: str
    code: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        return f"{text} [{self.code}]" if self.code else text


def format_problems(problems: list[Problem], fmt: str = "text") -> str:
    if fmt == "json":
        return json.dumps(
            {"valid": not problems, "problems": [asdict(p) for p in problems]}, indent=2, ensure_ascii=False
        )
    return "\n".join(str(p) for p in problems)


def _escape_data(text: str) -> str:
    """A workflow command's message, escaped as GitHub's toolkit does (@actions/core escapeData)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    """A workflow command's property value (file, title), escaped as the toolkit does (escapeProperty)."""
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github_annotations(problems: list[Problem]) -> str:
    """GitHub Actions workflow commands, so the message shows on the line the contributor changed, titled with
    the problem's code."""
    out = []
    for p in problems:
        props = [f"file={_escape_property(p.file)}"] + ([f"line={p.line}"] if p.line else [])
        props += [f"title={_escape_property(p.code)}"] if p.code else []
        out.append(f"::error {','.join(props)}::{_escape_data((p.field + ': ' if p.field else '') + p.message)}")
    return "\n".join(out)


def print_problems(problems: list[Problem], fmt: str = "text") -> None:
    if fmt == "json":
        print(format_problems(problems, "json"))
    elif problems:
        print(format_problems(problems), file=sys.stderr)
        print(f"{len(problems)} problem(s) found.", file=sys.stderr)
    else:
        print("valid: every layer passes (structure, table schema, rules, provenance, coverage, drafts).")
    if problems and fmt == "text" and os.environ.get("GITHUB_ACTIONS") == "true":
        print(github_annotations(problems))  # on stdout, where GitHub reads workflow commands
