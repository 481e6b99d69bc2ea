"""A function that changes its arguments in place fails its check, and the message says which
argument: in the notebook the caller's data would have changed for every later cell."""

from __future__ import annotations

import numpy as np
import pytest

from grader.authoring import catalogue
from grader.check import check
from grader.check.calling import _unchanged, call_once
from grader.check.difference import difference
from grader.grading import verdicts
from grader.grading.verdicts import Check


def _message(exercise_id, fn):
    with pytest.raises(AssertionError) as failure:
        check(exercise_id, fn)
    return str(failure.value)


def test_the_right_answer_computed_by_sorting_the_input_in_place_fails_and_names_the_argument():
    def fit_gaussian_mle(x):
        x.sort()  # the mean and variance do not depend on the order: the answer is right
        return float(x.mean()), float(x.var())

    message = _message("gmm.fit_gaussian_mle", fit_gaussian_mle)
    first, second = message.split("\n")
    assert first.startswith("fit_gaussian_mle(x=") and first.endswith(" returned the right answer.")
    assert second.startswith("It changed `x` in place, so every later cell that uses it would see")
    assert "`x = x - m` rather than `x -= m`" in second


def test_a_wrong_answer_that_also_changed_two_arguments_names_both_after_the_diagnosis():
    def m_step(x, resp):
        weights, means, variances = catalogue.get("gmm.m_step").reference(x, resp)
        x -= 1.0
        resp *= 2.0
        return weights, means, 2 * variances

    message = _message("gmm.m_step", m_step)
    assert "exactly twice the right value" in message
    assert message.splitlines()[-1].startswith("It changed `x` and `resp` in place, so every later cell "
                                               "that uses them")


def test_the_callers_values_are_never_changed_and_an_unchanged_call_says_nothing():
    x = np.array([3.0, 1.0, 2.0])
    outcome = call_once(lambda v: np.sort(v), (x,), 1.0)
    assert set(outcome) == {"value"} and list(x) == [3.0, 1.0, 2.0]
    outcome = call_once(lambda v: v.sort(), (x,), 1.0)
    assert outcome == {"value": None, "changed": [0]} and list(x) == [3.0, 1.0, 2.0]


@pytest.mark.parametrize("before, after, same", [
    (np.array([1.0, np.nan]), np.array([1.0, np.nan]), True),       # NaN stays NaN
    (np.array([1.0, 2.0]), np.array([1.0, 2.0 + 1e-15]), False),    # a change of one ulp is a change
    (np.array([1, 2]), np.array([1.0, 2.0]), False),                # another dtype
    (np.zeros((2, 3)), np.zeros((3, 2)), False),                     # another shape (e.g. resized)
    ([np.ones(2), {"a": 1}], [np.ones(2), {"a": 1}], True),
    ([np.ones(2), {"a": 1}], [np.ones(2), {"a": 2}], False),
    (["w1", "w2"], ["w1"], False),                                   # a list that lost an entry
    ({"a": 1, "b": 2}, {"b": 2, "a": 1}, False),                     # a dict rebuilt in another order
    (float("nan"), float("nan"), True),
    (("x", 2), ["x", 2], False),
])
def test_what_counts_as_a_change(before, after, same):
    assert _unchanged(before, after) is same


def test_the_graded_path_fails_a_right_answer_with_a_changed_argument_and_refuses_a_malformed_list():
    request = verdicts.prepare(Check("gmm.e_step", "e_step", True), b"s" * 64, "alice")
    right = [{"value": request.expected(i)} for i in range(len(request.cases))]
    assert verdicts.judge(request, {"nonce": "n", "outcomes": right}, "n").passed
    changed = [dict(o, changed=[0]) for o in right]
    verdict = verdicts.judge(request, {"nonce": "n", "outcomes": changed}, "n")
    assert verdict.usable and not verdict.passed
    assert verdict.message.startswith("On a hidden test, e_step(") and "It changed `x` in place" in verdict.message
    for bad in (["x"], [-1], [], [True], 3, [0] * 65):
        verdict = verdicts.judge(request, {"nonce": "n", "outcomes": [dict(right[0], changed=bad)]}, "n")
        assert not verdict.usable and "malformed" in verdict.message


