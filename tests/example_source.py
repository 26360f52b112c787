"""Two contributions made as a contributor makes them, with the project's own tools, the judgments typed in code.

HAMA is the README's worked example: a news excerpt made for the tests (no real report: invented place details,
round numbers), used by tests/authoring/test_add.py (end to end, as the README shows it) and
benchmarks/add_benchmark.py (cells typed by hand per figure).

SUWAYDA is the contribution CI adds before it runs the whole suite a second time (.ci/run): a page cited by URL
(Shafaq News, 24 July 2025, relaying SOHR's toll for Suwayda province; the facts only: its numbers, dates and
names), and a short text written for the tests that relays that toll and restates it in its headline. It brings
a new event, a new victim group, cited and quoted figures, a relay, parts and a headline copy. Its ids start
with "test" so that they never meet a real row.

    python tests/example_source.py DEST

copies this repository (the files git tracks, and new ones it does not ignore) to DEST and makes the SUWAYDA
contribution there with `tolls add`, `tolls validate --fix` and `tolls docs`; the tests run in DEST then read
that package (conftest.ROOT is DEST).
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path


@dataclass(frozen=True)
class Example:
    """A contribution: the text or page, the rows a person adds, and the judgments typed into drafted rows."""

    name: str
    text: str  # saved as article.txt and added with `tolls add`
    published: str
    label: str
    common: dict[str, str]  # typed once with `tolls add --set COLUMN=VALUE`, for every figure of the text
    # (number_text, occurrence) -> the judgment cells of its figure; "@words" names the figure of those words,
    # "@cited:words" the cited page's figure of those words
    judgments: dict[tuple[str, int], dict[str, str]]
    events: list[dict[str, str]] = field(default_factory=list)  # "@cited" is the cited source's id
    victim_groups: list[dict[str, str]] = field(default_factory=list)
    attribution: dict[str, str] | None = None  # its quote typed; offsets left for --fix
    cited: dict[str, object] | None = None  # url, label, kind, published, counter, common, figures

    def add_args(self) -> list[str]:
        return [
            "--kind",
            "news",
            "--published",
            self.published,
            "--label",
            self.label,
            *[arg for k, v in self.common.items() for arg in ("--set", f"{k}={v}")],
        ]

    def cited_args(self) -> list[str]:
        c = self.cited or {}
        args = ["--url", str(c["url"]), "--label", str(c["label"]), "--kind", str(c["kind"])]
        args += ["--published", str(c["published"]), "--counter", str(c["counter"]), "--language", str(c["language"])]
        args += [arg for words in c["figures"] for arg in ("--figure", words)]
        return args + [arg for k, v in c["common"].items() for arg in ("--set", f"{k}={v}")]


HAMA = Example(
    name="hama",
    text="""\
