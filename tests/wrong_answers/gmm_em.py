"""Wrong answers for notebook 03, part 2: EM for a 1-D mixture."""

from __future__ import annotations

import numpy as np

from . import Corpus

WRONG = Corpus()


def _log_dens(x, means, variances, square=False):
    x = np.asarray(x, float)[:, None]
    v = np.asarray(variances, float) ** (2 if square else 1)
    return -0.5 * np.log(2 * np.pi * v) - (x - np.asarray(means)) ** 2 / (2 * v)


def _rows(a):
    a = a - a.max(axis=1, keepdims=True)
    r = np.exp(a)
    return r / r.sum(axis=1, keepdims=True)


def _lse(a, axis=1):
    top = a.max(axis=axis, keepdims=True)
    return np.squeeze(top + np.log(np.exp(a - top).sum(axis=axis, keepdims=True)), axis=axis)


# --- e_step(x, weights, means, variances) ---------------------------------------------------

@WRONG("gmm.e_step", "normalised down the columns (over samples)")
def e_over_samples(x, weights, means, variances):
    a = np.log(weights) + _log_dens(x, means, variances)
    return np.exp(a - _lse(a, 0)[None, :])


@WRONG("gmm.e_step", "π left out")
def e_no_prior(x, weights, means, variances):
    return _rows(_log_dens(x, means, variances))


@WRONG("gmm.e_step", "densities multiplied and divided directly: 0/0 for a far point")
def e_no_logs(x, weights, means, variances):
    joint = np.exp(_log_dens(x, means, variances)) * weights
    with np.errstate(invalid="ignore"):
        return joint / joint.sum(axis=1, keepdims=True)


@WRONG("gmm.e_step", "drops -½ log 2πσ² as a constant")
def e_dropped_log_variance(x, weights, means, variances):
    x = np.asarray(x, float)[:, None]
    return _rows(np.log(weights) - (x - means) ** 2 / (2 * np.asarray(variances)))


@WRONG("gmm.e_step", "returns log-responsibilities")
def e_log_resp(x, weights, means, variances):
    a = np.log(weights) + _log_dens(x, means, variances)
    return a - _lse(a)[:, None]


@WRONG("gmm.e_step", "variances used as standard deviations")
def e_var_as_std(x, weights, means, variances):
    return _rows(np.log(weights) + _log_dens(x, means, variances, square=True))


@WRONG("gmm.e_step", "one-hot of the most responsible component (hard EM)")
def e_hard(x, weights, means, variances):
    a = np.log(weights) + _log_dens(x, means, variances)
    return np.eye(len(weights))[np.argmax(a, axis=1)]


@WRONG("gmm.e_step", "subtracts the row maximum, exponentiates, never divides by the sum")
def e_not_divided(x, weights, means, variances):
    a = np.log(weights) + _log_dens(x, means, variances)
    return np.exp(a - a.max(axis=1, keepdims=True))


# --- m_step(x, resp) ------------------------------------------------------------------------

def _nk_means(x, resp):
    x = np.asarray(x, float)
    nk = resp.sum(axis=0)
    return x, nk, resp.T @ x / nk


@WRONG("gmm.m_step", "returns standard deviations")
def m_std(x, resp):
    x, nk, mu = _nk_means(x, resp)
    return nk / len(x), mu, np.sqrt(np.sum(resp * (x[:, None] - mu) ** 2, axis=0) / nk)


@WRONG("gmm.m_step", "means and variances divided by N instead of N_k")
def m_by_n(x, resp):
    x, nk, mu = _nk_means(x, resp)
    return nk / len(x), resp.T @ x / len(x), np.sum(resp * (x[:, None] - mu) ** 2, axis=0) / len(x)


@WRONG("gmm.m_step", "N_k as the weights")
def m_counts(x, resp):
    x, nk, mu = _nk_means(x, resp)
    return nk, mu, np.sum(resp * (x[:, None] - mu) ** 2, axis=0) / nk


@WRONG("gmm.m_step", "variance divided by N")
def m_variance_by_n(x, resp):
    x, nk, mu = _nk_means(x, resp)
    return nk / len(x), mu, np.sum(resp * (x[:, None] - mu) ** 2, axis=0) / len(x)


@WRONG("gmm.m_step", "weights as the mean over components (axis=1): one per point")
def m_weights_wrong_axis(x, resp):
    x, nk, mu = _nk_means(x, resp)
    return resp.mean(axis=1), mu, np.sum(resp * (x[:, None] - mu) ** 2, axis=0) / nk


@WRONG("gmm.m_step", "responsibilities squared with the deviation: (r (x - μ))²")
def m_resp_squared(x, resp):
    x, nk, mu = _nk_means(x, resp)
    return nk / len(x), mu, np.sum((resp * (x[:, None] - mu)) ** 2, axis=0) / nk


@WRONG("gmm.m_step", "N_k - 1 in the variance, by analogy with the unbiased estimator")
def m_unbiased(x, resp):
    x, nk, mu = _nk_means(x, resp)
    return nk / len(x), mu, np.sum(resp * (x[:, None] - mu) ** 2, axis=0) / (nk - 1)


@WRONG("gmm.m_step", "every component's variance is the unweighted variance of all the data")
def m_unweighted_variance(x, resp):
    x, nk, mu = _nk_means(x, resp)
    return nk / len(x), mu, np.full(len(nk), np.var(x))


