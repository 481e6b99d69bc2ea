"""Run every benchmark and print one combined table of medians and ratios (``make bench``).

    python benchmarks/run_all.py [--quick] [--blas-threads N] [--only gmm,segmentation,...]
                                 [--grading-students N] [--markdown FILE]

Benchmarks (one script each, runnable on its own): ``gmm`` (EM per iteration vs scikit-learn),
``segmentation`` (the photo with K = 5), ``naive_bayes`` (vs MultinomialNB and CountVectorizer),
``players`` (slider -> redraw of the EM players and the segmentation explorer, vs drawing on every change),
``notebooks`` (execution time of each master), ``sandbox`` (bubblewrap: start-up per kernel, one
notebook with and without it), ``site`` (``make site``: cold parallel vs serial
build, and a warm build from the cache), ``grading`` (``bench_grading.py``, included when
present; run as a script with ``--students N``, default 3 here: one class of each kind of
submission, every notebook, graded by plain serial nbgrader and by our pipeline).  Each comparison runs side by side in one process on the same inputs; see
``benchmarks/_common.py`` for how rounds, medians and the ratio spread are computed.

``--blas-threads`` (default 1) limits numpy's BLAS threads in this process for both sides of a
comparison: on a small machine shared with other work, a second BLAS thread mostly waits for a
busy core and makes the times erratic.  ``--blas-threads 0`` keeps the library default.  The
notebook kernels are separate processes and keep the default.

Run it with OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset (``make bench`` does), otherwise
OpenBLAS may run an older, slower kernel; the header says which kernel ran.

Exit status: 0 when every benchmark ran (goals missed are reported, not failures), 1 when one
raised (for example two implementations disagreed).
"""

from __future__ import annotations

import importlib
import os
import subprocess
import sys
import time
import traceback
from pathlib import Path

HERE = Path(__file__).resolve().parent
if str(HERE.parent) not in sys.path:
    sys.path.insert(0, str(HERE.parent))

from benchmarks import _common  # noqa: E402

NAMES = ("gmm", "segmentation", "naive_bayes", "players", "notebooks", "site", "sandbox", "grading")
IN_PROCESS_BLAS = {"gmm", "segmentation", "naive_bayes", "players"}


def _option(argv, name, default=None):
    return argv[argv.index(name) + 1] if name in argv else default


def _grading(quick, students):
    """Rows from bench_grading.py: its run() if it returns our rows, else its printed output."""
    script = HERE / "bench_grading.py"
    if not script.exists():
        return [_common.skipped("grading throughput", "benchmarks/bench_grading.py not present yet")], ""
    module = importlib.import_module("benchmarks.bench_grading")
    run = getattr(module, "run", None)
    if callable(run):
        try:
            rows = run(quick=quick)
        except TypeError:
            rows = run()
        if isinstance(rows, list) and all(isinstance(r, dict) and "benchmark" in r and "ours" in r for r in rows):
            return rows, ""
    args = [sys.executable, str(script), "--students", str(students)]
    done = subprocess.run(args, capture_output=True, text=True, cwd=HERE.parent)
    if done.returncode != 0:
        raise RuntimeError(f"bench_grading.py exited {done.returncode}:\n{done.stdout[-2000:]}{done.stderr[-2000:]}")
    return [], done.stdout


def main(argv) -> int:
    quick = "--quick" in argv
    threads = int(_option(argv, "--blas-threads", "1"))
    only = _option(argv, "--only")
    names = [n for n in NAMES if only is None or n in only.split(",")]
    markdown = _option(argv, "--markdown")
    _common.warn_coretype()
    _common.hermetic_env()
    import numpy  # noqa: F401  (load BLAS so that the description names it)

    header = _common.machine_description()
    print(header, flush=True)
    print(f"- BLAS threads in this process: {threads if threads else 'library default'}", flush=True)
    start = time.perf_counter()
    rows, extra, failed = [], [], []
    for name in names:
        print(f"running {name} ...", file=sys.stderr, flush=True)
        try:
            if name == "grading":
                got, text = _grading(quick, int(_option(argv, "--grading-students", "3")))
                rows += got
                if text:
                    extra.append(("Grading throughput (bench_grading.py output)", text))
                continue
            module = importlib.import_module(f"benchmarks.bench_{name}")
            with _common.limit_blas(threads if threads and name in IN_PROCESS_BLAS else None):
                rows += module.run(quick=quick)
        except Exception:  # report and carry on with the other benchmarks
            failed.append(name)
            rows.append(_common.skipped(name, "FAILED: " + traceback.format_exc().strip().splitlines()[-1]))
            traceback.print_exc()
    elapsed = time.perf_counter() - start
    table = _common.format_table(rows)
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    footer = (f"{len(rows)} rows in {elapsed:.0f} s; load average at the end: {load}. "
              f"Goals met: {sum(r['met'] is True for r in rows)}, missed: {sum(r['met'] is False for r in rows)}.")
    print()
    print(table)
    for title, text in extra:
        print(f"\n{title}:\n{text}")
    print("\n" + footer)
    if markdown:
        parts = ["## Machine\n", header, f"- BLAS threads in this process: {threads if threads else 'library default'}",
                 "\n## Results\n", table]
        for title, text in extra:
            parts += [f"\n### {title}\n", "```", text.rstrip(), "```"]
        parts += ["", footer, ""]
        Path(markdown).write_text("\n".join(parts))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
