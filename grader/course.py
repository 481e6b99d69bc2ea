"""The nbgrader course: its configuration and the commands that run nbgrader on it.

``nbgrader_config.py`` at the repository root calls :func:`configure`, and so does the
temporary course folder the grading pipeline makes, so both behave the same.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

__all__ = ["REPO", "SOURCE", "RELEASE", "CELL_TIMEOUT", "COURSE_ID", "configure", "assignments", "nbgrader"]

REPO = Path(__file__).resolve().parent.parent
SOURCE = "solutions"   # nbgrader's source_directory: the instructor masters
RELEASE = "notebooks"  # nbgrader's release_directory: the student versions
CELL_TIMEOUT = 30      # seconds one cell may run when grading
COURSE_ID = "genlab"   # nbgrader's course id, in every gradebook


def configure(c, cell_timeout: int = CELL_TIMEOUT) -> None:
    """Apply the course settings to a traitlets config ``c``."""
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.source_directory = SOURCE
    c.CourseDirectory.release_directory = RELEASE
    # nbgrader's exchange (release, fetch, submit, collect, feedback): GENLAB_EXCHANGE, when set
    # (`make lab-instructor EXCHANGE=dir`); otherwise nbgrader's default folder (docs/hub.md).
    if os.environ.get("GENLAB_EXCHANGE"):
        c.Exchange.root = os.environ["GENLAB_EXCHANGE"]
    # A timeout interrupts only the cell that hangs; the rest of the notebook still runs.
    c.Execute.timeout = cell_timeout
    c.Execute.interrupt_on_timeout = True
    # A test cell the student deleted is put back (otherwise it silently needs manual grading).
    c.OverwriteCells.add_missing_cells = True
    c.ClearSolutions.code_stub = {"python": "# YOUR CODE HERE\nraise NotImplementedError()"}
    c.ClearSolutions.text_stub = "YOUR ANSWER HERE"
    # Feedback shows no hidden-test source, in cells or in tracebacks.
    c.GenerateFeedback.preprocessors = [
        "nbgrader.preprocessors.GetGrades",
        "grader.grading.hide_hidden_tests.HideHiddenTests",
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    ]


def assignments(root: Path = REPO) -> list[str]:
    """Assignment names: the folders of ``solutions/`` holding a notebook, in course order."""
    return sorted(p.name for p in (root / SOURCE).iterdir() if p.is_dir() and any(p.glob("*.ipynb")))


def nbgrader(args: list[str], root: Path, check: bool = True, **kwargs) -> subprocess.CompletedProcess:
    """Run ``nbgrader ARGS`` in the course folder ``root`` with this Python's tools on PATH."""
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    return subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=root, env=env,
                          check=check, **kwargs)
