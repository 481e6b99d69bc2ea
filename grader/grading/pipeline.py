"""Grade a folder of submissions with nbgrader, in parallel, resumably, in sandboxed kernels.

The repository is never written to.  The masters are copied into an nbgrader course folder
(``<out>/course``, mode 0700, kept for formgrader and for resuming), nbgrader generates the
assignments, intake places each student's notebooks (``grader.intake``), and one job per
(student, assignment) runs nbgrader's autograde and feedback in a pool of workers
(``grader.workers``), each notebook in the limited ``genlab-sandbox`` kernel
(``grader.grading.sandbox``, ``grader.grading.sandbox_execute``).  Results in ``out``:

* ``grades.csv``     nbgrader's export, one row per student and assignment;
* ``reasons.csv``    one row per failing cell or unplaced file: what went wrong;
* ``integrity.csv``  one row per graded notebook: static flags, run-time findings, cells unanswered;
* ``instructor/<student>/<assignment>.md``  the integrity evidence, for the instructor only;
* ``feedback/<student>/<assignment>/*.html``  feedback without hidden tests.

Running the same command again resumes: finished jobs whose notebooks did not change are kept.
"""

from __future__ import annotations

import csv
import hashlib
import json
import os
import shutil
from dataclasses import dataclass, replace
from pathlib import Path

from grader import course
from grader.grading import (bubblewrap, intake, manual_grades, questions, repair, reports, sandbox, settings,
                            terminal, verdicts, workers)
from grader.grading.settings import Limits

__all__ = ["Score", "grade", "read_submitted", "read_scores", "prepare_course"]

STATE_VERSION = 1


@dataclass(frozen=True)
class Score:
    """One student's result on one assignment (autograded points only)."""

    student: str
    assignment: str
    score: float
    max_score: float
    summary: str = ""   # e.g. "8 of 8 autograded, 2 points waiting for hand grading"


def read_submitted(folder: Path, renamed: dict[str, str] | None = None) -> dict[str, dict[str, list[Path]]]:
    """Find submissions laid out as nbgrader's ``submitted/<student>/<assignment>/<files>``.

    Every folder under ``folder`` is a student, whatever its name: a name nbgrader cannot take
    (``..evil``) is graded under a safe id (``repair.student_id``), and ``renamed`` (when given)
    receives id -> the note saying so.  A student folder without an assignment folder is
    listed with no assignments (``grade`` gives it every assignment of the run, scored 0).
    Folders inside a student's folder whose name starts with '.' (``.ipynb_checkpoints``) are
    not assignments.
    """
    found: dict[str, dict[str, list[Path]]] = {}
    folder = Path(folder)
    for student_dir in sorted(p for p in folder.iterdir() if p.is_dir()):
        student, note = repair.student_id(student_dir.name)
        if note and renamed is not None:
            renamed[student] = note
        per_student = found.setdefault(student, {})
        for assignment_dir in sorted(p for p in student_dir.iterdir() if p.is_dir()):
            if assignment_dir.name.startswith("."):
                continue
            per_student[assignment_dir.name] = sorted(p for p in assignment_dir.iterdir() if p.is_file())
    if not any(f.suffix == ".ipynb" for per in found.values() for files in per.values() for f in files):
        raise ValueError(f"no submissions in {folder}: expected <student>/<assignment>/<notebook>.ipynb")
    return found


def _masters_hash(source_root: Path, limits: Limits, sandboxed: bool = True, secret: bytes = b"") -> str:
    digest = hashlib.sha256(json.dumps([STATE_VERSION, limits.as_dict(), sandboxed]).encode())
    digest.update(hashlib.sha256(secret).digest())  # a new course secret: new hidden cases, new grades
    for path in sorted((Path(source_root) / course.SOURCE).rglob("*")):
        if path.is_file() and ".ipynb_checkpoints" not in path.parts:
            digest.update(str(path.relative_to(source_root)).encode() + path.read_bytes())
    return digest.hexdigest()


def _generate_all(root: Path, db_url: str, assignments: list[str], pool=None) -> None:
    """Every assignment into the gradebook: several at once on ``pool`` (its workers are warm),
    or one after the other here."""
    from nbgrader.api import Gradebook

    # The gradebook is made once, before the workers write, with both course rows: nbgrader's own
    # preprocessors (SaveCells, OverwriteCells, ...) open it without a course id, as "default_course",
    # and two workers generating at once both inserted that row (UNIQUE constraint failed: course.id).
    for course_id in (course.COURSE_ID, "default_course"):
        with Gradebook(db_url, course_id):
            pass
    calls = [(str(root), a) for a in assignments]
    results = (pool.run(workers.generate_job, calls,
                        failed=lambda args, error: {"assignment": args[1], "success": False,
                                                    "error": f"{type(error).__name__}: {error}"})
               if pool is not None else [workers.generate_job(*call) for call in calls])
    failed = [r for r in results if not r["success"]]
    if failed:
        raise RuntimeError(f"generate_assignment {failed[0]['assignment']} failed: {failed[0]['error']}")


