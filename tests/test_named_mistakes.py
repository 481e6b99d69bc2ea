"""The course's central mistakes are named (issue 15, item 2).

Each test is a wrong function written the way a student would write it, independently of the
exercise's ``Mistake.compute`` (numpy only, no reference library), run through the visible check
a test cell calls; the message must name that mistake.  Without the mistake the check would only
say "returned -14.4697; expected -9.03588".
"""

from __future__ import annotations

import numpy as np
import pytest

from grader.check import check

LOG_2PI = np.log(2 * np.pi)

# --- helpers a student would have written in an earlier cell ---------------------------------------


def _log_gaussian_1d(x, means, variances):
    """(n, K) log N(x_n | μ_k, σ²_k), right."""
    x = np.asarray(x, dtype=float)[:, None]
    variances = np.asarray(variances, dtype=float)
    return -0.5 * np.log(2 * np.pi * variances) - (x - means) ** 2 / (2 * variances)


def _mahalanobis(X, mean, cov):
    """(n,) (x - μ)ᵀ Σ⁻¹ (x - μ) and log det Σ, through the Cholesky factor."""
    X = np.atleast_2d(np.asarray(X, dtype=float))
    L = np.linalg.cholesky(cov)
    y = np.linalg.solve(L, (X - mean).T)
    return np.sum(y ** 2, axis=0), 2 * np.sum(np.log(np.diag(L)))


def _mvn_logpdf(X, mean, cov):
    maha, log_det = _mahalanobis(X, mean, cov)
    return -0.5 * (len(mean) * LOG_2PI + log_det + maha)


def _normalise_rows_in_logs(log_joint):
    log_joint = log_joint - log_joint.max(axis=1, keepdims=True)
    r = np.exp(log_joint)
    return r / r.sum(axis=1, keepdims=True)


def _logsumexp_rows(a):
    top = a.max(axis=1)
    return top + np.log(np.sum(np.exp(a - top[:, None]), axis=1))


# --- notebook 01 -----------------------------------------------------------------------------------


def fit_gaussian_classes_over_all_points(X, y):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    classes = np.unique(y)
    priors, means, covariances = [], [], []
    for c in classes:
        Xc = X[y == c]
        mean = Xc.mean(axis=0)
        priors.append(len(Xc) / len(X))
        means.append(mean)
        covariances.append((Xc - mean).T @ (Xc - mean) / len(X))
    return {"classes": classes, "priors": np.array(priors), "means": np.array(means),
            "covariances": np.array(covariances)}


def gaussian_density_not_log(X, mean, covariance):
    X, mean, covariance = np.atleast_2d(np.asarray(X, float)), np.asarray(mean, float), np.asarray(covariance)
    diff = X - mean
    maha = np.sum(diff @ np.linalg.inv(covariance) * diff, axis=1)
    return np.exp(-0.5 * maha) / np.sqrt(np.linalg.det(2 * np.pi * covariance))


def _class_log_joint(X, model):
    return np.column_stack([np.log(p) + _mvn_logpdf(X, m, S)
                            for p, m, S in zip(model["priors"], model["means"], model["covariances"])])


def class_posterior_not_log(X, model):
    return _normalise_rows_in_logs(_class_log_joint(X, model))


def class_log_posterior_normalised_as_probabilities(X, model):
    joint = np.exp(_class_log_joint(X, model))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(joint / joint.sum(axis=1, keepdims=True))


# --- notebook 02 -----------------------------------------------------------------------------------


def _class_counts(X, y):
    X, y = np.asarray(X, dtype=float), np.asarray(y)
    classes = np.unique(y)
    n_docs = np.array([np.sum(y == c) for c in classes])
    return classes, n_docs, np.array([X[y == c].sum(axis=0) for c in classes])


def _nb_model(kind, classes, n_docs, feature_log_prob):
    return {"kind": kind, "classes": classes, "class_log_prior": np.log(n_docs / n_docs.sum()),
            "feature_log_prob": feature_log_prob}


def fit_multinomial_over_classes(X, y, alpha=1.0):
    classes, n_docs, counts = _class_counts(X, y)
    smoothed = counts + alpha
    with np.errstate(divide="ignore", invalid="ignore"):
        return _nb_model("multinomial", classes, n_docs, np.log(smoothed / smoothed.sum(axis=0)))


def fit_multinomial_documents_as_vocabulary(X, y, alpha=1.0):
    classes, n_docs, counts = _class_counts(X, y)
    n_words = len(X)  # meant: the number of words
    with np.errstate(divide="ignore"):
        flp = np.log(counts + alpha) - np.log(counts.sum(axis=1, keepdims=True) + alpha * n_words)
    return _nb_model("multinomial", classes, n_docs, flp)


