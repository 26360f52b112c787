"""Coverage: every number mention in every text is a figure or an exclusion, with all of its words.

Finding the mentions is most of validation's work on a large package, and a contribution changes few
texts: each text's mentions are kept in the cache (tolls.validation.cache) keyed by the text's sha256; a
cold and a warm run give the same problems. Texts not in the cache are read in other processes when there
are many, while this one goes on with other checks (MentionCache.start).
"""

from __future__ import annotations

import hashlib
import os
from concurrent.futures import Future, ProcessPoolExecutor

import numpy as np

from tolls.intervals.rule_table import RuleTable
from tolls.mentions.find import mentions_to_cover
from tolls.package.loading import Package
from tolls.validation.cache import MENTION_BYTES, Entries, pack_mentions, unpack_mentions
from tolls.validation.frames import Frames, cells, isin
from tolls.validation.problems import Problem

# (start, end, number_text, line) of one mention: what coverage needs, small enough to cache
Found = tuple[int, int, str, int]
_PARALLEL_FROM = 200  # texts to read before a second process pays for its start
_CHUNK = 250  # texts per task sent to another process: about a tenth of a second of work


_WORKER_RULES: RuleTable | None = None


def _init_worker(rules: RuleTable) -> None:
    global _WORKER_RULES
    _WORKER_RULES = rules


def _find(text: str, rules: RuleTable | None = None, language: str | None = None) -> bytes:
    """A text's mentions, packed (tolls.validation.cache.pack_mentions). The text is read in its source's
    language (sources.language: the rules and words of that language)."""
    found = mentions_to_cover(text, rules or _WORKER_RULES, guesses=False, language=language)
    return pack_mentions((m.start, m.end, m.line) for m in found)


def _find_many(texts: list[tuple[str, str | None]]) -> list[bytes]:
    return [_find(text, language=language) for text, language in texts]


class MentionCache:
    """Each text's mentions by the text's sha256: read from the cache file once, saved once at the end with
    only the entries this run used (so the file does not grow with history). An entry is used only when its
    tag proves this installation wrote it for this text and this parser (tolls.validation.cache).

    start() sends the texts the cache lacks to other processes and returns at once; of() collects them (and
    finds any others in this process). A caller that starts a batch before it checks the one before keeps
    both of this machine's cores busy. close() (or save()) stops the processes."""

    def __init__(self, rules: RuleTable, languages: dict[str, str] | None = None) -> None:
        self.rules, self.file = rules, Entries("mentions", rules)
        self.languages = languages or {}  # source_id -> its language (sources.language)
        self.path, self.keys_path = self.file.path, self.file.keys_path
        # Which texts the cache holds is known from a small file of its keys; the mentions themselves (about
        # 100 bytes a text) are read only when of() first needs them, so that a run made early (validate makes
        # one before the rules and links layers) does not hold them while those layers run.
        self._cached: dict[bytes, bytes] | None = None
        self._keys_read: frozenset[bytes] | None = None  # what the keys file held, once read
        self._keys_tried = False
        self.used: dict[bytes, bytes] = {}
        self.changed = False
        self._pending: dict[bytes, tuple[Future, int]] = {}  # key -> (the task finding it, its place in the task)
        self._pool: ProcessPoolExecutor | None = None
        self._no_pool = False

    def _keys(self, texts: dict[str, str], digests: dict[str, str]) -> dict[str, bytes]:
        """source_id -> a sha256 (32 bytes) of the text's sha256 (the one validation computed from the file, else
        here) and the language it is read in: the same text read in two languages gives other mentions."""
        keys = {}
        for sid, text in texts.items():
            digest = bytes.fromhex(digests[sid]) if sid in digests else hashlib.sha256(text.encode("utf-8")).digest()
            language = self.rules.language(self.languages.get(sid)).language
            keys[sid] = hashlib.sha256(digest + b":" + language.encode()).digest()
        return keys

    @property
    def cached(self) -> dict[bytes, bytes]:
        if self._cached is None:
            # only verified entries; one of another shape (a bug of an older run) is left out: its text is read again
            self._cached = {k: v for k, v in self.file.read().items() if len(v) % MENTION_BYTES == 0}
        return self._cached

    def _holds(self, k: bytes) -> bool:
        """Whether the cache holds this text, from the keys file while the mentions are not read (a keys file
        out of step with the cache only sends a text to another process in vain, or leaves it to of(); a
        missing one is written again at save())."""
        if self._cached is None and not self._keys_tried:
            self._keys_read, self._keys_tried = self.file.read_keys(), True
        if self._cached is None and self._keys_read is not None:
            return k in self._keys_read
        return k in self.cached  # read or, with no keys file, read now

    def _new(self, texts: dict[str, str], key: dict[str, bytes]) -> dict[bytes, tuple[str, str | None]]:
        """key -> (text, language) of the texts neither the cache, this run nor a started task holds."""
        return {
            key[sid]: (text, self.languages.get(sid))
            for sid, text in texts.items()
            if key[sid] not in self.used and key[sid] not in self._pending and not self._holds(key[sid])
        }

    def _processes(self) -> ProcessPoolExecutor | None:
        if self._pool is None and not self._no_pool:
            workers = min(os.cpu_count() or 1, 4)
            try:
                if workers < 2:
                    raise OSError("one core")
                self._pool = ProcessPoolExecutor(workers, initializer=_init_worker, initargs=(self.rules,))
            except (OSError, RuntimeError, ValueError):  # no processes allowed here: read them in this one
                self._no_pool = True
        return self._pool

    def start(self, texts: dict[str, str], digests: dict[str, str]) -> int:
        """Begin finding, in other processes, the mentions of the texts the cache lacks (when there are many);
        how many texts were sent."""
        return self._send(texts, self._keys(texts, digests))

    def _send(self, texts: dict[str, str], key: dict[str, bytes]) -> int:
        new = self._new(texts, key)
        pool = self._processes() if len(new) >= _PARALLEL_FROM else None
        if pool is None:
            return 0  # of() reads them in this process
        keys = list(new)
        for at in range(0, len(keys), _CHUNK):
            chunk = keys[at : at + _CHUNK]
            try:
                task = pool.submit(_find_many, [new[k] for k in chunk])
            except (OSError, RuntimeError):  # no process could start, or the pool broke: of() reads the rest here
                self._no_pool = True
                self._stop(at_once=True)
                return at
            for i, k in enumerate(chunk):
                self._pending[k] = (task, i)
        return len(keys)

    def of(self, texts: dict[str, str], digests: dict[str, str]) -> dict[str, list[Found]]:
        """source_id -> its mentions: from the cache, from the tasks start() began, or found now."""
        key = self._keys(texts, digests)
        self._send(texts, key)
        for sid, k in key.items():
            if k in self.used:
                continue
            if k in self._pending:
                task, i = self._pending.pop(k)
                try:
                    self.used[k] = task.result()[i]
                except Exception:  # a process died (or failed): read the text here, where an error is raised
                    self.used[k] = _find(texts[sid], self.rules, self.languages.get(sid))
                self.changed = True
            elif k in self.cached:
                self.used[k] = self.cached.pop(k)
            else:
                self.used[k] = _find(texts[sid], self.rules, self.languages.get(sid))
                self.changed = True
        return {sid: unpack_mentions(self.used[key[sid]], text) for sid, text in texts.items()}

    def _stop(self, at_once: bool = False) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        # a process started before another failed to start waits for work no one sends it: end it (shutdown
        # forgets the processes, so they are taken first)
        started = list((getattr(pool, "_processes", None) or {}).values()) if at_once else []
        pool.shutdown(wait=not at_once, cancel_futures=True)
        for process in started:
            process.terminate()

    def close(self) -> None:
        """Stop the other processes (tasks not begun are dropped; of() would read their texts here)."""
        self._stop()
        self._pending.clear()

    def save(self) -> None:
        """Keep this run's entries: the cache first, then its keys (a keys file is never newer than the cache
        unless the cache could not be written, and then it only costs speed)."""
        self.close()
        unused = self._cached if self._cached is not None else (self._keys_read or frozenset()) - self.used.keys()
        if self.changed or unused:  # something new, or entries no text uses any more
            if self.file.write(self.used):
                self.file.write_keys(self.used)
        else:
            held = self._keys_read if self._keys_tried else self.file.read_keys()
            if held != self.used.keys():
                self.file.write_keys(self.used)  # the keys file was missing or damaged


