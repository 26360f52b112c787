"""Validation: every check on the package, all problems at once, one line each.

Layers, in order, one module each: structure (the descriptor's shape, closed-world paths, encodings,
headers against schemas, single cells), table_schema (frictionless: types, constraints, keys), rules
(cross-field checks with pandera), links (rules that join rows or tables: copies, relays, parts, events),
provenance (texts, quotes, offsets, intervals, places), coverage (every number in the texts), drafts (rows
`tolls add` drafted that a person has still to decide). The tables are read once (frames) after the
structure and table-schema layers, and only those whose structure is sound; the later layers read those
frames.
A problem reads `data/figures.csv:12: low: -5 is below the minimum 0 [constraint-error]`.
"""

from __future__ import annotations

import re
from functools import partial
from pathlib import Path

from tolls.package.loading import DESCRIPTOR, Package, PackageError
from tolls.validation.drafts import check_drafts, fold_into_drafts
from tolls.validation.frames import Frames, load_frames
from tolls.validation.hashes import hash_problems
from tolls.validation.links import check_links
from tolls.validation.problems import Problem, format_problems, github_annotations, print_problems
from tolls.validation.provenance import Texts, check_provenance
from tolls.validation.row_checks import check_rules
from tolls.validation.series import check_series
from tolls.validation.structure import check_structure, descriptor_problem
from tolls.validation.table_schema import check_frictionless, start_descriptor_check

__all__ = ["Problem", "validate", "format_problems", "github_annotations", "print_problems"]


def _causes_first(problems: list[Problem]) -> list[Problem]:
    """A wrong number_text is the cause of the interval that does not match it: say only the cause."""
    wrong_words = {(p.file, p.line) for p in problems if p.code == "partial-number-text"}
    return [p for p in problems if not (p.code == "interval-mismatch" and (p.file, p.line) in wrong_words)]


def _read_ahead(pkg: Package, frames: Frames) -> Texts | None:
    """The package's texts with the first batches read; None when the sources table lacks a column the
    reading needs (the provenance layer then says which)."""
    texts = None
    try:
        texts = Texts(pkg, frames)
        texts.read_ahead()
        return texts
    except KeyError:
        if texts is not None:
            texts.close()
        return None


def validate(pkg: Package | Path | str | None = None) -> list[Problem]:
    """Run every check on the package at `pkg` (a Package, a folder, or None for the current one)."""
    if not isinstance(pkg, Package):
        pkg = Package.open(pkg)
    linked = descriptor_problem(pkg.root)
    if linked is not None:
        return [linked]
    try:
        _ = pkg.descriptor  # read it now: an unreadable descriptor is one clear problem
    except PackageError as exc:
        return [Problem(DESCRIPTOR, None, None, str(exc), "structure", "descriptor-unreadable")]
    structure = check_structure(pkg)
    problems = list(structure.problems)
    if structure.descriptor_ok:
        # frictionless reads the descriptor in a second process while the later layers run in this one
        descriptor_ok = start_descriptor_check(pkg, structure.readable)
        if not any(p.code == "unsafe-path" for p in problems):  # never hash a file outside the package
            problems += hash_problems(pkg)
        frames = load_frames(pkg, structure.readable)
        texts = _read_ahead(pkg, frames)  # their mentions are found in other processes while rules and links run
        try:
            for layer, check in (
                ("rules", check_rules),
                ("links", check_links),
                ("links", check_series),
                ("provenance", partial(check_provenance, texts=texts)),
            ):
                try:
                    problems += check(pkg, frames)
                except KeyError as exc:
                    # the schema itself lacks a column these checks read (the header matches the schema); pandas
                    # says "['name'] not in index", a dict the name alone
                    names = re.findall(r"'([^']+)'", str(exc.args[0] if exc.args else exc)) or [str(exc)]
                    problems.append(
                        Problem(
                            DESCRIPTOR,
                            None,
                            None,
                            f"the {layer} checks read the column {', '.join(names)}, "
                            "which no schema that needs it lists; restore the field in "
                            f"{DESCRIPTOR}",
                            layer,
                            "column-needed",
                        )
                    )
        finally:  # whatever a layer raised (Ctrl-C included), no process goes on finding mentions
            if texts is not None:
                texts.close()
        # a stale resource hash or size is one `stale-hash` problem that says how to fix it, not frictionless's two
        problems += [
            p
            for p in check_frictionless(pkg, structure.readable, descriptor_ok=descriptor_ok)
            if p.code not in ("hash-count", "byte-count")
        ]
        drafts, undecided = check_drafts(pkg, frames)
        problems = _causes_first(fold_into_drafts(problems, undecided) + drafts)
    return sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field or "", p.message))
