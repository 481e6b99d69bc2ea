"""Notebook 01: empirical joint and conditional tables, logistic regression and the MAP estimate."""

from __future__ import annotations

import numpy as np

from genlab.reference import discriminative as ref
from grader.authoring.exercises.discriminative.common import NOTES_X, NOTES_Y, _labelled
from grader.authoring.schema import Exercise, Mistake


# --- joint_table(x, y) / conditional_table(x, y) ------------------------------------------------

def _pair_cases(rng, count):
    cases = []
    for _ in range(count):
        n = int(rng.integers(5, 13))
        x = rng.integers(1, int(rng.integers(3, 5)), size=n)
        y = rng.integers(0, int(rng.integers(2, 4)), size=n)
        cases.append((x.tolist(), y.tolist()))
    return cases


def _counts(x, y):
    return ref.joint_table(x, y) * len(x)


JOINT_TABLE = Exercise(
    id="discriminative.joint_table",
    arg_names=("x", "y"),
    reference=ref.joint_table,
    visible_cases=lambda rng: [(NOTES_X, NOTES_Y), ([1, 2, 3, 3, 1, 2], [0, 0, 1, 1, 1, 0])] + _pair_cases(rng, 3),
    hidden_cases=lambda rng: [([5, 5, 5], [1, 0, 1]), ([0, 1, 2, 0], [2, 2, 2, 3])] + _pair_cases(rng, 4),
    mistakes=(
        Mistake("counts_not_probabilities",
                "these are counts; divide by the number of pairs so the table sums to 1.",
                _counts),
        Mistake("conditional_not_joint",
                "each row sums to 1: that is p(y | x). The joint table divides every count by the total "
                "number of pairs, so the whole table sums to 1.",
                ref.conditional_table),
        Mistake("transposed",
                "rows are the values of x and columns the values of y.",
                lambda x, y: ref.joint_table(x, y).T),
        Mistake("normalised_by_y",
                "each column of yours sums to 1: that is p(x | y). The joint table's entries are shares "
                "of all n pairs, so the whole table sums to 1.",
                lambda x, y: _counts(x, y) / _counts(x, y).sum(axis=0, keepdims=True)),
        Mistake("product_of_marginals",
                "p(x) p(y) is the joint only when x and y are independent; count how often each pair "
                "occurs together.",
                lambda x, y: np.outer(ref.joint_table(x, y).sum(axis=1), ref.joint_table(x, y).sum(axis=0))),
    ),
)

CONDITIONAL_TABLE = Exercise(
    id="discriminative.conditional_table",
    arg_names=("x", "y"),
    reference=ref.conditional_table,
    visible_cases=lambda rng: [(NOTES_X, NOTES_Y), ([1, 2, 3, 3, 1, 2], [0, 0, 1, 1, 1, 0])] + _pair_cases(rng, 3),
    hidden_cases=lambda rng: [([5, 5, 5], [1, 0, 1]), ([0, 1, 2, 0], [2, 2, 3, 3])] + _pair_cases(rng, 4),
    mistakes=(
        Mistake("joint_not_conditional",
                "this is the joint p(x, y). Divide each row by its sum p(x), so each row sums to 1.",
                ref.joint_table),
        Mistake("normalised_over_x",
                "each column sums to 1: that is p(x | y). p(y | x) normalises each row (one value of x).",
                lambda x, y: ref.joint_table(x, y) / ref.joint_table(x, y).sum(axis=0, keepdims=True)),
        Mistake("transposed",
                "rows are the values of x and columns the values of y.",
                lambda x, y: ref.conditional_table(x, y).T),
    ),
)


# --- fit_logistic_regression(X, y, learning_rate, n_iter) ---------------------------------------

def _gd(X, y, learning_rate, n_iter, *, sign=1.0, bias=True, mean=True):
    X, y = np.asarray(X, float), np.asarray(y, float)
    w, b = np.zeros(X.shape[1]), 0.0
    scale = len(y) if mean else 1.0
    for _ in range(int(n_iter)):
        error = ref.sigmoid(X @ w + b) - y
        w = w - sign * learning_rate * (X.T @ error) / scale
        if bias:
            b = b - sign * learning_rate * float(error.sum()) / scale
    return w, b


