"""Exercises of notebook 06, image segmentation with a Gaussian mixture over pixels.

The E-step, M-step and log-likelihood each have a hidden case of 300,000 pixels, generated
from the seed (never stored in fixtures), so that a Python loop over pixels runs out of time;
their visible checks have one too, a visible case's pixels repeated (a ``Batch``), so that the
visible check already enforces what the notebook promises.
"""

from __future__ import annotations

import numpy as np

from genlab.reference import segmentation as ref
from grader.authoring.schema import Batch, Exercise, Mistake

BIG_N = 300_000   # pixels in the hidden timing case
TIME_LIMIT = 3.0  # seconds for one call on BIG_N pixels (a vectorised version needs ~0.1 s)


# --- case generators ----------------------------------------------------------------------------

def _image(rng, h, w, dtype="uint8"):
    if dtype == "uint8":
        return rng.integers(0, 256, size=(h, w, 3)).astype(np.uint8)
    return np.round(rng.random((h, w, 3)), 3)


def _mixture(rng, k, d, spread=0.05):
    """Weights, means in [0, 1] and well-conditioned full covariances."""
    weights = np.round(rng.dirichlet(np.full(k, 3.0)), 3)
    weights[-1] = round(1.0 - float(weights[:-1].sum()), 3)
    means = np.round(rng.random((k, d)), 3)
    a = np.round(rng.normal(scale=spread, size=(k, d, d)), 3)
    covariances = a @ np.transpose(a, (0, 2, 1)) + np.eye(d) * np.round(rng.uniform(0.002, 0.01, (k, 1, 1)), 4)
    return weights, means, covariances


def _pixels(rng, n, d):
    X = np.round(rng.random((n, d)), 3)
    return X


def _resp(rng, n, k):
    # short decimals for readable messages, then rows that sum to 1 again, so that
    # N_k / N and N_k / Σ_j N_j (both right) give the same weights
    r = np.round(rng.dirichlet(np.full(k, 0.7), size=n), 6)
    return r / r.sum(axis=1, keepdims=True)


# --- image_to_features(image) -------------------------------------------------------------------

def _features(image):
    return ref.image_to_features(image)


IMAGE_TO_FEATURES = Exercise(
    id="segmentation.image_to_features",
    arg_names=("image",),
    reference=_features,
    visible_cases=lambda rng: [
        (np.array([[[255, 0, 0], [0, 255, 0], [0, 0, 255]], [[0, 0, 0], [255, 255, 255], [51, 102, 153]]],
                  dtype=np.uint8),),
        (_image(rng, 3, 5),), (_image(rng, 4, 2, "float"),), (_image(rng, 5, 3),),
    ],
    hidden_cases=lambda rng: [(_image(rng, 2, 7),), (_image(rng, 6, 4),), (_image(rng, 3, 3, "float"),),
                              (_image(rng, 1, 6),)],
    mistakes=(
        Mistake("features_transposed",
                "return one row per pixel and one column per channel, shape (H * W, 3): "
                "scikit-learn's (n_samples, n_features) convention.",
                lambda image: _features(image).T),
        Mistake("reshape_3_by_n",
                "reshaping to 3 rows does not separate the channels: the three values of a pixel are "
                "next to each other in memory, so each row must hold one pixel and its three channels.",
                lambda image: image.reshape(3, -1) / (255.0 if image.dtype == np.uint8 else 1.0)),
        Mistake("forgot_255",
                "uint8 pixels run from 0 to 255; divide by 255 so colours are in [0, 1] "
                "(float images are already in [0, 1]: leave them as they are).",
                lambda image: image.reshape(-1, 3).astype(float)),
        Mistake("pixels_column_by_column",
                "the rows of X must follow the image row by row (pixel (i, j) at row i * W + j), the "
                "order in which the pixels lie in memory; you ordered them column by column.",
                lambda image: _features(np.transpose(image, (1, 0, 2)))),
    ),
)


# --- e_step(X, weights, means, covariances) ------------------------------------------------------

def _e_case(rng, n, k, d=3, far=False):
    weights, means, covariances = _mixture(rng, k, d)
    X = _pixels(rng, n, d)
    if far:
        X[0] = means[0] + 40.0  # every density underflows in linear space
    return (X, weights, means, covariances)


def _big_case(rng, k=5, d=3):
    weights, means, covariances = _mixture(rng, k, d)
    return (rng.random((BIG_N, d)), weights, means, covariances)


def _lse(a, axis):
    m = np.max(a, axis=axis, keepdims=True)
    return m + np.log(np.sum(np.exp(a - m), axis=axis, keepdims=True))


