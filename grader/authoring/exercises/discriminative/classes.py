"""Notebook 01: Gaussian class models: fitting, log-densities, posteriors, the likelihood-ratio test, sampling."""

from __future__ import annotations

import numpy as np

from genlab.reference import discriminative as ref
from grader.authoring.exercises.discriminative.common import _labelled, _spd
from grader.authoring.schema import Exercise, Mistake


# --- fit_gaussian_classes(X, y) -------------------------------------------------------------

def _fit(X, y, *, ddof=0, uniform=False, pooled=False, by_total=False):
    X, y = np.asarray(X, float), np.asarray(y)
    classes = np.unique(y)
    counts = np.array([np.sum(y == c) for c in classes], float)
    means = np.array([X[y == c].mean(axis=0) for c in classes])
    if pooled:
        centred = X - X.mean(axis=0)
        covariances = np.array([centred.T @ centred / len(X)] * len(classes))
    else:
        covariances = np.array([(X[y == c] - m).T @ (X[y == c] - m) / (len(X) if by_total else n - ddof)
                                for c, m, n in zip(classes, means, counts)])
    priors = np.full(len(classes), 1 / len(classes)) if uniform else counts / counts.sum()
    return {"classes": classes, "priors": priors, "means": means, "covariances": covariances}


FIT_GAUSSIAN_CLASSES = Exercise(
    id="discriminative.fit_gaussian_classes",
    arg_names=("X", "y"),
    reference=ref.fit_gaussian_classes,
    visible_cases=lambda rng: [(np.array([[0.0, 1.0], [1.0, 0.0], [2.0, 2.0], [4.0, 4.0], [5.0, 6.0],
                                          [6.0, 4.0], [5.0, 5.0]]), np.array([0, 0, 0, 1, 1, 1, 1]))]
    + [_labelled(rng) for _ in range(3)],
    hidden_cases=lambda rng: [_labelled(rng, n=12, k=3), _labelled(rng, d=1)] + [_labelled(rng) for _ in range(3)],
    mistakes=(
        Mistake("unbiased_covariance",
                "the maximum-likelihood covariance divides by n_k, the number of points in the class, "
                "not n_k - 1 (a library covariance usually divides by n_k - 1 by default: look at its options).",
                lambda X, y: _fit(X, y, ddof=1)),
        Mistake("uniform_prior",
                "the prior of a class is its share of the training points, n_k / n, not 1 / K.",
                lambda X, y: _fit(X, y, uniform=True)),
        Mistake("pooled_covariance",
                "estimate one covariance per class from that class's points only, around the class mean.",
                lambda X, y: _fit(X, y, pooled=True)),
        Mistake("covariance_divided_by_n",
                "your means are right, but a class's covariance averages over that class's points "
                "only: divide its sum of outer products by n_k, not by the number of all points n.",
                lambda X, y: _fit(X, y, by_total=True)),
    ),
)


# --- gaussian_log_pdf(X, mean, covariance) ---------------------------------------------------

def _pdf_cases(rng, count):
    cases = []
    for _ in range(count):
        d = int(rng.integers(1, 4))
        cases.append((np.round(rng.normal(size=(int(rng.integers(2, 6)), d)) * 2, 3),
                      np.round(rng.normal(size=d), 3), _spd(rng, d)))
    return cases


def _pdf_parts(X, mean, covariance):
    X, mean, covariance = np.atleast_2d(np.asarray(X, float)), np.asarray(mean, float), np.asarray(covariance, float)
    diff = X - mean
    maha = np.sum(diff @ np.linalg.inv(covariance) * diff, axis=1)
    const = -0.5 * len(mean) * np.log(2 * np.pi)
    return maha, const, np.linalg.slogdet(covariance)[1]


