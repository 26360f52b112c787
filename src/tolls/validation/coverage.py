"""Coverage: every number mention in every text is a figure or an exclusion, with all of its words."""

from __future__ import annotations

import pandas as pd

from tolls.extract import mentions_to_cover
from tolls.numbers import RuleTable
from tolls.package import Package
from tolls.validation.frames import Frames
from tolls.validation.problems import Problem


def check_coverage(pkg: Package, frames: Frames, texts: dict[str, str], rules: RuleTable) -> list[Problem]:
    """Every number mention in the texts is covered by a figure or an exclusion whose number_text is exactly
    the mention's words: what `tolls extract` finds, and also the percentages, durations and pronoun uses it
    leaves out, so that exclusions are complete."""
    names = ("figures", "exclusions")
    if not {"sources", *names} <= frames.keys() or any(pkg.ragged_rows(n) for n in names):
        return []  # without these tables (or with shifted rows) every mention would look uncovered
    spans: dict[str, dict[tuple[int, int], tuple[str, int]]] = {sid: {} for sid in texts}
    for name in names:
        frame, lines = frames[name]
        for i, row in frame.iterrows():
            if row["source_id"] not in spans or pd.isna(row["quote_start"]) or pd.isna(row["number_text"]):
                continue
            quote, text = str(row["quote"]), texts[row["source_id"]]
            at = quote.find(str(row["number_text"]))
            origin = int(row["quote_start"])
            if text[origin:origin + len(quote)] != quote and text.count(quote) == 1:
                origin = text.index(quote)  # wrong offsets are reported as such, not as uncovered numbers
            if at >= 0:
                start = origin + at
                spans[row["source_id"]][(start, start + len(str(row["number_text"])))] = (pkg.relpath(name), lines[i])
    paths = frames["sources"][0].set_index("source_id")["path"]
    problems = []
    for sid, text in texts.items():
        for mention in mentions_to_cover(text, rules):
            if (mention.start, mention.end) in spans[sid]:
                continue
            partial = [(span, where) for span, where in spans[sid].items()
                       if span[0] < mention.end and mention.start < span[1]]
            for (a, b), (file, line) in partial:
                problems.append(Problem(file, line, "number_text",
                                        f"is {text[a:b]!r}, but the number's words in the text are "
                                        f"{mention.number_text!r}; number_text must hold all of them, qualifier "
                                        "included, so that the interval follows from the words (`tolls validate --fix` "
                                        "then writes the interval)", "coverage",
                                        "partial-number-text"))
            if not partial:
                problems.append(Problem(str(paths[sid]), mention.line, None,
                                        f"{mention.number_text!r} (characters {mention.start}..{mention.end}) is "
                                        "covered by no figure and no exclusion; add a row to data/figures.csv or "
                                        "data/exclusions.csv", "coverage", "uncovered-number"))
    return problems
