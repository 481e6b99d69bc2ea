"""Image segmentation with a Gaussian mixture over pixels.

Each pixel is one data point: its colour ``(r, g, b)`` scaled to [0, 1], optionally with its
position ``(x, y)`` scaled by ``xy_scale``.  The component that generated a pixel is the
latent variable, so the hard label ``argmax_k r_nk`` of every pixel is a segmentation.
Everything here works on whole arrays: no Python loop over pixels (loops run over the K
components only).  Images are ``(H, W, 3)`` arrays; features are ``(H * W, D)`` in row-major
pixel order (row by row, as ``image.reshape(-1, 3)`` gives).
"""

from __future__ import annotations

import warnings

import numpy as np

from genlab.reference import gmm

__all__ = [
    "image_to_features", "labels_to_image", "recolour", "log_gaussian_densities", "e_step",
    "m_step", "log_likelihood", "n_parameters", "subsample", "segment",
]

LOG_2PI = float(np.log(2.0 * np.pi))


# --- pixels <-> features ------------------------------------------------------------------------

def _check_image(image) -> np.ndarray:
    image = np.asarray(image)
    if image.ndim != 3 or image.shape[2] < 3 or image.shape[0] < 1 or image.shape[1] < 1:
        raise ValueError(f"image must have shape (H, W, 3), got {image.shape}")
    return image


def image_to_features(image, features="rgb", xy_scale=1.0) -> np.ndarray:
    """One row per pixel, in row-major order.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3) (a fourth, alpha, channel is dropped)
        Integer values are taken as 0..255 and divided by 255; floats as already in [0, 1].
    features : {"rgb", "rgbxy"}
        Colour only, or colour plus the pixel's column and row.
    xy_scale : float
        For "rgbxy": x = column / max(H, W) * xy_scale and y = row / max(H, W) * xy_scale, so
        positions span [0, xy_scale) along the longer side and keep the aspect ratio.

    Returns
    -------
    X : ndarray of float, shape (H * W, 3) or (H * W, 5)
        Columns r, g, b (then x, y); row ``i * W + j`` is pixel (row i, column j).
    """
    image = _check_image(image)[:, :, :3]
    h, w, _ = image.shape
    if np.issubdtype(image.dtype, np.integer):
        rgb = image.reshape(-1, 3).astype(float) / 255.0
    elif np.issubdtype(image.dtype, np.floating):
        rgb = image.reshape(-1, 3).astype(float)
    else:
        raise ValueError(f"image must hold integers (0..255) or floats (0..1), got dtype {image.dtype}")
    if features == "rgb":
        return rgb
    if features != "rgbxy":
        raise ValueError(f"features must be 'rgb' or 'rgbxy', got {features!r}")
    rows, cols = np.divmod(np.arange(h * w), w)
    size = max(h, w)
    xy = np.column_stack([cols, rows]) * (float(xy_scale) / size)
    return np.hstack([rgb, xy])


def labels_to_image(labels, height, width) -> np.ndarray:
    """Hard labels (or responsibilities) of the H * W pixels back as an (H, W) image.

    Parameters
    ----------
    labels : ndarray, shape (H * W,) of int, or (H * W, K) responsibilities
        With responsibilities, each pixel gets its most responsible component (argmax over K;
        ties to the lower index).
    height, width : int

    Returns
    -------
    label_image : ndarray of int, shape (height, width)
    """
    labels = np.asarray(labels)
    if labels.ndim == 2:
        labels = np.argmax(labels, axis=1)
    if labels.ndim != 1 or labels.shape[0] != height * width:
        raise ValueError(f"need H * W = {height * width} labels (or an (H * W, K) array), got {labels.shape}")
    return labels.reshape(int(height), int(width))


def recolour(label_image, means) -> np.ndarray:
    """Paint each pixel with the mean colour of its segment.

    Parameters
    ----------
    label_image : ndarray of int, shape (H, W)
    means : ndarray, shape (K, D), D >= 3
        Component means in feature space; the first three columns are r, g, b in [0, 1]
        (any x, y columns are ignored).

    Returns
    -------
    image : ndarray of float, shape (H, W, 3)
        Values clipped to [0, 1], ready for ``plt.imshow``.
    """
    means = np.asarray(means, dtype=float)
    label_image = np.asarray(label_image)
    if means.ndim != 2 or means.shape[1] < 3:
        raise ValueError(f"means must have shape (K, D) with D >= 3, got {means.shape}")
    return np.clip(means[:, :3], 0.0, 1.0)[label_image]


# --- the mixture, vectorised over pixels ----------------------------------------------------

