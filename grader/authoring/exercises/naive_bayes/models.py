"""Notebook 02, the models: fitting, scoring in log space, predicting, evaluating."""

from __future__ import annotations

import numpy as np

from genlab.reference import naive_bayes as ref
from grader.authoring.exercises.naive_bayes.common import WORDS
from grader.authoring.schema import Exercise, Mistake

# --- fit_multinomial(X, y, alpha) / fit_bernoulli(X, y, alpha) -------------------------------------

def _Xy(rng, n=None, v=None, high=4):
    n = int(rng.integers(4, 9)) if n is None else n
    v = int(rng.integers(3, 7)) if v is None else v
    X = rng.integers(0, high, size=(n, v)) * (rng.random((n, v)) < 0.6)
    y = rng.permutation(np.arange(n) % 2)
    X[y == 1, 0] = 0  # a word never seen in spam: the zero-count problem
    return X.astype(np.int64), y.astype(np.int64)


def _fit_cases(rng, count):
    return [_Xy(rng) + (float(rng.choice([0.5, 1.0, 2.0])),) for _ in range(count)]


TOY_X = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0], [1, 0, 1, 0],
                  [1, 0, 1, 0], [1, 0, 0, 1], [1, 1, 0, 1], [1, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 1]])
TOY_Y = np.array([0] * 8 + [1] * 4)


def _multinomial(X, y, alpha, *, denominator_alpha=None, prior_from_words=False):
    X, y = np.asarray(X, float), np.asarray(y)
    classes = np.unique(y)
    counts = np.array([X[y == c].sum(axis=0) for c in classes]) + alpha
    total = counts.sum(axis=1, keepdims=True)
    if denominator_alpha is not None:
        total = total - alpha * X.shape[1] + denominator_alpha
    n_docs = np.array([(y == c).sum() for c in classes], float)
    prior = np.array([X[y == c].sum() for c in classes]) if prior_from_words else n_docs
    with np.errstate(divide="ignore"):
        flp = np.log(counts) - np.log(total)
    return {"kind": "multinomial", "classes": classes, "class_log_prior": np.log(prior / prior.sum()),
            "feature_log_prob": flp}


def _over_classes(X, y, alpha, kind):
    """Smoothed counts normalised over the classes (each word's column sums to 1), in logs."""
    X, y = np.asarray(X, float), np.asarray(y)
    if kind == "bernoulli":
        X = (X > 0).astype(float)
    classes = np.unique(y)
    counts = np.array([X[y == c].sum(axis=0) for c in classes]) + alpha
    n_docs = np.array([(y == c).sum() for c in classes], float)
    with np.errstate(divide="ignore", invalid="ignore"):
        flp = np.log(counts) - np.log(counts.sum(axis=0, keepdims=True))
    return {"kind": kind, "classes": classes, "class_log_prior": np.log(n_docs / n_docs.sum()),
            "feature_log_prob": flp}


def _seen_in_class(X, y, alpha):
    X, y = np.asarray(X, float), np.asarray(y)
    seen = np.array([(X[y == c].sum(axis=0) > 0).sum() for c in np.unique(y)], float)[:, None]
    return _multinomial(X, y, alpha, denominator_alpha=alpha * seen)


def _exp_probs(model):
    return {**model, "feature_log_prob": np.exp(model["feature_log_prob"]),
            "class_log_prior": np.exp(model["class_log_prior"])}


