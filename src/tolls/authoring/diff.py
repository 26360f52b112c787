"""`tolls diff BASE`: what a change does to the package, for a reviewer and a pull request's summary.

BASE is a folder holding another version of the package, or a git revision of the repository (its
datapackage.json, data/ and seeds/ are taken with `git archive`). BASE is resolved before git is asked for any
file: a value starting with "-" is refused (git would read it as an option, e.g. `--output=FILE`), a folder is
taken as it is, and anything else must name a commit (`git rev-parse --verify --end-of-options BASE^{commit}`),
or origin/BASE must (a clone on a feature branch has no local `main`); git then gets that commit's hash, after
`--end-of-options`.

Rows of every table are compared by primary key: added and removed rows are shown with their words (the
cells a reviewer reads, in full: quotes, URLs, notes; not the offsets and hashes), changed rows with each cell
before and after. Both
versions are then built into temporary databases with this tool's views, so the ranges are compared as the
views compute them: for each event, measure and scope, event_ranges' range_label, headline_label and
n_independent before and after, with the figures (and their words) whose change moved them; the figures whose
change moved no range are named too. A version that cannot be built yet (a contribution that still has draft
rows) has its rows shown and its ranges left out, with the reason. The result is Markdown; under GitHub Actions
it is also appended to $GITHUB_STEP_SUMMARY.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from tolls.package.loading import Package
from tolls.package.rows import id_field, is_draft

__all__ = ["DiffError", "PackageDiff", "RangeChange", "TableDiff", "diff_packages", "package_at", "resolve_base"]

PACKAGE_FILES = ("datapackage.json", "data", "seeds")
RANGE_KEY = ("event_id", "measure", "victim_group")
# Cells a tool fills that say nothing to a reviewer reading a row's words (offsets, a text's hash).
_MECHANICAL = re.compile(r"(?:^|_)quote_(?:start|end)$|^sha256$")
# Characters of a cell shown in a row's words: a quote (at most a sentence of 600), a URL, the notes in full, so
# that a reviewer reads the evidence and the reasoning; only a longer cell is cut.
CELL_SHOWN = 1000
ROWS_SHOWN = 200  # rows listed per table and kind of change; the rest are counted


class DiffError(Exception):
    """BASE is neither a package folder nor a git revision that holds one, or it could be read as an option."""


@dataclass(frozen=True)
class Range:
    label: str  # event_ranges.range_label
    n_independent: int
    headline: str  # event_ranges.headline_label, "" when the group has none


@dataclass
class TableDiff:
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[str]] = field(default_factory=dict)  # id -> fields that differ
    before: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)  # rows of BASE, by id
    after: dict[str, dict[str, str]] = field(default_factory=dict, repr=False)  # rows of the working tree

    def __bool__(self) -> bool:
        return bool(self.added or self.removed or self.changed)


@dataclass
class RangeChange:
    key: tuple[str, ...]  # event (or the figure's own group), measure, scope
    before: Range | None
    after: Range | None
    figures: list[str] = field(default_factory=list)  # "added f016", "removed f004", "changed f003"


@dataclass
class PackageDiff:
    base: str  # as given, or the remote's branch it was read from ("origin/main" for "main" without a local one)
    head: str
    tables: dict[str, TableDiff]
    ranges: list[RangeChange] | None  # None: not compared (a version cannot be built); see `unbuilt`
    unbuilt: str = ""  # why the ranges were not compared
    unmoved: list[str] = field(default_factory=list)  # figures that changed and moved no range

    def markdown(self) -> str:
        out = [
            f"## tolls diff: {_md(self.base)} → {_md(self.head)}",
            "",
            "| table | added | changed | removed |",
            "|---|---:|---:|---:|",
        ]
        for name, t in self.tables.items():
            if t:
                out.append(f"| {name} | {len(t.added)} | {len(t.changed)} | {len(t.removed)} |")
        if not any(self.tables.values()):
            out.append("| (no table) | 0 | 0 | 0 |")
        for name, t in self.tables.items():
            if t:
                out += ["", f"### {name}", *_row_lines(t)]
        out += ["", "### Ranges and headlines per event, measure and scope"]
        if self.ranges is None:
            out.append(f"Not compared: {self.unbuilt}")
        elif not self.ranges:
            out.append("No range changed.")
        else:
            out += [
                "",
                "| event | measure | scope | before | after | independent counts | headline before → after "
                "| figures changed in it |",
                "|---|---|---|---|---|---|---|---|",
            ]
            for r in self.ranges:
                counts = f"{r.before.n_independent if r.before else 0} → {r.after.n_independent if r.after else 0}"
                headline = f"{_md(r.before.headline if r.before else '') or '—'} → "
                headline += _md(r.after.headline if r.after else "") or "—"
                cells = [
                    *map(_md, r.key),
                    _md(r.before.label) if r.before else "—",
                    _md(r.after.label) if r.after else "—",
                    counts,
                    headline
                    if r.before is None or r.after is None or r.before.headline != r.after.headline
                    else "same",
                    ", ".join(map(self._figure_words, r.figures))
                    or "rows of other tables (events, victim groups, sources, actors)",
                ]
                out.append("| " + " | ".join(cells) + " |")
        if self.ranges is not None and self.unmoved:
            out += ["", "Figures that changed and moved no range: " + ", ".join(map(self._figure_words, self.unmoved))]
            out[-1] += "."
        return "\n".join(out) + "\n"

    def _figure_words(self, change: str) -> str:
        """ "added f016" with the figure's words: "added f016 (at least 12)"."""
        verb, _, fid = change.partition(" ")
        figures = self.tables.get("figures", TableDiff())
        row = figures.after.get(fid) or figures.before.get(fid) or {}
        words = row.get("number_text")
        return _md(f"{change} ({_cut(words)})") if words else _md(change)