def log_gaussian_densities(X, means, covariances) -> np.ndarray:
    """``log N(x_n | μ_k, Σ_k)`` for every pixel and component, shape (N, K).

    With ``Σ_k = L Lᵀ`` (Cholesky) and ``y = L⁻¹ (x - μ_k)``:
    ``log N = -(D log 2π + 2 Σ log L_ii + |y|²) / 2``.  One matrix product per component.
    """
    X = np.asarray(X, dtype=float)
    means = np.asarray(means, dtype=float)
    covariances = np.asarray(covariances, dtype=float)
    n, d = X.shape
    k = means.shape[0]
    if means.shape != (k, d) or covariances.shape != (k, d, d):
        raise ValueError(f"for X of shape {X.shape}, means must have shape (K, {d}) and covariances "
                         f"(K, {d}, {d}); got {means.shape} and {covariances.shape}")
    try:
        chol = np.linalg.cholesky(covariances)
    except np.linalg.LinAlgError:
        raise ValueError("a covariance is not positive definite; add a variance floor (reg_covar)") from None
    inv_chol = np.linalg.inv(chol)  # (K, D, D), lower triangular
    log_det = 2.0 * np.sum(np.log(np.diagonal(chol, axis1=1, axis2=2)), axis=1)
    out = np.empty((n, k))
    for j in range(k):
        y = (X - means[j]) @ inv_chol[j].T
        out[:, j] = -0.5 * (d * LOG_2PI + log_det[j] + np.einsum("nd,nd->n", y, y))
    return out


def _log_weighted(X, weights, means, covariances):
    weights = np.asarray(weights, dtype=float)
    with np.errstate(divide="ignore"):
        return np.log(weights)[None, :] + log_gaussian_densities(X, means, covariances)


def _logsumexp_rows(a):
    m = np.max(a, axis=1, keepdims=True)
    m = np.where(np.isfinite(m), m, 0.0)
    return m[:, 0] + np.log(np.sum(np.exp(a - m), axis=1))


def e_step(X, weights, means, covariances) -> np.ndarray:
    """Responsibilities of every pixel, shape (N, K), computed in log space.

    ``r_nk = exp(log π_k + log N(x_n | μ_k, Σ_k) - logsumexp_j(...))``; rows sum to 1.
    """
    a = _log_weighted(X, weights, means, covariances)
    return np.exp(a - _logsumexp_rows(a)[:, None])


def m_step(X, resp, reg_covar=1e-6):
    """Weights, means and covariances from responsibilities (see ``genlab.reference.gmm.m_step``).

    Returns
    -------
    weights : ndarray, shape (K,)
    means : ndarray, shape (K, D)
    covariances : ndarray, shape (K, D, D)
        ``Σ_n r_nk (x_n - μ_k)(x_n - μ_k)ᵀ / N_k + reg_covar I``.
    """
    X = np.asarray(X, dtype=float)
    if X.ndim != 2:
        raise ValueError(f"X must have shape (N, D), got {X.shape}")
    return gmm.m_step(X, resp, reg_covar)


def log_likelihood(X, weights, means, covariances) -> float:
    """Total log-likelihood ``Σ_n log Σ_k π_k N(x_n | μ_k, Σ_k)``."""
    return float(_logsumexp_rows(_log_weighted(X, weights, means, covariances)).sum())


def n_parameters(n_components, n_features) -> int:
    """Free parameters of a full-covariance mixture (means, covariances, K - 1 weights)."""
    return gmm.n_parameters(n_components, n_features)


# --- fitting on a subsample, labelling every pixel ----------------------------------------------

def subsample(X, n, random_state=None) -> np.ndarray:
    """``n`` rows of X drawn without replacement (all of X, shuffled, if n >= len(X))."""
    rng = np.random.default_rng(random_state)
    n = min(int(n), X.shape[0])
    return X[rng.choice(X.shape[0], size=n, replace=False)]


def segment(image, n_components, *, features="rgb", xy_scale=1.0, n_fit=20_000, random_state=None,
            tol=1e-4, max_iter=200, reg_covar=1e-4, n_init=1):
    """Segment an image with a Gaussian mixture fitted by EM.

    The mixture is fitted on ``n_fit`` pixels drawn at random (k-means++ start, EM until the
    average log-likelihood per pixel rises by less than ``tol``); then every pixel gets the
    label of its most responsible component.

    Parameters
    ----------
    image : ndarray, shape (H, W, 3)
        uint8 (0..255) or float (0..1).
    n_components : int
        K, the number of segments.
    features : {"rgb", "rgbxy"}
        See :func:`image_to_features`.
    xy_scale : float
        Weight of position against colour for "rgbxy".  A full-covariance mixture absorbs any
        rescaling of a feature into its covariances, so this matters only through the variance
        floor ``reg_covar`` and the k-means start (for k-means it sets the trade-off).
    n_fit : int or None
        Pixels used for fitting (None: all of them).
    random_state : None, int or numpy Generator
    tol, max_iter, reg_covar, n_init
        Passed to ``genlab.reference.gmm.fit``.  ``reg_covar = 1e-4`` is a variance floor of
        (0.01)², about 2.5 grey levels, so flat regions cannot collapse a component.

    Returns
    -------
    label_image : ndarray of int, shape (H, W)
    mixture : genlab.reference.gmm.GMMResult
        The fitted mixture (in feature space), with its EM history.
    """
    image = _check_image(image)
    h, w = image.shape[:2]
    rng = np.random.default_rng(random_state)
    X = image_to_features(image, features, xy_scale)
    X_fit = X if n_fit is None else subsample(X, n_fit, rng)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", gmm.DegenerateMixtureWarning)
        mixture = gmm.fit(X_fit, n_components, tol=tol, max_iter=max_iter, reg_covar=reg_covar,
                          n_init=n_init, random_state=rng)
    a = _log_weighted(X, *mixture.params)
    return labels_to_image(np.argmax(a, axis=1), h, w), mixture
