"""Outputs that render user text render it as text; `tolls query` reaches no file and no network;
`tolls build` replaces its outputs as one unit, takes turns, and cleans up after a killed run."""

from __future__ import annotations

import hashlib
import os
import threading
from pathlib import Path

import duckdb
import pytest
from conftest import ROOT

from tolls.cli import main
from tolls.database import build as database
from tolls.database.build import QueryError, build_database, run_query
from tolls.mentions.extract import TextError, extract_file
from tolls.package.loading import Package


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_database(Package.open(ROOT), tmp_path_factory.mktemp("build"))


# --- tolls query --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "sql,words",
    [
        ("COPY figures TO '{tmp}/out.csv'", "no other file"),
        ("SELECT * FROM read_text('/etc/passwd')", "no other file"),
        ("SELECT * FROM read_csv('https://127.0.0.1:9/x.csv')", "no other file"),
        ("ATTACH '{tmp}/other.duckdb' AS other", "no other file"),
        ("INSTALL httpfs", "refused"),
        ("LOAD httpfs", "refused"),
        ("SET enable_external_access = true", "settings are fixed"),
        ("CREATE TABLE t (a INTEGER)", "read-only"),
        ("EXPORT DATABASE '{tmp}/dump'", "no other file"),
    ],
)
def test_query_refuses_files_network_and_settings(built: Path, tmp_path: Path, capsys, sql: str, words: str) -> None:
    assert main(["query", sql.format(tmp=tmp_path), "--db", str(built)]) == 2
    err = capsys.readouterr().err
    assert words in err and "internal error" not in err and "Traceback" not in err, err
    assert "\n" not in err.strip()
    assert list(tmp_path.iterdir()) == []


def test_query_still_reads_the_database(built: Path) -> None:
    assert run_query(built, "SELECT count(*) > 0 FROM figures")[1] == [(True,)]
    with pytest.raises(QueryError, match="no other file"):
        run_query(built, "SELECT * FROM read_text('/etc/passwd')")


# --- markup in terminal tables --------------------------------------------------------------------------


def test_query_table_shows_markup_as_written(built: Path, capsys) -> None:
    sql = "SELECT '[/b] and [link=https://example.org]x[/link] [bold]y' AS \"[/i]\""
    assert main(["query", sql, "--db", str(built)]) == 0
    out = capsys.readouterr().out
    assert "[/b] and [link=https://example.org]x[/link] [bold]y" in out and "[/i]" in out
    assert "\x1b]8;" not in out  # no terminal hyperlink


def test_extract_table_shows_markup_as_written(tmp_path: Path, capsys) -> None:
    text = tmp_path / "t.txt"
    text.write_text("[/b] [link=https://x.org]12[/link] people were killed.\n", encoding="utf-8")
    assert main(["extract", str(text)]) == 0
    out = capsys.readouterr().out
    assert "[/b] [link=https://x.org]12[/link] people" in out


@pytest.mark.parametrize("encoding", ["latin-1", "utf-16", "utf-8-sig"])
def test_extract_refuses_a_text_that_is_not_utf8(tmp_path: Path, capsys, encoding: str) -> None:
    text = tmp_path / "t.txt"
    text.write_bytes("café: 12 people were killed".encode(encoding))
    with pytest.raises(TextError):
        extract_file(text)
    assert main(["extract", str(text)]) == 2
    err = capsys.readouterr().err
    assert f"{text}:1:" in err and "UTF-8" in err and "internal error" not in err


# --- tolls build --------------------------------------------------------------------------------------


def _digests(out: Path) -> dict[str, str]:
    return {
        p.relative_to(out).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file()
    }


def _contents(db: Path) -> dict[str, list]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [r[0] for r in con.execute("SELECT table_name FROM information_schema.tables ORDER BY 1").fetchall()]
        return {n: con.execute(f'SELECT * FROM "{n}" ORDER BY ALL').fetchall() for n in names}
    finally:
        con.close()


def test_two_builds_give_identical_parquet_and_the_same_database_content(tmp_path: Path) -> None:
    """Parquet files are byte-identical; the database file differs in a few bytes (README says why)."""
    pkg = Package.open(ROOT)
    a, b = build_database(pkg, tmp_path / "a"), build_database(pkg, tmp_path / "b")
    da, db_ = _digests(a.parent), _digests(b.parent)
    parquet = [k for k in da if k.startswith("parquet/")]
    assert parquet and all(da[k] == db_[k] for k in parquet)
    assert _contents(a) == _contents(b)


