"""datapackage.json is Data Package v2 in form, and its resource hashes and sizes are those of the files."""

from __future__ import annotations

import hashlib
import json
import re

import frictionless
from conftest import ROOT, Table, copy_package

from tolls.cli import main
from tolls.package.descriptor import update_descriptor_hashes, write_descriptor_hashes
from tolls.package.loading import Package
from tolls.validation import validate
from tolls.validation.hashes import hash_problems

SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)")


def test_top_level_is_v2():
    d = Package.open(ROOT).descriptor
    assert d["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert SEMVER.fullmatch(d["version"])
    citation = (ROOT / "CITATION.cff").read_text(encoding="utf-8")
    assert f'version: "{d["version"]}"' in citation  # one version, cited as released
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", d["created"])
    assert d.get("id") or d.get("homepage")
    assert d["contributors"] and all(c.get("roles") and "role" not in c for c in d["contributors"])


def test_shipped_hashes_and_sizes_are_the_files():
    pkg = Package.open(ROOT)
    for name in pkg.resource_names:
        res = pkg.resource(name)
        data = pkg.path(name).read_bytes()
        assert res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest(), f"{name}: run `tolls docs`"
        assert res["bytes"] == len(data), name
    assert hash_problems(pkg) == []


def _with_hashes(tmp_path):
    root = copy_package(tmp_path / "pkg")
    assert write_descriptor_hashes(Package.open(root))
    return root


def test_an_edited_file_is_one_stale_hash_problem(tmp_path):
    root = _with_hashes(tmp_path)
    Table(root, "actors").set("assad-era-intelligence", "notes", "edited").save()
    found = validate(root)
    assert [(p.file, p.code) for p in found] == [("datapackage.json", "stale-hash")]
    assert "'actors'" in found[0].message and "tolls docs" in found[0].message
    assert "hash and bytes do not match" in found[0].message and "to update them" in found[0].message
    # what the descriptor holds and what the file has, each named as such
    said = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    old = next(r for r in said["resources"] if r["name"] == "actors")
    new = "sha256:" + hashlib.sha256((root / old["path"]).read_bytes()).hexdigest()
    assert f"datapackage.json says {old['hash']}, {old['bytes']} bytes; the file has {new}" in found[0].message


def test_the_command_brings_them_up_to_date_and_frictionless_agrees(tmp_path):
    root = _with_hashes(tmp_path)
    Table(root, "actors").set("assad-era-intelligence", "notes", "edited").save()
    assert not frictionless.Package(str(root / "datapackage.json")).validate().valid
    before = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert main(["--root", str(root), "codebook"]) == 0
    after = json.loads((root / "datapackage.json").read_text(encoding="utf-8"))
    assert validate(root) == []
    assert frictionless.Package(str(root / "datapackage.json")).validate().valid
    # only actors' hash and bytes changed; every other key kept, in its order
    assert list(after) == list(before)
    changed = [
        (b["name"], k)
        for b, a in zip(before["resources"], after["resources"], strict=True)
        for k in a
        if a[k] != b.get(k)
    ]
    assert changed == [("actors", "hash"), ("actors", "bytes")]
    assert update_descriptor_hashes(Package.open(root)) == after
    assert not write_descriptor_hashes(Package.open(root))  # nothing to do: the file is left as it is
