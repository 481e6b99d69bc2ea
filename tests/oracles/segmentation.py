"""Oracles for notebook 06, image segmentation: pixel loops on small images, scipy / numpy
weighted statistics (vectorised differently from the reference) on the 300,000-pixel cases.

Features are (N, D) rows in row-major pixel order.  Nothing here imports genlab.reference.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import stats
from scipy.special import logsumexp


def image_to_features(image):
    # row i * W + j is pixel (i, j): integer channels / 255, float channels as they are
    image = np.asarray(image)
    h, w = image.shape[:2]
    scale = 255.0 if np.issubdtype(image.dtype, np.integer) else 1.0
    rows = []
    for i in range(h):
        for j in range(w):
            rows.append([float(image[i, j, c]) / scale for c in range(3)])
    return np.array(rows).reshape(h * w, 3)


def _log_weighted(X, weights, means, covariances):
    """log π_k + log N(x_n | μ_k, Σ_k), shape (N, K), with scipy's multivariate normal (an
    eigendecomposition of Σ, not the reference's Cholesky), so it runs on 300,000 pixels."""
    X = np.asarray(X, float)
    return np.column_stack([(math.log(w) if w > 0 else -math.inf)
                            + np.atleast_1d(stats.multivariate_normal.logpdf(X, mean=m, cov=c))
                            for w, m, c in zip(weights, means, covariances)])


def e_step(X, weights, means, covariances):
    # r_nk = exp(log π_k + log N(x_n | μ_k, Σ_k) - logsumexp_j(...))
    a = _log_weighted(X, weights, means, covariances)
    return np.exp(a - logsumexp(a, axis=1, keepdims=True))


def m_step(X, resp, reg_covar):
    """π_k = N_k / N; μ_k the r_k-weighted average of the pixels; Σ_k their r_k-weighted
    covariance around μ_k (np.cov with aweights and bias=True divides by Σ_n r_nk = N_k),
    plus reg_covar on the diagonal."""
    X, resp = np.asarray(X, float), np.asarray(resp, float)
    d = X.shape[1]
    weights = np.array([resp[:, j].sum() / len(X) for j in range(resp.shape[1])])
    means = np.array([np.average(X, axis=0, weights=resp[:, j]) for j in range(resp.shape[1])])
    covariances = np.array([np.cov(X, rowvar=False, aweights=resp[:, j], bias=True).reshape(d, d)
                            + reg_covar * np.eye(d) for j in range(resp.shape[1])])
    return weights, means, covariances


def labels_to_image(resp, height, width):
    # pixel (i, j) is row i * width + j; its label is the first component of largest responsibility
    resp = np.asarray(resp)
    out = np.zeros((int(height), int(width)), dtype=np.int64)
    for i in range(int(height)):
        for j in range(int(width)):
            row = resp[i * int(width) + j]
            best = 0
            for k in range(1, len(row)):
                if row[k] > row[best]:
                    best = k
            out[i, j] = best
    return out


def recolour(label_image, means):
    # pixel (i, j) gets the colour (first three columns) of its segment's mean, clipped to [0, 1]
    label_image, means = np.asarray(label_image), np.asarray(means, float)
    h, w = label_image.shape
    out = np.zeros((h, w, 3))
    for i in range(h):
        for j in range(w):
            for c in range(3):
                out[i, j, c] = min(1.0, max(0.0, means[label_image[i, j], c]))
    return out


def log_likelihood(X, weights, means, covariances):
    # Σ_n log Σ_k π_k N(x_n | μ_k, Σ_k)
    return float(logsumexp(_log_weighted(X, weights, means, covariances), axis=1).sum())


ORACLES = {
    "segmentation.image_to_features": image_to_features,
    "segmentation.e_step": e_step,
    "segmentation.m_step": m_step,
    "segmentation.labels_to_image": labels_to_image,
    "segmentation.recolour": recolour,
    "segmentation.log_likelihood": log_likelihood,
}
