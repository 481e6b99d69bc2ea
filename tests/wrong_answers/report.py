"""How the checks answer the corpus of wrong answers: one table per notebook.

    python -m tests.wrong_answers.report [--topic gmm] [--messages]

For each notebook: entries, named, diagnosed, unnamed (and passing, if any), the fraction
named or diagnosed, then the unnamed entries (and those passing) one a line.  ``--messages``
also prints the message of each unnamed entry.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

if __package__ in (None, ""):  # run as a file: make the package importable
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    __package__ = "tests.wrong_answers"

from . import CATEGORIES, entries, notebooks, run  # noqa: E402


def table(topics=None) -> tuple[list[tuple], Counter]:
    """Rows (notebook, topic, counts, unnamed entries, passing entries) and the total counts."""
    rows, total = [], Counter()
    for topic, number in notebooks().items():
        if topics and topic not in topics:
            continue
        mine = [e for e in entries() if e.topic == topic]
        results = {e.key: run(e) for e in mine}
        counts = Counter(r.category for r in results.values())
        total += counts
        unnamed = [(e, results[e.key]) for e in mine if results[e.key].category == "unnamed"]
        passing = [(e, results[e.key]) for e in mine if results[e.key].category == "passes"]
        rows.append((number, topic, counts, len(mine), unnamed, passing))
    return rows, total


def fraction(counts: Counter) -> float:
    n = sum(counts.values())
    return (counts["named"] + counts["diagnosed"]) / n if n else 0.0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--topic", action="append", help="only this topic (repeatable)")
    parser.add_argument("--messages", action="store_true", help="print the message of each unnamed entry")
    args = parser.parse_args(argv)
    rows, total = table(args.topic)
    head = f"{'notebook':<18} {'entries':>7} {'named':>6} {'diagnosed':>9} {'unnamed':>7} {'passes':>6} {'fraction':>8}"
    print(head)
    print("-" * len(head))
    for number, topic, counts, n, _, _ in rows:
        print(f"{number} {topic:<15} {n:>7} {counts['named']:>6} {counts['diagnosed']:>9} {counts['unnamed']:>7} "
              f"{counts['passes']:>6} {fraction(counts):>8.0%}")
    print("-" * len(head))
    n = sum(total.values())
    print(f"{'all':<18} {n:>7} {total['named']:>6} {total['diagnosed']:>9} {total['unnamed']:>7} "
          f"{total['passes']:>6} {fraction(total):>8.1%}")
    for number, topic, _, _, unnamed, passing in rows:
        for label, listed in (("unnamed", unnamed), ("passes both checks", passing)):
            if listed:
                print(f"\n{number} {topic}, {label}:")
            for entry, result in listed:
                print(f"  {entry.key:<58} {entry.why}")
                if args.messages and result.message:
                    print("      " + result.message.replace("\n", "\n      "))
    assert set(total) <= set(CATEGORIES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
