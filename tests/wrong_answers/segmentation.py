"""Wrong answers for notebook 06, image segmentation."""

from __future__ import annotations

import numpy as np

from . import Corpus

WRONG = Corpus()


# --- image_to_features(image) ---------------------------------------------------------------

@WRONG("segmentation.image_to_features", "(3, H·W): one row per channel")
def features_transposed(image):
    X = image.reshape(-1, 3).astype(float)
    return (X / 255 if image.dtype == np.uint8 else X).T


@WRONG("segmentation.image_to_features", "reshape(3, -1): the values shuffled across channels")
def features_reshape_3_by_n(image):
    X = image.reshape(3, -1).astype(float)
    return X / 255 if image.dtype == np.uint8 else X


@WRONG("segmentation.image_to_features", "uint8 values left in 0..255")
def features_no_255(image):
    return image.reshape(-1, 3).astype(float)


@WRONG("segmentation.image_to_features", "pixels column by column")
def features_column_major(image):
    X = image.transpose(1, 0, 2).reshape(-1, 3).astype(float)
    return X / 255 if image.dtype == np.uint8 else X


@WRONG("segmentation.image_to_features", "divides by 255 whatever the dtype, floats too")
def features_always_255(image):
    return image.reshape(-1, 3).astype(float) / 255


@WRONG("segmentation.image_to_features", "X /= 255 on the uint8 array: numpy refuses the cast")
def features_in_place_divide(image):
    X = image.reshape(-1, 3)
    if image.dtype == np.uint8:
        X /= 255
    return X


