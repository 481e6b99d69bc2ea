"""Notebook 04's structure: every em_theory exercise is checked (visible and hidden), and the
derivations are manually graded answer cells with points, emptied in the student version."""

import json
import re


MASTER = "solutions/04-em-derivation/em_derivation.ipynb"
STUDENT = "notebooks/04-em-derivation/em_derivation.ipynb"


def _cells(repo, path):
    return json.loads((repo / path).read_text())["cells"]


def _meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})


def test_derivations_are_manually_graded_answers_with_points_and_a_rubric(repo):
    answers = [c for c in _cells(repo, MASTER)
               if c["cell_type"] == "markdown" and _meta(c).get("grade") and _meta(c).get("solution")]
    assert len(answers) >= 5
    assert all(_meta(c)["points"] > 0 for c in answers)
    assert all("Rubric" in "".join(c["source"]) for c in answers)
    ids = {_meta(c)["grade_id"] for c in answers}
    assert {"q_derive_mu", "q_derive_sigma", "q_derive_pi", "q_gap_kl"} <= ids


def test_student_version_keeps_the_points_but_not_the_model_answers(repo):
    master = {_meta(c).get("grade_id"): c for c in _cells(repo, MASTER) if _meta(c).get("grade")}
    student = {_meta(c).get("grade_id"): c for c in _cells(repo, STUDENT) if _meta(c).get("grade")}
    assert master.keys() == student.keys()
    for grade_id, cell in student.items():
        assert _meta(cell)["points"] == _meta(master[grade_id])["points"]
        if cell["cell_type"] == "markdown":
            assert "".join(cell["source"]).strip() == "YOUR ANSWER HERE"
    assert not re.search(r"Rubric", (repo / STUDENT).read_text())
