"""Wrong answers for notebook 03, part 3: full-covariance mixtures, parameter counts, BIC."""

from __future__ import annotations

import numpy as np

from . import Corpus

WRONG = Corpus()


def _parts(X, mean, cov):
    X = np.asarray(X, float)
    L = np.linalg.cholesky(cov)
    y = np.linalg.solve(L, (X - mean).T)
    return X.shape[1], np.sum(np.log(np.diag(L))), np.sum(y ** 2, axis=0), L, y


# --- mvn_logpdf(X, mean, cov) ---------------------------------------------------------------

@WRONG("gmm.mvn_logpdf", "log det Σ as Σ log diag(L), without the 2: half the log-determinant")
def mvn_half_log_det(X, mean, cov):
    d, half, maha, _, _ = _parts(X, mean, cov)
    return -0.5 * (d * np.log(2 * np.pi) + half + maha)


@WRONG("gmm.mvn_logpdf", "Σ in the quadratic form, not Σ⁻¹")
def mvn_not_inverted(X, mean, cov):
    X = np.asarray(X, float)
    d, half, _, _, _ = _parts(X, mean, cov)
    diff = X - mean
    return -0.5 * (d * np.log(2 * np.pi) + 2 * half + np.sum(diff @ cov * diff, axis=1))


@WRONG("gmm.mvn_logpdf", "log 2π once, not D times")
def mvn_one_2pi(X, mean, cov):
    d, half, maha, _, _ = _parts(X, mean, cov)
    return -0.5 * (np.log(2 * np.pi) + 2 * half + maha)


@WRONG("gmm.mvn_logpdf", "log det Σ without the ½")
def mvn_whole_log_det(X, mean, cov):
    d, half, maha, _, _ = _parts(X, mean, cov)
    return -0.5 * (d * np.log(2 * np.pi) + maha) - 2 * half


@WRONG("gmm.mvn_logpdf", "the density, not its log")
def mvn_density(X, mean, cov):
    d, half, maha, _, _ = _parts(X, mean, cov)
    return np.exp(-0.5 * (d * np.log(2 * np.pi) + 2 * half + maha))


@WRONG("gmm.mvn_logpdf", "solves with Lᵀ instead of L")
def mvn_solve_with_transpose(X, mean, cov):
    d, half, _, L, _ = _parts(X, mean, cov)
    y = np.linalg.solve(L.T, (np.asarray(X, float) - mean).T)
    return -0.5 * (d * np.log(2 * np.pi) + 2 * half + np.sum(y ** 2, axis=0))


@WRONG("gmm.mvn_logpdf", "sums the squares over the points (axis=1) instead of the features")
def mvn_sum_wrong_axis(X, mean, cov):
    d, half, _, _, y = _parts(X, mean, cov)
    return -0.5 * (d * np.log(2 * np.pi) + 2 * half + np.sum(y ** 2, axis=1))


# --- e_step_full(X, weights, means, covariances) --------------------------------------------

def _log_joint(X, weights, means, covariances, det_factor=1.0, prior="log"):
    cols = []
    for w, m, c in zip(weights, means, covariances):
        d, half, maha, _, _ = _parts(X, m, c)
        lp = -0.5 * (d * np.log(2 * np.pi) + maha) - det_factor * half
        cols.append({"log": np.log(w) + lp, "none": lp, "times": w * lp}[prior])
    return np.stack(cols, axis=1)


def _rows(a):
    a = a - a.max(axis=1, keepdims=True)
    r = np.exp(a)
    return r / r.sum(axis=1, keepdims=True)


@WRONG("gmm.e_step_full", "normalised over samples")
def full_over_samples(X, weights, means, covariances):
    a = _log_joint(X, weights, means, covariances)
    a = a - a.max(axis=0, keepdims=True)
    return np.exp(a) / np.exp(a).sum(axis=0, keepdims=True)


@WRONG("gmm.e_step_full", "π left out")
def full_no_prior(X, weights, means, covariances):
    return _rows(_log_joint(X, weights, means, covariances, prior="none"))