# --- log_likelihood(x, weights, means, variances) -------------------------------------------

def _joint(x, weights, means, variances):
    return np.log(weights) + _log_dens(x, means, variances)


@WRONG("gmm.log_likelihood", "log inside the sum over components")
def ll_log_inside(x, weights, means, variances):
    return float(np.sum(_joint(x, weights, means, variances)))


@WRONG("gmm.log_likelihood", "the mean over points")
def ll_mean(x, weights, means, variances):
    return float(np.mean(_lse(_joint(x, weights, means, variances))))


@WRONG("gmm.log_likelihood", "log of the summed densities without log-sum-exp: -inf for a far point")
def ll_no_logsumexp(x, weights, means, variances):
    with np.errstate(divide="ignore"):
        return float(np.sum(np.log(np.sum(np.exp(_joint(x, weights, means, variances)), axis=1))))


@WRONG("gmm.log_likelihood", "Σ_k π_k log N: the log inside a weighted sum")
def ll_weighted_logs(x, weights, means, variances):
    return float(np.sum(_log_dens(x, means, variances) @ np.asarray(weights)))


@WRONG("gmm.log_likelihood", "log-densities of every component added, no weights")
def ll_log_inside_no_weights(x, weights, means, variances):
    return float(np.sum(_log_dens(x, means, variances)))


@WRONG("gmm.log_likelihood", "variances used as standard deviations")
def ll_var_as_std(x, weights, means, variances):
    return float(np.sum(_lse(np.log(weights) + _log_dens(x, means, variances, square=True))))


@WRONG("gmm.log_likelihood", "max over components instead of log-sum-exp")
def ll_max(x, weights, means, variances):
    return float(np.sum(np.max(_joint(x, weights, means, variances), axis=1)))


@WRONG("gmm.log_likelihood", "-½ log 2π dropped as a constant")
def ll_no_2pi(x, weights, means, variances):
    return float(np.sum(_lse(_joint(x, weights, means, variances) + 0.5 * np.log(2 * np.pi))))


@WRONG("gmm.log_likelihood", "log-sum-exp over the points (axis=0), then summed")
def ll_lse_wrong_axis(x, weights, means, variances):
    return float(np.sum(_lse(_joint(x, weights, means, variances), axis=0)))


# --- run_em(x, weights, means, variances, n_iter) -------------------------------------------

def _ll(x, w, m, v):
    return float(np.sum(_lse(_joint(x, w, m, v))))


def _e(x, w, m, v):
    return _rows(_joint(x, w, m, v))


def _m(x, resp):
    x, nk, mu = _nk_means(x, resp)
    return nk / len(x), mu, np.sum(resp * (x[:, None] - mu) ** 2, axis=0) / nk


@WRONG("gmm.run_em", "variances around the means the iteration started with")
def em_old_means(x, weights, means, variances, n_iter):
    params, lls = (weights, means, variances), [_ll(x, weights, means, variances)]
    for _ in range(n_iter):
        r = _e(x, *params)
        nk = r.sum(0)
        params = (nk / len(x), r.T @ x / nk, np.sum(r * (x[:, None] - params[1]) ** 2, axis=0) / nk)
        lls.append(_ll(x, *params))
    return (*params, np.array(lls))


@WRONG("gmm.run_em", "no log-likelihood of the starting parameters")
def em_no_start(x, weights, means, variances, n_iter):
    params, lls = (weights, means, variances), []
    for _ in range(n_iter):
        params = _m(x, _e(x, *params))
        lls.append(_ll(x, *params))
    return (*params, np.array(lls))


@WRONG("gmm.run_em", "the E-step once, before the loop")
def em_stale_resp(x, weights, means, variances, n_iter):
    r, params, lls = _e(x, weights, means, variances), (weights, means, variances), [_ll(x, weights, means, variances)]
    for _ in range(n_iter):
        params = _m(x, r)
        lls.append(_ll(x, *params))
    return (*params, np.array(lls))


@WRONG("gmm.run_em", "log-likelihood recorded before each M-step, and once at the end")
def em_recorded_before_update(x, weights, means, variances, n_iter):
    params, lls = (weights, means, variances), []
    for _ in range(n_iter):
        lls.append(_ll(x, *params))
        params = _m(x, _e(x, *params))
    return (*params, np.array(lls))


@WRONG("gmm.run_em", "range(n_iter + 1): one iteration too many")
def em_one_too_many(x, weights, means, variances, n_iter):
    params, lls = (weights, means, variances), [_ll(x, weights, means, variances)]
    for _ in range(n_iter + 1):
        params = _m(x, _e(x, *params))
        lls.append(_ll(x, *params))
    return (*params, np.array(lls))


@WRONG("gmm.run_em", "the weights never updated")
def em_fixed_weights(x, weights, means, variances, n_iter):
    params, lls = (weights, means, variances), [_ll(x, weights, means, variances)]
    for _ in range(n_iter):
        params = (weights,) + _m(x, _e(x, *params))[1:]
        lls.append(_ll(x, *params))
    return (*params, np.array(lls))


@WRONG("gmm.run_em", "returns the parameters of the start, not of the last iteration")
def em_returns_start(x, weights, means, variances, n_iter):
    params, lls = (weights, means, variances), [_ll(x, weights, means, variances)]
    for _ in range(n_iter):
        params = _m(x, _e(x, *params))
        lls.append(_ll(x, *params))
    return weights, means, variances, np.array(lls)
