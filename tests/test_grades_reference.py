"""genlab.reference.grades against closed forms, brute force and EM's guarantees."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genlab.reference import grades

GRID = np.linspace(1e-6, 0.5 - 1e-9, 200_001)


def _complete_ll(theta, n_a, n_b, n_c):
    return n_a * np.log(0.5) + n_b * np.log(0.5 - theta) + n_c * np.log(theta)


@given(st.integers(0, 300), st.integers(1, 300), st.integers(1, 300))
@settings(max_examples=40, deadline=None)
def test_mle_theta_is_the_argmax_of_the_complete_likelihood(n_a, n_b, n_c):
    best = GRID[np.argmax(_complete_ll(GRID, n_a, n_b, n_c))]
    assert grades.mle_theta(n_a, n_b, n_c) == pytest.approx(best, abs=5e-6)


def test_mle_theta_of_the_notebook_example_and_the_edges():
    assert grades.mle_theta(40, 18, 12) == pytest.approx(0.2)
    assert grades.mle_theta(7, 0, 3) == 0.5      # no B's: P(B) = 0
    assert grades.mle_theta(7, 4, 0) == 0.0      # no C's


@given(st.floats(0, 0.5), st.integers(0, 1000))
def test_e_step_is_bayes_rule(theta, n_ab):
    p = {"A": 0.5, "B": 0.5 - theta, "C": theta}
    posterior_b = p["B"] / (p["A"] + p["B"])
    assert grades.e_step(theta, n_ab) == pytest.approx(n_ab * posterior_b)


@given(st.floats(0, 400), st.integers(1, 300))
@settings(max_examples=40, deadline=None)
def test_m_step_maximises_the_expected_complete_likelihood(n_b_expected, n_c):
    best = GRID[np.argmax(n_b_expected * np.log(0.5 - GRID) + n_c * np.log(GRID))]
    assert grades.m_step(n_b_expected, n_c) == pytest.approx(best, abs=5e-6)


def _observed_ll_by_summing_the_latent_split(theta, n, n_c):
    """log P(n_c C's) by summing the multinomial over every split of the others into A and B."""
    n_ab = n - n_c
    terms = []
    for n_b in range(n_ab + 1):
        n_a = n_ab - n_b
        log_coef = math.lgamma(n + 1) - math.lgamma(n_a + 1) - math.lgamma(n_b + 1) - math.lgamma(n_c + 1)
        log_p = n_a * math.log(0.5) + (n_b * math.log(0.5 - theta) if n_b else 0.0) + n_c * math.log(theta)
        terms.append(log_coef + log_p)
    top = max(terms)
    log_binomial = math.lgamma(n + 1) - math.lgamma(n_c + 1) - math.lgamma(n_ab + 1)
    return top + math.log(sum(math.exp(t - top) for t in terms)) - log_binomial


@pytest.mark.parametrize("theta,n,n_c", [(0.2, 30, 6), (0.05, 50, 1), (0.45, 12, 9), (0.3, 1, 0)])
def test_observed_log_likelihood_marginalises_the_latent_split(theta, n, n_c):
    expected = _observed_ll_by_summing_the_latent_split(theta, n, n_c)
    assert grades.observed_log_likelihood(theta, n, n_c) == pytest.approx(expected, rel=1e-12)


def test_observed_log_likelihood_at_theta_zero():
    assert grades.observed_log_likelihood(0.0, 10, 0) == 0.0     # 0 log 0 = 0
    assert grades.observed_log_likelihood(0.0, 10, 1) == -np.inf


@given(st.integers(1, 500).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))),
       st.floats(0.001, 0.499))
@settings(max_examples=60, deadline=None)
def test_em_never_decreases_the_observed_log_likelihood(n_and_c, theta0):
    n, n_c = n_and_c
    result = grades.em_theta(n, n_c, theta0=theta0, tol=0, max_iter=30)
    assert np.all(np.diff(result.log_likelihoods) >= -1e-9 * np.abs(result.log_likelihoods[:-1]).clip(1))


@given(st.integers(2, 500).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, (n - 1) // 2))),
       st.floats(0.001, 0.499))
@settings(max_examples=60, deadline=None)
def test_em_fixed_point_is_n_c_over_n_below_one_half(n_and_c, theta0):
    n, n_c = n_and_c
    result = grades.em_theta(n, n_c, theta0=theta0, tol=1e-13, max_iter=10_000)
    assert result.converged
    assert result.theta == pytest.approx(n_c / n, abs=1e-9)


def test_em_goes_to_the_boundary_when_more_than_half_got_a_c():
    result = grades.em_theta(100, 70, theta0=0.1, tol=1e-14, max_iter=1000)
    assert result.converged and result.theta == pytest.approx(0.5, abs=1e-12)
    # distance to 1/2 shrinks by (n - n_c) / n_c = 3/7 per iteration near the boundary
    gaps = 0.5 - result.thetas[5:12]
    assert gaps[1:] / gaps[:-1] == pytest.approx(3 / 7, rel=1e-2)


def test_em_at_exactly_one_half_is_slow_and_says_so():
    result = grades.em_theta(100, 50, theta0=0.25, tol=1e-12, max_iter=200)
    assert not result.converged and result.n_iter == 200
    assert 0.49 < result.theta < 0.5


def test_em_edges_n_c_zero_and_n_c_equal_n():
    zero = grades.em_theta(40, 0, theta0=0.3)
    assert zero.thetas[1] == 0.0 and zero.converged and zero.n_iter == 2
    everyone = grades.em_theta(40, 40, theta0=0.3)
    assert everyone.thetas[1] == 0.5 and everyone.theta == 0.5


def test_em_trajectory_shapes_and_first_value():
    result = grades.em_theta(100, 20, theta0=0.01, tol=0, max_iter=7)
    assert result.thetas.shape == result.log_likelihoods.shape == (8,)
    assert result.thetas[0] == 0.01 and result.n_iter == 7 and not result.converged


@pytest.mark.parametrize("call,match", [
    (lambda: grades.mle_theta(1, -2, 3), "n_b must be >= 0"),
    (lambda: grades.mle_theta(1, 2.5, 3), "whole number"),
    (lambda: grades.mle_theta(4, 0, 0), "not identified"),
    (lambda: grades.e_step(0.7, 10), r"theta must lie in \[0, 1/2\]"),
    (lambda: grades.e_step(0.2, True), "whole number"),
    (lambda: grades.m_step(-1.0, 3), "n_b_expected"),
    (lambda: grades.observed_log_likelihood(0.2, 5, 6), "cannot exceed"),
    (lambda: grades.em_theta(10, 11), "cannot exceed"),
    (lambda: grades.em_theta(0, 0), "at least one student"),
    (lambda: grades.em_theta(10, 3, theta0=0.5), r"theta must lie in \(0, 1/2\)"),
    (lambda: grades.em_theta(10, 3, theta0=0.0), r"\(0, 1/2\)"),
    (lambda: grades.em_theta(10, 3, tol=-1), "tol"),
])
def test_impossible_input_raises_a_clear_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()
