"""Build time of the self-study site (``make site``): every master executed and rendered.

Three builds, each the site builder's own command (``python -m grader.authoring.site``) in a
fresh process, into a temporary folder, with a temporary cache:

- *cold, parallel*: every master executed (``--no-cache``), one kernel per core, each page
  rendered in the worker that executed it;
- *cold, serial*: the same with ``--workers 1``, as the site was built before (the alternative);
- *warm*: nothing changed since the last build, so every executed notebook is reused.

MathJax is fetched once before the timed rounds (npm, a few seconds) and copied by each build.
Goal: a cold build of the whole site in at most 60 s on this machine.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

try:
    from benchmarks import _common
except ImportError:  # run as a script
    import _common

GOAL_COLD_S = 60.0
GOAL_WARM_S = 15.0


def _build(out: Path, cache: Path, *args: str) -> None:
    command = [sys.executable, "-m", "grader.authoring.site", "--out", str(out), "--cache", str(cache), *args]
    done = subprocess.run(command, cwd=_common.REPO, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"the site build failed:\n{done.stdout[-1500:]}{done.stderr[-1500:]}")


def run(quick=False) -> list[dict]:
    _common.hermetic_env()
    from grader.authoring import site_mathjax

    rounds = 1 if quick else 3
    with tempfile.TemporaryDirectory(prefix="genlab-bench-site-") as tmp:
        tmp = Path(tmp)
        mathjax = site_mathjax.fetch(tmp / "mathjax-cache")
        common = ("--mathjax", str(mathjax))
        fns = {"parallel": lambda: _build(tmp / "p", tmp / "cache-p", "--no-cache", *common),
               "serial": lambda: _build(tmp / "s", tmp / "cache-s", "--no-cache", "--workers", "1", *common)}
        cold = _common.side_by_side(fns, rounds=rounds, warmup=0)
        warm = _common.side_by_side({"warm": lambda: _build(tmp / "w", tmp / "cache-p", *common)},
                                    rounds=rounds, warmup=0)["warm"]
    cores = os.cpu_count()
    return [
        _common.row("site build", f"cold: all masters executed, {cores} kernels in parallel", cold["parallel"],
                    cold["serial"], "one kernel at a time", goal=None,
                    note=f"{rounds} rounds, rounds alternate which build goes first"),
        _common.row("site build", "cold, whole site (goal)", cold["parallel"], goal=GOAL_COLD_S,
                    note="the time `make site` takes after a change to the course library"),
        _common.row("site build", "warm: executed notebooks reused from the cache", warm, goal=GOAL_WARM_S,
                    note="pages rendered again, nothing executed"),
    ]


if __name__ == "__main__":
    _common.print_table(run(quick="--quick" in sys.argv))