Gunmen kill 12 in attack on village near Hama
HAMA, Syria - Gunmen killed at least 12 civilians, including three children, in an attack on a village near \
Hama on Tuesday, a monitoring group said.
The Syrian Observatory for Human Rights said 20 people were wounded and about 30 homes were burned. It has \
documented about 30 massacres in the province since 2024.
Dozens of people who chanted slogans gathered in the square afterwards. Residents said the shooting had lasted \
three hours.
""",
    published="2025-03-13",  # a Thursday: "on Tuesday" is 2025-03-11
    label="News excerpt on an attack near Hama (test)",
    events=[
        {
            "event_id": "test-2025-03-hama",
            "name": "Attack on a village near Hama, March 2025 (test)",
            "event_type": "killings",
            "date_start": "2025-03-11",
            "date_end": "2025-03-11",
            "date_precision": "day",
            "date_basis": "inferred_from_text",
            "country": "SY",
            "admin1": "SY-HM",
            "notes": "Dated from 'on Tuesday' in a text published on 2025-03-13.",
        }
    ],
    victim_groups=[
        {
            "victim_group": "children",
            "status": "civilians",
            "identity": "any",
            "scope": "civilians",
            "description": "Children.",
        }
    ],
    common={
        "event_id": "test-2025-03-hama",
        "event_basis": "inferred_from_text",
        "counted_by": "sohr",
        "count_kind": "running_tally",
        "count_status": "not_stated",
        "coverage": "whole_event",
        "country": "SY",
        "admin1": "SY-HM",
        "place_text": "a village near Hama",
    },
    judgments={
        # the headline restates the body's number: a copy of the body's figure, counted once with it
        ("12", 0): {
            "victim_group": "civilians",
            "measure_words": "kill",
            "copy_of_figure_id": "@at least 12",
            "date_basis": "from_event",  # `tolls validate --fix` copies the event's dates
        },
        ("at least 12", 0): {"victim_group": "civilians", "measure_words": "killed"},
        ("three", 0): {
            "victim_group": "children",
            "measure_words": "killed",
            "coverage": "part_victims",
            "part_of_figure_id": "@at least 12",
        },
        ("20", 0): {
            "victim_group": "people",
            "measure_words": "wounded",
            "date_basis": "from_event",
        },
    },
    attribution={
        "actor_id": "armed-groups",
        "stance": "stated",
        "extent": "all",
        "quote": "Gunmen killed at least 12 civilians",
    },
)

SHAFAQ = (
    "https://shafaq.com/en/Middle-East/Death-toll-in-Suwayda-violence-surpasses-1-300-as-watchdog-warns-of-war-crimes"
)
_SUWAYDA_PLACE = {"country": "SY", "admin1": "SY-SU"}
SUWAYDA = Example(
    name="suwayda",
    text="""\
