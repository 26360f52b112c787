"""Writing outputs: one atomic write used by the report, the codebook and the exports.

A reader (a browser, a spreadsheet, CI diffing CODEBOOK.md) never sees a half-written file: the content goes
to a temporary file in the same folder, which then replaces the target in one rename. A folder of outputs (the
report's pages and charts) is written the same way: into a temporary folder beside it, swapped in by rename.
"""

from __future__ import annotations

import contextlib
import csv
import glob
import os
import shutil
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO


@contextlib.contextmanager
def atomic_open(path: Path, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file beside `path` for writing ("w" text as UTF-8, or "wb"); on success it replaces
    `path`, on any error it is removed and `path` is left as it was."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        text = "b" not in mode
        with os.fdopen(fd, mode, encoding="utf-8" if text else None, newline="" if text else None) as handle:
            yield handle
        os.chmod(tmp, 0o644)  # mkstemp makes 0600; outputs are meant to be read by others
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write text (as UTF-8) or bytes to `path` atomically."""
    with atomic_open(path, "wb") as handle:
        handle.write(content.encode("utf-8") if isinstance(content, str) else content)


def write_csv_atomic(path: Path, rows: Iterable[list[str]]) -> None:
    """Write rows as RFC 4180 CSV (CRLF line ends, UTF-8 without BOM) to `path` atomically."""
    with atomic_open(path, "w") as handle:
        csv.writer(handle, lineterminator="\r\n").writerows(rows)


@contextlib.contextmanager
def atomic_dir(path: Path) -> Iterator[Path]:
    """Yield an empty temporary folder beside `path` to fill; on success it replaces `path` as one unit, on any
    error it is removed and `path` is left as it was.

    The swap is two renames (the old folder aside, the new one in), then the old folder is deleted: a reader
    sees the old folder or the new one, complete, except between the renames, when `path` is briefly missing.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        yield tmp
        os.chmod(tmp, 0o755)  # mkdtemp makes 0700; outputs are meant to be read by others
        old = None
        if path.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent))
            os.replace(path, old / path.name)
        try:
            os.replace(tmp, path)
        except BaseException:
            if old is not None:
                os.replace(old / path.name, path)  # put the previous one back
            raise
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    _remove_stale(path)


STALE_AFTER = 6 * 3600  # seconds; far longer than a run, so another run's folder in progress is never removed


def _remove_stale(path: Path) -> None:
    """Remove temporary folders a killed run left beside `path` (a kill skips the clean-up above)."""
    now = time.time()
    for leftover in path.parent.glob(f".{glob.escape(path.name)}.*"):
        if leftover.suffix in (".tmp", ".old") and leftover.is_dir() and now - leftover.stat().st_mtime > STALE_AFTER:
            shutil.rmtree(leftover, ignore_errors=True)


def file_digest(path: Path, algorithm: str = "sha256") -> str:
    """The hex digest of a file, read in blocks (a large table is never held whole for its hash)."""
    import hashlib

    with path.open("rb") as fh:
        return hashlib.file_digest(fh, algorithm).hexdigest()


def release_memory_promptly() -> bool:
    """Make Arrow allocate from its jemalloc pool, which Arrow configures to hand freed pages back to the
    system at once, instead of mimalloc (its default here), which keeps them for reuse: the peak of a
    million-figure validation, whose checks make and drop large temporary columns one after another, is
    then what the checks hold, not what they once held. For a process of its own (the command line);
    left alone when ARROW_DEFAULT_MEMORY_POOL chooses a pool or Arrow was built without jemalloc.
    True when the pool was changed."""
    if os.environ.get("ARROW_DEFAULT_MEMORY_POOL"):
        return False
    import pyarrow as pa

    try:
        pa.set_memory_pool(pa.jemalloc_memory_pool())
    except NotImplementedError:  # pyarrow built without jemalloc (as on Windows)
        return False
    return True
