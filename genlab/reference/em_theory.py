"""EM as maximisation of a lower bound, on one-dimensional Gaussian mixtures.

For data ``x`` (n,) and a mixture with ``weights`` π (K,), ``means`` μ (K,) and
``variances`` σ² (K,), write the joint of a point and its component as

    log p(x_n, z_n = k | θ) = log π_k + log N(x_n | μ_k, σ²_k)          ("log_joint", (n, K)).

For any distribution ``q`` over the components of each point (rows of an (n, K) array
that sum to 1), Jensen's inequality gives the evidence lower bound (ELBO)

    L(q, θ) = Σ_n Σ_k q_nk (log p(x_n, k | θ) - log q_nk)  <=  log p(x | θ),

with equality exactly when ``q`` is the posterior p(z | x, θ) (the E-step).  The M-step
maximises L over θ for fixed q, which is the same as maximising the expected
complete-data log-likelihood Q(θ, θ_old) = Σ q_nk log p(x_n, k | θ).

This module holds the reference functions of notebook 04 and the helpers its tests
use: finite-difference gradients and hard (k-means-like) vs soft EM.
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "LOG_2PI", "log_gaussian", "log_joint", "log_likelihood", "posterior", "e_step",
    "complete_log_likelihood", "m_step", "expected_complete_log_likelihood", "elbo",
    "numerical_gradient", "hard_assign", "run_em",
]

LOG_2PI = float(np.log(2.0 * np.pi))


# --- shapes -------------------------------------------------------------------------------

def _params(weights, means, variances):
    weights = np.asarray(weights, dtype=float)
    means = np.asarray(means, dtype=float)
    variances = np.asarray(variances, dtype=float)
    k = weights.shape[0] if weights.ndim == 1 else -1
    if weights.ndim != 1 or means.shape != (k,) or variances.shape != (k,):
        raise ValueError(f"weights, means and variances must all have shape (K,), got {weights.shape}, "
                         f"{means.shape} and {variances.shape}")
    if np.any(variances <= 0):
        raise ValueError(f"variances must be > 0, got {variances!r}")
    if np.any(weights < 0):
        raise ValueError(f"weights must be >= 0, got {weights!r}")
    return weights, means, variances


def _x(x):
    x = np.asarray(x, dtype=float)
    if x.ndim != 1:
        raise ValueError(f"x must have shape (n,), got {x.shape}")
    return x


def _logsumexp_rows(a):
    m = np.max(a, axis=1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    return (m + np.log(np.sum(np.exp(a - m), axis=1, keepdims=True)))[:, 0]


def _xlogx(q):
    """q log q with 0 log 0 = 0."""
    q = np.asarray(q, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(q > 0, q * np.log(np.where(q > 0, q, 1.0)), 0.0)


# --- densities ----------------------------------------------------------------------------

def log_gaussian(x, mean, variance) -> np.ndarray:
    """``log N(x | mean, variance)`` elementwise (broadcasting)."""
    x, mean, variance = (np.asarray(a, dtype=float) for a in (x, mean, variance))
    return -0.5 * (LOG_2PI + np.log(variance) + (x - mean) ** 2 / variance)


def log_joint(x, weights, means, variances) -> np.ndarray:
    """``log π_k + log N(x_n | μ_k, σ²_k)``, shape (n, K)."""
    x = _x(x)
    weights, means, variances = _params(weights, means, variances)
    with np.errstate(divide="ignore"):  # a weight of exactly 0 gives log 0 = -inf
        return np.log(weights)[None, :] + log_gaussian(x[:, None], means[None, :], variances[None, :])


def log_likelihood(x, weights, means, variances) -> float:
    """Observed-data log-likelihood ``Σ_n log Σ_k π_k N(x_n | μ_k, σ²_k)`` (log outside the sum)."""
    return float(_logsumexp_rows(log_joint(x, weights, means, variances)).sum())


# --- E-step: Bayes' rule --------------------------------------------------------------------

def posterior(prior, likelihood) -> np.ndarray:
    """Bayes' rule for the component of each point.

    Parameters
    ----------
    prior : ndarray, shape (K,)
        ``p(z = k)``, non-negative, summing to 1.
    likelihood : ndarray, shape (n, K)
        ``p(x_n | z = k)``, non-negative; every row has a positive entry where the prior is positive.

    Returns
    -------
    post : ndarray, shape (n, K)
        ``p(z = k | x_n) = p(x_n | k) p(k) / Σ_j p(x_n | j) p(j)``; rows sum to 1.
    """
    prior = np.asarray(prior, dtype=float)
    likelihood = np.asarray(likelihood, dtype=float)
    if prior.ndim != 1 or likelihood.ndim != 2 or likelihood.shape[1] != prior.shape[0]:
        raise ValueError(f"prior must have shape (K,) and likelihood (n, K), got {prior.shape} "
                         f"and {likelihood.shape}")
    joint = likelihood * prior[None, :]
    evidence = joint.sum(axis=1, keepdims=True)
    if np.any(evidence <= 0):
        raise ValueError("a point has zero probability under every component: p(x_n) = 0")
    return joint / evidence


def e_step(x, weights, means, variances) -> np.ndarray:
    """Responsibilities ``p(z_n = k | x_n, θ)``, shape (n, K), computed in log space."""
    lj = log_joint(x, weights, means, variances)
    return np.exp(lj - _logsumexp_rows(lj)[:, None])


# --- complete data and the M-step --------------------------------------------------------------

def complete_log_likelihood(x, z, weights, means, variances) -> float:
    """Log-likelihood when every point's component is known.

    Parameters
    ----------
    x : ndarray, shape (n,)
    z : ndarray of int, shape (n,)
        Component of each point, in ``0 .. K-1``.
    weights, means, variances : ndarray, shape (K,)

    Returns
    -------
    float
        ``Σ_n [log π_{z_n} + log N(x_n | μ_{z_n}, σ²_{z_n})]
        = Σ_n Σ_k 1(z_n = k) [log π_k + log N(x_n | μ_k, σ²_k)]``: the log sits next to
        one Gaussian, not around a sum.
    """
    x = _x(x)
    z = np.asarray(z)
    weights, means, variances = _params(weights, means, variances)
    if z.shape != x.shape or not np.issubdtype(z.dtype, np.integer) or np.any((z < 0) | (z >= len(weights))):
        raise ValueError(f"z must hold one integer label in 0..{len(weights) - 1} per point")
    with np.errstate(divide="ignore"):
        return float(np.sum(np.log(weights[z]) + log_gaussian(x, means[z], variances[z])))


def m_step(x, resp):
    """Parameters maximising ``Q(θ) = Σ_n Σ_k r_nk log p(x_n, k | θ)`` subject to ``Σ_k π_k = 1``.

    Parameters
    ----------
    x : ndarray, shape (n,)
    resp : ndarray, shape (n, K)
        Soft responsibilities, or one-hot indicators ``1(z_n = k)`` (hard labels).

    Returns
    -------
    weights : ndarray, shape (K,)
        ``N_k / N`` with ``N_k = Σ_n r_nk`` (the Lagrange multiplier is ``λ = -N``).
    means : ndarray, shape (K,)
        ``Σ_n r_nk x_n / N_k``.
    variances : ndarray, shape (K,)
        ``Σ_n r_nk (x_n - μ_k)² / N_k`` around the new means.
    """
    x = _x(x)
    resp = np.asarray(resp, dtype=float)
    if resp.ndim != 2 or resp.shape[0] != x.shape[0]:
        raise ValueError(f"resp must have shape (n, K) with n = {x.shape[0]}, got {resp.shape}")
    nk = resp.sum(axis=0)
    if np.any(nk <= 0):
        raise ValueError("every component needs some responsibility (N_k > 0)")
    means = resp.T @ x / nk
    variances = np.sum(resp * (x[:, None] - means[None, :]) ** 2, axis=0) / nk
    return nk / x.shape[0], means, variances


def expected_complete_log_likelihood(x, resp, weights, means, variances) -> float:
    """``Q(θ) = Σ_n Σ_k r_nk [log π_k + log N(x_n | μ_k, σ²_k)]`` for fixed responsibilities.

    Terms with ``r_nk = 0`` count as 0 even where ``log π_k = -inf``.
    """
    resp = np.asarray(resp, dtype=float)
    lj = log_joint(x, weights, means, variances)
    if resp.shape != lj.shape:
        raise ValueError(f"resp must have shape {lj.shape}, got {resp.shape}")
    return float(np.sum(np.where(resp > 0, resp * np.where(resp > 0, lj, 0.0), 0.0)))


def elbo(q, log_joint_values) -> float:
    """The evidence lower bound ``L(q, θ) = Σ_n Σ_k q_nk (log p(x_n, k | θ) - log q_nk)``.

    Parameters
    ----------
    q : ndarray, shape (n, K)
        Any distribution over the components of each point (rows sum to 1, entries >= 0).
    log_joint_values : ndarray, shape (n, K)
        ``log p(x_n, z_n = k | θ)``.

    Returns
    -------
    float
        Expected complete-data log-likelihood plus the entropy of q; ``0 log 0 = 0``, so a
        hard (one-hot) q is allowed.
    """
    q = np.asarray(q, dtype=float)
    lj = np.asarray(log_joint_values, dtype=float)
    if q.shape != lj.shape or q.ndim != 2:
        raise ValueError(f"q and log_joint must have the same shape (n, K), got {q.shape} and {lj.shape}")
    expected = np.where(q > 0, q * np.where(q > 0, lj, 0.0), 0.0)
    return float(np.sum(expected) - np.sum(_xlogx(q)))


def numerical_gradient(x, resp, weights, means, variances, h=1e-4):
    """Central finite-difference gradient of Q (see :func:`expected_complete_log_likelihood`).

    Each parameter is moved by ``±h`` on its own, the others held fixed:
    ``∂Q/∂θ_i ≈ (Q(θ + h e_i) - Q(θ - h e_i)) / (2h)``.

    Returns
    -------
    d_weights, d_means, d_variances : ndarray, shape (K,)
        At the M-step update, ``d_means`` and ``d_variances`` are ≈ 0, and ``d_weights``
        equals ``N`` for every k: the gradient is perpendicular to the constraint Σπ = 1.
    """
    params = [np.array(p, dtype=float) for p in (weights, means, variances)]
    grads = []
    for which in range(3):
        grad = np.empty(len(params[which]))
        for k in range(len(grad)):
            up = [p.copy() for p in params]
            down = [p.copy() for p in params]
            up[which][k] += h
            down[which][k] -= h
            grad[k] = (expected_complete_log_likelihood(x, resp, *up)
                       - expected_complete_log_likelihood(x, resp, *down)) / (2 * h)
        grads.append(grad)
    return tuple(grads)


# --- hard vs soft EM -------------------------------------------------------------------------

def hard_assign(x, weights, means, variances) -> np.ndarray:
    """Hard E-step: one-hot indicators of the most probable component of each point.

    Returns
    -------
    onehot : ndarray, shape (n, K)
        ``1`` at ``argmax_k [log π_k + log N(x_n | μ_k, σ²_k)]`` (the posterior's mode;
        ties go to the lower index), 0 elsewhere.
    """
    lj = log_joint(x, weights, means, variances)
    return np.eye(lj.shape[1])[np.argmax(lj, axis=1)]


def run_em(x, weights, means, variances, n_iter, hard=False):
    """``n_iter`` iterations of soft (or hard) EM; parameters and log-likelihoods per iteration.

    Returns
    -------
    history : list of dict
        ``{"weights", "means", "variances", "log_likelihood", "elbo"}`` for the start and after
        each iteration; ``"elbo"`` is ``L(q, θ)`` with the q of the E-step that produced θ
        (``nan`` at the start).  The run stops early when a component loses all its points
        or collapses onto a single point (variance 0), where the likelihood is unbounded.
    """
    params = tuple(np.array(p, dtype=float) for p in (weights, means, variances))
    history = [dict(zip(("weights", "means", "variances"), params),
                    log_likelihood=log_likelihood(x, *params), elbo=float("nan"))]
    for _ in range(int(n_iter)):
        q = hard_assign(x, *params) if hard else e_step(x, *params)
        if np.any(q.sum(axis=0) == 0):
            break
        new = m_step(x, q)
        if np.any(new[2] <= 1e-12 * max(1.0, float(np.var(x)))):
            break
        params = new
        history.append(dict(zip(("weights", "means", "variances"), params),
                            log_likelihood=log_likelihood(x, *params),
                            elbo=elbo(q, log_joint(x, *params))))
    return history
