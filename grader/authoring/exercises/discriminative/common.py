"""Data and case generators shared by the exercises of notebook 01."""

from __future__ import annotations

import numpy as np

NOTES_X, NOTES_Y = [1, 1, 2, 2], [0, 0, 0, 1]  # the notes' data {(1,0), (1,0), (2,0), (2,1)}


def _labelled(rng, n=None, d=None, k=2):
    n = int(rng.integers(7, 13)) if n is None else n
    d = int(rng.integers(1, 4)) if d is None else d
    y = np.arange(n) % k
    y = y[rng.permutation(n)]
    if rng.random() < 0.5:
        unequal = y.copy()
        unequal[:2] = 0  # unequal class sizes, unless a class would keep fewer than 2 points
        if np.bincount(unequal, minlength=k).min() >= 2:
            y = unequal
    X = np.round(rng.normal(size=(n, d)) + 2.0 * y[:, None], 3)
    return X, y.astype(np.int64)


def _spd(rng, d):
    A = rng.normal(size=(d, d))
    return np.round(A @ A.T + 0.5 * np.eye(d), 3)
