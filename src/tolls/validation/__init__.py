"""Validation: every check on the package, all problems at once, one line each.

Layers, in order, one module each: structure (paths, encodings, formula cells), table_schema
(frictionless: types, constraints, keys), rules (cross-field checks with pandera), links (rules that
join rows or tables: copies, relays, parts, events), provenance (texts,
quotes, offsets, intervals, places), coverage (every number in the texts). The tables are read once
(frames) after the structure and table-schema layers; the later layers read those frames.
A problem reads `data/figures.csv:12: low: -5 is below the minimum 0 [constraint-error]`.
"""

from __future__ import annotations

from pathlib import Path

from tolls.package import DESCRIPTOR, Package, PackageError
from tolls.validation.frames import load_frames
from tolls.validation.links import check_links
from tolls.validation.problems import Problem, format_problems, github_annotations, print_problems
from tolls.validation.provenance import check_provenance
from tolls.validation.rules import check_rules
from tolls.validation.structure import check_safety, readable_resources
from tolls.validation.table_schema import check_frictionless

__all__ = ["Problem", "validate", "format_problems", "github_annotations", "print_problems"]


def validate(pkg: Package | Path | str | None = None) -> list[Problem]:
    """Run every check on the package at `pkg` (a Package, a folder, or None for the current one)."""
    from tolls.descriptor import hash_problems  # here: tolls.descriptor imports Problem from this package

    if not isinstance(pkg, Package):
        pkg = Package.open(pkg)
    try:
        _ = pkg.descriptor  # read it now: an unreadable descriptor is one clear problem
    except PackageError as exc:
        return [Problem(DESCRIPTOR, None, None, str(exc), "safety", "descriptor-unreadable")]
    problems = check_safety(pkg)
    readable = readable_resources(pkg, problems)
    # a stale resource hash or size is one `stale-hash` problem that says how to fix it, not frictionless's two
    problems += [p for p in check_frictionless(pkg, readable) if p.code not in ("hash-count", "byte-count")]
    problems += hash_problems(pkg)
    frames = load_frames(pkg, readable)
    problems += check_rules(pkg, frames)
    problems += check_links(pkg, frames)
    problems += check_provenance(pkg, frames)
    return sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.field or "", p.message))
