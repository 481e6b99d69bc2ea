"""Reference k-means: hard assignment to the nearest centre, then centres = cluster means.

k-means is the small-variance limit of EM for a Gaussian mixture with equal weights and
equal spherical covariances σ²I: as σ → 0 every responsibility becomes 0 or 1 (the
nearest mean wins) and the M-step for the means becomes the cluster average.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

__all__ = ["KMeansResult", "squared_distances", "kmeans_plusplus", "assign", "update", "inertia", "fit"]


@dataclass(frozen=True)
class KMeansResult:
    """The best run of :func:`fit`.

    Attributes
    ----------
    centers : ndarray, shape (K, D)
    labels : ndarray of int, shape (n,)
        Index of the nearest centre of each point.
    inertia : float
        Sum of squared distances of the points to their centres.
    history : list of dict
        ``{"centers", "labels", "inertia"}`` for the initial centres and after each update.
    n_iter : int
        Number of updates run.
    converged : bool
        True when an assignment step changed no label.
    """

    centers: np.ndarray
    labels: np.ndarray
    inertia: float
    history: list = field(repr=False)
    n_iter: int
    converged: bool


def _check_X(X) -> np.ndarray:
    X = np.asarray(X, dtype=float)
    if X.ndim == 1:
        X = X[:, None]
    if X.ndim != 2 or X.shape[0] == 0 or not np.all(np.isfinite(X)):
        raise ValueError(f"X must be a non-empty (n, D) array of finite numbers, got shape {X.shape}")
    return X


def squared_distances(X, centers) -> np.ndarray:
    """``|x_n - c_k|²`` for every point and centre, shape (n, K)."""
    X, centers = np.asarray(X, dtype=float), np.asarray(centers, dtype=float)
    d2 = (X**2).sum(1)[:, None] - 2.0 * X @ centers.T + (centers**2).sum(1)[None, :]
    return np.maximum(d2, 0.0)  # rounding can make the expansion slightly negative


def kmeans_plusplus(X, n_clusters, random_state=None) -> np.ndarray:
    """k-means++ seeding: each new centre is a data point drawn with probability ∝ D(x)².

    Parameters
    ----------
    X : array_like, shape (n, D)
    n_clusters : int
    random_state : None, int or numpy Generator

    Returns
    -------
    centers : ndarray, shape (n_clusters, D)
        Rows of ``X``.  When fewer distinct points than clusters remain, duplicates are
        drawn uniformly.
    """
    X = _check_X(X)
    rng = np.random.default_rng(random_state)
    n = X.shape[0]
    centers = [X[rng.integers(n)]]
    closest = squared_distances(X, np.array(centers))[:, 0]
    for _ in range(1, n_clusters):
        total = closest.sum()
        index = rng.choice(n, p=closest / total) if total > 0 else rng.integers(n)
        centers.append(X[index])
        closest = np.minimum(closest, squared_distances(X, X[index][None])[:, 0])
    return np.array(centers)


def assign(X, centers) -> np.ndarray:
    """Index of the nearest centre of each point (ties: the lowest index), shape (n,)."""
    return np.argmin(squared_distances(X, centers), axis=1)


def update(X, labels, centers) -> np.ndarray:
    """Mean of the points of each cluster; an empty cluster keeps its old centre.

    Returns
    -------
    centers : ndarray, shape (K, D)
    """
    X, centers = _check_X(X), np.asarray(centers, dtype=float)
    new = centers.copy()
    for k in range(centers.shape[0]):
        members = X[labels == k]
        if len(members):
            new[k] = members.mean(axis=0)
    return new


def inertia(X, centers, labels=None) -> float:
    """Sum of squared distances of the points to their (nearest, if no labels) centres."""
    d2 = squared_distances(_check_X(X), centers)
    if labels is None:
        labels = np.argmin(d2, axis=1)
    return float(d2[np.arange(d2.shape[0]), labels].sum())


def _assign_and_inertia(X, centers):
    """:func:`assign` and :func:`inertia` from a single computation of the distances."""
    d2 = squared_distances(X, centers)
    labels = np.argmin(d2, axis=1)
    return labels, float(d2[np.arange(d2.shape[0]), labels].sum())


def _single_run(X, centers, max_iter):
    labels, total = _assign_and_inertia(X, centers)
    history = [{"centers": centers, "labels": labels, "inertia": total}]
    converged = False
    n_iter = 0
    for n_iter in range(1, max_iter + 1):
        centers = update(X, labels, centers)
        new_labels, total = _assign_and_inertia(X, centers)
        history.append({"centers": centers, "labels": new_labels, "inertia": total})
        if np.array_equal(new_labels, labels):
            converged = True
            labels = new_labels
            break
        labels = new_labels
    return KMeansResult(centers, labels, history[-1]["inertia"], history, n_iter, converged)


def fit(X, n_clusters, *, init="kmeans++", n_init=1, max_iter=300, random_state=None) -> KMeansResult:
    """Lloyd's k-means, keeping the run of lowest inertia among ``n_init`` starts.

    Parameters
    ----------
    X : array_like, shape (n, D)
    n_clusters : int
        K >= 1.
    init : "kmeans++", "random" or array_like of shape (K, D)
        Seeding: k-means++, K distinct data points drawn uniformly, or exactly these
        centres (then a single run).
    n_init : int
        Number of seedings tried.
    max_iter : int
        Largest number of assign/update rounds per run.
    random_state : None, int or numpy Generator

    Returns
    -------
    KMeansResult
    """
    X = _check_X(X)
    if int(n_clusters) != n_clusters or n_clusters < 1:
        raise ValueError(f"n_clusters must be a whole number >= 1, got {n_clusters!r}")
    if n_init < 1 or max_iter < 0:
        raise ValueError("n_init must be >= 1 and max_iter >= 0")
    rng = np.random.default_rng(random_state)
    if not isinstance(init, str):
        centers = np.array(init, dtype=float)
        if centers.shape != (n_clusters, X.shape[1]):
            raise ValueError(f"init centres must have shape ({n_clusters}, {X.shape[1]}), got {centers.shape}")
        return _single_run(X, centers, max_iter)
    if init not in ("kmeans++", "random"):
        raise ValueError(f"init must be 'kmeans++', 'random' or an array of centres, got {init!r}")
    best = None
    for _ in range(n_init):
        if init == "kmeans++":
            centers = kmeans_plusplus(X, n_clusters, rng)
        else:
            centers = X[rng.choice(X.shape[0], n_clusters, replace=X.shape[0] < n_clusters)]
        run = _single_run(X, centers, max_iter)
        if best is None or run.inertia < best.inertia:
            best = run
    return best
