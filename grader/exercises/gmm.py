"""Exercises of notebook 03, Gaussian mixtures in 1-D and 2-D.

The student's 1-D functions take ``x`` (n,), ``weights``/``means``/``variances`` (K,);
the 2-D ones ``X`` (n, D), ``means`` (K, D) and ``covariances`` (K, D, D).  Variances are
σ², never σ.  Several visible and hidden cases hold a point about 40σ from every component,
where densities multiplied outside log space underflow to 0.
"""

from __future__ import annotations

import numpy as np

from genlab.reference import gaussian, gmm
from grader.registry import Exercise, Mistake

LOG_2PI = np.log(2 * np.pi)

# --- hints shared by several exercises -------------------------------------------------------

STD_FOR_VAR = ("`var` is the variance σ², not the standard deviation σ. The Gaussian is "
               "exp(-(x - μ)² / (2σ²)) / sqrt(2π σ²) with σ² = var; don't square it again.")
STD_RETURNED = ("you returned the standard deviation σ; return the variance σ² "
                "(the mean of the squared deviations, without the square root).")
OVER_SAMPLES = ("your responsibilities sum to 1 over samples (down each column), not over "
                "components: normalise each row, i.e. divide by the sum along axis=1.")
NO_WEIGHTS = ("the E-step is Bayes' rule, so the prior π_k multiplies each component's density: "
              "r_nk ∝ π_k N(x_n | μ_k, σ_k²). You left π out.")
MULTIPLIED = ("a point far from every component has densities that underflow to 0, so 0/0 gives nan. "
              "Work with logarithms: log π_k + log N(x_n | μ_k, σ_k²), then subtract the row's "
              "logsumexp (subtract the row maximum before exponentiating).")


def _r(a, decimals=3):
    return np.round(np.asarray(a, dtype=float), decimals)


def _weights(rng, k):
    """Unequal mixture weights that sum to 1 exactly enough."""
    while True:
        w = _r(rng.dirichlet(np.full(k, 2.0)), 3)
        w[-1] = round(1.0 - w[:-1].sum(), 3)
        if w.min() >= 0.05 and np.ptp(w) > 0.05:
            return w


def _mixture_1d(rng, k=None):
    k = int(rng.integers(2, 4)) if k is None else k
    means = _r(np.sort(rng.uniform(-5, 5, k)), 2)
    variances = _r(rng.uniform(0.3, 3.0, k), 2)
    variances[variances == 1.0] = 1.3  # var = 1 hides σ/σ² confusions
    return _weights(rng, k), means, variances


def _points_1d(rng, means, variances, n):
    k = len(means)
    z = rng.integers(k, size=n)
    return _r(means[z] + np.sqrt(variances[z]) * rng.standard_normal(n), 3)


def _far_point(means, variances, sigmas=40.0):
    """A point ``sigmas`` standard deviations to the right of the rightmost component."""
    return float(np.round(np.max(means + sigmas * np.sqrt(variances)), 2))


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


