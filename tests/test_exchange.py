"""nbgrader's exchange end to end with real unix accounts (root only; CI runs as root).

An instructor and two students are made with ``useradd`` (unique names per run, removed with
``userdel -r``); nbgrader's own commands run as them (``runuser``): release, fetch, submit
(the second after the deadline), collect, ``python -m grader grade`` on what was collected,
release_feedback, fetch_feedback.  Asserted: each student gets their own feedback and only
theirs; no student can list the inbound or feedback folders, read another's work, the course
folder or the solutions; the late submission is late in the gradebook.

The accounts run a small virtual environment made by the test whose site-packages reaches
this one's through a path file; when this environment sits under a folder they cannot enter
(``/root``, mode 0700), search permission (o+x) is granted on that folder for the duration and
put back at the end (``grader.grading.exchange.SharedPython``).
"""

from __future__ import annotations

import datetime
import json
import os
import re
import shutil
import time
from pathlib import Path

import pytest

from grader.grading import exchange

pytestmark = pytest.mark.pipeline
ASSIGNMENT = "05-grades"

if os.geteuid() != 0:
    if os.environ.get("CI"):
        raise RuntimeError("the exchange test makes unix accounts: CI must run it as root")
    pytest.skip("the exchange test makes unix accounts (useradd): run as root (CI does)", allow_module_level=True)
if not (shutil.which("useradd") and shutil.which("runuser")):
    pytest.skip("useradd/runuser not found", allow_module_level=True)


def _answers(tmp_path: Path) -> dict[str, dict]:
    """The bundled samples: 'alice' solves everything, 'bob' hands in the stub."""
    from grader.authoring import samples

    written = samples.write_samples(tmp_path / "samples")
    return {name: {p.name: json.loads(p.read_text()) for p in (written / name / ASSIGNMENT).glob("*.ipynb")}
            for name in ("alice", "bob")}


def _refused(room, user: str, code: str) -> bool:
    done = room.python_as(user, code, check=False)
    return done.returncode != 0 and "PermissionError" in done.stderr


def test_release_fetch_submit_collect_grade_feedback(tmp_path):
    answers = _answers(tmp_path)
    before = {p: p.stat().st_mode for p in (Path("/root"), Path(exchange.course.REPO)) if p.exists()}
    started = time.monotonic()
    with exchange.Classroom(students=2, cell_timeout=10) as room:
        on_time, late = room.students
        room.release(ASSIGNMENT, datetime.datetime.now(datetime.timezone.utc) + datetime.timedelta(days=7))
        for student in room.students:
            fetched = room.fetch(student, ASSIGNMENT)
            assert (fetched / "grades.ipynb").exists()
            assert "BEGIN SOLUTION" not in (fetched / "grades.ipynb").read_text()
        room.hand_in(on_time, ASSIGNMENT, answers["alice"])
        room.set_duedate(ASSIGNMENT, datetime.datetime.now(datetime.timezone.utc))
        time.sleep(1.5)
        room.hand_in(late, ASSIGNMENT, answers["bob"])

        inbound = room.exchange / exchange.course.COURSE_ID / "inbound"
        submissions = sorted(p.name for p in inbound.iterdir())
        assert [name.split("+")[0] for name in submissions] == sorted(room.students)
        theirs = next(inbound / n for n in submissions if n.startswith(late + "+"))
        for student, other in ((on_time, late), (late, on_time)):
            assert _refused(room, student, f"import os; os.listdir({str(inbound)!r})"), "inbound is listable"
            assert _refused(room, student, f"open({str(room.home(other) / ASSIGNMENT / 'grades.ipynb')!r})")
            assert _refused(room, student, f"import os; os.listdir({str(room.course_dir)!r})")
            assert _refused(room, student, f"open({str(room.course_dir / 'solutions' / ASSIGNMENT / 'grades.ipynb')!r})")
            assert _refused(room, student, f"open({str(room.course_dir / 'gradebook.db')!r}, 'rb')")
        # a submission's folder name carries a random part: it cannot be guessed from outside
        assert len(theirs.name.split("+")[-1]) >= 8

        collected = room.collect(ASSIGNMENT)
        assert sorted(p.name for p in collected.iterdir()) == sorted(room.students)
        room.grade(tmp_path / "grading")

        from nbgrader.api import Gradebook

        with Gradebook(f"sqlite:///{room.course_dir / 'gradebook.db'}", exchange.course.COURSE_ID) as gb:
            scores = {s: gb.find_submission(ASSIGNMENT, s).score for s in room.students}
            seconds_late = {s: gb.find_submission(ASSIGNMENT, s).total_seconds_late for s in room.students}
        assert scores == {on_time: 8.0, late: 0.0}
        assert seconds_late[on_time] == 0 and seconds_late[late] > 0

        room.release_feedback(ASSIGNMENT)
        feedback_root = room.exchange / exchange.course.COURSE_ID / "feedback"
        pages = {}
        for student in room.students:
            assert _refused(room, student, f"import os; os.listdir({str(feedback_root)!r})")
            fetched = room.fetch_feedback(student, ASSIGNMENT)
            assert [p.name for p in fetched] == ["grades.html"], fetched
            pages[student] = fetched[0].read_text()
            assert fetched[0].stat().st_uid == room_uid(student)
        # each page is its student's own: nbgrader's feedback header carries the notebook's score
        got = {s: float(re.search(r"grades \(Score: ([0-9.]+) /", page).group(1)) for s, page in pages.items()}
        assert got == {on_time: 8.0, late: 0.0}
        for text in pages.values():
            assert "BEGIN HIDDEN TESTS" not in text
        accounts = [room.instructor, *room.students]
        homes = [room.home(u) for u in accounts]
    for user in accounts:
        assert not _account_exists(user)
    assert not any(h.exists() for h in homes)
    assert {p: p.stat().st_mode for p in before} == before, "folder modes were not put back"
    print(f"\nexchange term: {time.monotonic() - started:.1f} s")


def room_uid(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid


def _account_exists(user: str) -> bool:
    import pwd

    try:
        pwd.getpwnam(user)
    except KeyError:
        return False
    return True
