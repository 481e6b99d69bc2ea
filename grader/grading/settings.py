"""Grading settings, written once: the limits of a graded notebook and nbgrader's configuration.

:class:`Limits` travels as data from the command line to the course folder, the workers and the
sandbox kernel.  :func:`nbgrader_config` turns the limits and the gradebook URL into nbgrader's
configuration, which the workers use directly and which is also written to the course folder as
``nbgrader_config.json`` (data, no generated Python), so that formgrader and nbgrader's own
commands run there see the same settings.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from traitlets.config import Config

from grader import course

__all__ = ["Limits", "KERNEL_NAME", "CONFIG_FILE", "nbgrader_config", "write_config", "read_config",
           "dotted"]

KERNEL_NAME = "genlab-sandbox"          # the kernelspec every graded notebook runs in
CONFIG_FILE = "nbgrader_config.json"    # in the course folder


@dataclass(frozen=True)
class Limits:
    """Per-notebook limits.

    Attributes
    ----------
    cell_timeout : int
        Seconds one cell may run (nbgrader's timeout; the cell is interrupted).
    notebook_timeout : int
        Seconds the whole notebook may run (a watchdog kills the kernel).
    cpu_seconds : int
        CPU seconds of the kernel (``RLIMIT_CPU``).
    memory_bytes, file_bytes : int
        Address space (``RLIMIT_AS``) and largest file written (``RLIMIT_FSIZE``).
    nproc : int
        Processes and threads (``RLIMIT_NPROC``, binding for an unprivileged uid).
    output_bytes : int
        Output kept from one notebook; the rest is dropped with a note.
    """

    cell_timeout: int = course.CELL_TIMEOUT
    notebook_timeout: int = 10 * course.CELL_TIMEOUT
    cpu_seconds: int = 8 * course.CELL_TIMEOUT
    memory_bytes: int = 3 * 2**30
    file_bytes: int = 64 * 2**20
    nproc: int = 64
    output_bytes: int = 2 * 2**20

    @classmethod
    def for_cell_timeout(cls, cell_timeout: int) -> "Limits":
        """Defaults scaled to a per-cell timeout: a notebook may use 10 cells' worth of time."""
        cell_timeout = int(cell_timeout)
        return cls(cell_timeout=cell_timeout, notebook_timeout=max(60, 10 * cell_timeout),
                   cpu_seconds=max(60, 8 * cell_timeout))

    def as_dict(self) -> dict:
        return asdict(self)


def dotted(cls: type) -> str:
    """The import name traitlets needs for a class: ``package.module.Class``."""
    return f"{cls.__module__}.{cls.__qualname__}"


def nbgrader_config(root: Path, limits: Limits, db_url: str, sandboxed: bool = True) -> Config:
    """nbgrader's configuration for grading in the course folder ``root``.

    Every notebook runs in the sandbox kernel (whatever its metadata names), through
    ``WalledExecute`` (each kernel inside bubblewrap, ``grader.grading.bubblewrap``) in place of
    nbgrader's Execute step; with ``sandboxed=False`` through ``SandboxExecute`` (limits and
    audit hook only), and every feedback page says so.
    """
    from grader.grading.bubblewrap import WalledExecute
    from grader.grading.sandbox_execute import SandboxExecute
    from grader.grading.verdicts import SECRET_FILE

    c = Config()
    course.configure(c, cell_timeout=limits.cell_timeout)
    c.CourseDirectory.db_url = db_url
    c.Execute.kernel_name = KERNEL_NAME
    c.SandboxExecute.notebook_timeout = limits.notebook_timeout
    c.SandboxExecute.output_bytes = limits.output_bytes
    c.SandboxExecute.integrity_dir = str(Path(root) / "integrity")
    c.SandboxExecute.secret_file = str(Path(root) / SECRET_FILE)
    c.HideHiddenTests.not_sandboxed = not sandboxed
    c.GenerateFeedback.exporter_class = "grader.grading.feedback_page.FeedbackPage"
    c.Autograde.autograde_preprocessors = [
        dotted(WalledExecute if sandboxed else SandboxExecute),
        "nbgrader.preprocessors.IgnorePattern",
        "nbconvert.preprocessors.ClearMetadataPreprocessor",
        "nbgrader.preprocessors.LimitOutput",
        "nbgrader.preprocessors.SaveAutoGrades",
        "nbgrader.preprocessors.AssignLatePenalties",
        "nbgrader.preprocessors.CheckCellMetadata",
    ]
    return c


def write_config(root: Path, config: Config) -> Path:
    """Write ``config`` to ``root/nbgrader_config.json`` (read by nbgrader's commands there)."""
    path = Path(root) / CONFIG_FILE
    path.write_text(json.dumps(config, indent=1, sort_keys=True) + "\n")
    return path


def read_config(root: Path) -> Config:
    """The configuration :func:`write_config` wrote."""
    return Config(json.loads((Path(root) / CONFIG_FILE).read_text()))
