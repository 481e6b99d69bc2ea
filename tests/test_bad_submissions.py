"""The corpus of bad submissions (tests/bad_submissions/corpus.py), graded in ONE pipeline run.

Every case gets the score worked out by hand in the corpus (never more), a recorded reason, and
the rest of the class is still graded; the gradebook stays intact; no feedback page shows a
line of any master's hidden tests; the sandbox leaves nothing behind.
"""

from __future__ import annotations

import csv
import html
import json
import re
import sqlite3
import sys
import time
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from bad_submissions import corpus  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
TABLE = corpus.load(REPO)
CELL_TIMEOUT = 5
STUB_STUDENT = "zz_stubs_everywhere"  # hands in the untouched student version of every other notebook


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from grader.grading import pipeline

    submitted = tmp_path_factory.mktemp("submitted")
    corpus.write(submitted, REPO)
    for path in sorted((REPO / "notebooks").glob("*/*.ipynb")):
        if path.parent.name != corpus.ASSIGNMENT:
            target = submitted / STUB_STUDENT / path.parent.name
            target.mkdir(parents=True, exist_ok=True)
            target.joinpath(path.name).write_bytes(path.read_bytes())
    out = tmp_path_factory.mktemp("out")
    (out / "course").mkdir()  # the corpus's own course secret: its hidden cases are known (cheats.py)
    (out / "course" / "course_secret").write_text(corpus.cheats.SECRET + "\n")
    start = time.perf_counter()
    pipeline.grade(submitted, out, cell_timeout=CELL_TIMEOUT, workers_count=2, progress=False)
    seconds = time.perf_counter() - start
    print(f"\ngraded the corpus ({len(TABLE)} students + {STUB_STUDENT}) in {seconds:.1f} s")
    return out


def _rows(path):
    with open(path, newline="") as f:
        return list(csv.DictReader(f))


def _id(student):
    """The id a student is graded under (a folder name like ``..evil`` gets a safe one)."""
    from grader.grading import repair

    return repair.student_id(student)[0]


def _score(out, student, assignment=corpus.ASSIGNMENT):
    rows = [r for r in _rows(out / "grades.csv") if r["student_id"] == _id(student) and r["assignment"] == assignment]
    assert len(rows) == 1, (student, rows)
    return float(rows[0]["score"]), float(rows[0]["max_score"])


def test_corpus_has_at_least_twenty_bad_submissions():
    assert len([s for s in TABLE if s != "alice"]) >= 20


@pytest.mark.pipeline
@pytest.mark.parametrize("student", sorted(TABLE))
def test_each_submission_gets_the_score_it_deserves(graded, student):
    description, _, expected, _ = TABLE[student]
    score, max_score = _score(graded, student)
    assert max_score == 10
    assert score == expected, f"{student} ({description}): got {score}, expected {expected}"


@pytest.mark.pipeline
@pytest.mark.parametrize("student", sorted(s for s in TABLE if s != "alice"))
def test_each_bad_submission_has_a_recorded_reason(graded, student):
    _, _, _, words = TABLE[student]
    text = " ".join(" ".join(r.values()) for r in _rows(graded / "reasons.csv") + _rows(graded / "integrity.csv")
                    if r["student"] == _id(student))
    assert text.strip(), f"nothing recorded for {student}"
    for word in words:
        assert word in text, f"{student}: {word!r} not in {text[:1500]}"


@pytest.mark.pipeline
def test_the_good_student_is_clean(graded):
    assert not [r for r in _rows(graded / "reasons.csv") if r["student"] == "alice"]
    flagged = [r for r in _rows(graded / "integrity.csv") if r["student"] == "alice"]
    assert [r["flagged"] for r in flagged] == ["no"]


@pytest.mark.pipeline
def test_stubs_of_every_other_notebook_are_graded_zero(graded):
    assignments = sorted(p.name for p in (REPO / "notebooks").iterdir() if p.name != corpus.ASSIGNMENT)
    for assignment in assignments:
        score, max_score = _score(graded, STUB_STUDENT, assignment)
        assert score == 0 and max_score > 0, assignment


@pytest.mark.pipeline
def test_integrity_flags_reach_the_instructor_not_the_score(graded):
    rows = {r["student"]: r for r in _rows(graded / "integrity.csv")}
    for student in ("b16_redefines_check", "b19_patches_testing", "b21_frame_inspection", "b27_kernelspec"):
        assert rows[student]["flagged"] == "yes", student
        assert (graded / "instructor" / student / f"{corpus.ASSIGNMENT}.md").exists()
    assert "sys._getframe" in rows["b21_frame_inspection"]["runtime_findings"]
    assert "test_mle_theta" in rows["c08_forged_payload"]["unanswered_cells"].split()
    # static flags alone never cost points: b19 and b27 are flagged and still score 8
    assert _score(graded, "b19_patches_testing")[0] == 8 and _score(graded, "b27_kernelspec")[0] == 8


