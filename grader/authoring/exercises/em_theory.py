"""Exercises of notebook 04, the EM derivation checked with numbers (1-D Gaussian mixtures)."""

from __future__ import annotations

import numpy as np

from genlab.reference import em_theory as ref
from grader.authoring.schema import Exercise, Mistake


# --- case generators ----------------------------------------------------------------------

def _mixture(rng, k, n, spread=3.0):
    """Random weights, sorted means, variances and a sample x from that mixture (rounded)."""
    weights = rng.dirichlet(np.full(k, 3.0))
    weights = np.round(weights, 3)
    weights[-1] = round(1.0 - float(weights[:-1].sum()), 3)
    means = np.round(np.sort(rng.uniform(-spread, spread, k)), 2)
    variances = np.round(rng.uniform(0.2, 2.0, k), 2)
    z = rng.choice(k, size=n, p=weights / weights.sum())
    x = np.round(means[z] + np.sqrt(variances[z]) * rng.standard_normal(n), 3)
    return x, weights, means, variances


def _soft(rng, n, k):
    """Random responsibilities with every column used."""
    return np.round(rng.dirichlet(np.full(k, 1.0), size=n), 4)


def _renormalise(resp):
    return resp / resp.sum(axis=1, keepdims=True)


def _onehot(labels, k):
    return np.eye(k)[labels]


# --- posterior(prior, likelihood) ------------------------------------------------------------

def _posterior_case(rng, k, n):
    x, weights, means, variances = _mixture(rng, k, n)
    likelihood = np.exp(ref.log_gaussian(x[:, None], means[None, :], variances[None, :]))
    return (weights, likelihood)


def _post_no_prior(prior, likelihood):
    return likelihood / likelihood.sum(axis=1, keepdims=True)


def _post_over_points(prior, likelihood):
    joint = likelihood * prior[None, :]
    with np.errstate(divide="ignore", invalid="ignore"):  # a column of zeros gives nan
        return joint / joint.sum(axis=0, keepdims=True)


POSTERIOR = Exercise(
    id="em_theory.posterior",
    arg_names=("prior", "likelihood"),
    reference=ref.posterior,
    visible_cases=lambda rng: [
        (np.array([0.7, 0.3]), np.array([[0.2, 0.6], [0.05, 0.01], [0.3, 0.3]])),
        (np.array([0.2, 0.5, 0.3]), np.array([[0.1, 0.0, 0.4], [0.0, 0.0, 2.0]])),
    ] + [_posterior_case(rng, k, n) for k, n in ((2, 6), (3, 8), (4, 5))],
    hidden_cases=lambda rng: [
        (np.array([0.9, 0.1]), np.array([[1e-3, 2e-3], [0.5, 0.5], [0.0, 1.0]])),
        (np.array([1.0]), np.array([[0.3], [0.1]])),
    ] + [_posterior_case(rng, k, n) for k, n in ((2, 7), (3, 10), (5, 9), (2, 4))],
    mistakes=(
        Mistake("no_prior",
                "you normalised the likelihoods alone. Bayes' rule multiplies by the prior first: "
                "p(k | x) ∝ p(x | k) p(k), then divides by the sum over k.",
                _post_no_prior),
        Mistake("normalised_over_points",
                "each row (one point) must sum to 1 over the components: divide by "
                "joint.sum(axis=1, keepdims=True), not by the sum over points (axis=0).",
                _post_over_points),
        Mistake("unnormalised",
                "p(x | k) p(k) is the joint, not the posterior: divide each row by its sum "
                "p(x_n) = Σ_j p(x_n | j) p(j).",
                lambda prior, likelihood: likelihood * prior[None, :]),
    ),
)


# --- complete_log_likelihood(x, z, weights, means, variances) ------------------------------------

def _complete_case(rng, k, n):
    x, weights, means, variances = _mixture(rng, k, n)
    z = rng.integers(0, k, size=n)
    return (x, z, weights, means, variances)


def _cll_no_prior(x, z, weights, means, variances):
    return float(np.sum(ref.log_gaussian(x, means[z], variances[z])))


def _cll_std(x, z, weights, means, variances):
    return float(np.sum(np.log(weights[z]) + ref.log_gaussian(x, means[z], variances[z] ** 2)))


def _cll_all_components(x, z, weights, means, variances):
    return float(np.sum(ref.log_joint(x, weights, means, variances)))


COMPLETE_LOG_LIKELIHOOD = Exercise(
    id="em_theory.complete_log_likelihood",
    arg_names=("x", "z", "weights", "means", "variances"),
    reference=ref.complete_log_likelihood,
    visible_cases=lambda rng: [
        (np.array([-1.0, 0.5, 2.0]), np.array([0, 0, 1]), np.array([0.6, 0.4]),
         np.array([-1.0, 1.5]), np.array([1.0, 0.5])),
    ] + [_complete_case(rng, k, n) for k, n in ((2, 8), (3, 10), (2, 5))],
    hidden_cases=lambda rng: [
        (np.array([0.0, 0.0]), np.array([1, 1]), np.array([0.3, 0.7]), np.array([0.0, 0.0]),
         np.array([2.0, 0.25])),
    ] + [_complete_case(rng, k, n) for k, n in ((2, 9), (4, 12), (3, 6))],
    mistakes=(
        Mistake("no_log_prior",
                "each point also contributes log π_{z_n}: the probability of picking its component "
                "before drawing x from it.",
                _cll_no_prior),
        Mistake("std_for_variance",
                "`variances` holds σ², not σ: use N(x | μ, σ²) = exp(-(x-μ)²/(2σ²)) / sqrt(2π σ²).",
                _cll_std),
        Mistake("ignores_labels",
                "with z known, each point contributes only the term of its own component z_n "
                "(the indicator 1(z_n = k) switches the others off), not a sum over all k.",
                _cll_all_components),
    ),
)