def prepare_course(root: Path, source_root: Path, limits: Limits, assignments: list[str],
                   db_url: str, sandboxed: bool = True, pool=None) -> bool:
    """Make (or reuse) the course folder; return True if an earlier run's state was reused.

    ``sandboxed=False`` grades without bubblewrap; switching between the two starts afresh.
    ``pool``: a started worker pool to generate the assignments on (default: one at a time here)."""
    root = Path(root)
    state_file = root / "genlab" / "state.json"
    secret = verdicts.course_secret(root)  # made once; kept when the masters change
    wanted = {"masters": _masters_hash(source_root, limits, sandboxed, secret), "assignments": sorted(assignments)}
    if state_file.exists():
        try:
            state = json.loads(state_file.read_text())
        except ValueError:
            state = {}
        if state.get("masters") == wanted["masters"]:
            missing = sorted(set(wanted["assignments"]) - set(state.get("assignments", [])))
            if missing:  # same masters, more assignments handed in: add them, keep what was graded
                _generate_all(root, db_url, missing, pool)
                state["assignments"] = sorted(set(state.get("assignments", [])) | set(missing))
                state_file.write_text(json.dumps(state))
            return True
        for name in ("submitted", "autograded", "feedback", "integrity", "genlab", "release",
                     course.SOURCE, "gradebook.db"):
            target = root / name
            shutil.rmtree(target, ignore_errors=True) if target.is_dir() else target.unlink(missing_ok=True)
    root.mkdir(parents=True, exist_ok=True)
    os.chmod(root, 0o700)  # the sandbox's unprivileged kernels cannot look inside
    shutil.copytree(Path(source_root) / course.SOURCE, root / course.SOURCE, dirs_exist_ok=True)
    settings.write_config(root, settings.nbgrader_config(root, limits, db_url, sandboxed))
    sandbox.build_font_cache(root / "genlab" / "fonts")
    sandbox.write_kernelspec(root / "jupyter", limits, root / "genlab" / "fonts")
    _generate_all(root, db_url, assignments, pool)
    state_file.parent.mkdir(parents=True, exist_ok=True)
    state_file.write_text(json.dumps(wanted))
    return False


def _enrol(db_url: str, students: list[str]) -> None:
    """Every student into the gradebook before the jobs start: two jobs of one student would
    otherwise both insert the student's row, and the second failed (seen with 4 workers)."""
    from nbgrader.api import Gradebook

    with Gradebook(db_url, course.COURSE_ID) as gb:
        for student in students:
            gb.update_or_create_student(student)


def _export(db_url: str, to: Path) -> None:
    from nbgrader.api import Gradebook
    from nbgrader.plugins import CsvExportPlugin

    with Gradebook(db_url, course.COURSE_ID) as gb:
        CsvExportPlugin(to=str(to)).export(gb)


