"""A Gaussian mixture as a density: log-densities, responsibilities (the E-step), likelihood, sampling.

    p(x) = Σ_k π_k N(x | μ_k, Σ_k),   Σ_k π_k = 1.

Densities are combined in log space (logsumexp), so a point far from every component
does not underflow; covariances go through their Cholesky factor.  Every function accepts
the full form and the 1-D form of :mod:`genlab.reference.gmm.forms`.
"""

from __future__ import annotations

import numpy as np

from genlab.reference.gaussian import LOG_2PI, cholesky_factor
from genlab.reference.gmm.forms import as_2d, check_params

__all__ = ["logsumexp", "log_component_densities", "log_resp", "e_step", "score_samples",
           "log_likelihood", "score", "sample"]


def logsumexp(a, axis=None) -> np.ndarray:
    """``log Σ exp(a)`` along ``axis``, without overflow or underflow.

    Parameters
    ----------
    a : array_like
        Values in log space; ``-inf`` entries (log 0) are allowed.
    axis : int or None
        Axis to reduce; None reduces over every entry.

    Returns
    -------
    out : ndarray or float
        ``a`` reduced along ``axis`` (a float when ``axis`` is None).

    Notes
    -----
    Computed as ``m + log Σ exp(a - m)`` with ``m = max a`` (taken as 0 where the max is not
    finite, so a row of ``-inf`` gives ``-inf``).
    """
    a = np.asarray(a, dtype=float)
    m = np.max(a, axis=axis, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    shifted = a - m
    np.exp(shifted, out=shifted)  # in place: no second (n, K) array
    out = m + np.log(np.sum(shifted, axis=axis, keepdims=True))
    return out.squeeze(axis) if axis is not None else out.reshape(())[()]


def log_component_densities(X, means, covariances) -> np.ndarray:
    """``log N(x_n | μ_k, Σ_k)`` for every point and component.

    Parameters
    ----------
    X : array_like, shape (n, D) or (n,)
    means : array_like, shape (K, D) or (K,)
    covariances : array_like, shape (K, D, D) or (K,) (variances, 1-D form)

    Returns
    -------
    log_dens : ndarray, shape (n, K)

    Raises
    ------
    ValueError
        If the shapes do not fit, or a covariance is not positive definite (the message names
        the component).

    Notes
    -----
    The formula of :func:`genlab.reference.gaussian.mvn_logpdf`, for K components at once: with
    ``Σ_k = L Lᵀ`` (one Cholesky factor per component) and ``y = L⁻¹ (x_n - μ_k)``,
    ``log N = -(D log 2π + 2 Σ log L_ii + |y|²) / 2``.  The points are held as columns of a
    (D, n) array, so every operation runs along long contiguous rows, and the result is built
    one component (row) at a time and returned transposed, as an (n, K) view: numpy then reduces
    over k (max, sum) by combining K long rows, much faster than n short ones.
    """
    X, one_d = as_2d(X)
    means = np.asarray(means, dtype=float)
    covariances = np.asarray(covariances, dtype=float)
    if one_d and means.ndim == 1:
        means, covariances = means[:, None], covariances.reshape(-1, 1, 1)
    n, d = X.shape
    k_count = means.shape[0] if means.ndim == 2 else -1
    if means.shape != (k_count, d) or covariances.shape != (k_count, d, d):
        raise ValueError(f"for X of shape {X.shape}, means must have shape (K, {d}) and covariances "
                         f"(K, {d}, {d}); got {means.shape} and {covariances.shape}")
    Xt = np.ascontiguousarray(X.T)  # (D, n): column n is x_n
    out = np.empty((k_count, n))
    for k in range(k_count):
        try:
            L = cholesky_factor(covariances[k])
        except ValueError as error:
            raise ValueError(f"component {k}: {error}") from None
        y = np.linalg.inv(L) @ (Xt - means[k][:, None])  # (D, n): column n is L⁻¹ (x_n - μ_k)
        log_det = 2.0 * np.sum(np.log(np.diag(L)))
        out[k] = -0.5 * (d * LOG_2PI + log_det + np.einsum("dn,dn->n", y, y))  # einsum: |y|² per column
    return out.T


def log_resp(X, weights, means, covariances):
    """Log-responsibilities and per-sample log-likelihoods, both in log space.

    Parameters
    ----------
    X : array_like, shape (n, D) or (n,)
    weights : array_like, shape (K,)
    means : array_like, shape (K, D) or (K,)
    covariances : array_like, shape (K, D, D) or (K,) (variances, 1-D form)

    Returns
    -------
    log_resp : ndarray, shape (n, K)
        ``log π_k + log N(x_n | μ_k, Σ_k) - log p(x_n)``.
    log_px : ndarray, shape (n,)
        ``log p(x_n) = logsumexp_k (log π_k + log N(x_n | μ_k, Σ_k))``.
    """
    X, one_d = as_2d(X)
    weights, means, covariances = check_params(weights, means, covariances, X.shape[1], one_d)
    weighted = log_component_densities(X, means, covariances)
    with np.errstate(divide="ignore"):  # log 0 = -inf for a weight of exactly 0
        weighted += np.log(weights)  # in place: log π_k + log N(x_n | μ_k, Σ_k)
    log_px = logsumexp(weighted, axis=1)
    weighted -= log_px[:, None]  # in place: weighted becomes log_resp
    return weighted, log_px


def e_step(X, weights, means, covariances) -> np.ndarray:
    """Responsibilities ``r_nk = p(z_n = k | x_n)``.

    Parameters
    ----------
    X : ndarray, shape (n, D) or (n,)
    weights : ndarray, shape (K,)
    means : ndarray, shape (K, D) or (K,)
    covariances : ndarray, shape (K, D, D) or (K,) (variances, 1-D form)

    Returns
    -------
    resp : ndarray, shape (n, K)
        Each row sums to 1: ``π_k N(x_n|μ_k,Σ_k) / Σ_j π_j N(x_n|μ_j,Σ_j)``, computed in log space.
    """
    return np.exp(log_resp(X, weights, means, covariances)[0])


def score_samples(X, weights, means, covariances) -> np.ndarray:
    """Log-density ``log p(x_n)`` of every point under the mixture.

    Parameters
    ----------
    X : array_like, shape (n, D) or (n,)
    weights : array_like, shape (K,)
    means : array_like, shape (K, D) or (K,)
    covariances : array_like, shape (K, D, D) or (K,) (variances, 1-D form)

    Returns
    -------
    log_px : ndarray, shape (n,)
    """
    return log_resp(X, weights, means, covariances)[1]


def log_likelihood(X, weights, means, covariances) -> float:
    """Total log-likelihood ``Σ_n log Σ_k π_k N(x_n | μ_k, Σ_k)``.

    Parameters
    ----------
    X : array_like, shape (n, D) or (n,)
    weights : array_like, shape (K,)
    means : array_like, shape (K, D) or (K,)
    covariances : array_like, shape (K, D, D) or (K,) (variances, 1-D form)

    Returns
    -------
    log_likelihood : float
        A sum over points (scikit-learn's ``score`` is this divided by n).
    """
    return float(score_samples(X, weights, means, covariances).sum())


def score(X, weights, means, covariances) -> float:
    """Average log-likelihood per point: the held-out score of a fitted mixture.

    Parameters
    ----------
    X : array_like, shape (n, D) or (n,)
    weights : array_like, shape (K,)
    means : array_like, shape (K, D) or (K,)
    covariances : array_like, shape (K, D, D) or (K,) (variances, 1-D form)

    Returns
    -------
    score : float
        ``log_likelihood(X, ...) / n``.
    """
    return float(score_samples(X, weights, means, covariances).mean())


def sample(n_samples, weights, means, covariances, random_state=None):
    """Draw from the mixture by its generative story: ``z ~ Cat(π)``, then ``x ~ N(μ_z, Σ_z)``.

    Parameters
    ----------
    n_samples : int
    weights : array_like, shape (K,)
    means : array_like, shape (K, D), or (K,) for the 1-D form
    covariances : array_like, shape (K, D, D), or (K,) variances for the 1-D form
    random_state : None, int or numpy Generator

    Returns
    -------
    X : ndarray, shape (n_samples, D) or (n_samples,) in the 1-D form
    z : ndarray of int, shape (n_samples,)
        The component each point came from.
    """
    rng = np.random.default_rng(random_state)
    means_in = np.asarray(means, dtype=float)
    one_d = means_in.ndim == 1
    d = 1 if one_d else means_in.shape[1]
    weights, means, covariances = check_params(weights, means, covariances, d, one_d)
    z = rng.choice(len(weights), size=int(n_samples), p=weights)
    L = np.array([np.linalg.cholesky(c) for c in covariances])
    eps = rng.standard_normal((int(n_samples), d))
    X = means[z] + np.einsum("nij,nj->ni", L[z], eps)
    return (X[:, 0] if one_d else X), z
