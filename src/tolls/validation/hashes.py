"""The `stale-hash` check: a file resource whose sha256 or size is no longer the one datapackage.json records.

tolls.package.descriptor computes a file's facts and writes them; this module, in the structure layer, says
which differ and how to fix them (the package stage knows nothing of problems: imports run down the stages).
"""

from __future__ import annotations

from tolls.package.descriptor import FIX_COMMAND, file_facts
from tolls.package.loading import DESCRIPTOR, Package
from tolls.validation.problems import Problem


def _said(facts: dict, keys: list[str]) -> str:
    return ", ".join(f"{facts[k]} bytes" if k == "bytes" else str(facts[k]) for k in keys)


def hash_problems(pkg: Package) -> list[Problem]:
    """A problem for each file resource whose hash or size differs from its file (both are optional in Data
    Package v2; tests/package/test_descriptor.py checks that the shipped descriptor has them)."""
    problems = []
    for name in pkg.resource_names:
        res = pkg.resource(name)
        if not isinstance(res.get("path"), str) or not pkg.path(name).is_file():
            continue
        facts = file_facts(pkg, name)
        stale = [k for k in ("hash", "bytes") if k in res and res[k] != facts[k]]
        if stale:
            problems.append(
                Problem(
                    DESCRIPTOR,
                    None,
                    None,
                    f"resource {name!r}: {' and '.join(stale)} "
                    f"{'does' if len(stale) == 1 else 'do'} not match {res['path']} as it is "
                    f"now (datapackage.json says {_said(res, stale)}; the file has "
                    f"{_said(facts, stale)}); run "
                    f"`{FIX_COMMAND}` or `tolls docs` to update {'it' if len(stale) == 1 else 'them'}",
                    "structure",
                    "stale-hash",
                )
            )
    return problems
