"""Shared fixtures: a writable copy of the shipped package, and small helpers to break it."""

from __future__ import annotations

import csv
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

# On CI the property tests draw the same examples every run (no flaky red on a contributor's pull request)
# and have no per-example deadline (the machine is shared); locally they explore new examples each run.
settings.register_profile("ci", derandomize=True, deadline=None, print_blob=True)
if os.environ.get("CI") == "true":
    settings.load_profile("ci")

# The package the shipped-data checks read: this repository, or (TOLLS_TEST_ROOT) a copy with a contribution
# added, as tests/authoring/test_contribution.py runs them, so that those checks hold for every correct contribution.
ROOT = Path(os.environ.get("TOLLS_TEST_ROOT") or Path(__file__).resolve().parents[1]).resolve()


def documentation() -> str:
    """README.md and docs/*.md, one after another: where a test looks for the block of the docs it runs."""
    pages = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
    return "\n".join(page.read_text(encoding="utf-8") for page in pages if page.is_file())


def copy_descriptor(dest: Path) -> Path:
    """The shipped datapackage.json at dest, without resource `hash` and `bytes` (the copy's files will differ)."""
    descriptor = json.loads((ROOT / "datapackage.json").read_text(encoding="utf-8"))
    for res in descriptor.get("resources", []):
        res.pop("hash", None)
        res.pop("bytes", None)
    target = dest / "datapackage.json"
    target.write_text(json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return target


def copy_package(dest: Path) -> Path:
    """Copy datapackage.json, data/, seeds/ and CODEBOOK.md of the shipped package into `dest`.

    The copy's descriptor has no resource `hash` and `bytes`, so that a test that edits a file sees only the
    problem it makes (tests/package/test_descriptor.py tests the stale-hash check itself)."""
    dest.mkdir(parents=True, exist_ok=True)
    copy_descriptor(dest)
    shutil.copytree(ROOT / "data", dest / "data")
    shutil.copytree(ROOT / "seeds", dest / "seeds")
    shutil.copy(ROOT / "CODEBOOK.md", dest / "CODEBOOK.md")
    return dest


class Table:
    """A CSV of the package, read as rows of strings, to edit and write back."""

    def __init__(self, root: Path, name: str):
        self.path = root / "data" / f"{name}.csv"
        with self.path.open(encoding="utf-8", newline="") as fh:
            self.rows = list(csv.reader(fh))
        self.header = self.rows[0]

    def line_of(self, key: str) -> int:
        """The file line of the row whose first cell is `key` (the header is line 1)."""
        return next(i for i, row in enumerate(self.rows) if row and row[0] == key) + 1

    def row(self, key: str) -> list[str]:
        return self.rows[self.line_of(key) - 1]

    def get(self, key: str, field: str) -> str:
        return self.row(key)[self.header.index(field)]

    def set(self, key: str, field: str, value: str) -> Table:
        self.row(key)[self.header.index(field)] = value
        return self

    def delete(self, key: str) -> Table:
        del self.rows[self.line_of(key) - 1]
        return self

    def save(self) -> None:
        with self.path.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(self.rows)


@pytest.fixture
def package(tmp_path: Path) -> Path:
    return copy_package(tmp_path / "pkg")


@pytest.fixture
def table(package: Path) -> Callable[[str], Table]:
    return lambda name: Table(package, name)


# Every problem code any test makes tolls produce must be in the registry (tolls.validation.codes): the
# codes of problems made by tolls' modules are recorded, and the session fails at its end if one is not
# registered (problems a test builds itself, to test printing, are not counted).
def _record_codes() -> set[str]:
    from tolls.validation.problems import Problem

    seen: set[str] = set()
    init = Problem.__init__

    def recording_init(self, *args, **kwargs) -> None:
        init(self, *args, **kwargs)
        if sys._getframe(1).f_globals.get("__name__", "").startswith("tolls."):  # made by tolls, not a test
            seen.add(self.code)

    Problem.__init__ = recording_init
    return seen


CODES_SEEN = _record_codes()


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    from tolls.validation.codes import CODES

    unknown = sorted(CODES_SEEN - CODES.keys())
    if unknown:
        print(f"\nproblem codes produced by tests but missing from tolls.validation.codes: {', '.join(unknown)}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True, scope="session")
def _private_cache(tmp_path_factory: pytest.TempPathFactory):
    """Validation caches per-text results; tests keep theirs out of the user's cache folder."""
    import os

    old = os.environ.get("TOLLS_CACHE_DIR")
    os.environ["TOLLS_CACHE_DIR"] = str(tmp_path_factory.mktemp("tolls-cache"))
    yield
    if old is None:
        os.environ.pop("TOLLS_CACHE_DIR", None)
    else:
        os.environ["TOLLS_CACHE_DIR"] = old