def fit_multinomial_vocabulary_of_the_class(X, y, alpha=1.0):
    classes, n_docs, counts = _class_counts(X, y)
    seen = (counts > 0).sum(axis=1, keepdims=True)
    with np.errstate(divide="ignore"):
        flp = np.log(counts + alpha) - np.log(counts.sum(axis=1, keepdims=True) + alpha * seen)
    return _nb_model("multinomial", classes, n_docs, flp)


def fit_bernoulli_probabilities(X, y, alpha=1.0):
    classes, n_docs, present = _class_counts(np.asarray(X) > 0, y)
    return {"kind": "bernoulli", "classes": classes, "class_log_prior": n_docs / n_docs.sum(),
            "feature_log_prob": (present + alpha) / (n_docs[:, None] + 2 * alpha)}


def fit_bernoulli_over_classes(X, y, alpha=1.0):
    classes, n_docs, present = _class_counts(np.asarray(X) > 0, y)
    return _nb_model("bernoulli", classes, n_docs, np.log((present + alpha) / (present + alpha).sum(axis=0)))


def fit_bernoulli_vocabulary_in_denominator(X, y, alpha=1.0):
    classes, n_docs, present = _class_counts(np.asarray(X) > 0, y)
    n_words = present.shape[1]
    return _nb_model("bernoulli", classes, n_docs, np.log((present + alpha) / (n_docs[:, None] + alpha * n_words)))


def multinomial_joint_not_log(model, X):
    p, prior = np.exp(model["feature_log_prob"]), np.exp(model["class_log_prior"])
    X = np.asarray(X, dtype=float)
    return prior * np.prod(p[None, :, :] ** X[:, None, :], axis=2)


def bernoulli_joint_not_log(model, X):
    p, prior = np.exp(model["feature_log_prob"]), np.exp(model["class_log_prior"])
    b = (np.asarray(X) > 0).astype(float)[:, None, :]
    return prior * np.prod(p[None] ** b * (1 - p[None]) ** (1 - b), axis=2)


def _nb_log_joint(model, X):
    X, log_p = np.asarray(X, dtype=float), model["feature_log_prob"]
    if model["kind"] == "bernoulli":
        b = (X > 0).astype(float)
        return b @ log_p.T + (1 - b) @ np.log1p(-np.exp(log_p)).T + model["class_log_prior"]
    return X @ log_p.T + model["class_log_prior"]


def predict_proba_not_log(model, X):
    return _normalise_rows_in_logs(_nb_log_joint(model, X))


def predict_log_proba_normalised_as_probabilities(model, X):
    joint = np.exp(_nb_log_joint(model, X))
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(joint / joint.sum(axis=1, keepdims=True))


# --- notebook 03 -----------------------------------------------------------------------------------


def e_step_without_log_variance(x, weights, means, variances):
    x = np.asarray(x, dtype=float)[:, None]
    # -0.5 * log(2 pi var) is "a constant", so leave it out
    return _normalise_rows_in_logs(np.log(weights) - (x - means) ** 2 / (2 * np.asarray(variances)))


def m_step_variance_over_n(x, resp):
    x = np.asarray(x, dtype=float)
    nk = resp.sum(axis=0)
    means = resp.T @ x / nk
    variances = np.sum(resp * (x[:, None] - means) ** 2, axis=0) / len(x)
    return nk / len(x), means, variances


def log_likelihood_log_inside_weighted(x, weights, means, variances):
    return float(np.sum(_log_gaussian_1d(x, means, variances) * weights))


def log_likelihood_log_inside(x, weights, means, variances):
    return float(np.sum(_log_gaussian_1d(x, means, variances)))


def mvn_logpdf_whole_log_det(X, mean, cov):
    maha, log_det = _mahalanobis(X, mean, cov)
    return -0.5 * (len(mean) * LOG_2PI + maha) - log_det


def mvn_density(X, mean, cov):
    maha, log_det = _mahalanobis(X, mean, cov)
    return np.exp(-0.5 * maha) / np.sqrt((2 * np.pi) ** len(mean) * np.exp(log_det))


def e_step_full_without_log_det(X, weights, means, covariances):
    return _normalise_rows_in_logs(np.stack([np.log(w) - 0.5 * _mahalanobis(X, m, c)[0]
                                             for w, m, c in zip(weights, means, covariances)], axis=1))


