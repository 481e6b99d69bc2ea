"""LMS exports: a small class's gradebook written as Canvas and Moodle grade-import files.

The gradebook is a real nbgrader SQLite gradebook, filled through nbgrader's own API (two
assignments, three students, one missing submission, one late penalty, a hand-entered score);
the files are written by the command line (``python -m grader lms``) and read back as CSV.
"""

from __future__ import annotations

import csv
import datetime
import subprocess
import sys

from grader.grading import lms

COURSE = "genlab"


def _gradebook(path):
    from nbgrader.api import Gradebook

    url = f"sqlite:///{path}"
    due = datetime.datetime(2026, 3, 1, 12, 0)
    with Gradebook(url, COURSE) as gb:
        for name, points, when in (("05-grades", (2.0, 6.0), due), ("03-gaussian-mixtures", (4.0,), due
                                                                    - datetime.timedelta(days=7))):
            gb.add_assignment(name, duedate=when)
            gb.add_notebook("nb", name)
            for i, maximum in enumerate(points):
                gb.add_grade_cell(f"cell{i}", "nb", name, max_score=maximum, cell_type="code")
        gb.add_student("ana", first_name="Ana", last_name="Lima", email="ana@example.org", lms_user_id="S001")
        gb.add_student("bo", first_name="Bo", last_name="Ek", email="bo@example.org")
        gb.add_student("cy")  # no name, no email: rows still identify them
        scores = {("ana", "05-grades"): (2.0, 5.5), ("bo", "05-grades"): (1.0, 0.0),
                  ("ana", "03-gaussian-mixtures"): (4.0,), ("cy", "03-gaussian-mixtures"): (1.25,)}
        for (student, name), values in scores.items():
            gb.add_submission(name, student)
            for i, value in enumerate(values):
                grade = gb.find_grade(f"cell{i}", "nb", name, student)
                grade.manual_score = value
        late = gb.find_submission_notebook("nb", "05-grades", "bo")  # nbgrader keeps penalties per notebook
        late.late_submission_penalty = 0.5
        gb.db.commit()
    return url


def _read(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def test_canvas_and_moodle_files_from_one_command(tmp_path):
    url = _gradebook(tmp_path / "gradebook.db")
    done = subprocess.run([sys.executable, "-m", "grader", "lms", "--db-url", url, "--out", str(tmp_path / "lms"),
                           "--section", "Spring 2026"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "canvas.csv" in done.stdout and "moodle.csv" in done.stdout

    canvas = _read(tmp_path / "lms" / "canvas.csv")
    # assignments by due date: the earlier one first
    assert canvas[0] == lms.CANVAS_IDENTITY + ["03-gaussian-mixtures", "05-grades"]
    assert canvas[1] == ["Points Possible", "", "", "", "", "4", "8"]
    assert canvas[2:] == [
        ["Lima, Ana", "", "S001", "ana", "Spring 2026", "4", "7.5"],
        ["Ek, Bo", "", "", "bo", "Spring 2026", "0", "0.5"],       # missing -> 0; 1 point - 0.5 late
        ["cy", "", "", "cy", "Spring 2026", "1.25", "0"],
    ]

    moodle = _read(tmp_path / "lms" / "moodle.csv")
    assert moodle[0] == lms.MOODLE_IDENTITY + ["03-gaussian-mixtures", "05-grades"]
    assert moodle[1:] == [
        ["Ana", "Lima", "S001", "ana@example.org", "4", "7.5"],
        ["Bo", "Ek", "bo", "bo@example.org", "0", "0.5"],
        ["cy", "", "cy", "", "1.25", "0"],
    ]


def test_every_row_has_one_cell_per_column(tmp_path):
    url = _gradebook(tmp_path / "gradebook.db")
    for path in lms.export(url, tmp_path):
        rows = _read(path)
        assert len({len(r) for r in rows}) == 1, path.name
