"""The grading pipeline end to end on the bundled samples (`make grade-demo`).

Expected scores, worked out from the notebook (8 autograded points + 2 by hand):
alice solves everything (8); bob hands in the stub (0); carol's observed_log_likelihood
uses P(B) instead of P(A or B) (loses its 1 point: 7); dave's m_step cell starts with an
infinite loop, so the cell is cut by the timeout and m_step is never defined (loses
m_step 2 and run_em 2, which calls it: 4).
"""

import csv
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
EXPECTED = Path(__file__).with_name("expected") / "grade_demo.csv"


def _snapshot():
    """What grading could touch: the 05 notebooks, and nbgrader's folders and database."""
    files = sorted(REPO.glob("solutions/05-grades/*")) + sorted(REPO.glob("notebooks/05-grades/*"))
    made = [name for name in ("gradebook.db", "submitted", "autograded", "feedback", "source", "release")
            if (REPO / name).exists()]
    return [(str(f.relative_to(REPO)), f.stat().st_mtime_ns) for f in files], made


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    out = tmp_path_factory.mktemp("graded")
    before = _snapshot()
    run = subprocess.run([sys.executable, "-m", "grader", "grade", "--samples", "--out", str(out),
                          "--cell-timeout", "8"], cwd=REPO, capture_output=True, text=True, timeout=600)
    after = _snapshot()
    return out, run, before, after


def _rows(path, keys):
    with open(path, newline="") as f:
        return [{k: r[k] for k in keys} for r in csv.DictReader(f)]


@pytest.mark.pipeline
def test_samples_get_the_expected_score_table(graded):
    out, run, _, _ = graded
    assert run.returncode == 0, run.stderr[-3000:]
    got = _rows(out / "grades.csv", ["student_id", "assignment", "score", "max_score"])
    got = sorted((r["student_id"], r["assignment"], float(r["score"]), float(r["max_score"])) for r in got)
    with open(EXPECTED, newline="") as f:
        expected = sorted((r["student"], r["assignment"], float(r["score"]), float(r["max_score"]))
                          for r in csv.DictReader(f))
    assert got == expected


@pytest.mark.pipeline
def test_score_table_is_printed(graded):
    _, run, _, _ = graded
    assert "carol           05-grades                   7     10" in run.stdout


@pytest.mark.pipeline
def test_reasons_name_the_mistake_and_the_timeout(graded):
    out, _, _, _ = graded
    reasons = _rows(out / "reasons.csv", ["student", "cell", "message"])
    carol = [r["message"] for r in reasons if r["student"] == "carol" and r["cell"] == "test_observed_log_likelihood"]
    assert len(carol) == 1 and "[uses_p_b]" in carol[0]
    dave_m_step = [r["message"] for r in reasons if r["student"] == "dave" and r["cell"] == "m_step"]
    assert len(dave_m_step) == 1 and "time limit" in dave_m_step[0]  # one failure, one row
    assert not [r for r in reasons if r["student"] == "alice"]


@pytest.mark.pipeline
def test_questions_csv_separates_autograded_points_from_hand_grading(graded):
    out, run, _, _ = graded
    rows = _rows(out / "questions.csv", ["student", "grade_id", "graded_by", "score", "max_score", "status"])
    alice = {r["grade_id"]: r for r in rows if r["student"] == "alice"}
    auto = [r for r in alice.values() if r["graded_by"] == "autograder"]
    assert sum(float(r["score"]) for r in auto) == sum(float(r["max_score"]) for r in auto) == 8
    assert alice["why_fixed_point"]["graded_by"] == "hand"
    assert alice["why_fixed_point"]["status"] == "waiting for hand grading"
    assert "8 of 8 autograded, 2 points waiting for hand grading" in run.stdout
    bob = {r["grade_id"]: r for r in rows if r["student"] == "bob"}
    assert bob["why_fixed_point"]["status"] == "not answered: 0"


@pytest.mark.pipeline
def test_terminal_shows_the_grader_and_the_log_keeps_the_rest(graded):
    out, run, _, _ = graded
    for noise in ("Warning", "KeyboardInterrupt caught", "[AutogradeApp", "[GenerateFeedback", "Traceback"):
        assert noise not in run.stderr, noise
    assert "4/4" in run.stderr  # the progress bar reached the end
    log = (out / "grading.log").read_text()
    # what would have crossed the bar: SQLAlchemy's warnings, or dave's kernel on his timeout
    assert "SAWarning" in log or "KeyboardInterrupt caught in kernel" in log


@pytest.mark.pipeline
def test_feedback_for_everyone_without_hidden_tests(graded):
    out, _, _, _ = graded
    pages = sorted((out / "feedback").glob("*/05-grades/grades.html"))
    assert [p.parent.parent.name for p in pages] == ["alice", "bob", "carol", "dave"]
    for page in pages:
        text = page.read_text()
        for leak in ("HIDDEN TESTS", "hidden=True"):
            assert leak not in text, (page, leak)


@pytest.mark.pipeline
def test_repository_is_left_untouched(graded):
    _, _, before, after = graded
    assert before == after


@pytest.mark.pipeline
def test_integrity_report_lists_every_notebook_and_flags_none(graded):
    out, run, _, _ = graded
    rows = _rows(out / "integrity.csv", ["student", "notebook", "flagged"])
    assert sorted(r["student"] for r in rows) == ["alice", "bob", "carol", "dave"]
    assert {r["flagged"] for r in rows} == {"no"}
    assert "integrity:" in run.stdout


@pytest.mark.pipeline
def test_course_folder_is_kept_private_for_formgrader(graded):
    out, _, _, _ = graded
    course = out / "course"
    assert (course / "gradebook.db").exists() and (course / "nbgrader_config.json").exists()
    assert course.stat().st_mode & 0o077 == 0
