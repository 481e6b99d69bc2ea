"""Wrong answers for notebook 01: Gaussian class models, posteriors, the likelihood-ratio test, sampling."""

from __future__ import annotations

import numpy as np

from . import Corpus

WRONG = Corpus()


def _log_pdf(X, mean, cov):
    X = np.atleast_2d(np.asarray(X, float))
    diff = X - mean
    maha = np.sum(diff @ np.linalg.inv(cov) * diff, axis=1)
    return -0.5 * (len(mean) * np.log(2 * np.pi) + np.log(np.linalg.det(cov)) + maha)


def _log_joint(X, model):
    return np.column_stack([np.log(p) + _log_pdf(X, m, S)
                            for p, m, S in zip(model["priors"], model["means"], model["covariances"])])


# --- fit_gaussian_classes(X, y) -------------------------------------------------------------

def _fit(X, y, cov, prior=None):
    X, y = np.asarray(X, float), np.asarray(y)
    classes = np.unique(y)
    means = np.array([X[y == c].mean(axis=0) for c in classes])
    counts = np.array([np.sum(y == c) for c in classes])
    priors = counts / len(y) if prior is None else prior(counts)
    return {"classes": classes, "priors": priors, "means": means,
            "covariances": np.array([cov(X[y == c], m, X) for c, m in zip(classes, means)])}


def _scatter(Xc, m, X):
    return (Xc - m).T @ (Xc - m) / len(Xc)


@WRONG("discriminative.fit_gaussian_classes", "np.cov's unbiased N_c - 1")
def fit_unbiased(X, y):
    return _fit(X, y, lambda Xc, m, X: np.cov(Xc, rowvar=False).reshape(len(m), len(m)))


@WRONG("discriminative.fit_gaussian_classes", "np.cov without rowvar=False: a covariance between points")
def fit_cov_rowvar(X, y):
    return _fit(X, y, lambda Xc, m, X: np.cov(Xc, bias=True))


@WRONG("discriminative.fit_gaussian_classes", "each class's scatter divided by N, not N_c")
def fit_divided_by_n(X, y):
    return _fit(X, y, lambda Xc, m, X: (Xc - m).T @ (Xc - m) / len(X))


@WRONG("discriminative.fit_gaussian_classes", "equal priors 1/K")
def fit_uniform_priors(X, y):
    return _fit(X, y, _scatter, lambda c: np.full(len(c), 1 / len(c)))


@WRONG("discriminative.fit_gaussian_classes", "priors as class counts")
def fit_prior_counts(X, y):
    return _fit(X, y, _scatter, lambda c: c.astype(float))


@WRONG("discriminative.fit_gaussian_classes", "scatter not centred: Xc.T @ Xc / N_c")
def fit_not_centred(X, y):
    return _fit(X, y, lambda Xc, m, X: Xc.T @ Xc / len(Xc))


@WRONG("discriminative.fit_gaussian_classes", "centred on the overall mean instead of the class mean")
def fit_centred_on_all(X, y):
    return _fit(X, y, lambda Xc, m, X: (Xc - X.mean(0)).T @ (Xc - X.mean(0)) / len(Xc))


@WRONG("discriminative.fit_gaussian_classes", "one covariance of all the data for every class")
def fit_pooled(X, y):
    return _fit(X, y, lambda Xc, m, X: np.cov(X, rowvar=False, bias=True).reshape(len(m), len(m)))


# --- gaussian_log_pdf(X, mean, covariance) --------------------------------------------------

def _parts(X, mean, cov):
    X, mean, cov = np.asarray(X, float), np.asarray(mean, float), np.asarray(cov, float)
    diff = X - mean
    return diff, np.sum(diff @ np.linalg.inv(cov) * diff, axis=1), np.log(np.linalg.det(cov)), len(mean)


@WRONG("discriminative.gaussian_log_pdf", "only the exponent -½ (x-μ)ᵀΣ⁻¹(x-μ)")
def log_pdf_exponent_only(X, mean, covariance):
    return -0.5 * _parts(X, mean, covariance)[1]


