"""Provenance: each text is the one its sha256 names, each quote stands at its offsets, each interval is
what its rule gives for the words, and every code (country, subdivision, language) exists.
"""

from __future__ import annotations

import hashlib
import re
from collections import deque
from collections.abc import Iterator

import numpy as np
import pandas as pd

from tolls.intervals.phrases import parse_figure
from tolls.intervals.rule_table import DEFAULT_LANGUAGE, Parsed, RuleTable, load_rules
from tolls.iso import is_country, is_language, is_subdivision
from tolls.package.loading import Package
from tolls.validation.cache import load_parsed, store_parsed
from tolls.validation.coverage import MentionCache, check_coverage, coverage_applies
from tolls.validation.frames import Frames, cells, isin, records
from tolls.validation.frames import fmt as _fmt
from tolls.validation.problems import Problem
from tolls.validation.row_rules import QUOTED_TABLES
from tolls.validation.structure import (
    bad_byte,
    encoding_code,
    encoding_problem,
    line_of_byte,
    text_control_problem,
    unsafe_path_reason,
)

# The quote and coverage checks read the texts in batches of this many sources, so memory does not grow with
# the number of texts (200,000 texts are about 800 MB): two batches are held while the checks run.
TEXT_BATCH = 5_000
# Texts validate() may read before the rules and links layers run, so that other processes find their
# mentions meanwhile: about 35 MB of texts of 3.4 KB, held until provenance checks them.
READ_AHEAD = 10_000
# The shape of a path that needs no look beyond its words: relative, '/'-separated, no part starting with a dot.
_PLAIN_PATH = r"[A-Za-z0-9_][A-Za-z0-9_.-]*(?:/[A-Za-z0-9_][A-Za-z0-9_.-]*)*"


def _plain_files(pkg: Package, paths: pd.Series) -> set[str]:
    """The paths (as written) that are regular files in a safe folder of the package, found by one scan
    of each folder rather than a look at every path; any other path is checked on its own."""
    import os

    plain = paths.dropna().astype("string")
    plain = plain[plain.str.fullmatch(_PLAIN_PATH).fillna(False).astype(bool) & (plain.str.len() <= 255)]
    folders: dict[str, set[str]] = {}
    for path in plain.unique():
        folder, _, name = str(path).rpartition("/")
        folders.setdefault(folder, set()).add(name)
    safe = set()
    for folder, names in folders.items():
        if folder and unsafe_path_reason(folder, pkg.root):
            continue
        try:
            with os.scandir(pkg.root / folder) as entries:
                files = {e.name for e in entries if not e.is_symlink() and e.is_file(follow_symlinks=False)}
        except OSError:
            continue
        safe |= {f"{folder}/{name}" if folder else name for name in names & files}
    return safe