Monitor puts Suwayda toll at 1,386
The Syrian Observatory for Human Rights said on Thursday that 1,386 people had been killed in Suwayda province \
since July 13.
""",
    published="2025-07-24",  # a Thursday: "on Thursday" is that day
    label="Text written for the tests relaying SOHR's Suwayda toll (test)",
    events=[
        {
            "event_id": "test-2025-07-suwayda",
            "name": "Violence in Suwayda province, July 2025 (test)",
            "event_type": "clashes",
            "date_start": "2025-07-13",
            "date_end": "2025-07-24",
            "date_precision": "day",
            "date_basis": "outside_knowledge",
            **_SUWAYDA_PLACE,
            "outside_citation": "@cited",
            "notes": "From 13 July, the day the cited page counts from, to its publication on 24 July 2025.",
        }
    ],
    victim_groups=[
        {
            "victim_group": "test_suwayda_residents",
            "status": "unknown",
            "identity": "any",
            "scope": "people",
            "description": "Residents of Suwayda province; the page does not say whether civilians or not (test).",
        }
    ],
    common={
        "event_id": "test-2025-07-suwayda",
        "event_basis": "stated",
        "measure": "killed",
        "measure_words": "killed",
        "victim_group": "mixed_total",
        "counted_by": "sohr",
        "count_kind": "running_tally",
        "count_status": "not_stated",
        "coverage": "whole_event",
        "date_start": "2025-07-13",
        "date_end": "2025-07-24",
        "date_precision": "day",
        "date_basis": "inferred_from_publication",
        "as_of": "2025-07-24",
        "as_of_precision": "day",
        "as_of_basis": "inferred_from_publication",
        **_SUWAYDA_PLACE,
        "place_text": "Suwayda province",
    },
    judgments={
        # the headline restates the body's number: a copy of the body's figure
        ("1,386", 0): {"measure_words": "toll", "copy_of_figure_id": "@1,386#1"},
        # the body retells the count of the cited page
        ("1,386", 1): {"relay_of_figure_id": "@cited:1,386"},
    },
    cited={
        "url": SHAFAQ,
        "label": "Shafaq News page relaying SOHR's Suwayda toll, 24 July 2025 (test)",
        "kind": "news",
        "published": "2025-07-24",
        "counter": "sohr",
        "figures": ["1,386", "238", "657"],
        "language": "en",
        "common": {
            "event_id": "test-2025-07-suwayda",
            "event_basis": "stated",
            "measure": "killed",
            "counted_by": "sohr",
            "count_kind": "running_tally",
            "count_status": "not_stated",
            "date_start": "2025-07-13",
            "date_end": "2025-07-24",
            "date_precision": "day",
            "date_basis": "stated",
            "as_of": "2025-07-24",
            "as_of_precision": "day",
            "as_of_basis": "inferred_from_publication",
            **_SUWAYDA_PLACE,
        },
        # words -> the judgments of its figure
        "judgments": {
            "1,386": {"victim_group": "mixed_total", "coverage": "whole_event"},
            "238": {
                "victim_group": "people",
                "coverage": "part_victims",
                "part_of_figure_id": "@cited:1,386",
                "date_end": "2025-07-21",
            },
            "657": {
                "victim_group": "test_suwayda_residents",
                "coverage": "whole_event",
                "part_of_figure_id": "@cited:1,386",
            },
        },
        "notes": {
            "1,386": "The page's overall toll since 13 July (clashes, summary executions and airstrikes).",
            "238": "Summary executions between 13 July and the ceasefire of 21 July, as the page gives them.",
            "657": "People from Suwayda among the dead.",
        },
    },
)

# The README's worked example, as the tests have long named it.
TEXT, PUBLISHED, COMMON = HAMA.text, HAMA.published, HAMA.common
EVENT, VICTIM_GROUP, FIGURE_JUDGMENTS, ATTRIBUTION = (
    HAMA.events[0],
    HAMA.victim_groups[0],
    HAMA.judgments,
    HAMA.attribution,
)
ADD_ARGS = HAMA.add_args()


def _read(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        return list(reader.fieldnames or []), list(reader)


def _write(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, header, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def _undraft(notes: str) -> str:
    return re.sub(r"^\[draft:.*?; delete this bracket when done\]\s*", "", notes, flags=re.S)


def _ids(figures: list[dict[str, str]], source_id: str) -> dict[str, str]:
    """'words' and 'words#n' (the n-th occurrence) -> figure_id, for the figures of one source."""
    ids: dict[str, str] = {}
    seen: dict[str, int] = {}
    for f in figures:
        if f["source_id"] == source_id:
            n = seen.get(f["number_text"], 0)
            seen[f["number_text"]] = n + 1
            ids.setdefault(f["number_text"], f["figure_id"])
            ids[f"{f['number_text']}#{n}"] = f["figure_id"]
    return ids


def decide(root: Path, source_id: str, example: Example = HAMA, cited_id: str | None = None) -> int:
    """Type the judgments into the drafted rows of `source_id` (and of the cited source `cited_id`) as a
    contributor would, and return how many cells were typed (each cell set or changed, each draft bracket
    deleted, each cell of a new row)."""
    typed = 0
    data = root / "data"

    def resolve(value: str, own: dict[str, str], cited: dict[str, str]) -> str:
        if value == "@cited":
            return str(cited_id)
        if value.startswith("@cited:"):
            return cited[value[len("@cited:") :]]
        return own[value[1:]] if value.startswith("@") else value

    header, figures = _read(data / "figures.csv")
    own = _ids(figures, source_id)
    cited = _ids(figures, cited_id) if cited_id else {}

    header_e, events = _read(data / "events.csv")
    new_events = [{k: resolve(v, own, cited) for k, v in e.items()} for e in example.events]
    _write(data / "events.csv", header_e, [*events, *new_events])
    typed += sum(1 for e in new_events for v in e.values() if v)
    header_g, groups = _read(data / "victim_groups.csv")
    _write(data / "victim_groups.csv", header_g, [*groups, *example.victim_groups])
    typed += sum(len(g) for g in example.victim_groups)

    seen: dict[str, int] = {}
    for fig in figures:
        if fig["source_id"] == source_id:
            n = seen.get(fig["number_text"], 0)
            seen[fig["number_text"]] = n + 1
            cells = {**example.common, **example.judgments[(fig["number_text"], n)]}
        elif cited_id and fig["source_id"] == cited_id and example.cited:
            c = example.cited
            cells = {**c["common"], **c["judgments"][fig["number_text"]], "notes": c["notes"][fig["number_text"]]}
        else:
            continue
        fig["notes"] = _undraft(fig["notes"])
        typed += 1
        for key, value in cells.items():
            value = resolve(value, own, cited)
            if fig.get(key) != value:
                fig[key] = (fig["notes"] + " " + value).strip() if key == "notes" else value
                typed += 1
    _write(data / "figures.csv", header, figures)

    for name in ("exclusions", "sources"):
        header_x, rows = _read(data / f"{name}.csv")
        for row in rows:
            if row["source_id"] in (source_id, cited_id) and row["notes"].startswith("[draft:"):
                row["notes"] = _undraft(row["notes"])
                typed += 1
        _write(data / f"{name}.csv", header_x, rows)

    if example.attribution:
        # the attribution: its quote typed (copied from the text); its offsets left for `tolls validate --fix`
        header_a, rows = _read(data / "attributions.csv")
        figure = own["at least 12"] if "at least 12" in own else next(iter(own.values()))
        new_id = f"a{max(int(r['attribution_id'][1:]) for r in rows) + 1:03d}"
        rows.append({"attribution_id": new_id, "figure_id": figure, **example.attribution})
        _write(data / "attributions.csv", header_a, rows)
        typed += 2 + len(example.attribution)  # id, figure_id and the three cells; offsets are --fix's
    return typed


# --- CI: the repository copied, the SUWAYDA contribution made in the copy ---------------------------------


def copy_repository(src: Path, dest: Path) -> Path:
    """The files of the repository at `src` that git tracks, and new ones it does not ignore (a checkout as
    CI has it, with a developer's uncommitted work), copied to `dest`; without git, every file but build
    outputs, caches and virtual environments."""
    listed = subprocess.run(
        ["git", "-C", str(src), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        capture_output=True,
        check=False,
    )
    if listed.returncode == 0:
        for rel in filter(None, listed.stdout.decode("utf-8").split("\0")):
            source = src / rel
            if source.is_file() and not source.is_symlink():
                (dest / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(source, dest / rel)
    else:
        ignore = shutil.ignore_patterns(".git", ".venv", "build", "__pycache__", "*.egg-info", ".pytest_cache")
        shutil.copytree(src, dest, ignore=ignore, dirs_exist_ok=True)
    return dest


def tolls(root: Path, *argv: str) -> subprocess.CompletedProcess[str]:
    """`tolls ARGV` run in `root`, as a contributor runs it there."""
    return subprocess.run(
        [sys.executable, "-m", "tolls.cli", *argv],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=600,
        env={**os.environ, "TOLLS_ROOT": str(root)},
    )


def _run(root: Path, *argv: str, expect: int = 0) -> str:
    done = tolls(root, *argv)
    if done.returncode != expect:
        raise RuntimeError(f"tolls {' '.join(argv)}: exit {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done.stdout


def contribute(root: Path, example: Example = SUWAYDA) -> dict[str, str]:
    """Make `example`'s contribution to the package at `root` with the project's tools: `tolls add` (the
    cited page, then the text, each with --set), the judgments typed into the drafted rows, `tolls validate
    --fix`, `tolls docs`; then `tolls validate` must pass. Returns the new sources' ids."""
    ids = {}
    if example.cited:
        out = _run(root, "add", *example.cited_args())
        ids["cited"] = re.match(r"added ([^\s:]+)", out).group(1)
    article = root.parent / f"{example.name}-article.txt"
    article.write_text(example.text, encoding="utf-8")
    out = _run(root, "add", str(article), *example.add_args())
    ids["quoted"] = re.match(r"added ([^\s:]+)", out).group(1)
    decide(root, ids["quoted"], example, ids.get("cited"))
    _run(root, "validate", "--fix")
    _run(root, "docs")
    _run(root, "validate")
    return ids


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print("usage: python tests/example_source.py DEST  (a new folder: the repository with a contribution)")
        return 2
    dest = Path(argv[0]).resolve()
    if dest.exists() and any(dest.iterdir()):
        print(f"{dest} is not empty; give a new folder")
        return 2
    repo = Path(__file__).resolve().parents[1]
    copy_repository(repo, dest)
    try:
        ids = contribute(dest)
    except RuntimeError as exc:  # a command failed: what it said, not a traceback
        print(exc, file=sys.stderr)
        return 1
    print(f"{dest}: the repository with a contribution added by the project's tools ({', '.join(ids.values())})")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
