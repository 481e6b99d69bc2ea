"""Shared timing helpers for the benchmark scripts (not tests: nothing here is run by pytest).

Every comparison runs *ours* and the alternative side by side in one process on the same inputs,
alternating which goes first in each round, so that a burst of load from another process on a
shared machine falls on both.  Each round gives one paired ratio ours / theirs; a row reports the
medians of the times, the median of the paired ratios, and the spread of those ratios (the 25th
to 75th percentile), which is the noise to read the ratio against.

A benchmark script exposes ``run(quick=False) -> list[dict]`` (rows, see :func:`row`) and, run as
``python benchmarks/bench_x.py``, prints its own rows with :func:`print_table`.
"""

from __future__ import annotations

import os
import platform
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script from anywhere
    sys.path.insert(0, str(REPO))


def hermetic_env() -> None:
    """Temporary Jupyter, IPython and matplotlib folders, as the tests use: nothing written to $HOME."""
    home = tempfile.mkdtemp(prefix="genlab-bench-home-")
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
        os.environ[name] = os.path.join(home, name.lower())
        os.makedirs(os.environ[name], exist_ok=True)
    os.environ["MPLBACKEND"] = "Agg"
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"


def side_by_side(fns: dict, rounds: int, warmup: int = 1) -> dict[str, np.ndarray]:
    """Wall-clock seconds of each callable over ``rounds`` rounds, interleaved.

    In round ``r`` the callables run in their listed order rotated by ``r``; ``warmup`` untimed
    rounds come first.  Returns ``{name: times}`` with ``times`` of shape (rounds,).
    """
    names = list(fns)
    times = {name: [] for name in names}
    for r in range(warmup + rounds):
        shift = r % len(names)
        for name in names[shift:] + names[:shift]:
            start = time.perf_counter()
            fns[name]()
            elapsed = time.perf_counter() - start
            if r >= warmup:
                times[name].append(elapsed)
    return {name: np.array(t) for name, t in times.items()}


def row(benchmark, case, ours, other=None, other_name="", unit="s", goal=None, note="", per=1.0):
    """One table row from paired time arrays (seconds), each divided by ``per``.

    ``goal`` is the largest acceptable ratio (or, without ``other``, the largest acceptable
    median time in seconds); the row records whether it is met.
    """
    ours = np.asarray(ours, dtype=float) / per
    out = {"benchmark": benchmark, "case": case, "ours": float(np.median(ours)), "unit": unit,
           "other_name": other_name, "other": None, "ratio": None, "ratio_iqr": None,
           "ours_iqr": [float(np.percentile(ours, 25)), float(np.percentile(ours, 75))],
           "rounds": int(ours.size), "goal": goal, "met": None, "note": note}
    if other is not None:
        other = np.asarray(other, dtype=float) / per
        paired = ours / other
        out.update(other=float(np.median(other)), ratio=float(np.median(paired)),
                   ratio_iqr=[float(np.percentile(paired, 25)), float(np.percentile(paired, 75))])
        if goal is not None:
            out["met"] = out["ratio"] <= goal
    elif goal is not None:
        out["met"] = out["ours"] <= goal
    return out


def skipped(benchmark, reason) -> dict:
    """A row for a benchmark that could not run, with the reason."""
    return {"benchmark": benchmark, "case": "skipped", "ours": None, "unit": "", "other_name": "",
            "other": None, "ratio": None, "ratio_iqr": None, "ours_iqr": None, "rounds": 0, "goal": None,
            "met": None, "note": reason}


def _fmt_time(value, unit):
    if value is None:
        return ""
    if unit == "s":
        return f"{value * 1e3:.2f} ms" if value < 1 else f"{value:.2f} s"
    return f"{value:.4g} {unit}"