def _source_texts(
    pkg: Package, frames: dict, problems: list[Problem], batch: int = TEXT_BATCH
) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
    """Batches of (source_id -> text, source_id -> the text's sha256) for the sources whose file is safe,
    present, UTF-8 and matches its sha256; a problem for each other one goes into `problems`. The sha256 is
    the key of the per-text cache."""
    if "sources" not in frames:
        return
    sources, lines = frames["sources"]
    file = pkg.relpath("sources")
    plain = _plain_files(pkg, sources["path"])
    texts: dict[str, str] = {}
    digests: dict[str, str] = {}
    for line, sid, path, sha in zip(lines, sources["source_id"], sources["path"], sources["sha256"], strict=True):
        if pd.isna(path):
            continue
        if path not in plain:
            reason = unsafe_path_reason(str(path), pkg.root)
            if reason:
                problems.append(Problem(file, line, "path", reason, "structure", "unsafe-path"))
                continue
            if not (pkg.root / str(path)).is_file():
                problems.append(
                    Problem(
                        file,
                        line,
                        "path",
                        f"{path} does not exist; copy the source text there",
                        "provenance",
                        "text-missing",
                    )
                )
                continue
        raw = (pkg.root / str(path)).read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        lf_matches = (
            b"\r\n" in raw and not pd.isna(sha) and hashlib.sha256(raw.replace(b"\r\n", b"\n")).hexdigest() == sha
        )
        if lf_matches:  # the cause first: the text was saved again with CRLF line ends
            problems.append(
                Problem(
                    file,
                    line,
                    "sha256",
                    f"{path} has CRLF (Windows) line ends; with LF line ends "
                    "it matches its sha256, so it was saved again with other line ends (which "
                    "also shifts every offset); `tolls validate --fix` restores them",
                    "provenance",
                    "text-crlf",
                )
            )
            continue  # its quotes and numbers are read once the line ends are restored: no cascade
        elif not pd.isna(sha) and digest != sha:
            problems.append(
                Problem(
                    file,
                    line,
                    "sha256",
                    f"{path} has sha256 {digest}, not {sha}; the text changed, or the hash is wrong",
                    "provenance",
                    "sha256-mismatch",
                )
            )
        bad = encoding_problem(raw)
        if bad:
            problems.append(
                Problem(str(path), line_of_byte(raw, bad_byte(raw)), None, bad, "structure", encoding_code(raw))
            )
            continue
        control = text_control_problem(str(path), raw)
        if control:
            problems.append(control)
            continue
        texts[sid] = raw.decode("utf-8")
        digests[sid] = digest
        if len(texts) >= batch:
            yield texts, digests
            texts, digests = {}, {}
    if texts:
        yield texts, digests


def _plain(column: pd.Series) -> list:
    """A column as plain Python values, None for any kind of missing (to compare with parser output)."""
    return column.astype(object).where(column.notna(), None).tolist()


# Per quoting table: the words that must stand inside its quote (besides the quote itself).
INNER_WORDS = {
    "figures": ("number_text", "measure_words"),
    "exclusions": ("number_text",),
    "unnumbered_harms": ("harm_words",),
}
# Quotes a table holds besides `quote`: (quote column, start column, end column).
OTHER_QUOTES = {"contradictions": (("other_quote", "other_quote_start", "other_quote_end"),)}


def not_in_text(text: str, quote: str, said: str = "it is not in the text") -> str:
    """`said` and the text's passage most like the quote (difflib), with its line and offsets, so that a
    mistyped quote can be copied again from the right place."""
    import difflib

    found = difflib.SequenceMatcher(None, text, quote, autojunk=False).find_longest_match(0, len(text), 0, len(quote))
    if found.size < min(8, len(quote)):
        return f"{said}; no passage of the text is like it: copy the quote from the text"
    start = max(0, found.a - found.b)  # the passage aligned on the longest run they share, in whole words
    end = min(len(text), start + len(quote))
    while start > 0 and text[start - 1].isalnum() and text[start].isalnum():
        start -= 1
    while end < len(text) and text[end].isalnum() and text[end - 1].isalnum():
        end += 1
    line = text.count("\n", 0, start) + 1
    shown = text[start:end] if end - start <= 200 else text[start : start + 197] + "..."
    return (
        f"{said}; the closest passage is at {start}..{end} (line {line} of the text): {shown!r}; copy the quote "
        "from there (check every character, including quotes and apostrophes)"
    )


