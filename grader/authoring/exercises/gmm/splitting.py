"""Notebook 03, exercise 12: split the widest component in two (the start of Gaussian splitting).

The direction of the split is the top eigenvector of the component's covariance, whose sign is
LAPACK's choice; the check accepts the two new means in either order (custom difference
``gmm_split``), and every named mistake below is one that the other sign turns into itself.
"""

from __future__ import annotations

import numpy as np

from genlab.reference import gmm
from grader.authoring.exercises.gmm.common import _r, _weights
from grader.authoring.schema import Exercise, Mistake


def _cov(rng, d, top):
    """A covariance with well separated eigenvalues (largest ``top``, the others ≤ top / 2)."""
    q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    values = np.concatenate([[top], rng.uniform(0.1, 0.5, d - 1) * top])
    return _r(q @ np.diag(values) @ q.T, 3)


def _split_case(rng, k, d, lighter_wider=False):
    weights = np.array([1.0]) if k == 1 else _weights(rng, k)
    tops = rng.uniform(0.5, 3.0, k)
    if lighter_wider:  # the widest component is not the one with the largest π_k λ_k
        order = np.argsort(weights)
        tops[order[0]], tops[order[-1]] = 3.0, 3.0 * weights[order[0]] / weights[order[-1]] * 1.6
    means = _r(rng.normal(0, 3, (k, d)), 2)
    return weights, means, np.stack([_cov(rng, d, t) for t in tops])


def _split(weights, means, covariances, *, pick="weighted", direction=-1, row=False, step="half_std",
           halve=True):
    """The split with one choice changed: which component, which eigenvector, how far, the weights."""
    values, vectors = np.linalg.eigh(covariances)
    top = values[:, -1] if pick != "smallest" else values[:, 0]  # "smallest": read eigh as descending
    score = {"widest": top, "trace": weights * np.trace(covariances, axis1=1, axis2=2)}.get(pick, weights * top)
    j = int(np.argmax(score))
    v = vectors[j, direction, :] if row else vectors[j, :, direction]
    value = top[j]
    size = {"half_std": 0.5 * np.sqrt(value), "half_var": 0.5 * value, "std": np.sqrt(value)}[step]
    new_weights = np.append(weights, weights[j] / 2 if halve else weights[j])
    if halve:
        new_weights[j] /= 2
    new_means = np.vstack([means, means[j] + size * v])
    new_means[j] = means[j] - size * v
    return new_weights, new_means, np.concatenate([covariances, covariances[j][None]])


SPLIT_WIDEST = Exercise(
    id="gmm.split_widest",
    arg_names=("weights", "means", "covariances"),
    reference=gmm.split_widest,
    visible_cases=lambda rng: [
        (np.array([1.0]), np.array([[0.0, 0.0]]), np.array([[[2.0, 0.8], [0.8, 1.0]]])),
        (np.array([0.8, 0.2]), np.array([[0.0, 0.0], [4.0, 1.0]]),
         np.array([[[1.5, 0.0], [0.0, 0.5]], [[0.6, 0.0], [0.0, 3.0]]])),
        _split_case(rng, 3, 2), _split_case(rng, 2, 3, lighter_wider=True),
        # round (2, 1.9) against long and thin (3, 0.1): the trace and the top eigenvalue disagree
        (np.array([0.5, 0.5]), np.array([[0.0, 0.0], [5.0, 5.0]]),
         np.array([[[2.0, 0.0], [0.0, 1.9]], [[1.55, 1.45], [1.45, 1.55]]]))],
    hidden_cases=lambda rng: [_split_case(rng, 1, 2), _split_case(rng, 3, 2, lighter_wider=True),
                              _split_case(rng, 2, 3), _split_case(rng, 4, 2),
                              (np.array([0.45, 0.55]), np.array([[1.0, -1.0], [-3.0, 2.0]]),
                               np.array([[[2.2, 0.1], [0.1, 2.1]], [[0.3, 0.0], [0.0, 2.6]]]))],
    mistakes=(
        Mistake("descending_order",
                "np.linalg.eigh returns the eigenvalues in ascending order, so the largest is the last "
                "one, not the first: you measured and split every component by its narrowest direction.",
                lambda w, m, c: _split(w, m, c, pick="smallest", direction=0)),
        Mistake("smallest_direction",
                "the size of your step is right, but the direction is the eigenvector of the smallest "
                "eigenvalue: eigh lists them in ascending order, so the widest direction is the last.",
                lambda w, m, c: _split(w, m, c, direction=0)),
        Mistake("eigenvector_row",
                "the eigenvectors are the columns of the matrix eigh returns; you took a row, which is "
                "not an eigenvector unless the matrix happens to be symmetric.",
                lambda w, m, c: _split(w, m, c, row=True)),
        Mistake("variance_not_std",
                "the two means move by half a standard deviation, √λ / 2, along the direction; you "
                "used the variance λ itself.",
                lambda w, m, c: _split(w, m, c, step="half_var")),
        Mistake("whole_std",
                "each copy moves half a standard deviation, so the two new means are one standard "
                "deviation apart, not two.",
                lambda w, m, c: _split(w, m, c, step="std")),
        Mistake("weights_not_halved",
                "the two copies share the weight of the one they replace (half each), so that the "
                "weights still sum to 1.",
                lambda w, m, c: _split(w, m, c, halve=False)),
        Mistake("trace_widest",
                "the width that matters is along one direction, the largest eigenvalue λ_k, not the "
                "total variance (the trace): a round component can have a larger trace than a long, "
                "thin one that needs splitting more.",
                lambda w, m, c: _split(w, m, c, pick="trace")),
        Mistake("unweighted_widest",
                "the component to split is the widest one weighted by its share of the data, "
                "π_k λ_k; a wide component that explains few points matters less.",
                lambda w, m, c: _split(w, m, c, pick="widest")),
    ),
    rtol=1e-6,
    atol=1e-9,
    checker="gmm_split",
)
