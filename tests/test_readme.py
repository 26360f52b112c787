"""The README is true: its first two commands are the ones CI runs, and every block marked `<!-- run: ... -->`
runs as shown (Python blocks print what the README shows under them)."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import subprocess
import sys

import pytest
from conftest import ROOT, copy_package

from tolls.authoring.docs import FIX_HINT

README = (ROOT / "README.md").read_text(encoding="utf-8")
BLOCK = re.compile(r"<!-- run: (\w+) -->\s*```(?:\w+)\n(.*?)```(?:\s*```text\n(.*?)```)?", re.S)
BLOCKS = [(m.group(1), m.group(2), m.group(3)) for m in BLOCK.finditer(README)]


def test_readme_starts_with_the_two_commands_ci_runs():
    first_block = re.search(r"```sh\n(.*?)```", README, re.S).group(1).strip().splitlines()
    assert first_block == ['pip install -c constraints.txt -e ".[test]" && tolls build', "pytest"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert '-c constraints.txt -e ".[test]"' in ci and re.search(r"^tolls build$", ci, re.M)
    assert re.search(r"^\s*pytest\b", ci, re.M)


def test_readme_has_blocks_to_run():
    assert {kind for kind, _, _ in BLOCKS} == {"python", "sh"}


@pytest.mark.parametrize("kind,code,shown", [b for b in BLOCKS if b[0] == "python"])
def test_readme_python_block_prints_what_it_shows(kind, code, shown, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "README.md", "exec"), {})
    assert out.getvalue().strip() == shown.strip(), f"the README shows another output; {FIX_HINT}"


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
