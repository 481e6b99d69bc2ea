"""Oracles for notebook 03, Gaussian mixtures: loops with math, scipy.stats and scikit-learn.

Variances are σ², never σ.  Nothing here imports genlab.reference.
"""

from __future__ import annotations

import math
import warnings

import numpy as np
from scipy import stats
from scipy.special import logsumexp


def _log_normal(x, mean, var):
    # log N(x | μ, σ²) = -(x - μ)² / (2σ²) - log(2π σ²) / 2
    return -((x - mean) ** 2) / (2.0 * var) - 0.5 * math.log(2.0 * math.pi * var)


def _log_sum_exp(values):
    # log Σ exp(a_i) = m + log Σ exp(a_i - m), m = max a_i
    m = max(values)
    return m + math.log(sum(math.exp(v - m) for v in values))


def gaussian_pdf(x, mean, var):
    # scipy's normal takes the standard deviation σ = sqrt(σ²)
    return stats.norm.pdf(np.asarray(x, float), loc=mean, scale=math.sqrt(var))


def fit_gaussian_mle(x):
    # scipy's norm.fit is the maximum-likelihood (loc, scale); the MLE variance is scale²
    loc, scale = stats.norm.fit(np.asarray(x, float))
    return float(loc), float(scale) ** 2


def mixture_pdf(x, weights, means, variances):
    # p(x) = Σ_k π_k N(x | μ_k, σ²_k), one point at a time
    return np.array([sum(w * math.exp(_log_normal(float(xn), m, v)) for w, m, v in zip(weights, means, variances))
                     for xn in x])


def sample_gmm(n_samples, weights, means, variances, random_state):
    """Not a value but a distribution: the custom checker compares two samples by their
    empirical CDFs (two-sample Kolmogorov-Smirnov).  No sample can be reproduced
    independently, so the oracle draws its own sample of the same size from the same mixture
    with scikit-learn's sampler and a different seed.  tests/test_hidden_oracles.py also checks
    the reference's sample against the exact mixture CDF (one-sample KS)."""
    from sklearn.mixture import GaussianMixture

    k = len(weights)
    mixture = GaussianMixture(n_components=k, covariance_type="full", random_state=10_007 + int(random_state))
    mixture.weights_ = np.asarray(weights, float)
    mixture.means_ = np.asarray(means, float).reshape(k, 1)
    mixture.covariances_ = np.asarray(variances, float).reshape(k, 1, 1)
    return mixture.sample(int(n_samples))[0][:, 0]


def mixture_cdf(t, weights, means, variances):
    """F(t) = Σ_k π_k Φ((t - μ_k) / σ_k), the exact CDF of a 1-D mixture."""
    t = np.asarray(t, float)[..., None]
    return np.sum(np.asarray(weights) * stats.norm.cdf(t, np.asarray(means), np.sqrt(variances)), axis=-1)


def e_step(x, weights, means, variances):
    # r_nk = π_k N(x_n | μ_k, σ²_k) / Σ_j π_j N(x_n | μ_j, σ²_j), in logs, one point at a time
    resp = []
    for xn in x:
        a = [math.log(w) + _log_normal(float(xn), m, v) for w, m, v in zip(weights, means, variances)]
        total = _log_sum_exp(a)
        resp.append([math.exp(ak - total) for ak in a])
    return np.array(resp)


def m_step(x, resp):
    # N_k = Σ_n r_nk; π_k = N_k / N; μ_k = Σ_n r_nk x_n / N_k; σ²_k = Σ_n r_nk (x_n - μ_k)² / N_k
    n, k = np.shape(resp)
    weights, means, variances = [], [], []
    for j in range(k):
        nk = sum(float(resp[i][j]) for i in range(n))
        mu = sum(float(resp[i][j]) * float(x[i]) for i in range(n)) / nk
        weights.append(nk / n)
        means.append(mu)
        variances.append(sum(float(resp[i][j]) * (float(x[i]) - mu) ** 2 for i in range(n)) / nk)
    return np.array(weights), np.array(means), np.array(variances)


def log_likelihood(x, weights, means, variances):
    # Σ_n log Σ_k π_k N(x_n | μ_k, σ²_k)
    return sum(_log_sum_exp([math.log(w) + _log_normal(float(xn), m, v) for w, m, v in zip(weights, means, variances)])
               for xn in x)


