"""Execute the masters for the site: each once, in parallel, with outputs kept for reuse.

Every master runs in its own kernel with ``GENLAB_STATIC=1`` (players become pre-drawn
frames).  An executed notebook is stored in the cache under a key made of everything its
outputs depend on (the master, the files next to it, the course library, the checks and
the data), so a rebuild executes only what changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

from grader import cells, course

__all__ = ["KERNEL_ENV", "WIDGET_VIEW", "readable", "cache_key", "execute_all", "widget_cells", "masters"]

KERNEL_ENV = {"GENLAB_STATIC": "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_CODE = ("genlab", "grader", "datasets")  # folders whose files the outputs depend on
_FORMAT = "site-execute-2"  # bump when what is stored changes


def readable(nb) -> None:
    """Drop solution markers and hidden-test blocks: the site shows the worked answers plainly."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = cells.without_hidden(cells.strip_solution_markers(cell.source)).rstrip()


def _digest_tree(h, root: Path, folder: Path) -> None:
    for path in sorted(folder.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            h.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")


def cache_key(master: Path, root: Path) -> str:
    """A digest of what the executed ``master`` depends on."""
    h = hashlib.sha256(_FORMAT.encode())
    _digest_tree(h, root, master.parent)
    for name in _CODE:
        if (root / name).is_dir():
            _digest_tree(h, root, root / name)
    return h.hexdigest()[:32]


def _job(master: str, stored: str | None, timeout: int, finish) -> tuple[str, object, float | None]:
    """In a worker process: execute one master in a fresh kernel (unless its stored outputs are
    given), then ``finish(nb)``; return the notebook as JSON, what ``finish`` returned and the
    seconds spent executing (None when reused)."""
    from nbclient import NotebookClient

    seconds = None
    if stored is not None:
        nb = nbformat.reads(stored, as_version=4)
    else:
        os.environ.update(KERNEL_ENV)  # the kernel inherits these
        nb = nbformat.read(master, as_version=4)
        readable(nb)
        start = time.perf_counter()
        NotebookClient(nb, timeout=timeout, kernel_name="python3",
                       resources={"metadata": {"path": str(Path(master).parent)}}).execute()
        seconds = time.perf_counter() - start
        nb.metadata.pop("widgets", None)  # widget state: the site embeds no widget manager
    return nbformat.writes(nb), (finish(nb) if finish is not None else None), seconds


def execute_all(masters: list[Path], root: Path, cache: Path | None, finish: dict | None = None,
                workers: int | None = None, timeout: int = 120, reuse: bool = True,
                log=print) -> dict[Path, tuple[object, object]]:
    """Executed notebooks of ``masters``, from the cache or run in parallel (longest first),
    each passed on to its ``finish`` in the same worker.

    Parameters
    ----------
    masters : list of Path
    root : Path
        The repository (for the cache key).
    cache : Path or None
        Folder of executed notebooks; None executes everything and stores nothing.
    finish : dict, optional
        master -> picklable ``finish(nb)`` (e.g. render the page), run in the worker as soon as
        the notebook is executed, while other kernels still run.
    workers : int, optional
        Parallel kernels (default: the number of cores).
    timeout : int
        Seconds per cell.
    reuse : bool
        False executes every master even when its outputs are stored (and stores the new ones).
    log : callable
        Called with one line per notebook.

    Returns
    -------
    dict
        master -> (executed ``NotebookNode``, what its ``finish`` returned).
    """
    finish = finish or {}
    timings = _timings(cache)
    jobs = []
    for order, master in enumerate(masters):
        key = cache_key(master, root) if cache is not None else None
        path = cache / "executed" / f"{key}.ipynb" if cache is not None else None
        stored = path.read_text() if reuse and path is not None and path.exists() else None
        # Longest first, so that the pool ends sooner; never measured counts as long.
        expected = 0.0 if stored is not None else timings.get(master.parent.name, 1e9)
        jobs.append((-expected, order, master, path, stored))
    jobs.sort(key=lambda job: job[:2])
    results = {}
    with ProcessPoolExecutor(max_workers=max(1, min(len(jobs), workers or os.cpu_count() or 1))) as pool:
        futures = [(master, path, pool.submit(_job, str(master), stored, timeout, finish.get(master)))
                   for _, _, master, path, stored in jobs]
        for master, path, future in futures:
            text, finished, seconds = future.result()
            results[master] = (nbformat.reads(text, as_version=4), finished)
            if seconds is None:
                log(f"{master.parent.name}: outputs reused from the cache")
                continue
            timings[master.parent.name] = seconds
            log(f"{master.parent.name}: executed in {seconds:.1f} s")
            if path is not None:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.with_suffix(".tmp").write_text(text)
                path.with_suffix(".tmp").replace(path)
    if cache is not None:
        (cache / "timings.json").write_text(json.dumps(timings, indent=1, sort_keys=True))
        _prune(cache / "executed", used=[path for _, _, _, path, _ in jobs])
    return {m: results[m] for m in masters}


def _prune(folder: Path, used: list[Path], keep: int = 24) -> None:
    """Mark the entries just used as recent, and delete all but the ``keep`` most recent."""
    for path in used:
        if path.exists():
            os.utime(path)
    entries = sorted(folder.glob("*.ipynb"), key=lambda p: p.stat().st_mtime, reverse=True)
    for path in entries[keep:]:
        path.unlink(missing_ok=True)


def _timings(cache: Path | None) -> dict[str, float]:
    try:
        return json.loads((cache / "timings.json").read_text())
    except (TypeError, OSError, ValueError):
        return {}


def widget_cells(nb) -> list[int]:
    """Indices of the code cells that still show a live widget (none may reach the site)."""
    return [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"
            and any(WIDGET_VIEW in output.get("data", {}) for output in cell.get("outputs", []))]


def masters(root: Path = course.REPO, only=None) -> list[Path]:
    """The masters in course order (all, or those of the assignments named in ``only``)."""
    return [m for name in course.assignments(root) if only is None or name in only
            for m in sorted((root / course.SOURCE / name).glob("*.ipynb"))]