def _quote_problems(
    pkg: Package,
    name: str,
    frame: pd.DataFrame,
    lines: list[int],
    source_of: pd.Series,
    texts: dict[str, str],
    columns: tuple[str, str, str] = ("quote", "quote_start", "quote_end"),
) -> list[Problem]:
    qcol, scol, ecol = columns
    if not {qcol, scol, ecol} <= set(frame):
        return []  # frictionless reports the missing column
    inner = [w for w in (INNER_WORDS.get(name, ()) if qcol == "quote" else ()) if w in frame]
    source_of = source_of.reindex(range(len(frame)))
    # frictionless or a rule reports an empty or non-integer offset
    checked = (isin(source_of, texts) & frame[qcol].notna() & frame[scol].notna() & frame[ecol].notna()).to_numpy(
        dtype=bool
    )
    rows = np.flatnonzero(checked)
    inner_cells = [cells(frame[w], rows) for w in inner]
    problems = []
    # a slice of each row's own text: no column operation does that, so one pass over the checked rows
    # (tolist: iterating an Arrow-backed column yields one Python object at a time, 10x slower)
    for k, (i, sid, quote, start, end) in enumerate(
        zip(
            rows,
            cells(source_of, rows),
            cells(frame[qcol], rows),
            cells(frame[scol], rows),
            cells(frame[ecol], rows),
            strict=True,
        )
    ):
        text, quote = texts[sid], str(quote)
        if text[int(start) : int(end)] != quote:
            found = [m.start() for m in re.finditer(re.escape(quote), text)]
            where = (
                f"it stands at {', '.join(f'{s}..{s + len(quote)}' for s in found)}"
                if found
                else not_in_text(text, quote)
            )
            if "\r\n" in text and text.replace("\r\n", "\n")[int(start) : int(end)] == quote:
                # the cause first: the offsets were counted on LF line ends, the file has CRLF
                message = (
                    f"the text of {sid} has CRLF (Windows) line ends, which shift every offset after the "
                    f"first line end: the {qcol.replace('_', ' ')} stands at {_fmt(start)}..{_fmt(end)} of "
                    "the text with LF line ends; convert the file to LF line ends, then run "
                    "`tolls validate --fix` for its sha256"
                )
            else:
                fix = "; `tolls validate --fix` writes the offsets" if len(found) == 1 else ""
                message = (
                    f"the {qcol.replace('_', ' ')} does not stand at {_fmt(start)}..{_fmt(end)} of {sid}'s "
                    f"text; {where}{fix}"
                )
            problems.append(Problem(pkg.relpath(name), lines[i], scol, message, "provenance", "quote-not-at-offsets"))
        for words, values in zip(inner, inner_cells, strict=True):
            value = values[k]
            if not pd.isna(value) and str(value) not in quote:
                problems.append(
                    Problem(
                        pkg.relpath(name),
                        lines[i],
                        words,
                        f"{value!r} does not stand inside the quote",
                        "provenance",
                        f"{words.replace('_', '-')}-outside-quote",
                    )
                )
    # a quote whose offsets are left for `tolls validate --fix`: said now when it is not in the text at all
    pending = isin(source_of, texts) & frame[qcol].notna() & (frame[scol].isna() | frame[ecol].isna())
    for i in np.flatnonzero(pending.to_numpy(dtype=bool)):
        text, quote = texts[source_of.iloc[i]], str(frame[qcol].iloc[i])
        if quote not in text:
            message = not_in_text(text, quote, f"the quote is not in the text of {source_of.iloc[i]}")
            problems.append(Problem(pkg.relpath(name), lines[i], qcol, message, "provenance", "quote-not-at-offsets"))
    return problems


def source_languages(frames: Frames) -> dict[str, str]:
    """source_id -> its language (sources.language), for the sources that give one: the language each text and
    each figure's words are read in."""
    if "sources" not in frames or "language" not in frames["sources"][0]:
        return {}
    sources = frames["sources"][0][["source_id", "language"]].dropna().drop_duplicates("source_id")
    return dict(zip(sources["source_id"].astype(str), sources["language"].astype(str), strict=True))


def _read_as(frame: pd.DataFrame, frames: Frames, rules: RuleTable) -> pd.Series:
    """Each figure's words as they are read: in its source's language when the table has rules for that language
    ("ar\x00أكثر من 740"), else as they are (the default language, English)."""
    others = [c for c in rules.languages if c != rules.default]
    languages = {sid: lang for sid, lang in source_languages(frames).items() if lang in others}
    if not languages or "source_id" not in frame:
        return frame["number_text"]  # every figure in the default language: the words as they are
    words = frame["number_text"].astype("string")
    own = frame["source_id"].map(languages).astype("string")
    return (own + "\x00" + words).fillna(words)