@WRONG("gmm.e_step_full", "densities multiplied directly: 0/0 far from every component")
def full_no_logs(X, weights, means, covariances):
    p = np.exp(_log_joint(X, weights, means, covariances))
    with np.errstate(invalid="ignore"):
        return p / p.sum(axis=1, keepdims=True)


@WRONG("gmm.e_step_full", "drops -½ log det Σ_k")
def full_no_log_det(X, weights, means, covariances):
    return _rows(_log_joint(X, weights, means, covariances, det_factor=0.0))


@WRONG("gmm.e_step_full", "log det Σ_k without the ½")
def full_whole_log_det(X, weights, means, covariances):
    return _rows(_log_joint(X, weights, means, covariances, det_factor=2.0))


@WRONG("gmm.e_step_full", "returns log-responsibilities")
def full_log_resp(X, weights, means, covariances):
    a = _log_joint(X, weights, means, covariances)
    return np.log(_rows(a))


@WRONG("gmm.e_step_full", "hard assignments, one-hot")
def full_hard(X, weights, means, covariances):
    return np.eye(len(weights))[np.argmax(_log_joint(X, weights, means, covariances), axis=1)]


@WRONG("gmm.e_step_full", "π_k multiplies the log-density instead of adding log π_k")
def full_weight_times_log(X, weights, means, covariances):
    return _rows(_log_joint(X, weights, means, covariances, prior="times"))


# --- m_step_full(X, resp) -------------------------------------------------------------------

def _cov_loop(X, resp, means, denominators, weigh=lambda r, d: r[:, None] * d, right=None):
    return np.array([weigh(resp[:, k], X - means[k]).T @ (X - means[k] if right is None else right(resp[:, k], X - means[k]))
                     / denominators[k] for k in range(resp.shape[1])])


def _base(X, resp):
    X = np.asarray(X, float)
    nk = resp.sum(axis=0)
    return X, nk, resp.T @ X / nk[:, None]


@WRONG("gmm.m_step_full", "means and covariances divided by N")
def full_m_by_n(X, resp):
    X, nk, mu = _base(X, resp)
    return nk / len(X), resp.T @ X / len(X), _cov_loop(X, resp, mu, np.full(len(nk), len(X)))


@WRONG("gmm.m_step_full", "covariances without the responsibilities")
def full_m_unweighted(X, resp):
    X, nk, mu = _base(X, resp)
    return nk / len(X), mu, _cov_loop(X, resp, mu, np.full(len(nk), len(X)), weigh=lambda r, d: d)


@WRONG("gmm.m_step_full", "only the variances: diagonal covariances")
def full_m_diagonal(X, resp):
    X, nk, mu = _base(X, resp)
    return nk / len(X), mu, np.array([np.diag(np.diag(c)) for c in _cov_loop(X, resp, mu, nk)])


@WRONG("gmm.m_step_full", "covariances divided by N")
def full_m_cov_by_n(X, resp):
    X, nk, mu = _base(X, resp)
    return nk / len(X), mu, _cov_loop(X, resp, mu, np.full(len(nk), len(X)))


@WRONG("gmm.m_step_full", "np.cov with aweights, unbiased by default")
def full_m_np_cov(X, resp):
    X, nk, mu = _base(X, resp)
    return nk / len(X), mu, np.array([np.cov(X.T, aweights=resp[:, k]).reshape(X.shape[1], -1)
                                      for k in range(resp.shape[1])])


@WRONG("gmm.m_step_full", "scatter not centred on the new means")
def full_m_not_centred(X, resp):
    X, nk, mu = _base(X, resp)
    return nk / len(X), mu, np.array([(resp[:, k, None] * X).T @ X / nk[k] for k in range(len(nk))])


@WRONG("gmm.m_step_full", "responsibilities on both sides: r² in the scatter")
def full_m_resp_twice(X, resp):
    X, nk, mu = _base(X, resp)
    return nk / len(X), mu, _cov_loop(X, resp, mu, nk, right=lambda r, d: r[:, None] * d)