FIT_MULTINOMIAL = Exercise(
    id="naive_bayes.fit_multinomial",
    arg_names=("X", "y", "alpha"),
    reference=ref.fit_multinomial,
    visible_cases=lambda rng: [(TOY_X, TOY_Y, 1.0), (TOY_X, TOY_Y, 0.0)] + _fit_cases(rng, 3),
    hidden_cases=lambda rng: [(TOY_X, TOY_Y, 0.5)] + _fit_cases(rng, 4),
    mistakes=(
        Mistake("no_smoothing",
                "add alpha to every word count, (N_cw + alpha) / (N_c + alpha * n_features). Without "
                "it a word never seen in a class gets probability 0, and one such word vetoes the class.",
                lambda X, y, alpha: _multinomial(X, y, 0.0)),
        Mistake("alpha_missing_from_denominator",
                "after adding alpha to each of the n_features counts, the total grows by "
                "alpha * n_features; divide by N_c + alpha * n_features so each row sums to 1.",
                lambda X, y, alpha: _multinomial(X, y, alpha, denominator_alpha=alpha)),
        Mistake("prior_from_word_counts",
                "the prior P(c) is the fraction of *documents* in class c, not the fraction of words.",
                lambda X, y, alpha: _multinomial(X, y, alpha, prior_from_words=True)),
        Mistake("probabilities_not_logs",
                "store log-probabilities, not probabilities, in class_log_prior and feature_log_prob.",
                lambda X, y, alpha: _exp_probs(ref.fit_multinomial(X, y, alpha))),
        Mistake("normalised_over_classes",
                "P(w | c) is a distribution over the words of class c, so each class's row sums to 1 "
                "over the vocabulary; yours makes each word's column sum to 1 over the classes.",
                lambda X, y, alpha: _over_classes(X, y, alpha, "multinomial")),
        Mistake("vocabulary_size_is_documents",
                "the denominator adds alpha once per vocabulary word (one pseudo-count per column of X); "
                "you used the number of documents (the rows) as the vocabulary size.",
                lambda X, y, alpha: _multinomial(X, y, alpha, denominator_alpha=alpha * len(X))),
        Mistake("vocabulary_seen_in_class",
                "alpha is added to every vocabulary word, also to those never seen in the class, so the "
                "denominator grows by alpha times the whole vocabulary size, not only the words the "
                "class uses.", _seen_in_class),
    ),
)


def _bernoulli(X, y, alpha, *, denominator=2.0, vocabulary=False):
    X, y = np.asarray(X, float), np.asarray(y)
    classes = np.unique(y)
    n_docs = np.array([(y == c).sum() for c in classes], float)
    present = np.array([X[y == c].sum(axis=0) for c in classes]) + alpha
    with np.errstate(divide="ignore", invalid="ignore"):
        denominator = X.shape[1] if vocabulary else denominator
        flp = np.log(present) - np.log(n_docs + denominator * alpha)[:, None]
    return {"kind": "bernoulli", "classes": classes, "class_log_prior": np.log(n_docs / n_docs.sum()),
            "feature_log_prob": flp}


FIT_BERNOULLI = Exercise(
    id="naive_bayes.fit_bernoulli",
    arg_names=("X", "y", "alpha"),
    reference=ref.fit_bernoulli,
    visible_cases=lambda rng: [(TOY_X * np.arange(1, 13)[:, None] % 3 + TOY_X, TOY_Y, 1.0)]
    + _fit_cases(rng, 3),
    hidden_cases=lambda rng: [(TOY_X, TOY_Y, 1.0)] + _fit_cases(rng, 4),
    mistakes=(
        Mistake("counts_not_presence",
                "Bernoulli NB models whether a word is present, so count the documents that contain "
                "it, not how many times it occurs in them.",
                lambda X, y, alpha: _bernoulli(X, y, alpha)),
        Mistake("one_alpha_in_denominator",
                "each word has two outcomes (present, absent), each getting alpha pseudo-documents: "
                "divide by D_c + 2 * alpha.",
                lambda X, y, alpha: _bernoulli(np.asarray(X) > 0, y, alpha, denominator=1.0)),
        Mistake("no_smoothing",
                "add alpha: p = (D_cw + alpha) / (D_c + 2 * alpha), so no word gets probability exactly "
                "0 or 1.",
                lambda X, y, alpha: _bernoulli(np.asarray(X) > 0, y, 0.0)),
        Mistake("multinomial_estimate",
                "this is the multinomial estimate. In the Bernoulli model each word has its own "
                "present/absent probability: (documents of c containing w + alpha) / (D_c + 2 alpha).",
                lambda X, y, alpha: {**ref.fit_multinomial(np.asarray(X) > 0, y, alpha), "kind": "bernoulli"}),
        Mistake("probabilities_not_logs",
                "store log-probabilities in class_log_prior and feature_log_prob, as their names say: "
                "the log-joint adds them up.",
                lambda X, y, alpha: _exp_probs(ref.fit_bernoulli(X, y, alpha))),
        Mistake("normalised_over_classes",
                "p_cw is the probability that a document of class c contains w, estimated from class c "
                "alone; yours shares each word's counts out over the classes so that they sum to 1.",
                lambda X, y, alpha: _over_classes(X, y, alpha, "bernoulli")),
        Mistake("vocabulary_size_in_denominator",
                "that is the multinomial's denominator. Here each word has only two outcomes, present or "
                "absent, and each gets alpha pseudo-documents, whatever the size of the vocabulary.",
                lambda X, y, alpha: _bernoulli(np.asarray(X) > 0, y, alpha, vocabulary=True)),
    ),
)