def _interval_problems(
    pkg: Package, frame: pd.DataFrame, lines: list[int], rules: RuleTable, frames: Frames | None = None
) -> list[Problem]:
    # each distinct wording is parsed once, in its source's language; the columns are then compared whole
    frame = frame.assign(number_text=_read_as(frame, frames or {}, rules))
    parsed = _parsed(list(frame["number_text"].dropna().astype(str).unique()), rules)
    problems = []
    words = _plain(frame["number_text"])
    for i in np.flatnonzero(frame["number_text"].notna().to_numpy(dtype=bool)):
        if parsed[str(words[i])] is None:
            problems.append(
                Problem(
                    pkg.relpath("figures"),
                    lines[i],
                    "number_text",
                    f"{str(words[i]).split(chr(0))[-1]!r} holds no number by the interval rules; "
                    "record it as an exclusion or correct the words",
                    "provenance",
                    "no-number",
                )
            )
    expected = {
        "interval_rule": "rule",
        "qualifier": "qualifier",
        "low": "low",
        "stated_number": "stated",
        "high": "high",
    }
    present = [fld for fld in expected if fld in frame]  # frictionless reports a missing column
    # rows with the same words and the same cells have the same verdict: compare each combination once
    sub = frame[["number_text", *present]]
    has = sub["number_text"].notna().to_numpy(dtype=bool)
    group = sub.groupby(list(sub), dropna=False, sort=False).ngroup().to_numpy()
    first = pd.Series(np.arange(len(sub)))[has].groupby(group[has]).first()
    wrong = [
        g
        for g, row in zip(first.index, records(sub, first.to_numpy()), strict=True)
        if _interval_mismatches(row, parsed, present, expected)
    ]
    rows = np.flatnonzero(has & np.isin(group, wrong))
    for i, row in zip(rows, records(sub, rows), strict=True):
        for fld, want, p in _interval_mismatches(row, parsed, present, expected):
            problems.append(
                Problem(
                    pkg.relpath("figures"),
                    lines[i],
                    fld,
                    f"is {_fmt(row[fld])}, but rule {p.rule} gives {_fmt(want)} for "
                    f"{str(row['number_text']).split(chr(0))[-1]!r} (see data/interval_rules.csv)",
                    "provenance",
                    "interval-mismatch",
                )
            )
    return problems


def _interval_mismatches(
    row: dict, parsed: dict[str, Parsed | None], present: list[str], expected: dict[str, str]
) -> list[tuple[str, object, Parsed]]:
    """(field, the value the rule gives, the reading) of each cell of the row that differs from the reading."""
    p = parsed.get(str(row["number_text"]))
    if p is None:
        return []
    return [(fld, getattr(p, expected[fld]), p) for fld in present if row[fld] != getattr(p, expected[fld])]


def _parsed(words: list[str], rules: RuleTable) -> dict[str, Parsed | None]:
    """Each distinct figure wording read by the interval rules, from the cache where it was read before."""
    cached = load_parsed(rules)
    missing = [w for w in words if w not in cached]
    for w in missing:
        language, _, text = w.rpartition("\x00")  # "ar\x00أكثر من 740": see _read_as
        cached[w] = parse_figure(text, rules, language=language or None)
    if missing or len(cached) != len(words):
        store_parsed(rules, {w: cached[w] for w in words})
    return {w: cached[w] for w in words}


def _rows_where(column: pd.Series, bad_values: set[str]) -> list[int]:
    """Positions of the rows whose cell is one of `bad_values` (found by Arrow; usually none)."""
    return np.flatnonzero(isin(column, bad_values).to_numpy(dtype=bool)).tolist() if bad_values else []


