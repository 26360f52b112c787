"""`tolls diff` on two versions of the package built in the tests, and `tolls docs` regenerating what the
README and CODEBOOK.md show of the data."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from conftest import ROOT, Table, copy_package

from tolls.authoring.diff import DiffError, diff_packages
from tolls.authoring.docs import FIX_HINT, QUERY_BLOCK, stale_docs
from tolls.cli import main
from tolls.package.loading import Package


@pytest.fixture
def two_versions(tmp_path):
    """base: the shipped package; head: a copy where one figure is removed, one changed."""
    base = copy_package(tmp_path / "base")
    head = copy_package(tmp_path / "head")
    figures = Table(head, "figures")
    exact = next(
        r[0]
        for r in figures.rows[1:]
        if r[figures.header.index("qualifier")] == "exact"
        and r[figures.header.index("event_id")]
        and not r[figures.header.index("copy_of_figure_id")]
    )
    copies = {r[figures.header.index("copy_of_figure_id")] for r in figures.rows[1:]}
    removable = next(
        r[0]
        for r in figures.rows[1:]
        if r[0] != exact and r[0] not in copies and not r[figures.header.index("copy_of_figure_id")]
    )
    attributions = Table(head, "attributions")
    attributions.rows = [r for r in attributions.rows if r[1] != removable]
    attributions.save()
    figures.set(exact, "notes", "changed in the test").delete(removable).save()
    return base, head, exact, removable


def test_diff_lists_rows_changed_and_removed(two_versions):
    base, head, changed, removed = two_versions
    diff = diff_packages(str(base), Package.open(head))
    assert diff.tables["figures"].removed == [removed]
    assert diff.tables["figures"].changed == {changed: ["notes"]}
    assert not diff.tables["sources"].added and not diff.tables["exclusions"].changed
    md = diff.markdown()
    assert f"- removed {removed}" in md and f"- changed {changed}: notes" in md


def test_diff_shows_ranges_before_and_after(two_versions):
    base, head, _, _ = two_versions
    diff = diff_packages(str(base), Package.open(head))
    assert diff.ranges, "removing a figure changes its event's range"
    for _key, before, after in diff.ranges:
        assert before != after
        assert before is None or re.search(r"\d", before[0])
    assert "| event | measure | scope | before | after | independent counts |" in diff.markdown()
    same = diff_packages(str(base), Package.open(base))
    assert same.ranges == [] and "No range changed." in same.markdown()


def test_diff_against_a_git_revision_and_the_job_summary(two_versions, tmp_path, monkeypatch, capsys):
    base, head, _, removed = two_versions
    repo = tmp_path / "repo"
    shutil.copytree(base, repo)
    git = ["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    shutil.copy(head / "data" / "figures.csv", repo / "data" / "figures.csv")
    shutil.copy(head / "data" / "attributions.csv", repo / "data" / "attributions.csv")
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    assert main(["--root", str(repo), "diff", "main"]) == 0
    out = capsys.readouterr().out
    assert f"- removed {removed}" in out and summary.read_text(encoding="utf-8") == out


def test_diff_with_an_unknown_base_is_a_clear_error(package, capsys):
    with pytest.raises(DiffError, match="neither a folder"):
        diff_packages("no-such-revision", Package.open(package))
    assert main(["--root", str(package), "diff", "no-such-revision"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def _with_readme(tmp_path):
    root = copy_package(tmp_path / "pkg")
    shutil.copy(ROOT / "README.md", root / "README.md")
    return root


def test_docs_are_fresh_on_the_repository():
    assert stale_docs(Package.open(ROOT)) == [], FIX_HINT


def test_a_changed_figure_makes_the_readme_stale_and_docs_regenerates_it(tmp_path, capsys):
    root = _with_readme(tmp_path)
    figures = Table(root, "figures")
    fid = next(r[0] for r in figures.rows[1:] if r[figures.header.index("number_text")] == "approximately 1,500")
    figures.set(fid, "victim_group", "civilians").save()  # another victim group: the query outputs change
    assert main(["--root", str(root), "docs", "--check"]) == 1
    assert FIX_HINT in capsys.readouterr().err
    assert main(["--root", str(root), "docs"]) == 0
    assert main(["--root", str(root), "docs", "--check"]) == 0
    readme = (root / "README.md").read_text(encoding="utf-8")
    assert readme != (ROOT / "README.md").read_text(encoding="utf-8")

    # only the outputs under the query and example blocks changed, never the prose or the SQL
    def skeleton(text: str) -> str:
        text = QUERY_BLOCK.sub(lambda m: m.group(1), text)
        return re.sub(r"(<!-- run: python -->\s*```python\n.*?```\s*```text\n).*?```", r"\1", text, flags=re.S)

    assert skeleton(readme) == skeleton((ROOT / "README.md").read_text(encoding="utf-8"))


def test_docs_refuses_an_invalid_package(tmp_path, capsys):
    root = _with_readme(tmp_path)
    Table(root, "figures").set(Table(root, "figures").rows[1][0], "low", "-5").save()
    assert main(["--root", str(root), "docs"]) == 1
    assert "nothing was written" in capsys.readouterr().err
