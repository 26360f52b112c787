"""How well find_mentions finds the package's rows, and how fast parse_figure reads phrases.

A mention matches a row of data/figures.csv or data/exclusions.csv when its [start, end) equals the
row's number_text span: quote_start + quote.find(number_text), plus len(number_text).

Run from the repository root:  PYTHONPATH=src python benchmarks/extract_benchmark.py [--root DIR]
"""

from __future__ import annotations

import argparse
import csv
import sys
import time
from collections import defaultdict
from pathlib import Path

from tolls.intervals.phrases import parse_figure
from tolls.intervals.rule_table import load_rules
from tolls.mentions.find import find_mentions

Span = tuple[int, int]


def expected_spans(root: Path) -> dict[str, dict[Span, str]]:
    """source_id -> {span: 'figures'|'exclusions'} from the data CSVs that exist."""
    out: dict[str, dict[Span, str]] = defaultdict(dict)
    for name in ("figures", "exclusions"):
        path = root / "data" / f"{name}.csv"
        if not path.is_file():
            print(f"note: {path} does not exist yet; skipped")
            continue
        with path.open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                if not row.get("quote"):
                    continue  # a cited figure: its page's words are not in the package
                i = row["quote"].find(row["number_text"])
                if i < 0:
                    print(f"warning: {name} row {row}: number_text not in quote", file=sys.stderr)
                    continue
                start = int(row["quote_start"]) + i
                out[row["source_id"]][(start, start + len(row["number_text"]))] = name
    return out


