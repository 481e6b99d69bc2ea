"""Reference solutions for one Gaussian: density, log-density and 1-D maximum likelihood.

In one dimension the parameters are a mean ``mean`` and a *variance* ``var`` (σ², not σ):

    N(x | μ, σ²) = exp(-(x - μ)² / (2σ²)) / sqrt(2π σ²).

In D dimensions they are a mean vector and a covariance matrix; the log-density goes
through the Cholesky factor of the covariance, never through an explicit inverse.
Maximum-likelihood estimates divide by N (not N - 1), as in the lecture notes.
"""

from __future__ import annotations

import numpy as np

__all__ = ["logpdf", "pdf", "fit_mle", "cholesky_factor", "mvn_logpdf", "mvn_pdf", "LOG_2PI"]

LOG_2PI = float(np.log(2.0 * np.pi))


def _variance(var) -> np.ndarray:
    var = np.asarray(var, dtype=float)
    if not np.all(np.isfinite(var)) or np.any(var <= 0):
        raise ValueError(f"var is the variance σ² and must be finite and > 0, got {var!r}")
    return var


def logpdf(x, mean, var) -> np.ndarray:
    """Log-density of a 1-D Gaussian.

    Parameters
    ----------
    x : float or array_like, shape (n,)
        Points.
    mean : float
        Mean μ.
    var : float
        Variance σ² (> 0).

    Returns
    -------
    log_density : float or ndarray, shape (n,)
        ``-(x - μ)² / (2σ²) - log(2π σ²) / 2``, finite even far in the tails.
    """
    var = _variance(var)
    x = np.asarray(x, dtype=float)
    return -0.5 * (x - mean) ** 2 / var - 0.5 * (LOG_2PI + np.log(var))


def pdf(x, mean, var) -> np.ndarray:
    """Density of a 1-D Gaussian, ``exp(logpdf(x, mean, var))``.

    Parameters
    ----------
    x : float or array_like, shape (n,)
    mean : float
    var : float
        Variance σ² (> 0).

    Returns
    -------
    density : float or ndarray, shape (n,)
    """
    return np.exp(logpdf(x, mean, var))


def fit_mle(x) -> tuple[float, float]:
    """Maximum-likelihood mean and variance of 1-D data.

    Parameters
    ----------
    x : array_like, shape (n,)
        At least one finite value.

    Returns
    -------
    mean : float
        ``sum(x) / N``.
    var : float
        ``sum((x - mean)²) / N`` (the MLE divides by N, not N - 1).  It is 0 when all
        values are equal.
    """
    x = np.asarray(x, dtype=float)
    if x.ndim != 1 or x.size == 0 or not np.all(np.isfinite(x)):
        raise ValueError(f"x must be a non-empty 1-D array of finite numbers, got shape {x.shape}")
    mean = float(x.mean())
    return mean, float(np.mean((x - mean) ** 2))


def cholesky_factor(cov, what="cov") -> np.ndarray:
    """Lower Cholesky factor of a covariance, with an error that says what to change.

    Parameters
    ----------
    cov : array_like, shape (D, D)
        Symmetric positive definite covariance.
    what : str
        Name of the covariance in the error message.

    Returns
    -------
    L : ndarray, shape (D, D)
        Lower triangular, ``L Lᵀ = cov``.

    Raises
    ------
    ValueError
        If ``cov`` is not positive definite (its Cholesky factorisation fails).
    """
    try:
        return np.linalg.cholesky(cov)
    except np.linalg.LinAlgError:
        raise ValueError(f"{what} is not symmetric positive definite (Cholesky failed); a covariance "
                         "that collapsed onto a line or a point needs a variance floor "
                         "(reg_covar)") from None


def mvn_logpdf(X, mean, cov) -> np.ndarray:
    """Log-density of a multivariate Gaussian, through the Cholesky factor of ``cov``.

    Parameters
    ----------
    X : array_like, shape (n, D)
        Points, one per row.
    mean : array_like, shape (D,)
    cov : array_like, shape (D, D)
        Symmetric positive definite covariance.

    Returns
    -------
    log_density : ndarray, shape (n,)

    Notes
    -----
    With ``cov = L Lᵀ`` and ``y = L⁻¹ (x - μ)``,
    ``log N = -(D log 2π + log det cov + |y|²) / 2`` and ``log det cov = 2 Σ log L_ii``.
    L is only D x D, so its inverse is cheap; all n points are then transformed by one matrix
    product ``(X - μ) L⁻ᵀ``, which is much faster than a solve with n right-hand sides.
    """
    X = np.asarray(X, dtype=float)
    mean = np.asarray(mean, dtype=float)
    cov = np.asarray(cov, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (n, D), got {X.shape}")
    d = X.shape[1]
    if mean.shape != (d,) or cov.shape != (d, d):
        raise ValueError(f"for X of shape {X.shape}, mean must have shape ({d},) and cov ({d}, {d}); "
                         f"got {mean.shape} and {cov.shape}")
    L = cholesky_factor(cov)
    y = (X - mean) @ np.linalg.inv(L).T  # (n, D); row n is y_n = L⁻¹ (x_n - μ)
    log_det = 2.0 * np.sum(np.log(np.diag(L)))
    return -0.5 * (d * LOG_2PI + log_det + np.einsum("nd,nd->n", y, y))  # einsum: |y_n|² of every row


def mvn_pdf(X, mean, cov) -> np.ndarray:
    """Density of a multivariate Gaussian, ``exp(mvn_logpdf(X, mean, cov))``, shape (n,)."""
    return np.exp(mvn_logpdf(X, mean, cov))
