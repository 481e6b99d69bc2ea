"""Sample submissions for trying the grading pipeline: ``python -m grader grade --samples``.

They are built from the current notebooks, so they never go stale: a student who
solved everything (the master's solutions), one who handed in the untouched stub, one
with a known mistake, and one whose notebook hangs in an infinite loop.
"""

from __future__ import annotations

import json
from pathlib import Path

from grader import cells, course

__all__ = ["SAMPLES", "write_samples", "solved_notebook"]

ASSIGNMENT = "05-grades"
NOTEBOOK = "grades.ipynb"

# student -> (what the sample is, {solution grade_id: replacement source} or None for the stub)
SAMPLES = {
    "alice": ("every exercise solved", {}),
    "bob": ("the untouched student version", None),
    "carol": ("observed_log_likelihood with P(B) in place of P(A or B)", {
        "observed_log_likelihood": (
            "def observed_log_likelihood(theta, n, n_c):\n"
            "    return n_c * np.log(theta) + (n - n_c) * np.log(0.5 - theta)\n"
        ),
    }),
    "dave": ("an infinite loop at the top of the m_step cell", {
        "m_step": (
            "while True:  # left over from an experiment\n"
            "    pass\n\n"
            "def m_step(n_b_expected, n_c):\n"
            "    return n_c / (2 * (n_b_expected + n_c))\n"
        ),
    }),
}

def solved_notebook(master: dict, student: dict, replacements: dict | None = None) -> dict:
    """The student version with every solution cell filled in from the master.

    ``replacements`` maps a solution cell's grade_id to the source to use instead.
    """
    replacements = replacements or {}
    notebook = json.loads(json.dumps(student))
    solved = {cells.grade_id(c): c for c in master["cells"]}
    for cell in notebook["cells"]:
        grade_id = cells.grade_id(cell)
        if cells.is_solution(cell) and grade_id in solved:
            master_source = cells.source(solved[grade_id])
            cell["source"] = replacements.get(grade_id, cells.strip_solution_markers(master_source))
    return notebook


def write_samples(folder: Path, root: Path = course.REPO) -> Path:
    """Write the samples as ``folder/<student>/05-grades/grades.ipynb``; return ``folder``."""
    master = json.loads((root / course.SOURCE / ASSIGNMENT / NOTEBOOK).read_text())
    stub = json.loads((root / course.RELEASE / ASSIGNMENT / NOTEBOOK).read_text())
    for student, (_, replacements) in SAMPLES.items():
        notebook = stub if replacements is None else solved_notebook(master, stub, replacements)
        target = Path(folder) / student / ASSIGNMENT
        target.mkdir(parents=True, exist_ok=True)
        (target / NOTEBOOK).write_text(json.dumps(notebook, indent=1) + "\n")
    return Path(folder)
