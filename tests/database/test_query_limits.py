"""`tolls query` runs SQL a user typed or pasted: it stops after a timeout, holds at most a memory limit (both
settable by flag and by environment), and writes no control character of a result raw, in any format."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from tolls.cli import main
from tolls.database.build import QueryError, build_database, run_query
from tolls.package.loading import Package

ENDLESS = "SELECT count(*) FROM range(1000000000000) a"
HUNGRY = "SELECT list(range) FROM range(100000000)"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(Package.open(ROOT), tmp_path_factory.mktemp("build"))


def query(built: Path, capsys, *args: str) -> tuple[int, str, str]:
    code = main(["query", *args, "--db", str(built)])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_a_query_is_stopped_at_its_timeout(built: Path, capsys):
    code, _, err = query(built, capsys, ENDLESS, "--timeout", "0.5")
    assert code == 2 and "stopped after 0.5 s" in err and "--timeout" in err and "Traceback" not in err


def test_the_timeout_comes_from_the_environment_too(built: Path, capsys, monkeypatch):
    monkeypatch.setenv("TOLLS_QUERY_TIMEOUT", "0.5")
    code, _, err = query(built, capsys, ENDLESS)
    assert code == 2 and "stopped after 0.5 s" in err


def test_the_memory_limit_is_duckdbs_and_settable(built: Path, capsys, monkeypatch):
    assert run_query(built, "SELECT current_setting('memory_limit')", memory_limit="300MB")[1] == [("286.1 MiB",)]
    code, _, err = query(built, capsys, HUNGRY, "--memory-limit", "64MB")
    assert code == 2 and "more than 64MB of memory" in err and "temp_directory" not in err
    monkeypatch.setenv("TOLLS_QUERY_MEMORY_LIMIT", "64MB")
    code, _, err = query(built, capsys, HUNGRY)
    assert code == 2 and "more than 64MB" in err


def test_a_query_cannot_raise_its_own_limits(built: Path):
    with pytest.raises(QueryError, match="settings are fixed"):
        run_query(built, "SET memory_limit = '100GB'", memory_limit="64MB")


@pytest.mark.parametrize(
    ("flag", "value", "words"), [("--timeout", "soon", "number of seconds"), ("--memory-limit", "lots", "a size")]
)
def test_a_limit_that_is_not_one_is_a_clear_line(built: Path, capsys, flag: str, value: str, words: str):
    code, _, err = query(built, capsys, "SELECT 1", flag, value)
    assert code == 2 and words in err and "\n" not in err.strip()


def test_no_timeout_when_it_is_zero(built: Path):
    assert run_query(built, "SELECT 42", timeout=0)[1] == [(42,)]


CONTROLS = "SELECT 'a' || chr(27) || '[31mred' || chr(13) || 'b' || chr(8238) || 'c' || chr(10) || 'd' AS v"


@pytest.mark.parametrize("fmt", ["table", "csv"])
def test_control_characters_of_a_result_are_escaped(built: Path, capsys, fmt: str):
    code, out, _ = query(built, capsys, CONTROLS, "--format", fmt)
    assert code == 0
    assert "\x1b" not in out and "\r" not in out and "\u202e" not in out
    assert "a\\x1b[31mred\\rb\\u202ec" in out.replace("\n", "").replace("│", "").replace(" ", "")
