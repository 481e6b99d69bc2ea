"""Notebook 04: the expected complete-data log-likelihood Q, its numerical gradient, and the ELBO."""

from __future__ import annotations

import numpy as np

from genlab.reference import em_theory as ref
from grader.authoring.exercises.em_theory.common import _mixture, _onehot, _renormalise, _soft
from grader.authoring.schema import Exercise, Mistake


# --- expected_complete_log_likelihood(x, resp, weights, means, variances) -------------------------

def _q_case(rng, k, n, posterior=False):
    x, weights, means, variances = _mixture(rng, k, n)
    resp = ref.e_step(x, weights, means, variances) if posterior else _renormalise(_soft(rng, n, k))
    return (x, resp, weights, means, variances)


def _q_no_prior(x, resp, weights, means, variances):
    return float(np.sum(resp * ref.log_gaussian(x[:, None], means, variances)))


def _q_unweighted(x, resp, weights, means, variances):
    return float(np.sum(ref.log_joint(x, weights, means, variances)))


EXPECTED_COMPLETE = Exercise(
    id="em_theory.expected_complete_log_likelihood",
    arg_names=("x", "resp", "weights", "means", "variances"),
    reference=ref.expected_complete_log_likelihood,
    visible_cases=lambda rng: [
        (np.array([-1.0, 0.5, 2.0]), np.array([[0.8, 0.2], [0.5, 0.5], [0.1, 0.9]]),
         np.array([0.6, 0.4]), np.array([-1.0, 1.5]), np.array([1.0, 0.5])),
    ] + [_q_case(rng, 2, 8), _q_case(rng, 3, 10, posterior=True), _q_case(rng, 2, 6)],
    hidden_cases=lambda rng: [_q_case(rng, 2, 9, posterior=True), _q_case(rng, 4, 12), _q_case(rng, 3, 7)],
    mistakes=(
        Mistake("no_log_prior",
                "the complete-data log-likelihood of (x_n, k) is log π_k + log N(x_n | μ_k, σ²_k); "
                "you left out log π_k.",
                _q_no_prior),
        Mistake("unweighted",
                "weight each component's term by its responsibility r_nk: "
                "Q = Σ_n Σ_k r_nk [log π_k + log N(x_n | μ_k, σ²_k)].",
                _q_unweighted),
        Mistake("observed_log_likelihood",
                "this is log p(x | θ) = Σ_n log Σ_k π_k N(...), with the log outside the sum. "
                "Q puts the log inside, next to one Gaussian, and averages with r_nk.",
                lambda x, resp, weights, means, variances: ref.log_likelihood(x, weights, means, variances)),
    ),
)


# --- numerical_gradient(x, resp, weights, means, variances, h) -----------------------------------

def _q(x, resp, params):
    return ref.expected_complete_log_likelihood(x, resp, *params)


def _grad_variant(x, resp, weights, means, variances, h, kind):
    params = [np.array(p, dtype=float) for p in (weights, means, variances)]
    grads = []
    for which in range(3):
        grad = np.empty(len(params[which]))
        for k in range(len(grad)):
            up = [p.copy() for p in params]
            down = [p.copy() for p in params]
            if kind == "all_at_once":
                up[which] += h
                down[which] -= h
            else:
                up[which][k] += h
                down[which][k] -= h
            if kind == "forward":
                grad[k] = (_q(x, resp, up) - _q(x, resp, params)) / h
            elif kind == "no_two":
                grad[k] = (_q(x, resp, up) - _q(x, resp, down)) / h
            else:
                grad[k] = (_q(x, resp, up) - _q(x, resp, down)) / (2 * h)
        grads.append(grad)
    return tuple(grads)


def _grad_case(rng, k, n, h, at_update=False):
    while True:
        x, weights, means, variances = _mixture(rng, k, n)
        resp = ref.e_step(x, weights, means, variances)
        if not at_update:
            return (x, resp, weights, means, variances, h)
        weights, means, variances = ref.m_step(x, resp)
        if weights.min() >= 10 * h:  # a component with next to no points: π - h must stay ≥ 0
            variances = np.maximum(variances, 10 * h)  # a one-point component: σ² - h must stay > 0
            return (x, resp, weights, means, variances, h)