def e_step_full_whole_log_det(X, weights, means, covariances):
    return _normalise_rows_in_logs(np.stack([np.log(w) + mvn_logpdf_whole_log_det(X, m, c)
                                             for w, m, c in zip(weights, means, covariances)], axis=1))


def m_step_full_covariance_over_n(X, resp):
    X = np.asarray(X, dtype=float)
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, None]
    covariances = np.empty((len(nk), X.shape[1], X.shape[1]))
    for k in range(len(nk)):
        diff = X - means[k]
        covariances[k] = (resp[:, k, None] * diff).T @ diff / len(X)
    return nk / len(X), means, covariances


def bic_counting_every_matrix_entry(log_likelihood, n_components, n_features, n_samples):
    K, D = n_components, n_features
    return -2 * log_likelihood + (K * D + K * D * D + K - 1) * np.log(n_samples)


def bic_counting_every_weight(log_likelihood, n_components, n_features, n_samples):
    K, D = n_components, n_features
    return -2 * log_likelihood + (K * D + K * D * (D + 1) // 2 + K) * np.log(n_samples)


def bic_with_aic_penalty(log_likelihood, n_components, n_features, n_samples):
    K, D = n_components, n_features
    return -2 * log_likelihood + 2 * (K * D + K * D * (D + 1) // 2 + K - 1)


def bic_halved(log_likelihood, n_components, n_features, n_samples):
    K, D = n_components, n_features
    return -log_likelihood + 0.5 * (K * D + K * D * (D + 1) // 2 + K - 1) * np.log(n_samples)


# --- notebook 04 -----------------------------------------------------------------------------------


def em_m_step_variance_over_n(x, resp):
    nk = resp.sum(axis=0)
    means = resp.T @ x / nk
    return nk / len(x), means, (resp * (x[:, None] - means) ** 2).sum(axis=0) / len(x)


def hard_assign_over_points(x, weights, means, variances):
    log_joint = np.log(weights) + _log_gaussian_1d(x, means, variances)
    return (log_joint == log_joint.max(axis=0)).astype(float)


def hard_assign_without_log_variance(x, weights, means, variances):
    log_joint = np.log(weights) - (np.asarray(x)[:, None] - means) ** 2 / (2 * np.asarray(variances))
    return np.eye(len(weights))[np.argmax(log_joint, axis=1)]


# --- notebook 05 -----------------------------------------------------------------------------------


def observed_log_likelihood_log_of_each(theta, n, n_c):
    c_term = n_c * np.log(theta) if n_c > 0 else 0.0
    ab_term = (n - n_c) * (np.log(0.5) + np.log(0.5 - theta)) if n > n_c else 0.0
    return c_term + ab_term


# --- notebook 06 -----------------------------------------------------------------------------------


def _segment_log_densities(X, means, covariances, log_det_factor=-0.5):
    n, d = X.shape
    a = np.empty((n, len(means)))
    for k in range(len(means)):
        maha, log_det = _mahalanobis(X, means[k], covariances[k])
        a[:, k] = -0.5 * (d * LOG_2PI + maha) + log_det_factor * log_det
    return a


def segmentation_e_step_without_log_det(X, weights, means, covariances):
    return _normalise_rows_in_logs(np.log(weights) + _segment_log_densities(X, means, covariances, 0.0))


def segmentation_e_step_whole_log_det(X, weights, means, covariances):
    return _normalise_rows_in_logs(np.log(weights) + _segment_log_densities(X, means, covariances, -1.0))


def segmentation_m_step_covariance_over_n(X, resp, reg_covar):
    n, d = X.shape
    nk = resp.sum(axis=0)
    means = resp.T @ X / nk[:, None]
    covariances = np.empty((len(nk), d, d))
    for k in range(len(nk)):
        diff = X - means[k]
        covariances[k] = (resp[:, k, None] * diff).T @ diff / n + reg_covar * np.eye(d)
    return nk / n, means, covariances


def segmentation_log_likelihood_log_inside(X, weights, means, covariances):
    return float(np.sum(_segment_log_densities(X, means, covariances)))


def segmentation_log_likelihood_log_of_each_joint(X, weights, means, covariances):
    return float(np.sum(np.log(weights) + _segment_log_densities(X, means, covariances)))


def segmentation_log_likelihood_whole_log_det(X, weights, means, covariances):
    return float(np.sum(_logsumexp_rows(np.log(weights) + _segment_log_densities(X, means, covariances, -1.0))))


WRONG = [
    ("discriminative.fit_gaussian_classes", "covariance_divided_by_n", fit_gaussian_classes_over_all_points),
    ("discriminative.gaussian_log_pdf", "density_not_log", gaussian_density_not_log),
    ("discriminative.class_log_posterior", "probabilities_not_logs", class_posterior_not_log),
    ("discriminative.class_log_posterior", "normalised_outside_log_space",
     class_log_posterior_normalised_as_probabilities),
    ("naive_bayes.fit_multinomial", "normalised_over_classes", fit_multinomial_over_classes),
    ("naive_bayes.fit_multinomial", "vocabulary_size_is_documents", fit_multinomial_documents_as_vocabulary),
    ("naive_bayes.fit_multinomial", "vocabulary_seen_in_class", fit_multinomial_vocabulary_of_the_class),
    ("naive_bayes.fit_bernoulli", "probabilities_not_logs", fit_bernoulli_probabilities),
    ("naive_bayes.fit_bernoulli", "normalised_over_classes", fit_bernoulli_over_classes),
    ("naive_bayes.fit_bernoulli", "vocabulary_size_in_denominator", fit_bernoulli_vocabulary_in_denominator),
    ("naive_bayes.multinomial_log_joint", "probabilities_not_logs", multinomial_joint_not_log),
    ("naive_bayes.bernoulli_log_joint", "probabilities_not_logs", bernoulli_joint_not_log),
    ("naive_bayes.predict_log_proba", "probabilities_not_logs", predict_proba_not_log),
    ("naive_bayes.predict_log_proba", "normalised_outside_log_space", predict_log_proba_normalised_as_probabilities),
    ("gmm.e_step", "dropped_log_variance", e_step_without_log_variance),
    ("gmm.m_step", "variance_divided_by_n", m_step_variance_over_n),
    ("gmm.log_likelihood", "log_inside_weighted_sum", log_likelihood_log_inside_weighted),
    ("gmm.log_likelihood", "log_inside_sum_no_weights", log_likelihood_log_inside),
    ("gmm.mvn_logpdf", "log_det_not_halved", mvn_logpdf_whole_log_det),
    ("gmm.mvn_logpdf", "density_not_log", mvn_density),
    ("gmm.e_step_full", "dropped_log_det", e_step_full_without_log_det),
    ("gmm.e_step_full", "log_det_not_halved", e_step_full_whole_log_det),
    ("gmm.m_step_full", "covariance_divided_by_n", m_step_full_covariance_over_n),
    ("gmm.bic", "full_matrix", bic_counting_every_matrix_entry),
    ("gmm.bic", "all_weights", bic_counting_every_weight),
    ("gmm.bic", "aic_penalty", bic_with_aic_penalty),
    ("gmm.bic", "halved", bic_halved),
    ("em_theory.m_step", "variance_divided_by_n", em_m_step_variance_over_n),
    ("em_theory.hard_assign", "argmax_over_points", hard_assign_over_points),
    ("em_theory.hard_assign", "dropped_log_variance", hard_assign_without_log_variance),
    ("grades.observed_log_likelihood", "log_inside_sum", observed_log_likelihood_log_of_each),
    ("segmentation.e_step", "dropped_log_det", segmentation_e_step_without_log_det),
    ("segmentation.e_step", "log_det_not_halved", segmentation_e_step_whole_log_det),
    ("segmentation.m_step", "covariance_divided_by_n", segmentation_m_step_covariance_over_n),
    ("segmentation.log_likelihood", "log_inside_sum_no_weights", segmentation_log_likelihood_log_inside),
    ("segmentation.log_likelihood", "log_inside_sum_of_joints", segmentation_log_likelihood_log_of_each_joint),
    ("segmentation.log_likelihood", "log_det_not_halved", segmentation_log_likelihood_whole_log_det),
]


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the underflowing versions divide 0 by 0, as students' do
@pytest.mark.parametrize("exercise_id,name,wrong", WRONG, ids=[f"{e}:{n}" for e, n, _ in WRONG])
def test_a_students_wrong_function_is_named(exercise_id, name, wrong):
    with pytest.raises(AssertionError) as failure:
        check(exercise_id, wrong)
    message = str(failure.value)
    assert f"This looks like a known mistake [{name}]:" in message, message


def test_every_new_mistake_has_a_students_version():
    from grader.authoring import catalogue

    named = {(e.id, m.name) for t in catalogue.topics() for e in catalogue.exercises(t) for m in e.mistakes}
    assert {(e, n) for e, n, _ in WRONG} <= named
