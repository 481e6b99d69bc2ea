"""Reference solutions for notebook 01: generative vs discriminative classifiers.

* the joint table p(x, y) and the conditional table p(y | x) of a small discrete data set;
* a **generative** classifier: one Gaussian per class plus a prior, with the posterior by
  Bayes' rule in log space, the likelihood-ratio test, and sampling new labelled points;
* a **discriminative** classifier: logistic regression fitted by gradient descent;
* the MAP (Beta prior) estimate of a word's probability, the bridge to Laplace smoothing.

A Gaussian class model is a dict with ``classes`` (K,), ``priors`` (K,), ``means`` (K, D) and
``covariances`` (K, D, D).
"""

from __future__ import annotations

import numpy as np

__all__ = [
    "joint_table",
    "conditional_table",
    "fit_gaussian_classes",
    "gaussian_log_pdf",
    "class_log_joint",
    "class_log_posterior",
    "lrt_predict",
    "sample_classes",
    "sigmoid",
    "fit_logistic_regression",
    "logistic_predict_proba",
    "map_estimate",
]


# --- discrete tables ------------------------------------------------------------------------

def _pairs(x, y):
    x, y = np.asarray(x), np.asarray(y)
    if x.ndim != 1 or x.shape != y.shape or x.size == 0:
        raise ValueError("x and y must be non-empty 1-D sequences of the same length")
    return x, y


def joint_table(x, y) -> np.ndarray:
    """Empirical joint distribution p(x, y) of paired discrete observations.

    Parameters
    ----------
    x, y : array_like, shape (n,)

    Returns
    -------
    table : ndarray, shape (n_x_values, n_y_values)
        ``table[i, j]`` = share of pairs with x = i-th smallest x value and y = j-th smallest
        y value.  Sums to 1.
    """
    x, y = _pairs(x, y)
    xs, xi = np.unique(x, return_inverse=True)
    ys, yi = np.unique(y, return_inverse=True)
    table = np.zeros((len(xs), len(ys)))
    np.add.at(table, (xi, yi), 1.0)
    return table / x.size


def conditional_table(x, y) -> np.ndarray:
    """Empirical conditional distribution p(y | x): the joint table with each row normalised.

    Returns
    -------
    table : ndarray, shape (n_x_values, n_y_values)
        Each row sums to 1: ``p(y | x) = p(x, y) / p(x)``.
    """
    joint = joint_table(x, y)
    return joint / joint.sum(axis=1, keepdims=True)


# --- the generative classifier ----------------------------------------------------------------

