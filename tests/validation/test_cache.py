"""The per-text cache is data that is never trusted: whoever can write the cache folder (a CI cache restored
from another branch, a shared folder) can neither run code in `tolls validate` nor change its verdict."""

from __future__ import annotations

import os
import pickle
import struct
from pathlib import Path

import pytest
from conftest import ROOT

from tolls.intervals.phrases import Parsed, load_rules
from tolls.validation import cache, validate


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch) -> Path:
    folder = tmp_path / "cache" / "tolls"
    monkeypatch.setenv("TOLLS_CACHE_DIR", str(folder))
    monkeypatch.delenv("TOLLS_CACHE_KEY", raising=False)
    return folder


class RunsCode:
    """A pickle that, when loaded, creates a file: what an attacker puts in a cache that pickle reads."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self):
        return (os.system, (f"touch {self.marker}",))


def _uncovered(package: Path, table) -> None:
    table("exclusions").delete("x009").save()  # a number in a text that no row covers any more


def test_a_code_running_payload_in_every_cache_file_runs_nothing(package: Path, table, cache_folder: Path):
    _uncovered(package, table)
    cold = validate(package)
    assert "uncovered-number" in {p.code for p in cold}
    files = [p for p in cache_folder.iterdir() if p.is_file()]
    assert files, "validation keeps a cache"
    marker = cache_folder.parent / "ran"
    payload = pickle.dumps(RunsCode(marker))
    for path in files:  # every file the run wrote, under its own name and under the names older versions read
        path.write_bytes(payload)
        path.with_suffix(".pickle").write_bytes(payload)
    assert validate(package) == cold
    assert not marker.exists(), "a cache file ran code"


def _poison(kind: str, rules, entries: dict[bytes, bytes], monkeypatch) -> None:
    """Write entries as an attacker who knows the format but not this installation's secret."""
    with monkeypatch.context() as m:
        m.setenv("TOLLS_CACHE_KEY", "a guess")
        f = cache.Entries(kind, rules)
        assert f.write(entries) and f.write_keys(entries)


def test_a_poisoned_entry_changes_no_verdict(package: Path, table, cache_folder: Path, monkeypatch):
    _uncovered(package, table)
    cold = validate(package)
    rules = load_rules(package / "data" / "interval_rules.csv")
    held = cache.Entries("mentions", rules).read()
    assert held, "the run kept the texts' mentions"
    _poison("mentions", rules, {key: b"" for key in held}, monkeypatch)  # every text: "no number in it"
    assert validate(package) == cold


def test_an_entry_of_another_text_is_not_used(package: Path, table, cache_folder: Path):
    """Entries moved between keys keep their tags: the tag binds an entry to its text's sha256."""
    _uncovered(package, table)
    cold = validate(package)
    f = cache.Entries("mentions", load_rules(package / "data" / "interval_rules.csv"))
    held = f.read()
    assert len(held) > 1
    data, at, records = f.path.read_bytes(), cache._HEADER, []
    while at < len(data):  # (key, the rest of the entry: length, content, tag)
        (length,) = struct.unpack_from("<I", data, at + 32)
        end = at + 32 + 4 + length + 32
        records.append((data[at : at + 32], data[at + 32 : end]))
        at = end
    keys = [k for k, _ in records]
    moved = [k + rest for k, (_, rest) in zip(keys[1:] + keys[:1], records, strict=True)]  # each under the next key
    f.path.write_bytes(data[: cache._HEADER] + b"".join(moved))
    assert f.read() == {}, "no moved entry verifies"
    assert validate(package) == cold


def test_a_reading_of_other_words_is_not_used(cache_folder: Path):
    rules = load_rules(ROOT / "data" / "interval_rules.csv")
    right = Parsed("more_than", 741, 740, None, "more_than")
    assert cache.store_parsed(rules, {"over 740": right})
    assert cache.load_parsed(rules) == {"over 740": right}
    f = cache.Entries("parsed", rules)
    # a correctly tagged entry (this installation wrote it) whose words are not those its key names
    f.write({cache._words_key("over 740"): cache._parsed_to_json("about 5", Parsed("approximately", 4, 5, 6, "x"))})
    assert cache.load_parsed(rules) == {}


@pytest.mark.parametrize(
    "content",
    [b"not json", b'["over 740", [1, 2]]', b'["over 740", ["more_than", "741", 740, null, "r", null, null]]', b"[]"],
)
def test_a_reading_of_another_shape_is_not_used(cache_folder: Path, content: bytes):
    rules = load_rules(ROOT / "data" / "interval_rules.csv")
    cache.Entries("parsed", rules).write({cache._words_key("over 740"): content})
    assert cache.load_parsed(rules) == {}


def test_the_secret_is_kept_beside_the_cache_folder_for_its_owner_only(cache_folder: Path):
    rules = load_rules(ROOT / "data" / "interval_rules.csv")
    cache.store_parsed(rules, {"12": None})
    key = cache.key_file()
    assert key.parent == cache_folder.parent and not key.is_relative_to(cache_folder)
    assert key.stat().st_mode & 0o777 == 0o600
    assert cache.load_parsed(rules) == {"12": None}
    key.chmod(0o666)  # a secret others can write is no secret: nothing kept under it is used
    assert cache.load_parsed(rules) == {}


def test_the_cache_version_follows_the_parsers_contents_not_its_file_names(tmp_path: Path):
    folder = tmp_path / "intervals"
    folder.mkdir()
    (folder / "phrases.py").write_text("RULES = 1\n")
    before = cache._files_digest([folder])
    (folder / "phrases.py").rename(folder / "rules_table.py")
    assert cache._files_digest([folder]) == before, "a module moved: the same parser"
    (folder / "rules_table.py").write_text("RULES = 2\n")
    assert cache._files_digest([folder]) != before, "a module changed: another parser"


def test_the_ci_cache_is_keyed_by_the_contents_of_the_code_and_the_data():
    import yaml

    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "validate.yml").read_text(encoding="utf-8"))
    steps = [s for job in flow["jobs"].values() for s in job["steps"]]
    [cached] = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    key, restore = cached["with"]["key"], cached["with"]["restore-keys"]
    assert "hashFiles('src/**')" in key and "hashFiles('data/**'" in key and "github.sha" not in key
    assert restore.startswith("tolls-texts-${{ hashFiles('src/**') }}-"), "restored only for the same code"
    validate_step = next(s for s in steps if "tolls validate" in s.get("run", ""))
    assert validate_step["env"]["TOLLS_CACHE_KEY"] == "${{ secrets.TOLLS_CACHE_KEY }}"