SAMPLE_GMM = Exercise(
    id="gmm.sample_gmm",
    arg_names=("n_samples", "weights", "means", "variances", "random_state"),
    reference=_sample_gmm,
    visible_cases=lambda rng: [(800, np.array([0.8, 0.2]), np.array([-2.0, 3.0]), np.array([0.04, 9.0]), 0),
                               (800, np.array([0.15, 0.85]), np.array([0.0, 4.0]), np.array([4.0, 0.09]), 1)],
    hidden_cases=lambda rng: [(1000, np.array([0.75, 0.25]), np.array([1.0, -4.0]), np.array([0.05, 6.0]), 11),
                              (1000, np.array([0.1, 0.2, 0.7]), np.array([-6.0, 0.0, 5.0]),
                               np.array([9.0, 0.1, 0.04]), 12)],
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


# --- 9 · mvn_logpdf(X, mean, cov) ------------------------------------------------------------------

def _spd(rng, d):
    a = rng.normal(size=(d, d))
    return _r(a @ a.T + rng.uniform(0.2, 1.0) * np.eye(d), 3)


def _mvn_cases(rng, count, d=None):
    cases = []
    for _ in range(count):
        dd = int(rng.integers(2, 4)) if d is None else d
        mean = _r(rng.normal(0, 2, dd), 2)
        cases.append((_r(mean + rng.normal(0, 2, (int(rng.integers(3, 7)), dd)), 3), mean, _spd(rng, dd)))
    return cases


def _mvn_half_logdet(X, mean, cov):
    L = np.linalg.cholesky(cov)
    return gaussian.mvn_logpdf(X, mean, cov) + 0.5 * np.sum(np.log(np.diag(L)))


def _mvn_cov_not_inverted(X, mean, cov):
    diff = X - mean
    d = len(mean)
    return -0.5 * (d * LOG_2PI + np.linalg.slogdet(cov)[1] + np.einsum("ni,ij,nj->n", diff, cov, diff))


def _mvn_one_2pi(X, mean, cov):
    d = len(mean)
    return gaussian.mvn_logpdf(X, mean, cov) + 0.5 * (d - 1) * LOG_2PI


MVN_LOGPDF = Exercise(
    id="gmm.mvn_logpdf",
    arg_names=("X", "mean", "cov"),
    reference=gaussian.mvn_logpdf,
    visible_cases=lambda rng: [(np.array([[0.0, 0.0], [1.0, 2.0], [-1.0, 0.5]]), np.array([0.0, 1.0]),
                                np.array([[2.0, 0.6], [0.6, 1.0]]))] + _mvn_cases(rng, 3),
    hidden_cases=lambda rng: [(np.array([[3.0, 3.0, 3.0]]), np.array([0.0, 0.0, 0.0]), np.diag([0.5, 2.0, 4.0])),
                              (np.array([[60.0, -40.0], [0.1, 0.2]]), np.array([0.0, 0.0]),
                               np.array([[1.0, 0.9], [0.9, 1.0]])),
                              (np.array([[0.5], [-1.5]]), np.array([0.2]), np.array([[0.3]]))] + _mvn_cases(rng, 3),
    mistakes=(
        Mistake("half_log_det",
                "with cov = L Lᵀ, log det cov = 2 Σ_i log L_ii: you used Σ_i log L_ii once.",
                _mvn_half_logdet),
        Mistake("cov_not_inverted",
                "the quadratic form uses the inverse covariance, (x - μ)ᵀ Σ⁻¹ (x - μ); with the Cholesky "
                "factor that is |y|² where L y = x - μ (np.linalg.solve(L, ...)).", _mvn_cov_not_inverted),
        Mistake("one_2pi_only",
                "the normalising constant is (2π)^(D/2) sqrt(det Σ): the log 2π term is multiplied by "
                "the dimension D.", _mvn_one_2pi),
    ),
)


# --- 10 · n_parameters(n_components, n_features) and 11 · bic(...) -------------------------------------

def _t_means_only(k, d):
    return int(k * d)


N_PARAMETERS = Exercise(
    id="gmm.n_parameters",
    arg_names=("n_components", "n_features"),
    reference=gmm.n_parameters,
    visible_cases=lambda rng: [(2, 2), (1, 1), (3, 4), (5, 2)],
    hidden_cases=lambda rng: [(4, 3), (2, 1), (1, 6), (7, 2)],
    mistakes=(
        Mistake("means_only",
                "you counted only the means. Each component also has a covariance matrix and a weight.",
                _t_means_only),
        Mistake("full_matrix",
                "a covariance matrix is symmetric: it has D (D + 1) / 2 free entries, not D².",
                lambda k, d: int(k * d + k * d * d + k - 1)),
        Mistake("all_weights",
                "the K weights sum to 1, so only K - 1 of them are free.",
                lambda k, d: int(k * d + k * d * (d + 1) // 2 + k)),
    ),
)


def _bic_cases(rng, count):
    return [(round(float(-rng.uniform(50, 3000)), 3), int(rng.integers(1, 7)), int(rng.integers(1, 4)),
             int(rng.integers(20, 2000))) for _ in range(count)]


BIC = Exercise(
    id="gmm.bic",
    arg_names=("log_likelihood", "n_components", "n_features", "n_samples"),
    reference=gmm.bic,
    visible_cases=lambda rng: [(-1130.264, 2, 2, 272), (-420.5, 3, 1, 300)] + _bic_cases(rng, 2),
    hidden_cases=lambda rng: [(-1000.0, 4, 2, 272), (12.5, 1, 3, 50)] + _bic_cases(rng, 3),
    mistakes=(
        Mistake("means_only",
                "t counts every free parameter: K D means, K D (D + 1) / 2 covariance entries and "
                "K - 1 weights, not just the means.",
                lambda ll, k, d, n: float(-2 * ll + _t_means_only(k, d) * np.log(n))),
        Mistake("sign_of_log_likelihood",
                "BIC = -2 log L + t log n: the log-likelihood enters with a minus sign (a better fit "
                "gives a smaller BIC).",
                lambda ll, k, d, n: float(2 * ll + gmm.n_parameters(k, d) * np.log(n))),
        Mistake("missing_factor_2",
                "BIC = -2 log L + t log n: you left out the factor 2 on the log-likelihood.",
                lambda ll, k, d, n: float(-ll + gmm.n_parameters(k, d) * np.log(n))),
    ),
)


# --- 12 · e_step_full(X, weights, means, covariances) and 13 · m_step_full(X, resp) ------------------------

def _full_mixture(rng, k, d):
    means = _r(rng.normal(0, 3, (k, d)), 2)
    covariances = np.stack([_spd(rng, d) for _ in range(k)])
    return _weights(rng, k), means, covariances


def _full_points(rng, means, covariances, n):
    z = rng.integers(len(means), size=n)
    L = np.linalg.cholesky(covariances)
    return _r(means[z] + np.einsum("nij,nj->ni", L[z], rng.standard_normal((n, means.shape[1]))), 3)


def _full_cases(rng, count, far=False):
    cases = []
    for _ in range(count):
        k, d = int(rng.integers(2, 4)), 2
        w, m, c = _full_mixture(rng, k, d)
        X = _full_points(rng, m, c, int(rng.integers(4, 8)))
        if far:
            scale = np.sqrt(np.max(np.linalg.eigvalsh(c)))
            X = np.vstack([X, np.round(m.max(axis=0) + 45.0 * scale, 2)])
        cases.append((X, w, m, c))
    return cases


def _full_e_over_samples(X, weights, means, covariances):
    log_joint = np.log(weights) + gmm.log_component_densities(X, means, covariances)
    return np.exp(log_joint - gmm.logsumexp(log_joint, axis=0))


def _full_e_multiplied(X, weights, means, covariances):
    dens = np.stack([gaussian.mvn_pdf(X, m, c) for m, c in zip(means, covariances)], axis=1)
    with np.errstate(invalid="ignore", divide="ignore", under="ignore"):
        joint = dens * weights
        return joint / joint.sum(axis=1, keepdims=True)


E_STEP_FULL = Exercise(
    id="gmm.e_step_full",
    arg_names=("X", "weights", "means", "covariances"),
    reference=gmm.e_step,
    visible_cases=lambda rng: [(np.array([[0.0, 0.0], [1.0, 1.0], [3.0, 2.5]]), np.array([0.7, 0.3]),
                                np.array([[0.0, 0.0], [3.0, 3.0]]), np.array([np.eye(2), [[1.0, 0.5], [0.5, 1.0]]]))]
    + _full_cases(rng, 2) + _full_cases(rng, 1, far=True),
    hidden_cases=lambda rng: [(np.array([[0.0, 1.0], [2.0, -1.0]]), np.array([1.0]), np.array([[0.5, 0.5]]),
                               np.array([[[2.0, 0.3], [0.3, 1.0]]]))] + _full_cases(rng, 3) + _full_cases(rng, 1, far=True),
    mistakes=(
        Mistake("normalised_over_samples", OVER_SAMPLES, _full_e_over_samples),
        Mistake("prior_left_out", NO_WEIGHTS,
                lambda X, w, m, c: gmm.e_step(X, np.full(len(w), 1.0 / len(w)), m, c)),
        Mistake("multiplied_densities", MULTIPLIED, _full_e_multiplied),
    ),
)


def _full_m(X, resp):
    return gmm.m_step(X, resp, reg_covar=0.0)


def _full_m_divides_by_n(X, resp):
    w, m, c = _full_m(X, resp)
    nk = resp.sum(axis=0)
    return w, m * (nk / len(X))[:, None], c * (nk / len(X))[:, None, None]


def _full_m_unweighted_cov(X, resp):
    w, m, _ = _full_m(X, resp)
    cov = np.stack([(X - mk).T @ (X - mk) / len(X) for mk in m])
    return w, m, cov


def _full_m_diagonal(X, resp):
    w, m, c = _full_m(X, resp)
    return w, m, c * np.eye(X.shape[1])


def _full_m_cases(rng, count):
    cases = []
    for _ in range(count):
        n, k = int(rng.integers(6, 10)), int(rng.integers(2, 4))
        resp = rng.dirichlet(np.ones(k), size=n)
        cases.append((_r(rng.normal(0, 3, (n, 2)), 3), np.round(resp, 4) / np.round(resp, 4).sum(1, keepdims=True)))
    return cases


M_STEP_FULL = Exercise(
    id="gmm.m_step_full",
    arg_names=("X", "resp"),
    reference=_full_m,
    visible_cases=lambda rng: [(np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0], [10.0, 10.0], [12.0, 11.0]]),
                                np.eye(2)[[0, 0, 0, 1, 1]])] + _full_m_cases(rng, 2),
    hidden_cases=lambda rng: _full_m_cases(rng, 3),
    mistakes=(
        Mistake("divides_by_n",
                "divide the weighted sums by N_k = Σ_n r_nk, not by N; only π_k = N_k / N uses N.",
                _full_m_divides_by_n),
        Mistake("unweighted_covariance",
                "weight each outer product (x_n - μ_k)(x_n - μ_k)ᵀ by r_nk and divide by N_k; "
                "yours gives every point the same weight.", _full_m_unweighted_cov),
        Mistake("diagonal_only",
                "a full covariance keeps the off-diagonal terms Σ_n r_nk (x_ni - μ_ki)(x_nj - μ_kj) / N_k; "
                "you kept only the variances.", _full_m_diagonal),
    ),
)

EXERCISES = [GAUSSIAN_PDF, FIT_GAUSSIAN_MLE, MIXTURE_PDF, SAMPLE_GMM, E_STEP, M_STEP, LOG_LIKELIHOOD,
             RUN_EM, MVN_LOGPDF, E_STEP_FULL, M_STEP_FULL, N_PARAMETERS, BIC]