def _md(text: str) -> str:
    """A cell for a Markdown table or list: one line, no pipe that would split the table."""
    return " ".join(str(text).split()).replace("|", "\\|")


def _cut(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= CELL_SHOWN else value[: CELL_SHOWN - 1] + "…"


def _words(row: dict[str, str], key: str) -> str:
    """A row as a reviewer reads it: each non-empty cell but the id, offsets and hashes, the notes last."""
    cells = [(k, v) for k, v in row.items() if k != key and v and not _MECHANICAL.search(k)]
    cells.sort(key=lambda kv: kv[0] == "notes")
    return "; ".join(f"{k}: {_cut(v)}" for k, v in cells)


def _row_lines(t: TableDiff) -> list[str]:
    lines = []
    for verb, ids, rows in (("added", t.added, t.after), ("removed", t.removed, t.before)):
        for rid in ids[:ROWS_SHOWN]:
            key = next(iter(rows[rid]))
            lines.append(f"- {verb} **{_md(rid)}**: {_md(_words(rows[rid], key))}")
        if len(ids) > ROWS_SHOWN:
            lines.append(f"- … and {len(ids) - ROWS_SHOWN} more {verb}")
    for rid, fields in list(t.changed.items())[:ROWS_SHOWN]:
        changes = [
            f"{f}: {_cut(t.before[rid].get(f) or '') or '(empty)'} → {_cut(t.after[rid].get(f) or '') or '(empty)'}"
            for f in fields
        ]
        lines.append(f"- changed **{_md(rid)}**: " + _md("; ".join(changes)))
    if len(t.changed) > ROWS_SHOWN:
        lines.append(f"- … and {len(t.changed) - ROWS_SHOWN} more changed")
    return lines


# --- BASE: a folder, or a commit of the repository --------------------------------------------------------


def _git(repo: Path, *argv: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(["git", "-C", str(repo), *argv], capture_output=True, check=False)


def resolve_base(base: str, repo: Path) -> Path | str:
    """The folder BASE names (with its datapackage.json), or the hash of the commit it names in `repo`.
    Refuses, before any git call, a value git could read as an option."""
    if not base or base.startswith("-"):
        raise DiffError(
            f"{base!r}: BASE must name a folder or a git revision; a value starting with '-' is refused, "
            "as git would read it as an option (for a folder named so, write ./" + base + ")"
        )
    folder = Path(base)
    if (folder / "datapackage.json").is_file():
        return folder
    try:
        commit = _commit(repo, base) or _commit(repo, _remote_branch(base))
    except OSError as exc:
        raise DiffError(f"{base!r} is not a folder, and git cannot be run to read it as a revision ({exc})") from exc
    if commit is None:
        folder_words = "a folder without datapackage.json" if folder.is_dir() else "not a folder"
        raise DiffError(
            f"{base!r} is neither a folder with datapackage.json ({folder_words}) nor a git revision of {repo} "
            f"(a branch, tag or commit; nor is {_remote_branch(base)}: `git fetch origin` first if it is a remote's)"
        )
    return commit


def _commit(repo: Path, rev: str) -> str | None:
    """The hash of the commit `rev` names in `repo`, or None (`rev` never starts with '-': checked before)."""
    done = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{rev}^{{commit}}")
    commit = done.stdout.decode(errors="replace").strip()
    return commit if done.returncode == 0 and re.fullmatch(r"[0-9a-f]{40,64}", commit) else None


def _remote_branch(base: str) -> str:
    """Where a clone keeps a branch it has not checked out: `tolls diff main` in a clone on another branch
    (a fork's feature branch, a CI checkout) reads origin/main."""
    return f"origin/{base}"


def shown_base(base: str, repo: Path) -> str:
    """BASE as the diff's title names it: the remote's branch when that is what BASE was read as."""
    if (Path(base) / "datapackage.json").is_file() or base.startswith("-"):
        return base
    try:
        if _commit(repo, base) is None and _commit(repo, _remote_branch(base)) is not None:
            return f"{_remote_branch(base)} (no local {base})"
    except OSError:
        pass
    return base


def package_at(base: str, repo: Path, workdir: Path) -> Path:
    """A folder holding the package as BASE has it (BASE itself, when it is a package folder)."""
    resolved = resolve_base(base, repo)
    if isinstance(resolved, Path):
        return resolved
    done = _git(repo, "archive", "--format=tar", "--end-of-options", resolved, *PACKAGE_FILES)
    if done.returncode != 0:
        raise DiffError(
            f"{base!r} ({resolved[:12]}) does not hold the package's files "
            f"({done.stderr.decode(errors='replace').strip()})"
        )
    target = workdir / "base"
    with tarfile.open(fileobj=io.BytesIO(done.stdout)) as tar:
        tar.extractall(target, filter="data")
    return target


# --- rows ------------------------------------------------------------------------------------------------------


def _rows(pkg: Package, name: str) -> dict[str, dict[str, str]]:
    if name not in pkg.resource_names or not pkg.path(name).is_file():
        return {}
    _, found, _ = pkg.read_rows(name)
    key = id_field(pkg, name)
    return {r.get(key, ""): r for r in found}


def _table_diff(old: Package, new: Package, name: str) -> TableDiff:
    before, after = _rows(old, name), _rows(new, name)
    diff = TableDiff(added=[k for k in after if k not in before], removed=[k for k in before if k not in after])
    for k in after.keys() & before.keys():
        fields = [f for f in dict.fromkeys([*before[k], *after[k]]) if before[k].get(f) != after[k].get(f)]
        if fields:
            diff.changed[k] = fields
    diff.changed = dict(sorted(diff.changed.items()))
    diff.before = {k: before[k] for k in [*diff.removed, *diff.changed]}
    diff.after = {k: after[k] for k in [*diff.added, *diff.changed]}
    return diff


def _drafts(tables: dict[str, TableDiff]) -> int:
    return sum(is_draft(row.get("notes")) for t in tables.values() for row in t.after.values())


# --- ranges --------------------------------------------------------------------------------------------------


def _ranges(pkg: Package, workdir: Path) -> tuple[dict[tuple[str, ...], Range], dict[str, set[tuple[str, ...]]]]:
    """(event, measure, scope) -> Range, and figure_id -> the groups it is in, from a database built in
    workdir; DiffError when the package cannot be built."""
    from tolls.database.build import build_database, run_query
    from tolls.database.errors import ViewSchemaError

    try:
        db = build_database(pkg, workdir)
    except ViewSchemaError:  # a view breaks its promise: a bug the command line lists, not a version to skip
        raise
    except Exception as exc:  # duckdb's errors: the version has rows a database cannot hold (drafts, bad types)
        raise DiffError(f"{type(exc).__name__}: {str(exc).splitlines()[0]}") from exc
    columns, rows = run_query(db, "SELECT * FROM event_ranges")
    key = [columns.index(c) for c in RANGE_KEY if c in columns]
    at = {
        c: columns.index(c)
        for c in ("range_label", "n_independent", "headline_label", "event_name", "figure_ids")
        if c in columns
    }
    out: dict[tuple[str, ...], Range] = {}
    groups: dict[str, set[tuple[str, ...]]] = {}
    for row in rows:
        k = tuple("" if row[i] is None else str(row[i]) for i in key)
        if not k[0] and "event_name" in at:
            k = (str(row[at["event_name"]]), *k[1:])  # a figure with no event: its row is named after the figure
        headline = row[at["headline_label"]] if "headline_label" in at else None
        out[k] = Range(str(row[at["range_label"]]), int(row[at["n_independent"]] or 0), headline or "")
        ids = row[at["figure_ids"]] if "figure_ids" in at else None
        for fid in ids if isinstance(ids, list) else re.split(r"[;,\s]+", ids or ""):
            if fid:
                groups.setdefault(str(fid), set()).add(k)
    return out, groups


def diff_packages(base: str, head: Package) -> PackageDiff:
    """The difference between the package at BASE (folder or git revision) and `head`."""
    with tempfile.TemporaryDirectory(prefix="tolls-diff-") as tmp:
        work = Path(tmp)
        old = Package(package_at(base, head.root, work).resolve())
        names = list(dict.fromkeys([*head.resource_names, *old.resource_names]))
        tables = {name: _table_diff(old, head, name) for name in names}
        result = PackageDiff(shown_base(base, head.root), "working tree", tables, None)
        try:
            before, groups_before = _ranges(old, work / "before")
        except DiffError as exc:
            result.unbuilt = f"the package at {base} cannot be built ({exc})"
            return result
        try:
            after, groups_after = _ranges(head, work / "after")
        except DiffError as exc:
            drafts = _drafts(tables)
            result.unbuilt = (
                f"the working tree has {drafts} draft row(s); the ranges are compared once they are decided "
                "and `tolls validate` passes"
                if drafts
                else f"the working tree cannot be built ({exc}); run `tolls validate` to see why"
            )
            return result
    figures = tables.get("figures", TableDiff())
    moved: dict[tuple[str, ...], list[str]] = {}
    touched = [("added", f) for f in figures.added] + [("removed", f) for f in figures.removed]
    touched += [("changed", f) for f in figures.changed]
    unmoved = []
    for verb, fid in touched:
        groups = groups_before.get(fid, set()) | groups_after.get(fid, set())
        changed = [k for k in groups if before.get(k) != after.get(k)]
        for k in changed:
            moved.setdefault(k, []).append(f"{verb} {fid}")
        if not changed:
            unmoved.append(f"{verb} {fid}")
    keys = sorted(before.keys() | after.keys())
    result.ranges = [
        RangeChange(k, before.get(k), after.get(k), moved.get(k, [])) for k in keys if before.get(k) != after.get(k)
    ]
    result.unmoved = unmoved
    return result
