"""A correct contribution does not turn the tests red: a new source, added with `tolls add` to a copy of the
package (its judgment cells filled in code), validated, with `tolls docs` run, passes every shipped-data check
of the suite, run again on that copy (conftest.ROOT follows TOLLS_TEST_ROOT)."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import ROOT, copy_package
from example_source import COMMON, PUBLISHED, TEXT, decide

from tolls.authoring.add import add_source
from tolls.authoring.fix import apply_fixes, plan_fixes
from tolls.cli import main
from tolls.package.loading import Package
from tolls.validation import validate

TESTS = Path(__file__).resolve().parents[1]
# Run again on the copy: the files that read the shipped data (through conftest.ROOT) and assert what every
# correct contribution keeps true. The others build their own fixtures (rules, structure, fixes, clients,
# scale) or read the repository's code, so a new source cannot change what they see.
SHIPPED_DATA_TESTS = (
    "validation/test_validation.py",
    "database/test_views.py",
    "outputs/test_tables.py",
    "test_readme.py",
    "outputs/test_codebook.py",
    "package/test_descriptor.py",
    "outputs/test_hxl.py",
    "mentions/test_extract.py",
    "authoring/test_diff_docs.py",
)


def contributed(dest: Path) -> Path:
    root = copy_package(dest)
    shutil.copy(ROOT / "README.md", root / "README.md")
    shutil.copytree(ROOT / "docs", root / "docs")  # its generated outputs change with the data, as the README's
    shutil.copytree(ROOT / ".ci", root / ".ci")
    shutil.copytree(ROOT / ".github", root / ".github")
    for name in ("CITATION.cff", "pyproject.toml"):
        shutil.copy(ROOT / name, root / name)
    article = dest.parent / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    pkg = Package.open(root)
    sid = add_source(
        pkg,
        article,
        kind="news",
        published=dt.date.fromisoformat(PUBLISHED),
        label="News excerpt on an attack near Hama (test)",
        shared=COMMON,
    ).source_id
    decide(root, sid)
    apply_fixes(pkg, plan_fixes(pkg))
    assert validate(root) == []
    assert main(["--root", str(root), "docs"]) == 0
    return root


def test_shipped_data_checks_pass_on_a_package_with_a_new_source(tmp_path):
    root = contributed(tmp_path / "pkg")
    files = [str(TESTS / name) for name in SHIPPED_DATA_TESTS]
    env = {**os.environ, "TOLLS_TEST_ROOT": str(root), "TOLLS_ROOT": str(root)}
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-x", "-p", "no:cacheprovider", "-k", "not headless_chromium", *files],
        cwd=TESTS.parent,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
    assert "[100%]" in done.stdout
    # and those checks did read the copy, with its new source
    seen = subprocess.run(
        [sys.executable, "-c", "import conftest; print(conftest.ROOT)"],
        cwd=TESTS,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert (
        Path(seen) == root.resolve()
        and len(list((root / "seeds").iterdir())) == len(list((ROOT / "seeds").iterdir())) + 1
    )
