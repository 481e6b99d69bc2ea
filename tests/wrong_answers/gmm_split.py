"""Wrong answers to notebook 03's ``split_widest`` (exercise 12), as students write them."""

from __future__ import annotations

import numpy as np

from . import Corpus

WRONG = Corpus()


def _finish(weights, means, covariances, j, delta, halve=True):
    new_weights = np.append(weights, weights[j] / 2 if halve else weights[j])
    if halve:
        new_weights[j] /= 2
    new_means = np.vstack([means, means[j] + delta])
    new_means[j] = means[j] - delta
    return new_weights, new_means, np.concatenate([covariances, covariances[j][None]])


@WRONG("gmm.split_widest", "eigh read as descending: index 0 taken as the largest everywhere")
def split_descending(weights, means, covariances):
    vals, vecs = np.linalg.eigh(covariances)
    j = int(np.argmax(weights * vals[:, 0]))
    return _finish(weights, means, covariances, j, 0.5 * np.sqrt(vals[j, 0]) * vecs[j, :, 0])


@WRONG("gmm.split_widest", "the eigenvector taken as a row of eigh's matrix")
def split_row_vector(weights, means, covariances):
    vals, vecs = np.linalg.eigh(covariances)
    j = int(np.argmax(weights * vals[:, -1]))
    return _finish(weights, means, covariances, j, 0.5 * np.sqrt(vals[j, -1]) * vecs[j, -1])


@WRONG("gmm.split_widest", "half the variance instead of half the standard deviation")
def split_no_sqrt(weights, means, covariances):
    vals, vecs = np.linalg.eigh(covariances)
    j = int(np.argmax(weights * vals[:, -1]))
    return _finish(weights, means, covariances, j, 0.5 * vals[j, -1] * vecs[j, :, -1])


@WRONG("gmm.split_widest", "both copies keep the whole weight")
def split_full_weights(weights, means, covariances):
    vals, vecs = np.linalg.eigh(covariances)
    j = int(np.argmax(weights * vals[:, -1]))
    return _finish(weights, means, covariances, j, 0.5 * np.sqrt(vals[j, -1]) * vecs[j, :, -1], halve=False)


@WRONG("gmm.split_widest", "the widest component, not weighted by π_k")
def split_unweighted(weights, means, covariances):
    vals, vecs = np.linalg.eigh(covariances)
    j = int(np.argmax(vals[:, -1]))
    return _finish(weights, means, covariances, j, 0.5 * np.sqrt(vals[j, -1]) * vecs[j, :, -1])


@WRONG("gmm.split_widest", "the widest by the trace (total variance), not the top eigenvalue")
def split_by_trace(weights, means, covariances):
    vals, vecs = np.linalg.eigh(covariances)
    j = int(np.argmax(weights * np.trace(covariances, axis1=1, axis2=2)))
    return _finish(weights, means, covariances, j, 0.5 * np.sqrt(vals[j, -1]) * vecs[j, :, -1])


@WRONG("gmm.split_widest", "only the copy moves; the original mean stays")
def split_one_side(weights, means, covariances):
    vals, vecs = np.linalg.eigh(covariances)
    j = int(np.argmax(weights * vals[:, -1]))
    new_weights, new_means, new_covariances = _finish(weights, means, covariances, j,
                                                      np.sqrt(vals[j, -1]) * vecs[j, :, -1])
    new_means[j] = means[j]
    return new_weights, new_means, new_covariances


@WRONG("gmm.split_widest", "the caller's weights halved in place")
def split_in_place(weights, means, covariances):
    vals, vecs = np.linalg.eigh(covariances)
    j = int(np.argmax(weights * vals[:, -1]))
    weights[j] /= 2  # changes the array the caller passed
    new_means = np.vstack([means, means[j] + 0.5 * np.sqrt(vals[j, -1]) * vecs[j, :, -1]])
    new_means[j] = means[j] - 0.5 * np.sqrt(vals[j, -1]) * vecs[j, :, -1]
    return np.append(weights, weights[j]), new_means, np.concatenate([covariances, covariances[j][None]])
