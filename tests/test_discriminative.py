"""genlab.reference.discriminative: the notes' tables, Gaussian class models against closed forms
and scikit-learn, and logistic regression against LogisticRegression(penalty=None)."""

import warnings

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.discriminant_analysis import QuadraticDiscriminantAnalysis
from sklearn.linear_model import LogisticRegression

from genlab.reference import discriminative as ref


def test_notes_joint_and_conditional_tables():
    x, y = [1, 1, 2, 2], [0, 0, 0, 1]
    np.testing.assert_allclose(ref.joint_table(x, y), [[1 / 2, 0], [1 / 4, 1 / 4]])
    np.testing.assert_allclose(ref.conditional_table(x, y), [[1, 0], [1 / 2, 1 / 2]])


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 3), st.integers(0, 2)), min_size=1, max_size=30))
def test_tables_match_counting_loops(pairs):
    x, y = [p[0] for p in pairs], [p[1] for p in pairs]
    xs, ys = sorted(set(x)), sorted(set(y))
    joint = ref.joint_table(x, y)
    for i, a in enumerate(xs):
        for j, b in enumerate(ys):
            assert joint[i, j] == pytest.approx(pairs.count((a, b)) / len(pairs))
            n_a = x.count(a)
            assert ref.conditional_table(x, y)[i, j] == pytest.approx(pairs.count((a, b)) / n_a)
    assert joint.sum() == pytest.approx(1.0)


def two_gaussians(seed=0, n=(150, 100)):
    rng = np.random.default_rng(seed)
    X0 = rng.multivariate_normal([0, 0], [[1.0, 0.6], [0.6, 1.5]], size=n[0])
    X1 = rng.multivariate_normal([2.0, 1.0], [[0.5, -0.2], [-0.2, 0.8]], size=n[1])
    return np.vstack([X0, X1]), np.array([0] * n[0] + [1] * n[1])


def test_fit_gaussian_classes_matches_numpy_and_sklearn_qda():
    X, y = two_gaussians()
    model = ref.fit_gaussian_classes(X, y)
    np.testing.assert_allclose(model["priors"], [0.6, 0.4])
    for c in (0, 1):
        np.testing.assert_allclose(model["means"][c], X[y == c].mean(axis=0))
        np.testing.assert_allclose(model["covariances"][c], np.cov(X[y == c].T, bias=True))
    # QDA without regularisation is the same generative classifier
    qda = QuadraticDiscriminantAnalysis(store_covariance=True).fit(X, y)
    np.testing.assert_allclose(qda.priors_, model["priors"])
    np.testing.assert_allclose(qda.means_, model["means"])
    np.testing.assert_allclose(qda.covariance_, model["covariances"], rtol=1e-10)
    grid = np.random.default_rng(1).normal(size=(200, 2)) * 3
    np.testing.assert_allclose(np.exp(ref.class_log_posterior(grid, model)), qda.predict_proba(grid),
                               atol=1e-8)


def test_gaussian_log_pdf_matches_closed_form():
    rng = np.random.default_rng(3)
    for d in (1, 2, 4):
        A = rng.normal(size=(d, d))
        S, m = A @ A.T + np.eye(d), rng.normal(size=d)
        X = rng.normal(size=(5, d))
        diff = X - m
        expected = (-0.5 * np.einsum("ni,ij,nj->n", diff, np.linalg.inv(S), diff)
                    - 0.5 * np.log(np.linalg.det(2 * np.pi * S)))
        np.testing.assert_allclose(ref.gaussian_log_pdf(X, m, S), expected, rtol=1e-10)
    with pytest.raises(ValueError):
        ref.gaussian_log_pdf(np.zeros((1, 2)), np.zeros(2), np.array([[1.0, 2.0], [2.0, 1.0]]))


def test_posterior_is_finite_far_from_both_classes():
    X, y = two_gaussians()
    model = ref.fit_gaussian_classes(X, y)
    far = np.array([[80.0, -90.0]])
    assert np.all(np.exp(ref.class_log_joint(far, model)) == 0)  # densities underflow
    post = np.exp(ref.class_log_posterior(far, model))
    assert np.isfinite(post).all() and post.sum() == pytest.approx(1.0)


