"""GitHub: annotations escaped as GitHub's toolkit escapes them, and a workflow pinned to commit SHAs with the
least permissions (actionlint lints it in .ci/run)."""

from __future__ import annotations

import re

import yaml
from conftest import ROOT

from tolls.validation.problems import Problem, github_annotations

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_annotation_escapes_message_and_properties_like_the_toolkit():
    p = Problem(
        file="data/a,b:c.csv",
        line=7,
        field="notes",
        message="100% sure\r\nnext: line, more",
        layer="rules",
        code="formula-injection",
    )
    assert github_annotations([p]) == (
        "::error file=data/a%2Cb%3Ac.csv,line=7,title=formula-injection::notes: 100%25 sure%0D%0Anext: line, more"
    )


def test_one_line_per_problem_and_no_title_without_a_code():
    problems = [
        Problem("data/x.csv", None, None, "line one\nline two", "structure"),
        Problem("data/y.csv", 3, "low", "bad", "table_schema", "type-error"),
    ]
    lines = github_annotations(problems).splitlines()
    assert lines == [
        "::error file=data/x.csv::line one%0Aline two",
        "::error file=data/y.csv,line=3,title=type-error::low: bad",
    ]


def test_workflow_pins_actions_and_keeps_least_permissions():
    assert WORKFLOWS
    for path in WORKFLOWS:
        flow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert flow["permissions"] == {"contents": "read"}, path.name
        for job in flow["jobs"].values():
            for step in job["steps"]:
                if "uses" in step:
                    assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", step["uses"]), step["uses"]
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False
