"""Notebook 04: Bayes' rule, the complete-data log-likelihood, the M-step and hard assignments."""

from __future__ import annotations

import numpy as np

from genlab.reference import em_theory as ref
from grader.authoring.exercises.em_theory.common import _mixture, _onehot, _renormalise, _soft
from grader.authoring.schema import Exercise, Mistake


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
                "each row (one point) must sum to 1 over the components: divide each joint by the "
                "total of its own row, p(x_n), not by the total of its column (a sum over points).",
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
                "variances holds σ², not σ: use N(x | μ, σ²) = exp(-(x-μ)²/(2σ²)) / sqrt(2π σ²).",
                _cll_std),
        Mistake("ignores_labels",
                "with z known, each point contributes only the term of its own component z_n "
                "(the indicator 1(z_n = k) switches the others off), not a sum over all k.",
                _cll_all_components),
        Mistake("observed_log_likelihood",
                "you summed over the components inside a log: that is the observed log-likelihood, for "
                "unknown components. Here z says which component made each point: use only its term.",
                lambda x, z, w, m, v: ref.log_likelihood(x, w, m, v)),
        Mistake("weight_not_logged",
                "you added π_{z_n} itself; in a log-likelihood each factor enters as its log: log π_{z_n}.",
                lambda x, z, w, m, v: float(np.sum(w[z] + ref.log_gaussian(x, m[z], v[z])))),
        Mistake("mean_not_sum",
                "return the total over the points, not the average per point.",
                lambda x, z, w, m, v: ref.complete_log_likelihood(x, z, w, m, v) / len(x)),
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


def _m_variance_by_n(x, resp):
    weights, means, _ = ref.m_step(x, resp)
    return weights, means, np.sum(resp * (x[:, None] - means) ** 2, axis=0) / x.shape[0]


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
                "weight each squared deviation by its responsibility r_nk; yours weighs every point the same.",
                _m_unweighted_variance),
        Mistake("variance_divided_by_n",
                "your means are right, but the variance is also an average over the component's own "
                "points: its weighted sum of squared deviations is divided by N_k, not by N.",
                _m_variance_by_n),
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


def _hard_over_points(x, weights, means, variances):
    lj = ref.log_joint(x, weights, means, variances)
    return np.eye(len(x))[np.argmax(lj, axis=0)].T


def _hard_dropped_log_variance(x, weights, means, variances):
    lj = np.log(weights)[None, :] - (x[:, None] - means[None, :]) ** 2 / (2 * variances[None, :])
    return _onehot(np.argmax(lj, axis=1), len(weights))


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
                "return one-hot indicators of shape (n, K), each row all zeros but a single 1 at the "
                "chosen component, so that they can be used as hard responsibilities.",
                lambda x, weights, means, variances: np.argmax(ref.log_joint(x, weights, means, variances),
                                                               axis=1)),
        Mistake("argmax_over_points",
                "each column has a single 1: you took the argmax over the points (axis 0), which finds "
                "the point each component likes best. Every point needs one component: take the argmax "
                "along the components, one per row.", _hard_over_points),
        Mistake("dropped_log_variance",
                "-½ log(2π σ_k²) is not a constant you may drop: it differs between components when "
                "their variances differ, and a narrow component wins the points close to its mean only "
                "thanks to it.", _hard_dropped_log_variance),
    ),
)
