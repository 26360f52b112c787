"""A correct contribution does not turn the tests red, and CI proves it on every change.

.ci/run runs the whole suite a second time on a copy of the repository with a contribution added by the
project's own tools (tests/example_source.py: `tolls add` with `--set`, the judgments typed in code, `tolls
validate --fix`, `tolls docs`), so a test that pins the shipped package's size or rows fails there. Here: that
contribution is made as a contributor makes it and passes, its typed cells are judgments only, and CI runs the
second pass.
"""

from __future__ import annotations

import csv
import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from example_source import SUWAYDA, contribute, copy_repository, tolls

# Cells a tool fills: never typed by a contributor.
TOOL_CELLS = {"figure_id", "source_id", "quote_start", "quote_end", "sha256", "path", "number_text", "qualifier"}
TOOL_CELLS |= {"low", "stated_number", "high", "interval_rule", "quote", "evidence"}


def rows(root: Path, name: str) -> list[dict[str, str]]:
    with (root / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _holds_the_contribution(root: Path) -> bool:
    digest = hashlib.sha256(SUWAYDA.text.encode("utf-8")).hexdigest()
    return any(r["sha256"] == digest for r in rows(root, "sources"))


@pytest.mark.slow
def test_the_ci_contribution_is_made_with_the_tools_and_passes(tmp_path, monkeypatch):
    if _holds_the_contribution(ROOT):
        pytest.skip("this package already holds the contribution (CI's second pass runs on it)")
    root = copy_repository(ROOT, tmp_path / "repo")
    before = {n: {r[next(iter(r))] for r in rows(root, n)} for n in ("figures", "sources", "events")}
    typed_by_hand = []
    import example_source

    real = example_source.decide

    def watched(root_: Path, sid: str, example, cited_id):  # what the contributor types, cell by cell
        old = {r["figure_id"]: r for r in rows(root_, "figures")}
        real(root_, sid, example, cited_id)
        for row in rows(root_, "figures"):
            typed_by_hand.extend(c for c in row if c in TOOL_CELLS and row[c] != old[row["figure_id"]][c])

    monkeypatch.setattr(example_source, "decide", watched)
    ids = contribute(root)  # raises when a command fails; ends with `tolls validate` passing
    assert typed_by_hand == [], "the contributor typed only judgments"
    new = {n: {r[next(iter(r))] for r in rows(root, n)} - before[n] for n in before}
    assert {ids["cited"], ids["quoted"]} == new["sources"] and new["events"] == {"test-2025-07-suwayda"}
    assert {f[0] for f in new["figures"]} == {"f", "p"}  # quoted and cited figures
    assert "test_suwayda_residents" in {r["victim_group"] for r in rows(root, "victim_groups")}
    assert tolls(root, "docs", "--check").returncode == 0
    # the reviewer's view: the new event's range and headline, and what moved them
    shown = tolls(root, "diff", str(ROOT)).stdout
    assert re.search(r"\| test-2025-07-suwayda \| killed \| mixed_total \| — \| 1,386 \(Syrian Observatory", shown)
    assert "— → 1,386 (Syrian Observatory for Human Rights, as of 2025-07-24)" in shown


def test_the_copy_holds_what_git_holds_and_no_build_or_environment(tmp_path):
    copied = copy_repository(ROOT, tmp_path / "repo")
    for name in ("datapackage.json", "README.md", "pyproject.toml", ".ci/run", "tests/conftest.py", "src/tolls/cli.py"):
        assert (copied / name).is_file(), name
    assert not any((copied / name).exists() for name in (".venv", "build", ".git"))


def test_ci_runs_the_whole_suite_again_on_a_package_with_a_contribution():
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    made = re.search(r'^python tests/example_source.py "\$(\w+)"$', ci, re.M)
    assert made, "CI makes the contribution with the project's tools"
    second = re.search(rf'cd "\${made.group(1)}".*\bpytest\b[^\n]* -m "not fixtures_only"', ci)
    assert second, "and runs every test that reads the package there"


def test_a_test_marked_fixtures_only_that_reads_the_package_fails(tmp_path):
    """The mark that lets CI's second pass leave a test out is checked: a test marked fixtures_only that reads
    a file of the shipped package, or runs a program in the repository, fails and says what it read."""
    (tmp_path / "test_marked.py").write_text(
        f"""
import subprocess, sys
from pathlib import Path
import pytest

ROOT = Path({str(ROOT)!r})

@pytest.mark.fixtures_only
def test_reads_the_descriptor():
    (ROOT / "datapackage.json").read_text(encoding="utf-8")

@pytest.mark.fixtures_only
def test_lists_the_seeds():
    list((ROOT / "seeds").iterdir())

@pytest.mark.fixtures_only
def test_runs_a_program_in_the_repository():
    subprocess.run([sys.executable, "-c", "pass"], cwd=ROOT, check=True)

@pytest.mark.fixtures_only
def test_reads_only_its_own_files(tmp_path):
    (tmp_path / "x.csv").write_text("a\\n", encoding="utf-8")
    assert (tmp_path / "x.csv").read_text(encoding="utf-8") == "a\\n"
""",
        encoding="utf-8",
    )
    (tmp_path / "pytest.ini").write_text("[pytest]\nmarkers =\n    fixtures_only: (test)\n", encoding="utf-8")
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "conftest", str(tmp_path)],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1]), "TOLLS_TEST_ROOT": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = done.stdout
    assert "4 passed, 3 errors" in out, out[-3000:]  # each ran; the three that read fail at teardown
    errors = sorted(re.findall(r"^ERROR test_marked.py::(\w+)", out, re.M))
    assert errors == ["test_lists_the_seeds", "test_reads_the_descriptor", "test_runs_a_program_in_the_repository"]
    assert "marked fixtures_only, but it reads the shipped package" in out
    assert f"open {ROOT / 'datapackage.json'}" in out
    assert re.search(rf"os\.(listdir|scandir) {re.escape(str(ROOT / 'seeds'))}", out)
    assert "runs " in out and f" in {ROOT}" in out
