"""Shared fixtures: a writable copy of the shipped package, and small helpers to break it; the test layers
(markers) and the check that keeps `fixtures_only` true."""

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

    if _SURVEY:
        Path(_SURVEY).write_text("".join(f"{node}\n" for node, clean in _surveyed.items() if clean), encoding="utf-8")

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


# --- layers: which tests read the shipped package -----------------------------------------------------------
# Markers (registered in pyproject.toml): `slow`, `client` (drives R, LibreOffice or headless Chromium) and
# `fixtures_only`: the test builds what it reads in code and reads no file of the shipped package. CI's second
# pass (.ci/run), on a copy of the repository with a contribution added, leaves `fixtures_only` tests out, as
# nothing they see changed. The mark is checked whenever such a test runs: a `fixtures_only` test (or its
# module, while it is imported) that opens or lists a file of the package, or runs a program in the
# repository's folder, fails, naming what it read.

# Which tests are in which layer, in one place (module paths under tests/, or module::test for every case of a
# test); an entry that matches no collected test of a collected module is an error, so a renamed test cannot
# silently leave its layer. Besides the list, a test that uses a fixture of SLOW_FIXTURES (a copy of the whole
# package, validated or built into a database) is slow.
SLOW_FIXTURES = ("package", "table", "db", "built", "shipped_db", "shipped", "exported", "two_versions", "history")
SLOW_FIXTURES += ("renamed_db", "xlsx", "small_tasks")
LAYERS = {
    "slow": (
        "authoring/test_add.py::test_the_worked_example_runs_end_to_end_and_no_step_fails",
        "authoring/test_add.py::test_a_long_text_shows_progress_on_a_terminal_and_nothing_in_a_log",
        "authoring/test_contribution.py::test_a_test_marked_fixtures_only_that_reads_the_package_fails",
        "authoring/test_diff_docs.py",
        "authoring/test_fix.py",
        "database/test_database.py::test_a_failed_build_leaves_the_old_database",
        "database/test_views.py",
        "intervals/test_numbers.py::test_qualifier_strength_order_holds_with_after_cues",
        "intervals/test_numbers.py::test_every_cue_of_every_rule_reads_as_its_rule",
        "intervals/test_numbers.py::test_a_trailing_number_is_never_dropped",
        "intervals/test_numbers.py::test_a_stronger_lower_qualifier_never_gets_a_lower_low",
        "intervals/test_numbers.py::test_random_text_without_zero_never_reads_zero",
        "intervals/test_numbers.py::test_ranges_from_digits_and_words_agree",
        "intervals/test_numbers.py::test_after_cues_read_as_their_before_twins",
        "intervals/test_numbers.py::test_a_trailing_number_in_words_is_never_dropped",
        "intervals/test_numbers.py::test_digits_and_words_give_the_same_interval",
        "intervals/test_numbers.py::test_nothing_reads_as_zero_unless_the_text_says_zero",
        "mentions/test_mentions_property.py::test_runs_of_numbers_are_read_in_linear_time",
        "outputs/test_answers.py",
        "outputs/test_outputs_safe.py",
        "outputs/test_report.py",
        "outputs/test_xlsx.py",
        "package/test_descriptor.py",
        "test_cli.py::test_a_closed_pipe_stops_quietly",
        "test_cli.py::test_version_and_python_dash_m",
        "test_readme.py::test_readme_shell_block_runs",
        "validation/test_descriptor_check.py",
        "validation/test_scale.py",
        "validation/test_structure.py",
        "validation/test_validation.py",
    ),
    "client": (
        "outputs/test_r.py",
        "outputs/test_xlsx.py::test_libreoffice_opens_it_with_the_package_values",
        "outputs/test_report.py::test_report_renders_in_headless_chromium",
        "outputs/test_report.py::test_report_fits_a_phone_and_a_desktop",
    ),
    "fixtures_only": (
        "intervals/test_numbers.py",
        "mentions/test_mentions_property.py",
        "test_iso.py",
        "test_files.py",
        "test_github.py",
    ),
}
TESTS = Path(__file__).resolve().parent


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    collected = {Path(item.path).relative_to(TESTS).as_posix() for item in items if TESTS in Path(item.path).parents}
    matched: set[str] = set()
    for item in items:
        if TESTS not in Path(item.path).parents:
            continue
        module = Path(item.path).relative_to(TESTS).as_posix()
        name = f"{module}::{getattr(item, 'originalname', item.name)}"
        for marker, entries in LAYERS.items():
            hits = [e for e in entries if e in (module, name)]
            if hits:
                item.add_marker(marker)
                matched.update(hits)
        if "slow" not in item.keywords and set(getattr(item, "fixturenames", ())) & set(SLOW_FIXTURES):
            item.add_marker("slow")
    stale = [e for entries in LAYERS.values() for e in entries if e.split("::")[0] in collected and e not in matched]
    if stale:
        raise pytest.UsageError(f"tests/conftest.py LAYERS names tests that do not exist: {', '.join(stale)}")