# --- multinomial_log_joint(model, X) / bernoulli_log_joint(model, X) -------------------------------

def _model_and_X(rng, fit, long_email=False):
    X_train, y = _Xy(rng, n=8)
    model = fit(X_train, y, float(rng.choice([0.5, 1.0])))
    X = rng.integers(0, 4, size=(int(rng.integers(2, 5)), X_train.shape[1]))
    if long_email:
        X[-1] = rng.integers(300, 600, size=X_train.shape[1])  # thousands of words: the product underflows
    return model, X.astype(np.int64)


def _multiplied(model, X):
    p, prior = np.exp(model["feature_log_prob"]), np.exp(model["class_log_prior"])
    with np.errstate(divide="ignore", under="ignore"):
        products = np.prod(p[None, :, :] ** np.asarray(X, float)[:, None, :], axis=2)
        return np.log(prior * products)


def _no_prior(model, X):
    return ref.joint_log_likelihood({**model, "class_log_prior": np.zeros_like(model["class_log_prior"])}, X)


MULTINOMIAL_LOG_JOINT = Exercise(
    id="naive_bayes.multinomial_log_joint",
    arg_names=("model", "X"),
    reference=ref.multinomial_log_joint,
    visible_cases=lambda rng: [(ref.fit_multinomial(TOY_X, TOY_Y, 1.0), np.array([[1, 1, 0, 0], [0, 0, 1, 3]])),
                               _model_and_X(rng, ref.fit_multinomial),
                               _model_and_X(rng, ref.fit_multinomial, long_email=True)],
    hidden_cases=lambda rng: [_model_and_X(rng, ref.fit_multinomial),
                              _model_and_X(rng, ref.fit_multinomial, long_email=True),
                              (ref.fit_multinomial(TOY_X, TOY_Y, 0.5), np.array([[0, 0, 0, 0], [900, 700, 300, 500]]))],
    mistakes=(
        Mistake("prior_left_out",
                "add the log prior, log P(c), to each class's sum: P(x, c) = P(c) * prod_w P(w | c)^x_w.",
                _no_prior),
        Mistake("multiplied_outside_log_space",
                "on a long email the product of thousands of probabilities underflows to 0 and its log is "
                "-inf. Never form the product: the log of a product is a sum of logs, weighted by the counts.",
                _multiplied),
        Mistake("presence_not_counts",
                "a word that occurs x_w times contributes x_w * log P(w | c): use the counts, not 0/1.",
                lambda model, X: ref.multinomial_log_joint(model, (np.asarray(X) > 0).astype(float))),
        Mistake("probabilities_not_logs",
                "this is P(x, c) itself; return its logarithm. On a long email the probability "
                "underflows to 0, while the log stays a usable number.",
                lambda model, X: np.exp(ref.multinomial_log_joint(model, X))),
    ),
)


def _bernoulli_present_only(model, X):
    b = (np.asarray(X) > 0).astype(float)
    return b @ np.asarray(model["feature_log_prob"]).T + model["class_log_prior"]


BERNOULLI_LOG_JOINT = Exercise(
    id="naive_bayes.bernoulli_log_joint",
    arg_names=("model", "X"),
    reference=ref.bernoulli_log_joint,
    visible_cases=lambda rng: [(ref.fit_bernoulli(TOY_X, TOY_Y, 1.0), np.array([[1, 1, 0, 0], [0, 0, 2, 3]])),
                               _model_and_X(rng, ref.fit_bernoulli), _model_and_X(rng, ref.fit_bernoulli)],
    hidden_cases=lambda rng: [_model_and_X(rng, ref.fit_bernoulli), _model_and_X(rng, ref.fit_bernoulli),
                              (ref.fit_bernoulli(TOY_X, TOY_Y, 0.5), np.array([[0, 0, 0, 0], [5, 0, 1, 0]]))],
    mistakes=(
        Mistake("no_absent_word_term",
                "in the Bernoulli model an absent word is evidence too: add (1 - b_w) * log(1 - p_cw) "
                "for every vocabulary word the email does not contain.",
                _bernoulli_present_only),
        Mistake("counts_not_presence",
                "the Bernoulli model only sees whether a word is present, whatever its count: a word "
                "seen 3 times counts once.",
                lambda model, X: ref.xlogy_matmul(np.asarray(X, float), model["feature_log_prob"])
                + ref.xlogy_matmul(1.0 - np.asarray(X, float), np.log1p(-np.exp(model["feature_log_prob"])))
                + model["class_log_prior"]),
        Mistake("prior_left_out",
                "add the log prior, log P(c), to each class's sum.",
                _no_prior),
        Mistake("probabilities_not_logs",
                "this is P(b, c) itself; return its logarithm, as the function's name says.",
                lambda model, X: np.exp(ref.bernoulli_log_joint(model, X))),
    ),
)


