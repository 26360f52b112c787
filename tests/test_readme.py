"""The README and docs/ are true: the README's first two commands are the ones CI runs, every block marked
`<!-- run: ... -->` in README.md or docs/*.md runs as shown (Python blocks print what is shown under them), the
README reads in five minutes, and every file of the repository the docs name exists."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_package

from tolls.authoring.docs import ANSWER_BLOCK, FIX_HINT, QUERY_BLOCK, RUN_BLOCK

README = (ROOT / "README.md").read_text(encoding="utf-8")
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
BLOCK = re.compile(r"<!-- run: (\w+) -->\s*```(?:\w+)\n(.*?)```(?:\s*```text\n(.*?)```)?", re.S)
BLOCKS = [
    (m.group(1), m.group(2), m.group(3)) for page in PAGES for m in BLOCK.finditer(page.read_text(encoding="utf-8"))
]
# a path of the repository in backquotes: src/..., tests/..., benchmarks/..., docs/..., .ci/..., .github/...
NAMED_PATH = re.compile(r"`((?:src|tests|benchmarks|docs|\.ci|\.github)/[\w./-]+)`")


def test_readme_starts_with_the_two_commands_ci_runs():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1).strip().splitlines()
    assert first_block == ['pip install -c constraints.txt -e ".[test]" && tolls build', "pytest"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert '-c constraints.txt -e ".[test]"' in ci and re.search(r"^tolls build$", ci, re.M)
    assert re.search(r"^\s*pytest\b", ci, re.M)


def test_readme_has_blocks_to_run():
    assert {kind for kind, _, _ in BLOCKS} == {"python", "sh"}
    assert "<!-- run: python -->" in README


def test_readme_reads_in_five_minutes():
    # What a person wrote fits in 200 lines (the outputs and answers `tolls docs` writes under the queries add about
    # 80, more as the data grows); the rest of the story is in docs/.
    written = QUERY_BLOCK.sub(lambda m: m.group(1) + m.group(5), README)
    written = RUN_BLOCK.sub(lambda m: m.group(1) + m.group(4), written)
    written = ANSWER_BLOCK.sub(lambda m: m.group(1), written)
    assert len(written.splitlines()) <= 200


def test_every_repository_path_the_docs_name_exists():
    repository = Path(__file__).resolve().parents[1]  # ROOT may be a copy of the package alone
    pages = [repository / "README.md", *sorted((repository / "docs").glob("*.md")), repository / "CHANGELOG.md"]
    missing = [
        (page.name, path)
        for page in pages
        for path in NAMED_PATH.findall(page.read_text(encoding="utf-8"))
        if not (repository / path.rstrip(".")).exists() and not re.search(r"\b[A-Z]{2,}\b", path)  # NAME: a placeholder
    ]
    assert not missing, f"the docs name files that do not exist (moved or renamed?): {missing}"


@pytest.mark.parametrize("kind,code,shown", [b for b in BLOCKS if b[0] == "python"])
def test_readme_python_block_prints_what_it_shows(kind, code, shown, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue().strip() == shown.strip(), f"the docs show another output; {FIX_HINT}"


@pytest.mark.parametrize("kind,code,shown", [b for b in BLOCKS if b[0] == "sh"])
def test_readme_shell_block_runs(kind, code, shown, tmp_path):
    package = copy_package(tmp_path / "clone")
    tolls = [sys.executable, "-m", "tolls.cli"]
    for line in code.strip().splitlines():
        argv = shlex.split(line)
        assert argv[0] == "tolls", line
        result = subprocess.run(
            tolls + argv[1:],
            cwd=package,
            capture_output=True,
            text=True,
            timeout=300,
            env={**os.environ, "TOLLS_ROOT": str(package)},
        )
        assert result.returncode == 0, f"{line}\n{result.stdout}\n{result.stderr}"
        assert "Traceback" not in result.stderr