def test_no_reference_answer_changes_its_arguments():
    """Every exercise's own reference, on its hidden cases, leaves its arguments as they were."""
    from grader.authoring.schema import case_rng

    for topic in catalogue.topics():
        for exercise in catalogue.exercises(topic):
            for args in exercise.hidden_cases(case_rng(exercise.id, "hidden")):
                outcome = call_once(exercise.reference, tuple(args), 60.0)
                assert "changed" not in outcome, (exercise.id, outcome.get("changed"))


# --- a hidden case much larger than every visible one ------------------------------------

def _hidden_failure(exercise_id, outcome, args, visible_args):
    from grader.check.judging import Rules, judge_case

    exercise = catalogue.get(exercise_id)
    rules = Rules(exercise.function, exercise.arg_names, difference,
                  exercise.rtol, exercise.atol, exercise.time_limit, {m.name: m.hint for m in exercise.mistakes},
                  visible_args=visible_args)
    expected = exercise.reference(*args)
    wrong = {m.name: m.compute(*args) for m in exercise.mistakes}
    failed = judge_case(rules, args, outcome, expected, lambda: wrong, hidden=True)
    return str(failed) if failed else None


def _pixels(n, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(size=(n, 3))
    weights = np.array([0.5, 0.5])
    means = np.array([[0.2, 0.2, 0.2], [0.8, 0.7, 0.6]])
    covariances = np.stack([np.eye(3) * 0.05, np.eye(3) * 0.02])
    return X, weights, means, covariances


def test_a_wrong_answer_on_a_case_much_larger_than_the_visible_ones_says_how_much_larger():
    small, big = _pixels(40), _pixels(4000)
    right = catalogue.get("segmentation.e_step").reference(*big)
    broken = right.copy()
    broken[100:] = broken[:1]  # right on the first 100 rows only
    message = _hidden_failure("segmentation.e_step", {"value": broken}, big, [small])
    assert "this hidden case is much larger: `X` has shape (4000, 3), the largest visible one shape (40, 3)." in message
    assert "a fixed size or index" in message
    slow = _hidden_failure("segmentation.e_step", {"too_slow": True}, big, [small])
    assert slow.startswith("On a hidden test, e_step(") and "A Python loop over its entries is too slow" in slow


def test_no_size_sentence_for_a_case_of_the_visible_size_a_named_mistake_or_a_right_answer():
    small = _pixels(40)
    right = catalogue.get("segmentation.e_step").reference(*small)
    message = _hidden_failure("segmentation.e_step", {"value": right[::-1].copy()}, small, [_pixels(40, 1)])
    assert message and "much larger" not in message
    big = _pixels(4000)
    assert _hidden_failure("segmentation.e_step", {"value": catalogue.get("segmentation.e_step").reference(*big)},
                           big, [small]) is None
    mistake = catalogue.get("segmentation.e_step").mistakes[0]
    named = _hidden_failure("segmentation.e_step", {"value": mistake.compute(*big)}, big, [small])
    assert f"[{mistake.name}]" in named and "much larger" not in named


@pytest.mark.parametrize("value, size", [
    (np.zeros((3, 4)), 12), (np.float64(2.0), None), (5, None), ("abc", 3), (["a", "b"], 2),
    ({"log_prior": np.zeros(2), "log_probs": np.zeros((2, 5)), "alpha": 1.0}, 12),
])
def test_the_size_of_an_input(value, size):
    from grader.check.case_sizes import size as size_of

    assert size_of(value) == size


def test_the_grader_compares_hidden_cases_with_the_visible_cases_it_froze():
    from grader.check import visible_cases

    request = verdicts.prepare(Check("segmentation.e_step", "e_step", True), b"s" * 64, "alice")
    frozen = visible_cases.load("segmentation.e_step")["cases"]
    assert len(request.rules.visible_args) == len(frozen) > 0
    assert all(np.array_equal(a[0], c["args"][0]) for a, c in zip(request.rules.visible_args, frozen))