def fit_gaussian_classes(X, y) -> dict:
    """Maximum-likelihood Gaussian per class, plus class priors.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like, shape (n_samples,)

    Returns
    -------
    model : dict
        ``classes`` (K,); ``priors`` (K,) = n_k / n; ``means`` (K, D); ``covariances``
        (K, D, D), the MLE with divisor n_k (not n_k - 1).
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"X must be (n_samples, n_features) and y (n_samples,), got {X.shape}, {y.shape}")
    classes = np.unique(y)
    counts = np.array([np.sum(y == c) for c in classes], dtype=float)
    if counts.min() < 2:
        raise ValueError("every class needs at least 2 points to estimate a covariance")
    means = np.array([X[y == c].mean(axis=0) for c in classes])
    covariances = np.array([(X[y == c] - m).T @ (X[y == c] - m) / n for c, m, n in zip(classes, means, counts)])
    return {"classes": classes, "priors": counts / counts.sum(), "means": means, "covariances": covariances}


def gaussian_log_pdf(X, mean, covariance) -> np.ndarray:
    """log N(x | mean, covariance) for each row of X, through a Cholesky factor.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    mean : array_like, shape (n_features,)
    covariance : array_like, shape (n_features, n_features), symmetric positive definite

    Returns
    -------
    log_pdf : ndarray, shape (n_samples,)
        ``-D/2 log(2 pi) - 1/2 log det(S) - 1/2 (x - m)^T S^-1 (x - m)``.
    """
    X = np.atleast_2d(np.asarray(X, dtype=float))
    mean, covariance = np.asarray(mean, dtype=float), np.asarray(covariance, dtype=float)
    d = mean.shape[0]
    try:
        L = np.linalg.cholesky(covariance)
    except np.linalg.LinAlgError:
        raise ValueError("covariance must be symmetric positive definite") from None
    # S = L L^T: the Mahalanobis term is |L^-1 (x - m)|^2 and log det S = 2 sum log diag L
    z = np.linalg.solve(L, (X - mean).T)
    return -0.5 * d * np.log(2 * np.pi) - np.sum(np.log(np.diag(L))) - 0.5 * np.sum(z**2, axis=0)


def class_log_joint(X, model) -> np.ndarray:
    """log p(x, c) = log P(c) + log N(x | mean_c, covariance_c), shape (n_samples, K)."""
    return np.column_stack([np.log(p) + gaussian_log_pdf(X, m, S) for p, m, S in
                            zip(model["priors"], model["means"], model["covariances"])])


def class_log_posterior(X, model) -> np.ndarray:
    """log P(c | x) by Bayes' rule, normalised with logsumexp.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    model : dict
        From :func:`fit_gaussian_classes`.

    Returns
    -------
    log_posterior : ndarray, shape (n_samples, K)
        Each row's exponentials sum to 1, also for points far from every class.
    """
    a = class_log_joint(X, model)
    top = a.max(axis=1, keepdims=True)
    return a - (top + np.log(np.exp(a - top).sum(axis=1, keepdims=True)))


def lrt_predict(X, model) -> np.ndarray:
    """The likelihood-ratio test between two classes c0 and c1.

    Decide c1 when ``p(x | c1) / p(x | c0) > P(c0) / P(c1)``, in logs
    ``log p(x | c1) - log p(x | c0) > log P(c0) - log P(c1)``; otherwise c0.  This is the
    MAP decision written as "likelihood ratio against ratio of priors".

    Returns
    -------
    labels : ndarray, shape (n_samples,)
        Values from ``model["classes"]``.
    """
    if len(model["priors"]) != 2:
        raise ValueError("the likelihood-ratio test compares exactly two classes")
    log_lik = [gaussian_log_pdf(X, m, S) for m, S in zip(model["means"], model["covariances"])]
    threshold = np.log(model["priors"][0]) - np.log(model["priors"][1])
    return np.asarray(model["classes"])[(log_lik[1] - log_lik[0] > threshold).astype(int)]


def sample_classes(model, n_samples, random_state) -> tuple:
    """Draw labelled points from the generative model: a class from the prior, then x from its Gaussian.

    The draws are, in this order, with ``rng = np.random.default_rng(random_state)``::

        y = rng.choice(K, size=n_samples, p=priors)        # class indices
        z = rng.standard_normal((n_samples, D))
        X[i] = means[y[i]] + L[y[i]] @ z[i]                # L[k] = cholesky(covariances[k])

    Returns
    -------
    X : ndarray, shape (n_samples, D)
    y : ndarray, shape (n_samples,)
        Labels from ``model["classes"]``.
    """
    rng = np.random.default_rng(random_state)
    priors = np.asarray(model["priors"], dtype=float)
    means = np.asarray(model["means"], dtype=float)
    chol = np.linalg.cholesky(np.asarray(model["covariances"], dtype=float))
    k = rng.choice(len(priors), size=int(n_samples), p=priors)
    z = rng.standard_normal((int(n_samples), means.shape[1]))
    X = means[k] + np.einsum("nij,nj->ni", chol[k], z)
    return X, np.asarray(model["classes"])[k]


# --- the discriminative classifier ----------------------------------------------------------

def sigmoid(z) -> np.ndarray:
    """1 / (1 + exp(-z)), without overflow for large |z|."""
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    return np.where(z >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def fit_logistic_regression(X, y, learning_rate=0.1, n_iter=1000) -> tuple:
    """Logistic regression P(y = 1 | x) = sigmoid(x . w + b) by full-batch gradient descent.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
    y : array_like of {0, 1}, shape (n_samples,)
    learning_rate : float
    n_iter : int
        Number of gradient steps, starting from w = 0, b = 0.

    Returns
    -------
    w : ndarray, shape (n_features,)
    b : float

    Notes
    -----
    Minimises the mean cross-entropy ``-(1/n) sum [y log p + (1 - y) log(1 - p)]``, whose
    gradient is ``X^T (p - y) / n`` for w and ``mean(p - y)`` for b.  No penalty, so on
    separable data w grows without bound.
    """
    X, y = np.asarray(X, dtype=float), np.asarray(y, dtype=float)
    if X.ndim != 2 or y.shape != (X.shape[0],):
        raise ValueError(f"X must be (n_samples, n_features) and y (n_samples,), got {X.shape}, {y.shape}")
    w, b = np.zeros(X.shape[1]), 0.0
    for _ in range(int(n_iter)):
        error = sigmoid(X @ w + b) - y
        w = w - learning_rate * (X.T @ error) / len(y)
        b = b - learning_rate * float(error.mean())
    return w, b


def logistic_predict_proba(X, w, b) -> np.ndarray:
    """P(y = 1 | x) = sigmoid(x . w + b), shape (n_samples,)."""
    return sigmoid(np.asarray(X, dtype=float) @ np.asarray(w, dtype=float) + b)


# --- MAP for a word's probability ------------------------------------------------------

def map_estimate(k, n, a, b) -> float:
    """MAP probability of a word seen in k of n emails, under a Beta(a, b) prior.

    The posterior is Beta(k + a, n - k + b); its mode is ``(k + a - 1) / (n + a + b - 2)``
    (for a, b >= 1 and n + a + b > 2).  With a = b = 2 this is Laplace's (k + 1) / (n + 2).
    """
    if a < 1 or b < 1 or n + a + b <= 2 or not 0 <= k <= n:
        raise ValueError("need a, b >= 1, n + a + b > 2 and 0 <= k <= n for an interior mode")
    return (k + a - 1) / (n + a + b - 2)