@WRONG("discriminative.gaussian_log_pdf", "the ½ left off the quadratic form")
def log_pdf_no_half(X, mean, covariance):
    _, maha, logdet, d = _parts(X, mean, covariance)
    return -0.5 * d * np.log(2 * np.pi) - 0.5 * logdet - maha


@WRONG("discriminative.gaussian_log_pdf", "log det Σ without the ½")
def log_pdf_whole_log_det(X, mean, covariance):
    _, maha, logdet, d = _parts(X, mean, covariance)
    return -0.5 * d * np.log(2 * np.pi) - logdet - 0.5 * maha


@WRONG("discriminative.gaussian_log_pdf", "the density, not its log")
def log_pdf_density(X, mean, covariance):
    _, maha, logdet, d = _parts(X, mean, covariance)
    return np.exp(-0.5 * maha) / np.sqrt((2 * np.pi) ** d * np.exp(logdet))


@WRONG("discriminative.gaussian_log_pdf", "Σ where Σ⁻¹ belongs in the quadratic form")
def log_pdf_not_inverted(X, mean, covariance):
    diff, _, logdet, d = _parts(X, mean, covariance)
    return -0.5 * (d * np.log(2 * np.pi) + logdet + np.sum(diff @ covariance * diff, axis=1))


@WRONG("discriminative.gaussian_log_pdf", "-½ log 2π once, not D times")
def log_pdf_one_2pi(X, mean, covariance):
    _, maha, logdet, d = _parts(X, mean, covariance)
    return -0.5 * (np.log(2 * np.pi) + logdet + maha)


@WRONG("discriminative.gaussian_log_pdf", "the quadratic form summed over every point: one number")
def log_pdf_summed_over_points(X, mean, covariance):
    diff, _, logdet, d = _parts(X, mean, covariance)
    return -0.5 * (d * np.log(2 * np.pi) + logdet + np.sum(diff @ np.linalg.inv(covariance) * diff))


# --- class_log_posterior(X, model) ----------------------------------------------------------

def _lse_rows(a):
    top = a.max(axis=1, keepdims=True)
    return top + np.log(np.exp(a - top).sum(axis=1, keepdims=True))


@WRONG("discriminative.class_log_posterior", "the prior left out of the joint")
def posterior_no_prior(X, model):
    a = _log_joint(X, model) - np.log(model["priors"])
    return a - _lse_rows(a)


@WRONG("discriminative.class_log_posterior", "the log joint, never normalised")
def posterior_log_joint(X, model):
    return _log_joint(X, model)


@WRONG("discriminative.class_log_posterior", "posterior probabilities, not their logs")
def posterior_probabilities(X, model):
    a = _log_joint(X, model)
    return np.exp(a - _lse_rows(a))


@WRONG("discriminative.class_log_posterior", "normalised over the points (axis=0)")
def posterior_over_points(X, model):
    a = _log_joint(X, model)
    top = a.max(axis=0, keepdims=True)
    return a - (top + np.log(np.exp(a - top).sum(axis=0, keepdims=True)))


@WRONG("discriminative.class_log_posterior", "the log of exp-and-normalise, without the max trick: underflows")
def posterior_without_logsumexp(X, model):
    p = np.exp(_log_joint(X, model))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(p / p.sum(axis=1, keepdims=True))


@WRONG("discriminative.class_log_posterior", "subtracts only the row maximum, forgetting the log of the sum")
def posterior_minus_max(X, model):
    a = _log_joint(X, model)
    return a - a.max(axis=1, keepdims=True)


@WRONG("discriminative.class_log_posterior", "adds the prior itself, not its log")
def posterior_prior_not_log(X, model):
    a = _log_joint(X, model) - np.log(model["priors"]) + model["priors"]
    return a - _lse_rows(a)


# --- lrt_predict(X, model) ------------------------------------------------------------------

def _ratio(X, model):
    return (_log_pdf(X, model["means"][1], model["covariances"][1])
            - _log_pdf(X, model["means"][0], model["covariances"][0]))


@WRONG("discriminative.lrt_predict", "the prior ratio upside down")
def lrt_threshold_inverted(X, model):
    t = np.log(model["priors"][1]) - np.log(model["priors"][0])
    return np.where(_ratio(X, model) > t, model["classes"][1], model["classes"][0])


