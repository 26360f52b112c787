"""HXL export: each table as a CSV with a Humanitarian Exchange Language hashtag row under the header.

The hashtags come from the `hxl` property of each field in datapackage.json; a field without one gets
an empty cell in the hashtag row. Values are written as they stand in the package's CSV files (the raw
strings, not re-typed), so an export read back without its hashtag row equals the source table.
A table none of whose fields carries a hashtag is not written: HXL readers find the hashtag row by its
tags, and a row of empty cells would not be one.
"""

from __future__ import annotations

import csv
import os
import tempfile
from pathlib import Path

from tolls.package import Package


def hxl_tags(pkg: Package, name: str, header: list[str]) -> list[str]:
    """The hashtag row for a table with this header: each column's `hxl` property, or ''."""
    tags = {fld["name"]: fld.get("hxl", "") for fld in pkg.fields(name)}
    return [tags.get(col, "") for col in header]


def _write_atomic(path: Path, rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerows(rows)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def export_hxl(pkg: Package, out_dir: Path) -> list[Path]:
    """Write <out_dir>/<resource>.csv for every tabular resource with at least one hashtag.

    Returns the paths written, in the descriptor's resource order.
    """
    out_dir = Path(out_dir)
    written: list[Path] = []
    for name in pkg.resource_names:
        res = pkg.resource(name)
        if "schema" not in res:
            continue
        header, rows, _ = pkg.read_rows(name)
        tags = hxl_tags(pkg, name, header)
        if not any(tags):
            continue
        table = [header, tags] + [[row.get(col, "") for col in header] for row in rows]
        path = out_dir / Path(pkg.relpath(name)).name
        _write_atomic(path, table)
        written.append(path)
    return written


def skipped_resources(pkg: Package) -> list[str]:
    """Tabular resources that export_hxl does not write, because none of their fields has a hashtag."""
    return [name for name in pkg.resource_names
            if "schema" in pkg.resource(name) and not any(f.get("hxl") for f in pkg.fields(name))]
