"""EM as lower-bound maximisation, checked with numbers: the ELBO is below the log-likelihood
for any q, touches it after the E-step, the M-step raises it, and the finite-difference
gradient vanishes at the M-step update."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from genlab.reference import em_theory as et


def _problem(seed, k=3, n=40):
    rng = np.random.default_rng(seed)
    weights = rng.dirichlet(np.ones(k))
    means = np.sort(rng.uniform(-3, 3, k))
    variances = rng.uniform(0.2, 2.0, k)
    z = rng.choice(k, size=n, p=weights)
    x = means[z] + np.sqrt(variances[z]) * rng.standard_normal(n)
    return rng, x, weights, means, variances


def _slow_log_likelihood(x, weights, means, variances):
    total = 0.0
    for xn in x:
        p = sum(w * math.exp(-(xn - m) ** 2 / (2 * v)) / math.sqrt(2 * math.pi * v)
                for w, m, v in zip(weights, means, variances))
        total += math.log(p)
    return total


seeds = st.integers(0, 2**32 - 1)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, k=st.integers(1, 4))
def test_elbo_is_below_the_log_likelihood_for_any_q(seed, k):
    rng, x, weights, means, variances = _problem(seed, k)
    lj = et.log_joint(x, weights, means, variances)
    q = rng.dirichlet(np.full(k, 0.5), size=len(x))
    assert et.elbo(q, lj) <= et.log_likelihood(x, weights, means, variances) + 1e-9


@settings(max_examples=40, deadline=None)
@given(seed=seeds, k=st.integers(1, 4))
def test_gap_is_the_kl_divergence_to_the_posterior_and_vanishes_after_the_e_step(seed, k):
    rng, x, weights, means, variances = _problem(seed, k)
    lj = et.log_joint(x, weights, means, variances)
    ll = et.log_likelihood(x, weights, means, variances)
    post = et.e_step(x, weights, means, variances)
    assert et.elbo(post, lj) == pytest.approx(ll, rel=1e-10, abs=1e-9)
    q = rng.dirichlet(np.ones(k), size=len(x))
    kl = np.sum(q * (np.log(q) - np.log(post)))
    assert ll - et.elbo(q, lj) == pytest.approx(kl, rel=1e-7, abs=1e-9)


@settings(max_examples=40, deadline=None)
@given(seed=seeds, k=st.integers(1, 4))
def test_m_step_maximises_the_elbo_for_fixed_q(seed, k):
    rng, x, weights, means, variances = _problem(seed, k)
    q = et.e_step(x, weights, means, variances)
    new = et.m_step(x, q)
    best = et.elbo(q, et.log_joint(x, *new))
    assert best >= et.elbo(q, et.log_joint(x, weights, means, variances)) - 1e-9
    for _ in range(5):  # random nearby parameters never beat the M-step
        w = rng.dirichlet(np.ones(k))
        m = new[1] + rng.normal(scale=0.3, size=k)
        v = new[2] * rng.uniform(0.5, 2.0, size=k)
        assert et.elbo(q, et.log_joint(x, w, m, v)) <= best + 1e-9


@settings(max_examples=25, deadline=None)
@given(seed=seeds, k=st.integers(1, 4))
def test_log_likelihood_never_decreases_and_is_sandwiched_by_the_elbo(seed, k):
    _, x, weights, means, variances = _problem(seed, k)
    history = et.run_em(x, weights, means, variances, n_iter=15)
    ll = np.array([h["log_likelihood"] for h in history])
    assert np.all(np.diff(ll) >= -1e-8)
    for before, after in zip(history, history[1:]):
        # staircase: ℓ(θ_old) = L(q, θ_old) <= L(q, θ_new) <= ℓ(θ_new)
        assert before["log_likelihood"] <= after["elbo"] + 1e-8 <= after["log_likelihood"] + 2e-8


@settings(max_examples=25, deadline=None)
@given(seed=seeds, k=st.integers(2, 4))
def test_hard_em_never_decreases_the_best_complete_data_log_likelihood(seed, k):
    _, x, weights, means, variances = _problem(seed, k, n=60)
    history = et.run_em(x, weights, means, variances, n_iter=10, hard=True)
    best = []
    for h in history:
        z = np.argmax(et.log_joint(x, h["weights"], h["means"], h["variances"]), axis=1)
        best.append(et.complete_log_likelihood(x, z, h["weights"], h["means"], h["variances"]))
    assert np.all(np.diff(best) >= -1e-8)


def test_log_likelihood_matches_a_slow_loop():
    _, x, weights, means, variances = _problem(1)
    assert et.log_likelihood(x, weights, means, variances) == pytest.approx(
        _slow_log_likelihood(x, weights, means, variances), rel=1e-12)


def test_posterior_is_bayes_rule_and_matches_e_step():
    _, x, weights, means, variances = _problem(2)
    likelihood = np.array([[math.exp(-(xn - m) ** 2 / (2 * v)) / math.sqrt(2 * math.pi * v)
                            for m, v in zip(means, variances)] for xn in x])
    post = et.posterior(weights, likelihood)
    assert np.allclose(post.sum(axis=1), 1.0)
    assert np.allclose(post, et.e_step(x, weights, means, variances), rtol=1e-10)
    # the toy numbers: 0.7·0.2 / (0.7·0.2 + 0.3·0.6) = 0.4375
    assert et.posterior(np.array([0.7, 0.3]), np.array([[0.2, 0.6]]))[0, 0] == pytest.approx(0.4375)


def test_e_step_matches_scikit_learn_predict_proba():
    sklearn_mixture = pytest.importorskip("sklearn.mixture")
    _, x, weights, means, variances = _problem(3)
    model = sklearn_mixture.GaussianMixture(n_components=3, covariance_type="spherical")
    model.weights_, model.means_, model.covariances_ = weights, means[:, None], variances
    model.precisions_cholesky_ = 1.0 / np.sqrt(variances)
    assert np.allclose(et.e_step(x, weights, means, variances), model.predict_proba(x[:, None]), rtol=1e-9)
    assert et.log_likelihood(x, weights, means, variances) == pytest.approx(
        model.score_samples(x[:, None]).sum(), rel=1e-10)


def test_m_step_is_the_weighted_mle_and_the_indicator_formulas_for_hard_labels():
    rng, x, *_ = _problem(4)
    resp = rng.dirichlet(np.ones(3), size=len(x))
    weights, means, variances = et.m_step(x, resp)
    for k in range(3):
        assert means[k] == pytest.approx(np.average(x, weights=resp[:, k]))
        assert variances[k] == pytest.approx(np.average((x - means[k]) ** 2, weights=resp[:, k]))
    assert weights.sum() == pytest.approx(1.0)
    z = rng.integers(0, 3, size=len(x))
    weights, means, variances = et.m_step(x, np.eye(3)[z])
    for k in range(3):
        assert weights[k] == pytest.approx(np.mean(z == k))
        assert means[k] == pytest.approx(x[z == k].mean())
        assert variances[k] == pytest.approx(x[z == k].var())  # 1/N_k, as in the notes


def test_complete_data_mle_maximises_the_complete_log_likelihood():
    rng, x, *_ = _problem(5)
    z = rng.integers(0, 3, size=len(x))
    best = et.m_step(x, np.eye(3)[z])
    top = et.complete_log_likelihood(x, z, *best)
    for _ in range(20):
        w = rng.dirichlet(np.ones(3))
        m = best[1] + rng.normal(scale=0.2, size=3)
        v = best[2] * rng.uniform(0.7, 1.4, size=3)
        assert et.complete_log_likelihood(x, z, w, m, v) <= top


def test_expected_complete_log_likelihood_is_elbo_minus_entropy():
    rng, x, weights, means, variances = _problem(6)
    q = rng.dirichlet(np.ones(3), size=len(x))
    entropy = -np.sum(q * np.log(q))
    lj = et.log_joint(x, weights, means, variances)
    assert et.expected_complete_log_likelihood(x, q, weights, means, variances) == pytest.approx(
        et.elbo(q, lj) - entropy)


def test_finite_difference_gradient_matches_the_analytic_one():
    rng, x, weights, means, variances = _problem(7)
    r = et.e_step(x, weights, means, variances)
    d_w, d_m, d_v = et.numerical_gradient(x, r, weights, means, variances, h=1e-5)
    diff = x[:, None] - means
    assert np.allclose(d_w, r.sum(0) / weights, rtol=1e-6)
    assert np.allclose(d_m, np.sum(r * diff, 0) / variances, rtol=1e-6, atol=1e-6)
    assert np.allclose(d_v, np.sum(r * (diff**2 / (2 * variances**2) - 1 / (2 * variances)), 0),
                       rtol=1e-6, atol=1e-6)


def test_gradient_vanishes_at_the_m_step_update_and_weights_meet_the_constraint():
    _, x, weights, means, variances = _problem(8, n=100)
    r = et.e_step(x, weights, means, variances)
    new = et.m_step(x, r)
    d_w, d_m, d_v = et.numerical_gradient(x, r, *new, h=1e-4)
    assert np.max(np.abs(d_m)) < 1e-6 and np.max(np.abs(d_v)) < 1e-6
    # ∂Q/∂π_k = N_k / π_k = N for every k: parallel to the constraint's normal, λ = -N
    assert np.allclose(d_w, len(x), rtol=1e-7)
    _, d_m_old, _ = et.numerical_gradient(x, r, weights, means, variances)
    assert np.max(np.abs(d_m_old)) > 1e-2  # away from the update it is not zero


def test_hard_assign_is_the_posterior_mode_and_k_means_in_the_equal_variance_limit():
    _, x, weights, means, variances = _problem(9, n=80)
    onehot = et.hard_assign(x, weights, means, variances)
    assert onehot.shape == (80, 3) and np.all(onehot.sum(1) == 1)
    assert np.array_equal(onehot.argmax(1), et.e_step(x, weights, means, variances).argmax(1))
    equal = et.hard_assign(x, np.full(3, 1 / 3), means, np.full(3, 0.5))
    assert np.array_equal(equal.argmax(1), np.argmin(np.abs(x[:, None] - means), 1))


def test_elbo_treats_zero_q_as_zero_contribution():
    lj = np.log(np.array([[0.2, 0.3], [0.1, 0.4]]))
    q = np.array([[1.0, 0.0], [0.0, 1.0]])
    assert et.elbo(q, lj) == pytest.approx(np.log(0.2) + np.log(0.4))


@pytest.mark.parametrize("call", [
    lambda: et.posterior(np.array([0.5, 0.5]), np.array([[0.0, 0.0]])),
    lambda: et.m_step(np.array([1.0, 2.0]), np.array([[1.0, 0.0], [1.0, 0.0]])),
    lambda: et.log_joint(np.array([1.0]), np.array([1.0]), np.array([0.0]), np.array([0.0])),
    lambda: et.complete_log_likelihood(np.array([1.0]), np.array([2]), np.array([1.0]), np.array([0.0]),
                                       np.array([1.0])),
    lambda: et.elbo(np.ones((2, 2)) / 2, np.zeros((2, 3))),
])
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()
