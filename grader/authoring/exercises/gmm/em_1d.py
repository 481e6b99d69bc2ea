"""Notebook 03, exercises 5-8: EM for a 1-D Gaussian mixture (E-step, M-step, log-likelihood, the loop)."""

from __future__ import annotations

import numpy as np

from genlab.reference import gmm
from grader.authoring.exercises.gmm.common import (
    MULTIPLIED, NO_WEIGHTS, OVER_SAMPLES, STD_FOR_VAR, STD_RETURNED, _component_pdfs, _far_point, _mixture_1d,
    _points_1d, _r,
)
from grader.authoring.schema import Exercise, Mistake

# --- 5 · e_step(x, weights, means, variances) -> resp (n, K) ---------------------------------------

def _e_step(x, weights, means, variances):
    return gmm.e_step(x, weights, means, variances)


def _joint(x, weights, means, variances):
    with np.errstate(under="ignore"):
        return _component_pdfs(x, means, variances) * np.asarray(weights)


def _e_step_over_samples(x, weights, means, variances):
    log_joint = np.log(weights) + gmm.log_component_densities(x, means, variances)
    return np.exp(log_joint - gmm.logsumexp(log_joint, axis=0))


def _e_step_no_weights(x, weights, means, variances):
    k = len(weights)
    return gmm.e_step(x, np.full(k, 1.0 / k), means, variances)


def _e_step_multiplied(x, weights, means, variances):
    joint = _joint(x, weights, means, variances)
    with np.errstate(invalid="ignore", divide="ignore"):
        return joint / joint.sum(axis=1, keepdims=True)


def _e_step_dropped_log_variance(x, weights, means, variances):
    log_joint = np.log(weights) - (np.asarray(x, float)[:, None] - means) ** 2 / (2 * np.asarray(variances))
    return np.exp(log_joint - gmm.logsumexp(log_joint, axis=1)[:, None])


def _resp_cases(rng, count, far=False):
    cases = []
    for _ in range(count):
        w, m, v = _mixture_1d(rng)
        x = _points_1d(rng, m, v, int(rng.integers(4, 8)))
        if far:
            x = np.append(x, _far_point(m, v, 40.0 + float(rng.integers(0, 5))))
        cases.append((x, w, m, v))
    return cases


E_STEP_MISTAKES = (
    Mistake("normalised_over_samples", OVER_SAMPLES, _e_step_over_samples),
    Mistake("prior_left_out", NO_WEIGHTS, _e_step_no_weights),
    Mistake("multiplied_densities", MULTIPLIED, _e_step_multiplied),
    Mistake("dropped_log_variance",
            "-½ log(2π σ_k²) is the same for every point, but not for every component: when the "
            "variances differ it changes which component a point belongs to. Only terms that are the "
            "same for all k cancel in the normalisation.", _e_step_dropped_log_variance),
    Mistake("std_for_var", STD_FOR_VAR, lambda x, w, m, v: gmm.e_step(x, w, m, np.asarray(v) ** 2)),
    Mistake("hard_assignments",
            "yours gives each point a 1 for its most probable component and 0 elsewhere: that is hard "
            "EM. The E-step keeps the uncertainty: each row holds the posterior probabilities r_nk.",
            lambda x, w, m, v: np.eye(len(w))[np.argmax(gmm.e_step(x, w, m, v), axis=1)]),
)

E_STEP = Exercise(
    id="gmm.e_step",
    arg_names=("x", "weights", "means", "variances"),
    reference=_e_step,
    visible_cases=lambda rng: [(np.array([-2.0, -1.0, 0.0, 1.0, 2.5]), np.array([0.6, 0.4]),
                                np.array([-1.0, 1.5]), np.array([1.0, 1.0]))]
    + _resp_cases(rng, 2) + _resp_cases(rng, 1, far=True),
    hidden_cases=lambda rng: [(np.array([-1.0, 0.25, 41.5]), np.array([0.3, 0.7]), np.array([-1.0, 1.5]),
                               np.array([1.0, 1.0])),
                              (np.array([0.5, -0.5, 2.0]), np.array([1.0]), np.array([0.0]), np.array([2.0])),
                              (np.array([-0.2, 0.4, 1.1, 0.9]), np.array([0.5, 0.3, 0.2]), np.array([0.0, 1.0, 30.0]),
                               np.array([0.5, 0.5, 0.25]))]
    + _resp_cases(rng, 3) + _resp_cases(rng, 1, far=True),
    mistakes=E_STEP_MISTAKES,
)