def format_table(rows) -> str:
    """A Markdown table of rows."""
    lines = ["| benchmark | case | ours (median) | alternative (median) | ratio ours/alt | ratio IQR | goal | met | note |",
             "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        other = f"{_fmt_time(r['other'], r['unit'])} ({r['other_name']})" if r["other"] is not None else ""
        ratio = f"{r['ratio']:.2f}×" if r["ratio"] is not None else ""
        iqr = f"{r['ratio_iqr'][0]:.2f}–{r['ratio_iqr'][1]:.2f}" if r["ratio_iqr"] else ""
        if r["goal"] is None:
            goal = ""
        elif r["ratio"] is not None:
            goal = f"≤ {r['goal']:g}×"
        else:
            goal = f"≤ {_fmt_time(r['goal'], r['unit'])}"
        met = {True: "yes", False: "**no**", None: ""}[r["met"]]
        lines.append(f"| {r['benchmark']} | {r['case']} | {_fmt_time(r['ours'], r['unit'])} | {other} | {ratio} "
                     f"| {iqr} | {goal} | {met} | {r['note']} |")
    return "\n".join(lines)


def print_table(rows) -> None:
    print(format_table(rows), flush=True)


def machine_description() -> str:
    """nproc, memory, CPU model, BLAS (threadpoolctl), Python and package versions, load."""
    import importlib.metadata as md

    lines = [f"- cores (nproc): {os.cpu_count()}"]
    try:
        mem = {l.split(":")[0]: l.split()[1] for l in Path("/proc/meminfo").read_text().splitlines()}
        lines.append(f"- memory: {int(mem['MemTotal']) / 2**20:.1f} GiB total, "
                     f"{int(mem['MemAvailable']) / 2**20:.1f} GiB available")
    except (OSError, KeyError, IndexError):
        pass
    try:
        cpuinfo = Path("/proc/cpuinfo").read_text().splitlines()
        model = next((l.split(":", 1)[1].strip() for l in cpuinfo if l.startswith("model name")), "?")
        flags = next((l.split(":", 1)[1].split() for l in cpuinfo if l.startswith("flags")), [])
        simd = " ".join(f for f in ("avx", "avx2", "fma", "avx512f") if f in flags)
        lines.append(f"- CPU: {model} ({simd})")
    except OSError:
        pass
    try:
        lines.append(f"- load average at start: {' '.join(f'{x:.2f}' for x in os.getloadavg())} "
                     "(1, 5, 15 min; the machine is shared)")
    except OSError:
        pass
    try:
        from threadpoolctl import threadpool_info

        for info in threadpool_info():
            if info.get("user_api") == "blas":
                lines.append(f"- numpy BLAS: {info.get('internal_api')} {info.get('version')}, kernel "
                             f"{info.get('architecture')}, {info.get('num_threads')} threads")
    except ImportError:
        lines.append("- numpy BLAS: (threadpoolctl not installed)")
    coretype = {k: os.environ[k] for k in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE") if k in os.environ}
    lines.append(f"- OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE: {coretype or 'unset'}")
    lines.append(f"- Python {platform.python_version()} ({platform.machine()}, {platform.system()})")
    versions = []
    for pkg in ("numpy", "scikit-learn", "scipy", "matplotlib", "nbclient", "nbgrader", "ipykernel"):
        try:
            versions.append(f"{pkg} {md.version(pkg)}")
        except md.PackageNotFoundError:
            pass
    lines.append("- packages: " + ", ".join(versions))
    return "\n".join(lines)


def warn_coretype() -> None:
    """Benchmarks should run with OPENBLAS_CORETYPE unset (it selects a slower, older kernel)."""
    if "OPENBLAS_CORETYPE" in os.environ or "OPENBLAS_L2_SIZE" in os.environ:
        print("warning: OPENBLAS_CORETYPE/OPENBLAS_L2_SIZE are set and select an older OpenBLAS kernel; "
              "`make bench` unsets them for the benchmark command only", file=sys.stderr)


def limit_blas(threads):
    """A context in which numpy's BLAS uses ``threads`` threads (None: leave it as it is)."""
    import contextlib

    if threads is None:
        return contextlib.nullcontext()
    from threadpoolctl import threadpool_limits

    return threadpool_limits(limits=int(threads), user_api="blas")


def blas_threads_arg(argv) -> int | None:
    """``--blas-threads N`` from the command line (None if absent)."""
    if "--blas-threads" in argv:
        return int(argv[argv.index("--blas-threads") + 1])
    return None
