"""`tolls export --hxl`: each table with an HXL hashtag row under its header, reading back unchanged."""

from __future__ import annotations

import csv
import re

import pandas as pd
import pytest

from tolls.hxl import export_hxl, skipped_resources
from tolls.package import Package

HASHTAG = re.compile(r"^#[a-z][a-z0-9_]*(?:\s*\+[a-z][a-z0-9_]*)*$")


@pytest.fixture(scope="module")
def pkg() -> Package:
    return Package.open()


@pytest.fixture(scope="module")
def exported(pkg, tmp_path_factory):
    out = tmp_path_factory.mktemp("hxl")
    return out, export_hxl(pkg, out)


def _names(pkg: Package, paths) -> dict[str, object]:
    by_file = {pkg.path(n).name: n for n in pkg.resource_names}
    return {by_file[p.name]: p for p in paths}


def test_every_tagged_resource_is_written(pkg, exported):
    out, paths = exported
    written = _names(pkg, paths)
    tagged = [n for n in pkg.resource_names if any(f.get("hxl") for f in pkg.fields(n))]
    assert list(written) == tagged
    assert set(skipped_resources(pkg)) == set(pkg.resource_names) - set(tagged)
    assert all(p.parent == out for p in paths)


def test_descriptor_hashtags_are_valid_hxl(pkg):
    for name in pkg.resource_names:
        for fld in pkg.fields(name):
            if "hxl" in fld:
                assert HASHTAG.match(fld["hxl"]), f"{name}.{fld['name']}: {fld['hxl']!r} is not an HXL hashtag"


def test_round_trip_through_the_csv_module(pkg, exported):
    _, paths = exported
    for name, path in _names(pkg, paths).items():
        with path.open(encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        header, tags, data = rows[0], rows[1], rows[2:]
        src_header, src_rows, _ = pkg.read_rows(name)
        assert header == src_header
        expected = {f["name"]: f.get("hxl", "") for f in pkg.fields(name)}
        assert tags == [expected[c] for c in header]
        assert any(tags) and all(t == "" or t.startswith("#") for t in tags)
        assert data == [[r[c] for c in header] for r in src_rows], name


def test_round_trip_through_pandas(pkg, exported):
    _, paths = exported
    for name, path in _names(pkg, paths).items():
        back = pd.read_csv(path, skiprows=[1], dtype=str, keep_default_na=False)
        source = pd.read_csv(pkg.path(name), dtype=str, keep_default_na=False)
        pd.testing.assert_frame_equal(back, source, check_dtype=False)
        tags = pd.read_csv(path, nrows=1, dtype=str, keep_default_na=False).iloc[0].tolist()
        assert tags == [pkg.field(name, c).get("hxl", "") for c in source.columns]


def test_figure_bounds_keep_empty_cells(pkg, exported):
    _, paths = exported
    path = _names(pkg, paths)["figures"]
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        tags = next(reader)
        rows = {r["figure_id"]: r for r in reader}
    assert tags["low"] == "#affected+min" and tags["high"] == "#affected+max"
    assert rows["f003"]["low"] == "741" and rows["f003"]["high"] == ""  # unbounded stays empty, never 0
