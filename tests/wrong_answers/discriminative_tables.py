"""Wrong answers for notebook 01: the joint and conditional tables, logistic regression, MAP."""

from __future__ import annotations

import numpy as np

from . import Corpus

WRONG = Corpus()


def _counts(x, y):
    xv, xi = np.unique(x, return_inverse=True)
    yv, yi = np.unique(y, return_inverse=True)
    table = np.zeros((len(xv), len(yv)))
    np.add.at(table, (xi, yi), 1)
    return table


# --- joint_table(x, y) ----------------------------------------------------------------------

@WRONG("discriminative.joint_table", "counts instead of shares")
def joint_counts(x, y):
    return _counts(x, y)


@WRONG("discriminative.joint_table", "rows indexed by y and columns by x")
def joint_transposed(x, y):
    return (_counts(x, y) / len(x)).T


@WRONG("discriminative.joint_table", "each row divided by its own total: p(y | x), not p(x, y)")
def joint_rows_normalised(x, y):
    c = _counts(x, y)
    return c / c.sum(axis=1, keepdims=True)


@WRONG("discriminative.joint_table", "each column divided by its total: p(x | y)")
def joint_columns_normalised(x, y):
    c = _counts(x, y)
    return c / c.sum(axis=0, keepdims=True)


@WRONG("discriminative.joint_table", "the raw values used as indices, table sized max + 1")
def joint_values_as_indices(x, y):
    x, y = np.asarray(x), np.asarray(y)
    table = np.zeros((x.max() + 1, y.max() + 1))
    for i, j in zip(x, y):
        table[i, j] += 1
    return table / len(x)


@WRONG("discriminative.joint_table", "values in order of first appearance, not sorted")
def joint_first_appearance(x, y):
    xs, ys = list(dict.fromkeys(x)), list(dict.fromkeys(y))
    table = np.zeros((len(xs), len(ys)))
    for a, b in zip(x, y):
        table[xs.index(a), ys.index(b)] += 1
    return table / len(x)


@WRONG("discriminative.joint_table", "product of the marginals, as if x and y were independent")
def joint_from_marginals(x, y):
    c = _counts(x, y) / len(x)
    return np.outer(c.sum(axis=1), c.sum(axis=0))


# --- conditional_table(x, y) ----------------------------------------------------------------

@WRONG("discriminative.conditional_table", "returns the joint table")
def conditional_is_joint(x, y):
    return _counts(x, y) / len(x)


@WRONG("discriminative.conditional_table", "normalised down the columns: p(x | y)")
def conditional_over_x(x, y):
    c = _counts(x, y)
    return c / c.sum(axis=0, keepdims=True)


@WRONG("discriminative.conditional_table", "p(y | x) laid out with y on the rows")
def conditional_transposed(x, y):
    c = _counts(x, y)
    return (c / c.sum(axis=1, keepdims=True)).T


@WRONG("discriminative.conditional_table", "divides by the row sums without keepdims (broadcasts along the wrong axis)")
def conditional_no_keepdims(x, y):
    joint = _counts(x, y) / len(x)
    return joint / joint.sum(axis=1)


@WRONG("discriminative.conditional_table", "the counts of each row, not divided by the row total")
def conditional_counts(x, y):
    return _counts(x, y)


@WRONG("discriminative.conditional_table", "divides the joint by p(y) instead of p(x)")
def conditional_divided_by_p_y(x, y):
    joint = _counts(x, y) / len(x)
    return joint / joint.sum(axis=0)


# --- fit_logistic_regression(X, y, learning_rate, n_iter) -----------------------------------

def _sigmoid(t):
    return 1 / (1 + np.exp(-t))


def _descend(X, y, learning_rate, n_iter, step):
    X, y = np.asarray(X, float), np.asarray(y, float)
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(n_iter):
        w, b = step(X, y, w, b, learning_rate)
    return w, b


def _right_step(X, y, w, b, eta):
    e = _sigmoid(X @ w + b) - y
    return w - eta * X.T @ e / len(y), b - eta * e.mean()


@WRONG("discriminative.fit_logistic_regression", "w + η ∇J: climbs the loss")
def lr_ascent(X, y, learning_rate, n_iter):
    def step(X, y, w, b, eta):
        e = _sigmoid(X @ w + b) - y
        return w + eta * X.T @ e / len(y), b + eta * e.mean()
    return _descend(X, y, learning_rate, n_iter, step)


@WRONG("discriminative.fit_logistic_regression", "b never updated")
def lr_no_bias(X, y, learning_rate, n_iter):
    def step(X, y, w, b, eta):
        return w - eta * X.T @ (_sigmoid(X @ w + b) - y) / len(y), b
    return _descend(X, y, learning_rate, n_iter, step)


@WRONG("discriminative.fit_logistic_regression", "summed gradient, not the mean")
def lr_sum(X, y, learning_rate, n_iter):
    def step(X, y, w, b, eta):
        e = _sigmoid(X @ w + b) - y
        return w - eta * X.T @ e, b - eta * e.sum()
    return _descend(X, y, learning_rate, n_iter, step)


@WRONG("discriminative.fit_logistic_regression", "b's gradient computed with the already-updated w")
def lr_sequential_updates(X, y, learning_rate, n_iter):
    def step(X, y, w, b, eta):
        w = w - eta * X.T @ (_sigmoid(X @ w + b) - y) / len(y)
        return w, b - eta * np.mean(_sigmoid(X @ w + b) - y)
    return _descend(X, y, learning_rate, n_iter, step)


@WRONG("discriminative.fit_logistic_regression", "no sigmoid: the least-squares gradient of a linear model")
def lr_no_sigmoid(X, y, learning_rate, n_iter):
    def step(X, y, w, b, eta):
        e = X @ w + b - y
        return w - eta * X.T @ e / len(y), b - eta * e.mean()
    return _descend(X, y, learning_rate, n_iter, step)


@WRONG("discriminative.fit_logistic_regression", "the error as y - p with the descent sign kept")
def lr_error_reversed(X, y, learning_rate, n_iter):
    def step(X, y, w, b, eta):
        e = y - _sigmoid(X @ w + b)
        return w - eta * X.T @ e / len(y), b - eta * e.mean()
    return _descend(X, y, learning_rate, n_iter, step)


@WRONG("discriminative.fit_logistic_regression", "one gradient step too many (range(n_iter + 1))")
def lr_one_step_too_many(X, y, learning_rate, n_iter):
    return _descend(X, y, learning_rate, n_iter + 1, _right_step)


# --- map_estimate(k, n, a, b) ---------------------------------------------------------------

@WRONG("discriminative.map_estimate", "the posterior mean (k + a) / (n + a + b)")
def map_posterior_mean(k, n, a, b):
    return (k + a) / (n + a + b)


@WRONG("discriminative.map_estimate", "the MLE k / n")
def map_is_mle(k, n, a, b):
    return k / n if n else 0.5


@WRONG("discriminative.map_estimate", "a and b swapped")
def map_prior_swapped(k, n, a, b):
    return (k + b - 1) / (n + a + b - 2)


@WRONG("discriminative.map_estimate", "the -1 on top but not the -2 below")
def map_denominator_without_minus_2(k, n, a, b):
    return (k + a - 1) / (n + a + b)


@WRONG("discriminative.map_estimate", "always Laplace (k + 1) / (n + 2), whatever a and b")
def map_always_laplace(k, n, a, b):
    return (k + 1) / (n + 2)


@WRONG("discriminative.map_estimate", "subtracts 1 once below instead of 2")
def map_denominator_minus_1(k, n, a, b):
    return (k + a - 1) / (n + a + b - 1)
