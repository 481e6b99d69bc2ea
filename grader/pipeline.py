"""Grade a folder of submissions with nbgrader in a temporary course folder.

The repository is never written to: the masters are copied into a fresh nbgrader course
folder, nbgrader generates the assignments, autogrades every submission (one kernel per
notebook, a timeout per cell) and writes feedback; the results are copied to ``out``:

* ``grades.csv``   nbgrader's export, one row per student and assignment;
* ``reasons.csv``  one row per failing cell: what the student saw (the checker's message);
* ``feedback/<student>/<assignment>/*.html``  feedback without hidden tests.
"""

from __future__ import annotations

import csv
import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from grader import course

__all__ = ["Score", "grade", "read_submitted"]


@dataclass(frozen=True)
class Score:
    """One student's result on one assignment (autograded points only)."""

    student: str
    assignment: str
    score: float
    max_score: float


def read_submitted(folder: Path) -> dict[str, dict[str, list[Path]]]:
    """Find submissions laid out as nbgrader's ``submitted/<student>/<assignment>/*.ipynb``."""
    found: dict[str, dict[str, list[Path]]] = {}
    for notebook in sorted(Path(folder).glob("*/*/*.ipynb")):
        if ".ipynb_checkpoints" in notebook.parts:
            continue
        student, assignment = notebook.parent.parent.name, notebook.parent.name
        found.setdefault(student, {}).setdefault(assignment, []).append(notebook)
    if not found:
        raise ValueError(f"no submissions in {folder}: expected <student>/<assignment>/<notebook>.ipynb")
    return found


def _write_config(root: Path, cell_timeout: int) -> None:
    (root / "nbgrader_config.py").write_text(
        "from grader.course import configure\n"
        f"configure(get_config(), cell_timeout={int(cell_timeout)})\n"
        f"c.CourseDirectory.db_url = 'sqlite:///{root / 'gradebook.db'}'\n"
    )


def _failures(notebook: Path) -> list[tuple[str, str]]:
    """(cell id, error on one line) for every cell of an autograded notebook that failed."""
    rows = []
    for index, cell in enumerate(json.loads(notebook.read_text()).get("cells", [])):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                cell_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id", f"cell {index}")
                message = f"{output.get('ename', '')}: {output.get('evalue', '')}".strip()
                rows.append((cell_id, " ".join(message.split()) or "error"))
    return rows


def grade(submitted: Path, out: Path, cell_timeout: int = course.CELL_TIMEOUT,
          source_root: Path = course.REPO, keep_course: Path | None = None) -> list[Score]:
    """Autograde ``submitted`` (``<student>/<assignment>/*.ipynb``); write results to ``out``.

    Parameters
    ----------
    submitted : Path
        Folder of submissions.
    out : Path
        Where grades.csv, reasons.csv and feedback/ are written (created if needed).
    cell_timeout : int
        Seconds one cell may run.
    source_root : Path
        Repository whose ``solutions/`` holds the masters.
    keep_course : Path, optional
        Build the course folder here and keep it (for formgrader); default: a temporary one.

    Returns
    -------
    list of Score
    """
    submissions = read_submitted(submitted)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="genlab-grade-") as tmp:
        root = Path(keep_course) if keep_course else Path(tmp) / "course"
        root.mkdir(parents=True, exist_ok=True)
        shutil.copytree(source_root / course.SOURCE, root / course.SOURCE, dirs_exist_ok=True)
        _write_config(root, cell_timeout)
        wanted = sorted({a for per_student in submissions.values() for a in per_student})
        known = course.assignments(root)
        for assignment in wanted:
            if assignment not in known:
                raise ValueError(f"submissions name assignment {assignment!r}, which is not in "
                                 f"solutions/ (known: {', '.join(known)})")
            course.nbgrader(["generate_assignment", assignment, "--force", "--log-level=WARN"], root)
        for student, per_student in submissions.items():
            for assignment, notebooks in per_student.items():
                target = root / "submitted" / student / assignment
                target.mkdir(parents=True, exist_ok=True)
                for notebook in notebooks:
                    shutil.copy2(notebook, target / notebook.name)
        for assignment in wanted:
            course.nbgrader(["autograde", assignment, "--force", "--log-level=WARN"], root)
            course.nbgrader(["generate_feedback", assignment, "--force", "--log-level=WARN"], root)
        course.nbgrader(["export", "--to", str(out / "grades.csv"), "--log-level=WARN"], root)
        with open(out / "reasons.csv", "w", newline="") as f:
            writer = csv.writer(f)
            writer.writerow(["student", "assignment", "notebook", "cell", "message"])
            for notebook in sorted((root / "autograded").glob("*/*/*.ipynb")):
                for cell_id, message in _failures(notebook):
                    writer.writerow([notebook.parent.parent.name, notebook.parent.name,
                                     notebook.stem, cell_id, message])
        if (out / "feedback").exists():
            shutil.rmtree(out / "feedback")
        if (root / "feedback").exists():
            shutil.copytree(root / "feedback", out / "feedback")
    return read_scores(out / "grades.csv")


def read_scores(grades_csv: Path) -> list[Score]:
    """The rows of nbgrader's grades export, as Scores sorted by assignment and student."""
    with open(grades_csv, newline="") as f:
        rows = list(csv.DictReader(f))
    scores = [Score(r["student_id"], r["assignment"], float(r["score"]), float(r["max_score"]))
              for r in rows]
    return sorted(scores, key=lambda s: (s.assignment, s.student))