SHIPPED = ("datapackage.json", "data", "seeds", "README.md", "CODEBOOK.md")
_SHIPPED_PATHS = tuple(str(ROOT / name) for name in SHIPPED)
_watch: dict[str, object] = {"on": False, "hits": []}
_read_at_import: dict[str, list[str]] = {}  # test module -> what it read while it was imported


def _is_shipped(path: object) -> bool:
    if not isinstance(path, str | bytes | os.PathLike):
        return False  # a file descriptor
    full = os.path.abspath(os.fsdecode(path))
    return any(full == p or full.startswith(p + os.sep) for p in _SHIPPED_PATHS)


def _audit(event: str, args: tuple) -> None:
    if not _watch["on"]:
        return
    hits = _watch["hits"]
    if event in ("open", "os.listdir", "os.scandir") and args and _is_shipped(args[0]):
        hits.append(f"{event} {os.fsdecode(args[0])}")
    elif event == "subprocess.Popen":
        argv, cwd = args[1], os.path.abspath(args[2] or os.getcwd())
        words = [argv] if isinstance(argv, str | bytes | os.PathLike) else list(argv or ())
        if cwd == str(ROOT) or cwd.startswith(str(ROOT) + os.sep) or any(_is_shipped(w) for w in words):
            hits.append(f"runs {' '.join(map(os.fsdecode, words))[:120]} in {cwd}")


sys.addaudithook(_audit)


@pytest.hookimpl(hookwrapper=True)
def pytest_pycollect_makemodule(module_path: Path, parent):
    _watch["on"], _watch["hits"] = True, []
    yield
    _watch["on"] = False
    if _watch["hits"]:
        _read_at_import[str(module_path)] = list(_watch["hits"])


# TOLLS_SHIPPED_READS=FILE: every test is watched, and FILE lists those that read nothing of the package (the
# ones that could be marked fixtures_only), one node id a line.
_SURVEY = os.environ.get("TOLLS_SHIPPED_READS")
_surveyed: dict[str, bool] = {}


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem):
    _watch["on"], _watch["hits"] = bool(_SURVEY) or item.get_closest_marker("fixtures_only") is not None, []
    yield
    _watch["on"] = False
    if _SURVEY:
        _surveyed[item.nodeid] = not (_watch["hits"] or _read_at_import.get(str(item.path)))


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    report = outcome.get_result()
    if call.when != "teardown" or item.get_closest_marker("fixtures_only") is None:
        return
    read = _read_at_import.get(str(item.path), []) + list(_watch["hits"])
    if read and report.passed:
        report.outcome = "failed"
        report.longrepr = (
            "marked fixtures_only, but it reads the shipped package, which CI's second pass changes: "
            + "; ".join(dict.fromkeys(read))[:1000]
            + ". Remove the mark (or read a package built in code)."
        )
