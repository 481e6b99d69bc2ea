"""What the bubblewrap sandbox costs: start-up per kernel and grading time per notebook.

    python benchmarks/bench_sandbox.py [--quick]

Rows:

* ``bwrap start-up``: ``bwrap <the grader's arguments> -- python -c pass`` minus ``python -c pass``
  (paired, interleaved rounds); goal ≤ 50 ms;
* ``kernel ready``: a graded kernel started until it answers ``kernel_info``, inside bubblewrap
  (``WalledKernelManager``, IPC sockets) and without it (the limits-only launcher, TCP);
* ``one notebook``: the 05-grades master (visible and hidden checks) executed by ``WalledExecute``
  and by ``SandboxExecute`` (the audit probe after every cell included);
* ``verdicts``: the 05-grades and 06-image-segmentation masters graded with its test cells decided by the grader (cases through
  the exchange folder, judged in the grader's process) against the test cells run in the kernel,
  as before the grader decided (both ``SandboxExecute``); goal ≤ 0.2 s added per notebook.
"""

from __future__ import annotations

import asyncio
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks import _common  # noqa: E402


def _startup(rounds: int) -> list[dict]:
    from grader.grading import bubblewrap

    box = Path(tempfile.mkdtemp(prefix="gk-"))
    (box / "work").mkdir()
    wall = bubblewrap.bwrap_args(box) + ["--", sys.executable, "-S", "-c", "pass"]
    plain = [sys.executable, "-S", "-c", "pass"]
    try:
        times = _common.side_by_side({"wall": lambda: subprocess.run(wall, check=True),
                                      "plain": lambda: subprocess.run(plain, check=True)}, rounds)
    finally:
        shutil.rmtree(box, ignore_errors=True)
    return [_common.row("sandbox", "bwrap start-up (bwrap + python -S) vs python -S alone", times["wall"],
                        times["plain"], "no bwrap"),
            _common.row("sandbox", "bwrap start-up: added seconds per kernel", times["wall"] - times["plain"],
                        goal=0.05, note="goal ≤ 50 ms")]


def _kernel_ready(rounds: int) -> dict:
    from jupyter_client.manager import AsyncKernelManager

    from grader.grading import bubblewrap, settings

    folder = tempfile.mkdtemp(prefix="genlab-bench-nb-")

    async def once(cls):
        km = cls(kernel_name=settings.KERNEL_NAME)
        start = time.perf_counter()
        await km.start_kernel(cwd=folder)
        kc = km.client()
        kc.start_channels()
        await kc.wait_for_ready(timeout=60)
        took = time.perf_counter() - start
        kc.stop_channels()
        await km.shutdown_kernel(now=True)
        return took

    times = _common.side_by_side({"wall": lambda: asyncio.run(once(bubblewrap.WalledKernelManager)),
                                  "plain": lambda: asyncio.run(once(AsyncKernelManager))}, rounds, warmup=1)
    return _common.row("sandbox", "graded kernel started until ready", times["wall"], times["plain"],
                       "limits only (TCP)")


def _notebook(rounds: int) -> dict:
    import nbformat

    from grader import course
    from grader.grading import bubblewrap, settings
    from grader.grading.sandbox_execute import SandboxExecute

    master = next((course.REPO / course.SOURCE / "05-grades").glob("*.ipynb"))
    folder = Path(tempfile.mkdtemp(prefix="genlab-bench-nb-"))

    def run(cls):
        nb = nbformat.read(master, as_version=4)
        cls(kernel_name=settings.KERNEL_NAME, timeout=60).preprocess(nb, {"metadata": {"path": str(folder)}})

    times = _common.side_by_side({"wall": lambda: run(bubblewrap.WalledExecute),
                                  "plain": lambda: run(SandboxExecute)}, rounds, warmup=0)
    shutil.rmtree(folder, ignore_errors=True)
    return _common.row("sandbox", "05-grades master executed as graded (probe after each cell)",
                       times["wall"], times["plain"], "limits only")


def _verdicts(rounds: int, assignment: str) -> list[dict]:
    import nbformat
    from nbgrader.preprocessors import Execute

    from grader import cells, course
    from grader.grading import settings
    from grader.grading.sandbox_execute import SandboxExecute

    class TestsInKernel(SandboxExecute):
        """The test cells run in the student's kernel, which decided their verdict (the old way)."""

        def preprocess_cell(self, cell, resources, index):
            if cells.is_test(cell):
                self._capture_pgid()
                return Execute.preprocess_cell(self, cell, resources, index)
            return super().preprocess_cell(cell, resources, index)

    master = next((course.REPO / course.SOURCE / assignment).glob("*.ipynb"))
    folder = Path(tempfile.mkdtemp(prefix="genlab-bench-nb-"))

    def run(cls):
        nb = nbformat.read(master, as_version=4)
        nb, _ = cls(kernel_name=settings.KERNEL_NAME, timeout=60).preprocess(nb, {"metadata": {"path": str(folder)}})
        failed = [cells.grade_id(c) for c in nb.cells if cells.is_test(c)
                  and any(o.get("output_type") == "error" for o in c.get("outputs", []))]
        assert not failed, (cls.__name__, failed)  # both ways grade the master's solutions full marks

    times = _common.side_by_side({"grader": lambda: run(SandboxExecute),
                                  "kernel": lambda: run(TestsInKernel)}, rounds, warmup=1)
    shutil.rmtree(folder, ignore_errors=True)
    return [_common.row("verdicts", f"{assignment} graded, tests decided by the grader vs run in the kernel",
                        times["grader"], times["kernel"], "tests in the kernel"),
            _common.row("verdicts", f"{assignment}: added seconds per notebook", times["grader"] - times["kernel"],
                        goal=0.2, note="goal ≤ 0.2 s")]


def run(quick: bool = False) -> list[dict]:
    """The rows of this benchmark (see the module docstring)."""
    if not shutil.which("bwrap"):
        return [_common.skipped("sandbox", "bwrap is not installed (apt-get install bubblewrap)")]
    from grader.grading import sandbox, settings

    jupyter = Path(tempfile.mkdtemp(prefix="genlab-bench-jupyter-"))
    fonts = jupyter / "fonts"
    sandbox.build_font_cache(fonts)
    sandbox.write_kernelspec(jupyter, settings.Limits(), fonts)
    os.environ["JUPYTER_PATH"] = str(jupyter)
    rows = _startup(5 if quick else 20)
    rows.append(_kernel_ready(2 if quick else 5))
    rows.append(_notebook(1 if quick else 3))
    for assignment in ("05-grades", "06-image-segmentation"):  # the smallest and the largest cases
        rows += _verdicts(2 if quick else 5, assignment)
    return rows


if __name__ == "__main__":
    _common.hermetic_env()
    table = run(quick="--quick" in sys.argv)
    _common.print_table(table)
    print(json.dumps(table, indent=1))