@pytest.mark.pipeline
def test_gradebook_is_intact_and_matches_the_export(graded):
    db = graded / "course" / "gradebook.db"
    with sqlite3.connect(db) as con:
        assert con.execute("pragma integrity_check").fetchone()[0] == "ok"
        assert con.execute("select count(*) from grade g join grade_cells c on g.cell_id = c.id "
                           "where g.auto_score > c.max_score").fetchone()[0] == 0
        students = {row[0] for row in con.execute("select id from student")}
    expected_students = {_id(s) for s in TABLE} | {STUB_STUDENT}
    graded_students = {r["student_id"] for r in _rows(graded / "grades.csv")}
    assert expected_students <= graded_students
    assert {_id(s) for s in TABLE if s not in ("b09_invalid_json", "b12_missing")} <= students


@pytest.mark.pipeline
def test_points_lost_and_intake_repairs_have_a_row_in_reasons_csv(graded):
    rows = _rows(graded / "reasons.csv")
    for student in sorted(s for s in TABLE if s != "alice" and s not in (
            "b14_deleted_tests", "b16_redefines_check", "b19_patches_testing", "b21_frame_inspection",
            "b22_reads_grader_files",
            "b23_writes_gradebook", "b24_network", "b27_kernelspec", "b28_shell_escapes")):
        assert [r for r in rows if r["student"] == _id(student)], student
    flood = [r for r in rows if r["student"] == "b08_output_flood" and r["cell"] == "(output)"]
    assert len(flood) == 1 and flood[0]["message"].startswith("output truncated")
    stopped = [r for r in rows if r["student"] == "b07_os_exit" and "KernelStopped" in r["message"]]
    assert len(stopped) == 1 and "cells stopped or not run" in stopped[0]["message"]
    many = [r for r in rows if r["student"] == "b34_ten_thousand_cells"]
    assert len(many) == 1, many


def _hidden_lines(master: Path) -> list[str]:
    lines = []
    for cell in json.loads(master.read_text())["cells"]:
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        for block in re.findall(r"### BEGIN HIDDEN TESTS\n(.*?)### END HIDDEN TESTS", source, re.S):
            lines += [line.strip() for line in block.splitlines() if line.strip()]
    return lines


@pytest.mark.pipeline
def test_no_feedback_page_shows_a_hidden_test_line(graded):
    hidden = sorted({line for master in sorted((REPO / "solutions").glob("*/*.ipynb"))
                     for line in _hidden_lines(master)})
    assert len(hidden) >= 10
    pages = sorted((graded / "feedback").rglob("*.html"))
    assert len(pages) >= len(TABLE) - 3
    for page in pages:
        raw = page.read_text()
        text = html.unescape(re.sub(r"<[^>]+>", "", raw))
        assert "BEGIN HIDDEN TESTS" not in text and "hidden=True" not in text, page
        for line in hidden:
            assert line not in text and line not in raw, (page, line)


@pytest.mark.pipeline
def test_the_hostile_cells_left_nothing_behind(graded):
    assert not Path("/tmp/genlab-corpus-bash").exists() and not Path("/tmp/genlab-corpus-shell").exists()
    assert not Path("/tmp/gradebook.db").exists()
    # the output flood was cut: its autograded notebook stays small
    flood = graded / "course" / "autograded" / "b08_output_flood" / corpus.ASSIGNMENT / corpus.NOTEBOOK
    assert flood.stat().st_size < 5 * 2**20


@pytest.mark.pipeline
def test_a_regrade_with_the_same_secret_gives_the_same_grades(graded, tmp_path):
    """Graded again from scratch (a fresh course folder, the same course secret): the same hidden
    cases, so the same scores and the same messages."""
    from grader.grading import pipeline

    students = ["alice", "c04_from_memory", "c10_other_students_cases", "b21_frame_inspection"]
    submitted = tmp_path / "again"
    for student in students:
        source = graded / "course" / "submitted" / student / corpus.ASSIGNMENT
        target = submitted / student / corpus.ASSIGNMENT
        target.mkdir(parents=True)
        target.joinpath(corpus.NOTEBOOK).write_bytes((source / corpus.NOTEBOOK).read_bytes())
    out = tmp_path / "out"
    (out / "course").mkdir(parents=True)
    (out / "course" / "course_secret").write_text(corpus.cheats.SECRET + "\n")
    pipeline.grade(submitted, out, cell_timeout=CELL_TIMEOUT, workers_count=2, progress=False)
    for student in students:
        assert _score(out, student) == _score(graded, student), student
    first = sorted((r["student"], r["cell"], r["message"]) for r in _rows(graded / "reasons.csv") if r["student"] in students)
    again = sorted((r["student"], r["cell"], r["message"]) for r in _rows(out / "reasons.csv"))
    assert again == first and any("On a hidden test" in r[2] for r in again)
