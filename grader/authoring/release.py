"""Release: the student versions in ``notebooks/``, generated from the masters in ``solutions/``.

``python -m grader release`` (``make release``) runs nbgrader's ``generate_assignment`` on every
master, after checking that the points each graded cell states in prose ("(2 points)") are the
points its nbgrader metadata gives.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from grader import cells
from grader.course import RELEASE, REPO, SOURCE, assignments, nbgrader

__all__ = ["points_mismatches", "release"]


def points_mismatches(root: Path = REPO) -> list[str]:
    """Every graded cell of the masters whose prose states other points than its metadata."""
    problems = []
    for path in sorted((root / SOURCE).glob("*/*.ipynb")):
        where = f"{path.relative_to(root)}: "
        problems += cells.points_mismatches(json.loads(path.read_text()).get("cells", []), where)
    return problems


def release(root: Path = REPO, quiet: bool = False) -> list[Path]:
    """Regenerate the student notebooks in ``root/notebooks`` from ``root/solutions``.

    Raises
    ------
    ValueError
        When a master states other points in prose than in its metadata (students would read
        the wrong number); nothing is written then.
    """
    problems = points_mismatches(root)
    if problems:
        raise ValueError("points stated in prose and in nbgrader's metadata disagree:\n  "
                         + "\n  ".join(problems))
    written = []
    for name in assignments(root):
        out = subprocess.DEVNULL if quiet else None
        nbgrader(["generate_assignment", name, "--force", "--no-db", "--log-level=WARN"], root,
                 stdout=out, stderr=subprocess.PIPE if quiet else None, text=True)
        written.extend(sorted((root / RELEASE / name).glob("*.ipynb")))
    return written