# --- predict_log_proba(model, X) --------------------------------------------------------------

def _naive_normalise(model, X):
    joint = ref.joint_log_likelihood(model, X)
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        return joint - np.log(np.sum(np.exp(joint), axis=1, keepdims=True))


def _normalised_outside_logs(model, X):
    joint = np.exp(ref.joint_log_likelihood(model, X))
    with np.errstate(divide="ignore", invalid="ignore", under="ignore"):
        return np.log(joint / joint.sum(axis=1, keepdims=True))


def _proba_cases(rng):
    return [_model_and_X(rng, ref.fit_bernoulli), _model_and_X(rng, ref.fit_multinomial, long_email=True)]


PREDICT_LOG_PROBA = Exercise(
    id="naive_bayes.predict_log_proba",
    arg_names=("model", "X"),
    reference=ref.predict_log_proba,
    visible_cases=lambda rng: [(ref.fit_multinomial(TOY_X, TOY_Y, 1.0), np.array([[1, 1, 0, 0], [0, 0, 1, 3]]))]
    + _proba_cases(rng),
    hidden_cases=lambda rng: _proba_cases(rng)
    + [(ref.fit_bernoulli(TOY_X, TOY_Y, 2.0), np.array([[1, 0, 0, 1], [0, 0, 0, 0]]))],
    mistakes=(
        Mistake("not_normalised",
                "these are log P(x, c). Subtract log P(x) = logsumexp over the classes, row by row, so "
                "that the exponentials of each row sum to 1.",
                lambda model, X: ref.joint_log_likelihood(model, X)),
        Mistake("normalised_over_documents",
                "normalise each row (one email, over the classes), not each column (one class, over the emails).",
                lambda model, X: ref.log_normalize(ref.joint_log_likelihood(model, X).T).T),
        Mistake("exp_before_normalising",
                "the exponential of a log-joint near -2000 is 0, so the log of the sum is -inf and the result is "
                "infinite or nan. "
                "Subtract each row's maximum before exponentiating (the logsumexp trick).",
                _naive_normalise),
        Mistake("ignores_kind",
                "use model['kind'] to pick the Bernoulli or the multinomial log-joint.",
                lambda model, X: ref.log_normalize(ref.multinomial_log_joint(model, X))),
        Mistake("probabilities_not_logs",
                "these are the probabilities P(c | x); predict_log_proba returns their logarithms.",
                lambda model, X: np.exp(ref.predict_log_proba(model, X))),
        Mistake("normalised_outside_log_space",
                "on a long email every P(x, c) underflows to 0, so dividing by their sum is 0/0 = nan. "
                "Normalise in log space: subtract log P(x), computed with the logsumexp trick.",
                _normalised_outside_logs),
    ),
)


# --- binary_metrics(y_true, y_pred) -----------------------------------------------------------

def _swap_pr(y_true, y_pred):
    m = ref.binary_metrics(y_true, y_pred)
    return {**m, "precision": m["recall"], "recall": m["precision"]}


def _metric_cases(rng, count):
    cases = []
    for _ in range(count):
        n = int(rng.integers(6, 15))
        y_true = rng.integers(0, 2, n)
        y_pred = np.where(rng.random(n) < 0.7, y_true, 1 - y_true)
        cases.append((y_true.astype(np.int64), y_pred.astype(np.int64)))
    return cases


def _unguarded(y_true, y_pred):
    m = ref.binary_metrics(y_true, y_pred)
    (_, fp), (fn, tp) = m["confusion"]
    return {**m, "precision": tp / (tp + fp) if tp + fp else np.nan, "recall": tp / (tp + fn) if tp + fn else np.nan}


