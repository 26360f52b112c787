"""datapackage.json as Data Package v2: each resource's `hash` (sha256) and `bytes`, kept current.

`tolls validate` reports a resource whose file no longer has the size and sha256 the descriptor says
(`stale-hash`, in tolls.validation.hashes); `write_descriptor_hashes` writes them: every command that writes a
table runs it (`tolls add`, `tolls validate --fix`, `tolls docs`), so a contributor never types a hash. The
descriptor's other keys and their order are kept, and it is written as it is formatted (2-space JSON, UTF-8).
"""

from __future__ import annotations

import hashlib
import json

from tolls.files import file_digest, write_atomic
from tolls.package.loading import DESCRIPTOR, Package

HASH_PREFIX = "sha256:"
FIX_COMMAND = "tolls validate --fix"  # a command that rewrites them (`tolls docs` does too)


def file_facts(pkg: Package, name: str, content: bytes | None = None) -> dict[str, object]:
    """{"hash": "sha256:<hex>", "bytes": size} of a resource's file as it is on disk now (or of `content`,
    what it is about to hold)."""
    if content is not None:
        return {"hash": HASH_PREFIX + hashlib.sha256(content).hexdigest(), "bytes": len(content)}
    path = pkg.path(name)
    return {"hash": HASH_PREFIX + file_digest(path), "bytes": path.stat().st_size}


def stale_resources(pkg: Package, contents: dict[str, bytes] | None = None) -> list[str]:
    """The resources whose recorded hash or bytes differ from their file (or from `contents[name]`, what a
    command is about to write there)."""
    contents = contents or {}
    stale = []
    for res in pkg.descriptor.get("resources", []):
        name = res.get("name")
        if not isinstance(res.get("path"), str) or not ("hash" in res or "bytes" in res):
            continue
        if name not in contents and not pkg.path(name).is_file():
            continue
        facts = file_facts(pkg, name, contents.get(name))
        if any(k in res and res[k] != v for k, v in facts.items()):
            stale.append(name)
    return stale


def update_descriptor_hashes(pkg: Package, *, add_missing: bool = True) -> dict:
    """The descriptor with every file resource's `hash` and `bytes` set from its file (a new dict, keys in the
    descriptor's order; `hash` and `bytes` follow `path` in a resource that had none, unless `add_missing` is
    False: then a resource without them is left so)."""
    descriptor = json.loads(json.dumps(pkg.descriptor))
    for i, res in enumerate(descriptor.get("resources", [])):
        if not isinstance(res.get("path"), str) or not pkg.path(res["name"]).is_file():
            continue
        facts = file_facts(pkg, res["name"])
        if "hash" in res or "bytes" in res or not add_missing:
            res.update({k: v for k, v in facts.items() if k in res})
            continue
        items = list(res.items())
        at = [k for k, _ in items].index("path") + 1
        descriptor["resources"][i] = dict(items[:at] + list(facts.items()) + items[at:])
    return descriptor


def render(descriptor: dict) -> str:
    return json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"


def write_descriptor_hashes(pkg: Package, *, add_missing: bool = True) -> list[str]:
    """Write datapackage.json with current hashes and sizes; the names of the resources whose hash or size
    changed (empty when none did). `tolls add` and `tolls validate --fix` call it after writing a table, so
    that what a tool wrote never shows as `stale-hash`; `tolls docs` too, with `add_missing`."""
    before = {r.get("name"): (r.get("hash"), r.get("bytes")) for r in pkg.descriptor.get("resources", [])}
    descriptor = update_descriptor_hashes(pkg, add_missing=add_missing)
    text = render(descriptor)
    target = pkg.root / DESCRIPTOR
    if target.read_text(encoding="utf-8") == text:
        return []
    write_atomic(target, text)
    pkg.__dict__.pop("descriptor", None)  # the cached descriptor is stale now
    return [
        r["name"]
        for r in descriptor.get("resources", [])
        if (r.get("hash"), r.get("bytes")) != before.get(r.get("name"), (None, None))
    ] or [DESCRIPTOR]
