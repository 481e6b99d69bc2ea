"""The per-question export: ``questions.csv``, and a summary an instructor can read.

nbgrader's ``grades.csv`` has one total per student and assignment, so a fully solved 05 reads
8/10 with nothing to say that 2 of those points are a written answer nobody has graded yet.
``questions.csv`` has one row per (student, assignment, notebook, grade cell), split as nbgrader
splits scores: code cells are autograded, markdown cells are graded by hand.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Question", "read_questions", "write_questions", "summary", "COLUMNS"]

COLUMNS = ["student", "assignment", "notebook", "grade_id", "graded_by", "auto_score", "manual_score",
           "extra_credit", "score", "max_score", "needs_manual_grade", "status", "note"]


@dataclass(frozen=True)
class Question:
    """One grade cell of one student's notebook, as the gradebook holds it."""

    student: str
    assignment: str
    notebook: str
    grade_id: str
    graded_by: str             # "autograder" (code cell) or "hand" (markdown cell)
    auto_score: float | None
    manual_score: float | None
    extra_credit: float | None
    score: float
    max_score: float
    needs_manual_grade: bool

    @property
    def status(self) -> str:
        if self.manual_score is not None:
            return "graded by hand"
        if self.needs_manual_grade:
            return "waiting for hand grading"
        if self.graded_by == "hand":
            return "not answered: 0"
        return "autograded"


def read_questions(db_url: str, course_id: str) -> list[Question]:
    """Every grade of every submitted notebook in the gradebook, sorted."""
    from nbgrader.api import Gradebook, Grade

    rows = []
    with Gradebook(db_url, course_id) as gb:
        for g in gb.db.query(Grade):
            nb = g.notebook
            rows.append(Question(nb.student.id, nb.assignment.name, nb.name, g.name,
                                 "autograder" if g.cell.cell_type == "code" else "hand",
                                 g.auto_score, g.manual_score, g.extra_credit, float(g.score or 0),
                                 float(g.max_score or 0), bool(g.needs_manual_grade)))
    return sorted(rows, key=lambda q: (q.assignment, q.student, q.notebook, q.grade_id))


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def write_questions(path: Path, questions: list[Question], notes: dict[tuple[str, str, str], str]) -> None:
    """Write ``questions.csv``.

    Parameters
    ----------
    path : Path
    questions : list of Question
    notes : dict
        (student, assignment, notebook) -> a reason shown on every row of that notebook
        (e.g. "missing: no notebook handed in, scored 0").
    """
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(COLUMNS)
        for q in questions:
            writer.writerow([q.student, q.assignment, q.notebook, q.grade_id, q.graded_by,
                             _number(q.auto_score), _number(q.manual_score), _number(q.extra_credit),
                             f"{q.score:g}", f"{q.max_score:g}", "yes" if q.needs_manual_grade else "no",
                             q.status, notes.get((q.student, q.assignment, q.notebook), "")])
        covered = {(q.student, q.assignment, q.notebook) for q in questions}
        for (student, assignment, notebook), note in sorted(notes.items()):
            if (student, assignment, notebook) not in covered:  # nothing in the gradebook: the reason alone
                writer.writerow([student, assignment, notebook] + [""] * (len(COLUMNS) - 4) + [note])


def summary(questions: list[Question], student: str, assignment: str) -> str:
    """One line for a student's assignment, e.g. "8 of 8 autograded, 2 points waiting for hand
    grading"."""
    own = [q for q in questions if q.student == student and q.assignment == assignment]
    auto = [q for q in own if q.graded_by == "autograder"]
    parts = [f"{sum(q.score for q in auto):g} of {sum(q.max_score for q in auto):g} autograded"]
    hand_done = [q for q in own if q.graded_by == "hand" and q.manual_score is not None]
    waiting = [q for q in own if q.needs_manual_grade and q.manual_score is None]
    unanswered = [q for q in own if q.graded_by == "hand" and q.status == "not answered: 0"]
    if hand_done:
        parts.append(f"{sum(q.score for q in hand_done):g} of {sum(q.max_score for q in hand_done):g} "
                     "graded by hand")
    if waiting:
        parts.append(f"{sum(q.max_score for q in waiting):g} points waiting for hand grading")
    if unanswered:
        parts.append(f"{sum(q.max_score for q in unanswered):g} points not answered")
    return ", ".join(parts)
