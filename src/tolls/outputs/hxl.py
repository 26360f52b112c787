"""HXL export: the tables, as HDX tags conflict data, in CSVs that `hxlvalidate` (libhxl) accepts.

Each column's hashtag is its field's `hxl` property in datapackage.json. The export follows HDX's
conventions for conflict data (UCDP, ACLED through HAPI), so HXL tools read it right:

- Long form: a figure is one row; what it counts is text under `#indicator+code` (killed, injured, ...)
  and its bounds are the numbers `#indicator+value+num+min` and `+max`: a reported value, not a count of
  affected people to add up.
- One number per event and measure stands under HDX's `#affected+killed` (`+injured`, `+displaced`, ...): the
  event's headline (tolls.database.flags, is_event_headline), in the column `headline_<measure>`, filled on
  that one row and empty on every other. Summing `#affected+killed` over an event's rows gives that number, and
  over several events the sum of their headlines; the other figures of an event (updates, other counters,
  other victim scopes, parts, copies) are several reports of one toll, and are never under `#affected`.
- Given the built database, figures.csv also carries the per-figure flags (range_id, counts_once, is_latest,
  in_range, is_headline, is_event_headline) under `#meta` tags, and `event_ranges.csv`, from the view of that
  name, is written with its range_id: one row per event, measure and scope.
- Countries as ISO 3166-1 alpha-3 under `#country+code` (the package keeps alpha-2; HDX uses alpha-3).
- One value per cell: a field holding a `;`-separated list (its `delimiter` property) is left untagged
  in its table and written as a long table `<table>_<field>.csv`, one row per (key, item), so that
  `hxlexpand` never has to split a cell and no row is duplicated.

Why a column per measure rather than separate files or a per-row tag: a hashtag belongs to a column, and HDX's
tools aggregate a column; a column that holds the headline and nothing else is the one that sums right, beside
the rows that explain it.

Values are otherwise written as they stand in the package's CSV files, so an export read back without its
hashtag row and the added columns equals the table, apart from the countries.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pycountry

from tolls.files import write_csv_atomic
from tolls.package.loading import Package
from tolls.validation.structure import FORMULA_STARTS

COUNTRY_TAG = "#country+code"

# The per-figure flags (tolls.database.flags.FLAGS) and event_ranges' own: column -> hashtag.
FLAG_TAGS = {
    "range_id": "#meta+range+id",
    "counts_once": "#meta+counts_once",
    "is_latest": "#meta+latest",
    "in_range": "#meta+in_range",
    "is_headline": "#meta+headline",
    "is_event_headline": "#meta+headline+event",
}

# event_ranges (a view, so not described in datapackage.json): view column -> hashtag. The one mapping the
# export reads; a column the view does not have is left out, so the export follows the view as it changes.
# Its numbers are values of one row's range, never summed: under #indicator+value+num, not #affected.
EVENT_RANGES_TAGS = {
    "range_id": FLAG_TAGS["range_id"],
    "event_id": "#event+id",
    "event_name": "#event+name",
    "measure": "#indicator+code",
    "victim_group": "#meta+victim_group",
    "headline_low": "#indicator+value+num+headline",
    "headline_label": "#description+headline",
    "headline_figure_id": "#meta+headline+id",
    "is_event_headline": FLAG_TAGS["is_event_headline"],
    "n_figures": "#meta+figures+num",
    "n_independent": "#meta+independent+num",
    "low": "#indicator+value+num+range+min",
    "high": "#indicator+value+num+range+max",
    "range_label": "#description+range",
    "first_reported": "#date+reported+first",
    "last_reported": "#date+reported+last",
}


def headline_column(measure: str) -> tuple[str, str]:
    """The column and HDX's hashtag of an event's one number for a measure: headline_killed, #affected+killed."""
    return f"headline_{measure}", f"#affected+{measure}"


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
    key = pkg.schema(name)["primaryKey"]  # every table of the package has one
    return key[0] if isinstance(key, list) else key


def _list_table(pkg: Package, name: str, fld: dict, rows: list[dict[str, str]]) -> list[list[str]]:
    key = _key(pkg, name)
    out = [[key, fld["name"]], [pkg.field(name, key).get("hxl", ""), fld["hxl"]]]
    for row in rows:
        out += [[row[key], item] for item in row.get(fld["name"], "").split(fld["delimiter"]) if item]
    return out


def _in_order(measures: set[str], order: Sequence[str]) -> list[str]:
    """The measures in the descriptor's order (killed first), any other after them by name."""
    return sorted(measures, key=lambda m: (order.index(m) if m in order else len(order), m))


