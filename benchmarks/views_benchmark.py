"""Time `build_database` (the database part of `tolls build`, no validation) and `SELECT count(*)` of every
view on a built database (not a test).

    python benchmarks/views_benchmark.py PACKAGE OUT [--repeat 3] [--skip-build]

The build runs once in its own process under /usr/bin/time -v (wall seconds and peak resident memory of
that process); each view's count(*) runs `--repeat` times, each in a fresh process that opens the database
read-only, and the best time is printed (the machine is shared, so the best is the least disturbed run).
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parent.parent / "src"

BUILD = (
    "from pathlib import Path; from tolls.package.loading import Package; "
    "from tolls.database.build import build_database; "
    "import sys; build_database(Package.open(sys.argv[1]), Path(sys.argv[2]))"
)

COUNT = (
    "import sys, time, duckdb; con = duckdb.connect(sys.argv[1], read_only=True); "
    "con.execute('SET enable_progress_bar = false'); t = time.perf_counter(); "
    "n = con.execute(f'SELECT count(*) FROM {sys.argv[2]}').fetchone()[0]; "
    "print(n, time.perf_counter() - t)"
)


def env() -> dict:
    return {**os.environ, "PYTHONPATH": str(SRC)}


def build(package: Path, out: Path) -> tuple[float, float]:
    """(wall seconds, peak resident MB) of one build in its own process."""
    proc = subprocess.run(
        ["/usr/bin/time", "-v", sys.executable, "-c", BUILD, str(package), str(out)],
        env=env(),
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode:
        raise SystemExit(proc.stderr[-2000:])
    wall = re.search(r"Elapsed \(wall clock\) time .*: (?:(\d+):)?(\d+):([\d.]+)", proc.stderr)
    hours, minutes, seconds = (float(g or 0) for g in wall.groups())
    peak_kb = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", proc.stderr).group(1))
    return hours * 3600 + minutes * 60 + seconds, peak_kb / 1024


def count(db: Path, view: str) -> tuple[int, float]:
    """(rows, seconds of the query alone) in a fresh process."""
    proc = subprocess.run(
        [sys.executable, "-c", COUNT, str(db), view], env=env(), capture_output=True, text=True, check=True
    )
    n, seconds = proc.stdout.split()[-2:]
    return int(n), float(seconds)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("package", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--skip-build", action="store_true")
    args = ap.parse_args()
    sys.path.insert(0, str(SRC))
    from tolls.database.build import VIEWS

    if not args.skip_build:
        seconds, mb = build(args.package, args.out)
        print(f"build_database\t{seconds:.1f} s\t{mb:,.0f} MB peak", flush=True)
    db = args.out / "tolls.duckdb"
    for view in VIEWS:
        runs = [count(db, view) for _ in range(args.repeat)]
        print(f"count(*) {view}\t{min(s for _, s in runs):.2f} s\t{runs[0][0]:,} rows", flush=True)


if __name__ == "__main__":
    main()
