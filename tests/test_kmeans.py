"""genlab.reference.kmeans: Lloyd's algorithm, k-means++, and scikit-learn as an oracle."""

import numpy as np
import pytest
from sklearn.cluster import KMeans

from genlab.data import faithful
from genlab.reference import kmeans


def _blobs(seed=0):
    rng = np.random.default_rng(seed)
    centers = np.array([[0.0, 0.0], [6.0, 0.0], [0.0, 6.0]])
    return np.vstack([c + rng.normal(size=(40, 2)) for c in centers]), centers


def test_recovers_well_separated_centres():
    X, centers = _blobs()
    result = kmeans.fit(X, 3, n_init=5, random_state=0)
    found = result.centers[np.argsort(result.centers[:, 0] + 10 * result.centers[:, 1])]
    np.testing.assert_allclose(found, centers[[0, 1, 2]], atol=0.4)
    assert result.converged


def test_inertia_never_increases():
    X = faithful.load(standardize=True)
    result = kmeans.fit(X, 4, init="random", random_state=3)
    values = [h["inertia"] for h in result.history]
    assert all(b <= a + 1e-9 for a, b in zip(values, values[1:]))


def test_same_fixed_point_as_scikit_learn_from_the_same_centres():
    X = faithful.load(standardize=True)
    init = X[[0, 1, 2]]
    ours = kmeans.fit(X, 3, init=init)
    theirs = KMeans(3, init=init, n_init=1, tol=0, max_iter=300, algorithm="lloyd").fit(X)
    np.testing.assert_allclose(ours.centers, theirs.cluster_centers_, atol=1e-10)
    assert ours.inertia == pytest.approx(theirs.inertia_, rel=1e-10)


def test_kmeans_plusplus_picks_distinct_data_points():
    X, _ = _blobs(1)
    centers = kmeans.kmeans_plusplus(X, 3, random_state=0)
    assert len({tuple(c) for c in centers}) == 3
    assert all(any(np.array_equal(c, x) for x in X) for c in centers)


def test_more_clusters_than_distinct_points_gives_no_nan():
    X = np.array([[1.0, 1.0]] * 5 + [[2.0, 2.0]] * 5)
    result = kmeans.fit(X, 4, random_state=0)
    assert np.all(np.isfinite(result.centers)) and result.inertia == 0.0


def test_update_keeps_an_empty_cluster_in_place():
    X = np.array([[0.0], [1.0]])
    new = kmeans.update(X, np.array([0, 0]), np.array([[5.0], [9.0]]))
    np.testing.assert_allclose(new, [[0.5], [9.0]])


def test_bad_arguments_raise():
    with pytest.raises(ValueError):
        kmeans.fit(np.zeros((3, 2)), 0)
    with pytest.raises(ValueError):
        kmeans.fit(np.zeros((3, 2)), 2, init="best")