def measure_order(pkg: Package) -> list[str]:
    """figures.measure's values, in the order datapackage.json lists them."""
    return list(pkg.field("figures", "measure").get("constraints", {}).get("enum", []))


def _figure_flags(db_path: Path, order: Sequence[str]) -> tuple[list[str], dict[str, list[str]], list[str]]:
    """The flag columns of figures.csv, each figure's cells for them (by figure_id), and the measures that have
    an event headline (in the order the columns are written)."""
    import duckdb

    from tolls.database.flags import columns, flagged_figures_sql

    con = duckdb.connect(str(db_path), read_only=True)
    try:
        query = flagged_figures_sql(con)
        flags = [c for c in FLAG_TAGS if c in columns(con, f"({query})")]
        rows = con.execute(f"SELECT figure_id, measure, low, {', '.join(flags)} FROM ({query})").fetchall()
    finally:
        con.close()
    measures = _in_order({m for _, m, *rest in rows if rest[flags.index("is_event_headline")]}, order)
    cells = {}
    for figure_id, measure, low, *values in rows:
        headline = dict(zip(flags, values, strict=True)).get("is_event_headline")
        numbers = ["" if not headline or m != measure or low is None else str(low) for m in measures]
        cells[figure_id] = [_text(v) for v in values] + numbers
    return flags, cells, measures


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def export_tables(pkg: Package, out_dir: Path, db_path: Path | None = None) -> list[Path]:
    """Write <out_dir>/<resource>.csv for every tabular resource with a hashtag, and a long table
    <out_dir>/<resource>_<field>.csv for each tagged list field. Returns the paths in descriptor order.
    Given the built database, figures.csv ends with the per-figure flags and the event headline columns."""
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
            if name == "figures" and db_path is not None:
                flags, cells, measures = _figure_flags(db_path, measure_order(pkg))
                table[0] = table[0] + flags + [headline_column(m)[0] for m in measures]
                table[1] = table[1] + [FLAG_TAGS[f] for f in flags] + [headline_column(m)[1] for m in measures]
                for line, row in zip(table[2:], rows, strict=True):
                    line += cells[row["figure_id"]]
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


def export_event_ranges(db_path: Path, out_dir: Path, order: Sequence[str] = ()) -> Path:
    """Write <out_dir>/event_ranges.csv from the database's event_ranges view (with range_id and
    is_event_headline), tagged by EVENT_RANGES_TAGS, and the event's headline under #affected+<measure>. Read
    through run_query: the database opened read-only, no other file, no network."""
    from tolls.database.build import run_query
    from tolls.database.flags import ranges_query

    available = [row[0] for row in run_query(db_path, "DESCRIBE event_ranges")[1]]
    header, rows = run_query(db_path, ranges_query(available))
    records = [dict(zip(header, row, strict=True)) for row in rows]
    records.sort(
        key=lambda r: (
            r.get("event_id") is None,
            r.get("event_id") or "",
            r.get("measure", ""),
            r.get("victim_group", ""),
        )
    )
    names = [c for c in EVENT_RANGES_TAGS if c in header]
    # the event's one number per measure, on its row only (absent the view's headline columns, none)
    headline = {"measure", "headline_low", "is_event_headline"} <= set(header)
    measures = _in_order({r["measure"] for r in records if headline and r["is_event_headline"]}, order)
    text = [
        [_neutral(_text(r[c])) for c in names]
        + [
            str(r["headline_low"])
            if r["is_event_headline"] and r["measure"] == m and r["headline_low"] is not None
            else ""
            for m in measures
        ]
        for r in records
    ]
    tags = [EVENT_RANGES_TAGS[c] for c in names] + [headline_column(m)[1] for m in measures]
    path = Path(out_dir) / "event_ranges.csv"
    write_csv_atomic(path, [names + [headline_column(m)[0] for m in measures], tags, *text])
    return path


def export_hxl(pkg: Package, out_dir: Path, db_path: Path | None = None) -> list[Path]:
    """The whole HXL export: the tables (export_tables) and, given the built database, the flags in figures.csv
    and event_ranges.csv."""
    written = export_tables(pkg, out_dir, db_path)
    if db_path is not None:
        written.append(export_event_ranges(db_path, out_dir, measure_order(pkg)))
    return written


def skipped_resources(pkg: Package) -> list[str]:
    """Tabular resources that export_tables does not write, because none of their fields has a hashtag."""
    return [
        name
        for name in pkg.resource_names
        if "schema" in pkg.resource(name) and not any(f.get("hxl") for f in pkg.fields(name))
    ]