def _place_problems(pkg: Package, name: str, frame: pd.DataFrame, lines: list[int]) -> list[Problem]:
    problems = []
    if "country" in frame:
        unknown = {c for c in frame["country"].dropna().astype(str).unique() if not is_country(c)}
        for i in _rows_where(frame["country"], unknown):
            problems.append(
                Problem(
                    pkg.relpath(name),
                    lines[i],
                    "country",
                    f"{frame['country'].iat[i]!r} is not an ISO 3166-1 alpha-2 code",
                    "provenance",
                    "country-code",
                )
            )
    if "admin1" in frame:
        cells = frame["admin1"].dropna().astype(str).unique()
        codes = {c for cell in cells for c in cell.split(";")}
        unknown = {c for c in codes if not is_subdivision(c)}
        bad_cells = {cell for cell in cells if unknown & set(cell.split(";"))}
        for i in _rows_where(frame["admin1"], bad_cells):
            for code in str(frame["admin1"].iat[i]).split(";"):
                if code in unknown:
                    problems.append(
                        Problem(
                            pkg.relpath(name),
                            lines[i],
                            "admin1",
                            f"{code!r} is not an ISO 3166-2 subdivision code (e.g. SY-LA)",
                            "provenance",
                            "admin1-code",
                        )
                    )
    return problems


def _language_problems(pkg: Package, frame: pd.DataFrame, lines: list[int]) -> list[Problem]:
    # the page's language and the language of the statement it reports: both ISO 639-1
    problems = []
    for column in ("language", "statement_language"):
        if column not in frame:
            continue  # frictionless reports a missing column
        unknown = {c for c in frame[column].dropna().astype(str).unique() if not is_language(c)}
        problems += [
            Problem(
                pkg.relpath("sources"),
                lines[i],
                column,
                f"{frame[column].iat[i]!r} is not an ISO 639-1 code",
                "provenance",
                "language-code",
            )
            for i in _rows_where(frame[column], unknown)
        ]
    return problems


def _unlisted_texts(pkg: Package, frames: dict) -> list[Problem]:
    """A text under seeds/ that no source lists would escape every check."""
    import os

    if "sources" not in frames or not (pkg.root / "seeds").is_dir():
        return []
    listed = set(frames["sources"][0]["path"].dropna().astype(str))
    with os.scandir(pkg.root / "seeds") as entries:  # names, not Path objects: 200,000 of them
        unlisted = sorted(
            e.name
            for e in entries  # glob("*") left out dot files too
            if not e.name.startswith(".") and f"seeds/{e.name}" not in listed and e.is_file()
        )
    return [
        Problem(
            f"seeds/{name}",
            None,
            None,
            f"no row of {pkg.relpath('sources')} lists this text; add one (with its sha256) or remove the file",
            "provenance",
            "unlisted-text",
        )
        for name in unlisted
    ]


class Texts:
    """The package's texts, read once, in batches, with their mentions found in other processes ahead of
    the checks that need them.

    validate() makes one right after the tables are read and reads ahead, so that the mentions of the
    first texts are being found while the rules and links layers run; check_provenance then takes the
    batches in order, each batch's mentions being found while the one before it is checked. Problems of
    the texts themselves (missing, unsafe, not UTF-8, another sha256) gather in `problems`."""

    def __init__(self, pkg: Package, frames: Frames, batch: int = TEXT_BATCH) -> None:
        self.problems: list[Problem] = []
        self.rule_problems: list[Problem] = []  # the rule table cannot be used
        self.rules = _rule_table(pkg, frames, self.rule_problems)
        # no mention is looked for where coverage will not run
        self.mentions = (
            MentionCache(self.rules, source_languages(frames))
            if self.rules is not None and coverage_applies(pkg, frames)
            else None
        )
        self._batches = _source_texts(pkg, frames, self.problems, batch)
        self._ahead: deque[tuple[dict[str, str], dict[str, str]]] = deque()

    def read_ahead(self, texts: int = READ_AHEAD) -> None:
        """Read batches until about `texts` texts are held (at least one batch), starting their mentions; a
        batch none of whose texts went to another process (all cached, too few to send, no processes here)
        ends the reading ahead: holding it sooner gains nothing."""
        while not self._ahead or sum(len(b[0]) for b in self._ahead) < texts:
            batch = next(self._batches, None)
            if batch is None:
                return
            sent = self.mentions.start(*batch) if self.mentions is not None else 0
            self._ahead.append(batch)
            if not sent:
                return

    def __iter__(self) -> Iterator[tuple[dict[str, str], dict[str, str]]]:
        """(source_id -> text, source_id -> its sha256), batch after batch."""
        self.read_ahead(0)
        while self._ahead:
            batch = self._ahead.popleft()
            self.read_ahead(0)  # the next batch's mentions are found while this one is checked
            yield batch

    def close(self) -> None:
        """Stop the other processes and let go of the texts and mentions still held."""
        if self.mentions is not None:
            self.mentions.close()
        self.mentions = None
        self._ahead.clear()
        self._batches = iter(())


