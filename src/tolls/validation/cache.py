"""The cache of per-text results: what the parser reads in a text, or in a figure's words, depends only on
those characters, the interval rules and the parser's code; a run keeps it, the next run reuses it.

It lives in $TOLLS_CACHE_DIR, else $XDG_CACHE_HOME/tolls, else ~/.cache/tolls (never inside the package).
Each file holds one kind of result for one version of the rules and the parser, and only the entries the
last run used, so it does not grow with history. A cache that cannot be read or written is only a slower
run: results are the same with it, without it, cold or warm.

A cache file is data, never code, and never trusted: whoever can write the folder (a CI cache restored from
another branch, a shared folder) must neither run code in validation nor make it accept a text it would
refuse. So the files hold integers and JSON only, read with `struct` and `json` (never pickle), and each
entry carries an HMAC-SHA256 over the parser's version, the kind of result, the entry's key (a text's
sha256, or the sha256 of a figure's words) and its content. The HMAC's key is a secret kept outside the
cache folder: $TOLLS_CACHE_KEY, else a file of random bytes beside the folder (`tolls.key` beside
`tolls/`), made on first use and readable by its owner only. An entry that is damaged, of another text, of
another version of the parser, or written without the secret is not used: its result is found again.
"""

from __future__ import annotations

import dataclasses
import hashlib
import hmac
import json
import os
import secrets
import stat
import struct
import sys
import tempfile
from array import array
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

import tolls.intervals
import tolls.mentions
from tolls.intervals.rule_table import Parsed, RuleTable

MAGIC = b"TOLLSC\x00\x02"  # the file format; a change of layout changes it
_KEY_BYTES = 32  # an entry's key: a sha256
_TAG_BYTES = 32  # an entry's HMAC-SHA256
_LENGTH = struct.Struct("<I")  # an entry's content length
_HEADER = len(MAGIC) + 32  # the magic, then the parser version the file was written for