@WRONG("segmentation.image_to_features", "integer division // 255")
def features_floor_divide(image):
    X = image.reshape(-1, 3)
    return (X // 255 if image.dtype == np.uint8 else X).astype(float)


# --- e_step(X, weights, means, covariances) -------------------------------------------------

def _log_dens(X, mean, cov, det_factor=0.5, invert=True):
    d = X.shape[1]
    diff = X - mean
    maha = np.sum(diff @ (np.linalg.inv(cov) if invert else cov) * diff, axis=1)
    return -0.5 * (d * np.log(2 * np.pi) + maha) - det_factor * np.linalg.slogdet(cov)[1]


def _log_joint(X, weights, means, covariances, **kw):
    return np.stack([np.log(w) + _log_dens(X, m, c, **kw) for w, m, c in zip(weights, means, covariances)], axis=1)


def _rows(a):
    a = a - a.max(axis=1, keepdims=True)
    return np.exp(a) / np.exp(a).sum(axis=1, keepdims=True)


def _lse(a, axis=1):
    top = a.max(axis=axis, keepdims=True)
    return np.squeeze(top + np.log(np.exp(a - top).sum(axis=axis, keepdims=True)), axis=axis)


@WRONG("segmentation.e_step", "normalised over the pixels")
def seg_e_over_pixels(X, weights, means, covariances):
    a = _log_joint(X, weights, means, covariances)
    return np.exp(a - _lse(a, 0)[None, :])


@WRONG("segmentation.e_step", "π left out")
def seg_e_no_weights(X, weights, means, covariances):
    return _rows(_log_joint(X, np.ones(len(weights)), means, covariances))


@WRONG("segmentation.e_step", "densities instead of log-densities: 0/0")
def seg_e_underflow(X, weights, means, covariances):
    p = np.exp(_log_joint(X, weights, means, covariances))
    with np.errstate(invalid="ignore"):
        return p / p.sum(axis=1, keepdims=True)


@WRONG("segmentation.e_step", "Σ in the quadratic form, not Σ⁻¹")
def seg_e_not_inverted(X, weights, means, covariances):
    return _rows(_log_joint(X, weights, means, covariances, invert=False))


@WRONG("segmentation.e_step", "drops -½ log det Σ_k")
def seg_e_no_log_det(X, weights, means, covariances):
    return _rows(_log_joint(X, weights, means, covariances, det_factor=0.0))


@WRONG("segmentation.e_step", "log det Σ_k without the ½")
def seg_e_whole_log_det(X, weights, means, covariances):
    return _rows(_log_joint(X, weights, means, covariances, det_factor=1.0))


@WRONG("segmentation.e_step", "a Python loop over pixels")
def seg_e_pixel_loop(X, weights, means, covariances):
    inverses = [np.linalg.inv(c) for c in covariances]
    dets = [np.linalg.slogdet(c)[1] for c in covariances]
    out = np.empty((len(X), len(weights)))
    for n in range(len(X)):
        row = [np.log(w) - 0.5 * ((X[n] - m) @ S @ (X[n] - m) + ld + X.shape[1] * np.log(2 * np.pi))
               for w, m, S, ld in zip(weights, means, inverses, dets)]
        out[n] = np.exp(np.array(row) - max(row))
        out[n] /= out[n].sum()
    return out


@WRONG("segmentation.e_step", "log-responsibilities")
def seg_e_log(X, weights, means, covariances):
    a = _log_joint(X, weights, means, covariances)
    return a - _lse(a)[:, None]


# --- m_step(X, resp, reg_covar) -------------------------------------------------------------

def _scatter(X, resp, means, k, weigh=True):
    diff = X - means[k]
    return ((resp[:, k, None] * diff) if weigh else diff).T @ diff


def _m(X, resp, reg_covar, cov, weights=None, means_by=None):
    n, d = X.shape
    nk = resp.sum(axis=0)
    means = resp.T @ X / (nk[:, None] if means_by is None else means_by)
    right = resp.T @ X / nk[:, None]
    covs = np.array([cov(k, right, nk, d) for k in range(len(nk))])
    return (nk / n if weights is None else weights(nk, n)), means, covs


@WRONG("segmentation.m_step", "N_k as the weights")
def seg_m_counts(X, resp, reg_covar):
    return _m(X, resp, reg_covar, lambda k, mu, nk, d: _scatter(X, resp, mu, k) / nk[k] + reg_covar * np.eye(d),
              weights=lambda nk, n: nk)


@WRONG("segmentation.m_step", "no variance floor")
def seg_m_no_floor(X, resp, reg_covar):
    return _m(X, resp, reg_covar, lambda k, mu, nk, d: _scatter(X, resp, mu, k) / nk[k])


@WRONG("segmentation.m_step", "covariances without the responsibilities")
def seg_m_unweighted(X, resp, reg_covar):
    return _m(X, resp, reg_covar, lambda k, mu, nk, d: _scatter(X, resp, mu, k, weigh=False) / len(X)
              + reg_covar * np.eye(d))


@WRONG("segmentation.m_step", "covariances divided by N")
def seg_m_cov_by_n(X, resp, reg_covar):
    return _m(X, resp, reg_covar, lambda k, mu, nk, d: _scatter(X, resp, mu, k) / len(X) + reg_covar * np.eye(d))


@WRONG("segmentation.m_step", "reg_covar added to every entry, not only the diagonal")
def seg_m_floor_everywhere(X, resp, reg_covar):
    return _m(X, resp, reg_covar, lambda k, mu, nk, d: _scatter(X, resp, mu, k) / nk[k] + reg_covar)


@WRONG("segmentation.m_step", "the floor added before dividing by N_k")
def seg_m_floor_before_division(X, resp, reg_covar):
    return _m(X, resp, reg_covar, lambda k, mu, nk, d: (_scatter(X, resp, mu, k) + reg_covar * np.eye(d)) / nk[k])


@WRONG("segmentation.m_step", "means divided by N")
def seg_m_means_by_n(X, resp, reg_covar):
    return _m(X, resp, reg_covar, lambda k, mu, nk, d: _scatter(X, resp, mu, k) / nk[k] + reg_covar * np.eye(d),
              means_by=len(X))


# --- labels_to_image(resp, height, width) ---------------------------------------------------

@WRONG("segmentation.labels_to_image", "column-major reshape (order='F')")
def labels_fortran(resp, height, width):
    return np.argmax(resp, axis=1).reshape(height, width, order="F")


@WRONG("segmentation.labels_to_image", "reshape(width, height)")
def labels_width_height(resp, height, width):
    return np.argmax(resp, axis=1).reshape(width, height)


@WRONG("segmentation.labels_to_image", "argmin: the least responsible component")
def labels_argmin(resp, height, width):
    return np.argmin(resp, axis=1).reshape(height, width)


@WRONG("segmentation.labels_to_image", "argmax over the pixels (axis=0)")
def labels_over_pixels(resp, height, width):
    return np.argmax(resp, axis=0).reshape(height, width)


@WRONG("segmentation.labels_to_image", "reshaped the wrong way round, then transposed")
def labels_transposed(resp, height, width):
    return np.argmax(resp, axis=1).reshape(width, height).T


# --- recolour(label_image, means) -----------------------------------------------------------

@WRONG("segmentation.recolour", "all the mean's columns, x and y included")
def recolour_keeps_xy(label_image, means):
    return means[label_image]


@WRONG("segmentation.recolour", "scaled to 0..255")
def recolour_255(label_image, means):
    return means[:, :3][label_image] * 255


@WRONG("segmentation.recolour", "the label image transposed")
def recolour_transposed(label_image, means):
    return means[:, :3][label_image.T]


@WRONG("segmentation.recolour", "flattened: (H·W, 3)")
def recolour_flat(label_image, means):
    return means[:, :3][label_image.ravel()]


@WRONG("segmentation.recolour", "means[:3]: the first three components, not the first three columns")
def recolour_rows_not_columns(label_image, means):
    return means[:3][label_image]


# --- log_likelihood(X, weights, means, covariances) -----------------------------------------

@WRONG("segmentation.log_likelihood", "the average per pixel")
def seg_ll_mean(X, weights, means, covariances):
    return float(np.mean(_lse(_log_joint(X, weights, means, covariances))))


@WRONG("segmentation.log_likelihood", "log inside the sum")
def seg_ll_log_inside(X, weights, means, covariances):
    return float(np.sum(_log_joint(X, weights, means, covariances)))


@WRONG("segmentation.log_likelihood", "no log-sum-exp: -inf")
def seg_ll_underflow(X, weights, means, covariances):
    with np.errstate(divide="ignore"):
        return float(np.sum(np.log(np.exp(_log_joint(X, weights, means, covariances)).sum(axis=1))))


@WRONG("segmentation.log_likelihood", "π left out")
def seg_ll_no_weights(X, weights, means, covariances):
    return float(np.sum(_lse(_log_joint(X, np.ones(len(weights)), means, covariances))))


@WRONG("segmentation.log_likelihood", "log det without the ½")
def seg_ll_whole_log_det(X, weights, means, covariances):
    return float(np.sum(_lse(_log_joint(X, weights, means, covariances, det_factor=1.0))))


@WRONG("segmentation.log_likelihood", "-D/2 log 2π dropped as a constant")
def seg_ll_no_2pi(X, weights, means, covariances):
    return float(np.sum(_lse(_log_joint(X, weights, means, covariances)))) + 0.5 * X.shape[1] * len(X) * np.log(2 * np.pi)


@WRONG("segmentation.log_likelihood", "max over components instead of log-sum-exp")
def seg_ll_max(X, weights, means, covariances):
    return float(np.sum(np.max(_log_joint(X, weights, means, covariances), axis=1)))