NUMERICAL_GRADIENT = Exercise(
    id="em_theory.numerical_gradient",
    arg_names=("x", "resp", "weights", "means", "variances", "h"),
    reference=ref.numerical_gradient,
    visible_cases=lambda rng: [
        (np.array([-1.0, 0.5, 2.0]), np.array([[0.8, 0.2], [0.5, 0.5], [0.1, 0.9]]),
         np.array([0.6, 0.4]), np.array([-1.0, 1.5]), np.array([1.0, 0.5]), 1e-4),
        _grad_case(rng, 2, 10, 1e-4), _grad_case(rng, 3, 12, 1e-3, at_update=True),
    ],
    hidden_cases=lambda rng: [_grad_case(rng, 2, 9, 1e-3), _grad_case(rng, 3, 10, 1e-4, at_update=True),
                              _grad_case(rng, 4, 8, 1e-4)],
    mistakes=(
        Mistake("forward_difference",
                "(Q(θ + h) - Q(θ)) / h is a forward difference, accurate only to O(h). Use the "
                "central difference (Q(θ + h) - Q(θ - h)) / (2h), accurate to O(h²).",
                lambda *args: _grad_variant(*args, kind="forward")),
        Mistake("no_factor_two",
                "θ + h and θ - h are 2h apart: divide the difference by 2h, not by h.",
                lambda *args: _grad_variant(*args, kind="no_two")),
        Mistake("all_at_once",
                "move one parameter at a time (θ + h e_i, all others fixed); moving every mean "
                "together gives the sum of the partial derivatives, the same in every entry.",
                lambda *args: _grad_variant(*args, kind="all_at_once")),
    ),
    rtol=1e-6,
    atol=1e-6,
)


# --- elbo(q, log_joint) ----------------------------------------------------------------------------

def _elbo_case(rng, k, n, kind):
    x, weights, means, variances = _mixture(rng, k, n)
    lj = ref.log_joint(x, weights, means, variances)
    if kind == "posterior":
        q = ref.e_step(x, weights, means, variances)
    elif kind == "hard":
        q = _onehot(rng.integers(0, k, size=n), k)
    else:
        q = _renormalise(_soft(rng, n, k) + 1e-3)
    return (q, lj)


def _elbo_no_entropy(q, log_joint):
    return float(np.sum(q * log_joint))


def _elbo_entropy_sign(q, log_joint):
    with np.errstate(divide="ignore", invalid="ignore"):
        plogp = np.where(q > 0, q * np.log(np.where(q > 0, q, 1.0)), 0.0)
    return float(np.sum(q * log_joint) + np.sum(plogp))


def _elbo_nan(q, log_joint):
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum(q * (log_joint - np.log(q))))


ELBO = Exercise(
    id="em_theory.elbo",
    arg_names=("q", "log_joint"),
    reference=ref.elbo,
    visible_cases=lambda rng: [
        (np.array([[0.5, 0.5], [0.9, 0.1]]), np.log(np.array([[0.1, 0.3], [0.2, 0.05]]))),
        _elbo_case(rng, 2, 6, "soft"), _elbo_case(rng, 3, 8, "posterior"),
        (np.array([[1.0, 0.0], [0.0, 1.0], [0.25, 0.75]]), np.log(np.array([[0.4, 0.1], [0.2, 0.2], [0.3, 0.1]]))),
        _elbo_case(rng, 3, 7, "hard"),
    ],
    hidden_cases=lambda rng: [_elbo_case(rng, 2, 9, "posterior"), _elbo_case(rng, 4, 10, "soft"),
                              _elbo_case(rng, 2, 6, "hard"), _elbo_case(rng, 3, 12, "posterior")],
    mistakes=(
        Mistake("no_entropy",
                "this is the expected complete-data log-likelihood Q alone; the bound also has the "
                "entropy of q: subtract Σ q log q.",
                _elbo_no_entropy),
        Mistake("entropy_sign",
                "L = Σ q (log p(x, z) - log q): the entropy term is -Σ q log q, which is >= 0. "
                "You added Σ q log q instead.",
                _elbo_entropy_sign),
        Mistake("zero_log_zero",
                "where q_nk = 0 the term q log q is 0 (its limit), but 0 * log 0 gives nan in numpy: "
                "the entries with q_nk = 0 must be treated apart, never passed to the log.",
                _elbo_nan),
    ),
)
