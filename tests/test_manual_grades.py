"""grader.manual_grades on small gradebooks written through nbgrader's own API (no kernels)."""

from __future__ import annotations

import csv

import pytest

from grader.grading import manual_grades

COURSE = "genlab"


def _gradebook(url: str, cells: dict[str, float], students=("ann", "ben")) -> None:
    """One assignment "a1" with notebook "nb": a written answer "q1" and the given test cells."""
    from nbgrader.api import Gradebook

    with Gradebook(url, COURSE) as gb:
        gb.add_assignment("a1")
        gb.add_notebook("nb", "a1")
        gb.add_grade_cell("q1", "nb", "a1", max_score=2, cell_type="markdown")
        gb.add_solution_cell("q1", "nb", "a1")
        for name, points in cells.items():
            gb.add_grade_cell(name, "nb", "a1", max_score=points, cell_type="code")
        for student in students:
            gb.update_or_create_student(student)
            gb.add_submission("a1", student)


@pytest.fixture
def old(tmp_path):
    url = f"sqlite:///{tmp_path / 'old.db'}"
    _gradebook(url, {"t1": 1, "t2": 3})
    from nbgrader.api import Gradebook

    with Gradebook(url, COURSE) as gb:
        q1 = gb.find_grade("q1", "nb", "a1", "ann")
        q1.manual_score, q1.needs_manual_grade = 1.5, False
        gb.find_comment("q1", "nb", "a1", "ann").manual_comment = "Nearly: say why θ* is a fixed point."
        gb.find_grade("t1", "nb", "a1", "ben").extra_credit = 0.5
        gb.find_grade("t2", "nb", "a1", "ben").manual_score = 3
        gb.db.commit()
    return url


def test_every_hand_entered_value_is_read(old):
    entries = manual_grades.read_entries(old, COURSE)
    assert [(e.kind, e.student, e.cell) for e in entries] == [
        ("comment", "ann", "q1"), ("grade", "ann", "q1"), ("grade", "ben", "t1"), ("grade", "ben", "t2")]
    q1 = next(e for e in entries if e.kind == "grade" and e.cell == "q1")
    assert (q1.manual_score, q1.needs_manual_grade, q1.max_score) == (1.5, False, 2)


def test_restore_places_what_still_exists_and_reports_the_rest(old, tmp_path):
    from nbgrader.api import Gradebook

    entries = manual_grades.read_entries(old, COURSE)
    new = f"sqlite:///{tmp_path / 'new.db'}"
    _gradebook(new, {"t1": 1})  # the master lost t2; q1 and t1 are still there
    carried, not_carried, changed = manual_grades.restore(new, COURSE, entries)
    assert len(carried) == 3 and changed == {("ann", "a1"), ("ben", "a1")}
    assert [(e.cell, why) for e, why in not_carried] == [("t2", "the master no longer has this cell")]
    with Gradebook(new, COURSE) as gb:
        q1 = gb.find_grade("q1", "nb", "a1", "ann")
        assert (q1.manual_score, q1.needs_manual_grade) == (1.5, False)
        assert gb.find_comment("q1", "nb", "a1", "ann").manual_comment.startswith("Nearly")
        assert gb.find_grade("t1", "nb", "a1", "ben").extra_credit == 0.5
    report = manual_grades.write_not_carried(tmp_path, not_carried)
    with open(report, newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["student"], r["cell"], r["manual_score"]) for r in rows] == [("ben", "t2", "3")]
    # a second restore changes nothing
    assert manual_grades.restore(new, COURSE, entries)[2] == set()


def test_a_student_not_graded_this_time_is_reported_not_dropped(old, tmp_path):
    entries = manual_grades.read_entries(old, COURSE)
    new = f"sqlite:///{tmp_path / 'new.db'}"
    _gradebook(new, {"t1": 1, "t2": 3}, students=("ann",))
    _, not_carried, _ = manual_grades.restore(new, COURSE, entries)
    assert {(e.student, why) for e, why in not_carried} == {
        ("ben", "this student's notebook was not graded in this run")}


def test_a_score_above_a_lowered_maximum_is_kept_with_a_warning(old, tmp_path):
    entries = manual_grades.read_entries(old, COURSE)
    new = f"sqlite:///{tmp_path / 'new.db'}"
    _gradebook(new, {"t1": 1, "t2": 1})
    carried, not_carried, _ = manual_grades.restore(new, COURSE, entries)
    assert len(carried) == 4
    assert [(e.cell, why.split(",")[0]) for e, why in not_carried] == [("t2", "kept")]


def test_save_copies_the_gradebook_and_lists_the_entries(old, tmp_path):
    entries, written = manual_grades.save(old + "?timeout=10", COURSE, tmp_path / "out")
    assert len(entries) == 4
    copy, listing = written
    assert copy.suffix == ".db" and manual_grades.read_entries(f"sqlite:///{copy}", COURSE) == entries
    assert "fixed point" in listing.read_text()
    assert manual_grades.save(f"sqlite:///{tmp_path / 'none.db'}", COURSE, tmp_path / "out2") == ([], [])
    assert not (tmp_path / "out2").exists()
