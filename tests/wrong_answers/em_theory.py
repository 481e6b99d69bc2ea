"""Wrong answers for notebook 04, the EM derivation."""

from __future__ import annotations

import numpy as np

from . import Corpus

WRONG = Corpus()


def _log_gauss(x, means, variances, square=False):
    v = np.asarray(variances, float) ** (2 if square else 1)
    return -0.5 * np.log(2 * np.pi * v) - (np.asarray(x, float) - means) ** 2 / (2 * v)


def _log_joint(x, weights, means, variances):
    return np.log(weights) + _log_gauss(np.asarray(x, float)[:, None], np.asarray(means), variances)


def _lse(a, axis=1):
    top = a.max(axis=axis, keepdims=True)
    return np.squeeze(top + np.log(np.exp(a - top).sum(axis=axis, keepdims=True)), axis=axis)


# --- posterior(prior, likelihood) -----------------------------------------------------------

@WRONG("em_theory.posterior", "the prior left out")
def post_no_prior(prior, likelihood):
    return likelihood / likelihood.sum(axis=1, keepdims=True)


@WRONG("em_theory.posterior", "normalised over the points")
def post_over_points(prior, likelihood):
    j = likelihood * prior
    return j / j.sum(axis=0, keepdims=True)


@WRONG("em_theory.posterior", "the joint, never normalised")
def post_joint(prior, likelihood):
    return likelihood * prior


@WRONG("em_theory.posterior", "prior added to the likelihood, as one would add logs")
def post_added(prior, likelihood):
    j = likelihood + prior
    return j / j.sum(axis=1, keepdims=True)


@WRONG("em_theory.posterior", "divided by the grand total of the joint")
def post_grand_total(prior, likelihood):
    j = likelihood * prior
    return j / j.sum()


@WRONG("em_theory.posterior", "divided by the sum of the likelihoods, without the prior")
def post_evidence_without_prior(prior, likelihood):
    return likelihood * prior / likelihood.sum(axis=1, keepdims=True)


# --- complete_log_likelihood(x, z, weights, means, variances) --------------------------------

@WRONG("em_theory.complete_log_likelihood", "no log π_z term")
def cll_no_prior(x, z, weights, means, variances):
    return float(np.sum(_log_gauss(x, means[z], variances[z])))


@WRONG("em_theory.complete_log_likelihood", "variances used as standard deviations")
def cll_var_as_std(x, z, weights, means, variances):
    return float(np.sum(np.log(weights[z]) + _log_gauss(x, means[z], variances[z], square=True)))


@WRONG("em_theory.complete_log_likelihood", "every component for every point: z ignored")
def cll_ignores_z(x, z, weights, means, variances):
    return float(np.sum(_log_joint(x, weights, means, variances)))


@WRONG("em_theory.complete_log_likelihood", "π_z itself added, not its log")
def cll_weight_not_log(x, z, weights, means, variances):
    return float(np.sum(weights[z] + _log_gauss(x, means[z], variances[z])))


@WRONG("em_theory.complete_log_likelihood", "the observed log-likelihood: log-sum over components")
def cll_observed(x, z, weights, means, variances):
    return float(np.sum(_lse(_log_joint(x, weights, means, variances))))


@WRONG("em_theory.complete_log_likelihood", "the mean over points")
def cll_mean(x, z, weights, means, variances):
    return float(np.mean(np.log(weights[z]) + _log_gauss(x, means[z], variances[z])))


@WRONG("em_theory.complete_log_likelihood", "components numbered from 1: weights[z - 1]")
def cll_one_based(x, z, weights, means, variances):
    k = np.asarray(z) - 1
    return float(np.sum(np.log(weights[k]) + _log_gauss(x, means[k], variances[k])))


# --- m_step(x, resp) ------------------------------------------------------------------------

def _base(x, resp):
    x = np.asarray(x, float)
    nk = resp.sum(axis=0)
    return x, nk, resp.T @ x / nk


@WRONG("em_theory.m_step", "N_k as the weights")
def em_m_counts(x, resp):
    x, nk, mu = _base(x, resp)
    return nk, mu, np.sum(resp * (x[:, None] - mu) ** 2, axis=0) / nk


@WRONG("em_theory.m_step", "means and variances divided by N")
def em_m_by_n(x, resp):
    x, nk, mu = _base(x, resp)
    return nk / len(x), resp.T @ x / len(x), np.sum(resp * (x[:, None] - mu) ** 2, axis=0) / len(x)


