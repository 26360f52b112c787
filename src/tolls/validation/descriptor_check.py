"""Does frictionless accept the descriptor? Asked of a second Python process while this one runs the other
layers, when this process has not imported frictionless yet: the import and the descriptor's checks are
most of what frictionless costs on a small package (0.4 s of a 1.5 s validation), and they need nothing
the other layers compute.

Run as a script (`python -P descriptor_check.py BASEPATH`, the descriptor as JSON on standard input), it
imports frictionless only and prints "valid" or "invalid". Its answer is used only when it is "valid" and
the column screen passes every table; anything else (invalid, no answer, an error starting it) and
table_schema asks frictionless in this process, as without it, so the problems are the same either way.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

_TIMEOUT = 300  # seconds; no answer by then and this process asks frictionless itself


def accepts(descriptor: dict, basepath: str) -> bool:
    """True when frictionless reads the descriptor without an error (what it checks before any row)."""
    import frictionless

    try:
        frictionless.Package(descriptor, basepath=basepath).to_descriptor(validate=True)
    except Exception:  # noqa: BLE001 - any failure is a "no": the caller then asks frictionless itself
        return False
    return True


def _ask(data: bytes, basepath: str) -> bool | None:
    try:
        # -P: the script's folder (this package's modules) is not put on sys.path before frictionless's
        done = subprocess.run(
            [sys.executable, "-P", __file__, basepath], input=data, capture_output=True, timeout=_TIMEOUT, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    answer = done.stdout.decode("utf-8", "replace").strip()
    return True if done.returncode == 0 and answer == "valid" else None


def start(descriptor: dict, basepath: Path) -> Future[bool | None] | None:
    """The answer of a second process, to collect later with .result(); None when this process has
    imported frictionless already (asking it here is then cheaper) or the descriptor is not JSON."""
    if "frictionless" in sys.modules:
        return None
    try:
        data = json.dumps(descriptor).encode("utf-8")
    except (TypeError, ValueError):
        return None
    pool = ThreadPoolExecutor(1, thread_name_prefix="tolls-descriptor-check")
    future = pool.submit(_ask, data, str(basepath))
    pool.shutdown(wait=False)
    return future


if __name__ == "__main__":
    print("valid" if accepts(json.load(sys.stdin), sys.argv[1]) else "invalid")