def cache_dir() -> Path:
    if os.environ.get("TOLLS_CACHE_DIR"):
        return Path(os.environ["TOLLS_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "tolls"


def _files_digest(folders: Iterable[Path]) -> bytes:
    """A digest of the contents of every file under the folders, whatever the files are called: the parser's
    modules may move or be renamed between versions; only what they hold decides what they read."""
    digests = sorted(
        hashlib.sha256(path.read_bytes()).digest()
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )
    return hashlib.sha256(b"".join(digests)).digest()


@cache
def _code_digest() -> bytes:
    """The parser's code (every file of the intervals and mentions packages) and this module's packing."""
    folders = [Path(p) for package in (tolls.intervals, tolls.mentions) for p in package.__path__]
    return hashlib.sha256(_files_digest(folders) + Path(__file__).read_bytes()).digest()


def parser_version(rules: RuleTable) -> bytes:
    """What a cached result depends on besides its text: the rules, the parser's code, the byte order of the
    packed integers and the file format."""
    digest = hashlib.sha256(MAGIC + sys.byteorder.encode() + repr(rules.rules).encode())
    digest.update(_code_digest())
    return digest.digest()


# --- the secret -------------------------------------------------------------------------------------------


def key_file() -> Path:
    """Where the secret is kept when $TOLLS_CACHE_KEY is not set: beside the cache folder, never inside it
    (a cache restored from elsewhere brings no secret with it)."""
    folder = cache_dir().resolve()
    return folder.with_name(folder.name + ".key")


_EPHEMERAL = secrets.token_bytes(32)  # when no secret can be kept: this run's entries are for no other run


def _secret() -> bytes:
    given = os.environ.get("TOLLS_CACHE_KEY")
    if given:
        return hashlib.sha256(b"tolls cache key\x00" + given.encode()).digest()
    path = key_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "wb") as fh:
                fh.write(secrets.token_bytes(32))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        with os.fdopen(fd, "rb") as fh:
            info = os.fstat(fh.fileno())
            key = fh.read(64)
        mine = not hasattr(os, "getuid") or info.st_uid == os.getuid()
        if not stat.S_ISREG(info.st_mode) or not mine or info.st_mode & 0o077 or len(key) != 32:
            return _EPHEMERAL  # a key another user could read or write is no secret
        return key
    except OSError:
        return _EPHEMERAL


# --- files of entries --------------------------------------------------------------------------------------


def _tag(secret: bytes, version: bytes, kind: str, key: bytes, content: bytes) -> bytes:
    return hmac.digest(secret, version + kind.encode() + b"\x00" + key + content, "sha256")


def _entries(data: bytes, version: bytes, kind: str, secret: bytes) -> Iterator[tuple[bytes, bytes]]:
    """The entries of a file's bytes whose tag is right; a file of another format or version holds none, and
    a damaged tail ends the reading (the entries before it are kept)."""
    if len(data) < _HEADER or data[: len(MAGIC)] != MAGIC or data[len(MAGIC) : _HEADER] != version:
        return
    view, at = memoryview(data), _HEADER
    while at + _KEY_BYTES + _LENGTH.size <= len(data):
        key = bytes(view[at : at + _KEY_BYTES])
        (length,) = _LENGTH.unpack_from(data, at + _KEY_BYTES)
        start = at + _KEY_BYTES + _LENGTH.size
        end = start + length
        if end + _TAG_BYTES > len(data):
            return
        content = bytes(view[start:end])
        if hmac.compare_digest(bytes(view[end : end + _TAG_BYTES]), _tag(secret, version, kind, key, content)):
            yield key, content
        at = end + _TAG_BYTES


def _write_atomic(path: Path, chunks: Iterable[bytes]) -> bool:
    """Write the file whole and atomically (a reader sees the old file or the new one); whether it was."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                for chunk in chunks:
                    fh.write(chunk)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError:
        return False
    return True


def _read(path: Path) -> bytes:
    try:
        with path.open("rb") as fh:
            return fh.read()
    except OSError:  # missing, a folder, unreadable: only a slower run
        return b""


class Entries:
    """The cache file of one kind of result ('mentions', 'parsed') for these rules and this parser: entries
    of bytes by a 32-byte key, each verified when read."""

    def __init__(self, kind: str, rules: RuleTable) -> None:
        self.kind, self.version = kind, parser_version(rules)
        self.path = cache_dir() / f"{kind}-{self.version.hex()[:24]}.cache"
        self.keys_path = self.path.with_suffix(".keys")

    def read(self) -> dict[bytes, bytes]:
        """The file's verified entries (none if it cannot be read)."""
        return dict(_entries(_read(self.path), self.version, self.kind, _secret()))

    def write(self, entries: dict[bytes, bytes]) -> bool:
        """Replace the file by these entries; whether it was written."""
        secret = _secret()

        def chunks() -> Iterator[bytes]:
            yield MAGIC + self.version
            for key, content in entries.items():
                if len(key) == _KEY_BYTES:
                    tag = _tag(secret, self.version, self.kind, key, content)
                    yield key + _LENGTH.pack(len(content)) + content + tag

        return _write_atomic(self.path, chunks())

    def read_keys(self) -> frozenset[bytes] | None:
        """The keys the file held when it was last written, from a small file of them; None if that file is
        missing or damaged. It only says which texts need not be sent to other processes: a keys file that
        lies costs time, never a result (the entries themselves are verified)."""
        data = _read(self.keys_path)
        if len(data) < _HEADER or data[:_HEADER] != MAGIC + self.version or (len(data) - _HEADER) % _KEY_BYTES:
            return None
        return frozenset(data[i : i + _KEY_BYTES] for i in range(_HEADER, len(data), _KEY_BYTES))

    def write_keys(self, keys: Iterable[bytes]) -> bool:
        return _write_atomic(self.keys_path, [MAGIC + self.version, *(k for k in keys if len(k) == _KEY_BYTES)])


# --- a text's mentions (coverage) ------------------------------------------------------------------------

_INT = "q"  # 64-bit integers, in this machine's byte order (which the version holds)
MENTION_BYTES = 3 * array(_INT).itemsize  # bytes a mention takes: (start, end, line)


def pack_mentions(triples: Iterable[tuple[int, int, int]]) -> bytes:
    """(start, end, line) of each mention as 64-bit integers: about 100 bytes a text where a list of tuples
    takes about 1 KB (a million figures keep 200,000 of them); the words are the text's own."""
    return array(_INT, [n for triple in triples for n in triple]).tobytes()


def unpack_mentions(packed: bytes, text: str) -> list[tuple[int, int, str, int]]:
    """(start, end, words, line) of each mention packed by pack_mentions, the words taken from the text."""
    numbers = array(_INT)
    numbers.frombytes(packed)
    return [
        (numbers[i], numbers[i + 1], text[numbers[i] : numbers[i + 1]], numbers[i + 2])
        for i in range(0, len(numbers), 3)
    ]


# --- what the figure words read as (provenance's interval check) ------------------------------------------

_PARSED_FIELDS = [(f.name, f.type) for f in dataclasses.fields(Parsed)]


def _parsed_to_json(words: str, parsed: Parsed | None) -> bytes:
    values = None if parsed is None else [getattr(parsed, name) for name, _ in _PARSED_FIELDS]
    return json.dumps([words, values], ensure_ascii=False, separators=(",", ":")).encode()


def _parsed_from_json(content: bytes) -> tuple[str, Parsed | None] | None:
    """(words, reading) of an entry, or None when it is not of that shape."""
    try:
        words, values = json.loads(content)
    except (ValueError, TypeError):
        return None
    if not isinstance(words, str):
        return None
    if values is None:
        return words, None
    if not isinstance(values, list) or len(values) != len(_PARSED_FIELDS):
        return None
    for (_, kind), value in zip(_PARSED_FIELDS, values, strict=True):
        allowed = (str,) if "str" in str(kind) else (int, type(None))
        if not isinstance(value, allowed) or isinstance(value, bool):
            return None
    return words, Parsed(*values)


def _words_key(words: str) -> bytes:
    return hashlib.sha256(words.encode("utf-8")).digest()


def load_parsed(rules: RuleTable) -> dict[str, Parsed | None]:
    """The readings of figure words kept by an earlier run, each bound to its words."""
    out: dict[str, Parsed | None] = {}
    for key, content in Entries("parsed", rules).read().items():
        entry = _parsed_from_json(content)
        if entry is not None and _words_key(entry[0]) == key:
            out[entry[0]] = entry[1]
    return out


def store_parsed(rules: RuleTable, readings: dict[str, Parsed | None]) -> bool:
    """Keep these readings (and only these) for the next run."""
    return Entries("parsed", rules).write({_words_key(w): _parsed_to_json(w, p) for w, p in readings.items()})
