"""Shell completion for the command line: `tolls completion bash` prints a script that completes commands, options
and their fixed values, written from the argument parser itself, so it never lists an option that is gone.

Load it with `eval "$(tolls completion bash)"` (in ~/.bashrc), or save it as
~/.local/share/bash-completion/completions/tolls; zsh loads the same script through bashcompinit
(`tolls completion zsh`). Where no word is known (a path, an SQL statement), the shell completes file names.
"""

from __future__ import annotations

import argparse
import shlex

__all__ = ["SHELLS", "completion_script"]

SHELLS = ("bash", "zsh")


def _words(words: list[str]) -> str:
    return shlex.quote(" ".join(words))


def _options(parser: argparse.ArgumentParser) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """A parser's option strings, those that take a value, and the fixed values of those that have them."""
    options: list[str] = []
    takes_value: list[str] = []
    values: dict[str, list[str]] = {}
    for action in parser._actions:
        if not action.option_strings:
            continue
        options += action.option_strings
        if action.nargs != 0:
            takes_value += action.option_strings
            if action.choices:
                for option in action.option_strings:
                    values[option] = [str(c) for c in action.choices]
    return options, takes_value, values


def _commands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def completion_script(parser: argparse.ArgumentParser, shell: str = "bash") -> str:
    """The completion script for `shell` (bash or zsh) of the command `parser` describes."""
    if shell not in SHELLS:
        raise ValueError(f"no completion for {shell!r}; say one of {', '.join(SHELLS)}")
    prog = parser.prog
    function = "_" + prog.replace("-", "_") + "_complete"
    top_options, top_valued, _ = _options(parser)
    commands = _commands(parser)
    cases, value_cases, argument_cases = [], [], []
    for name, sub in commands.items():
        options, _, values = _options(sub)
        cases.append(f"      {name}) words={_words(options)} ;;")
        for option, choices in values.items():
            value_cases.append(f'    "{name} {option}") words={_words(choices)} ;;')
        arguments = [str(c) for a in sub._actions if not a.option_strings and a.choices for c in a.choices]
        if arguments:
            argument_cases.append(f"          {name}) words={_words(arguments)} ;;")
    valued = sorted({o for sub in commands.values() for o in _options(sub)[1]} | set(top_valued))
    lines = [
        f"# {prog} completion for {shell}, written by `{prog} completion {shell}`",
        *(["autoload -U +X bashcompinit && bashcompinit"] if shell == "zsh" else []),
        f"{function}() {{",
        '  local cur="${COMP_WORDS[COMP_CWORD]}" prev="" cmd="" words="" i',
        '  [ "$COMP_CWORD" -gt 0 ] && prev="${COMP_WORDS[COMP_CWORD-1]}"',
        "  for ((i = 1; i < COMP_CWORD; i++)); do  # the command: the first word that is no option or its value",
        '    case "${COMP_WORDS[i]}" in',
        f"      {'|'.join(top_valued)}) ((i++)) ;;",
        "      -*) ;;",
        '      *) cmd="${COMP_WORDS[i]}"; break ;;',
        "    esac",
        "  done",
        '  case "$cmd $prev" in  # an option with fixed values',
        *value_cases,
        "  esac",
        '  if [ -z "$words" ]; then',
        '    case "$prev" in',
        f"      {'|'.join(valued)}) return 0 ;;  # a free value: the shell completes file names",
        "    esac",
        '    case "$cmd" in',
        f"      '') words={_words(list(commands) + top_options)} ;;",
        *cases,
        "    esac",
        '    case "$cur" in',
        "      -*) ;;",
        '      *) case "$cmd" in  # an argument: its fixed values, else file names',
        *argument_cases,
        "          '') ;;",
        "          *) return 0 ;;",
        "        esac ;;",
        "    esac",
        "  fi",
        '  COMPREPLY=($(compgen -W "$words" -- "$cur"))',
        "}",
        f"complete -o default -F {function} {prog}",
    ]
    return "\n".join(lines) + "\n"