GAUSSIAN_LOG_PDF = Exercise(
    id="discriminative.gaussian_log_pdf",
    arg_names=("X", "mean", "covariance"),
    reference=ref.gaussian_log_pdf,
    visible_cases=lambda rng: [(np.array([[0.0, 0.0], [1.0, 2.0]]), np.array([0.0, 0.0]),
                                np.array([[2.0, 0.5], [0.5, 1.0]]))] + _pdf_cases(rng, 3),
    hidden_cases=lambda rng: [(np.array([[3.0]]), np.array([1.0]), np.array([[4.0]]))] + _pdf_cases(rng, 4),
    mistakes=(
        Mistake("no_normalising_constant",
                "include the normalising terms -D/2 log(2 pi) - 1/2 log det(covariance); without them the "
                "classes' densities cannot be compared.",
                lambda X, m, S: -0.5 * _pdf_parts(X, m, S)[0]),
        Mistake("missing_half",
                "the exponent is -1/2 (x - m)^T S^-1 (x - m): keep the factor 1/2.",
                lambda X, m, S: (lambda q, c, ld: c - 0.5 * ld - q)(*_pdf_parts(X, m, S))),
        Mistake("log_det_not_halved",
                "the normaliser is 1 / sqrt(det(2 pi S)), so its log has -1/2 log det S, not -log det S.",
                lambda X, m, S: (lambda q, c, ld: c - ld - 0.5 * q)(*_pdf_parts(X, m, S))),
        Mistake("density_not_log",
                "this is the density itself; gaussian_log_pdf returns its logarithm. Far from the mean "
                "the density underflows to 0, while its log stays an ordinary negative number.",
                lambda X, m, S: np.exp(ref.gaussian_log_pdf(X, m, S))),
    ),
)


# --- class_log_posterior(X, model) ----------------------------------------------------------

def _model(rng, k=2, d=2):
    X, y = _labelled(rng, n=10 * k, d=d, k=k)
    model = ref.fit_gaussian_classes(X, y)
    return model


def _posterior_case(rng, far=False):
    p = float(rng.choice([0.2, 0.3, 0.7, 0.8]))
    model = {**_model(rng), "priors": np.array([p, 1 - p])}
    X = np.round(rng.normal(size=(3, 2)) * 2 + 1, 3)
    if far:
        X[-1] = [60.0, -70.0]  # far from both classes: every density underflows
    return model, X


def _naive_posterior(X, model):
    joint = ref.class_log_joint(X, model)
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        return joint - np.log(np.exp(joint).sum(axis=1, keepdims=True))


def _normalised_outside_logs(X, model):
    joint = np.exp(ref.class_log_joint(X, model))
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        return np.log(joint / joint.sum(axis=1, keepdims=True))


def _no_prior(X, model):
    flat = {**model, "priors": np.ones(len(model["priors"]))}
    return ref.class_log_joint(X, flat) - (lambda a: a.max(1, keepdims=True) + np.log(
        np.exp(a - a.max(1, keepdims=True)).sum(1, keepdims=True)))(ref.class_log_joint(X, flat))


CLASS_LOG_POSTERIOR = Exercise(
    id="discriminative.class_log_posterior",
    arg_names=("X", "model"),
    reference=ref.class_log_posterior,
    visible_cases=lambda rng: [_posterior_case(rng)[::-1], _posterior_case(rng, far=True)[::-1]],
    hidden_cases=lambda rng: [_posterior_case(rng, far=True)[::-1], _posterior_case(rng)[::-1]],
    mistakes=(
        Mistake("prior_left_out",
                "multiply each class density by its prior, i.e. add log P(c) before normalising.",
                _no_prior),
        Mistake("not_normalised",
                "these are log p(x, c); subtract log p(x) = logsumexp over the classes so that the "
                "exponentials of each row sum to 1.",
                ref.class_log_joint),
        Mistake("exp_before_normalising",
                "far from every class both densities underflow to 0 and you get 0/0 = nan. Subtract each "
                "row's maximum before exponentiating (the logsumexp trick).",
                _naive_posterior),
        Mistake("probabilities_not_logs",
                "these are the posteriors P(c | x) themselves; class_log_posterior returns their "
                "logarithms.",
                lambda X, model: np.exp(ref.class_log_posterior(X, model))),
        Mistake("normalised_outside_log_space",
                "far from every class both densities underflow to 0, so dividing by their sum is "
                "0/0 = nan. Normalise in log space: subtract log p(x), computed with the logsumexp trick.",
                _normalised_outside_logs),
    ),
)


# --- lrt_predict(X, model) -----------------------------------------------------------------

def _lrt_case(rng, classes=None):
    """Points on the line through the two means, dense enough that the three thresholds
    (log prior ratio, 0, and its negative) give three different labellings; ``classes``: other
    labels than 0 and 1 (then True/False is not an answer)."""
    while True:
        model = _model(rng)
        if classes is not None:
            model = {**model, "classes": np.array(classes)}
        p = float(rng.choice([0.1, 0.2, 0.8, 0.9]))
        model = {**model, "priors": np.array([p, 1 - p])}
        t = np.linspace(-0.5, 1.5, 17)[:, None]
        X = np.round(model["means"][0] + t * (model["means"][1] - model["means"][0]), 3)
        answers = [_lrt(X, model, s * np.log(p / (1 - p))) for s in (1, 0, -1)]
        if all(np.any(answers[i] != answers[j]) for i in range(3) for j in range(i)):
            return X, model


