"""Provenance: each text is the one its sha256 names, each quote stands at its offsets, each interval is
what its rule gives for the words, and every code (country, subdivision, language) exists.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
import pandas as pd
import pycountry

from tolls.numbers import Parsed, RuleTable, load_rules, parse_figure
from tolls.package import Package
from tolls.rules import QUOTED_TABLES
from tolls.validation.cache import cache_file, load, store
from tolls.validation.coverage import check_coverage
from tolls.validation.frames import Frames
from tolls.validation.frames import fmt as _fmt
from tolls.validation.problems import Problem
from tolls.validation.structure import bad_byte, encoding_code, encoding_problem, line_of_byte, unsafe_path_reason


def _source_texts(pkg: Package, frames: dict, problems: list[Problem],
                  digests: dict[str, str] | None = None) -> dict[str, str]:
    """source_id -> text, for the sources whose file is safe, present, UTF-8 and matches its sha256.
    `digests` (when given) receives each text's sha256, the key of the per-text cache."""
    if "sources" not in frames:
        return {}
    sources, lines = frames["sources"]
    file = pkg.relpath("sources")
    texts = {}
    for line, sid, path, sha in zip(lines, sources["source_id"], sources["path"], sources["sha256"], strict=True):
        if pd.isna(path):
            continue
        reason = unsafe_path_reason(str(path))
        if reason:
            problems.append(Problem(file, line, "path", reason, "safety", "unsafe-path"))
            continue
        target = pkg.root / str(path)
        if not target.is_file():
            problems.append(Problem(file, line, "path", f"{path} does not exist; copy the source text there",
                                    "provenance", "text-missing"))
            continue
        raw = target.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if not pd.isna(sha) and digest != sha:
            problems.append(Problem(file, line, "sha256", f"{path} has sha256 {digest}, not {sha}; "
                                    "the text changed, or the hash is wrong", "provenance", "sha256-mismatch"))
        bad = encoding_problem(raw)
        if bad:
            problems.append(Problem(str(path), line_of_byte(raw, bad_byte(raw)), None, bad, "safety",
                                    encoding_code(raw)))
            continue
        texts[sid] = raw.decode("utf-8")
        if digests is not None:
            digests[sid] = digest
    return texts


def _plain(column: pd.Series) -> list:
    """A column as plain Python values, None for any kind of missing (to compare with parser output)."""
    return column.astype(object).where(column.notna(), None).tolist()


# Per quoting table: the words that must stand inside its quote (besides the quote itself).
INNER_WORDS = {"figures": ("number_text", "measure_words"), "exclusions": ("number_text",),
               "unnumbered_harms": ("harm_words",)}
# Quotes a table holds besides `quote`: (quote column, start column, end column).
OTHER_QUOTES = {"contradictions": (("other_quote", "other_quote_start", "other_quote_end"),)}


def _quote_problems(pkg: Package, name: str, frame: pd.DataFrame, lines: list[int],
                    source_of: pd.Series, texts: dict[str, str],
                    columns: tuple[str, str, str] = ("quote", "quote_start", "quote_end")) -> list[Problem]:
    qcol, scol, ecol = columns
    if not {qcol, scol, ecol} <= set(frame):
        return []  # frictionless reports the missing column
    inner = [w for w in (INNER_WORDS.get(name, ()) if qcol == "quote" else ()) if w in frame]
    source_of = source_of.reindex(range(len(frame)))
    # frictionless or a rule reports an empty or non-integer offset
    checked = (source_of.isin(list(texts)) & frame[qcol].notna() & frame[scol].notna()
               & frame[ecol].notna()).to_numpy(dtype=bool)
    rows = np.flatnonzero(checked)
    inner_cells = [frame[w].iloc[rows].tolist() for w in inner]
    problems = []
    # a slice of each row's own text: no column operation does that, so one pass over the checked rows
    for k, (i, sid, quote, start, end) in enumerate(zip(rows, source_of.iloc[rows], frame[qcol].iloc[rows],
                                                       frame[scol].iloc[rows], frame[ecol].iloc[rows], strict=True)):
        text, quote = texts[sid], str(quote)
        if text[int(start):int(end)] != quote:
            found = [m.start() for m in re.finditer(re.escape(quote), text)]
            where = (f"it stands at {', '.join(f'{s}..{s + len(quote)}' for s in found)}" if found
                     else "it is not in the text (check every character, including quotes and apostrophes)")
            problems.append(Problem(pkg.relpath(name), lines[i], scol,
                                    f"the {qcol.replace('_', ' ')} does not stand at {_fmt(start)}..{_fmt(end)} of "
                                    f"{sid}'s text; {where}", "provenance", "quote-not-at-offsets"))
        for words, cells in zip(inner, inner_cells, strict=True):
            value = cells[k]
            if not pd.isna(value) and str(value) not in quote:
                problems.append(Problem(pkg.relpath(name), lines[i], words,
                                        f"{value!r} does not stand inside the quote", "provenance",
                                        f"{words.replace('_', '-')}-outside-quote"))
    return problems


