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
import re
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import nbformat

from grader import course
from grader.samples import strip_solution_markers

__all__ = ["KERNEL_ENV", "WIDGET_VIEW", "readable", "cache_key", "execute_all", "widget_cells", "masters"]

KERNEL_ENV = {"GENLAB_STATIC": "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[ \t]*\n?", re.MULTILINE | re.DOTALL)
_CODE = ("genlab", "grader", "datasets")  # folders whose files the outputs depend on
_FORMAT = "site-execute-2"  # bump when what is stored changes


def readable(nb) -> None:
    """Drop solution markers and hidden-test blocks: the site shows the worked answers plainly."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = _HIDDEN.sub("", strip_solution_markers(cell.source)).rstrip()


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


def _run(master: str, timeout: int) -> tuple[str, float]:
    """Execute one master in a fresh kernel (in a worker process); return it as JSON and the seconds."""
    from nbclient import NotebookClient

    os.environ.update(KERNEL_ENV)  # the kernel inherits these
    nb = nbformat.read(master, as_version=4)
    readable(nb)
    start = time.perf_counter()
    NotebookClient(nb, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(Path(master).parent)}}).execute()
    nb.metadata.pop("widgets", None)  # widget state: the site embeds no widget manager
    return nbformat.writes(nb), time.perf_counter() - start


def execute_all(masters: list[Path], root: Path, cache: Path | None, workers: int | None = None,
                timeout: int = 120, reuse: bool = True, log=print) -> dict[Path, object]:
    """Executed notebooks of ``masters``, from the cache or run in parallel (longest first).

    Parameters
    ----------
    masters : list of Path
    root : Path
        The repository (for the cache key).
    cache : Path or None
        Folder of executed notebooks; None executes everything and stores nothing.
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
        master -> executed ``NotebookNode``.
    """
    done, todo, keys = {}, [], {}
    timings = _timings(cache)
    for master in masters:
        keys[master] = cache_key(master, root) if cache is not None else None
        stored = cache / "executed" / f"{keys[master]}.ipynb" if cache is not None else None
        if reuse and stored is not None and stored.exists():
            done[master] = nbformat.read(stored, as_version=4)
            log(f"{master.parent.name}: outputs reused from the cache")
        else:
            todo.append(master)
    todo.sort(key=lambda m: -timings.get(m.parent.name, 0.0))  # longest first: the pool ends sooner
    if todo:
        n = min(len(todo), workers or os.cpu_count() or 1)
        with ProcessPoolExecutor(max_workers=n) as pool:
            futures = {m: pool.submit(_run, str(m), timeout) for m in todo}
            for master, future in futures.items():
                text, seconds = future.result()
                done[master] = nbformat.reads(text, as_version=4)
                timings[master.parent.name] = seconds
                log(f"{master.parent.name}: executed in {seconds:.1f} s")
                if cache is not None:
                    stored = cache / "executed" / f"{keys[master]}.ipynb"
                    stored.parent.mkdir(parents=True, exist_ok=True)
                    stored.with_suffix(".tmp").write_text(text)
                    stored.with_suffix(".tmp").replace(stored)
        if cache is not None:
            (cache / "timings.json").write_text(json.dumps(timings, indent=1, sort_keys=True))
    return {m: done[m] for m in masters}


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