BINARY_METRICS = Exercise(
    id="naive_bayes.binary_metrics",
    arg_names=("y_true", "y_pred"),
    reference=ref.binary_metrics,
    visible_cases=lambda rng: [(np.array([1, 1, 1, 1, 0, 0, 0, 0, 0, 0]), np.array([1, 1, 1, 0, 1, 1, 0, 0, 0, 0])),
                               (np.array([0, 0, 1]), np.array([0, 0, 0])),    # nothing flagged: precision 0/0
                               (np.array([0, 0, 0, 0]), np.array([0, 1, 0, 0]))]  # no spam: recall 0/0
    + _metric_cases(rng, 2),
    hidden_cases=lambda rng: [(np.array([1, 0, 1, 1, 0, 0, 0]), np.array([1, 0, 0, 0, 1, 0, 0])),
                              (np.array([1, 0, 0, 1, 0]), np.array([0, 0, 0, 0, 0])),
                              (np.array([0, 0, 0]), np.array([0, 0, 1]))] + _metric_cases(rng, 3),
    mistakes=(
        Mistake("precision_recall_swapped",
                "precision = TP / (TP + FP) is the share of flagged emails that are spam; recall = "
                "TP / (TP + FN) is the share of spam that gets caught.",
                _swap_pr),
        Mistake("confusion_transposed",
                "rows of the confusion matrix are the true class and columns the predicted class: "
                "confusion[1, 0] counts spam that got through (false negatives).",
                lambda y_true, y_pred: {**ref.binary_metrics(y_true, y_pred),
                                        "confusion": ref.binary_metrics(y_true, y_pred)["confusion"].T}),
        Mistake("ham_as_positive",
                "spam (label 1) is the positive class; you computed precision and recall for ham.",
                lambda y_true, y_pred: {**ref.binary_metrics(1 - np.asarray(y_true), 1 - np.asarray(y_pred)),
                                        "confusion": ref.binary_metrics(y_true, y_pred)["confusion"]}),
        Mistake("no_zero_division_guard",
                "when nothing is flagged as spam (or there is no spam), TP + FP (or TP + FN) is 0: "
                "the docstring's convention is 0 there, not 0/0 = nan.", _unguarded),
        Mistake("accuracy_as_count",
                "accuracy is the share of correct predictions, between 0 and 1: divide by n.",
                lambda t, p: {**ref.binary_metrics(t, p), "accuracy": float(np.sum(np.asarray(t) == p))}),
    ),
)


# --- top_spam_words(model, vocabulary, k) ----------------------------------------------------------

def _top_cases(rng, count):
    cases = []
    while len(cases) < count:
        v = int(rng.integers(5, 9))
        model = ref.fit_multinomial(*_Xy(rng, n=10, v=v), 1.0)
        log_odds = model["feature_log_prob"][1] - model["feature_log_prob"][0]
        if len(np.unique(np.round(log_odds, 9))) < v:  # ties would make the order ambiguous
            continue
        vocab = sorted(str(w) for w in rng.choice(WORDS, size=v, replace=False))
        cases.append((model, vocab, int(rng.integers(1, 4))))
    return cases


def _by_spam_probability(model, vocabulary, k):
    order = np.argsort(-np.asarray(model["feature_log_prob"])[1], kind="stable")
    return [vocabulary[j] for j in order[:k]]


TOY_VOCAB = ["dear", "friend", "lunch", "money"]

TOP_SPAM_WORDS = Exercise(
    id="naive_bayes.top_spam_words",
    arg_names=("model", "vocabulary", "k"),
    reference=ref.top_words,
    visible_cases=lambda rng: [(ref.fit_multinomial(TOY_X * [[3, 1, 1, 1]], TOY_Y, 1.0), TOY_VOCAB, 2)]
    + _top_cases(rng, 3),
    hidden_cases=lambda rng: [(ref.fit_multinomial(TOY_X * [[4, 1, 1, 2]], TOY_Y, 0.5), TOY_VOCAB, 3)]
    + _top_cases(rng, 3),
    mistakes=(
        Mistake("ranks_by_spam_probability",
                "a word common in spam may be just as common in ham ('dear'). Rank by the log-odds "
                "log P(w | spam) - log P(w | ham), which says how much the word favours spam.",
                _by_spam_probability),
        Mistake("ham_words",
                "these are the words that favour ham; sort the log-odds from largest to smallest.",
                lambda model, vocabulary, k: ref.top_words(
                    {"feature_log_prob": np.asarray(model["feature_log_prob"])[::-1]}, vocabulary, k)),
        Mistake("smallest_first",
                "these are the right words in reverse order: list the largest log-odds first.",
                lambda model, vocabulary, k: ref.top_words(model, vocabulary, k)[::-1]),
    ),
)
