"""Notebook 03, exercises 9-11 (full covariances in D dimensions) and 13-14 (choosing K)."""

from __future__ import annotations

import numpy as np

from genlab.reference import gaussian, gmm
from grader.authoring.exercises.gmm.common import (
    LOG_2PI, OVER_SAMPLES, NO_WEIGHTS, MULTIPLIED, _r, _weights,
)
from grader.authoring.schema import Exercise, Mistake

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


def _mvn_log_det_not_halved(X, mean, cov):
    return gaussian.mvn_logpdf(X, mean, cov) - 0.5 * np.linalg.slogdet(cov)[1]


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
                "the quadratic form uses the inverse covariance, (x - μ)ᵀ Σ⁻¹ (x - μ). With the Cholesky "
                "factor you never form the inverse: it is the squared length of the y that solves "
                "L y = x - μ.", _mvn_cov_not_inverted),
        Mistake("one_2pi_only",
                "the normalising constant is (2π)^(D/2) sqrt(det Σ): the log 2π term is multiplied by "
                "the dimension D.", _mvn_one_2pi),
        Mistake("log_det_not_halved",
                "the normaliser has the square root of det Σ, so log det Σ enters the log-density with a "
                "factor ½, like the log 2π term; yours subtracts the whole log-determinant.",
                _mvn_log_det_not_halved),
        Mistake("density_not_log",
                "this is the density itself; mvn_logpdf returns its logarithm. Far from the mean the "
                "density underflows to 0, while its log stays an ordinary negative number.",
                lambda X, mean, cov: np.exp(gaussian.mvn_logpdf(X, mean, cov))),
    ),
)


# --- 10 · n_parameters(n_components, n_features) and 11 · bic(...) -------------------------------------

def _t_means_only(k, d):
    return int(k * d)


_N_PARAMETERS_VISIBLE = [(2, 2), (1, 1), (3, 4), (5, 2)]


def _n_parameters_hidden(rng):
    """Four (K, D) pairs drawn from ``rng``, none of them visible."""
    pairs = [(k, d) for k in range(1, 9) for d in range(1, 7) if (k, d) not in _N_PARAMETERS_VISIBLE]
    return [pairs[i] for i in sorted(rng.choice(len(pairs), size=4, replace=False))]


N_PARAMETERS = Exercise(
    id="gmm.n_parameters",
    arg_names=("n_components", "n_features"),
    reference=gmm.n_parameters,
    visible_cases=lambda rng: list(_N_PARAMETERS_VISIBLE),
    hidden_cases=_n_parameters_hidden,
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
        Mistake("no_weights",
                "the K weights are parameters too; since they sum to 1, they add K - 1.",
                lambda k, d: k * d + k * d * (d + 1) // 2),
        Mistake("diagonal_covariances",
                "you counted D variances per component, as for diagonal covariances; a full covariance also "
                "has its correlations: D(D + 1)/2 free entries, Σ being symmetric.",
                lambda k, d: 2 * k * d + k - 1),
        Mistake("off_diagonal_only",
                "D(D − 1)/2 counts the entries above the diagonal only; the D variances on the diagonal "
                "are free parameters too.",
                lambda k, d: k * d + k * d * (d - 1) // 2 + k - 1),
    ),
)


def _bic_cases(rng, count):
    return [(round(float(-rng.uniform(50, 3000)), 3), int(rng.integers(1, 7)), int(rng.integers(1, 4)),
             int(rng.integers(20, 2000))) for _ in range(count)]


def _bic_with(ll, n, t, penalty=None, factor=2.0):
    return float(-factor * ll + t * (np.log(n) if penalty is None else penalty))


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
        Mistake("full_matrix",
                "your parameter count t treats each covariance as D² free numbers, but a covariance "
                "matrix is symmetric: entry (i, j) and entry (j, i) are one parameter.",
                lambda ll, k, d, n: _bic_with(ll, n, k * d + k * d * d + k - 1)),
        Mistake("all_weights",
                "your parameter count t counts all K weights, but they must sum to 1: once K - 1 are "
                "chosen, the last one is fixed.",
                lambda ll, k, d, n: _bic_with(ll, n, gmm.n_parameters(k, d) + 1)),
        Mistake("aic_penalty",
                "this is AIC, whose penalty is 2 per parameter. BIC's penalty grows with the amount of "
                "data: each parameter costs log n.",
                lambda ll, k, d, n: _bic_with(ll, n, gmm.n_parameters(k, d), penalty=2.0)),
        Mistake("halved",
                "this is half the BIC (-log L + ½ t log n). It ranks models the same way, but the course "
                "uses the usual scale, -2 log L + t log n, so keep both factors.",
                lambda ll, k, d, n: _bic_with(ll, n, gmm.n_parameters(k, d) / 2, factor=1.0)),
        Mistake("half_penalty",
                "BIC = -2 log L + t log n: in this form (with -2 log L) the penalty has no ½; "
                "the ½ belongs to the other form, -log L + ½ t log n.",
                lambda ll, k, d, n: -2 * ll + 0.5 * gmm.n_parameters(k, d) * np.log(n)),
        Mistake("log10",
                "the penalty uses the natural logarithm of n, np.log, not np.log10.",
                lambda ll, k, d, n: -2 * ll + gmm.n_parameters(k, d) * np.log10(n)),
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


def _full_e_from(log_dens, weights):
    log_joint = np.log(weights) + log_dens
    return np.exp(log_joint - gmm.logsumexp(log_joint, axis=1)[:, None])


def _full_e_dropped_log_det(X, weights, means, covariances):
    log_dens = gmm.log_component_densities(X, means, covariances)
    return _full_e_from(log_dens + 0.5 * np.linalg.slogdet(covariances)[1], weights)


def _full_e_log_det_not_halved(X, weights, means, covariances):
    log_dens = gmm.log_component_densities(X, means, covariances)
    return _full_e_from(log_dens - 0.5 * np.linalg.slogdet(covariances)[1], weights)


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
        Mistake("dropped_log_det",
                "-½ log det Σ_k is the same for every point but not for every component: a broad "
                "component spreads its density thinner. Only the terms that are equal for all k "
                "(like -D/2 log 2π) cancel when you normalise.", _full_e_dropped_log_det),
        Mistake("log_det_not_halved",
                "each component's log-density has -½ log det Σ_k: the square root of the determinant "
                "in the normaliser gives the ½. Yours subtracts the whole log-determinant.",
                _full_e_log_det_not_halved),
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


def _full_m_covariance_by_n(X, resp):
    w, m, c = _full_m(X, resp)
    return w, m, c * (resp.sum(axis=0) / len(X))[:, None, None]


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
        Mistake("covariance_divided_by_n",
                "your means are right, but each covariance is an average over the component's own "
                "share of the points: divide its weighted sum of outer products by N_k, not by N.",
                _full_m_covariance_by_n),
    ),
)