def _lrt(X, model, threshold):
    log_lik = [ref.gaussian_log_pdf(X, m, S) for m, S in zip(model["means"], model["covariances"])]
    return np.asarray(model["classes"])[(log_lik[1] - log_lik[0] > threshold).astype(int)]


LRT_PREDICT = Exercise(
    id="discriminative.lrt_predict",
    arg_names=("X", "model"),
    reference=ref.lrt_predict,
    visible_cases=lambda rng: [_lrt_case(rng) for _ in range(3)] + [_lrt_case(rng, classes=(1, 2))],
    hidden_cases=lambda rng: [_lrt_case(rng) for _ in range(4)] + [_lrt_case(rng, classes=(2, 5))],
    mistakes=(
        Mistake("threshold_inverted",
                "decide class 1 when p(x | c1) / p(x | c0) > P(c0) / P(c1): the prior of the *other* class "
                "goes on top. A rare class 1 needs stronger evidence.",
                lambda X, model: _lrt(X, model, np.log(model["priors"][1]) - np.log(model["priors"][0]))),
        Mistake("ignores_priors",
                "compare the likelihood ratio with the ratio of priors P(c0) / P(c1), not with 1.",
                lambda X, model: _lrt(X, model, 0.0)),
        Mistake("booleans_not_labels",
                "return the class labels from model['classes'], not the True/False of the comparison: "
                "True and False equal the labels only when the classes happen to be 0 and 1.",
                lambda X, model: _lrt(X, {**model, "classes": np.array([False, True])},
                                      np.log(model["priors"][0]) - np.log(model["priors"][1]))),
    ),
)


# --- sample_classes(model, n_samples, random_state) ---------------------------------------------

def _sample_model(rng, k=2, d=2):
    priors = rng.dirichlet(np.full(k, 2.0))
    return {"classes": np.arange(k), "priors": priors, "means": np.round(rng.normal(size=(k, d)) * 3, 2),
            "covariances": np.array([_spd(rng, d) for _ in range(k)])}


def _sample_variant(model, n_samples, random_state, *, uniform=False, mode="cholesky"):
    rng = np.random.default_rng(random_state)
    priors, means = np.asarray(model["priors"]), np.asarray(model["means"], float)
    covs = np.asarray(model["covariances"], float)
    k = rng.choice(len(priors), size=n_samples, p=None if uniform else priors)
    z = rng.standard_normal((n_samples, means.shape[1]))
    mats = {"cholesky": np.linalg.cholesky(covs), "covariance": covs,
            "transposed": np.transpose(np.linalg.cholesky(covs), (0, 2, 1))}[mode]
    return means[k] + np.einsum("nij,nj->ni", mats[k], z), np.asarray(model["classes"])[k]


SAMPLE_CLASSES = Exercise(
    id="discriminative.sample_classes",
    arg_names=("model", "n_samples", "random_state"),
    reference=ref.sample_classes,
    visible_cases=lambda rng: [(_sample_model(rng), 6, 0), (_sample_model(rng, k=3), 8, 1),
                               (_sample_model(rng, d=3), 5, 42)],
    hidden_cases=lambda rng: [(_sample_model(rng), 7, 3), (_sample_model(rng, k=3, d=1), 6, 11),
                              (_sample_model(rng, d=2), 9, 2026)],
    mistakes=(
        Mistake("covariance_not_cholesky",
                "multiplying by the covariance gives covariance S S^T = S^2. The standard normal draws "
                "need a square root of S: a matrix L with L L^T = S, such as its Cholesky factor.",
                lambda m, n, s: _sample_variant(m, n, s, mode="covariance")),
        Mistake("ignores_priors",
                "each point's class is drawn with the prior probabilities, so a class with prior 0.8 gets "
                "about 80% of the points; yours draws every class equally often.",
                lambda m, n, s: _sample_variant(m, n, s, uniform=True)),
        Mistake("cholesky_transposed",
                "you multiplied the draws by the transpose of the Cholesky factor: L^T z has covariance "
                "L^T L, which is not S. It is L z whose covariance is L L^T = S.",
                lambda m, n, s: _sample_variant(m, n, s, mode="transposed")),
    ),
)
