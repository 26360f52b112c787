"""Command-line conventions: --version, `python -m tolls`, help for every argument, exit 2 for usage errors
(an unknown --event too: tests/outputs/test_tables.py), a quiet stop with exit 141 when the reader of the output
goes away (`tolls extract ... | head -1`), progress on stderr only when it is a terminal, and shell completion."""

from __future__ import annotations

import argparse
import shlex
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
        f'{sys.executable} -m tolls extract {text} --format csv | head -1; echo "exit ${{PIPESTATUS[0]}}"',
        shell=True,
        executable="bash",
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    first, status = done.stdout.splitlines()
    assert first.startswith("number_text,")
    assert status == "exit 141"  # 128 + SIGPIPE, as a shell reports it; never 1, which means "problems"
    assert done.stderr == ""


def test_ctrl_c_stops_with_a_line_and_exit_130_not_a_traceback(monkeypatch, capsys):
    import tolls.cli as cli

    def interrupted(args):
        raise KeyboardInterrupt

    monkeypatch.setattr(cli, "cmd_validate", interrupted)
    assert main(["validate"]) == 130
    err = capsys.readouterr().err
    assert err.strip() == "tolls validate: interrupted"


def test_ranges_into_head_exits_0_or_141_never_1(tmp_path):
    from conftest import copy_package

    package = copy_package(tmp_path / "pkg")
    assert _run("--root", str(package), "build").returncode == 0
    done = subprocess.run(
        f'{sys.executable} -m tolls --root {package} ranges | head -1; echo "exit ${{PIPESTATUS[0]}}"',
        shell=True,
        executable="bash",
        capture_output=True,
        text=True,
        timeout=300,
    )
    first, status = done.stdout.splitlines()
    assert "Reported figures per event" in first
    assert status in ("exit 0", "exit 141") and done.stderr == ""  # 0 when the output fit in the pipe's buffer


def _on_a_terminal(*argv: str) -> tuple[int, str]:
    """Run tolls with stderr on a pseudo-terminal (stdout piped); its exit code and what the terminal showed."""
    import os
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tolls", *argv], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=follower
    )
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the process closed the terminal
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return proc.wait(timeout=300), shown.decode("utf-8", "replace")


def test_progress_shows_on_a_terminal_and_never_in_a_pipe():
    status, shown = _on_a_terminal("validate")
    assert status == 0 and "validating" in shown and "0:00:0" in shown  # what it does and for how long
    piped = _run("validate")
    assert piped.returncode == 0 and piped.stderr == ""


def _complete(script: str, *words: str) -> list[str]:
    """What bash offers after `words` (the last one being typed), with the script `tolls completion` prints."""
    probe = (
        script
        + "COMP_WORDS=("
        + " ".join(shlex.quote(w) for w in words)
        + "); COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
        + '_tolls_complete; printf "%s\\n" "${COMPREPLY[@]}"\n'
    )
    done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.split()


def test_bash_completion_offers_commands_options_and_their_values():
    done = _run("completion", "bash")
    assert done.returncode == 0
    script = done.stdout
    assert _complete(script, "tolls", "va") == ["validate"]
    assert _complete(script, "tolls", "--root", "/tmp", "ran") == ["ranges"]
    assert _complete(script, "tolls", "validate", "--f") == ["--format", "--fix"]
    assert _complete(script, "tolls", "query", "SELECT 1", "--format", "") == ["table", "csv", "json"]
    assert _complete(script, "tolls", "completion", "") == ["bash", "zsh"]
    assert _complete(script, "tolls", "extract", "") == []  # a path: bash completes file names (-o default)
    every_command = _complete(script, "tolls", "")
    assert {"validate", "build", "ranges", "query", "report", "completion"} <= set(every_command)


def test_add_options_that_do_not_go_together_are_usage_errors(tmp_path, capsys):
    article = tmp_path / "a.txt"
    article.write_text("Gunmen killed 7 people.\n", encoding="utf-8")
    assert main(["add", str(article), "--figure", "7"]) == 2
    assert "--figure goes with --url alone" in capsys.readouterr().err
    assert main(["add", str(article), "--set", "country"]) == 2
    assert "expected COLUMN=VALUE" in capsys.readouterr().err
    assert main(["add"]) == 2
    assert "give the text's PATH, or --url" in capsys.readouterr().err


def test_build_offers_the_formats_of_ranges_with_the_same_meaning():
    def format_option(command: str) -> argparse.Action:
        [sub] = [a for a in parser()._actions if isinstance(a, argparse._SubParsersAction)]
        return next(a for a in sub.choices[command]._actions if "--format" in a.option_strings)

    build, ranges = format_option("build"), format_option("ranges")
    assert (build.choices, build.default, build.help) == (ranges.choices, ranges.default, ranges.help)