def run_em(x, weights, means, variances, n_iter):
    """scikit-learn's EM started at the given parameters, no variance floor, no early stop:
    ``max_iter = t`` gives the parameters after t iterations (one E-step and one M-step each)."""
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.mixture import GaussianMixture

    X = np.asarray(x, float)[:, None]
    k = len(weights)
    params = (np.asarray(weights, float), np.asarray(means, float), np.asarray(variances, float))
    lls = [log_likelihood(x, *params)]  # the start, before any iteration
    for t in range(1, int(n_iter) + 1):
        mixture = GaussianMixture(n_components=k, covariance_type="full", tol=0.0, reg_covar=0.0, max_iter=t,
                                  weights_init=np.asarray(weights, float),
                                  means_init=np.asarray(means, float).reshape(k, 1),
                                  precisions_init=(1.0 / np.asarray(variances, float)).reshape(k, 1, 1),
                                  init_params="random_from_data", random_state=0)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            mixture.fit(X)
        params = (mixture.weights_, mixture.means_[:, 0], mixture.covariances_[:, 0, 0])
        lls.append(float(mixture.score(X)) * len(X))  # score is the mean log-likelihood per point
    return (*params, np.array(lls))


def mvn_logpdf(X, mean, cov):
    return np.atleast_1d(stats.multivariate_normal.logpdf(np.asarray(X, float), mean=mean, cov=cov))


def e_step_full(X, weights, means, covariances):
    # log r_nk = log π_k + log N(x_n | μ_k, Σ_k) - logsumexp_j(...)
    a = np.column_stack([math.log(w) + mvn_logpdf(X, m, c) for w, m, c in zip(weights, means, covariances)])
    return np.exp(a - logsumexp(a, axis=1, keepdims=True))


def m_step_full(X, resp):
    # Σ_k = Σ_n r_nk (x_n - μ_k)(x_n - μ_k)ᵀ / N_k, one outer product per point
    X, resp = np.asarray(X, float), np.asarray(resp, float)
    n = X.shape[0]
    weights, means, covariances = [], [], []
    for j in range(resp.shape[1]):
        nk = sum(resp[i, j] for i in range(n))
        mu = sum(resp[i, j] * X[i] for i in range(n)) / nk
        cov = sum(resp[i, j] * np.outer(X[i] - mu, X[i] - mu) for i in range(n)) / nk
        weights.append(nk / n)
        means.append(mu)
        covariances.append(cov)
    return np.array(weights), np.array(means), np.array(covariances)


def n_parameters(n_components, n_features):
    """Count the free parameters one by one: every mean entry, every covariance entry on or
    above the diagonal (Σ is symmetric), and all weights but one (they sum to 1)."""
    k, d = int(n_components), int(n_features)
    means = sum(1 for _ in range(k) for _ in range(d))
    covariance_entries = sum(1 for _ in range(k) for i in range(d) for j in range(d) if i <= j)
    return means + covariance_entries + (k - 1)


def bic(log_likelihood_value, n_components, n_features, n_samples):
    # BIC = -2 log L + t log n
    return -2.0 * log_likelihood_value + n_parameters(n_components, n_features) * math.log(n_samples)


def _top_eigenpair(cov, n_iter=2000):
    """Largest eigenvalue and its unit eigenvector by power iteration (no LAPACK eigensolver)."""
    v = np.ones(len(cov)) / math.sqrt(len(cov))
    for _ in range(n_iter):
        w = cov @ v
        v = w / math.sqrt(float(w @ w))
    return float(v @ cov @ v), v


def split_widest(weights, means, covariances):
    # j = argmax_k π_k λ_k; μ_j ∓ ½ √λ_j v_j, half the weight each, the same covariance
    pairs = [_top_eigenpair(np.asarray(c, float)) for c in covariances]
    j = max(range(len(weights)), key=lambda k: weights[k] * pairs[k][0])
    value, v = pairs[j]
    delta = 0.5 * math.sqrt(value) * v
    new_weights = [w / 2 if k == j else w for k, w in enumerate(weights)] + [weights[j] / 2]
    new_means = [m - delta if k == j else m for k, m in enumerate(np.asarray(means, float))] + [means[j] + delta]
    return np.array(new_weights), np.array(new_means), np.concatenate([covariances, covariances[j][None]])


ORACLES = {
    "gmm.gaussian_pdf": gaussian_pdf,
    "gmm.fit_gaussian_mle": fit_gaussian_mle,
    "gmm.mixture_pdf": mixture_pdf,
    "gmm.sample_gmm": sample_gmm,
    "gmm.e_step": e_step,
    "gmm.m_step": m_step,
    "gmm.log_likelihood": log_likelihood,
    "gmm.run_em": run_em,
    "gmm.mvn_logpdf": mvn_logpdf,
    "gmm.e_step_full": e_step_full,
    "gmm.m_step_full": m_step_full,
    "gmm.split_widest": split_widest,
    "gmm.n_parameters": n_parameters,
    "gmm.bic": bic,
}
