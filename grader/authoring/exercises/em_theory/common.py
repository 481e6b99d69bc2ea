"""Case generators shared by the exercises of notebook 04."""

from __future__ import annotations

import numpy as np

def _mixture(rng, k, n, spread=3.0):
    """Random weights, sorted means, variances and a sample x from that mixture (rounded)."""
    weights = rng.dirichlet(np.full(k, 3.0))
    weights = np.round(weights, 3)
    weights[-1] = round(1.0 - float(weights[:-1].sum()), 3)
    means = np.round(np.sort(rng.uniform(-spread, spread, k)), 2)
    variances = np.round(rng.uniform(0.2, 2.0, k), 2)
    z = rng.choice(k, size=n, p=weights / weights.sum())
    x = np.round(means[z] + np.sqrt(variances[z]) * rng.standard_normal(n), 3)
    return x, weights, means, variances


def _soft(rng, n, k):
    """Random responsibilities with every column used."""
    return np.round(rng.dirichlet(np.full(k, 1.0), size=n), 4)


def _renormalise(resp):
    return resp / resp.sum(axis=1, keepdims=True)


def _onehot(labels, k):
    return np.eye(k)[labels]
