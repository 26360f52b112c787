"""The cache of per-text results: what the parser reads in a text, or in a figure's words, depends only on
those characters, the interval rules and the parser's code; a run keeps it, the next run reuses it.

It lives in $TOLLS_CACHE_DIR, else $XDG_CACHE_HOME/tolls, else ~/.cache/tolls (never inside the package).
Each file holds one kind of result for one version of the rules and the parser, and only the entries the
last run used, so it does not grow with history. A cache that cannot be read or written is only a slower
run: results are the same with it, without it, cold or warm.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

from tolls.intervals.rule_table import RuleTable


def cache_dir() -> Path:
    if os.environ.get("TOLLS_CACHE_DIR"):
        return Path(os.environ["TOLLS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tolls"


def cache_file(kind: str, rules: RuleTable) -> Path:
    """The file of one kind of result ('mentions', 'parsed') for these rules and this parser."""
    here = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(repr(rules.rules).encode() + sys.byteorder.encode())  # packed integers are native
    # the reading (every module of the two packages, whatever their names), and how it is kept
    modules = sorted([*here.glob("intervals/*.py"), *here.glob("mentions/*.py")]) + [here / "validation/coverage.py"]
    for module in modules:
        digest.update(module.relative_to(here).as_posix().encode() + b"\0" + module.read_bytes())
    return cache_dir() / f"{kind}-{digest.hexdigest()[:24]}.pickle"


def load(path: Path, kind: type = dict) -> Any:
    """The entries of a cache file (a dict, or another `kind`), empty if it cannot be read."""
    try:
        with path.open("rb") as fh:
            entries = pickle.load(fh)
        return entries if isinstance(entries, kind) else kind()
    except Exception:  # a damaged file of any kind is only a slower run
        return kind()


def store(path: Path, entries: dict | frozenset) -> bool:
    """Write the file whole and atomically (a reader sees the old file or the new one); whether it was."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                pickle.dump(entries, fh, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        return False
    return True