# --- 6 · m_step(x, resp) -> (weights, means, variances) -----------------------------------------------

def _m_step(x, resp):
    return gmm.m_step(x, resp, reg_covar=0.0)


def _m_step_std(x, resp):
    w, m, v = _m_step(x, resp)
    return w, m, np.sqrt(v)


def _m_step_divides_by_n(x, resp):
    n = len(x)
    means = resp.T @ x / n
    variances = np.sum(resp * (x[:, None] - (resp.T @ x / resp.sum(0))) ** 2, axis=0) / n
    return resp.sum(0) / n, means, variances


def _m_step_variance_by_n(x, resp):
    w, m, _ = _m_step(x, resp)
    return w, m, np.sum(resp * (x[:, None] - m) ** 2, axis=0) / len(x)


def _m_step_counts(x, resp):
    w, m, v = _m_step(x, resp)
    return resp.sum(axis=0), m, v


def _m_cases(rng, count):
    cases = []
    for _ in range(count):
        n, k = int(rng.integers(5, 10)), int(rng.integers(2, 4))
        resp = _r(rng.dirichlet(np.ones(k), size=n), 3)
        resp[:, -1] = np.round(1.0 - resp[:, :-1].sum(axis=1), 3)
        resp = np.abs(resp)
        cases.append((_r(rng.normal(0, 3, n), 3), resp / resp.sum(axis=1, keepdims=True)))
    return cases


M_STEP = Exercise(
    id="gmm.m_step",
    arg_names=("x", "resp"),
    reference=_m_step,
    visible_cases=lambda rng: [(np.array([0.0, 1.0, 2.0, 10.0, 14.0]), np.eye(2)[[0, 0, 0, 1, 1]]),
                               (np.array([-1.0, 0.0, 1.0, 3.0]),
                                np.array([[0.9, 0.1], [0.8, 0.2], [0.5, 0.5], [0.1, 0.9]]))] + _m_cases(rng, 3),
    hidden_cases=lambda rng: [(np.array([2.0, 4.0, 4.0, 9.0]), np.array([[1.0, 0.0], [0.75, 0.25],
                                                                        [0.25, 0.75], [0.0, 1.0]])),
                              (np.array([1.0, 2.0, 4.0]), np.ones((3, 1)))]
    + _m_cases(rng, 4),
    mistakes=(
        Mistake("std_for_var", STD_RETURNED, _m_step_std),
        Mistake("divides_by_n",
                "divide the weighted sums by N_k = Σ_n r_nk (the effective number of points of "
                "component k), not by N; only the weights π_k = N_k / N use N.", _m_step_divides_by_n),
        Mistake("counts_as_weights",
                "the weights must sum to 1: π_k = N_k / N, not N_k.", _m_step_counts),
        Mistake("variance_divided_by_n",
                "your means are right, but each variance is an average over the component's own share "
                "of the points: divide its weighted sum by N_k, as for the mean, not by N.",
                _m_step_variance_by_n),
    ),
)


# --- 7 · log_likelihood(x, weights, means, variances) -> float ------------------------------------------

def _ll(x, weights, means, variances):
    return gmm.log_likelihood(x, weights, means, variances)


def _ll_lse_over_points(x, weights, means, variances):
    x, variances = np.asarray(x, float)[:, None], np.asarray(variances, float)
    a = np.log(weights) - 0.5 * np.log(2 * np.pi * variances) - (x - means) ** 2 / (2 * variances)  # (n, K)
    top = a.max(axis=0)
    return float(np.sum(top + np.log(np.exp(a - top).sum(axis=0))))


def _ll_multiplied(x, weights, means, variances):
    with np.errstate(divide="ignore"):
        return float(np.sum(np.log(_joint(x, weights, means, variances).sum(axis=1))))