def _lr_cases(rng, count):
    cases = []
    for _ in range(count):
        X, y = _labelled(rng, n=int(rng.integers(6, 11)), d=int(rng.integers(1, 3)))
        cases.append((X - 1.0, y, float(rng.choice([0.1, 0.5, 1.0])), int(rng.integers(5, 30))))
    return cases


FIT_LOGISTIC_REGRESSION = Exercise(
    id="discriminative.fit_logistic_regression",
    arg_names=("X", "y", "learning_rate", "n_iter"),
    reference=ref.fit_logistic_regression,
    visible_cases=lambda rng: [(np.array([[0.0, 1.0], [1.0, 0.5], [2.0, 2.5], [3.0, 2.0]]), np.array([0, 0, 1, 1]),
                                0.5, 3), (np.array([[1.0], [2.0], [3.0]]), np.array([1, 0, 1]), 0.1, 0)]
    + _lr_cases(rng, 3),
    hidden_cases=lambda rng: [(np.array([[-1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]), np.array([1, 1, 1]), 1.0, 4)]
    + _lr_cases(rng, 3),
    rtol=1e-6, atol=1e-9,
    mistakes=(
        Mistake("gradient_ascent",
                "step *against* the gradient of the loss (subtract learning_rate times it); you added it.",
                lambda X, y, lr, n: _gd(X, y, lr, n, sign=-1.0)),
        Mistake("no_bias",
                "update the bias b too, with the gradient mean(p - y); without it the boundary must pass "
                "through the origin.",
                lambda X, y, lr, n: _gd(X, y, lr, n, bias=False)),
        Mistake("sum_not_mean",
                "the loss is the *mean* cross-entropy: divide the summed gradient by the number of points.",
                lambda X, y, lr, n: _gd(X, y, lr, n, mean=False)),
    ),
)


# --- map_estimate(k, n, a, b) -----------------------------------------------------------------

def _map_cases(rng, count):
    cases = []
    for _ in range(count):
        n = int(rng.integers(1, 60))
        cases.append((int(rng.integers(0, n + 1)), n, float(rng.integers(1, 6)), float(rng.integers(1, 9))))
    return cases


MAP_ESTIMATE = Exercise(
    id="discriminative.map_estimate",
    arg_names=("k", "n", "a", "b"),
    reference=ref.map_estimate,
    visible_cases=lambda rng: [(3, 10, 2.0, 5.0), (0, 4, 2.0, 2.0), (7, 7, 3.0, 1.0)] + _map_cases(rng, 3),
    hidden_cases=lambda rng: [(0, 0, 2.0, 3.0), (5, 20, 1.0, 1.0)] + _map_cases(rng, 4),
    mistakes=(
        Mistake("posterior_mean",
                "(k + a) / (n + a + b) is the posterior *mean*. MAP takes the posterior's mode, its highest "
                "point: where the derivative of the log posterior is zero.",
                lambda k, n, a, b: (k + a) / (n + a + b)),
        Mistake("mle",
                "k / n is the maximum-likelihood estimate; MAP adds the prior's pseudo-counts a - 1 and b - 1.",
                lambda k, n, a, b: k / n if n else float("nan")),
        Mistake("prior_swapped",
                "a counts pseudo-emails *with* the word (added to k) and b pseudo-emails without it.",
                lambda k, n, a, b: (k + b - 1) / (n + a + b - 2)),
        Mistake("denominator_missing_minus_2",
                "the prior adds a - 1 and b - 1 pseudo-counts, so the denominator is n + a + b - 2: "
                "you subtracted on top but not below.",
                lambda k, n, a, b: (k + a - 1) / (n + a + b)),
        Mistake("always_laplace",
                "(k + 1) / (n + 2) is MAP only for a = b = 2; use the a and b you are given.",
                lambda k, n, a, b: (k + 1) / (n + 2)),
        Mistake("denominator_minus_1",
                "each of the two pseudo-counts a − 1 and b − 1 takes 1 off, so the denominator loses 2, "
                "not 1.",
                lambda k, n, a, b: (k + a - 1) / (n + a + b - 1)),
    ),
)