def check_provenance(pkg: Package, frames: Frames, texts: Texts | None = None) -> list[Problem]:
    """The provenance checks; `texts` is the package's Texts when a caller read some ahead."""
    texts = texts if texts is not None else Texts(pkg, frames)
    try:
        return _check_provenance(pkg, frames, texts)
    finally:
        texts.close()


def _check_provenance(pkg: Package, frames: Frames, texts: Texts) -> list[Problem]:
    problems: list[Problem] = []
    if "sources" in frames:
        problems += _language_problems(pkg, *frames["sources"])
    for name in ("figures", "events"):
        if name in frames:
            problems += _place_problems(pkg, name, *frames[name])
    quoted = []  # (table, its frame and lines, the source of each row)
    for name in QUOTED_TABLES:
        if name not in frames:
            continue
        frame, lines = frames[name]
        if name == "attributions":
            if "figures" not in frames:
                continue
            figure_source = frames["figures"][0].set_index("figure_id")["source_id"]
            figure_source = figure_source[~figure_source.index.duplicated()]
            source_of = frame["figure_id"].map(figure_source)
        else:
            source_of = frame["source_id"]
        quoted.append((name, frame, lines, source_of.reset_index(drop=True)))
    problems += _as_of_problems(pkg, frames)
    table_problems = _rule_table_problems(pkg, frames)
    problems += table_problems
    if not table_problems:
        problems += texts.rule_problems
    rules, mentions = texts.rules, texts.mentions
    if rules is not None and "figures" in frames:
        problems += _interval_problems(pkg, *frames["figures"], rules, frames)
    for batch, digests in texts:
        for name, frame, lines, source_of in quoted:
            problems += _quote_problems(pkg, name, frame, lines, source_of, batch)
            for columns in OTHER_QUOTES.get(name, ()):
                problems += _quote_problems(pkg, name, frame, lines, source_of, batch, columns)
        if mentions is not None:
            problems += check_coverage(pkg, frames, batch, mentions, digests)
    problems += texts.problems
    if rules is None:
        return problems  # said above: the interval and coverage checks need the rule table
    if mentions is not None:
        mentions.save()
    return problems + _unlisted_texts(pkg, frames)


def _rule_table(pkg: Package, frames: dict, problems: list[Problem]) -> RuleTable | None:
    """The package's own interval rules (not the installed tool's), or None when they do not load; then
    a problem says so (into `problems`), since the interval and coverage checks stop without them."""
    if "interval_rules" not in frames:
        return None  # the structure layer has said why the table cannot be read
    try:
        return load_rules(pkg.path("interval_rules"))
    except (ValueError, KeyError, ZeroDivisionError, OSError, ArithmeticError) as exc:
        problems.append(
            Problem(
                pkg.relpath("interval_rules"),
                None,
                None,
                f"the rule table cannot be used ({exc}); the interval and coverage checks are skipped until it can",
                "provenance",
                "rule-table-error",
            )
        )
        return None


def _cues(cell: object) -> list[str]:
    """A rule's cues as numbers.load_rules reads them: ';'-separated, lower case, spaces folded."""
    return [] if pd.isna(cell) else [c for c in (" ".join(x.lower().split()) for x in str(cell).split(";")) if c]