def _e_over_pixels(X, weights, means, covariances):
    a = np.log(weights) + ref.log_gaussian_densities(X, means, covariances)
    return np.exp(a - _lse(a, axis=0))


def _e_no_weights(X, weights, means, covariances):
    return ref.e_step(X, np.full(len(weights), 1.0 / len(weights)), means, covariances)


def _e_underflow(X, weights, means, covariances):
    joint = weights * np.exp(ref.log_gaussian_densities(X, means, covariances))
    with np.errstate(invalid="ignore", divide="ignore"):
        return joint / joint.sum(axis=1, keepdims=True)


def _e_not_inverted(X, weights, means, covariances):
    d = X.shape[1]
    cols = []
    for k in range(len(weights)):
        diff = X - means[k]
        maha = np.einsum("nd,de,ne->n", diff, covariances[k], diff)
        cols.append(np.log(weights[k]) - 0.5 * (d * np.log(2 * np.pi) + np.linalg.slogdet(covariances[k])[1] + maha))
    a = np.column_stack(cols)
    return np.exp(a - _lse(a, axis=1))


def _e_log_det_shift(X, weights, means, covariances, factor):
    """Responsibilities with ``factor`` * log det Σ_k added to each component's log-density."""
    a = np.log(weights) + ref.log_gaussian_densities(X, means, covariances)
    a = a + factor * np.linalg.slogdet(covariances)[1]
    return np.exp(a - _lse(a, axis=1))


E_STEP = Exercise(
    id="segmentation.e_step",
    arg_names=("X", "weights", "means", "covariances"),
    reference=ref.e_step,
    visible_cases=lambda rng: [_e_case(rng, 6, 2), _e_case(rng, 10, 3), _e_case(rng, 8, 3, d=5),
                               _e_case(rng, 7, 2, far=True), _e_case(rng, 5, 1)],
    hidden_cases=lambda rng: [_e_case(rng, 9, 4), _e_case(rng, 6, 2, far=True), _e_case(rng, 12, 3, d=5),
                              _big_case(rng)],
    mistakes=(
        Mistake("normalised_over_pixels",
                "each pixel's responsibilities must sum to 1 over the K components: normalise each row "
                "(one pixel), not each column (one component, over the pixels).",
                _e_over_pixels),
        Mistake("no_weights",
                "Bayes' rule needs the prior: r_nk ∝ π_k N(x_n | μ_k, Σ_k). You left out the weights.",
                _e_no_weights),
        Mistake("underflow",
                "for a pixel far from every component, every density underflows to 0 and 0/0 gives nan. "
                "Work with log π_k + log N(...) and subtract the row maximum (logsumexp) before exponentiating.",
                _e_underflow),
        Mistake("covariance_not_inverted",
                "the Mahalanobis term is (x - μ)ᵀ Σ⁻¹ (x - μ): use the inverse covariance "
                "(or solve with its Cholesky factor), not Σ itself.",
                _e_not_inverted),
        Mistake("dropped_log_det",
                "-½ log det Σ_k is the same for every pixel but not for every component: a broad "
                "segment spreads its density thinner than a tight one. Only terms equal for all k "
                "(like -D/2 log 2π) cancel when you normalise.",
                lambda X, w, m, c: _e_log_det_shift(X, w, m, c, 0.5)),
        Mistake("log_det_not_halved",
                "the normaliser of a Gaussian has the square root of det Σ_k, so the log-determinant "
                "enters with a factor ½; yours subtracts all of it.",
                lambda X, w, m, c: _e_log_det_shift(X, w, m, c, -0.5)),
    ),
    rtol=1e-6,
    atol=1e-9,
    time_limit=TIME_LIMIT,
    batch=Batch(case=1, rows=BIG_N, tiled=("X",), answer="rows"),
)


# --- m_step(X, resp, reg_covar) ------------------------------------------------------------------

def _m_case(rng, n, k, d=3, reg=1e-4, hard=False):
    X = _pixels(rng, n, d)
    if hard:
        labels = rng.permutation(np.concatenate([np.arange(k), rng.integers(0, k, n - k)]))
        return (X, np.eye(k)[labels], reg)
    return (X, _resp(rng, n, k), reg)


def _m_big(rng, k=5):
    return (rng.random((BIG_N, 3)), rng.dirichlet(np.ones(k), size=BIG_N), 1e-4)


def _m_counts(X, resp, reg_covar):
    weights, means, covariances = ref.m_step(X, resp, reg_covar)
    return resp.sum(axis=0), means, covariances


def _m_no_floor(X, resp, reg_covar):
    weights, means, covariances = ref.m_step(X, resp, reg_covar)
    return weights, means, covariances - reg_covar * np.eye(X.shape[1])


