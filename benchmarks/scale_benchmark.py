"""Time validate, bare frictionless, build and every view at 10k / 100k / 1M figures (not a test).

    python benchmarks/scale_benchmark.py --sizes 10000,100000 [--work /tmp/tolls-scale] [--skip-frictionless]
    python benchmarks/scale_benchmark.py --sizes 1000000 --rows replicated --validate-only --shipped-runs 0

For each size it writes a synthetic package (benchmarks/synth.py, reused when already there), or with
--rows replicated the shipped package's real rows copied with new ids (long notes, many cited sources), then
runs, each as its own process so that peak memory is that command's alone:
  tolls validate (cold: empty cache; warm: the cache of per-text results kept), bare
  `frictionless validate datapackage.json`, tolls build, and `SELECT count(*)` of each view.
It prints one table: seconds, microseconds per figure, peak resident memory (ru_maxrss of the child),
and the ratios the targets of issue 11 name. First, the shipped package: `tolls validate` with an empty
cache and bare frictionless, --shipped-runs times each (the medians' ratio).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent


def run(cmd: list[str], cwd: Path, env: dict | None = None, timeout: int = 3600) -> tuple[float, float, int, str]:
    """(seconds, peak MB, exit code, last line of output) of one child process."""
    start = time.perf_counter()
    # a wrapper process per command, so ru_maxrss is this command's peak, not the largest child's so far
    wrapper = [sys.executable, "-c", WRAP, *cmd]
    proc = subprocess.run(
        wrapper, cwd=cwd, env={**os.environ, **(env or {})}, capture_output=True, text=True, timeout=timeout
    )
    seconds = time.perf_counter() - start
    lines = proc.stdout.strip().splitlines()
    peak_kb = int(lines[-1]) if lines and lines[-1].isdigit() else 0
    out = (lines[-2] if len(lines) > 1 else "") or proc.stderr.strip()[-200:]
    return seconds, peak_kb / 1024, proc.returncode, out


# Runs the command, then prints the peak resident memory (KB) of it and its children.
WRAP = """
import resource, subprocess, sys
p = subprocess.run(sys.argv[1:], capture_output=True, text=True)
out = (p.stdout.strip().splitlines() or [""])[-1]
print(out)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
sys.exit(p.returncode)
"""


def views(root: Path) -> list[str]:
    sys.path.insert(0, str(HERE.parent / "src"))
    from tolls.database.build import VIEWS

    return list(VIEWS)


def bench(
    n: int, work: Path, skip_frictionless: bool, timeout: int, replicated: bool = False, validate_only: bool = False
) -> list[tuple]:
    """The steps at n figures, of synthetic rows or (replicated) of the shipped package's rows copied."""
    kind = "real" if replicated else "synthetic"
    root = work / (f"r{n}" if replicated else f"p{n}")
    rows = []
    if not (root / "datapackage.json").is_file():
        synth = [sys.executable, str(HERE / "synth.py"), str(n), str(root), *(["--replicated"] if replicated else [])]
        t, mb, rc, out = run(synth, work, timeout=timeout)
        print(f"  {kind} {n}: {t:.1f} s  {out}", file=sys.stderr)
    cache = work / f"cache-{kind}-{n}"
    shutil.rmtree(cache, ignore_errors=True)
    env = {"XDG_CACHE_HOME": str(cache)}
    tolls = str(BIN / "tolls")
    steps = [("tolls validate (cold)", [tolls, "validate"], env), ("tolls validate (warm)", [tolls, "validate"], env)]
    if not skip_frictionless:
        steps.append(("frictionless validate", [str(BIN / "frictionless"), "validate", "datapackage.json"], None))
    if not validate_only:
        steps.append(("tolls build", [tolls, "build"], env))
    for label, cmd, e in steps:
        t, mb, rc, out = run(cmd, root, e, timeout)
        rows.append((n, f"{label}, {kind} rows" if replicated else label, t, mb, rc, out))
        print(f"  {n:>9} {kind:9} {label:24} {t:8.1f} s {mb:7.0f} MB  exit {rc}  {out[:90]}", file=sys.stderr)
    if validate_only:
        return rows
    for view in views(root):
        sql = f"SELECT count(*) FROM {view}"
        code = (
            "import duckdb, sys, time; c = duckdb.connect(sys.argv[1], read_only=True); t = time.perf_counter(); "
            "n = c.execute(sys.argv[2]).fetchone()[0]; print(f'{n} rows in {time.perf_counter() - t:.2f} s')"
        )
        t, mb, rc, out = run(
            [sys.executable, "-c", code, str(root / "build" / "tolls.duckdb"), sql], root, None, timeout
        )
        rows.append((n, f"count(*) {view}", t, mb, rc, out))
        print(f"  {n:>9} {view:24} {t:8.1f} s {mb:7.0f} MB  {out}", file=sys.stderr)
    return rows