def _ll_log_inside(x, weights, means, variances):
    return float(np.sum(np.log(weights) + gmm.log_component_densities(x, means, variances)))


def _ll_log_inside_weighted(x, weights, means, variances):
    return float(np.sum(gmm.log_component_densities(x, means, variances) @ np.asarray(weights)))


def _ll_log_inside_no_weights(x, weights, means, variances):
    return float(np.sum(gmm.log_component_densities(x, means, variances)))


def _ll_mean(x, weights, means, variances):
    return gmm.score(x, weights, means, variances)


def _ll_max(x, weights, means, variances):
    return float(np.sum(np.max(np.log(weights) + gmm.log_component_densities(x, means, variances), axis=1)))


LOG_LIKELIHOOD = Exercise(
    id="gmm.log_likelihood",
    arg_names=("x", "weights", "means", "variances"),
    reference=_ll,
    visible_cases=lambda rng: [(np.array([-2.0, -1.0, 0.0, 1.0, 2.5]), np.array([0.6, 0.4]),
                                np.array([-1.0, 1.5]), np.array([1.0, 1.0]))]
    + _resp_cases(rng, 2) + _resp_cases(rng, 1, far=True),
    hidden_cases=lambda rng: [(np.array([-1.0, 0.25, 41.5]), np.array([0.3, 0.7]), np.array([-1.0, 1.5]),
                               np.array([1.0, 1.0]))] + _resp_cases(rng, 3) + _resp_cases(rng, 1, far=True),
    mistakes=(
        Mistake("log_inside_sum",
                "the log goes outside the sum over components: Σ_n log Σ_k π_k N(x_n|μ_k,σ_k²), "
                "not Σ_n Σ_k log(π_k N(x_n|μ_k,σ_k²)).", _ll_log_inside),
        Mistake("mean_not_sum",
                "return the total over the points, Σ_n log p(x_n), not the average per point.", _ll_mean),
        Mistake("multiplied_densities",
                "a point far from every component has densities that underflow to 0, and log 0 = -inf. "
                "Compute log π_k + log N(x_n|μ_k,σ_k²) and combine each point's K terms with logsumexp.",
                _ll_multiplied),
        Mistake("log_inside_weighted_sum",
                "you weighted the log-densities by π_k: Σ_k π_k log N(x_n|μ_k,σ_k²) is only a lower "
                "bound (Jensen). A point's likelihood is the mixture density itself, so take the log of "
                "the whole weighted sum.", _ll_log_inside_weighted),
        Mistake("log_inside_sum_no_weights",
                "you added the components' log-densities, as if each point came from every component "
                "at once. A point comes from one component or another: its density is a weighted sum, "
                "and the log is taken of that sum.", _ll_log_inside_no_weights),
        Mistake("std_for_var", STD_FOR_VAR, lambda x, w, m, v: gmm.log_likelihood(x, w, m, np.asarray(v) ** 2)),
        Mistake("max_not_logsumexp",
                "you kept only the largest term log π_k N(x_n | μ_k, σ_k²) of each point; the mixture "
                "density adds all K of them. The maximum is only the shift inside logsumexp: add back "
                "the log of the sum of the exponentials.", _ll_max),
        Mistake("logsumexp_over_points",
                "the log-sum-exp runs over the components of each point, one per point, and those "
                "are then added up; yours runs over the points first.",
                lambda x, w, m, v: _ll_lse_over_points(x, w, m, v)),
        Mistake("dropped_log_2pi",
                "-½ log 2π is the same for every component, but it is still part of every point's "
                "log-density: the total is off by N · ½ log 2π without it.",
                lambda x, w, m, v: _ll(x, w, m, v) + 0.5 * len(x) * np.log(2 * np.pi)),
    ),
)


# --- 8 · run_em(x, weights, means, variances, n_iter) --------------------------------------------------

def _run_em(x, weights, means, variances, n_iter):
    """(weights, means, variances) after ``n_iter`` iterations and the n_iter + 1 log-likelihoods."""
    params = (weights, means, variances)
    lls = [gmm.log_likelihood(x, *params)]
    for _ in range(n_iter):
        params = _m_step(x, gmm.e_step(x, *params))
        lls.append(gmm.log_likelihood(x, *params))
    return (*params, np.array(lls))