@WRONG("em_theory.m_step", "variances without the responsibilities")
def em_m_unweighted_variance(x, resp):
    x, nk, mu = _base(x, resp)
    return nk / len(x), mu, np.mean((x[:, None] - mu) ** 2, axis=0)


@WRONG("em_theory.m_step", "variance divided by N")
def em_m_variance_by_n(x, resp):
    x, nk, mu = _base(x, resp)
    return nk / len(x), mu, np.sum(resp * (x[:, None] - mu) ** 2, axis=0) / len(x)


@WRONG("em_theory.m_step", "standard deviations")
def em_m_std(x, resp):
    x, nk, mu = _base(x, resp)
    return nk / len(x), mu, np.sqrt(np.sum(resp * (x[:, None] - mu) ** 2, axis=0) / nk)


@WRONG("em_theory.m_step", "(r (x - μ))²: responsibility squared")
def em_m_resp_squared(x, resp):
    x, nk, mu = _base(x, resp)
    return nk / len(x), mu, np.sum((resp * (x[:, None] - mu)) ** 2, axis=0) / nk


# --- expected_complete_log_likelihood(x, resp, weights, means, variances) -------------------

@WRONG("em_theory.expected_complete_log_likelihood", "no log π_k")
def q_no_prior(x, resp, weights, means, variances):
    return float(np.sum(resp * (_log_joint(x, weights, means, variances) - np.log(weights))))


@WRONG("em_theory.expected_complete_log_likelihood", "the responsibilities left out")
def q_unweighted(x, resp, weights, means, variances):
    return float(np.sum(_log_joint(x, weights, means, variances)))


@WRONG("em_theory.expected_complete_log_likelihood", "the observed log-likelihood")
def q_observed(x, resp, weights, means, variances):
    return float(np.sum(_lse(_log_joint(x, weights, means, variances))))


@WRONG("em_theory.expected_complete_log_likelihood", "adds the entropy of r: the ELBO, not Q")
def q_plus_entropy(x, resp, weights, means, variances):
    with np.errstate(divide="ignore", invalid="ignore"):
        ent = -np.nansum(np.where(resp > 0, resp * np.log(resp), 0.0))
    return float(np.sum(resp * _log_joint(x, weights, means, variances)) + ent)


@WRONG("em_theory.expected_complete_log_likelihood", "the mean over points")
def q_mean(x, resp, weights, means, variances):
    return float(np.mean(np.sum(resp * _log_joint(x, weights, means, variances), axis=1)))


@WRONG("em_theory.expected_complete_log_likelihood", "resp.T @ log_joint summed: every cross term")
def q_matrix_product(x, resp, weights, means, variances):
    return float(np.sum(resp.T @ _log_joint(x, weights, means, variances)))


# --- numerical_gradient(x, resp, weights, means, variances, h) ------------------------------

def _q(x, resp, w, m, v):
    return float(np.sum(resp * _log_joint(x, w, m, v)))


def _grad(x, resp, weights, means, variances, h, diff):
    params = [np.array(weights, float), np.array(means, float), np.array(variances, float)]
    out = []
    for i in range(3):
        g = np.zeros(len(params[i]))
        for k in range(len(g)):
            g[k] = diff(lambda step: _q(x, resp, *[p + (step if j == i else 0) * (np.arange(len(p)) == k)
                                                   for j, p in enumerate(params)]), h)
        out.append(g)
    return tuple(out)


@WRONG("em_theory.numerical_gradient", "forward difference (Q(p + h) - Q(p)) / h")
def grad_forward(x, resp, weights, means, variances, h):
    return _grad(x, resp, weights, means, variances, h, lambda f, h: (f(h) - f(0)) / h)


@WRONG("em_theory.numerical_gradient", "central difference divided by h, not 2h")
def grad_no_factor_2(x, resp, weights, means, variances, h):
    return _grad(x, resp, weights, means, variances, h, lambda f, h: (f(h) - f(-h)) / h)


@WRONG("em_theory.numerical_gradient", "backward difference")
def grad_backward(x, resp, weights, means, variances, h):
    return _grad(x, resp, weights, means, variances, h, lambda f, h: (f(0) - f(-h)) / h)


