"""Provenance: each text is the one its sha256 names, each quote stands at its offsets, each interval is
what its rule gives for the words, and every code (country, subdivision, language) exists.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd
import pycountry

from tolls.numbers import RuleTable, load_rules, parse_figure
from tolls.package import Package
from tolls.validation.coverage import check_coverage
from tolls.validation.frames import Frames
from tolls.validation.frames import fmt as _fmt
from tolls.validation.problems import Problem
from tolls.validation.structure import bad_byte, encoding_code, encoding_problem, line_of_byte, unsafe_path_reason

QUOTED = ("figures", "exclusions", "attributions")

def _source_texts(pkg: Package, frames: dict, problems: list[Problem]) -> dict[str, str]:
    """source_id -> text, for the sources whose file is safe, present, UTF-8 and matches its sha256."""
    if "sources" not in frames:
        return {}
    sources, lines = frames["sources"]
    texts = {}
    for i, row in sources.iterrows():
        file, line = pkg.relpath("sources"), lines[i]
        path = row.get("path")
        if pd.isna(path):
            continue
        reason = unsafe_path_reason(str(path), pkg.root)
        if reason:
            problems.append(Problem(file, line, "path", reason, "structure", "unsafe-path"))
            continue
        target = pkg.root / str(path)
        if not target.is_file():
            problems.append(Problem(file, line, "path", f"{path} does not exist; copy the source text there",
                                    "provenance", "text-missing"))
            continue
        raw = target.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        if not pd.isna(row.get("sha256")) and digest != row["sha256"]:
            problems.append(Problem(file, line, "sha256", f"{path} has sha256 {digest}, not {row['sha256']}; "
                                    "the text changed, or the hash is wrong", "provenance", "sha256-mismatch"))
        bad = encoding_problem(raw)
        if bad:
            problems.append(Problem(str(path), line_of_byte(raw, bad_byte(raw)), None, bad, "structure",
                                    encoding_code(raw)))
            continue
        texts[row["source_id"]] = raw.decode("utf-8")
    return texts


def _quote_problems(pkg: Package, name: str, frame: pd.DataFrame, lines: list[int],
                    source_of: pd.Series, texts: dict[str, str]) -> list[Problem]:
    problems = []
    for i, row in frame.iterrows():
        sid = source_of.iloc[i] if i < len(source_of) else None
        if pd.isna(sid) or sid not in texts or pd.isna(row["quote"]):
            continue
        text, quote = texts[sid], str(row["quote"])
        start, end = row["quote_start"], row["quote_end"]
        if pd.isna(start) or pd.isna(end):
            continue  # frictionless reports the empty or non-integer offset
        if text[int(start):int(end)] != quote:
            found = [m.start() for m in re.finditer(re.escape(quote), text)]
            where = (f"it stands at {', '.join(f'{s}..{s + len(quote)}' for s in found)}" if found
                     else "it is not in the text (check every character, including quotes and apostrophes)")
            problems.append(Problem(pkg.relpath(name), lines[i], "quote_start",
                                    f"the quote does not stand at {_fmt(start)}..{_fmt(end)} of {sid}'s text; "
                                    f"{where}", "provenance", "quote-not-at-offsets"))
        if "number_text" in row and not pd.isna(row["number_text"]) and str(row["number_text"]) not in quote:
            problems.append(Problem(pkg.relpath(name), lines[i], "number_text",
                                    f"{row['number_text']!r} does not stand inside the quote", "provenance",
                                    "number-text-outside-quote"))
    return problems


def _interval_problems(pkg: Package, frame: pd.DataFrame, lines: list[int], rules: RuleTable) -> list[Problem]:
    problems = []
    for i, row in frame.iterrows():
        if pd.isna(row["number_text"]):
            continue
        parsed = parse_figure(str(row["number_text"]), rules)
        if parsed is None:
            problems.append(Problem(pkg.relpath("figures"), lines[i], "number_text",
                                    f"{row['number_text']!r} holds no number by the interval rules; "
                                    "record it as an exclusion or correct the words", "provenance", "no-number"))
            continue
        expected = {"interval_rule": parsed.rule, "qualifier": parsed.qualifier,
                    "low": parsed.low, "best": parsed.best, "high": parsed.high}
        for fld, want in expected.items():
            have = None if pd.isna(row[fld]) else row[fld]
            if have != want:
                problems.append(Problem(pkg.relpath("figures"), lines[i], fld,
                                        f"is {_fmt(have)}, but rule {parsed.rule} gives {_fmt(want)} for "
                                        f"{row['number_text']!r} (see data/interval_rules.csv)", "provenance",
                                        "interval-mismatch"))
    return problems


def _place_problems(pkg: Package, name: str, frame: pd.DataFrame, lines: list[int]) -> list[Problem]:
    problems = []
    for i, row in frame.iterrows():
        country = row.get("country")
        if not pd.isna(country) and pycountry.countries.get(alpha_2=str(country)) is None:
            problems.append(Problem(pkg.relpath(name), lines[i], "country",
                                    f"{country!r} is not an ISO 3166-1 alpha-2 code", "provenance", "country-code"))
        admin1 = row.get("admin1")
        for code in [] if pd.isna(admin1) else str(admin1).split(";"):
            if pycountry.subdivisions.get(code=code) is None:
                problems.append(Problem(pkg.relpath(name), lines[i], "admin1",
                                        f"{code!r} is not an ISO 3166-2 subdivision code (e.g. SY-LA)", "provenance",
                                        "admin1-code"))
    return problems


def _language_problems(pkg: Package, frame: pd.DataFrame, lines: list[int]) -> list[Problem]:
    return [Problem(pkg.relpath("sources"), lines[i], "language", f"{lang!r} is not an ISO 639-1 code", "provenance",
                    "language-code")
            for i, lang in frame["language"].items()
            if not pd.isna(lang) and pycountry.languages.get(alpha_2=str(lang)) is None]


def _unlisted_texts(pkg: Package, frames: dict) -> list[Problem]:
    """A text under seeds/ that no source lists would escape every check."""
    if "sources" not in frames:
        return []
    listed = {str(p) for p in frames["sources"][0]["path"].dropna()}
    return [Problem(path.relative_to(pkg.root).as_posix(), None, None,
                    f"no row of {pkg.relpath('sources')} lists this text; add one (with its sha256) or remove the file",
                    "provenance", "unlisted-text")
            for path in sorted((pkg.root / "seeds").glob("*"))
            if path.is_file() and path.relative_to(pkg.root).as_posix() not in listed]


def check_provenance(pkg: Package, frames: Frames) -> list[Problem]:
    problems: list[Problem] = []
    texts = _source_texts(pkg, frames, problems)
    if "sources" in frames:
        problems += _language_problems(pkg, *frames["sources"])
    for name in ("figures", "events"):
        if name in frames:
            problems += _place_problems(pkg, name, *frames[name])
    for name in QUOTED:
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
        problems += _quote_problems(pkg, name, frame, lines, source_of.reset_index(drop=True), texts)
    rules = _rule_table(pkg, frames)
    if rules is None:
        return problems  # frictionless reports why the rule table cannot be read
    if "figures" in frames:
        problems += _interval_problems(pkg, *frames["figures"], rules)
    problems += check_coverage(pkg, frames, texts, rules)
    return problems + _unlisted_texts(pkg, frames)


def _rule_table(pkg: Package, frames: dict) -> RuleTable | None:
    """The package's own interval rules (not the installed tool's), or None when they do not load."""
    if "interval_rules" not in frames:
        return None
    try:
        return load_rules(pkg.path("interval_rules"))
    except (ValueError, KeyError, ZeroDivisionError, OSError):
        return None
