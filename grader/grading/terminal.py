"""A clean terminal while a class is graded.

The instructor's terminal shows the grader's own lines and one tqdm progress bar (count, rate,
ETA, the last job finished).  Everything libraries print — nbgrader's log, SQLAlchemy warnings,
a kernel's "KeyboardInterrupt caught in kernel" — goes to ``OUT/grading.log`` instead: file
descriptor 2 of the grading process, and descriptors 1 and 2 of every worker process (which its
kernels inherit), are pointed at the log.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

__all__ = ["LOG_NAME", "library_output_to", "worker_output_to", "progress_bar"]

LOG_NAME = "grading.log"
_worker_log: str | None = None


@contextlib.contextmanager
def library_output_to(log: Path):
    """Point this process's stderr (descriptor 2) at ``log`` for the body.

    Yields
    ------
    terminal : file
        A text stream on the real stderr, for the grader's own lines and the progress bar.
    """
    sys.stderr.flush()
    saved = os.dup(2)
    terminal = os.fdopen(os.dup(saved), "w", buffering=1)
    with open(log, "a") as log_file:
        os.dup2(log_file.fileno(), 2)
    try:
        yield terminal
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        terminal.close()


def worker_output_to(log: str | None) -> None:
    """In a worker process: point descriptors 1 and 2 at ``log`` (once per process and log)."""
    global _worker_log
    if not log or log == _worker_log:
        return
    sys.stdout.flush()
    sys.stderr.flush()
    with open(log, "a") as log_file:
        os.dup2(log_file.fileno(), 1)
        os.dup2(log_file.fileno(), 2)
    _worker_log = log


def progress_bar(total: int, terminal=None, enabled: bool = True):
    """A tqdm bar over ``total`` jobs on ``terminal`` (default: stderr)."""
    from tqdm import tqdm

    return tqdm(total=total, file=terminal or sys.stderr, disable=not enabled or total == 0,
                unit="job", dynamic_ncols=True, smoothing=0.1,
                bar_format="{l_bar}{bar}| {n_fmt}/{total_fmt} [{elapsed}<{remaining}, {rate_fmt}]{postfix}")