def test_lrt_equals_map_decision():
    X, y = two_gaussians(5)
    model = ref.fit_gaussian_classes(X, y)
    for p in (0.05, 0.5, 0.9):
        shifted = {**model, "priors": np.array([p, 1 - p])}
        grid = np.random.default_rng(2).normal(size=(300, 2)) * 2 + 1
        np.testing.assert_array_equal(ref.lrt_predict(grid, shifted),
                                      np.argmax(ref.class_log_posterior(grid, shifted), axis=1))


def test_a_rarer_class_one_needs_stronger_evidence():
    X, y = two_gaussians(6)
    model = ref.fit_gaussian_classes(X, y)
    grid = np.random.default_rng(4).normal(size=(500, 2)) * 2 + 1
    share = [ref.lrt_predict(grid, {**model, "priors": np.array([p, 1 - p])}).mean() for p in (0.2, 0.5, 0.8)]
    assert share[0] > share[1] > share[2]


def test_samples_have_the_model_moments():
    model = {"classes": np.array([3, 7]), "priors": np.array([0.3, 0.7]),
             "means": np.array([[0.0, 5.0], [-4.0, 1.0]]),
             "covariances": np.array([[[2.0, 0.8], [0.8, 1.0]], [[0.5, -0.3], [-0.3, 1.5]]])}
    X, y = ref.sample_classes(model, 40000, random_state=0)
    assert set(np.unique(y)) == {3, 7}
    assert np.mean(y == 3) == pytest.approx(0.3, abs=0.01)
    for label, m, S in zip((3, 7), model["means"], model["covariances"]):
        np.testing.assert_allclose(X[y == label].mean(axis=0), m, atol=0.05)
        np.testing.assert_allclose(np.cov(X[y == label].T), S, atol=0.06)
    X2, y2 = ref.sample_classes(model, 40000, random_state=0)
    np.testing.assert_array_equal(X, X2)


def test_sigmoid_is_stable_and_symmetric():
    z = np.array([-1000.0, -5.0, 0.0, 5.0, 1000.0])
    s = ref.sigmoid(z)
    assert np.isfinite(s).all() and s[0] == 0.0 and s[-1] == 1.0 and s[2] == 0.5
    np.testing.assert_allclose(s + ref.sigmoid(-z), 1.0)


def test_logistic_regression_reaches_sklearn_unpenalised_boundary():
    X, y = two_gaussians(7)
    w, b = ref.fit_logistic_regression(X, y, learning_rate=1.0, n_iter=20000)
    with warnings.catch_warnings():  # scikit-learn >= 1.8 prefers C=np.inf to penalty=None
        warnings.simplefilter("ignore", FutureWarning)
        sk = LogisticRegression(penalty=None, tol=1e-12, max_iter=10000).fit(X, y)
    np.testing.assert_allclose(w, sk.coef_[0], rtol=1e-4)
    assert b == pytest.approx(sk.intercept_[0], rel=1e-4)
    grid = np.random.default_rng(0).normal(size=(500, 2)) * 2
    np.testing.assert_allclose(ref.logistic_predict_proba(grid, w, b), sk.predict_proba(grid)[:, 1], atol=1e-5)


def test_logistic_regression_loss_decreases():
    X, y = two_gaussians(8)
    def loss(w, b):
        p = ref.logistic_predict_proba(X, w, b)
        return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))
    losses = [loss(*ref.fit_logistic_regression(X, y, 0.5, n)) for n in (0, 1, 10, 100, 1000)]
    assert all(a > b for a, b in zip(losses, losses[1:]))
    assert losses[0] == pytest.approx(np.log(2))


def test_map_estimate_is_the_mode_of_the_beta_posterior():
    assert ref.map_estimate(3, 10, 1, 1) == 0.3             # flat prior: MAP = MLE
    assert ref.map_estimate(0, 7, 2, 2) == pytest.approx(1 / 9)  # Laplace: (k + 1) / (n + 2)
    # the mode of the Beta(k + a, n - k + b) posterior, found on a grid
    k, n, a, b = 4, 15, 3.0, 6.0
    grid = np.linspace(1e-6, 1 - 1e-6, 200001)
    log_post = (k + a - 1) * np.log(grid) + (n - k + b - 1) * np.log(1 - grid)
    assert ref.map_estimate(k, n, a, b) == pytest.approx(grid[np.argmax(log_post)], abs=1e-5)
    with pytest.raises(ValueError):
        ref.map_estimate(1, 2, 0.5, 1)
