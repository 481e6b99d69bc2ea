"""Sample submissions for trying the grading pipeline: ``python -m grader grade --samples``.

They are built from the current notebooks, so they never go stale: a student who
solved everything (the master's solutions), one who handed in the untouched stub, one
with a known mistake, and one whose notebook hangs in an infinite loop.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from grader import course

__all__ = ["SAMPLES", "write_samples"]

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

_SOLUTION = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)


def _solved(source: str) -> str:
    """A master cell's source with its solution markers removed."""
    return _SOLUTION.sub("", source)


def write_samples(folder: Path, root: Path = course.REPO) -> Path:
    """Write the samples as ``folder/<student>/05-grades/grades.ipynb``; return ``folder``."""
    master = json.loads((root / course.SOURCE / ASSIGNMENT / NOTEBOOK).read_text())
    stub = json.loads((root / course.RELEASE / ASSIGNMENT / NOTEBOOK).read_text())
    for student, (_, replacements) in SAMPLES.items():
        if replacements is None:
            notebook = stub
        else:
            notebook = json.loads(json.dumps(stub))
            solved = {c["metadata"].get("nbgrader", {}).get("grade_id"): c for c in master["cells"]}
            for cell in notebook["cells"]:
                grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
                if cell["metadata"].get("nbgrader", {}).get("solution") and grade_id in solved:
                    source = replacements.get(grade_id, _solved("".join(solved[grade_id]["source"])))
                    cell["source"] = source
        target = Path(folder) / student / ASSIGNMENT
        target.mkdir(parents=True, exist_ok=True)
        (target / NOTEBOOK).write_text(json.dumps(notebook, indent=1) + "\n")
    return Path(folder)