@WRONG("em_theory.numerical_gradient", "every entry of a parameter nudged at once")
def grad_all_at_once(x, resp, weights, means, variances, h):
    params = [np.array(weights, float), np.array(means, float), np.array(variances, float)]
    out = []
    for i in range(3):
        up = [p + h if j == i else p for j, p in enumerate(params)]
        down = [p - h if j == i else p for j, p in enumerate(params)]
        out.append(np.full(len(params[i]), (_q(x, resp, *up) - _q(x, resp, *down)) / (2 * h)))
    return tuple(out)


@WRONG("em_theory.numerical_gradient", "nudges the given arrays in place, never restoring them")
def grad_in_place(x, resp, weights, means, variances, h):
    params, out = [weights, means, variances], []
    for p in params:
        g = np.zeros(len(p))
        for k in range(len(p)):
            p[k] += h
            up = _q(x, resp, *params)
            p[k] -= 2 * h
            g[k] = (up - _q(x, resp, *params)) / (2 * h)
        out.append(g)
    return tuple(out)


@WRONG("em_theory.numerical_gradient", "one concatenated array instead of three")
def grad_concatenated(x, resp, weights, means, variances, h):
    return np.concatenate(_grad(x, resp, weights, means, variances, h, lambda f, h: (f(h) - f(-h)) / (2 * h)))


# --- elbo(q, log_joint) ---------------------------------------------------------------------

def _qlogq(q):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(q > 0, q * np.log(np.where(q > 0, q, 1.0)), 0.0)


@WRONG("em_theory.elbo", "no entropy term")
def elbo_no_entropy(q, log_joint):
    return float(np.sum(np.where(q > 0, q * log_joint, 0.0)))


@WRONG("em_theory.elbo", "the entropy added with the wrong sign")
def elbo_entropy_sign(q, log_joint):
    return float(np.sum(np.where(q > 0, q * log_joint, 0.0) + _qlogq(q)))


@WRONG("em_theory.elbo", "no 0·log 0 guard: nan")
def elbo_no_guard(q, log_joint):
    with np.errstate(divide="ignore", invalid="ignore"):
        return float(np.sum(q * (log_joint - np.log(q))))


@WRONG("em_theory.elbo", "log q not weighted by q")
def elbo_unweighted_log_q(q, log_joint):
    with np.errstate(divide="ignore"):
        return float(np.sum(np.where(q > 0, q * log_joint - np.log(np.where(q > 0, q, 1.0)), 0.0)))


@WRONG("em_theory.elbo", "the log-evidence log Σ_k p(x, k) instead of the bound")
def elbo_log_evidence(q, log_joint):
    return float(np.sum(_lse(log_joint)))


@WRONG("em_theory.elbo", "the mean over points")
def elbo_mean(q, log_joint):
    return float(np.mean(np.sum(np.where(q > 0, q * log_joint, 0.0) - _qlogq(q), axis=1)))


# --- hard_assign(x, weights, means, variances) ----------------------------------------------

@WRONG("em_theory.hard_assign", "the nearest mean")
def hard_nearest_mean(x, weights, means, variances):
    return np.eye(len(weights))[np.argmin((np.asarray(x, float)[:, None] - means) ** 2, axis=1)]


@WRONG("em_theory.hard_assign", "log π_k left out")
def hard_no_prior(x, weights, means, variances):
    return np.eye(len(weights))[np.argmax(_log_joint(x, weights, means, variances) - np.log(weights), axis=1)]


@WRONG("em_theory.hard_assign", "the labels, not one-hot")
def hard_labels(x, weights, means, variances):
    return np.argmax(_log_joint(x, weights, means, variances), axis=1)


@WRONG("em_theory.hard_assign", "argmax over the points (axis=0)")
def hard_over_points(x, weights, means, variances):
    a = _log_joint(x, weights, means, variances)
    return (a == a.max(axis=0, keepdims=True)).astype(float)


@WRONG("em_theory.hard_assign", "-½ log σ² dropped as a constant")
def hard_no_log_variance(x, weights, means, variances):
    a = np.log(weights) - (np.asarray(x, float)[:, None] - means) ** 2 / (2 * np.asarray(variances))
    return np.eye(len(weights))[np.argmax(a, axis=1)]


@WRONG("em_theory.hard_assign", "variances used as standard deviations")
def hard_var_as_std(x, weights, means, variances):
    a = np.log(weights) + _log_gauss(np.asarray(x, float)[:, None], np.asarray(means), variances, square=True)
    return np.eye(len(weights))[np.argmax(a, axis=1)]
