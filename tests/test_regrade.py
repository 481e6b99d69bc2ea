"""A re-grade never loses what an instructor entered, and paths work as an instructor types them."""

from __future__ import annotations

import csv
import json
import shutil
import subprocess
from pathlib import Path

import pytest

from grader import course
from grader.authoring import samples
from grader.grading import manual_grades, pipeline

REPO = course.REPO
ASSIGNMENT, NOTEBOOK = samples.ASSIGNMENT, "grades"


def _submissions(folder: Path, students: tuple[str, ...]) -> Path:
    samples.write_samples(folder)
    for other in set(samples.SAMPLES) - set(students):
        shutil.rmtree(folder / other)
    return folder


def _rows(path: Path) -> list[dict]:
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def _edit_master(source_root: Path) -> None:
    """One more sentence in a markdown cell, and test_mle_theta worth 2 points instead of 1."""
    path = source_root / course.SOURCE / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
    nb = json.loads(path.read_text())
    markdown = next(c for c in nb["cells"] if c["cell_type"] == "markdown")
    markdown["source"] = "".join(markdown["source"]) + "\n\nOne sentence added by the instructor."
    test = next(c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") == "test_mle_theta")
    assert test["metadata"]["nbgrader"]["points"] == 1
    test["metadata"]["nbgrader"]["points"] = 2
    test["source"] = "".join(test["source"]).replace("(1 point)", "(2 points)")
    path.write_text(json.dumps(nb, indent=1))


@pytest.mark.pipeline
def test_hand_entered_grades_survive_a_regrade_after_a_master_changes(tmp_path, capfd):
    from nbgrader.api import Gradebook

    source_root = tmp_path / "src"
    shutil.copytree(REPO / course.SOURCE / ASSIGNMENT, source_root / course.SOURCE / ASSIGNMENT)
    submitted = _submissions(tmp_path / "submitted", ("alice", "carol"))
    out = tmp_path / "out"
    pipeline.grade(submitted, out, cell_timeout=8, source_root=source_root, workers_count=2)
    db_url = f"sqlite:///{out / 'course' / 'gradebook.db'}"
    with Gradebook(db_url, course.COURSE_ID) as gb:  # as formgrader would write them
        answer = gb.find_grade("why_fixed_point", NOTEBOOK, ASSIGNMENT, "alice")
        answer.manual_score, answer.needs_manual_grade = 2.0, False
        gb.find_comment("why_fixed_point", NOTEBOOK, ASSIGNMENT, "alice").manual_comment = "A clear argument."
        gb.find_grade("test_e_step", NOTEBOOK, ASSIGNMENT, "carol").extra_credit = 0.5
        gb.db.commit()
    capfd.readouterr()

    _edit_master(source_root)
    scores = pipeline.grade(submitted, out, cell_timeout=8, source_root=source_root, workers_count=2)
    terminal = capfd.readouterr().err

    with Gradebook(db_url, course.COURSE_ID) as gb:
        answer = gb.find_grade("why_fixed_point", NOTEBOOK, ASSIGNMENT, "alice")
        assert (answer.manual_score, answer.needs_manual_grade) == (2.0, False)
        assert gb.find_comment("why_fixed_point", NOTEBOOK, ASSIGNMENT, "alice").manual_comment == \
            "A clear argument."
        assert gb.find_grade("test_e_step", NOTEBOOK, ASSIGNMENT, "carol").extra_credit == 0.5
        assert gb.find_grade("test_mle_theta", NOTEBOOK, ASSIGNMENT, "alice").max_score == 2  # the new master
    by_student = {s.student: s for s in scores}
    assert (by_student["alice"].score, by_student["alice"].max_score) == (11, 11)  # 9 autograded + 2 by hand
    exported = {r["student_id"]: float(r["score"]) for r in _rows(out / "grades.csv")}
    assert exported["alice"] == 11 and exported["carol"] == 8.5  # 8 autograded + 0.5 extra credit
    question = next(r for r in _rows(out / "questions.csv")
                    if r["student"] == "alice" and r["grade_id"] == "why_fixed_point")
    assert (question["manual_score"], question["status"]) == ("2", "graded by hand")
    assert "kept 3 of 3 hand-entered grades and comments" in terminal
    assert "A clear argument." in (out / "feedback" / "alice" / ASSIGNMENT / f"{NOTEBOOK}.html").read_text()
    backups = sorted((out / "backups").glob("gradebook-*.db"))
    assert len(backups) == 1  # the first run had no gradebook to back up
    saved = manual_grades.read_entries(f"sqlite:///{backups[0]}", course.COURSE_ID)
    assert [(e.student, e.cell) for e in saved if e.kind == "grade"] == [
        ("alice", "why_fixed_point"), ("carol", "test_e_step")]


@pytest.mark.pipeline
def test_make_grade_takes_paths_relative_to_where_it_is_run(tmp_path):
    _submissions(tmp_path / "subs", ("alice",))
    run = subprocess.run(["make", "--no-print-directory", "-f", str(REPO / "Makefile"), "grade",
                          "SUBMISSIONS=subs", "OUT=out", "GRADE_ARGS=--db-url sqlite:///books/gradebook.db"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    assert "Traceback" not in run.stderr
    assert (tmp_path / "books" / "gradebook.db").exists()
    assert [r["score"] for r in _rows(tmp_path / "out" / "grades.csv")] == ["8.0"]
    assert not (REPO / "out").exists() and not (REPO / "subs").exists()


def test_relative_sqlite_urls_are_made_absolute_against_the_current_folder(tmp_path):
    assert pipeline.absolute_db_url("sqlite:///a/b.db?timeout=5", tmp_path) == \
        f"sqlite:///{tmp_path}/a/b.db?timeout=5"
    assert pipeline.absolute_db_url(f"sqlite:///{tmp_path}/x.db", Path("/elsewhere")) == f"sqlite:///{tmp_path}/x.db"
    assert pipeline.absolute_db_url("postgresql://u@h/db") == "postgresql://u@h/db"
