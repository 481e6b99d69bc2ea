"""The checker's behaviour: one clear sentence per kind of failure, students called first on
copies, hidden expected values never shown."""

import sys
import time

import numpy as np
import pytest

from genlab.reference import grades as ref
from grader.authoring import catalogue, schema
from grader.check import check
from grader.check.difference import difference, describe
from grader.authoring.schema import Exercise, Mistake


def _message(exercise_id, fn, hidden=False):
    with pytest.raises(AssertionError) as failure:
        check(exercise_id, fn, hidden=hidden)
    return str(failure.value)


def test_passing_function_prints_a_short_confirmation(capsys):
    check("grades.e_step", ref.e_step)
    assert capsys.readouterr().out.strip() == "e_step: all 7 visible tests pass."


def test_missing_return_is_pointed_out():
    assert "returned None, but should return a number. Did you forget `return`?" in _message(
        "grades.e_step", lambda theta, n_ab: None)


def test_nan_is_named_with_likely_causes():
    message = _message("grades.observed_log_likelihood", lambda theta, n, n_c: n_c * np.log(theta) + (n - n_c) * np.log(1 - theta))
    assert "observed_log_likelihood(theta=0, n=30, n_c=0) returned nan" in message
    assert "0·log 0" in message


def test_exception_is_reported_in_one_line_with_the_input():
    message = _message("grades.m_step", lambda n_b, n_c: 1 / 0)
    assert message.startswith("m_step(n_b_expected=18, n_c=12) raised ZeroDivisionError: division by zero (")
    assert "\n" not in message


def test_an_exception_names_the_students_own_line_not_numpy_or_the_checker():
    def m_step(n_b_expected, n_c):
        total = n_b_expected + n_c
        return np.linalg.inv(np.zeros((2, 2)))[0, 0] / total

    message = _message("grades.m_step", m_step)
    first, explained = message.split("\n")
    assert first == ("m_step(n_b_expected=18, n_c=12) raised LinAlgError: Singular matrix (line 3 of m_step: "
                     "`return np.linalg.inv(np.zeros((2, 2)))[0, 0] / total`)")
    assert explained.startswith("A matrix you invert or solve with is singular")


def test_wrong_shape_says_both_shapes():
    message = _message("grades.run_em", lambda n, n_c, theta0, n_iter: np.zeros((n_iter + 1, 1)))
    assert "returned an array of shape (11, 1); expected shape (11,)" in message


def test_wrong_type_is_named():
    assert "returned a str, but should return a single number" in _message(
        "grades.mle_theta", lambda a, b, c: "0.2")


def test_visible_mismatch_shows_both_values_and_names_the_mistake():
    message = _message("grades.e_step", lambda theta, n_ab: n_ab * (0.5 - theta))
    assert message.startswith("e_step(theta=0.25, n_ab=30) returned 7.5; expected 10.")
    assert "[no_conditioning]" in message and "P(B | A or B)" in message


def test_unknown_wrong_answer_names_no_mistake():
    message = _message("grades.e_step", lambda theta, n_ab: 42.0)
    assert "known mistake" not in message


def test_hidden_mismatch_never_shows_the_expected_value():
    def off_by_a_bit(theta, n_ab):
        return ref.e_step(theta, n_ab) * 1.01 + 0.5

    message = _message("grades.e_step", off_by_a_bit, hidden=True)
    assert message.startswith("On a hidden test, e_step(")
    theta, n_ab = catalogue.get("grades.e_step").hidden_cases(schema.case_rng("grades.e_step", "hidden"))[0]
    assert describe(ref.e_step(theta, n_ab)) not in message
    assert "expected" not in message


def test_slow_function_is_stopped_even_if_it_catches_exceptions():
    def stubborn(theta, n_ab):
        try:
            time.sleep(30)
        except Exception:
            pass
        return 0.0

    start = time.perf_counter()
    message = _message("grades.e_step", stubborn)
    assert time.perf_counter() - start < 10
    assert "did not finish within 2 s" in message


def test_not_a_function_is_reported():
    assert "expects a function" in _message("grades.e_step", 3.0)


def test_unknown_exercise_lists_the_known_ones():
    with pytest.raises(KeyError, match="grades.e_step"):
        check("grades.e_stpe", ref.e_step)


# --- the student runs first, on copies ---------------------------------------------------

def _sum(x):
    return float(np.sum(x))


TOY = Exercise(id="grades.toy_sum", arg_names=("x",), reference=_sum,
               visible_cases=lambda rng: [], hidden_cases=lambda rng: [(np.arange(1.0, 4.0),)],
               mistakes=(Mistake("m", "a hint that is long enough", lambda x: 0.0),))


@pytest.fixture
def toy(monkeypatch):
    real_get = catalogue.get
    monkeypatch.setattr(catalogue, "get", lambda i: TOY if i == TOY.id else real_get(i))


def test_student_mutating_its_input_cannot_change_the_expected_answer(toy):
    def zero_then_sum(x):
        x *= 0
        return float(x.sum())

    message = _message(TOY.id, zero_then_sum, hidden=True)
    assert "returned 0" in message and "It changed `x` in place" in message


def test_no_expected_value_exists_in_any_frame_while_the_student_runs(toy):
    seen = []

    def snoop(x):
        frame = sys._getframe(1)
        while frame is not None:
            seen.extend(name for name in frame.f_locals if "expect" in name)
            frame = frame.f_back
        return 6.0

    check(TOY.id, snoop, hidden=True)
    assert seen == []


# --- compare ------------------------------------------------------------------------------

@pytest.mark.parametrize("got,expected,phrase", [
    (np.zeros((3, 2)), np.ones((2, 3)), "(it looks transposed)"),
    ({"a": 1.0}, {"a": 1.0, "b": 2.0}, "missing keys ('b',)"),
    ([1.0, 2.0], [1.0], "a list of 2 items; expected 1"),
    (np.array([1.0, 2.5, 3.0]), np.array([1.0, 2.0, 3.0]), "differs at 1 of 3 entries; first at index 1: yours 2.5, expected 2"),
    (True, False, "returned True; expected False"),
    ((1.0, np.ones(2)), (1.0, np.zeros(2)), "in item 1"),
    (1 + 2j, 1.0, "complex"),
])
def test_compare_describes_the_difference(got, expected, phrase):
    assert phrase in difference(got, expected)


def test_compare_accepts_equal_values_of_compatible_types():
    assert difference(np.float32(0.5), 0.5, rtol=1e-6) is None
    assert difference([1, 2], np.array([1.0, 2.0])) is None
    assert difference(np.array(0.25), 0.25) is None
    assert difference(-np.inf, -np.inf) is None