def _interval_problems(pkg: Package, frame: pd.DataFrame, lines: list[int], rules: RuleTable) -> list[Problem]:
    # each distinct wording is parsed once; the columns are then compared whole
    parsed = _parsed(list(frame["number_text"].dropna().astype(str).unique()), rules)
    problems = []
    words = _plain(frame["number_text"])
    for i in np.flatnonzero(frame["number_text"].notna().to_numpy(dtype=bool)):
        if parsed[str(words[i])] is None:
            problems.append(Problem(pkg.relpath("figures"), lines[i], "number_text",
                                    f"{words[i]!r} holds no number by the interval rules; "
                                    "record it as an exclusion or correct the words", "provenance", "no-number"))
    expected = {"interval_rule": "rule", "qualifier": "qualifier", "low": "low", "stated_number": "stated",
                "high": "high"}
    for fld, attr in expected.items():
        if fld not in frame:
            continue  # frictionless reports the missing column
        have = _plain(frame[fld])
        for i, (text, got) in enumerate(zip(words, have, strict=True)):
            p = parsed.get(str(text)) if text is not None else None
            if p is None:
                continue
            want = getattr(p, attr)
            if got != want:
                problems.append(Problem(pkg.relpath("figures"), lines[i], fld,
                                        f"is {_fmt(got)}, but rule {p.rule} gives {_fmt(want)} for "
                                        f"{text!r} (see data/interval_rules.csv)", "provenance",
                                        "interval-mismatch"))
    return problems


def _parsed(words: list[str], rules: RuleTable) -> dict[str, Parsed | None]:
    """Each distinct figure wording read by the interval rules, from the cache where it was read before."""
    path = cache_file("parsed", rules)
    cached = load(path)
    missing = [w for w in words if w not in cached]
    for w in missing:
        cached[w] = parse_figure(w, rules)
    if missing or len(cached) != len(words):
        store(path, {w: cached[w] for w in words})
    return {w: cached[w] for w in words}


def _place_problems(pkg: Package, name: str, frame: pd.DataFrame, lines: list[int]) -> list[Problem]:
    problems = []
    if "country" in frame:
        known = {c: pycountry.countries.get(alpha_2=c) is not None
                 for c in frame["country"].dropna().astype(str).unique()}
        for i, country in zip(range(len(frame)), _plain(frame["country"]), strict=True):
            if country is not None and not known[str(country)]:
                problems.append(Problem(pkg.relpath(name), lines[i], "country",
                                        f"{country!r} is not an ISO 3166-1 alpha-2 code", "provenance",
                                        "country-code"))
    if "admin1" in frame:
        codes = {c for cell in frame["admin1"].dropna().astype(str).unique() for c in cell.split(";")}
        unknown = {c for c in codes if pycountry.subdivisions.get(code=c) is None}
        for i, admin1 in zip(range(len(frame)), _plain(frame["admin1"]), strict=True):
            for code in [] if admin1 is None or not unknown else str(admin1).split(";"):
                if code in unknown:
                    problems.append(Problem(pkg.relpath(name), lines[i], "admin1",
                                            f"{code!r} is not an ISO 3166-2 subdivision code (e.g. SY-LA)",
                                            "provenance", "admin1-code"))
    return problems


def _language_problems(pkg: Package, frame: pd.DataFrame, lines: list[int]) -> list[Problem]:
    known = {c: pycountry.languages.get(alpha_2=c) is not None
             for c in frame["language"].dropna().astype(str).unique()}
    return [Problem(pkg.relpath("sources"), lines[i], "language", f"{lang!r} is not an ISO 639-1 code", "provenance",
                    "language-code")
            for i, lang in enumerate(_plain(frame["language"]))
            if lang is not None and not known[str(lang)]]


def _unlisted_texts(pkg: Package, frames: dict) -> list[Problem]:
    """A text under seeds/ that no source lists would escape every check."""
    if "sources" not in frames:
        return []
    listed = {str(p) for p in frames["sources"][0]["path"].dropna()}
    return [Problem(path.relative_to(pkg.root).as_posix(), None, None,
                    f"no row of {pkg.relpath('sources')} lists this text; add one (with its sha256) or remove the file",
                    "provenance", "unlisted-text")
            for path in sorted((pkg.root / "seeds").glob("*"))
            if f"seeds/{path.name}" not in listed and path.is_file()]


def check_provenance(pkg: Package, frames: Frames) -> list[Problem]:
    problems: list[Problem] = []
    digests: dict[str, str] = {}
    texts = _source_texts(pkg, frames, problems, digests)
    if "sources" in frames:
        problems += _language_problems(pkg, *frames["sources"])
    for name in ("figures", "events"):
        if name in frames:
            problems += _place_problems(pkg, name, *frames[name])
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
        source_of = source_of.reset_index(drop=True)
        problems += _quote_problems(pkg, name, frame, lines, source_of, texts)
        for columns in OTHER_QUOTES.get(name, ()):
            problems += _quote_problems(pkg, name, frame, lines, source_of, texts, columns)
    rules = _rule_table(pkg, frames)
    if rules is None:
        return problems  # frictionless reports why the rule table cannot be read
    if "figures" in frames:
        problems += _interval_problems(pkg, *frames["figures"], rules)
    problems += check_coverage(pkg, frames, texts, rules, digests)
    return problems + _unlisted_texts(pkg, frames)


def _rule_table(pkg: Package, frames: dict) -> RuleTable | None:
    """The package's own interval rules (not the installed tool's), or None when they do not load."""
    if "interval_rules" not in frames:
        return None
    try:
        return load_rules(pkg.path("interval_rules"))
    except (ValueError, KeyError, ZeroDivisionError, OSError):
        return None