# --- m_step(x, resp) -----------------------------------------------------------------------------

def _m_case(rng, k, n, hard=False):
    x, *_ = _mixture(rng, k, n)
    if hard:
        labels = np.concatenate([np.arange(k), rng.integers(0, k, size=n - k)])
        return (x, _onehot(rng.permutation(labels), k))
    return (x, _renormalise(_soft(rng, n, k)))


def _m_counts(x, resp):
    weights, means, variances = ref.m_step(x, resp)
    return resp.sum(axis=0), means, variances


def _m_divides_by_n(x, resp):
    weights, _, _ = ref.m_step(x, resp)
    n = x.shape[0]
    means = resp.T @ x / n
    return weights, means, np.sum(resp * (x[:, None] - means) ** 2, axis=0) / n


def _m_unweighted_variance(x, resp):
    weights, means, _ = ref.m_step(x, resp)
    return weights, means, np.mean((x[:, None] - means) ** 2, axis=0)


M_STEP = Exercise(
    id="em_theory.m_step",
    arg_names=("x", "resp"),
    reference=ref.m_step,
    visible_cases=lambda rng: [
        (np.array([1.0, 2.0, 4.0, 7.0]), np.array([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0], [0.0, 1.0]])),
        (np.array([0.0, 1.0, 3.0]), np.array([[0.9, 0.1], [0.5, 0.5], [0.2, 0.8]])),
    ] + [_m_case(rng, 2, 8), _m_case(rng, 3, 10, hard=True), _m_case(rng, 3, 7)],
    hidden_cases=lambda rng: [(np.array([2.0, -1.0]), np.array([[0.25, 0.75], [0.6, 0.4]]))]
    + [_m_case(rng, 2, 9, hard=True), _m_case(rng, 4, 12), _m_case(rng, 1, 5), _m_case(rng, 3, 11)],
    mistakes=(
        Mistake("counts_not_fractions",
                "the weights must sum to 1 (the constraint behind the Lagrange multiplier): "
                "π_k = N_k / N, not N_k.",
                _m_counts),
        Mistake("divides_by_n",
                "a component's mean and variance average over *its* points: divide by N_k = Σ_n r_nk, "
                "not by the total number of points N.",
                _m_divides_by_n),
        Mistake("unweighted_variance",
                "weight each squared deviation by r_nk: σ²_k = Σ_n r_nk (x_n - μ_k)² / N_k.",
                _m_unweighted_variance),
    ),
)


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
    x, weights, means, variances = _mixture(rng, k, n)
    resp = ref.e_step(x, weights, means, variances)
    if at_update:
        weights, means, variances = ref.m_step(x, resp)
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
                "compute q log q only where q > 0, e.g. with np.where.",
                _elbo_nan),
    ),
)


# --- hard_assign(x, weights, means, variances) ------------------------------------------------------

def _hard_case(rng, k, n):
    x, weights, means, variances = _mixture(rng, k, n, spread=1.5)
    return (x, weights, means, variances)


def _hard_nearest(x, weights, means, variances):
    return _onehot(np.argmin(np.abs(x[:, None] - means[None, :]), axis=1), len(weights))


def _hard_no_prior(x, weights, means, variances):
    ll = ref.log_gaussian(x[:, None], means[None, :], variances[None, :])
    return _onehot(np.argmax(ll, axis=1), len(weights))


HARD_ASSIGN = Exercise(
    id="em_theory.hard_assign",
    arg_names=("x", "weights", "means", "variances"),
    reference=ref.hard_assign,
    visible_cases=lambda rng: [
        (np.array([-2.0, 0.2, 0.45, 0.9, 3.0]), np.array([0.8, 0.2]), np.array([0.0, 1.0]),
         np.array([1.0, 0.1])),
    ] + [_hard_case(rng, 2, 12), _hard_case(rng, 3, 15)],
    hidden_cases=lambda rng: [
        (np.array([-0.8, 0.35, 0.6, 2.5]), np.array([0.3, 0.7]), np.array([0.0, 1.0]), np.array([0.05, 1.0])),
    ] + [_hard_case(rng, 2, 14), _hard_case(rng, 4, 16)],
    mistakes=(
        Mistake("nearest_mean",
                "that is the k-means rule (nearest mean). Hard EM picks the most probable component, "
                "argmax_k [log π_k + log N(x | μ_k, σ²_k)], which also weighs the variances and π.",
                _hard_nearest),
        Mistake("no_prior",
                "the posterior's mode needs the prior too: maximise log π_k + log N(x | μ_k, σ²_k), "
                "not the likelihood alone.",
                _hard_no_prior),
        Mistake("labels_instead_of_onehot",
                "return one-hot indicators of shape (n, K) (a row of zeros with a single 1), so they "
                "can be used as hard responsibilities: np.eye(K)[labels].",
                lambda x, weights, means, variances: np.argmax(ref.log_joint(x, weights, means, variances),
                                                               axis=1)),
    ),
)

EXERCISES = [POSTERIOR, COMPLETE_LOG_LIKELIHOOD, M_STEP, EXPECTED_COMPLETE, NUMERICAL_GRADIENT, ELBO,
             HARD_ASSIGN]
