"""How the mention finder's time grows with runs of numbers: it should grow linearly with the text.

Prints, for runs of 1,000 and 10,000 numbers joined by each separator, the seconds taken and the
microseconds per character; a quadratic finder shows as a per-character time that grows tenfold.

Run from the repository root:  PYTHONPATH=src python benchmarks/mention_runs_benchmark.py
"""

from __future__ import annotations

import time

from tolls.intervals.rule_table import load_rules
from tolls.mentions.find import find_mentions

SEPARATORS = (", ", " or ", " and ", " to ", " ", "-", "\u2009", ".")


def main() -> None:
    rules = load_rules()
    print(f"{'separator':>10} {'numbers':>8} {'chars':>8} {'seconds':>8} {'us/char':>8}")
    for sep in SEPARATORS:
        for n in (1_000, 10_000):
            text = "Tolls of " + sep.join(str(i) for i in range(1, n + 1)) + " people were reported."
            started = time.perf_counter()
            find_mentions(text, rules, keep_left_out=True)
            took = time.perf_counter() - started
            print(f"{sep!r:>10} {n:>8} {len(text):>8} {took:>8.2f} {1e6 * took / len(text):>8.1f}")
    text = "It said " + "7" * 100_000 + " people."
    started = time.perf_counter()
    find_mentions(text, rules)
    print(f"one run of 100,000 digits: {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
