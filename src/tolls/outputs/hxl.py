"""HXL export: the tables, as HDX tags conflict data, in CSVs that `hxlvalidate` (libhxl) accepts.

Each column's hashtag is its field's `hxl` property in datapackage.json. The export follows HDX's
conventions for conflict data (UCDP, ACLED through HAPI), so HXL tools read it right:

- Long form: a figure is one row; what it counts is text under `#indicator+code` (killed, injured, ...)
  and its bounds are the numeric `#affected+min`, `#affected`, `#affected+max`. Only numbers stand under
  `#affected`: HXL defines it as numeric.
- Countries as ISO 3166-1 alpha-3 under `#country+code` (the package keeps alpha-2; HDX uses alpha-3).
- One value per cell: a field holding a `;`-separated list (its `delimiter` property) is left untagged
  in its table and written as a long table `<table>_<field>.csv`, one row per (key, item), so that
  `hxlexpand` never has to split a cell and no row is duplicated.
- `event_ranges.csv`, from the built database's view of that name: one row per event, measure and scope,
  with the event's one defensible number (its headline), so that nobody has to sum one event's figures
  (they are several reports of one toll, not parts of it).

Values are otherwise written as they stand in the package's CSV files, so an export read back without its
hashtag row equals the table, apart from the columns named above.
"""

from __future__ import annotations

from pathlib import Path

import pycountry

from tolls.files import write_csv_atomic
from tolls.package.loading import Package
from tolls.validation.structure import FORMULA_STARTS

COUNTRY_TAG = "#country+code"

# event_ranges (a view, so not described in datapackage.json): view column -> hashtag. The one mapping the
# export reads; a column the view does not have is left out, so the export follows the view as it changes.
EVENT_RANGES_TAGS = {
    "event_id": "#event+id",
    "event_name": "#event+name",
    "measure": "#indicator+code",
    "victim_group": "#meta+victim_group",
    "headline_low": "#affected+headline",
    "headline_label": "#description+headline",
    "headline_figure_id": "#meta+headline+id",
    "n_figures": "#meta+figures+num",
    "n_independent": "#meta+independent+num",
    "low": "#affected+range+min",
    "high": "#affected+range+max",
    "range_label": "#description+range",
    "first_reported": "#date+reported+first",
    "last_reported": "#date+reported+last",
}


def alpha3(code: str) -> str:
    """ISO 3166-1 alpha-3 for an alpha-2 code ('SY' -> 'SYR'); '' stays ''. Validation has checked the code."""
    if not code:
        return ""
    country = pycountry.countries.get(alpha_2=code)
    return country.alpha_3 if country else code


def list_fields(pkg: Package, name: str) -> list[dict]:
    """Fields whose cells hold a list, joined by the field's `delimiter`."""
    return [f for f in pkg.fields(name) if f.get("delimiter")]


def hxl_tags(pkg: Package, name: str, header: list[str]) -> list[str]:
    """The hashtag row for a table with this header: each column's `hxl` property, or '' (also for a list
    field, whose items go to their own long table)."""
    tags = {f["name"]: ("" if f.get("delimiter") else f.get("hxl", "")) for f in pkg.fields(name)}
    return [tags.get(col, "") for col in header]


def _cell(value: str, tag: str) -> str:
    return alpha3(value) if tag == COUNTRY_TAG else value


def _key(pkg: Package, name: str) -> str:
    key = pkg.schema(name).get("primaryKey")
    return key[0] if isinstance(key, list) else key


def _list_table(pkg: Package, name: str, fld: dict, rows: list[dict[str, str]]) -> list[list[str]]:
    key = _key(pkg, name)
    out = [[key, fld["name"]], [pkg.field(name, key).get("hxl", ""), fld["hxl"]]]
    for row in rows:
        out += [[row[key], item] for item in row.get(fld["name"], "").split(fld["delimiter"]) if item]
    return out


def export_tables(pkg: Package, out_dir: Path) -> list[Path]:
    """Write <out_dir>/<resource>.csv for every tabular resource with a hashtag, and a long table
    <out_dir>/<resource>_<field>.csv for each tagged list field. Returns the paths in descriptor order."""
    written: list[Path] = []
    for name in pkg.resource_names:
        if "schema" not in pkg.resource(name):
            continue
        header, rows, _ = pkg.read_rows(name)
        tags = hxl_tags(pkg, name, header)
        if any(tags):
            table = [header, tags] + [
                [_cell(row.get(c, ""), t) for c, t in zip(header, tags, strict=True)] for row in rows
            ]
            written.append(Path(out_dir) / Path(pkg.relpath(name)).name)
            write_csv_atomic(written[-1], table)
        for fld in list_fields(pkg, name):
            if fld.get("hxl") and _key(pkg, name):
                written.append(Path(out_dir) / f"{name}_{fld['name']}.csv")
                write_csv_atomic(written[-1], _list_table(pkg, name, fld, rows))
    return written


def _neutral(cell: str) -> str:
    """A cell the view composed (validation checked its parts, not it) that a spreadsheet would run as a
    formula, written with a leading apostrophe, as OWASP's "CSV injection" advice has it."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def export_event_ranges(db_path: Path, out_dir: Path) -> Path:
    """Write <out_dir>/event_ranges.csv from the database's event_ranges view, tagged by EVENT_RANGES_TAGS."""
    from tolls.database.build import run_query

    available = [row[0] for row in run_query(db_path, "DESCRIBE event_ranges")[1]]
    columns = [c for c in EVENT_RANGES_TAGS if c in available]
    _, rows = run_query(
        db_path, f"SELECT {', '.join(columns)} FROM event_ranges ORDER BY event_id NULLS LAST, measure, victim_group"
    )
    text = [[_neutral("" if v is None else str(v)) for v in row] for row in rows]
    path = Path(out_dir) / "event_ranges.csv"
    write_csv_atomic(path, [columns, [EVENT_RANGES_TAGS[c] for c in columns], *text])
    return path


def export_hxl(pkg: Package, out_dir: Path, db_path: Path | None = None) -> list[Path]:
    """The whole HXL export: the tables (export_tables) and, given the built database, event_ranges."""
    written = export_tables(pkg, out_dir)
    if db_path is not None:
        written.append(export_event_ranges(db_path, out_dir))
    return written


def skipped_resources(pkg: Package) -> list[str]:
    """Tabular resources that export_tables does not write, because none of their fields has a hashtag."""
    return [
        name
        for name in pkg.resource_names
        if "schema" in pkg.resource(name) and not any(f.get("hxl") for f in pkg.fields(name))
    ]
