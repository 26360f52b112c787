"""`tolls diff BASE`: what a change does to the package, for a reviewer and a pull request's summary.

BASE is a folder holding another version of the package, or a git revision of the repository (its
datapackage.json, data/ and seeds/ are taken with `git archive`). Both versions are built into temporary
databases with this tool's views, so the ranges are compared as the views compute them: for each event,
measure and scope, event_ranges' range_label and n_independent before and after. Rows of figures, sources
and exclusions are compared by primary key: added, changed (the fields that differ) and removed.
The result is Markdown; under GitHub Actions it is also appended to $GITHUB_STEP_SUMMARY.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tolls.package.loading import Package
from tolls.package.rows import id_field

__all__ = ["DiffError", "PackageDiff", "diff_packages", "package_at"]

TABLES = ("figures", "sources", "exclusions")
PACKAGE_FILES = ("datapackage.json", "data", "seeds")
RANGE_KEY = ("event_id", "measure", "victim_group")


class DiffError(Exception):
    """BASE is neither a package folder nor a git revision that holds one."""


Range = tuple[str, int]  # event_ranges.range_label, n_independent


@dataclass
class TableDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # id -> fields that differ


@dataclass
class PackageDiff:
    base: str
    head: str
    tables: dict[str, TableDiff]
    # key, (range_label, n_independent) before and after; None where the row is absent
    ranges: list[tuple[tuple[str, ...], Range | None, Range | None]]

    def markdown(self) -> str:
        out = [
            f"## tolls diff: {self.base} → {self.head}",
            "",
            "| table | added | changed | removed |",
            "|---|---:|---:|---:|",
        ]
        for name, t in self.tables.items():
            out.append(f"| {name} | {len(t.added)} | {len(t.changed)} | {len(t.removed)} |")
        for name, t in self.tables.items():
            lines = (
                [f"- added {i}" for i in t.added]
                + [f"- removed {i}" for i in t.removed]
                + [f"- changed {i}: {', '.join(f)}" for i, f in t.changed.items()]
            )
            if lines:
                out += ["", f"### {name}", *lines]
        out += ["", "### Ranges per event, measure and scope"]
        if not self.ranges:
            out.append("No range changed.")
        else:
            out += [
                "",
                "| event | measure | scope | before | after | independent counts |",
                "|---|---|---|---|---|---|",
            ]
            for key, before, after in self.ranges:
                counts = f"{before[1] if before else 0} → {after[1] if after else 0}"
                cells = [*key, _md(before[0] if before else "—"), _md(after[0] if after else "—"), counts]
                out.append("| " + " | ".join(cells) + " |")
        return "\n".join(out) + "\n"


def _md(text: str) -> str:
    return text.replace("|", "\\|")


def package_at(base: str, repo: Path, workdir: Path) -> Path:
    """A folder holding the package as BASE has it (BASE itself, when it is a package folder)."""
    folder = Path(base)
    if (folder / "datapackage.json").is_file():
        return folder
    try:
        archive = subprocess.run(
            ["git", "-C", str(repo), "archive", "--format=tar", base, "--", *PACKAGE_FILES],
            capture_output=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError) as exc:
        detail = getattr(exc, "stderr", b"") or b""
        raise DiffError(
            f"{base!r} is neither a folder with datapackage.json nor a git revision of {repo} "
            f"that has one ({detail.decode(errors='replace').strip() or exc})"
        ) from exc
    target = workdir / "base"
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def _table_diff(old: Package, new: Package, name: str) -> TableDiff:
    def rows(pkg: Package) -> dict[str, dict[str, str]]:
        if not pkg.path(name).is_file():
            return {}
        _, found, _ = pkg.read_rows(name)
        key = id_field(pkg, name)
        return {r.get(key, ""): r for r in found}

    before, after = rows(old), rows(new)
    diff = TableDiff(added=[k for k in after if k not in before], removed=[k for k in before if k not in after])
    for k in after.keys() & before.keys():
        fields = [f for f in dict.fromkeys([*before[k], *after[k]]) if before[k].get(f) != after[k].get(f)]
        if fields:
            diff.changed[k] = fields
    diff.changed = dict(sorted(diff.changed.items()))
    return diff


def _ranges(pkg: Package, workdir: Path) -> dict[tuple[str, ...], Range]:
    """(event, measure, scope) -> (range_label, n_independent), from a database built in workdir."""
    from tolls.database.build import build_database, run_query

    try:
        db = build_database(pkg, workdir)
    except Exception as exc:  # duckdb's errors: the version has rows a database cannot hold (drafts, bad types)
        raise DiffError(
            f"the package at {pkg.root} cannot be built ({type(exc).__name__}: "
            f"{str(exc).splitlines()[0]}); run `tolls validate` there first"
        ) from exc
    columns, rows = run_query(db, "SELECT * FROM event_ranges")
    key = [columns.index(c) for c in RANGE_KEY if c in columns]
    label, n = columns.index("range_label"), columns.index("n_independent")
    event_name = columns.index("event_name") if "event_name" in columns else None
    out = {}
    for row in rows:
        k = tuple("" if row[i] is None else str(row[i]) for i in key)
        if not k[0] and event_name is not None:
            k = (str(row[event_name]), *k[1:])  # a figure with no event: its row is named after the figure
        out[k] = (str(row[label]), int(row[n] or 0))
    return out


def diff_packages(base: str, head: Package) -> PackageDiff:
    """The difference between the package at BASE (folder or git revision) and `head`."""
    with tempfile.TemporaryDirectory(prefix="tolls-diff-") as tmp:
        work = Path(tmp)
        old = Package(package_at(base, head.root, work).resolve())
        tables = {name: _table_diff(old, head, name) for name in TABLES}
        before, after = _ranges(old, work / "before"), _ranges(head, work / "after")
    keys = sorted(before.keys() | after.keys())
    ranges = [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
    return PackageDiff(base, "working tree", tables, ranges)
