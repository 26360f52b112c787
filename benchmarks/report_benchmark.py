"""Time `tolls report` (tolls.outputs.report.write_report) on a built database: cold (no previous report, every chart
drawn) and warm (the same again: every chart reused), and print the time per event and the output sizes.
Besides the wall time it prints the CPU time of this process and its workers, which other work on a shared
machine does not inflate: CPU seconds / cores is the wall time the run would take on idle cores.

    python benchmarks/report_benchmark.py DB OUT            # e.g. build/tolls.duckdb /tmp/report-bench
    python benchmarks/report_benchmark.py DB OUT --workers 1

Build a large database first, e.g. from a synthetic package (benchmarks/synth.py):

    python -c "from tolls.package.loading import Package; from tolls.database.build import build_database; \\
        from pathlib import Path; build_database(Package.open('/tmp/p100000'), Path('/tmp/b100k'))"
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import time
from pathlib import Path

from tolls.outputs.report import CHARTS_DIR, EVENTS_DIR, INDEX_NAME, REPORT_DIR, SOURCES_NAME, ReportStats, write_report


def _mb(n: int) -> str:
    return f"{n / 1e6:,.1f} MB"


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def _cpu() -> float:
    """User and system CPU seconds of this process and of its ended children (the worker processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def main() -> None:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("db", type=Path)
    cli.add_argument("out", type=Path, help="a folder for the report (its report/ is replaced)")
    cli.add_argument("--workers", type=int, default=None, help="processes that draw the charts (default: every core)")
    args = cli.parse_args()
    shutil.rmtree(args.out / REPORT_DIR, ignore_errors=True)
    for run in ("cold", "warm"):
        stats = ReportStats()
        cpu_before = _cpu()
        start = time.perf_counter()
        write_report(args.db, args.out, workers=args.workers, stats=stats)
        seconds = time.perf_counter() - start
        cpu = _cpu() - cpu_before
        print(
            f"{run}: {seconds:.1f} s for {stats.events:,} events ({1000 * seconds / max(stats.events, 1):.1f} ms "
            f"per event), {stats.charts_drawn:,} charts drawn, {stats.charts_reused:,} reused, "
            f"{stats.pages_written:,} pages written, {stats.pages_reused:,} reused, "
            f"{stats.workers} worker(s); CPU {cpu:.1f} s ({cpu / (os.cpu_count() or 1):.1f} s on "
            f"{os.cpu_count()} idle cores), load average {os.getloadavg()[0]:.1f}"
        )
    report = args.out / REPORT_DIR
    pages = sorted((report / EVENTS_DIR).glob("*.html"), key=lambda p: p.stat().st_size)
    print(
        f"index.html {_mb((report / INDEX_NAME).stat().st_size)}, sources.html "
        f"{_mb((report / SOURCES_NAME).stat().st_size)}, {len(pages):,} event pages "
        f"{_mb(sum(p.stat().st_size for p in pages))} (largest {pages[-1].name if pages else '-'} "
        f"{_mb(pages[-1].stat().st_size if pages else 0)}), charts {_mb(_size(report / CHARTS_DIR))}, "
        f"in all {_mb(_size(report))}"
    )


if __name__ == "__main__":
    main()