def grade(submitted: Path, out: Path, cell_timeout: int = course.CELL_TIMEOUT,
          source_root: Path = course.REPO, keep_course: Path | None = None,
          workers_count: int | None = None, pool: str | None = None, limits: Limits | None = None,
          db_url: str | None = None, progress: bool = True, sandboxed: bool = True) -> list[Score]:
    """Autograde ``submitted`` (``<student>/<assignment>/*.ipynb``); write results to ``out``.

    Parameters
    ----------
    submitted : Path
        Folder of submissions (nbgrader's ``submitted/`` layout).
    out : Path
        Where grades.csv, reasons.csv, integrity.csv, instructor/ and feedback/ are written.
    cell_timeout : int
        Seconds one cell may run (the notebook limits scale with it, see ``Limits``).
    source_root : Path
        Repository whose ``solutions/`` holds the masters.
    keep_course : Path, optional
        The nbgrader course folder (default ``out/course``); kept for formgrader and resuming.
    workers_count : int, optional
        Worker processes (default: one more than the number of cores, ``workers.default_workers``).
    pool : str, optional
        ``local`` (default), ``dask`` or ``dask://host:port``.
    limits : Limits, optional
        Per-notebook limits (default: ``Limits.for_cell_timeout(cell_timeout)``).
    db_url : str, optional
        Gradebook database (default: SQLite in the course folder).
    sandboxed : bool
        Run every kernel inside bubblewrap (default; refused, saying how to install it, when it
        is missing).  False (``--no-sandbox``): the terminal, integrity.csv and every feedback
        page say that the run was not sandboxed.

    Returns
    -------
    list of Score
        With the summary of each, e.g. "8 of 8 autograded, 2 points waiting for hand grading".

    Notes
    -----
    Nothing an instructor entered is lost: before the run the gradebook is copied to
    ``out/backups``, and after it every hand-entered score, extra credit and comment is written
    back where its cell still exists (``grader.manual_grades``); the rest is listed in
    ``out/manual_grades_not_carried.csv``.
    """
    submitted, out = Path(submitted).resolve(), Path(out).resolve()
    if sandboxed:
        bubblewrap.check_available()
    renamed: dict[str, str] = {}
    submissions = read_submitted(submitted, renamed)
    out.mkdir(parents=True, exist_ok=True)
    limits = limits or Limits.for_cell_timeout(cell_timeout)
    root = Path(keep_course).resolve() if keep_course else out / "course"
    db_url = absolute_db_url(db_url) if db_url else f"sqlite:///{root / 'gradebook.db'}?timeout=120"
    db_file = manual_grades.sqlite_path(db_url)
    if db_file is not None:
        db_file.parent.mkdir(parents=True, exist_ok=True)
    known = course.assignments(source_root)
    wanted = sorted({a for per_student in submissions.values() for a in per_student})
    for per_student in submissions.values():
        if not per_student:  # a student folder with no assignment folder: nothing handed in
            per_student.update({a: [] for a in wanted})
    for assignment in wanted:
        if assignment not in known:
            raise ValueError(f"submissions name assignment {assignment!r}, which is not in "
                             f"solutions/ (known: {', '.join(known)})")
    with terminal.library_output_to(out / terminal.LOG_NAME) as say:
        if not sandboxed:
            print("WARNING: grading without the operating-system sandbox (--no-sandbox): kernels can read "
                  "what this user can read, reach the network, and are held by Python-level checks only",
                  file=say)
        entries, backups = manual_grades.save(db_url, course.COURSE_ID, out)
        if backups and progress:
            print(f"gradebook backed up to {backups[0].parent} ({len(entries)} hand-entered values)", file=say)
        runner = workers.make_pool(pool, workers_count)
        try:
            runner.start()  # the workers import nbgrader while the course folder is made
            prepare_course(root, source_root, limits, wanted, db_url, sandboxed, pool=runner)
            placed = intake.place_all(root, submissions, renamed)
            jobs = [workers.Job(p.student, p.assignment) for p in placed]
            _enrol(db_url, sorted({job.student for job in jobs}))
            records = workers.run_jobs(root, jobs, runner, progress=progress, terminal=say,
                                       log=out / terminal.LOG_NAME)
        finally:
            runner.close()
        carried, not_carried, changed = manual_grades.restore(db_url, course.COURSE_ID, entries)
        report = manual_grades.write_not_carried(out, not_carried)
        if entries and progress:
            print(f"kept {len(carried)} of {len(entries)} hand-entered grades and comments"
                  + (f"; {len(not_carried)} need a look: {report}" if report else ""), file=say)
        if changed:  # their feedback was written before the hand-entered values were back
            api = workers.setup_worker(str(root))
            for student, assignment in sorted(changed):
                api.generate_feedback(assignment, student, force=True)
        _export(db_url, out / "grades.csv")
        answers = questions.read_questions(db_url, course.COURSE_ID)
        missing = {(p.student, p.assignment, nb): why for p in placed for nb, why in p.reasons
                   if why.startswith("missing")}
        questions.write_questions(out / "questions.csv", answers, missing)
        reports.write_reports(root, out, placed, records, limits.output_bytes)
        bubblewrap.mark_integrity(out / "integrity.csv", sandboxed)
    if (out / "feedback").exists():
        shutil.rmtree(out / "feedback")
    if (root / "feedback").exists():
        shutil.copytree(root / "feedback", out / "feedback")
    return [replace(s, summary=questions.summary(answers, s.student, s.assignment))
            for s in read_scores(out / "grades.csv")]


def absolute_db_url(db_url: str, base: Path | None = None) -> str:
    """A ``sqlite:///relative.db`` URL made absolute against ``base`` (default: the current
    folder), as an instructor typed it; other URLs unchanged."""
    path = manual_grades.sqlite_path(db_url)
    if path is None or path.is_absolute():
        return db_url
    query = db_url.split("?", 1)[1] if "?" in db_url else ""
    absolute = (Path(base) if base else Path.cwd()).resolve() / path
    return f"sqlite:///{absolute}" + (f"?{query}" if query else "")


def read_scores(grades_csv: Path) -> list[Score]:
    """The rows of nbgrader's grades export, as Scores sorted by assignment and student."""
    with open(grades_csv, newline="") as f:
        rows = list(csv.DictReader(f))
    scores = [Score(r["student_id"], r["assignment"], float(r["score"]), float(r["max_score"]))
              for r in rows]
    return sorted(scores, key=lambda s: (s.assignment, s.student))