def _languages(cell: object) -> list[str]:
    """A rule's languages as load_rules reads them: ';'-separated, English when the cell or column is missing."""
    codes = [] if cell is None or pd.isna(cell) else [c.strip() for c in str(cell).split(";") if c.strip()]
    return codes or [DEFAULT_LANGUAGE]


def _first_bare(bare: dict[str, list[tuple[str, int]]], rule_id: str) -> tuple[str, int]:
    """The first bare-number rule of a language that another one (rule_id) repeats."""
    return next(rules[0] for rules in bare.values() if rule_id in [r for r, _ in rules[1:]])


def _rule_table_problems(pkg: Package, frames: dict) -> list[Problem]:
    """The rule table is unambiguous: each cue in one rule per position, and one bare-number rule (no
    cue, no unit), so that every phrase has exactly one reading."""
    if "interval_rules" not in frames:
        return []
    frame, lines = frames["interval_rules"]
    file, problems = pkg.relpath("interval_rules"), []
    # each language's rules on their own (a table without the language column is English)
    seen: dict[tuple[str, str, str], tuple[str, int]] = {}
    bare: dict[str, list[tuple[str, int]]] = {}
    every_language: set[str] = set()
    for i, row in frame.iterrows():
        rule_id = str(row.get("rule_id"))
        position = "before" if pd.isna(row.get("cue_position")) else str(row.get("cue_position"))
        cues = _cues(row.get("cues"))
        languages = _languages(row.get("language"))
        every_language.update(languages)
        for cue, language in ((c, lang) for c in cues for lang in languages):
            if (language, cue, position) in seen:
                other, line = seen[(language, cue, position)]
                problems.append(
                    Problem(
                        file,
                        lines[i],
                        "cues",
                        f"the cue {cue!r} ({position} the number) is also "
                        f"a cue of rule {other} on line {line}; a cue belongs to one rule",
                        "provenance",
                        "duplicate-cue",
                    )
                )
            seen.setdefault((language, cue, position), (rule_id, lines[i]))
        if not cues and pd.isna(row.get("unit")):
            for language in languages:
                bare.setdefault(language, []).append((rule_id, lines[i]))
    for rule_id, line in (b for rules in bare.values() for b in rules[1:]):
        problems.append(
            Problem(
                file,
                line,
                "cues",
                f"rule {rule_id} has no cue and no unit, as rule {_first_bare(bare, rule_id)[0]} "
                f"on line {_first_bare(bare, rule_id)[1]}: the bare number would have two readings; give one of them "
                "a cue, or remove it",
                "provenance",
                "bare-number-rule",
            )
        )
    for language in sorted(every_language - bare.keys()) or ([] if bare else [DEFAULT_LANGUAGE]):
        problems.append(
            Problem(
                file,
                None,
                "cues",
                f"no rule of language {language!r} has no cue and no unit: a bare number such as '745' "
                "would have no reading; add the bare-number rule (or the language to its language cell)",
                "provenance",
                "bare-number-rule",
            )
        )
    return problems


def _as_of_problems(pkg: Package, frames: dict) -> list[Problem]:
    """A count's as-of date is no later than the latest day its source can have been published."""
    if "figures" not in frames or "sources" not in frames:
        return []
    figures, lines = frames["figures"]
    latest = frames["sources"][0].drop_duplicates("source_id").set_index("source_id")["published_latest"]
    published = pd.Series(latest.reindex(figures["source_id"]).to_numpy(), index=figures.index)  # typed if empty
    late = (figures["as_of"] > published).fillna(False).to_numpy(dtype=bool)
    problems = []
    for i in map(int, late.nonzero()[0]):
        as_of, sid = figures["as_of"].iat[i], figures["source_id"].iat[i]
        problems.append(
            Problem(
                pkg.relpath("figures"),
                lines[i],
                "as_of",
                f"as_of {_fmt(as_of)} is after {sid} was published (at the latest "
                f"{_fmt(latest[sid])}); a text cannot report a count as of a later day",
                "provenance",
                "as-of-after-publication",
            )
        )
    return problems
