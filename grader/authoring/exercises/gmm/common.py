"""Case generators and hints shared by the exercises of notebook 03."""

from __future__ import annotations

import numpy as np

from genlab.reference import gaussian

LOG_2PI = np.log(2 * np.pi)

# --- hints shared by several exercises -------------------------------------------------------

STD_FOR_VAR = ("var is the variance σ², not the standard deviation σ. The Gaussian is "
               "exp(-(x - μ)² / (2σ²)) / sqrt(2π σ²) with σ² = var; don't square it again.")
STD_RETURNED = ("you returned the standard deviation σ; return the variance σ² "
                "(the mean of the squared deviations, without the square root).")
OVER_SAMPLES = ("your responsibilities sum to 1 over samples (down each column), not over "
                "components: normalise each row (one point) over its K components.")
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


def _component_pdfs(x, means, variances, square=False):
    v = np.asarray(variances) ** 2 if square else variances
    return np.stack([gaussian.pdf(x, m, s) for m, s in zip(means, v)], axis=1)
