"""datapackage.json as Data Package v2: each resource's `hash` (sha256) and `bytes`, kept current.

`tolls validate` reports a resource whose file no longer has the size and sha256 the descriptor says
(`stale-hash`); `write_descriptor_hashes` writes them (FIX_COMMAND runs it). The
descriptor's other keys and their order are kept, and it is written as it is formatted (2-space JSON, UTF-8).
"""

from __future__ import annotations

import json

from tolls.files import file_digest, write_atomic
from tolls.package.loading import DESCRIPTOR, Package
from tolls.validation.problems import Problem

HASH_PREFIX = "sha256:"
FIX_COMMAND = "tolls docs"  # the command that rewrites what is generated from the files


def file_facts(pkg: Package, name: str) -> dict[str, object]:
    """{"hash": "sha256:<hex>", "bytes": size} of a resource's file as it is on disk now."""
    path = pkg.path(name)
    return {"hash": HASH_PREFIX + file_digest(path), "bytes": path.stat().st_size}


def update_descriptor_hashes(pkg: Package) -> dict:
    """The descriptor with every file resource's `hash` and `bytes` set from its file (a new dict, keys in the
    descriptor's order; `hash` and `bytes` follow `path` in a resource that had none)."""
    descriptor = json.loads(json.dumps(pkg.descriptor))
    for i, res in enumerate(descriptor.get("resources", [])):
        if not isinstance(res.get("path"), str) or not pkg.path(res["name"]).is_file():
            continue
        facts = file_facts(pkg, res["name"])
        if "hash" in res:
            res.update(facts)
            continue
        items = list(res.items())
        at = [k for k, _ in items].index("path") + 1
        descriptor["resources"][i] = dict(items[:at] + list(facts.items()) + items[at:])
    return descriptor


def render(descriptor: dict) -> str:
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def write_descriptor_hashes(pkg: Package) -> bool:
    """Write datapackage.json with current hashes and sizes; True when it changed."""
    text = render(update_descriptor_hashes(pkg))
    target = pkg.root / DESCRIPTOR
    if target.read_text(encoding="utf-8") == text:
        return False
    write_atomic(target, text)
    pkg.__dict__.pop("descriptor", None)  # the cached descriptor is stale now
    return True


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
                    f"`{FIX_COMMAND}` to update {'it' if len(stale) == 1 else 'them'}",
                    "structure",
                    "stale-hash",
                )
            )
    return problems
