"""Grades for the learning-management system: a Canvas and a Moodle import file.

``python -m grader lms --db-url URL --out DIR`` reads nbgrader's gradebook and writes

* ``canvas.csv``: Canvas's gradebook import layout.  Header ``Student, ID, SIS User ID,
  SIS Login ID, Section`` followed by one column per assignment; the second row is Canvas's
  ``Points Possible`` row (the five identity cells blank, then each assignment's maximum).
  Canvas matches a row on its ``ID`` (Canvas's own user number, which nbgrader does not know,
  so it is left blank), else on ``SIS User ID`` / ``SIS Login ID``: nbgrader's ``lms_user_id``
  (``nbgrader db student add --lms-user-id``) goes to ``SIS User ID``, the nbgrader student id
  (on a hub, the login name) to ``SIS Login ID``.  An assignment column that Canvas does not
  know yet is offered as a new assignment on import.
* ``moodle.csv``: Moodle's CSV grade import, which reads the layout of its own export:
  ``First name, Last name, ID number, Email address`` and one column per assignment.  On
  import, map "ID number" to ``useridnumber`` (or "Email address" to ``useremail``) and each
  assignment column to its grade item.  No feedback column is written: Moodle overwrites a
  grade item's grades when only its feedback column is mapped.

A submission that is missing scores 0; the score is nbgrader's total (autograded + manual +
extra credit, after the late penalty), with at most two decimals.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

__all__ = ["CANVAS_IDENTITY", "MOODLE_IDENTITY", "Row", "read_gradebook", "write_canvas", "write_moodle",
           "export"]

CANVAS_IDENTITY = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
MOODLE_IDENTITY = ["First name", "Last name", "ID number", "Email address"]


@dataclass(frozen=True)
class Row:
    """One student: identity and score per assignment."""

    student_id: str
    first_name: str
    last_name: str
    email: str
    lms_user_id: str
    scores: dict[str, float]


def _number(value: float) -> str:
    return f"{round(float(value), 2):g}"


def read_gradebook(db_url: str, course_id: str) -> tuple[list[str], dict[str, float], list[Row]]:
    """Assignments (by due date, then name), their maximum scores, and one Row per student.

    Parameters
    ----------
    db_url : str
        nbgrader's gradebook (``sqlite:///...`` or ``postgresql://...``).
    course_id : str
        The course in that gradebook.
    """
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(db_url, course_id) as gb:
        assignments = sorted(gb.assignments, key=lambda a: (a.duedate is None, a.duedate or 0, a.name))
        names = [a.name for a in assignments]
        maxima = {a.name: float(a.max_score) for a in assignments}
        rows = []
        for student in sorted(gb.students, key=lambda s: s.id):
            scores = {}
            for name in names:
                try:
                    submission = gb.find_submission(name, student.id)
                except MissingEntry:
                    scores[name] = 0.0
                else:  # as nbgrader's own CSV export: the late penalty taken off, never below 0
                    penalty = submission.late_submission_penalty or 0.0
                    scores[name] = max(0.0, float(submission.score) - float(penalty))
            rows.append(Row(student.id, student.first_name or "", student.last_name or "", student.email or "",
                            student.lms_user_id or "", scores))
    return names, maxima, rows


def _display_name(row: Row) -> str:
    if row.last_name or row.first_name:
        return ", ".join(part for part in (row.last_name, row.first_name) if part)
    return row.student_id


def write_canvas(path: Path, names: list[str], maxima: dict[str, float], rows: list[Row],
                 section: str = "") -> Path:
    """Write Canvas's gradebook import file (see the module docstring)."""
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(CANVAS_IDENTITY + names)
        writer.writerow(["Points Possible", "", "", "", ""] + [_number(maxima[n]) for n in names])
        for row in rows:
            writer.writerow([_display_name(row), "", row.lms_user_id, row.student_id, section]
                            + [_number(row.scores[n]) for n in names])
    return Path(path)


def write_moodle(path: Path, names: list[str], rows: list[Row]) -> Path:
    """Write Moodle's CSV grade import file (see the module docstring).

    Students without a name in nbgrader get their id as first name, so that no row is blank
    where Moodle's preview shows the person.
    """
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow(MOODLE_IDENTITY + names)
        for row in rows:
            writer.writerow([row.first_name or row.student_id, row.last_name, row.lms_user_id or row.student_id,
                             row.email] + [_number(row.scores[n]) for n in names])
    return Path(path)


def export(db_url: str, out: Path, course_id: str | None = None, section: str = "") -> list[Path]:
    """Write ``canvas.csv`` and ``moodle.csv`` into ``out`` from the gradebook at ``db_url``.

    Returns
    -------
    list of Path
        The two files written.
    """
    from grader import course

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    names, maxima, rows = read_gradebook(db_url, course_id or course.COURSE_ID)
    return [write_canvas(out / "canvas.csv", names, maxima, rows, section),
            write_moodle(out / "moodle.csv", names, rows)]
