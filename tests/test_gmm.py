"""genlab.reference.gmm: scikit-learn as oracle, the Old Faithful MLE, monotone EM, degenerate data."""

import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from sklearn.mixture import GaussianMixture

from genlab.data import faithful
from genlab.reference import gaussian, gmm


def _sklearn_from(params, n_iter, reg_covar=1e-6):
    weights, means, covariances = params
    return GaussianMixture(len(weights), covariance_type="full", tol=0.0, max_iter=n_iter,
                           reg_covar=reg_covar, weights_init=weights, means_init=means,
                           precisions_init=np.linalg.inv(covariances))


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
@pytest.mark.parametrize("seed,k,d,reg", [(0, 2, 2, 1e-6), (1, 3, 2, 1e-3), (2, 4, 3, 1e-6), (3, 2, 1, 1e-6)])
def test_matches_scikit_learn_after_50_iterations_from_the_same_start(seed, k, d, reg):
    rng = np.random.default_rng(seed)
    X = np.vstack([rng.normal(loc=3 * j, scale=1 + j, size=(60, d)) for j in range(k)])
    start = gmm.initialize(X, k, "random", reg_covar=reg, random_state=rng)
    ours = gmm.fit(X, k, init=start, max_iter=50, tol=0.0, reg_covar=reg)
    theirs = _sklearn_from(start, 50, reg).fit(X)
    assert ours.n_iter == theirs.n_iter_ == 50
    np.testing.assert_allclose(ours.weights, theirs.weights_, rtol=0, atol=1e-6)
    np.testing.assert_allclose(ours.means, theirs.means_, rtol=0, atol=1e-6)
    np.testing.assert_allclose(ours.covariances, theirs.covariances_, rtol=0, atol=1e-6)
    # scikit-learn's score is the mean log-likelihood per point; ours is the total
    assert ours.log_likelihood == pytest.approx(theirs.score(X) * len(X), rel=1e-9)


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_e_step_and_log_likelihood_match_scikit_learn():
    X = faithful.load(standardize=True)
    start = gmm.initialize(X, 3, "random", random_state=5)
    theirs = _sklearn_from(start, 1)
    theirs.weights_, theirs.means_, theirs.covariances_ = start
    theirs.precisions_cholesky_ = np.linalg.cholesky(np.linalg.inv(start[2]))
    np.testing.assert_allclose(gmm.e_step(X, *start), theirs.predict_proba(X), rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(gmm.score_samples(X, *start), theirs.score_samples(X), rtol=1e-10)


def test_old_faithful_two_components_reaches_the_maximum_likelihood_solution():
    X = faithful.load()
    ours = gmm.fit(X, 2, n_init=10, tol=1e-10, max_iter=1000, random_state=0)
    best = max((GaussianMixture(2, tol=1e-10, max_iter=1000, random_state=s).fit(X) for s in range(20)),
               key=lambda g: g.score(X))
    # the MLE that R's mclust (VVV, G = 2) also reports: log-likelihood -1130.264
    assert ours.log_likelihood == pytest.approx(-1130.264, abs=1e-3)
    assert ours.log_likelihood == pytest.approx(best.score(X) * len(X), abs=1e-6)
    order = np.argsort(ours.means[:, 0])
    np.testing.assert_allclose(ours.means[order], best.means_[np.argsort(best.means_[:, 0])], rtol=1e-5)
    np.testing.assert_allclose(ours.weights[order], best.weights_[np.argsort(best.means_[:, 0])], rtol=1e-5)
    np.testing.assert_allclose(ours.means[order], [[2.036, 54.48], [4.290, 79.97]], rtol=1e-3)
    np.testing.assert_allclose(ours.weights[order], [0.356, 0.644], atol=1e-3)
    assert ours.converged


@pytest.mark.parametrize("init", ["kmeans++", "random", "split"])
def test_every_init_finds_the_old_faithful_optimum(init):
    X = faithful.load(standardize=True)
    result = gmm.fit(X, 2, init=init, n_init=5, random_state=1)
    reference = gmm.fit(X, 2, n_init=10, tol=1e-10, max_iter=1000, random_state=0)
    assert result.log_likelihood == pytest.approx(reference.log_likelihood, abs=1e-2)


@given(seed=st.integers(0, 10_000), k=st.integers(1, 4), d=st.integers(1, 3), extra=st.integers(0, 40))
@settings(max_examples=40, deadline=None)
def test_log_likelihood_never_decreases(seed, k, d, extra):
    """Exact EM (no variance floor) is monotone, whatever the data, K and D."""
    rng = np.random.default_rng(seed)
    n = 4 * k * (d + 1) + extra
    X = rng.normal(size=(n, d)) * rng.uniform(0.1, 5, size=d) + rng.integers(-3, 4, size=(n, 1))
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", gmm.DegenerateMixtureWarning)
            result = gmm.fit(X, k, init="random", max_iter=30, tol=0.0, reg_covar=0.0, random_state=rng)
    except ValueError as error:  # a component collapsed: without a floor that is a clear error
        assert "reg_covar" in str(error)
        assume(False)
    lls = result.log_likelihoods
    assert np.all(np.isfinite(lls))
    assert np.all(np.diff(lls) >= -1e-9 * np.maximum(1.0, np.abs(lls[1:])))


def test_with_a_variance_floor_any_decrease_is_tiny():
    """With reg_covar > 0 the M-step is not an exact maximiser; the drop stays negligible."""
    rng = np.random.default_rng(250)
    X = rng.normal(size=(19, 3)) * rng.uniform(0.1, 5, size=3) + rng.integers(-3, 4, size=(19, 1))
    lls = gmm.fit(X, 3, init="random", max_iter=30, tol=0.0, reg_covar=1e-4, random_state=rng).log_likelihoods
    assert lls[-1] > lls[0] + 10
    assert np.diff(lls).min() > -1e-4


def test_duplicated_points_and_too_many_components_warn_and_stay_finite():
    X = np.array([[0.0, 1.0]] * 6 + [[2.0, -1.0]] * 4)
    with pytest.warns(gmm.DegenerateMixtureWarning, match="only 2 distinct point"):
        result = gmm.fit(X, 4, random_state=0)
    for value in (result.weights, result.means, result.covariances, result.log_likelihoods):
        assert np.all(np.isfinite(value))
    smallest = np.linalg.eigvalsh(result.covariances)[:, 0]
    assert np.all(smallest >= 1e-6 * (1 - 1e-9))  # the variance floor holds


def test_a_component_collapsing_onto_one_point_is_reported():
    rng = np.random.default_rng(0)
    X = np.concatenate([rng.normal(size=30), [8.0]])
    start = (np.array([0.9, 0.1]), np.array([0.0, 8.0]), np.array([1.0, 1.0]))
    with pytest.warns(gmm.DegenerateMixtureWarning, match="collapsed"):
        result = gmm.fit(X, 2, init=start, reg_covar=1e-3)
    assert result.covariances[1] == pytest.approx(1e-3, rel=1e-6)
    assert np.isfinite(result.log_likelihood)


def test_without_a_variance_floor_a_collapse_is_named():
    X = np.concatenate([np.random.default_rng(0).normal(size=30), [8.0]])
    start = (np.array([0.9, 0.1]), np.array([0.0, 8.0]), np.array([1.0, 1.0]))
    with pytest.warns(gmm.DegenerateMixtureWarning, match="no variance floor: set reg_covar > 0"):
        gmm.fit(X, 2, init=start, reg_covar=0.0)


def test_a_singular_covariance_is_a_clear_error():
    with pytest.raises(ValueError, match="component 1: .*reg_covar"):
        gmm.e_step(np.zeros((3, 2)), [0.5, 0.5], np.zeros((2, 2)), np.array([np.eye(2), np.zeros((2, 2))]))


def test_one_dimensional_form_round_trips():
    x = faithful.load()[:, 0]
    one = gmm.fit(x, 2, random_state=0)
    two = gmm.fit(x[:, None], 2, random_state=0)
    assert one.means.shape == one.covariances.shape == (2,)
    np.testing.assert_allclose(one.means, two.means[:, 0])
    np.testing.assert_allclose(one.covariances, two.covariances[:, 0, 0])
    assert one.history[0]["means"].shape == (2,)


def test_e_step_rows_sum_to_one_even_for_a_point_forty_sigma_away():
    x = np.array([-1.0, 0.0, 1.5, 40.0 + 1.5])
    resp = gmm.e_step(x, [0.6, 0.4], [-1.0, 1.5], [1.0, 1.0])
    np.testing.assert_allclose(resp.sum(axis=1), 1.0)
    assert resp[-1, 1] == pytest.approx(1.0)
    assert np.isfinite(gmm.log_likelihood(x, [0.6, 0.4], [-1.0, 1.5], [1.0, 1.0]))


def test_e_step_is_bayes_rule_in_one_dimension():
    x = np.array([-0.3, 0.8])
    w, mu, var = np.array([0.6, 0.4]), np.array([-1.0, 1.5]), np.array([1.0, 2.0])
    joint = w * np.array([[gaussian.pdf(xi, m, v) for m, v in zip(mu, var)] for xi in x])
    np.testing.assert_allclose(gmm.e_step(x, w, mu, var), joint / joint.sum(1, keepdims=True))
    assert gmm.log_likelihood(x, w, mu, var) == pytest.approx(np.log(joint.sum(1)).sum())


def test_m_step_with_hard_labels_is_the_per_class_mle():
    x = np.array([0.0, 1.0, 2.0, 10.0, 14.0])
    resp = np.eye(2)[[0, 0, 0, 1, 1]]
    weights, means, variances = gmm.m_step(x, resp, reg_covar=0.0)
    np.testing.assert_allclose(weights, [0.6, 0.4])
    np.testing.assert_allclose(means, [1.0, 12.0])
    np.testing.assert_allclose(variances, [2 / 3, 4.0])


def test_n_parameters_counts_symmetric_covariances():
    assert gmm.n_parameters(1, 1) == 2
    assert gmm.n_parameters(2, 2) == 2 * 2 + 2 * 3 + 1 == 11
    assert gmm.n_parameters(3, 5) == 15 + 45 + 2


@pytest.mark.filterwarnings("ignore::sklearn.exceptions.ConvergenceWarning")
def test_bic_matches_scikit_learn():
    X = faithful.load()
    sk = GaussianMixture(3, random_state=0).fit(X)
    ll = sk.score(X) * len(X)
    assert gmm.bic(ll, 3, 2, len(X)) == pytest.approx(sk.bic(X), rel=1e-12)
    assert gmm.n_parameters(3, 2) == sk._n_parameters()


def test_sample_follows_the_generative_story():
    weights, means, variances = np.array([0.6, 0.4]), np.array([-1.0, 1.5]), np.array([1.0, 1.0])
    x, z = gmm.sample(20_000, weights, means, variances, random_state=0)
    assert x.shape == z.shape == (20_000,)
    assert np.mean(z == 0) == pytest.approx(0.6, abs=0.015)
    assert x[z == 1].mean() == pytest.approx(1.5, abs=0.05)
    assert x.mean() == pytest.approx(0.6 * -1 + 0.4 * 1.5, abs=0.03)
    X, _ = gmm.sample(5_000, weights, [[0.0, 0.0], [5.0, 5.0]], [np.eye(2), [[1.0, 0.8], [0.8, 1.0]]], 1)
    assert np.corrcoef(X[X[:, 0] > 2.5].T)[0, 1] > 0.6


def test_sample_is_reproducible_from_random_state():
    a = gmm.sample(10, [0.5, 0.5], [0.0, 3.0], [1.0, 1.0], random_state=7)[0]
    b = gmm.sample(10, [0.5, 0.5], [0.0, 3.0], [1.0, 1.0], random_state=7)[0]
    np.testing.assert_array_equal(a, b)


def test_training_log_likelihood_grows_with_k():
    X = faithful.load(standardize=True)
    train = [gmm.fit(X, k, n_init=3, random_state=0).log_likelihood for k in (1, 2, 3, 4)]
    assert train[1] > train[0] + 50 and train[3] >= train[1] - 1


def test_bad_arguments_raise():
    X = faithful.load()
    with pytest.raises(ValueError, match="init"):
        gmm.fit(X, 2, init="best")
    with pytest.raises(ValueError, match="sum to 1"):
        gmm.e_step(X, [0.5, 0.6], X[:2], np.array([np.eye(2)] * 2))
    with pytest.raises(ValueError, match="shape"):
        gmm.e_step(X, [0.5, 0.5], X[:2, :1], np.array([np.eye(2)] * 2))


def test_logsumexp_handles_large_and_minus_infinite_values():
    assert gmm.logsumexp(np.array([1000.0, 1000.0])) == pytest.approx(1000 + math.log(2))
    np.testing.assert_allclose(gmm.logsumexp(np.array([[-np.inf, 0.0], [-800.0, -800.0]]), axis=1),
                               [0.0, -800 + math.log(2)])