def _m_unweighted(X, resp, reg_covar):
    weights, means, _ = ref.m_step(X, resp, reg_covar)
    covariances = np.array([(X - m).T @ (X - m) / X.shape[0] + reg_covar * np.eye(X.shape[1]) for m in means])
    return weights, means, covariances


def _m_covariance_by_n(X, resp, reg_covar):
    weights, means, covariances = ref.m_step(X, resp, reg_covar)
    eye = reg_covar * np.eye(X.shape[1])
    return weights, means, (covariances - eye) * (resp.sum(axis=0) / X.shape[0])[:, None, None] + eye


M_STEP = Exercise(
    id="segmentation.m_step",
    arg_names=("X", "resp", "reg_covar"),
    reference=ref.m_step,
    visible_cases=lambda rng: [_m_case(rng, 8, 2), _m_case(rng, 12, 3, hard=True), _m_case(rng, 10, 3, d=5),
                               _m_case(rng, 6, 2, reg=1e-6)],
    hidden_cases=lambda rng: [_m_case(rng, 9, 4), _m_case(rng, 11, 2, hard=True, reg=1e-3),
                              _m_case(rng, 7, 1), _m_big(rng)],
    mistakes=(
        Mistake("counts_not_fractions",
                "the weights must sum to 1: π_k = N_k / N with N_k = Σ_n r_nk.",
                _m_counts),
        Mistake("no_variance_floor",
                "reg_covar is a variance floor: it belongs on the diagonal of every covariance, so that a "
                "segment of identical pixels cannot collapse to a zero variance.",
                _m_no_floor),
        Mistake("unweighted_covariance",
                "weight each pixel's outer product by its responsibility and divide by N_k; "
                "yours gives every pixel of the photo the same weight in every segment.",
                _m_unweighted),
        Mistake("covariance_divided_by_n",
                "your means are right, but each covariance is an average over the segment's own share "
                "of the pixels: divide its weighted sum of outer products by N_k, not by N.",
                _m_covariance_by_n),
    ),
    rtol=1e-6,
    atol=1e-9,
    time_limit=TIME_LIMIT,
    batch=Batch(case=0, rows=BIG_N, tiled=("X", "resp"), answer="same"),
)


# --- labels_to_image(resp, height, width) ----------------------------------------------------------

def _l_case(rng, h, w, k):
    return (_resp(rng, h * w, k), h, w)


LABELS_TO_IMAGE = Exercise(
    id="segmentation.labels_to_image",
    arg_names=("resp", "height", "width"),
    reference=ref.labels_to_image,
    visible_cases=lambda rng: [
        (np.array([[0.9, 0.1], [0.2, 0.8], [0.6, 0.4], [0.3, 0.7], [0.5, 0.5], [0.1, 0.9]]), 2, 3),
        _l_case(rng, 3, 4, 3), _l_case(rng, 5, 2, 2), _l_case(rng, 3, 3, 4),
    ],
    hidden_cases=lambda rng: [_l_case(rng, 2, 5, 3), _l_case(rng, 4, 3, 2), _l_case(rng, 1, 4, 3),
                              _l_case(rng, 6, 7, 5)],
    mistakes=(
        Mistake("column_major",
                "the pixels are stored row by row (row-major), so the label image must be filled row by "
                "row too; yours fills it column by column (Fortran order).",
                lambda resp, height, width: np.argmax(resp, axis=1).reshape(height, width, order="F")),
        Mistake("height_width_swapped",
                "an image array is indexed [row, column]: its shape is (height, width), not (width, height).",
                lambda resp, height, width: np.argmax(resp, axis=1).reshape(width, height)),
        Mistake("least_responsible",
                "a pixel's label is its most responsible component: argmax over K, not argmin.",
                lambda resp, height, width: np.argmin(resp, axis=1).reshape(height, width)),
    ),
)


# --- recolour(label_image, means) ------------------------------------------------------------------

def _r_case(rng, h, w, k, d=3):
    return (rng.integers(0, k, size=(h, w)), np.round(rng.random((k, d)), 3))


