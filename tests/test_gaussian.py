"""genlab.reference.gaussian against closed forms, loops and scikit-learn-free oracles."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genlab.reference import gaussian


def test_pdf_matches_the_textbook_formula_at_a_few_points():
    for x, mu, var in [(0.0, 0.0, 1.0), (1.3, -0.4, 2.5), (-7.0, 3.0, 0.01)]:
        expected = math.exp(-((x - mu) ** 2) / (2 * var)) / math.sqrt(2 * math.pi * var)
        assert gaussian.pdf(x, mu, var) == pytest.approx(expected, rel=1e-12)


def test_standard_normal_peak_is_one_over_sqrt_two_pi():
    assert gaussian.pdf(0.0, 0.0, 1.0) == pytest.approx(0.3989422804014327, rel=1e-15)


def test_pdf_integrates_to_one():
    x = np.linspace(-20, 20, 200001)
    y = gaussian.pdf(x, 1.5, 4.0)
    assert np.sum((y[1:] + y[:-1]) / 2 * np.diff(x)) == pytest.approx(1.0, abs=1e-9)


def test_logpdf_stays_finite_forty_sigma_away():
    value = gaussian.logpdf(40.0, 0.0, 1.0)
    assert np.isfinite(value) and value == pytest.approx(-800 - 0.5 * math.log(2 * math.pi))
    assert gaussian.pdf(40.0, 0.0, 1.0) == 0.0  # why the log matters


@pytest.mark.parametrize("var", [0.0, -1.0, np.nan])
def test_bad_variance_raises(var):
    with pytest.raises(ValueError, match="variance"):
        gaussian.logpdf(0.0, 0.0, var)


def test_fit_mle_divides_by_n():
    mean, var = gaussian.fit_mle([1.0, 2.0, 3.0, 6.0])
    assert mean == 3.0
    assert var == pytest.approx((4 + 1 + 0 + 9) / 4)
    assert var == pytest.approx(np.var([1.0, 2.0, 3.0, 6.0], ddof=0))


def test_fit_mle_of_one_point_has_zero_variance():
    assert gaussian.fit_mle([2.5]) == (2.5, 0.0)


@given(st.lists(st.floats(-1e3, 1e3), min_size=2, max_size=30), st.floats(-5, 5))
@settings(max_examples=60, deadline=None)
def test_mle_mean_maximises_the_likelihood(xs, shift):
    """Shifting the mean away from the MLE never raises the log-likelihood."""
    x = np.array(xs)
    mean, var = gaussian.fit_mle(x)
    if var < 1e-6:
        return
    at_mle = gaussian.logpdf(x, mean, var).sum()
    assert gaussian.logpdf(x, mean + shift, var).sum() <= at_mle + 1e-9 * abs(at_mle)
    assert gaussian.logpdf(x, mean, var * 1.3).sum() <= at_mle + 1e-9 * abs(at_mle)


def _slow_mvn_logpdf(X, mean, cov):
    d = len(mean)
    inv, det = np.linalg.inv(cov), np.linalg.det(cov)
    return np.array([-0.5 * (d * math.log(2 * math.pi) + math.log(det) + (x - mean) @ inv @ (x - mean))
                     for x in X])


def test_mvn_logpdf_matches_the_inverse_and_determinant_formula():
    rng = np.random.default_rng(0)
    for d in (1, 2, 5):
        A = rng.normal(size=(d, d))
        cov = A @ A.T + 0.5 * np.eye(d)
        mean, X = rng.normal(size=d), rng.normal(size=(7, d))
        np.testing.assert_allclose(gaussian.mvn_logpdf(X, mean, cov), _slow_mvn_logpdf(X, mean, cov),
                                   rtol=1e-10)


def test_mvn_logpdf_in_one_dimension_equals_logpdf():
    x = np.array([-2.0, 0.3, 5.0])
    np.testing.assert_allclose(gaussian.mvn_logpdf(x[:, None], [0.5], [[2.0]]),
                               gaussian.logpdf(x, 0.5, 2.0), rtol=1e-13)


def test_mvn_logpdf_of_diagonal_cov_is_a_sum_of_1d_terms():
    X = np.array([[0.0, 1.0], [2.0, -3.0]])
    expected = gaussian.logpdf(X[:, 0], 1.0, 0.5) + gaussian.logpdf(X[:, 1], -1.0, 3.0)
    np.testing.assert_allclose(gaussian.mvn_logpdf(X, [1.0, -1.0], np.diag([0.5, 3.0])), expected)


def test_mvn_logpdf_refuses_a_singular_covariance():
    with pytest.raises(ValueError, match="positive definite"):
        gaussian.mvn_logpdf(np.zeros((2, 2)), np.zeros(2), np.ones((2, 2)))

