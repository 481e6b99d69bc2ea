"""Oracles for notebook 05, the grades model P(A) = 1/2, P(B) = 1/2 - θ, P(C) = θ.

The maximisations are done numerically (scipy's root finder on the score), not with the
closed form n_c / (2 (n_b + n_c)); the log-likelihood comes from scipy's binomial.
Nothing here imports genlab.reference.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import optimize, stats


def _argmax_b_c(n_b, n_c):
    """argmax over θ in [0, 1/2] of n_b log(1/2 - θ) + n_c log θ (n_a log 1/2 does not depend on θ).

    The function is concave; its derivative n_c / θ - n_b / (1/2 - θ) falls from +inf to -inf
    when both counts are > 0, so the maximiser is its root.  With n_c = 0 it decreases
    (θ = 0); with n_b = 0 it increases (θ = 1/2).
    """
    if n_c == 0:
        return 0.0
    if n_b == 0:
        return 0.5

    def score(theta):
        return n_c / theta - n_b / (0.5 - theta)

    low, high = 1e-300, math.nextafter(0.5, 0.0)
    if score(high) >= 0:  # n_b tiny next to n_c: the root lies within one float of 1/2
        return high
    return optimize.brentq(score, low, high, xtol=1e-300, rtol=1e-15, maxiter=2000)

def mle_theta(n_a, n_b, n_c):
    return _argmax_b_c(float(n_b), float(n_c))

def e_step(theta, n_ab):
    # E[n_b | n_ab students with A or B] = n_ab · P(B) / (P(A) + P(B)), by Bayes' rule
    p = {"A": 0.5, "B": 0.5 - theta, "C": theta}
    return n_ab * p["B"] / (p["A"] + p["B"])

def m_step(n_b_expected, n_c):
    # the complete-data MLE with the expected count of B's in place of n_b
    return _argmax_b_c(float(n_b_expected), float(n_c))

def observed_log_likelihood(theta, n, n_c):
    """log P(n_c C's among n) = binomial log-pmf with P(C) = θ, P(not C) = 1 - θ, minus the log
    binomial coefficient (the exercise leaves it out)."""
    log_choose = math.lgamma(n + 1) - math.lgamma(n_c + 1) - math.lgamma(n - n_c + 1)
    return float(stats.binom.logpmf(n_c, n, theta)) - log_choose

def run_em(n, n_c, theta0, n_iter):
    # θ_{t+1} = argmax_θ Q(θ | θ_t), Q built on the expected B's among the n - n_c non-C students
    thetas = [float(theta0)]
    for _ in range(int(n_iter)):
        thetas.append(m_step(e_step(thetas[-1], n - n_c), n_c))

    return np.array(thetas)

ORACLES = {
    "grades.mle_theta": mle_theta,
    "grades.e_step": e_step,
    "grades.m_step": m_step,
    "grades.observed_log_likelihood": observed_log_likelihood,
    "grades.run_em": run_em,
}
