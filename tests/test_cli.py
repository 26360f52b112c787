"""Command-line conventions: --version, `python -m tolls`, help for every argument, exit 2 for usage errors
(an unknown --event too: tests/outputs/test_tables.py), and a quiet stop when the reader of the output goes away
(`tolls extract ... | head -1`)."""

from __future__ import annotations

import argparse
import subprocess
import sys
from importlib.metadata import version

import pytest
from conftest import ROOT

from tolls.cli import main, parser


def _run(*argv: str, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tolls", *argv], cwd=ROOT, capture_output=True, text=True, timeout=120, **kw
    )


def test_version_and_python_dash_m():
    done = _run("--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"tolls {version('tolls')}")
    assert _run("--help").returncode == 0


def _actions(p: argparse.ArgumentParser):
    for action in p._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from ((f"{name} {a}", h) for a, h in _actions(sub))
        elif not isinstance(action, argparse._HelpAction | argparse._VersionAction):
            yield "/".join(action.option_strings) or action.dest, action.help


def test_every_argument_has_help_text():
    missing = [name for name, help_ in _actions(parser()) if not help_]
    assert not missing


@pytest.mark.parametrize(
    "argv", [["no-such-command"], ["validate", "--format", "xml"], ["query"], ["export"], ["--no-such-option"]]
)
def test_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2
    assert "usage:" in capsys.readouterr().err


def test_a_closed_pipe_stops_quietly(tmp_path):
    # enough output that the writer is still writing when `head` has gone (a pipe buffers 64 KiB)
    text = tmp_path / "long.txt"
    text.write_text(
        "".join(f"At least {n} people were killed in village {n}.\n" for n in range(1, 20000)), encoding="utf-8"
    )
    done = subprocess.run(
        f"{sys.executable} -m tolls extract {text} --format csv | head -1",
        shell=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.stdout.startswith("number_text,")
    assert done.stderr == ""


def test_ctrl_c_stops_with_a_line_and_exit_130_not_a_traceback(monkeypatch, capsys):
    import tolls.cli as cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_validate", interrupted)
    assert main(["validate"]) == 130
    err = capsys.readouterr().err
    assert err.strip() == "tolls validate: interrupted"


def test_add_options_that_do_not_go_together_are_usage_errors(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Gunmen killed 7 people.\n", encoding="utf-8")
    assert main(["add", str(article), "--figure", "7"]) == 2
    assert "--figure goes with --url alone" in capsys.readouterr().err
    assert main(["add", str(article), "--set", "country"]) == 2
    assert "expected COLUMN=VALUE" in capsys.readouterr().err
    assert main(["add"]) == 2
    assert "give the text's PATH, or --url" in capsys.readouterr().err
