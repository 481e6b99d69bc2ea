"""Visible checks that enforce what only a large input shows: a visible case's rows repeated
(a ``Batch``), built when the check runs.  Notebook 06 promises that the test enforces a
vectorised E-step; a loop over the pixels now fails the visible check, not only the hidden one."""

from __future__ import annotations

import numpy as np
import pytest

from grader.authoring import catalogue
from grader.authoring.schema import Batch
from grader.check import check, visible_cases
from grader.grading import verdicts
from grader.grading.verdicts import Check

BATCHED = [e for t in catalogue.topics() for e in catalogue.exercises(t) if e.batch is not None]


def _message(exercise_id, fn):
    with pytest.raises(AssertionError) as failure:
        check(exercise_id, fn)
    return str(failure.value)


def test_notebook_06_has_a_batch_for_each_function_its_hidden_timing_case_tests():
    assert {e.id for e in BATCHED} == {"segmentation.e_step", "segmentation.m_step", "segmentation.log_likelihood"}


@pytest.mark.parametrize("exercise", BATCHED, ids=lambda e: e.id)
def test_the_batch_answer_equals_the_reference_computed_on_the_batch_itself(exercise):
    """The oracle: the reference run directly on the repeated rows, not the rule that derives
    the batch's answer from the small case's."""
    rules, cases = visible_cases.rules_and_cases(exercise.id)
    batch = cases[-1]
    assert batch["batch"] == (exercise.batch.case + 1, len(batch["args"][0])) and len(batch["args"][0]) >= 300_000
    direct = exercise.reference(*batch["args"])
    assert visible_cases.load(exercise.id)["cases"][exercise.batch.case]["args"][0].shape[0] < 20
    assert rules.differ(direct, batch["expected"], rtol=rules.rtol, atol=rules.atol, reveal=True) is None
    assert batch["mistakes"] == {}


def test_a_loop_over_the_pixels_fails_the_visible_e_step_check_and_is_told_why():
    from genlab.reference import segmentation as ref

    def e_step(X, weights, means, covariances):
        return np.vstack([ref.e_step(X[i:i + 1], weights, means, covariances) for i in range(len(X))])

    message = _message("segmentation.e_step", e_step)
    assert "did not finish within 3 s" in message
    assert "This test repeats the rows of visible test 2 until there are 300,000 of them." in message
    assert "A Python loop over the rows is too slow at this size" in message


def test_a_function_right_on_the_small_case_only_is_told_the_rows_matter():
    from genlab.reference import segmentation as ref

    def log_likelihood(X, weights, means, covariances):
        return ref.log_likelihood(X[:20], weights, means, covariances)  # the first 20 rows only

    message = _message("segmentation.log_likelihood", log_likelihood)
    assert "Your function is right on test 2 but not on its repeated rows" in message


def test_the_graded_visible_check_has_the_batch_too_and_says_the_same():
    request = verdicts.prepare(Check("segmentation.e_step", "e_step", False))
    last = len(request.cases) - 1
    assert request.batches == {last: (2, len(request.cases[last][0]))}
    outcomes = [{"value": request.expected(i)} for i in range(last)] + [{"too_slow": True}]
    verdict = verdicts.judge(request, {"nonce": "n", "outcomes": outcomes}, "n")
    assert verdict.usable and not verdict.passed and "repeats the rows of visible test 2" in verdict.message


def test_a_batch_with_an_unknown_answer_rule_is_refused():
    with pytest.raises(ValueError, match="'rows', 'sum' or 'same'"):
        Batch(case=0, rows=10, tiled=("X",), answer="mean")


@pytest.mark.parametrize("answer, expected", [("rows", [[1.0], [2.0], [1.0], [2.0], [1.0], [2.0]]),
                                              ("sum", 3 * 4.5), ("same", 4.5)])
def test_how_the_answer_of_a_batch_follows_from_its_case(answer, expected):
    case = {"args": [np.array([[1.0, 0.0], [2.0, 0.0]]), 7],
            "expected": np.array([[1.0], [2.0]]) if answer == "rows" else 4.5}
    built = visible_cases.batch_case({"case": 0, "rows": 5, "tiled": [0], "answer": answer}, [case])
    assert built["args"][0].shape == (6, 2) and built["args"][1] == 7  # ⌈5 / 2⌉ = 3 repeats
    assert np.array_equal(built["expected"], expected) and built["batch"] == (1, 6)
