"""grader.check.diagnosis: a wrong answer no named mistake matches is described by its shape.

Each wrong answer is built here from the right one by a closed form (twice it, its transpose,
a per-component rescaling, ...), never by the code under test.
"""

from __future__ import annotations

import re

import numpy as np
import pytest

from grader.check.diagnosis import diagnose
from grader.check.difference import difference
from grader.check.exceptions import explain_exception
from grader.check.judging import Rules, judge_case

RNG = np.random.default_rng(7)
X = RNG.normal(size=(5, 3)) + 2.0                                  # a generic (5, 3) answer
SQUARE = np.array([[1.0, 2.0, 3.0], [0.5, 4.0, 1.5], [2.5, 0.25, 6.0]])  # not symmetric
RESP = RNG.dirichlet(np.ones(3), size=6)                           # (6, 3), each row sums to 1


def sentence(got, expected, reveal=True):
    found = diagnose(got, expected, rtol=1e-7, atol=1e-10, reveal=reveal)
    return found[1] if found else None


@pytest.mark.parametrize("got, expected, words", [
    (2 * X, X, "exactly twice the right value"),
    (X / 2, X, "exactly half the right value"),
    (-X, X, "wrong sign"),
    (X * 5 / 4, X, "1.25 (= 5/4) times the right one"),
    (SQUARE.T, SQUARE, "transpose of the right answer"),
    (X.T, X, "laid out transposed"),
    (RESP / RESP.sum(axis=0), RESP, "normalise along the other axis"),
    (np.exp(np.log(RESP)), np.log(RESP), "exp of the right answer"),
    (X + 0.5 * np.log(2 * np.pi), X, "½ log 2π"),
    (X + np.arange(5)[:, None] * 0.3, X, "Each row of yours is off by its own constant"),
    (SQUARE.reshape(-1)[::-1].reshape(3, 3), SQUARE, "right values, in the wrong places"),
])
def test_the_shape_of_a_wrong_answer_is_named(got, expected, words):
    assert words in sentence(got, expected)


def test_covariances_divided_by_n_instead_of_n_k():
    """An M-step dividing each component's scatter by N instead of N_k: matrix k is N_k/N times
    the right one, a different constant for each k."""
    covariances = np.array([[[2.0, 0.3], [0.3, 1.0]], [[0.5, -0.1], [-0.1, 0.8]], [[1.5, 0.0], [0.2, 3.0]]])
    n_k, n = np.array([10.0, 25.0, 5.0]), 40.0
    words = sentence(covariances * (n_k / n)[:, None, None], covariances)
    assert "Each matrix [k] of yours is the right one scaled by a different constant" in words
    assert "N instead of N_k" in words


def test_histories_one_entry_off():
    history = [-30.0, -20.5, -18.25, -18.0]
    assert "without its first entry" in sentence(history[1:], history)
    assert "without its last entry" in sentence(history[:-1], history)
    assert "shifted one place later" in sentence([-35.0] + history[:-1], history)


@pytest.mark.parametrize("got, expected", [
    (RNG.normal(size=(5, 3)), X),      # unrelated numbers
    (np.zeros(4), np.zeros(4) + 1e-3), # a zero answer: no factor can be claimed from it
    (1.37 * 4.2, 4.2),                 # one number is a multiple of any other: no general factor
])
def test_no_false_diagnosis_only_the_first_gap(got, expected):
    words = sentence(got, expected) or ""
    assert "times the right one" not in words and "constant" not in words and "transpose" not in words
    assert words.startswith("Yours is ") and ("too high" in words or "too low" in words)
    assert sentence(got, expected, reveal=False) is None  # a hidden case gets no number at all


def test_a_hidden_case_quotes_no_number_of_the_right_answer():
    expected = np.array([[1.25, 3.5, 7.75], [2.5, 9.5, 4.25]])
    rules = Rules("f", ("x",), difference, 1e-7, 1e-10, 1.0, {})
    message = str(judge_case(rules, (np.ones(2),), {"value": expected * 3}, expected, dict, hidden=True))
    assert message.startswith("On a hidden test, ") and "multiple of the right one" in message
    for number in re.findall(r"\d+\.?\d*", message):
        assert float(number) not in set(expected.ravel()) | set(3 * expected.ravel()), message
    visible = str(judge_case(rules, (np.ones(2),), {"value": expected * 3}, expected, dict, hidden=False))
    assert "3 times the right one" in visible


def test_a_named_mistake_wins_over_a_diagnosis():
    expected = np.array([1.0, 2.0, 4.0])
    rules = Rules("f", ("x",), difference, 1e-7, 1e-10, 1.0, {"doubled": "You added the term twice."})
    message = str(judge_case(rules, (1,), {"value": 2 * expected}, expected,
                             lambda: {"doubled": 2 * expected}, hidden=False))
    assert "[doubled]" in message and "exactly twice" not in message


def test_numpy_exceptions_are_explained_with_the_shapes_given():
    args = (np.zeros((4, 2)), np.eye(2))
    singular = explain_exception({"raised": "LinAlgError", "message": "Singular matrix"}, ("x", "cov"), args)
    assert "singular" in singular and "variance floor" in singular and "x (4, 2), cov (2, 2)" in singular
    shapes = explain_exception({"raised": "ValueError", "message": "operands could not be broadcast together "
                                "with shapes (4,2) (3,)"}, ("x", "cov"), args)
    assert "shapes do not fit together" in shapes
    assert explain_exception({"raised": "KeyError", "message": "'a'"}, ("x",), (1,)) is None


@pytest.mark.parametrize("got, expected, words", [
    (["win", "dear", "now"], ["dear", "win", "now"], "exactly the right words, in another order"),
    (["dear", "win"], ["dear", "win", "dear"], "drops repeats"),
    (["dear", "dear", "win"], ["dear", "win"], "some more often than they occur"),
    (["friend,", "win"], ["friend", "win"], "Yours has 'friend,', which the right answer does not, and lacks 'friend'."),
    (["a"], ["a", "b", "c", "d", "e"], "Yours lacks 'b', 'c', 'd' and 1 more."),
])
def test_a_list_of_words_is_judged_as_words(got, expected, words):
    assert words in sentence(got, expected)


def test_a_hidden_list_of_words_says_how_many_not_which():
    said = sentence(["friend,", "win"], ["friend", "win", "now"], reveal=False)
    assert said == "Yours has 1 word the right answer does not have, and lacks 2 it has."
    assert "friend" not in said


def test_words_inside_a_tuple_are_found_and_judged_as_a_list():
    path, said = diagnose((np.zeros(2), ["b", "a"]), (np.zeros(2), ["a", "b"]), rtol=1e-7, atol=1e-10, reveal=True)
    assert path == "item 1" and "in another order" in said
