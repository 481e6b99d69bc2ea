"""The progress cell at the end of every notebook: what passes, what is still to write or answer."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from genlab.reference import grades as ref
from grader.authoring import topics
from grader.check import progress

REPO = Path(__file__).resolve().parent.parent


def test_each_exercise_gets_its_state_in_one_line():
    def stub(theta, n_ab):
        raise NotImplementedError()

    rows = progress.exercise_states(["grades.e_step", "grades.m_step", "grades.mle_theta", "grades.run_em"],
                                    {"e_step": stub, "m_step": ref.m_step, "mle_theta": lambda a, b, c: 0.0})
    assert rows[0] == ("e_step", False, "not written yet")
    assert rows[1] == ("m_step", True, "passes its visible tests")
    assert rows[2][:2] == ("mle_theta", False) and rows[2][2].startswith("mle_theta(") and "returned 0" in rows[2][2]
    assert rows[3] == ("run_em", False, "not defined yet: run the cell that defines it")


@pytest.mark.parametrize("topic", topics.TOPICS, ids=lambda t: t.name)
def test_every_notebook_ends_with_its_progress_cell(topic):
    """Its last code cell, followed by one closing sentence."""
    for folder in ("solutions", "notebooks"):
        cells = json.loads((REPO / folder / topic.folder / topic.notebook).read_text())["cells"]
        code = [c for c in cells if c["cell_type"] == "code"]
        source = "".join(code[-1]["source"])
        assert f'progress("{topic.name}", globals(), "{topic.notebook}")' in source
        # not the very last cell: JupyterLab's "run all below" is disabled there (tests/browser)
        assert cells[-1]["cell_type"] == "markdown"


def test_the_student_version_lists_its_exercises_in_order_and_its_empty_answers(tmp_path, monkeypatch, capsys):
    topic = next(t for t in topics.TOPICS if t.name == "grades")
    shutil.copy(REPO / "notebooks" / topic.folder / topic.notebook, tmp_path)
    monkeypatch.chdir(tmp_path)
    progress.progress("grades", {"m_step": ref.m_step}, topic.notebook)
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "Exercises: 1 of 5 pass their visible tests (the grader also runs hidden ones)."
    assert [line.split()[1] for line in lines[1:6]] == ["mle_theta", "e_step", "m_step", "observed_log_likelihood",
                                                          "run_em"]
    assert lines[-1] == "Questions graded by hand still to answer (as last saved): why_fixed_point."


def test_the_master_has_every_answer_and_a_missing_file_says_save(tmp_path, monkeypatch, capsys):
    master = json.loads((REPO / "solutions" / "05-grades" / "grades.ipynb").read_text())
    assert progress.unanswered_questions(master) == []
    assert progress._exercise_ids("grades", master) == ["grades.mle_theta", "grades.e_step", "grades.m_step",
                                                       "grades.observed_log_likelihood", "grades.run_em"]
    monkeypatch.chdir(tmp_path)
    progress.progress("grades", {}, "grades.ipynb")
    assert "save the notebook as grades.ipynb (Ctrl+S)" in capsys.readouterr().out


def test_a_graded_run_shows_no_progress(monkeypatch, capsys):
    monkeypatch.setenv("GENLAB_GRADING", "1")
    progress.progress("grades", {"e_step": ref.e_step}, "grades.ipynb")
    assert capsys.readouterr().out == "Your progress is shown when you run this cell in JupyterLab.\n"
