"""Exercises of notebook 01, generative vs discriminative classifiers."""

from __future__ import annotations

import numpy as np

from genlab.reference import discriminative as ref
from grader.authoring.schema import Exercise, Mistake

NOTES_X, NOTES_Y = [1, 1, 2, 2], [0, 0, 0, 1]  # the notes' data {(1,0), (1,0), (2,0), (2,1)}


# --- joint_table(x, y) / conditional_table(x, y) ------------------------------------------------

def _pair_cases(rng, count):
    cases = []
    for _ in range(count):
        n = int(rng.integers(5, 13))
        x = rng.integers(1, int(rng.integers(3, 5)), size=n)
        y = rng.integers(0, int(rng.integers(2, 4)), size=n)
        cases.append((x.tolist(), y.tolist()))
    return cases


def _counts(x, y):
    return ref.joint_table(x, y) * len(x)


JOINT_TABLE = Exercise(
    id="discriminative.joint_table",
    arg_names=("x", "y"),
    reference=ref.joint_table,
    visible_cases=lambda rng: [(NOTES_X, NOTES_Y), ([1, 2, 3, 3, 1, 2], [0, 0, 1, 1, 1, 0])] + _pair_cases(rng, 3),
    hidden_cases=lambda rng: [([5, 5, 5], [1, 0, 1]), ([0, 1, 2, 0], [2, 2, 2, 3])] + _pair_cases(rng, 4),
    mistakes=(
        Mistake("counts_not_probabilities",
                "these are counts; divide by the number of pairs so the table sums to 1.",
                _counts),
        Mistake("conditional_not_joint",
                "each row sums to 1: that is p(y | x). The joint table divides every count by the total "
                "number of pairs, so the whole table sums to 1.",
                ref.conditional_table),
        Mistake("transposed",
                "rows are the values of x and columns the values of y.",
                lambda x, y: ref.joint_table(x, y).T),
    ),
)

CONDITIONAL_TABLE = Exercise(
    id="discriminative.conditional_table",
    arg_names=("x", "y"),
    reference=ref.conditional_table,
    visible_cases=lambda rng: [(NOTES_X, NOTES_Y), ([1, 2, 3, 3, 1, 2], [0, 0, 1, 1, 1, 0])] + _pair_cases(rng, 3),
    hidden_cases=lambda rng: [([5, 5, 5], [1, 0, 1]), ([0, 1, 2, 0], [2, 2, 3, 3])] + _pair_cases(rng, 4),
    mistakes=(
        Mistake("joint_not_conditional",
                "this is the joint p(x, y). Divide each row by its sum p(x), so each row sums to 1.",
                ref.joint_table),
        Mistake("normalised_over_x",
                "each column sums to 1: that is p(x | y). p(y | x) normalises each row (one value of x).",
                lambda x, y: ref.joint_table(x, y) / ref.joint_table(x, y).sum(axis=0, keepdims=True)),
        Mistake("transposed",
                "rows are the values of x and columns the values of y.",
                lambda x, y: ref.conditional_table(x, y).T),
    ),
)


# --- fit_gaussian_classes(X, y) -------------------------------------------------------------

def _labelled(rng, n=None, d=None, k=2):
    n = int(rng.integers(7, 13)) if n is None else n
    d = int(rng.integers(1, 4)) if d is None else d
    y = np.arange(n) % k
    y = y[rng.permutation(n)]
    if rng.random() < 0.5:
        unequal = y.copy()
        unequal[:2] = 0  # unequal class sizes, unless a class would keep fewer than 2 points
        if np.bincount(unequal, minlength=k).min() >= 2:
            y = unequal
    X = np.round(rng.normal(size=(n, d)) + 2.0 * y[:, None], 3)
    return X, y.astype(np.int64)


