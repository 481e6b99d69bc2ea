"""Choosing the number of components: parameter count and the Bayesian information criterion."""

from __future__ import annotations

import numpy as np

__all__ = ["n_parameters", "bic"]


def n_parameters(n_components, n_features) -> int:
    """Free parameters of a full-covariance Gaussian mixture.

    Parameters
    ----------
    n_components, n_features : int
        K >= 1 and D >= 1.

    Returns
    -------
    t : int
        ``K D`` means, ``K D (D+1) / 2`` covariance entries (symmetric) and ``K - 1`` weights
        (they sum to 1).
    """
    k, d = int(n_components), int(n_features)
    if k < 1 or d < 1:
        raise ValueError("n_components and n_features must be >= 1")
    return k * d + k * d * (d + 1) // 2 + k - 1


def bic(log_likelihood, n_components, n_features, n_samples) -> float:
    """Bayesian information criterion ``-2 log L + t log n`` (smaller is better).

    Parameters
    ----------
    log_likelihood : float
        Total log-likelihood of the ``n_samples`` points at the fitted parameters.
    n_components, n_features, n_samples : int

    Returns
    -------
    bic : float
        With ``t = n_parameters(n_components, n_features)``.
    """
    if n_samples < 1:
        raise ValueError("n_samples must be >= 1")
    return float(-2.0 * log_likelihood + n_parameters(n_components, n_features) * np.log(n_samples))
