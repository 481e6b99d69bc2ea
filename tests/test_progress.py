"""The progress cell at the end of every notebook: what passes, what is still to write or answer,
and nothing at all when the notebook is graded."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from genlab.reference import grades as ref
from grader import cells as nbcells
from grader.authoring import topics
from grader.check import standing
from grader.grading import integrity, needed_cells

REPO = Path(__file__).resolve().parent.parent
GRADES = next(t for t in topics.TOPICS if t.name == "grades")


def _progress_cell(cells: list) -> dict:
    return [c for c in cells if c["cell_type"] == "code"][-1]


def test_each_exercise_gets_its_state_in_a_few_words():
    def stub(theta, n_ab):
        raise NotImplementedError()

    def drops_half(n_a, n_b, n_c):  # grades.mle_theta's named mistake "drops_half"
        return n_c / (n_b + n_c)

    rows = standing.exercise_states(["grades.e_step", "grades.m_step", "grades.mle_theta", "grades.run_em"],
                                    {"e_step": stub, "m_step": ref.m_step, "mle_theta": drops_half})
    assert rows[0] == ("e_step", False, "not written yet")
    assert rows[1] == ("m_step", True, "passes its visible tests")
    assert rows[2] == ("mle_theta", False, "fails: known mistake [drops_half]; its test cell says what to change")
    assert rows[3] == ("run_em", False, "not run yet: run the cell that defines it")
    other = standing.exercise_states(["grades.mle_theta"], {"mle_theta": lambda a, b, c: 0.0})
    assert other == [("mle_theta", False, "fails a visible test: its test cell says why")]


@pytest.mark.parametrize("topic", topics.TOPICS, ids=lambda t: t.name)
def test_every_notebook_ends_with_its_progress_cell(topic):
    """Its last code cell, locked and ungraded, followed by one closing sentence."""
    for folder in ("solutions", "notebooks"):
        cells = json.loads((REPO / folder / topic.folder / topic.notebook).read_text())["cells"]
        cell = _progress_cell(cells)
        assert nbcells.source(cell) == f'from grader.check import progress\nprogress("{topic.name}", "{topic.notebook}")'
        assert nbcells.is_locked(cell) and not nbcells.is_grade(cell) and not nbcells.is_solution(cell)
        # not the very last cell: JupyterLab's "run all below" is disabled there (tests/browser)
        assert cells[-1]["cell_type"] == "markdown"


@pytest.mark.parametrize("topic", topics.TOPICS, ids=lambda t: t.name)
def test_the_progress_cell_costs_nothing_when_graded(topic):
    """A graded run skips it, and it keeps every other locked cell skippable (``globals()``
    would make the needed-cells analysis run every demonstration cell); the integrity scan
    does not flag it as touching the grader."""
    master = json.loads((REPO / "solutions" / topic.folder / topic.notebook).read_text())
    cells = master["cells"]
    without = [c for c in cells if c is not _progress_cell(cells)]

    def skipped(notebook_cells):
        return {notebook_cells[i]["id"] for i in needed_cells.plan(notebook_cells).skip}

    assert skipped(cells) == skipped(without) | {"progress"} and len(skipped(without)) > 3
    assert not [flag for flag in integrity.scan_notebook(master, master) if "code-progress" in flag]


def test_the_student_version_lists_its_exercises_in_order_and_its_empty_answers(tmp_path, monkeypatch):
    shutil.copy(REPO / "notebooks" / GRADES.folder / GRADES.notebook, tmp_path)
    monkeypatch.chdir(tmp_path)
    shown = standing.progress("grades", GRADES.notebook, {"m_step": ref.m_step})
    lines = repr(shown).splitlines()
    assert lines[0] == "Where you stand: 1 of 5 exercises pass their visible tests (the grader also runs hidden tests)."
    assert [line.split()[1] for line in lines[1:6]] == ["mle_theta", "e_step", "m_step", "observed_log_likelihood",
                                                          "run_em"]
    assert lines[-1] == ("Written answers still to write (as last saved): the question in "
                         "6 · Why EM lands on $n_C / n$.")
    markdown = shown._repr_markdown_()
    assert "| ✅ | `m_step` | passes its visible tests |" in markdown
    assert "$n_C / n$" in markdown  # the section's maths renders


def test_numbered_questions_are_named_with_their_section():
    student = json.loads((REPO / "notebooks" / "04-em-derivation" / "em_derivation.ipynb").read_text())
    empty = standing.unanswered_questions(student)
    assert len(empty) == 6 and empty[1] == "Question 2 in 4 · The M-step, derived"


def test_the_master_has_every_answer_and_a_missing_file_says_save(tmp_path, monkeypatch):
    master = json.loads((REPO / "solutions" / GRADES.folder / GRADES.notebook).read_text())
    assert standing.unanswered_questions(master) == []
    assert standing._exercise_ids("grades", master) == ["grades.mle_theta", "grades.e_step", "grades.m_step",
                                                       "grades.observed_log_likelihood", "grades.run_em"]
    monkeypatch.chdir(tmp_path)
    shown = repr(standing.progress("grades", "grades.ipynb", {}))
    assert "Save the notebook as grades.ipynb (Ctrl+S)" in shown
    assert shown.count("not run yet") == 5  # the topic's exercises, from its visible checks


def test_a_graded_run_runs_nothing_and_says_one_sentence(monkeypatch):
    calls = []
    monkeypatch.setenv("GENLAB_GRADING", "1")
    shown = standing.progress("grades", "grades.ipynb", {"e_step": lambda *a: calls.append(a)})
    assert repr(shown) == standing.GRADING_NOTE and calls == []


def test_a_file_descriptor_is_no_notebook_file():
    """``open(1)`` would read the process's stdout and close it when done (it once closed a
    pytest-xdist worker's channel: tests/test_library_answers.py calls every shipped function)."""
    with pytest.raises(TypeError):
        standing.progress("grades", 1, {})
    assert os.fstat(1) and os.fstat(0)
