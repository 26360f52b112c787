"""`tolls diff` on two versions of the package built in the tests, and `tolls docs` regenerating what the
README and CODEBOOK.md show of the data."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import ROOT, Table, copy_package

from tolls.authoring.diff import DiffError, diff_packages
from tolls.authoring.docs import ANSWER_BLOCK, FIX_HINT, QUERY_BLOCK, stale_docs
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
    # with their words: the removed figure's number phrase, the changed cell before and after
    assert f"- removed **{removed}**: source_id: " in md and "number_text: " in md
    assert f"- changed **{changed}**: notes: " in md and " → changed in the test" in md


def test_diff_shows_ranges_before_and_after(two_versions):
    base, head, _, removed = two_versions
    diff = diff_packages(str(base), Package.open(head))
    assert diff.ranges, "removing a figure changes its event's range"
    for change in diff.ranges:
        assert change.before != change.after
        assert change.before is None or re.search(r"\d", change.before.label)
    assert "| event | measure | scope | before | after | independent counts |" in diff.markdown()
    # what moved each range: the removed figure is named in the row of every range it was in
    assert any(f"removed {removed}" in change.figures for change in diff.ranges)
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
    assert f"- removed **{removed}**" in out and summary.read_text(encoding="utf-8") == out


def test_diff_with_an_unknown_base_is_a_clear_error(package, capsys):
    with pytest.raises(DiffError, match="neither a folder"):
        diff_packages("no-such-revision", Package.open(package))
    assert main(["--root", str(package), "diff", "no-such-revision"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def _repo(root: Path) -> list[str]:
    git = ["git", "-C", str(root), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-qm", "base"], check=True)
    return git


def test_diff_shows_new_rows_of_every_table_with_their_words_and_the_drafts(package, tmp_path, capsys):
    """A contribution still in drafts: its rows are shown (events and victim groups too), its ranges are not
    compared until it validates, and the summary says so."""
    _repo(package)
    events = Table(package, "events")
    events.rows.append(["test-new-event", "A new event (test)", "killings", *[""] * (len(events.header) - 3)])
    events.save()
    groups = Table(package, "victim_groups")
    groups.rows.append(["test_group", "unknown", "any", "people", "A group (test)."])
    groups.save()
    article = tmp_path / "a.txt"
    article.write_text("Gunmen killed 7 people on Tuesday.\n", encoding="utf-8")
    assert main(["--root", str(package), "add", str(article), "--kind", "news", "--label", "A text (test)"]) == 0
    capsys.readouterr()
    assert main(["--root", str(package), "diff", "main"]) == 0
    out = capsys.readouterr().out
    assert "| events | 1 | 0 | 0 |" in out and "- added **test-new-event**: name: A new event (test)" in out
    assert "- added **test_group**: status: unknown" in out
    assert "number_text: 7" in out and "quote: Gunmen killed 7 people on Tuesday." in out
    assert "Not compared: the working tree has 2 draft row(s)" in out


@pytest.mark.parametrize("base", ["--output=OUT", "-o", "--remote=ssh://example.org/x", "-"])
def test_diff_refuses_a_base_git_would_read_as_an_option(package, tmp_path, base, monkeypatch, capsys):
    _repo(package)
    out = tmp_path / "OUT"
    out.write_text("untouched\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)  # where a relative --output=OUT would write
    calls = []
    real = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda argv, *a, **k: calls.append(argv) or real(argv, *a, **k))
    assert main(["--root", str(package), "diff", "--", base]) == 2
    assert "starting with '-' is refused" in capsys.readouterr().err
    assert calls == [], "git is never asked"
    assert out.read_text(encoding="utf-8") == "untouched\n"


def test_a_revision_named_like_a_folder_without_a_package_is_the_revision(package, monkeypatch):
    _repo(package)
    (package / "main").mkdir()  # a folder that holds no package: "main" is the branch
    monkeypatch.chdir(package)
    assert diff_packages("main", Package.open(package)).ranges == []
    with pytest.raises(DiffError, match=r"'data' is neither a folder with datapackage.json \(a folder without"):
        diff_packages("data", Package.open(package))


def test_diff_without_dashes_is_a_usage_error(package, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["--root", str(package), "diff", "--remote=x"])
    assert exc.value.code == 2


def test_diff_resolves_a_revision_to_a_commit_before_git_archive(package, monkeypatch):
    _repo(package)
    calls = []
    real = subprocess.run
    monkeypatch.setattr(subprocess, "run", lambda argv, *a, **k: calls.append(list(argv)) or real(argv, *a, **k))
    with pytest.raises(DiffError, match="neither a folder"):
        diff_packages("main:data", Package.open(package))  # a tree, not a commit
    assert calls[0][3:] == ["rev-parse", "--verify", "--quiet", "--end-of-options", "main:data^{commit}"]
    calls.clear()
    diff_packages("main", Package.open(package))
    archive = next(c for c in calls if "archive" in c)
    at = archive.index("--end-of-options")
    assert re.fullmatch(r"[0-9a-f]{40}", archive[at + 1]), "git archive gets the commit's hash"


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

    # only the outputs under the query, answer and example blocks changed, never the prose or the SQL
    def skeleton(text: str) -> str:
        text = QUERY_BLOCK.sub(lambda m: m.group(1), text)
        text = ANSWER_BLOCK.sub(lambda m: m.group(1), text)
        return re.sub(r"(<!-- run: python -->\s*```python\n.*?```\s*```text\n).*?```", r"\1", text, flags=re.S)

    assert skeleton(readme) == skeleton((ROOT / "README.md").read_text(encoding="utf-8"))


def test_a_stale_answer_is_caught_and_written_again(tmp_path, capsys):
    root = _with_readme(tmp_path)
    readme = root / "README.md"
    shipped = readme.read_text(encoding="utf-8")
    first = ANSWER_BLOCK.search(shipped)
    assert first is not None and first["out"].startswith("> "), "the README's first question has its answer"
    readme.write_text(shipped.replace(first["out"], "> Civilians: 1,476 (SOHR, 14 March 2025).\n", 1), "utf-8")
    assert main(["--root", str(root), "docs", "--check"]) == 1
    assert "README.md out of date" in capsys.readouterr().err
    assert main(["--root", str(root), "docs"]) == 0
    assert readme.read_text(encoding="utf-8") == shipped
    # an answer that does not exist: the page and line, no traceback, nothing written
    wrong = shipped.replace("<!-- answer: copies -->", "<!-- answer: copied -->")
    readme.write_text(wrong, encoding="utf-8")
    assert main(["--root", str(root), "docs"]) == 2
    line = wrong[: wrong.index("<!-- answer: copied")].count("\n") + 1
    err = capsys.readouterr().err
    assert f"tolls docs: README.md, line {line}: no answer named 'copied'; the answers are ranges" in err
    assert "Traceback" not in err and readme.read_text(encoding="utf-8") == wrong


def test_docs_refuses_an_invalid_package(tmp_path, capsys):
    root = _with_readme(tmp_path)
    Table(root, "figures").set(Table(root, "figures").rows[1][0], "low", "-5").save()
    assert main(["--root", str(root), "docs"]) == 1
    assert "nothing was written" in capsys.readouterr().err


def test_a_reviewer_reads_the_added_rows_in_full_and_each_ranges_figures_by_their_words(package, tmp_path):
    """A cited page's URL and a figure's notes are what a reviewer checks: never cut; a range's row names the
    figures that moved it with their number phrases."""
    base = copy_package(tmp_path / "base")
    url = "https://example.org/" + "a-long-address-of-a-page-relaying-a-toll/" * 3
    note = "How the contributor read the page: " + "a reason given at length, " * 6 + "to the end."
    sources = Table(package, "sources")
    cited = [*sources.row(next(r[0] for r in sources.rows[1:] if r[1] == "cited"))]
    cited[0], cited[sources.header.index("url")] = "c999", url
    sources.rows.append(cited)
    sources.save()
    figures = Table(package, "figures")
    fid = next(r[0] for r in figures.rows[1:] if r[figures.header.index("evidence")] == "cited")
    new = [*figures.row(fid)]
    new[0], new[figures.header.index("source_id")] = "p999", "c999"
    new[figures.header.index("notes")] = note
    for fld, value in (("number_text", "9999"), ("low", "9999"), ("stated_number", "9999"), ("high", "9999")):
        new[figures.header.index(fld)] = value
    new[figures.header.index("qualifier")], new[figures.header.index("interval_rule")] = "exact", "exact"
    figures.rows.append(new)
    figures.save()
    md = diff_packages(str(base), Package.open(package)).markdown()
    assert f"url: {url}" in md and note in md
    assert "added p999 (9999)" in md


def test_diff_main_in_a_clone_on_another_branch_reads_origin_main(package, tmp_path):
    """`tolls diff main`, as the README says, in a contributor's clone on a branch of their own."""
    _repo(package)
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", "--branch", "main", str(package), str(clone)], check=True)
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", "-b", "my-source"], check=True)
    subprocess.run(["git", "-C", str(clone), "branch", "-q", "-D", "main"], check=True)
    diff = diff_packages("main", Package.open(clone))
    assert diff.base == "origin/main (no local main)" and diff.ranges == []
    with pytest.raises(DiffError, match="nor is origin/nothing-here"):
        diff_packages("nothing-here", Package.open(clone))