@WRONG("gmm.m_step_full", "N_k as the weights")
def full_m_counts(X, resp):
    X, nk, mu = _base(X, resp)
    return nk, mu, _cov_loop(X, resp, mu, nk)


# --- n_parameters(n_components, n_features) -------------------------------------------------

@WRONG("gmm.n_parameters", "counts only the means")
def count_means_only(n_components, n_features):
    return n_components * n_features


@WRONG("gmm.n_parameters", "every entry of each D×D covariance")
def count_full_matrices(n_components, n_features):
    return n_components * n_features + n_components * n_features ** 2 + n_components - 1


@WRONG("gmm.n_parameters", "K weights, forgetting that they sum to 1")
def count_all_weights(n_components, n_features):
    return n_components * n_features + n_components * n_features * (n_features + 1) // 2 + n_components


@WRONG("gmm.n_parameters", "the weights not counted at all")
def count_no_weights(n_components, n_features):
    return n_components * n_features + n_components * n_features * (n_features + 1) // 2


@WRONG("gmm.n_parameters", "diagonal covariances: D variances per component")
def count_diagonal(n_components, n_features):
    return 2 * n_components * n_features + n_components - 1


@WRONG("gmm.n_parameters", "one covariance shared by all components")
def count_shared_covariance(n_components, n_features):
    return n_components * n_features + n_features * (n_features + 1) // 2 + n_components - 1


@WRONG("gmm.n_parameters", "D(D - 1)/2 for a covariance: the off-diagonal entries only")
def count_off_diagonal(n_components, n_features):
    return n_components * n_features + n_components * n_features * (n_features - 1) // 2 + n_components - 1


# --- bic(log_likelihood, n_components, n_features, n_samples) --------------------------------

def _t(K, D):
    return K * D + K * D * (D + 1) // 2 + K - 1


@WRONG("gmm.bic", "-log L + t log n: no factor 2")
def bic_no_factor_2(log_likelihood, n_components, n_features, n_samples):
    return -log_likelihood + _t(n_components, n_features) * np.log(n_samples)


@WRONG("gmm.bic", "+2 log L: the sign of the log-likelihood")
def bic_sign(log_likelihood, n_components, n_features, n_samples):
    return 2 * log_likelihood + _t(n_components, n_features) * np.log(n_samples)


@WRONG("gmm.bic", "t counts every entry of the covariances")
def bic_full_matrices(log_likelihood, n_components, n_features, n_samples):
    K, D = n_components, n_features
    return -2 * log_likelihood + (K * D + K * D * D + K - 1) * np.log(n_samples)


@WRONG("gmm.bic", "t counts all K weights")
def bic_all_weights(log_likelihood, n_components, n_features, n_samples):
    return -2 * log_likelihood + (_t(n_components, n_features) + 1) * np.log(n_samples)


@WRONG("gmm.bic", "AIC's penalty 2t")
def bic_aic(log_likelihood, n_components, n_features, n_samples):
    return -2 * log_likelihood + 2 * _t(n_components, n_features)


@WRONG("gmm.bic", "the other form, halved: -log L + ½ t log n")
def bic_halved(log_likelihood, n_components, n_features, n_samples):
    return -log_likelihood + 0.5 * _t(n_components, n_features) * np.log(n_samples)


@WRONG("gmm.bic", "log10 of n")
def bic_log10(log_likelihood, n_components, n_features, n_samples):
    return -2 * log_likelihood + _t(n_components, n_features) * np.log10(n_samples)


@WRONG("gmm.bic", "mixes the forms: -2 log L + ½ t log n")
def bic_mixed_forms(log_likelihood, n_components, n_features, n_samples):
    return -2 * log_likelihood + 0.5 * _t(n_components, n_features) * np.log(n_samples)


@WRONG("gmm.bic", "t counts only the means")
def bic_means_only(log_likelihood, n_components, n_features, n_samples):
    return -2 * log_likelihood + n_components * n_features * np.log(n_samples)
