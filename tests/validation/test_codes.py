"""The registry of problem codes: every code the validators can emit is registered, and CODEBOOK.md lists
the registered ones. (conftest.py also fails the session when any test produces an unregistered code.)"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from conftest import ROOT

from tolls.validation.codes import CODES, listed
from tolls.validation.row_rules import ROW_RULES

VALIDATION = ROOT / "src" / "tolls" / "validation"  # every module that makes problems (imports run down the stages)


KEBAB = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)+")


def _literal_codes(path: Path) -> set[str]:
    """The codes a module writes: a kebab-case string literal passed to a call (Problem(...), or a helper
    that makes one), positionally or as code=."""
    codes = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Call):
            args = node.args + [k.value for k in node.keywords if k.arg == "code"]
            codes |= {
                a.value
                for a in args
                if isinstance(a, ast.Constant)
                and isinstance(a.value, str)
                and KEBAB.fullmatch(a.value)
                and a.value != "utf-8"
            }
    return codes


def test_every_code_written_in_the_validators_is_registered() -> None:
    written = set().union(*(_literal_codes(p) for p in VALIDATION.glob("*.py")))
    assert len(written) > 30  # the walk found the calls
    assert written - CODES.keys() == set()


def test_every_row_rule_is_registered_and_every_entry_says_what_to_do() -> None:
    assert {rule.code for rule in ROW_RULES} <= CODES.keys()
    for code, entry in CODES.items():
        assert code == code.lower() and " " not in code
        assert entry.layer and entry.meaning and entry.example and entry.fix, code


def test_codebook_lists_the_codes() -> None:
    text = (ROOT / "CODEBOOK.md").read_text(encoding="utf-8")
    assert "## Problem codes" in text
    for code, _ in listed():
        assert f"| `{code}` |" in text, code


def test_the_codes_provenance_builds_from_column_names_are_registered() -> None:
    from tolls.validation.provenance import INNER_WORDS

    built = {f"{words.replace('_', '-')}-outside-quote" for columns in INNER_WORDS.values() for words in columns}
    assert built and built - CODES.keys() == set()