@WRONG("discriminative.lrt_predict", "compares the likelihood ratio with 1, ignoring the priors")
def lrt_no_priors(X, model):
    return np.where(_ratio(X, model) > 0, model["classes"][1], model["classes"][0])


@WRONG("discriminative.lrt_predict", "the two labels swapped in np.where")
def lrt_labels_swapped(X, model):
    t = np.log(model["priors"][0]) - np.log(model["priors"][1])
    return np.where(_ratio(X, model) > t, model["classes"][0], model["classes"][1])


@WRONG("discriminative.lrt_predict", "log-likelihood ratio compared with the prior ratio itself, not its log")
def lrt_threshold_not_log(X, model):
    t = model["priors"][0] / model["priors"][1]
    return np.where(_ratio(X, model) > t, model["classes"][1], model["classes"][0])


@WRONG("discriminative.lrt_predict", "nearest mean (Euclidean), ignoring covariances and priors")
def lrt_nearest_mean(X, model):
    X = np.asarray(X, float)
    d = [np.sum((X - m) ** 2, axis=1) for m in model["means"]]
    return np.where(d[1] < d[0], model["classes"][1], model["classes"][0])


@WRONG("discriminative.lrt_predict", "returns True/False instead of class labels")
def lrt_booleans(X, model):
    return _ratio(X, model) > np.log(model["priors"][0]) - np.log(model["priors"][1])


# --- sample_classes(model, n_samples, random_state) -----------------------------------------

def _sample(model, n_samples, random_state, root, p=True):
    rng = np.random.default_rng(random_state)
    priors, means = np.asarray(model["priors"]), np.asarray(model["means"], float)
    k = rng.choice(len(priors), size=n_samples, p=priors if p else None)
    z = rng.standard_normal((n_samples, means.shape[1]))
    X = np.array([means[k[i]] + root(np.asarray(model["covariances"][k[i]], float)) @ z[i] for i in range(n_samples)])
    return X.reshape(n_samples, means.shape[1]), np.asarray(model["classes"])[k]


@WRONG("discriminative.sample_classes", "multiplies the noise by the covariance, not its Cholesky factor")
def sample_times_covariance(model, n_samples, random_state):
    return _sample(model, n_samples, random_state, lambda S: S)


@WRONG("discriminative.sample_classes", "element-wise square root of the covariance")
def sample_elementwise_sqrt(model, n_samples, random_state):
    return _sample(model, n_samples, random_state, lambda S: np.sqrt(np.abs(S)))


@WRONG("discriminative.sample_classes", "the transpose of the Cholesky factor")
def sample_cholesky_transposed(model, n_samples, random_state):
    return _sample(model, n_samples, random_state, lambda S: np.linalg.cholesky(S).T)


@WRONG("discriminative.sample_classes", "classes drawn uniformly")
def sample_uniform_classes(model, n_samples, random_state):
    return _sample(model, n_samples, random_state, np.linalg.cholesky, p=False)


@WRONG("discriminative.sample_classes", "rng.multivariate_normal instead of the prescribed draws")
def sample_multivariate_normal(model, n_samples, random_state):
    rng = np.random.default_rng(random_state)
    k = rng.choice(len(model["priors"]), size=n_samples, p=model["priors"])
    X = np.array([rng.multivariate_normal(model["means"][j], model["covariances"][j]) for j in k])
    return X.reshape(n_samples, -1), np.asarray(model["classes"])[k]


@WRONG("discriminative.sample_classes", "noise drawn before the classes (the other order of the draws)")
def sample_noise_first(model, n_samples, random_state):
    rng = np.random.default_rng(random_state)
    means = np.asarray(model["means"], float)
    z = rng.standard_normal((n_samples, means.shape[1]))
    k = rng.choice(len(model["priors"]), size=n_samples, p=model["priors"])
    X = np.array([means[j] + np.linalg.cholesky(model["covariances"][j]) @ z[i] for i, j in enumerate(k)])
    return X.reshape(n_samples, -1), np.asarray(model["classes"])[k]


@WRONG("discriminative.sample_classes", "only the points, not the labels")
def sample_points_only(model, n_samples, random_state):
    return _sample(model, n_samples, random_state, np.linalg.cholesky)[0]
