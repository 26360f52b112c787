"""The README's R snippet (readr + jsonlite) reads every table with the types datapackage.json gives.

Runs where Rscript and the two packages are installed; on CI (CI=true), where .ci/run installs them, their
absence is a failure, not a skip.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
from conftest import ROOT, documentation

from tolls.package.loading import Package

SNIPPET = re.search(r"<!-- r-snippet -->\s*```r\n(.*?)```\s*```text\n(.*?)```", documentation(), re.S)
R_CLASS = {"string": "character", "integer": "integer", "number": "numeric", "date": "Date", "boolean": "logical"}
# after the snippet: one line per table and column with its R class, and readr's parsing problems per table
CHECK = r"""
for (name in names(tables)) {
  cat("problems", name, nrow(problems(tables[[name]])), nrow(tables[[name]]), "\n", sep = "\t")
  for (col in names(tables[[name]])) cat("class", name, col, class(tables[[name]][[col]])[1], "\n", sep = "\t")
}
"""


def _rscript() -> str:
    missing = shutil.which("Rscript") is None
    if not missing:
        probe = subprocess.run(["Rscript", "-e", "library(readr); library(jsonlite)"], capture_output=True, text=True)
        missing = probe.returncode != 0
    if missing:
        message = (
            "Rscript with readr and jsonlite is not installed (apt-get install r-base-core r-cran-readr "
            "r-cran-jsonlite)"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(message + "; .ci/run installs them")
        pytest.skip(message)
    return "Rscript"


def _run(code: str) -> str:
    done = subprocess.run([_rscript(), "-e", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_readme_snippet_prints_what_it_shows():
    assert SNIPPET, "README.md and docs/ have no <!-- r-snippet --> block"
    out = _run(SNIPPET.group(1))
    assert [line.rstrip() for line in out.strip().splitlines()] == [
        line.rstrip() for line in SNIPPET.group(2).strip().splitlines()
    ]


def test_every_table_reads_with_its_types_and_no_problems():
    pkg = Package.open(ROOT)
    lines = [line.rstrip("\t ").split("\t") for line in _run(SNIPPET.group(1) + CHECK).splitlines()]
    problems = {p[1]: (int(p[2]), int(p[3])) for p in lines if p[0] == "problems"}
    classes = {(c[1], c[2]): c[3] for c in lines if c[0] == "class"}
    names = [n for n in pkg.resource_names if "schema" in pkg.resource(n)]
    assert sorted(problems) == sorted(names)
    for name in names:
        n_problems, n_rows = problems[name]
        assert n_problems == 0, name
        assert n_rows == len(pkg.read_rows(name)[1]), name
        for fld in pkg.fields(name):
            assert classes[(name, fld["name"])] == R_CLASS.get(fld["type"], "character"), (name, fld["name"])
