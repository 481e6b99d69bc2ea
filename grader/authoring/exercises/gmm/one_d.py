"""Notebook 03, exercises 1-8: one Gaussian and mixtures in 1-D, up to the EM loop."""

from __future__ import annotations

import numpy as np

from genlab.reference import gaussian, gmm
from grader.authoring.exercises.gmm.common import (
    STD_FOR_VAR, STD_RETURNED, OVER_SAMPLES, NO_WEIGHTS, MULTIPLIED, _r, _mixture_1d, _points_1d, _far_point,
)
from grader.authoring.schema import Exercise, Mistake

# --- 1 · gaussian_pdf(x, mean, var) ---------------------------------------------------------

def _pdf_cases(rng, count):
    cases = []
    for _ in range(count):
        mean, var = round(float(rng.uniform(-3, 3)), 2), round(float(rng.uniform(0.2, 5.0)), 2)
        cases.append((_r(mean + 2 * np.sqrt(var) * rng.standard_normal(int(rng.integers(3, 8))), 3), mean, var))
    return cases


GAUSSIAN_PDF = Exercise(
    id="gmm.gaussian_pdf",
    arg_names=("x", "mean", "var"),
    reference=lambda x, mean, var: gaussian.pdf(x, mean, var),
    visible_cases=lambda rng: [(np.array([-1.0, 0.0, 1.0, 2.0]), 0.0, 4.0),
                               (np.array([0.5, 3.0]), 1.0, 0.25)] + _pdf_cases(rng, 3),
    hidden_cases=lambda rng: [(np.array([2.0, -2.0, 0.1]), 0.5, 2.5), (np.array([10.0]), 10.0, 0.01)]
    + _pdf_cases(rng, 4),
    mistakes=(
        Mistake("std_for_var", STD_FOR_VAR, lambda x, mean, var: gaussian.pdf(x, mean, var**2)),
        Mistake("no_sqrt",
                "the normalising constant is 1 / sqrt(2π σ²); you divided by 2π σ² without the square root.",
                lambda x, mean, var: np.exp(-((x - mean) ** 2) / (2 * var)) / (2 * np.pi * var)),
        Mistake("missing_half",
                "the exponent is -(x - μ)² / (2σ²): you left out the 2 (the 1/2).",
                lambda x, mean, var: np.exp(-((x - mean) ** 2) / var) / np.sqrt(2 * np.pi * var)),
    ),
)


# --- 2 · fit_gaussian_mle(x) -> (mean, var) ----------------------------------------------------

def _mle_cases(rng, count):
    return [(_r(rng.normal(rng.uniform(-5, 5), rng.uniform(0.3, 4), int(rng.integers(3, 15))), 3),)
            for _ in range(count)]


FIT_GAUSSIAN_MLE = Exercise(
    id="gmm.fit_gaussian_mle",
    arg_names=("x",),
    reference=gaussian.fit_mle,
    visible_cases=lambda rng: [(np.array([1.0, 2.0, 3.0, 6.0]),), (np.array([-0.5, 0.5]),)] + _mle_cases(rng, 3),
    hidden_cases=lambda rng: [(np.array([4.0, 4.0, 7.0]),), (np.array([0.1, 0.2, 0.3, 0.4, 0.5, 10.0]),)]
    + _mle_cases(rng, 4),
    mistakes=(
        Mistake("variance_n_minus_1",
                "the maximum-likelihood variance divides by N, not N - 1 (np.var's default, ddof=0).",
                lambda x: (float(np.mean(x)), float(np.var(x, ddof=1)))),
        Mistake("std_for_var", STD_RETURNED, lambda x: (float(np.mean(x)), float(np.std(x)))),
    ),
)


# --- 3 · mixture_pdf(x, weights, means, variances) ---------------------------------------------

def _mixture_pdf(x, weights, means, variances):
    return np.exp(gmm.score_samples(x, weights, means, variances))


def _component_pdfs(x, means, variances, square=False):
    v = np.asarray(variances) ** 2 if square else variances
    return np.stack([gaussian.pdf(x, m, s) for m, s in zip(means, v)], axis=1)


def _mixture_cases(rng, count):
    cases = []
    for _ in range(count):
        w, m, v = _mixture_1d(rng)
        cases.append((_points_1d(rng, m, v, int(rng.integers(4, 9))), w, m, v))
    return cases


