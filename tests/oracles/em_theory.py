"""Oracles for notebook 04, the EM derivation: loops over points and components with math.

Notation: x (n,), weights π, means μ, variances σ² (K,), responsibilities r (n, K).
Nothing here imports genlab.reference.
"""

from __future__ import annotations

import math

import numpy as np


def _log(p):
    # log with log 0 = -inf (a weight of exactly 0)
    return math.log(p) if p > 0 else -math.inf


def _log_normal(x, mean, var):
    # log N(x | μ, σ²) = -(x - μ)² / (2σ²) - log(2π σ²) / 2
    return -((x - mean) ** 2) / (2.0 * var) - 0.5 * math.log(2.0 * math.pi * var)


def _rows(a):
    return [[float(v) for v in row] for row in np.asarray(a, float)]


def posterior(prior, likelihood):
    # Bayes' rule: p(k | x_n) = p(x_n | k) p(k) / Σ_j p(x_n | j) p(j)
    prior = [float(p) for p in prior]
    out = []
    for row in _rows(likelihood):
        joint = [lik * p for lik, p in zip(row, prior)]
        evidence = sum(joint)
        out.append([j / evidence for j in joint])
    return np.array(out)


def complete_log_likelihood(x, z, weights, means, variances):
    # Σ_n [log π_{z_n} + log N(x_n | μ_{z_n}, σ²_{z_n})]: each point counts for its own component only
    return sum(_log(float(weights[k])) + _log_normal(float(xn), float(means[k]), float(variances[k]))
               for xn, k in zip(x, (int(k) for k in z)))


def m_step(x, resp):
    # π_k = N_k / N, μ_k = Σ_n r_nk x_n / N_k, σ²_k = Σ_n r_nk (x_n - μ_k)² / N_k (around the new μ_k)
    x, rows = [float(v) for v in x], _rows(resp)
    n, k = len(x), len(rows[0])
    weights, means, variances = [], [], []
    for j in range(k):
        nk = sum(row[j] for row in rows)
        mu = sum(row[j] * xn for row, xn in zip(rows, x)) / nk
        weights.append(nk / n)
        means.append(mu)
        variances.append(sum(row[j] * (xn - mu) ** 2 for row, xn in zip(rows, x)) / nk)
    return np.array(weights), np.array(means), np.array(variances)


def expected_complete_log_likelihood(x, resp, weights, means, variances):
    # Q = Σ_n Σ_k r_nk [log π_k + log N(x_n | μ_k, σ²_k)], a term with r_nk = 0 counting 0
    total = 0.0
    for xn, row in zip(x, _rows(resp)):
        for r, w, m, v in zip(row, weights, means, variances):
            if r > 0:
                total += r * (_log(float(w)) + _log_normal(float(xn), float(m), float(v)))
    return total


def numerical_gradient(x, resp, weights, means, variances, h):
    """The central difference (Q(θ + h e_i) - Q(θ - h e_i)) / 2h of Q, in closed form.

    Q depends on each parameter through one component only, with N_k = Σ_n r_nk,
    S_k = Σ_n r_nk (x_n - μ_k) and T_k = Σ_n r_nk (x_n - μ_k)²:

    * π_k enters as N_k log π_k, so the difference is N_k (log(π_k + h) - log(π_k - h)) / 2h;
    * μ_k enters quadratically, so the central difference is exact: S_k / σ²_k;
    * σ²_k enters as -N_k log(σ²_k) / 2 - T_k / (2σ²_k), so the difference is
      [-N_k (log(v + h) - log(v - h)) / 2 - T_k / 2 (1 / (v + h) - 1 / (v - h))] / 2h.
    """
    x, rows, h = [float(v) for v in x], _rows(resp), float(h)
    d_weights, d_means, d_variances = [], [], []
    for j, (w, m, v) in enumerate(zip(weights, means, variances)):
        w, m, v = float(w), float(m), float(v)
        nk = sum(row[j] for row in rows)
        s = sum(row[j] * (xn - m) for row, xn in zip(rows, x))
        t = sum(row[j] * (xn - m) ** 2 for row, xn in zip(rows, x))
        d_weights.append(nk * (math.log(w + h) - math.log(w - h)) / (2 * h))
        d_means.append(s / v)
        d_variances.append((-nk * (math.log(v + h) - math.log(v - h)) / 2
                            - t / 2 * (1 / (v + h) - 1 / (v - h))) / (2 * h))
    return np.array(d_weights), np.array(d_means), np.array(d_variances)


def elbo(q, log_joint):
    # L = Σ_n Σ_k q_nk (log p(x_n, k) - log q_nk), with 0 log 0 = 0 (and 0 · (-inf) = 0)
    total = 0.0
    for q_row, lj_row in zip(_rows(q), _rows(log_joint)):
        for qk, lj in zip(q_row, lj_row):
            if qk > 0:
                total += qk * (lj - math.log(qk))
    return total


def hard_assign(x, weights, means, variances):
    # one-hot at argmax_k [log π_k + log N(x_n | μ_k, σ²_k)], the first maximum on a tie
    k = len(weights)
    out = np.zeros((len(x), k))
    for i, xn in enumerate(x):
        scores = [_log(float(w)) + _log_normal(float(xn), float(m), float(v))
                  for w, m, v in zip(weights, means, variances)]
        best = 0
        for j in range(1, k):
            if scores[j] > scores[best]:
                best = j
        out[i, best] = 1.0
    return out


ORACLES = {
    "em_theory.posterior": posterior,
    "em_theory.complete_log_likelihood": complete_log_likelihood,
    "em_theory.m_step": m_step,
    "em_theory.expected_complete_log_likelihood": expected_complete_log_likelihood,
    "em_theory.numerical_gradient": numerical_gradient,
    "em_theory.elbo": elbo,
    "em_theory.hard_assign": hard_assign,
}