def test_a_build_killed_while_moving_is_finished_by_the_next(tmp_path: Path, monkeypatch) -> None:
    pkg = Package.open(ROOT)
    out = tmp_path / "build"
    build_database(pkg, out)
    real_replace = os.replace

    def replace(src, dst):
        if Path(dst).name == "parquet":  # the database has moved, the new Parquet folder not yet
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(database.os, "replace", replace)
    with pytest.raises(KeyboardInterrupt):
        build_database(pkg, out)
    assert (out / ".tolls-moving").is_file()  # the marker says a staged build is waiting to move
    monkeypatch.setattr(database.os, "replace", real_replace)
    database._recover(out)
    assert sorted(p.name for p in out.iterdir()) == ["parquet", "tolls.duckdb"]
    clean = build_database(pkg, tmp_path / "clean").parent
    assert {k: v for k, v in _digests(out).items() if k.startswith("parquet/")} == {
        k: v for k, v in _digests(clean).items() if k.startswith("parquet/")
    }
    assert _contents(out / "tolls.duckdb") == _contents(clean / "tolls.duckdb")


def test_a_build_killed_before_moving_leaves_the_old_outputs_and_is_cleaned_up(tmp_path: Path, monkeypatch) -> None:
    pkg = Package.open(ROOT)
    out = tmp_path / "build"
    build_database(pkg, out)
    before = _digests(out)
    monkeypatch.setattr(database, "_create_all", lambda *a: (_ for _ in ()).throw(KeyboardInterrupt()))
    (out / ".tolls-stage-killed").mkdir()  # as a build killed with SIGKILL would leave it
    (out / ".tolls-stage-killed" / "tolls.duckdb").write_bytes(b"half")
    with pytest.raises(KeyboardInterrupt):
        build_database(pkg, out)
    monkeypatch.undo()
    database._recover(out)
    assert _digests(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["parquet", "tolls.duckdb"]


def test_two_builds_at_once_take_turns(tmp_path: Path) -> None:
    pkg = Package.open(ROOT)
    out = tmp_path / "build"
    errors: list[BaseException] = []

    def build() -> None:
        try:
            build_database(pkg, out)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=build) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert errors == []
    assert sorted(p.name for p in out.iterdir()) == ["parquet", "tolls.duckdb"]
    assert run_query(out / "tolls.duckdb", "SELECT count(*) > 0 FROM figures")[1] == [(True,)]


def test_a_folder_is_replaced_whole_or_not_at_all(tmp_path: Path) -> None:
    from tolls.files import atomic_dir

    target = tmp_path / "report"
    with atomic_dir(target) as new:
        (new / "index.html").write_text("one", encoding="utf-8")
    assert (target / "index.html").read_text(encoding="utf-8") == "one"
    with pytest.raises(RuntimeError), atomic_dir(target) as new:
        (new / "index.html").write_text("half", encoding="utf-8")
        raise RuntimeError("stopped half way")
    assert (target / "index.html").read_text(encoding="utf-8") == "one"
    with atomic_dir(target) as new:
        (new / "other.html").write_text("two", encoding="utf-8")
    assert [p.name for p in target.iterdir()] == ["other.html"]  # nothing of the old folder is kept
    assert [p.name for p in tmp_path.iterdir()] == ["report"]  # and no temporary folder is left


def test_a_folder_left_by_a_killed_run_is_removed_once_stale(tmp_path: Path) -> None:
    from tolls import files as io

    target = tmp_path / "report"
    fresh, stale = tmp_path / ".report.fresh.tmp", tmp_path / ".report.killed.tmp"
    fresh.mkdir()
    stale.mkdir()
    long_ago = os.stat(stale).st_mtime - io.STALE_AFTER - 60
    os.utime(stale, (long_ago, long_ago))
    with io.atomic_dir(target) as new:
        (new / "index.html").write_text("one", encoding="utf-8")
    assert fresh.is_dir() and not stale.exists()  # a folder in use by another run may be fresh: it stays