def shipped(runs: int, work: Path) -> list[tuple]:
    """The shipped package: `tolls validate` with an empty cache, and bare frictionless, `runs` times each."""
    root = HERE.parent
    rows = []
    for i in range(runs):
        cache = work / f"cache-shipped-{i}"
        shutil.rmtree(cache, ignore_errors=True)
        steps = (
            ("tolls validate (cold)", [str(BIN / "tolls"), "validate"], {"XDG_CACHE_HOME": str(cache)}),
            ("frictionless validate", [str(BIN / "frictionless"), "validate", "datapackage.json"], None),
        )
        for label, cmd, e in steps:
            t, mb, rc, out = run(cmd, root, e)
            rows.append((label, t, mb, rc))
            print(f"  shipped {label:24} {t:6.2f} s {mb:5.0f} MB  exit {rc}", file=sys.stderr)
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", default="10000,100000", help="comma-separated figure counts, e.g. 10000,100000,1000000")
    ap.add_argument("--work", type=Path, default=Path("/tmp/tolls-scale"))
    ap.add_argument("--skip-frictionless", action="store_true")
    ap.add_argument("--timeout", type=int, default=3600, help="seconds per command")
    ap.add_argument("--shipped-runs", type=int, default=5, help="runs of each on the shipped package (0: none)")
    ap.add_argument(
        "--rows",
        choices=["synthetic", "replicated", "both"],
        default="synthetic",
        help="synthetic rows (synth.py), the shipped package's real rows copied with new ids, or both",
    )
    ap.add_argument("--validate-only", action="store_true", help="only tolls validate (and frictionless)")
    args = ap.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    sizes = [int(s) for s in args.sizes.split(",")]
    ship = shipped(args.shipped_runs, args.work) if args.shipped_runs else []
    rows = []
    for n in sizes:
        for replicated in {"synthetic": [False], "replicated": [True], "both": [False, True]}[args.rows]:
            rows += bench(n, args.work, args.skip_frictionless, args.timeout, replicated, args.validate_only)
    print(
        f"machine: {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
        f"{os.sysconf('SC_PAGE_SIZE') * os.sysconf('SC_PHYS_PAGES') / 2**30:.1f} GB memory"
    )
    print()
    print("| figures | step | seconds | µs per figure | peak MB | exit | output |")
    print("|---|---|---|---|---|---|---|")
    for n, label, t, mb, rc, out in rows:
        print(f"| {n:,} | {label} | {t:.1f} | {t / n * 1e6:.0f} | {mb:.0f} | {rc} | {out[:60]} |")
    print()
    if ship:
        tv = sorted(t for label, t, _, _ in ship if label.startswith("tolls"))
        fl = sorted(t for label, t, _, _ in ship if label.startswith("frictionless"))
        med = len(tv) // 2
        print(
            f"shipped package, {len(tv)} runs each: tolls validate (cold) {tv[0]:.2f} to {tv[-1]:.2f} s, "
            f"frictionless {fl[0]:.2f} to {fl[-1]:.2f} s; median / median = {tv[med] / fl[med]:.2f} "
            "(target <= 1.5)"
        )
    by = {(n, label): t for n, label, t, *_ in rows}
    for n in sizes:
        fl = by.get((n, "frictionless validate"))
        for kind in ("cold", "warm"):
            tv = by.get((n, f"tolls validate ({kind})"))
            if fl and tv:
                print(f"{n:,} figures: frictionless / tolls validate ({kind}) = {fl / tv:.2f} (target >= 2 at 100k)")
    first = sizes[0]
    for n in sizes[1:]:
        for label in ("tolls validate (cold)", "tolls validate (warm)", "tolls build"):
            if (n, label) in by and (first, label) in by:
                ratio = (by[(n, label)] / n) / (by[(first, label)] / first)
                print(f"{label}: time per figure at {n:,} / at {first:,} = {ratio:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