def _fit(X, y, *, ddof=0, uniform=False, pooled=False):
    X, y = np.asarray(X, float), np.asarray(y)
    classes = np.unique(y)
    counts = np.array([np.sum(y == c) for c in classes], float)
    means = np.array([X[y == c].mean(axis=0) for c in classes])
    if pooled:
        centred = X - X.mean(axis=0)
        covariances = np.array([centred.T @ centred / len(X)] * len(classes))
    else:
        covariances = np.array([(X[y == c] - m).T @ (X[y == c] - m) / (n - ddof)
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
                "not n_k - 1 (np.cov divides by n_k - 1 unless you pass bias=True).",
                lambda X, y: _fit(X, y, ddof=1)),
        Mistake("uniform_prior",
                "the prior of a class is its share of the training points, n_k / n, not 1 / K.",
                lambda X, y: _fit(X, y, uniform=True)),
        Mistake("pooled_covariance",
                "estimate one covariance per class from that class's points only, around the class mean.",
                lambda X, y: _fit(X, y, pooled=True)),
    ),
)


# --- gaussian_log_pdf(X, mean, covariance) ---------------------------------------------------

def _spd(rng, d):
    A = rng.normal(size=(d, d))
    return np.round(A @ A.T + 0.5 * np.eye(d), 3)


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
                "these are log p(x, c); subtract log p(x) = logsumexp over the classes so each row of "
                "np.exp(result) sums to 1.",
                ref.class_log_joint),
        Mistake("exp_before_normalising",
                "far from every class both densities underflow to 0 and you get 0/0 = nan. Subtract each "
                "row's maximum before exponentiating (the logsumexp trick).",
                _naive_posterior),
    ),
)


# --- lrt_predict(X, model) -----------------------------------------------------------------

def _lrt_case(rng):
    """Points on the line through the two means, dense enough that the three thresholds
    (log prior ratio, 0, and its negative) give three different labellings."""
    while True:
        model = _model(rng)
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
    visible_cases=lambda rng: [_lrt_case(rng) for _ in range(3)],
    hidden_cases=lambda rng: [_lrt_case(rng) for _ in range(4)],
    mistakes=(
        Mistake("threshold_inverted",
                "decide class 1 when p(x | c1) / p(x | c0) > P(c0) / P(c1): the prior of the *other* class "
                "goes on top. A rare class 1 needs stronger evidence.",
                lambda X, model: _lrt(X, model, np.log(model["priors"][1]) - np.log(model["priors"][0]))),
        Mistake("ignores_priors",
                "compare the likelihood ratio with the ratio of priors P(c0) / P(c1), not with 1.",
                lambda X, model: _lrt(X, model, 0.0)),
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
                "multiplying by the covariance gives covariance S S^T = S^2. Multiply the standard normal "
                "draws by a square root L of S, L = np.linalg.cholesky(S), so that L L^T = S.",
                lambda m, n, s: _sample_variant(m, n, s, mode="covariance")),
        Mistake("ignores_priors",
                "draw the class with the prior probabilities: rng.choice(K, size=n_samples, p=priors).",
                lambda m, n, s: _sample_variant(m, n, s, uniform=True)),
        Mistake("cholesky_transposed",
                "use X[i] = means[y[i]] + L @ z[i] with the lower-triangular L from np.linalg.cholesky; "
                "L.T @ z[i] has covariance L^T L, which is not S.",
                lambda m, n, s: _sample_variant(m, n, s, mode="transposed")),
    ),
)


# --- fit_logistic_regression(X, y, learning_rate, n_iter) ---------------------------------------

def _gd(X, y, learning_rate, n_iter, *, sign=1.0, bias=True, mean=True):
    X, y = np.asarray(X, float), np.asarray(y, float)
    w, b = np.zeros(X.shape[1]), 0.0
    scale = len(y) if mean else 1.0
    for _ in range(int(n_iter)):
        error = ref.sigmoid(X @ w + b) - y
        w = w - sign * learning_rate * (X.T @ error) / scale
        if bias:
            b = b - sign * learning_rate * float(error.sum()) / scale
    return w, b