def _run_em_old_means(x, weights, means, variances, n_iter):
    params = (weights, means, variances)
    lls = [gmm.log_likelihood(x, *params)]
    for _ in range(n_iter):
        resp = gmm.e_step(x, *params)
        nk = resp.sum(axis=0)
        new_means = resp.T @ x / nk
        new_vars = np.sum(resp * (x[:, None] - params[1]) ** 2, axis=0) / nk  # old means
        params = (nk / len(x), new_means, new_vars)
        lls.append(gmm.log_likelihood(x, *params))
    return (*params, np.array(lls))


def _run_em_no_start(x, weights, means, variances, n_iter):
    *params, lls = _run_em(x, weights, means, variances, n_iter)
    return (*params, lls[1:])


def _run_em_stale(x, weights, means, variances, n_iter):
    resp = gmm.e_step(x, weights, means, variances)
    params = (weights, means, variances)
    lls = [gmm.log_likelihood(x, *params)]
    for _ in range(n_iter):
        params = _m_step(x, resp)
        lls.append(gmm.log_likelihood(x, *params))
    return (*params, np.array(lls))


def _em_cases(rng, count):
    cases = []
    for _ in range(count):
        w, m, v = _mixture_1d(rng, 2)
        x = _points_1d(rng, m + _r(rng.normal(0, 0.5, 2), 2), v * 1.5, int(rng.integers(15, 30)))
        cases.append((x, w, m, v, int(rng.integers(2, 6))))
    return cases


def _run_em_fixed_weights(x, weights, means, variances, n_iter):
    params = (weights, means, variances)
    lls = [gmm.log_likelihood(x, *params)]
    for _ in range(n_iter):
        params = (weights,) + _m_step(x, gmm.e_step(x, *params))[1:]
        lls.append(gmm.log_likelihood(x, *params))
    return (*params, np.array(lls))


RUN_EM = Exercise(
    id="gmm.run_em",
    arg_names=("x", "weights", "means", "variances", "n_iter"),
    reference=_run_em,
    visible_cases=lambda rng: [(np.array([-2.3, -1.1, -0.4, 0.2, 1.2, 1.9, 2.4, 3.3]), np.array([0.5, 0.5]),
                                np.array([-1.0, 1.0]), np.array([2.0, 2.0]), 3)] + _em_cases(rng, 2),
    hidden_cases=lambda rng: [(np.array([-3.0, -2.5, -2.0, 0.5, 1.5, 2.0, 2.5]), np.array([0.4, 0.6]),
                               np.array([-2.0, 2.0]), np.array([1.5, 0.5]), 4)] + _em_cases(rng, 2),
    mistakes=(
        Mistake("variance_around_old_means",
                "in the M-step, compute the variances around the *new* means of this iteration, "
                "not the means you started the iteration with.", _run_em_old_means),
        Mistake("missing_initial_log_likelihood",
                "return n_iter + 1 log-likelihoods: the one of the starting parameters first, then one "
                "after each iteration.", _run_em_no_start),
        Mistake("stale_responsibilities",
                "each iteration needs a fresh E-step with the parameters of the previous M-step; you "
                "reused the first responsibilities.", _run_em_stale),
        Mistake("weights_not_updated",
                "your weights never change: the M-step re-estimates all three, π_k = N_k / N too, "
                "so the next E-step must use the new weights.", _run_em_fixed_weights),
        Mistake("one_iteration_too_many",
                "you ran n_iter + 1 iterations: the loop runs n_iter times, and the history has n_iter + 1 "
                "entries only because the start is in it too.",
                lambda x, w, m, v, n: _run_em(x, w, m, v, n + 1)[:3] + (_run_em(x, w, m, v, n)[3],)),
        Mistake("returned_the_start",
                "you returned the parameters you started from: return those of the last iteration.",
                lambda x, w, m, v, n: (w, m, v, _run_em(x, w, m, v, n)[3])),
    ),
)
