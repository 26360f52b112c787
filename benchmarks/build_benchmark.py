"""Time `build_database`, the check of the views against their declared schemas, and a full read of each view
(not a test).

PYTHONPATH=src python benchmarks/build_benchmark.py [--repeat 5] [--root PACKAGE]

build_database includes the views' check (tolls.database.view_schema.check_views); it is also timed alone on the
built database, with pandera already imported (a build pays about a second more for the import).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from tolls.database.build import VIEWS, build_database, run_query
from tolls.database.view_schema import check_views
from tolls.package.loading import Package


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--root", default=Path(__file__).resolve().parents[1])
    args = ap.parse_args()
    pkg = Package.open(args.root)
    with tempfile.TemporaryDirectory() as tmp:
        builds = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            db = build_database(pkg, Path(tmp))
            builds.append(time.perf_counter() - start)
        print(
            f"build_database: median {statistics.median(builds) * 1000:.0f} ms over {args.repeat} runs "
            f"({db.stat().st_size / 1e6:.1f} MB)"
        )
        checks = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            problems = check_views(db, pkg)
            checks.append(time.perf_counter() - start)
        print(f"check_views: median {statistics.median(checks) * 1000:.0f} ms ({len(problems)} problems)")
        for view in VIEWS:
            times = []
            for _ in range(args.repeat):
                start = time.perf_counter()
                _, rows = run_query(db, f"SELECT * FROM {view}")
                times.append(time.perf_counter() - start)
            print(
                f"{view:24} {len(rows):4} rows  median {statistics.median(times) * 1000:6.1f} ms "
                "(open read-only + query + fetch)"
            )


if __name__ == "__main__":
    main()
