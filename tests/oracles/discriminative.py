"""Oracles for notebook 01, generative vs discriminative: counting loops, scipy.stats, math.

A class model is a dict with ``classes``, ``priors``, ``means`` and ``covariances``.
Nothing here imports genlab.reference.
"""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
from scipy import linalg, stats
from scipy.special import logsumexp


def joint_table(x, y):
    # p(x = a, y = b) = #{n : x_n = a, y_n = b} / n, rows and columns in sorted order of the values
    pairs = Counter(zip(list(x), list(y)))
    xs, ys = sorted(set(x)), sorted(set(y))
    return np.array([[pairs[(a, b)] / len(x) for b in ys] for a in xs])


def conditional_table(x, y):
    # p(y = b | x = a) = #{x = a, y = b} / #{x = a}
    pairs, rows = Counter(zip(list(x), list(y))), Counter(list(x))
    return np.array([[pairs[(a, b)] / rows[a] for b in sorted(set(y))] for a in sorted(set(x))])


def fit_gaussian_classes(X, y):
    # prior n_k / n; mean Σ x / n_k; MLE covariance Σ (x - m)(x - m)ᵀ / n_k, one point at a time
    X, y = np.asarray(X, float), list(np.asarray(y))
    classes = sorted(set(y))
    priors, means, covariances = [], [], []
    for c in classes:
        rows = [X[i] for i in range(len(y)) if y[i] == c]
        mean = sum(rows) / len(rows)
        priors.append(len(rows) / len(y))
        means.append(mean)
        covariances.append(sum(np.outer(r - mean, r - mean) for r in rows) / len(rows))
    return {"classes": np.array(classes), "priors": np.array(priors), "means": np.array(means),
            "covariances": np.array(covariances)}


def gaussian_log_pdf(X, mean, covariance):
    return np.atleast_1d(stats.multivariate_normal.logpdf(np.atleast_2d(np.asarray(X, float)), mean=mean,
                                                          cov=covariance))


def _log_joint(X, model):
    # log p(x, c) = log P(c) + log N(x | m_c, S_c)
    return np.column_stack([math.log(p) + gaussian_log_pdf(X, m, S)
                            for p, m, S in zip(model["priors"], model["means"], model["covariances"])])


def class_log_posterior(X, model):
    # log P(c | x) = log p(x, c) - log Σ_c' p(x, c')
    a = _log_joint(X, model)
    return a - logsumexp(a, axis=1, keepdims=True)


def lrt_predict(X, model):
    """The likelihood-ratio test is the MAP rule: class 1 exactly when
    log P(c1) + log p(x | c1) > log P(c0) + log p(x | c0); a tie goes to class 0."""
    a = _log_joint(X, model)
    return np.array([model["classes"][1] if row[1] > row[0] else model["classes"][0] for row in a])


def sample_classes(model, n_samples, random_state):
    """The exercise fixes the random draws (its docstring), so this follows them literally,
    one point at a time: y = rng.choice(K, size=n, p=priors), then z = rng.standard_normal((n, D)),
    and x_i = m_{y_i} + L_{y_i} z_i with L lower triangular, L Lᵀ = S (scipy's Cholesky)."""
    rng = np.random.default_rng(random_state)
    priors = np.asarray(model["priors"], float)
    means = np.asarray(model["means"], float)
    factors = [linalg.cholesky(np.asarray(S, float), lower=True) for S in model["covariances"]]
    k = rng.choice(len(priors), size=int(n_samples), p=priors)
    z = rng.standard_normal((int(n_samples), means.shape[1]))
    X = np.array([means[k[i]] + factors[k[i]] @ z[i] for i in range(int(n_samples))])
    return X.reshape(int(n_samples), means.shape[1]), np.asarray(model["classes"])[k]


def _sigmoid(t):
    return 1.0 / (1.0 + math.exp(-t)) if t >= 0 else math.exp(t) / (1.0 + math.exp(t))


def fit_logistic_regression(X, y, learning_rate, n_iter):
    """Full-batch gradient descent on the mean cross-entropy from w = 0, b = 0, with the gradient
    summed point by point: ∂/∂w = (1/n) Σ (σ(w·x + b) - y) x, ∂/∂b = (1/n) Σ (σ(w·x + b) - y)."""
    X, y = np.asarray(X, float), [float(v) for v in y]
    n, d = X.shape
    w, b = [0.0] * d, 0.0
    for _ in range(int(n_iter)):
        errors = [_sigmoid(sum(w[j] * X[i, j] for j in range(d)) + b) - y[i] for i in range(n)]
        w = [w[j] - learning_rate * sum(errors[i] * X[i, j] for i in range(n)) / n for j in range(d)]
        b = b - learning_rate * sum(errors) / n
    return np.array(w), b


def map_estimate(k, n, a, b):
    """Mode of the posterior Beta(α, β), α = k + a, β = n - k + b (Beta prior, binomial data).

    The log-density (α - 1) log p + (β - 1) log(1 - p) has derivative zero at
    p = (α - 1) / (α + β - 2); with α = 1 or β = 1 the mode sits on the boundary 0 or 1,
    which the same expression gives."""
    alpha, beta = k + a, n - k + b
    return (alpha - 1) / ((alpha - 1) + (beta - 1))


ORACLES = {
    "discriminative.joint_table": joint_table,
    "discriminative.conditional_table": conditional_table,
    "discriminative.fit_gaussian_classes": fit_gaussian_classes,
    "discriminative.gaussian_log_pdf": gaussian_log_pdf,
    "discriminative.class_log_posterior": class_log_posterior,
    "discriminative.lrt_predict": lrt_predict,
    "discriminative.sample_classes": sample_classes,
    "discriminative.fit_logistic_regression": fit_logistic_regression,
    "discriminative.map_estimate": map_estimate,
}
