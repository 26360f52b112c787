"""`tolls.load` returns a frame that holds what datapackage.json says: a pandera schema built from the Table Schema
checks types, required cells, enums, bounds, patterns and the primary key, and a broken table is refused with its
file and line, not handed over."""

from __future__ import annotations

import pytest

import tolls
from tolls.package.frame_schema import FrameError, frame_schema
from tolls.package.loading import Package


def test_every_table_of_the_shipped_package_loads_through_its_schema(package):
    for name in Package.open(package).resource_names:
        frame = tolls.load(name, root=package)
        assert list(frame.columns) == [f["name"] for f in Package.open(package).fields(name)]


def test_the_schema_comes_from_the_descriptor(package):
    schema = frame_schema(Package.open(package), "figures")
    assert str(schema.columns["low"].dtype) == "Int64"
    assert schema.columns["low"].nullable  # an empty bound is unknown or unbounded, never zero
    assert not schema.columns["figure_id"].nullable
    assert schema.unique == ["figure_id"]


@pytest.mark.parametrize(
    "field,value,said",
    [
        ("qualifier", "roughly", "isin"),  # not in the enum
        ("low", "-3", "greater_than_or_equal_to"),  # below the minimum
        ("country", "Syria", "str_matches"),  # not an ISO 3166-1 alpha-2 code
        ("source_id", "", "not_nullable"),  # a required cell left empty
    ],
)
def test_a_table_that_breaks_its_schema_is_refused_with_its_line(package, table, field, value, said):
    figures = table("figures")
    figures.set("f003", field, value).save()
    with pytest.raises(FrameError) as exc:
        tolls.load("figures", root=package)
    assert "data/figures.csv does not match its schema" in str(exc.value)
    assert f"line {figures.line_of('f003')}: {field}: {said}" in str(exc.value)


def test_a_repeated_primary_key_is_refused(package, table):
    figures = table("figures")
    figures.set("f003", "figure_id", "f001").save()
    with pytest.raises(FrameError, match="figure_id"):
        tolls.load("figures", root=package)