def _lr_cases(rng, count):
    cases = []
    for _ in range(count):
        X, y = _labelled(rng, n=int(rng.integers(6, 11)), d=int(rng.integers(1, 3)))
        cases.append((X - 1.0, y, float(rng.choice([0.1, 0.5, 1.0])), int(rng.integers(5, 30))))
    return cases


FIT_LOGISTIC_REGRESSION = Exercise(
    id="discriminative.fit_logistic_regression",
    arg_names=("X", "y", "learning_rate", "n_iter"),
    reference=ref.fit_logistic_regression,
    visible_cases=lambda rng: [(np.array([[0.0, 1.0], [1.0, 0.5], [2.0, 2.5], [3.0, 2.0]]), np.array([0, 0, 1, 1]),
                                0.5, 3), (np.array([[1.0], [2.0], [3.0]]), np.array([1, 0, 1]), 0.1, 0)]
    + _lr_cases(rng, 3),
    hidden_cases=lambda rng: [(np.array([[-1.0, 0.0], [0.0, 1.0], [1.0, 0.0]]), np.array([1, 1, 1]), 1.0, 4)]
    + _lr_cases(rng, 3),
    rtol=1e-6, atol=1e-9,
    mistakes=(
        Mistake("gradient_ascent",
                "step *against* the gradient of the loss: w = w - learning_rate * gradient.",
                lambda X, y, lr, n: _gd(X, y, lr, n, sign=-1.0)),
        Mistake("no_bias",
                "update the bias b too, with the gradient mean(p - y); without it the boundary must pass "
                "through the origin.",
                lambda X, y, lr, n: _gd(X, y, lr, n, bias=False)),
        Mistake("sum_not_mean",
                "the loss is the *mean* cross-entropy: divide the summed gradient by the number of points.",
                lambda X, y, lr, n: _gd(X, y, lr, n, mean=False)),
    ),
)


# --- map_estimate(k, n, a, b) -----------------------------------------------------------------

def _map_cases(rng, count):
    cases = []
    for _ in range(count):
        n = int(rng.integers(1, 60))
        cases.append((int(rng.integers(0, n + 1)), n, float(rng.integers(1, 6)), float(rng.integers(1, 9))))
    return cases


MAP_ESTIMATE = Exercise(
    id="discriminative.map_estimate",
    arg_names=("k", "n", "a", "b"),
    reference=ref.map_estimate,
    visible_cases=lambda rng: [(3, 10, 2.0, 5.0), (0, 4, 2.0, 2.0), (7, 7, 3.0, 1.0)] + _map_cases(rng, 3),
    hidden_cases=lambda rng: [(0, 0, 2.0, 3.0), (5, 20, 1.0, 1.0)] + _map_cases(rng, 4),
    mistakes=(
        Mistake("posterior_mean",
                "(k + a) / (n + a + b) is the posterior *mean*. MAP takes the posterior's mode: "
                "(k + a - 1) / (n + a + b - 2).",
                lambda k, n, a, b: (k + a) / (n + a + b)),
        Mistake("mle",
                "k / n is the maximum-likelihood estimate; MAP adds the prior's pseudo-counts a - 1 and b - 1.",
                lambda k, n, a, b: k / n if n else float("nan")),
        Mistake("prior_swapped",
                "a counts pseudo-emails *with* the word (added to k) and b pseudo-emails without it.",
                lambda k, n, a, b: (k + b - 1) / (n + a + b - 2)),
    ),
)

EXERCISES = [JOINT_TABLE, CONDITIONAL_TABLE, FIT_GAUSSIAN_CLASSES, GAUSSIAN_LOG_PDF, CLASS_LOG_POSTERIOR,
             LRT_PREDICT, SAMPLE_CLASSES, FIT_LOGISTIC_REGRESSION, MAP_ESTIMATE]
