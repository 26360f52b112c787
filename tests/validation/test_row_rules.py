"""Each row rule catches the rows its own example gives; CODEBOOK.md shows that example and the rule's fix.

The examples are declared beside the rules (tolls.validation.row_rules), so a rule whose check cannot run, or
no longer catches what it says it does, fails here by name."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import ROOT

from tolls.package.loading import Package
from tolls.validation.codes import CODES
from tolls.validation.row_checks import failing_rows
from tolls.validation.row_rules import ROW_RULES, RowRule


def typed_example(rule: RowRule, pkg: Package) -> pd.DataFrame:
    """The example's rows as validation reads them: each column in its datapackage.json type, "" as null."""
    kinds = {f["name"]: f.get("type", "string") for f in pkg.fields(rule.resource)}
    frame = pd.DataFrame([{k: v or None for k, v in row.items()} for row in rule.example])
    for column in frame:
        kind = kinds[column]  # a KeyError: the example names a column its table does not have
        if kind == "date":
            frame[column] = pd.to_datetime(frame[column]).astype("datetime64[s]")
        elif kind == "integer":
            frame[column] = pd.to_numeric(frame[column]).astype("Int64")
        else:
            frame[column] = frame[column].astype("string")
    return frame


@pytest.mark.parametrize("rule", ROW_RULES, ids=[f"{r.resource}.{r.name}.{r.field}" for r in ROW_RULES])
def test_each_rule_catches_its_example(rule: RowRule) -> None:
    pkg = Package.open(ROOT)
    assert len(failing_rows(rule, typed_example(rule, pkg))) > 0


# The rules an empty cell breaks on purpose: a reliability rule names a kind of source or one source.
EMPTY_BREAKS = {"kind_or_source"}


@pytest.mark.parametrize("rule", ROW_RULES, ids=[f"{r.resource}.{r.name}.{r.field}" for r in ROW_RULES])
def test_each_rule_passes_its_example_once_the_broken_cells_are_empty(rule: RowRule) -> None:
    # an empty cell is "unknown": frictionless says whether it may be empty, a row rule does not report it
    pkg = Package.open(ROOT)
    cleared = RowRule(**{**rule.__dict__, "example": tuple(dict.fromkeys(row, "") for row in rule.example)})
    frame = typed_example(cleared, pkg)
    frame["notes"] = "filled"  # a row of nulls only is skipped before any rule runs: keep one cell filled
    assert (len(failing_rows(cleared, frame)) > 0) == (rule.name in EMPTY_BREAKS)


def test_a_code_shared_by_several_tables_shows_each_tables_field_and_fix() -> None:
    for code in {r.code for r in ROW_RULES}:
        rules = [r for r in ROW_RULES if r.code == code]
        entry = CODES[code]
        for rule in rules:
            assert f"{rule.resource}.{rule.field}" in entry.meaning and rule.fix in entry.fix, (code, rule.resource)


def test_the_codebook_example_of_a_rule_is_a_message_validation_prints() -> None:
    first = {}  # a code shared by several tables (date_order) shows its first rule's example
    for rule in ROW_RULES:
        first.setdefault(rule.code, rule)
    for rule in first.values():
        entry = CODES[rule.code]
        assert "{" not in entry.example and entry.example.startswith(f"data/{rule.resource}.csv:2:"), rule.code
        assert entry.fix != "Correct the row so that the rule holds.", rule.code
