"""grader.check.value_kinds: rounded, one-hot, square-root and squared answers, said in words,
and nothing said when the relation holds only by accident."""

import numpy as np

from grader.check.value_kinds import kind_sentence


def close(a, b):
    return a.shape == b.shape and bool(np.all(np.isclose(a, b, rtol=1e-7, atol=1e-10)))


def test_floor_division_and_rounding_are_named():
    e = np.array([0.2, 44.4444, 3.5])
    for g in (np.floor(e), np.round(e), np.trunc(e)):
        assert "rounded to whole numbers" in kind_sentence(g, e, close)


def test_one_hot_rows_for_probabilities_are_a_hard_choice():
    e = np.array([[0.9, 0.1], [0.3, 0.7], [0.5, 0.5]])
    g = np.eye(2)[np.argmax(e, axis=1)]
    assert "hard choice" in kind_sentence(g, e, close)


def test_square_root_and_square_are_named():
    e = np.array([0.25, 2.0, 9.0])
    assert "square root" in kind_sentence(np.sqrt(e), e, close)
    assert "square of the right answer" in kind_sentence(e ** 2, e, close)


def test_nothing_when_it_holds_only_by_accident_or_trivially():
    # N_k - 1 in a variance: [1, 4] for [2/3, 8/3]; 1 is round(2/3) but 4 is not near 8/3
    assert kind_sentence(np.array([1.0, 4.0]), np.array([2 / 3, 8 / 3]), close) is None
    # counts for shares: whole numbers, but not the shares rounded
    assert kind_sentence(np.array([2.0, 3.0, 5.0]), np.array([0.2, 0.3, 0.5]), close) is None
    # 0 and 1 are their own squares and roots
    assert kind_sentence(np.array([0.0, 1.0]), np.array([1.0, 0.0]), close) is None
    # an answer of zeros has many other causes than rounding
    assert kind_sentence(np.zeros(3), np.array([0.2, 0.1, 0.4]), close) is None
    # whole right answers: rounding cannot be what went wrong
    assert kind_sentence(np.array([2.0, 3.0]), np.array([2.0, 4.0]), close) is None
