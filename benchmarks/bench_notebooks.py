"""Execution time of every master notebook in solutions/ (nbclient, in-process, fresh kernel).

Each notebook runs top to bottom in a new ``python3`` kernel started by nbclient in this process
(kernel start-up included), in its own folder, with temporary Jupyter/IPython/matplotlib folders.
Goal: all six masters in at most 60 s in total (and each in at most 15 s, the course's own rule).
A notebook whose cells raise is reported, not timed as a success.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

try:
    from benchmarks import _common
except ImportError:  # run as a script
    import _common

GOAL_TOTAL_S = 60.0
GOAL_EACH_S = 15.0


def execute(path: Path):
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(path.parent)}})
    start = time.perf_counter()
    client.execute()
    elapsed = time.perf_counter() - start
    errors = [o.get("ename") for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error"]
    return elapsed, errors


def run(quick=False) -> list[dict]:
    _common.hermetic_env()
    masters = sorted((_common.REPO / "solutions").glob("*/*.ipynb"))
    if not masters:
        return [_common.skipped("master notebooks", "no masters in solutions/")]
    rounds = 1 if quick else 3
    times = {path: [] for path in masters}
    errors = {}
    for _ in range(rounds):
        for path in masters:
            elapsed, errs = execute(path)
            times[path].append(elapsed)
            if errs:
                errors[path] = errs
    rows = []
    for path in masters:
        note = f"cells raised: {', '.join(sorted(set(errors[path])))}" if path in errors else ""
        rows.append(_common.row("master notebook", path.parent.name, times[path], goal=GOAL_EACH_S, note=note))
    totals = np.sum([times[p] for p in masters], axis=0)
    rows.append(_common.row("master notebooks", f"all {len(masters)} in total", totals, goal=GOAL_TOTAL_S,
                            note=f"{rounds} rounds, each notebook in a fresh kernel"))
    return rows


if __name__ == "__main__":
    _common.warn_coretype()
    _common.print_table(run(quick="--quick" in sys.argv))