_COVERING = ("figures", "exclusions")


def coverage_applies(pkg: Package, frames: Frames) -> bool:
    """Whether the coverage check runs: without these tables (or with shifted rows) every mention would look
    uncovered, so it does not (and no mention need be found)."""
    return {"sources", *_COVERING} <= frames.keys() and not any(pkg.ragged_rows(n) for n in _COVERING)


def check_coverage(
    pkg: Package, frames: Frames, texts: dict[str, str], mentions: MentionCache, digests: dict[str, str] | None = None
) -> list[Problem]:
    """Every number mention in the texts is covered by a figure or an exclusion whose number_text is exactly
    the mention's words: what `tolls extract` finds, and also the percentages, durations and pronoun uses it
    leaves out, so that exclusions are complete."""
    if not coverage_applies(pkg, frames):
        return []
    spans: dict[str, dict[tuple[int, int], tuple[str, int]]] = {sid: {} for sid in texts}
    for name in _COVERING:
        frame, lines = frames[name]
        usable = (
            isin(frame["source_id"], spans) & frame["quote_start"].notna() & frame["number_text"].notna()
        ).to_numpy(dtype=bool)
        rows = np.flatnonzero(usable)
        file = pkg.relpath(name)
        for i, sid, quote, start, words in zip(
            rows,
            *(cells(frame[c], rows) for c in ("source_id", "quote", "quote_start", "number_text")),
            strict=True,
        ):
            words, quote, text = str(words), str(quote), texts[sid]
            at = quote.find(words)
            origin = int(start)
            if text[origin : origin + len(quote)] != quote and text.count(quote) == 1:
                origin = text.index(quote)  # wrong offsets are reported as such, not as uncovered numbers
            if at >= 0:
                begin = origin + at
                spans[sid][(begin, begin + len(words))] = (file, lines[i])
    paths = frames["sources"][0].set_index("source_id")["path"]
    problems = []
    for sid, found in mentions.of(texts, digests or {}).items():
        text = texts[sid]
        for start, end, number_text, line in found:
            if (start, end) in spans[sid]:
                continue
            partial = [(span, where) for span, where in spans[sid].items() if span[0] < end and start < span[1]]
            for (a, b), (file, row_line) in partial:
                problems.append(
                    Problem(
                        file,
                        row_line,
                        "number_text",
                        f"is {text[a:b]!r}, but the number's words in the text are "
                        f"{number_text!r}; number_text must hold all of them, qualifier "
                        "included, so that the interval follows from the words (`tolls validate --fix` "
                        "then writes the interval)",
                        "coverage",
                        "partial-number-text",
                    )
                )
            if not partial:
                problems.append(
                    Problem(
                        str(paths[sid]),
                        line,
                        None,
                        f"{number_text!r} (characters {start}..{end}) is "
                        "covered by no figure and no exclusion; add a row to data/figures.csv or "
                        "data/exclusions.csv",
                        "coverage",
                        "uncovered-number",
                    )
                )
    return problems
