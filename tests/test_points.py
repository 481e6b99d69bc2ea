"""Points are written once: the prose students read agrees with nbgrader's metadata."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from grader import cells, course
from grader.authoring import release

REPO = course.REPO


def _cell(kind, text, **nbgrader):
    return {"cell_type": kind, "source": text, "metadata": {"nbgrader": nbgrader} if nbgrader else {}}


def test_every_master_states_the_points_its_metadata_gives():
    assert release.points_mismatches(REPO) == []


def test_a_test_cell_and_a_written_answer_are_read_from_their_own_prose():
    nb = [
        _cell("code", '"""e_step (2 points)"""\ncheck(...)', grade=True, solution=False, points=2,
              grade_id="test_e_step"),
        _cell("markdown", "**Question (1 point, graded by hand).** Why?"),
        _cell("markdown", "YOUR ANSWER HERE", grade=True, solution=True, points=1, grade_id="why"),
    ]
    assert [cells.stated_points(nb, i) for i in (0, 2)] == [2, 1]
    assert cells.points_mismatches(nb) == []
    nb[0]["metadata"]["nbgrader"]["points"] = 3
    nb[2]["metadata"]["nbgrader"]["points"] = 2
    problems = cells.points_mismatches(nb)
    assert len(problems) == 2
    assert "test_e_step says (2 points) but its nbgrader metadata gives 3" in problems[0]
    assert "why says (1 point) but its nbgrader metadata gives 2" in problems[1]


def test_release_refuses_when_prose_and_metadata_disagree(tmp_path):
    shutil.copytree(REPO / course.SOURCE / "05-grades", tmp_path / course.SOURCE / "05-grades")
    path = tmp_path / course.SOURCE / "05-grades" / "grades.ipynb"
    nb = json.loads(path.read_text())
    test = next(c for c in nb["cells"] if cells.grade_id(c) == "test_e_step")
    test["metadata"]["nbgrader"]["points"] = 3
    path.write_text(json.dumps(nb))
    problems = release.points_mismatches(tmp_path)
    assert problems == [f"{path.relative_to(tmp_path)}: cell test_e_step says (2 points) but its nbgrader "
                        "metadata gives 3: make them agree"]
    try:
        release.release(tmp_path, quiet=True)
    except ValueError as error:
        assert "test_e_step" in str(error)
    else:
        raise AssertionError("release wrote student notebooks whose points are wrong")
    assert not (tmp_path / course.RELEASE).exists()


def test_release_command_says_what_to_fix(tmp_path):
    """`python -m grader release` exits 1 with the sentence, not a traceback (run on the repo: it agrees)."""
    run = subprocess.run([sys.executable, "-c", "import sys; from grader import cli; from grader.authoring import release;"
                          "release.points_mismatches = lambda root=None: ['x.ipynb: cell t says (2 points) "
                          "but its nbgrader metadata gives 3: make them agree'];"
                          "sys.exit(cli.main(['release']))"], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 1
    assert "error: points stated in prose" in run.stderr and "Traceback" not in run.stderr
