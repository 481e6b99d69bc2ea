"""The two forms of a mixture's data and parameters: full (n, D) and one-dimensional (n,).

Every function of :mod:`genlab.reference.gmm` computes in the full form: ``X`` (n, D),
``weights`` (K,), ``means`` (K, D), ``covariances`` (K, D, D).  For one-dimensional data a
caller may pass ``X`` (n,), ``means`` (K,) and ``covariances`` (K,) holding the *variances*;
these helpers turn that form into the full one on the way in, and back on the way out.
"""

from __future__ import annotations

import numpy as np

__all__ = ["as_2d", "check_params", "params_out"]


def as_2d(X):
    """Data in the full form, and whether it came in one-dimensional.

    Parameters
    ----------
    X : array_like, shape (n,) or (n, D)

    Returns
    -------
    X : ndarray of float, shape (n, D)
        A column (D = 1) when the input was 1-D.
    one_d : bool
        True when the input had shape (n,).

    Raises
    ------
    ValueError
        If X has neither one nor two dimensions.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        return X[:, None], True
    if X.ndim != 2:
        raise ValueError(f"X must have shape (n,) or (n, D), got {X.shape}")
    return X, False


def check_params(weights, means, covariances, d, one_d):
    """Mixture parameters in the full form, checked against each other and the data.

    Parameters
    ----------
    weights : array_like, shape (K,)
        Mixing weights, >= 0 and summing to 1.
    means : array_like, shape (K, D), or (K,) when ``one_d``
    covariances : array_like, shape (K, D, D), or (K,) variances when ``one_d``
    d : int
        Number of features D of the data.
    one_d : bool
        Whether the data came in the 1-D form (then 1-D means and variances are accepted).

    Returns
    -------
    weights : ndarray, shape (K,)
    means : ndarray, shape (K, D)
    covariances : ndarray, shape (K, D, D)

    Raises
    ------
    ValueError
        If a shape does not fit K and D, or the weights are negative or do not sum to 1.
    """
    weights = np.asarray(weights, dtype=float)
    means = np.asarray(means, dtype=float)
    covariances = np.asarray(covariances, dtype=float)
    if one_d and means.ndim == 1:
        means = means[:, None]
        covariances = covariances.reshape(-1, 1, 1)
    k = weights.shape[0] if weights.ndim == 1 else -1
    if weights.ndim != 1 or means.shape != (k, d) or covariances.shape != (k, d, d):
        raise ValueError(f"for {k} components in {d} dimension(s), weights must have shape ({k},), "
                         f"means ({k}, {d}) and covariances ({k}, {d}, {d}); got {weights.shape}, "
                         f"{means.shape} and {covariances.shape}")
    if np.any(weights < 0) or not np.isclose(weights.sum(), 1.0, rtol=0, atol=1e-8):
        raise ValueError(f"weights must be >= 0 and sum to 1, got {weights!r}")
    return weights, means, covariances


def params_out(weights, means, covariances, one_d):
    """Parameters back in the form the data came in.

    Parameters
    ----------
    weights : ndarray, shape (K,)
    means : ndarray, shape (K, D)
    covariances : ndarray, shape (K, D, D)
    one_d : bool
        Whether the data came in the 1-D form.

    Returns
    -------
    weights : ndarray, shape (K,)
    means : ndarray, shape (K, D), or (K,) when ``one_d``
    covariances : ndarray, shape (K, D, D), or (K,) variances when ``one_d``
    """
    if one_d:
        return weights, means[:, 0].copy(), covariances[:, 0, 0].copy()
    return weights, means, covariances