RECOLOUR = Exercise(
    id="segmentation.recolour",
    arg_names=("label_image", "means"),
    reference=ref.recolour,
    visible_cases=lambda rng: [
        (np.array([[0, 1, 1], [2, 0, 1]]), np.array([[1.0, 0.0, 0.0, 0.1, 0.2], [0.0, 0.5, 1.0, 0.3, 0.4],
                                                   [0.2, 0.2, 0.2, 0.9, 0.9]])),
        _r_case(rng, 3, 4, 2), _r_case(rng, 2, 5, 3, d=5), _r_case(rng, 4, 4, 4),
    ],
    hidden_cases=lambda rng: [_r_case(rng, 5, 3, 3, d=5), _r_case(rng, 2, 2, 2), _r_case(rng, 3, 6, 5)],
    mistakes=(
        Mistake("keeps_xy",
                "with rgbxy features the means have 5 columns, but a colour is only the first three "
                "(r, g, b); the last two are a position in the image.",
                lambda label_image, means: means[label_image]),
        Mistake("scaled_to_255",
                "the means are already on the 0–1 scale that plt.imshow expects for floats; "
                "multiplying by 255 makes almost every pixel white.",
                lambda label_image, means: means[:, :3][label_image] * 255.0),
        Mistake("labels_transposed",
                "the label image already has the shape of the picture, (H, W): look up each pixel's "
                "segment colour with it as it is, without transposing it, to get (H, W, 3).",
                lambda label_image, means: means[:, :3][label_image.T]),
    ),
)


# --- log_likelihood(X, weights, means, covariances) -----------------------------------------------

def _ll_log_inside(X, weights, means, covariances):
    return float(np.sum(ref.log_gaussian_densities(X, means, covariances) @ weights))


def _ll_log_inside_no_weights(X, weights, means, covariances):
    return float(np.sum(ref.log_gaussian_densities(X, means, covariances)))


def _ll_log_inside_log_weights(X, weights, means, covariances):
    return float(np.sum(np.log(weights) + ref.log_gaussian_densities(X, means, covariances)))


def _ll_log_det_not_halved(X, weights, means, covariances):
    a = np.log(weights) + ref.log_gaussian_densities(X, means, covariances)
    return float(np.sum(_lse(a - 0.5 * np.linalg.slogdet(covariances)[1], axis=1)))


def _ll_underflow(X, weights, means, covariances):
    with np.errstate(divide="ignore"):
        return float(np.sum(np.log(np.exp(ref.log_gaussian_densities(X, means, covariances)) @ weights)))


def _ll_no_weights(X, weights, means, covariances):
    return ref.log_likelihood(X, np.full(len(weights), 1.0 / len(weights)), means, covariances)


LOG_LIKELIHOOD = Exercise(
    id="segmentation.log_likelihood",
    arg_names=("X", "weights", "means", "covariances"),
    reference=ref.log_likelihood,
    visible_cases=lambda rng: [_e_case(rng, 6, 2), _e_case(rng, 10, 3), _e_case(rng, 8, 3, far=True),
                               _e_case(rng, 7, 2, d=5)],
    hidden_cases=lambda rng: [_e_case(rng, 9, 4), _e_case(rng, 5, 2, far=True), _big_case(rng)],
    mistakes=(
        Mistake("average_not_total",
                "return the total Σ_n log p(x_n), not the average per pixel (BIC needs the total).",
                lambda X, weights, means, covariances: ref.log_likelihood(X, weights, means, covariances) / len(X)),
        Mistake("log_inside_sum",
                "log p(x_n) = log Σ_k π_k N(x_n | μ_k, Σ_k): the log goes outside the sum over k. "
                "Σ_k π_k log N(...) is only a lower bound (Jensen).",
                _ll_log_inside),
        Mistake("underflow",
                "a pixel far from every component has density 0 in floating point and log 0 = -inf: "
                "sum in log space with logsumexp.",
                _ll_underflow),
        Mistake("no_weights",
                "the mixture density weighs each component by π_k: p(x) = Σ_k π_k N(x | μ_k, Σ_k).",
                _ll_no_weights),
        Mistake("log_inside_sum_no_weights",
                "you added the components' log-densities, as if each pixel came from every component at "
                "once. A pixel comes from one segment or another: its density is the weighted sum over "
                "k, and the log is taken of that sum.", _ll_log_inside_no_weights),
        Mistake("log_inside_sum_of_joints",
                "you took the log of each π_k N(x_n | μ_k, Σ_k) and added them up over k. The log of a "
                "sum is not the sum of the logs: add the K terms first, then take one log per pixel.",
                _ll_log_inside_log_weights),
        Mistake("log_det_not_halved",
                "the normaliser of a Gaussian has the square root of det Σ_k, so the log-determinant "
                "enters each log-density with a factor ½; yours subtracts all of it.",
                _ll_log_det_not_halved),
    ),
    rtol=1e-7,
    atol=1e-8,
    time_limit=TIME_LIMIT,
    batch=Batch(case=1, rows=BIG_N, tiled=("X",), answer="sum"),
)

EXERCISES = [IMAGE_TO_FEATURES, E_STEP, M_STEP, LABELS_TO_IMAGE, RECOLOUR, LOG_LIKELIHOOD]
