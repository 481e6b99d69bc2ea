"""Every master executes cleanly; every student version is generated from it and fails only
with NotImplementedError messages; notebooks are committed without outputs."""

import json
import shutil

import pytest

import nbrun
from grader import course
from grader.authoring import release

REPO = course.REPO
MASTERS = nbrun.masters(REPO)
STUDENT = [REPO / course.RELEASE / p.parent.name / p.name for p in MASTERS]


def _id(path):
    return path.parent.name


@pytest.mark.notebook
@pytest.mark.parametrize("master", MASTERS, ids=_id)
def test_master_executes_with_every_check_passing(master):
    nb = nbrun.execute(master)
    assert nbrun.errors(nb) == {}
    for cell in nbrun.autograded_test_cells(nb):
        printed = "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")
        assert "visible tests pass" in printed, nbrun.grade_id(cell)


@pytest.mark.notebook
@pytest.mark.parametrize("student", STUDENT, ids=_id)
def test_student_version_fails_every_check_with_not_implemented(student):
    nb = nbrun.execute(student)
    failed = nbrun.errors(nb)
    tests = nbrun.autograded_test_cells(nb)
    assert tests, "a notebook needs graded test cells"
    for cell in tests:
        ename, evalue = failed[nbrun.grade_id(cell)]
        assert "NotImplementedError" in ename + evalue, (nbrun.grade_id(cell), evalue)


def test_student_notebooks_are_regenerated_from_masters(tmp_path):
    """Fails when solutions/ changed without `make release` (or notebooks/ was edited by hand)."""
    shutil.copytree(REPO / course.SOURCE, tmp_path / course.SOURCE)
    shutil.copy(REPO / "nbgrader_config.py", tmp_path)
    fresh = release.release(tmp_path, quiet=True)
    committed = sorted((REPO / course.RELEASE).glob("*/*.ipynb"))
    assert [p.relative_to(tmp_path) for p in fresh] == [p.relative_to(REPO) for p in committed]
    for path in fresh:
        ours = json.loads((REPO / path.relative_to(tmp_path)).read_text())
        assert ours == json.loads(path.read_text()), f"{path.relative_to(tmp_path)} is stale: run `make release`"


@pytest.mark.parametrize("path", MASTERS + STUDENT, ids=lambda p: f"{p.parts[-3]}/{p.parent.name}")
def test_notebooks_are_committed_without_outputs(path):
    nb = json.loads(path.read_text())
    assert all(not c.get("outputs") and not c.get("execution_count") for c in nb["cells"] if c["cell_type"] == "code")


@pytest.mark.parametrize("master", MASTERS, ids=_id)
def test_student_version_holds_no_solution_or_hidden_test(master):
    text = (REPO / course.RELEASE / master.parent.name / master.name).read_text()
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "hidden=True"):
        assert marker not in text