def texts(root: Path) -> dict[str, str]:
    with (root / "data" / "sources.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return {r["source_id"]: (root / r["path"]).read_text(encoding="utf-8") for r in rows if r.get("path")}


def score(root: Path, keep_left_out: bool) -> None:
    expected = expected_spans(root)
    found_n = expected_n = hits = 0
    misses: list[str] = []
    extras: list[str] = []
    for sid, text in texts(root).items():
        exp = expected.get(sid, {})
        got = {(m.start, m.end): m for m in find_mentions(text, keep_left_out=keep_left_out)}
        found_n += len(got)
        expected_n += len(exp)
        hits += len(exp.keys() & got.keys())
        misses += [f"{sid} {a}-{b} {text[a:b]!r} ({exp[(a, b)]})" for a, b in sorted(exp.keys() - got.keys())]
        extras += [f"{sid} {a}-{b} {text[a:b]!r}" for a, b in sorted(got.keys() - exp.keys())]
    precision = hits / found_n if found_n else float("nan")
    recall = hits / expected_n if expected_n else float("nan")
    label = "keep_left_out=True " if keep_left_out else "default            "
    print(f"{label} rows {expected_n}, mentions {found_n}, matched {hits}: ", end="")
    print(f"precision {precision:.3f}, recall {recall:.3f}")
    for line in misses:
        print(f"    missed  {line}")
    for line in extras:
        print(f"    extra   {line}")


def speed(root: Path, seconds: float = 1.0) -> None:
    rules = load_rules()
    phrases = [r.example for r in rules] + [
        "over 740",
        "approximately 1,500",
        "at least eight",
        "Tens of thousands",
        "A married couple",
        "twenty-five people",
        "between 8 and 10",
        "10-12",
        "has risen to 745",
        "dozens injured",
        "740 or more",
        "Two to three dozen",
        "10 or 12",
    ]
    n = 0
    t0 = time.perf_counter()
    while time.perf_counter() - t0 < seconds:
        for p in phrases:
            parse_figure(p, rules)
        n += len(phrases)
    elapsed = time.perf_counter() - t0
    print(f"parse_figure: {n / elapsed:,.0f} phrases/s ({len(phrases)} distinct phrases, warm caches)")

    corpus = texts(root)
    chars = sum(len(t) for t in corpus.values())
    t0 = time.perf_counter()
    rounds = 0
    while time.perf_counter() - t0 < seconds:
        for t in corpus.values():
            find_mentions(t, rules)
        rounds += 1
    elapsed = time.perf_counter() - t0
    print(f"find_mentions: {rounds * chars / elapsed:,.0f} characters/s over the {len(corpus)} seed texts")


def _finders(root: Path, base: str | None) -> dict[str, object]:
    """name -> find(text, language) for this tree and, with --base, for the whole src/ of that git revision
    (extracted to a temporary folder and imported from there, so that a revision whose finder spans several
    modules is measured as it was)."""
    finders = {"this tree": lambda t, language=None: find_mentions(t, keep_left_out=True, language=language)}
    if base:
        import importlib
        import io
        import subprocess
        import tarfile
        import tempfile

        archive = subprocess.run(
            ["git", "-C", str(root), "archive", base, "src", "data/interval_rules.csv"], capture_output=True, check=True
        )
        folder = Path(tempfile.mkdtemp(prefix="tolls-base-"))
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(folder, filter="data")
        saved = {k: v for k, v in sys.modules.items() if k == "tolls" or k.startswith("tolls.")}
        for k in saved:
            del sys.modules[k]
        sys.path.insert(0, str(folder / "src"))
        try:
            module = importlib.import_module("tolls.mentions.extract")
            old_find = module.find_mentions
        finally:
            sys.path.remove(str(folder / "src"))
            for k in [k for k in sys.modules if k == "tolls" or k.startswith("tolls.")]:
                del sys.modules[k]
            sys.modules.update(saved)

        def find_base(t: str, language: str | None = None):
            try:
                return old_find(t, keep_left_out=True, language=language)
            except TypeError:  # a revision before languages: it reads every text as English
                return old_find(t, keep_left_out=True)

        finders[base] = find_base
    return finders


def labelled(root: Path, base: str | None) -> None:
    """Precision and recall on the labelled sentences of tests/extract_labelled.py (a tuned set and a held-out
    set) and on the Arabic excerpt of tests/mentions/arabic_excerpt.py (tuned, held-out), for this tree's
    finder and, with --base, for that git revision's; and the accuracy of parse_figure on the labelled Arabic
    phrases of tests/intervals/arabic_phrases.py."""
    sys.path[:0] = [str(root / "tests"), str(root / "tests" / "mentions"), str(root / "tests" / "intervals")]
    from arabic_excerpt import HELD_OUT as AR_HELD_OUT
    from arabic_excerpt import SENTENCES as AR_SENTENCES
    from arabic_phrases import PHRASES
    from extract_labelled import HELD_OUT, LABELLED
    from extract_labelled import score as score_labelled

    finders = _finders(root, base)
    sets = (
        ("tuned", LABELLED, None),
        ("held-out", HELD_OUT, None),
        ("ar tuned", AR_SENTENCES, "ar"),
        ("ar held-out", AR_HELD_OUT, "ar"),
    )
    for set_name, sentences, language in sets:
        for name, find in finders.items():
            r = score_labelled(lambda t, find=find, language=language: find(t, language), sentences)
            print(
                f"labelled {set_name:11} ({r['sentences']} sentences, {r['expected']} mentions) {name:>10}: "
                f"mentions P {r['mention_precision']:.3f} R {r['mention_recall']:.3f}; drafted figures "
                f"P {r['figure_precision']:.3f} R {r['figure_recall']:.3f}; exclusion reasons "
                f"{r['reason_accuracy']:.3f}"
            )
    right = 0
    for text, expected in PHRASES:
        p = parse_figure(text, language="ar")
        right += (None if p is None else (p.rule, p.low, p.stated, p.high)) == expected
    print(f"labelled Arabic phrases: {right} of {len(PHRASES)} read as labelled ({right / len(PHRASES):.3f})")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", default=Path(__file__).resolve().parents[1], type=Path)
    ap.add_argument("--seconds", default=1.0, type=float, help="time per speed measurement")
    ap.add_argument("--base", help="also score the finder of this git revision (e.g. main) on the labelled sets")
    args = ap.parse_args()
    labelled(args.root, args.base)
    score(args.root, keep_left_out=False)
    score(args.root, keep_left_out=True)
    speed(args.root, args.seconds)


if __name__ == "__main__":
    main()
