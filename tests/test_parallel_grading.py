"""Parallel, resumable autograde: SIGKILL the batch half-way, run it again, nothing lost or counted twice.

Eight students of 05-grades built from the samples (alice: everything solved, 8 points; bob: the
stub, 0; carol: observed_log_likelihood with P(B) in place of P(A or B), 7).
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from grader.authoring import samples
from grader.grading import workers

REPO = Path(__file__).resolve().parent.parent
EXPECTED = {"alice": 8.0, "bob": 0.0, "carol": 7.0}
STUDENTS = [f"{kind}{i}" for i in range(1, 4) for kind in ("alice", "bob", "carol")][:8]


def _class(folder: Path) -> Path:
    base = samples.write_samples(folder / "base")
    submitted = folder / "submitted"
    for student in STUDENTS:
        shutil.copytree(base / student.rstrip("0123456789"), submitted / student)
    shutil.rmtree(base)
    return submitted


def _command(submitted, out, workers_count=2):
    return [sys.executable, "-m", "grader", "grade", "--submissions", str(submitted), "--out", str(out),
            "--cell-timeout", "8", "--workers", str(workers_count)]


def _finished(out: Path) -> dict[str, int]:
    return {p.stem: p.stat().st_mtime_ns for p in (out / "course" / "genlab" / "jobs").glob("*.json")}


def _kernels_of(runtime_dir: str) -> list[int]:
    pids = []
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                cmdline = (proc / "cmdline").read_bytes().decode(errors="replace")
            except OSError:
                continue
            if "grader.grading.sandbox" in cmdline and runtime_dir in cmdline:
                pids.append(int(proc.name))
    return pids


@pytest.mark.pipeline
def test_sigkill_half_way_then_resume(tmp_path):
    submitted = _class(tmp_path)
    out = tmp_path / "out"
    log = open(tmp_path / "first.log", "w")
    first = subprocess.Popen(_command(submitted, out), cwd=tmp_path, stdout=log, stderr=subprocess.STDOUT,
                             start_new_session=True)
    deadline = time.monotonic() + 400
    while len(_finished(out)) < 3 and first.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    log.close()
    done_before = _finished(out)
    assert 3 <= len(done_before) < len(STUDENTS), (tmp_path / "first.log").read_text()[-2000:]
    assert not (out / "grades.csv").exists()

    # the orphaned kernels notice their worker is gone and exit
    runtime = os.environ["JUPYTER_RUNTIME_DIR"]
    for _ in range(50):
        if not _kernels_of(runtime):
            break
        time.sleep(0.2)
    assert not _kernels_of(runtime)

    second = subprocess.run(_command(submitted, out), cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert second.returncode == 0, second.stderr[-3000:]
    already = len(done_before)
    assert f"{len(STUDENTS)} jobs, {already} already finished, {len(STUDENTS) - already} to run" in second.stderr
    todo = len(STUDENTS) - already
    assert f"{todo}/{todo} [" in second.stderr and "/job" in second.stderr  # tqdm: count, elapsed<left, rate
    after = _finished(out)
    assert set(after) == {workers.Job(s, samples.ASSIGNMENT).key for s in STUDENTS}
    for key, mtime in done_before.items():
        assert after[key] == mtime, f"{key} was graded again"

    with open(out / "grades.csv", newline="") as f:
        rows = list(csv.DictReader(f))
    got = sorted((r["student_id"], float(r["score"])) for r in rows)
    assert got == sorted((s, EXPECTED[s.rstrip("0123456789")]) for s in STUDENTS)

    with sqlite3.connect(out / "course" / "gradebook.db") as con:
        per_student = con.execute("select student_id, count(*) from submitted_assignment "
                                  "group by student_id").fetchall()
        assert sorted(per_student) == sorted((s, 1) for s in STUDENTS)
        assert con.execute("select count(*) from grade").fetchone()[0] == len(STUDENTS) * 6

    # a third run has nothing left to do and changes nothing
    third = subprocess.run(_command(submitted, out), cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert third.returncode == 0
    assert f"{len(STUDENTS)} already finished, 0 to run" in third.stderr
    assert _finished(out) == after


def test_progress_bar_shows_count_rate_eta_and_the_last_job():
    import io

    from grader.grading import terminal

    stream = io.StringIO()
    with terminal.progress_bar(4, stream) as bar:
        bar.set_postfix_str("ann/05-grades", refresh=False)
        bar.update(1)
        bar.refresh()
        line = stream.getvalue().split("\r")[-1]
    assert "1/4" in line and "ann/05-grades" in line
    assert "job/s" in line or "s/job" in line
    assert "<" in line  # elapsed<remaining


def test_a_changed_submission_is_graded_again(tmp_path):
    course = tmp_path / "course"
    folder = course / "submitted" / "ann" / "05-grades"
    folder.mkdir(parents=True)
    (folder / "grades.ipynb").write_text("{}")
    job = workers.Job("ann", "05-grades")
    record = course / "genlab" / "jobs" / f"{job.key}.json"
    record.parent.mkdir(parents=True)
    record.write_text(json.dumps({"input": workers.input_hash(course, job)}))
    assert workers.job_record(course, job) is not None
    (folder / "grades.ipynb").write_text('{"cells": []}')
    assert workers.job_record(course, job) is None


@pytest.mark.pipeline
def test_dask_pool_runs_the_same_jobs(tmp_path):
    pytest.importorskip("distributed")
    from grader.grading import pipeline

    submitted = samples.write_samples(tmp_path / "submitted")
    for student in ("bob", "carol", "dave"):
        shutil.rmtree(submitted / student)
    shutil.copytree(submitted / "alice", submitted / "alice2")
    scores = pipeline.grade(submitted, tmp_path / "out", cell_timeout=8, workers_count=2, pool="dask",
                            progress=False)
    assert sorted((s.student, s.score) for s in scores) == [("alice", 8.0), ("alice2", 8.0)]


@pytest.mark.pipeline
def test_every_student_is_in_the_gradebook_before_any_job_runs(tmp_path, monkeypatch):
    """Two jobs of one student running at once both inserted the student's row, and the second
    failed (seen with 4 workers); the students are enrolled before the jobs start."""
    from nbgrader.api import Gradebook

    from grader.grading import pipeline

    seen = {}

    def run_jobs(root, jobs, runner, **kwargs):
        with Gradebook(f"sqlite:///{root / 'gradebook.db'}", "genlab") as gb:
            seen["students"] = sorted(s.id for s in gb.students)
        seen["jobs"] = sorted({job.student for job in jobs})
        return []

    monkeypatch.setattr(workers, "run_jobs", run_jobs)
    submitted = _class(tmp_path)
    pipeline.grade(submitted, tmp_path / "out", cell_timeout=8, workers_count=1, progress=False, sandboxed=False)
    assert seen["jobs"] == sorted(STUDENTS)
    assert seen["students"] == sorted(STUDENTS)


def test_a_worker_does_not_import_the_iri_parser_and_still_validates_notebooks():
    """grader.grading keeps jsonschema's optional IRI parser out (0.9 CPU-s per process); the
    notebook schema is still checked, in a fresh process as a worker starts."""
    code = """if True:
        import sys
        from grader.grading import workers
        workers.warm_up()
        import nbformat
        from nbformat.v4 import new_code_cell, new_notebook
        nb = new_notebook(cells=[new_code_cell("1 + 1")])
        nbformat.validate(nb)
        del nb.cells[0]["source"]
        try:
            nbformat.validate(nb)
        except nbformat.ValidationError:
            print("invalid refused")
        print(sys.modules["rfc3987_syntax"] is None)
    """
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["invalid", "refused", "True"]


def test_both_course_rows_are_in_the_gradebook_before_assignments_are_generated(tmp_path):
    """nbgrader's preprocessors open the gradebook as course "default_course"; two workers
    generating assignments at once both inserted that row, and one generate_assignment failed
    (seen in a full test run: UNIQUE constraint failed: course.id)."""
    import sqlite3

    from grader.grading import pipeline

    seen = {}

    class Pool:
        def run(self, function, calls, failed):
            with sqlite3.connect(tmp_path / "gradebook.db") as db:
                seen["courses"] = sorted(row[0] for row in db.execute("select id from course"))
            return [{"assignment": a, "success": True} for _, a in calls]

    pipeline._generate_all(tmp_path, f"sqlite:///{tmp_path / 'gradebook.db'}", ["05-grades"], pool=Pool())
    assert seen["courses"] == ["default_course", "genlab"]