MIXTURE_PDF = Exercise(
    id="gmm.mixture_pdf",
    arg_names=("x", "weights", "means", "variances"),
    reference=_mixture_pdf,
    visible_cases=lambda rng: [(np.array([-2.0, -1.0, 0.0, 1.5, 3.0]), np.array([0.6, 0.4]),
                                np.array([-1.0, 1.5]), np.array([1.0, 1.0]))] + _mixture_cases(rng, 3),
    hidden_cases=lambda rng: [(np.array([0.0, 2.0]), np.array([0.7, 0.2, 0.1]), np.array([-2.0, 0.0, 2.0]),
                               np.array([0.5, 2.0, 0.25])),
                              (np.array([-1.0, 0.0, 3.0]), np.array([1.0]), np.array([0.5]), np.array([2.5]))]
    + _mixture_cases(rng, 4),
    mistakes=(
        Mistake("no_weights",
                "each component's density is multiplied by its weight π_k before summing; without the "
                "weights the total integrates to K, not 1.",
                lambda x, w, m, v: _component_pdfs(x, m, v).sum(axis=1)),
        Mistake("equal_weights",
                "you averaged the components (weight 1/K each); use the given weights π_k.",
                lambda x, w, m, v: _component_pdfs(x, m, v).mean(axis=1)),
        Mistake("std_for_var", STD_FOR_VAR,
                lambda x, w, m, v: _component_pdfs(x, m, v, square=True) @ np.asarray(w)),
    ),
)


# --- 4 · sample_gmm(n_samples, weights, means, variances, random_state) --------------------------

def _sample_gmm(n_samples, weights, means, variances, random_state):
    # rounded to 4 decimals only to keep the fixture file small; irrelevant to the check
    return np.round(gmm.sample(n_samples, weights, means, variances, random_state)[0], 4)


def _sample_uniform_z(n_samples, weights, means, variances, random_state):
    k = len(weights)
    return _sample_gmm(n_samples, np.full(k, 1.0 / k), means, variances, random_state)


def _sample_std_for_var(n_samples, weights, means, variances, random_state):
    return _sample_gmm(n_samples, weights, means, np.asarray(variances) ** 2, random_state)


def _sample_averaged(n_samples, weights, means, variances, random_state):
    rng = np.random.default_rng(random_state)
    draws = np.asarray(means) + np.sqrt(variances) * rng.standard_normal((n_samples, len(weights)))
    return np.round(draws @ np.asarray(weights), 4)


def _sample_gmm_hidden(rng):
    """Two mixtures (2 and 3 components) in a random order, shifted and seeded from ``rng``: each
    student's own, with the weights, spreads and separations that tell the mistakes apart."""
    shapes = [(np.array([0.75, 0.25]), np.array([1.0, -4.0]), np.array([0.05, 6.0])),
              (np.array([0.1, 0.2, 0.7]), np.array([-6.0, 0.0, 5.0]), np.array([9.0, 0.1, 0.04]))]
    cases = []
    for weights, means, variances in shapes:
        order, shift = rng.permutation(len(weights)), round(float(rng.uniform(-2, 2)), 2)
        cases.append((1000, weights[order], means[order] + shift, variances[order], int(rng.integers(10, 10**6))))
    return cases


SAMPLE_GMM = Exercise(
    id="gmm.sample_gmm",
    arg_names=("n_samples", "weights", "means", "variances", "random_state"),
    reference=_sample_gmm,
    visible_cases=lambda rng: [(800, np.array([0.8, 0.2]), np.array([-2.0, 3.0]), np.array([0.04, 9.0]), 0),
                               (800, np.array([0.15, 0.85]), np.array([0.0, 4.0]), np.array([4.0, 0.09]), 1)],
    hidden_cases=_sample_gmm_hidden,
    mistakes=(
        Mistake("ignores_weights",
                "each sample picks its component with probability π_k (e.g. rng.choice(K, p=weights)); "
                "yours picks every component equally often.", _sample_uniform_z),
        Mistake("std_for_var",
                "x = μ_z + σ_z ε with σ_z = sqrt(variance); you scaled the noise by the variance itself.",
                _sample_std_for_var),
        Mistake("no_component_per_sample",
                "the generative story first picks one component z for each sample, then draws "
                "x ~ N(μ_z, σ_z²). Yours mixes draws from all components (a weighted average), which "
                "gives a single bump instead of K.", _sample_averaged),
    ),
    checker="gmm_sample_1d",
    time_limit=5.0,
)


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
    ),
)


# --- 7 · log_likelihood(x, weights, means, variances) -> float ------------------------------------------

def _ll(x, weights, means, variances):
    return gmm.log_likelihood(x, weights, means, variances)


def _ll_multiplied(x, weights, means, variances):
    with np.errstate(divide="ignore"):
        return float(np.sum(np.log(_joint(x, weights, means, variances).sum(axis=1))))


def _ll_log_inside(x, weights, means, variances):
    return float(np.sum(np.log(weights) + gmm.log_component_densities(x, means, variances)))


def _ll_mean(x, weights, means, variances):
    return gmm.score(x, weights, means, variances)


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
                "Compute log π_k + log N(x_n|μ_k,σ_k²) and combine them with logsumexp along axis=1.",
                _ll_multiplied),
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
    ),
)
