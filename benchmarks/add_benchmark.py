"""Cells a contributor types by hand to add a source, before `tolls add` and with it, on the same text.

The text and the judgments are tests/example_source.py's (docs/contributing.md's worked example). The final rows are
the same both ways; what differs is who fills each cell:
- before: `tolls extract --format csv` prints, per number, number_text, quote, offsets, measure, qualifier,
  interval, rule and a guessed exclusion reason, to copy; every other non-empty cell of the new rows (ids,
  source_id, sha256, path, dates, event, scope, counter, places, notes, the whole sources, events,
  victim_groups and attributions rows) is typed.
- after: `tolls add` and `tolls validate --fix` fill what a tool can know; the cells typed are those
  example_source.decide() sets (judgments, each deleted draft bracket counted as one cell), plus the
  judgments typed once for every figure with `tolls add --set` (event, counter, country, place).

Run from the repository root:  python benchmarks/add_benchmark.py
"""

from __future__ import annotations

import csv
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from example_source import COMMON, PUBLISHED, TEXT, decide  # noqa: E402

from tolls.authoring.add import add_source  # noqa: E402
from tolls.authoring.fix import apply_fixes, plan_fixes  # noqa: E402
from tolls.mentions.find import find_mentions  # noqa: E402
from tolls.package.loading import Package  # noqa: E402
from tolls.validation import validate  # noqa: E402

EXTRACT_CELLS = (
    "number_text",
    "quote",
    "quote_start",
    "quote_end",
    "measure",
    "qualifier",
    "low",
    "stated_number",
    "high",
    "interval_rule",
    "reason",
)


def rows(root: Path, name: str) -> list[dict[str, str]]:
    with (root / "data" / f"{name}.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "pkg"
        root.mkdir()
        shutil.copy(ROOT / "datapackage.json", root)
        shutil.copytree(ROOT / "data", root / "data")
        shutil.copytree(ROOT / "seeds", root / "seeds")
        old = {
            n: len(rows(root, n))
            for n in ("figures", "exclusions", "attributions", "sources", "events", "victim_groups")
        }
        article = Path(tmp) / "article.txt"
        article.write_text(TEXT, encoding="utf-8")
        pkg = Package.open(root)
        sid = add_source(
            pkg,
            article,
            kind="news",
            published=dt.date.fromisoformat(PUBLISHED),
            label="News excerpt on an attack near Hama (test)",
            shared=COMMON,
        ).source_id
        # --kind, --published, --label and the --set values, typed once, then the judgments in the rows
        after = 3 + len(COMMON) + decide(root, sid)
        apply_fixes(pkg, plan_fixes(pkg))
        problems = validate(root)
        assert not problems, [str(p) for p in problems]
        new = {n: rows(root, n)[k:] for n, k in old.items()}

        # what `tolls extract` gives, per number, keyed by where the number stands
        extract = {}
        for m in find_mentions(TEXT):
            p = m.parsed
            extract[m.start] = {
                "number_text": m.number_text,
                "quote": m.sentence,
                "quote_start": str(m.sentence_start),
                "quote_end": str(m.sentence_end),
                "measure": m.measure_guess or "",
                "qualifier": p.qualifier if p else "",
                "low": str(p.low or "") if p else "",
                "stated_number": "" if not p or p.stated is None else str(p.stated),
                "high": "" if not p or p.high is None else str(p.high),
                "interval_rule": p.rule if p else "",
                "reason": m.exclusion_guess or "",
            }
        before = 0
        for name, table in new.items():
            for row in table:
                filled = {k for k, v in row.items() if v}
                given = set()
                if name in ("figures", "exclusions"):
                    at = int(row["quote_start"]) + row["quote"].find(row["number_text"])
                    given = {k for k in EXTRACT_CELLS if k in row and extract.get(at, {}).get(k) == row[k]}
                before += len(filled - given)
        figures = len(new["figures"])
        both = sum(len([v for v in row.values() if v]) for n in ("events", "victim_groups") for row in new[n])
        print("new rows: " + ", ".join(f"{n} {len(t)}" for n, t in new.items()))
        print(f"cells typed by hand, before (tolls extract to copy from): {before} ({before / figures:.1f} per figure)")
        print(f"cells typed by hand, with tolls add + validate --fix:   {after} ({after / figures:.1f} per figure)")
        print(
            f"  of which {both} are the new event and victim group rows, typed either way; without them: "
            f"before {(before - both) / figures:.1f}, after {(after - both) / figures:.1f} per figure"
        )


if __name__ == "__main__":
    main()
