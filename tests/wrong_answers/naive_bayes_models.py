"""Wrong answers for notebook 02: fitting and scoring the multinomial and Bernoulli models."""

from __future__ import annotations

import numpy as np

from . import Corpus

WRONG = Corpus()


def _by_class(X, y):
    X, y = np.asarray(X, float), np.asarray(y)
    classes = np.unique(y)
    return X, y, classes, np.array([X[y == c].sum(axis=0) for c in classes]), np.array([np.sum(y == c) for c in classes])


def _model(kind, classes, prior, flp):
    return {"kind": kind, "classes": classes, "class_log_prior": prior, "feature_log_prob": flp}


def _log(a):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.log(a)


# --- fit_multinomial(X, y, alpha) -----------------------------------------------------------

@WRONG("naive_bayes.fit_multinomial", "no smoothing: alpha never added")
def multinomial_no_smoothing(X, y, alpha=1.0):
    X, y, classes, wc, nd = _by_class(X, y)
    return _model("multinomial", classes, np.log(nd / nd.sum()), _log(wc / wc.sum(axis=1, keepdims=True)))


@WRONG("naive_bayes.fit_multinomial", "alpha on top only, not alpha·|V| below")
def multinomial_alpha_on_top_only(X, y, alpha=1.0):
    X, y, classes, wc, nd = _by_class(X, y)
    return _model("multinomial", classes, np.log(nd / nd.sum()), _log((wc + alpha) / wc.sum(axis=1, keepdims=True)))


@WRONG("naive_bayes.fit_multinomial", "one alpha below instead of alpha·|V|")
def multinomial_one_alpha_below(X, y, alpha=1.0):
    X, y, classes, wc, nd = _by_class(X, y)
    return _model("multinomial", classes, np.log(nd / nd.sum()),
                  _log((wc + alpha) / (wc.sum(axis=1, keepdims=True) + alpha)))


@WRONG("naive_bayes.fit_multinomial", "the prior from each class's number of words")
def multinomial_prior_from_words(X, y, alpha=1.0):
    X, y, classes, wc, nd = _by_class(X, y)
    s = wc + alpha
    return _model("multinomial", classes, np.log(wc.sum(1) / wc.sum()), _log(s / s.sum(axis=1, keepdims=True)))


@WRONG("naive_bayes.fit_multinomial", "P(w | c) itself, not its log")
def multinomial_probabilities(X, y, alpha=1.0):
    X, y, classes, wc, nd = _by_class(X, y)
    s = wc + alpha
    return _model("multinomial", classes, np.log(nd / nd.sum()), s / s.sum(axis=1, keepdims=True))


@WRONG("naive_bayes.fit_multinomial", "normalised over the classes (each word's column sums to 1)")
def multinomial_over_classes(X, y, alpha=1.0):
    X, y, classes, wc, nd = _by_class(X, y)
    s = wc + alpha
    return _model("multinomial", classes, np.log(nd / nd.sum()), _log(s / s.sum(axis=0, keepdims=True)))


@WRONG("naive_bayes.fit_multinomial", "alpha times the number of documents below, not the vocabulary size")
def multinomial_alpha_times_documents(X, y, alpha=1.0):
    X, y, classes, wc, nd = _by_class(X, y)
    return _model("multinomial", classes, np.log(nd / nd.sum()),
                  _log((wc + alpha) / (wc.sum(axis=1, keepdims=True) + alpha * len(y))))


@WRONG("naive_bayes.fit_multinomial", "the class prior left as a probability, not a log")
def multinomial_prior_not_log(X, y, alpha=1.0):
    X, y, classes, wc, nd = _by_class(X, y)
    s = wc + alpha
    return _model("multinomial", classes, nd / nd.sum(), _log(s / s.sum(axis=1, keepdims=True)))


# --- fit_bernoulli(X, y, alpha) -------------------------------------------------------------

def _docs(X, y):
    return _by_class((np.asarray(X) > 0).astype(float), y)


@WRONG("naive_bayes.fit_bernoulli", "word counts instead of the number of documents with the word")
def bernoulli_counts(X, y, alpha=1.0):
    X, y, classes, wc, nd = _by_class(X, y)
    return _model("bernoulli", classes, np.log(nd / nd.sum()), _log((wc + alpha) / (nd + 2 * alpha)[:, None]))


@WRONG("naive_bayes.fit_bernoulli", "one alpha below instead of 2 alpha")
def bernoulli_one_alpha(X, y, alpha=1.0):
    X, y, classes, dc, nd = _docs(X, y)
    return _model("bernoulli", classes, np.log(nd / nd.sum()), _log((dc + alpha) / (nd + alpha)[:, None]))


@WRONG("naive_bayes.fit_bernoulli", "no smoothing")
def bernoulli_no_smoothing(X, y, alpha=1.0):
    X, y, classes, dc, nd = _docs(X, y)
    return _model("bernoulli", classes, np.log(nd / nd.sum()), _log(dc / nd[:, None]))


@WRONG("naive_bayes.fit_bernoulli", "the multinomial estimate on presence: divided by the words present in the class")
def bernoulli_multinomial_estimate(X, y, alpha=1.0):
    X, y, classes, dc, nd = _docs(X, y)
    s = dc + alpha
    return _model("bernoulli", classes, np.log(nd / nd.sum()), _log(s / s.sum(axis=1, keepdims=True)))


@WRONG("naive_bayes.fit_bernoulli", "p itself, not log p")
def bernoulli_probabilities(X, y, alpha=1.0):
    X, y, classes, dc, nd = _docs(X, y)
    return _model("bernoulli", classes, np.log(nd / nd.sum()), (dc + alpha) / (nd + 2 * alpha)[:, None])


@WRONG("naive_bayes.fit_bernoulli", "normalised over the classes")
def bernoulli_over_classes(X, y, alpha=1.0):
    X, y, classes, dc, nd = _docs(X, y)
    s = dc + alpha
    return _model("bernoulli", classes, np.log(nd / nd.sum()), _log(s / s.sum(axis=0, keepdims=True)))


@WRONG("naive_bayes.fit_bernoulli", "alpha times the vocabulary size below, as in the multinomial model")
def bernoulli_vocabulary_below(X, y, alpha=1.0):
    X, y, classes, dc, nd = _docs(X, y)
    return _model("bernoulli", classes, np.log(nd / nd.sum()), _log((dc + alpha) / (nd + alpha * X.shape[1])[:, None]))


@WRONG("naive_bayes.fit_bernoulli", "divided by all N documents, not the class's N_c")
def bernoulli_over_all_documents(X, y, alpha=1.0):
    X, y, classes, dc, nd = _docs(X, y)
    return _model("bernoulli", classes, np.log(nd / nd.sum()), _log((dc + alpha) / (len(y) + 2 * alpha)))


# --- multinomial_log_joint(model, X) --------------------------------------------------------

@WRONG("naive_bayes.multinomial_log_joint", "the class prior left out")
def multinomial_joint_no_prior(model, X):
    return np.asarray(X, float) @ model["feature_log_prob"].T


@WRONG("naive_bayes.multinomial_log_joint", "multiplies the probabilities, then takes the log: underflows")
def multinomial_joint_product(model, X):
    p = np.exp(model["feature_log_prob"])
    X = np.asarray(X, float)
    joint = np.array([[np.prod(p[c] ** x) for c in range(len(p))] for x in X]) * np.exp(model["class_log_prior"])
    return _log(joint)


@WRONG("naive_bayes.multinomial_log_joint", "presence instead of counts")
def multinomial_joint_presence(model, X):
    return (np.asarray(X) > 0).astype(float) @ model["feature_log_prob"].T + model["class_log_prior"]


@WRONG("naive_bayes.multinomial_log_joint", "P(x, c), not its log")
def multinomial_joint_not_log(model, X):
    return np.exp(np.asarray(X, float) @ model["feature_log_prob"].T + model["class_log_prior"])


@WRONG("naive_bayes.multinomial_log_joint", "feature_log_prob @ X.T: classes on the rows")
def multinomial_joint_transposed(model, X):
    return model["feature_log_prob"] @ np.asarray(X, float).T + model["class_log_prior"][:, None]


@WRONG("naive_bayes.multinomial_log_joint", "normalised into the log posterior as well")
def multinomial_joint_normalised(model, X):
    a = np.asarray(X, float) @ model["feature_log_prob"].T + model["class_log_prior"]
    top = a.max(axis=1, keepdims=True)
    return a - top - np.log(np.exp(a - top).sum(axis=1, keepdims=True))


# --- bernoulli_log_joint(model, X) ----------------------------------------------------------

def _b(X):
    return (np.asarray(X) > 0).astype(float)


@WRONG("naive_bayes.bernoulli_log_joint", "only the present words, no log(1 - p) for the absent ones")
def bernoulli_joint_present_only(model, X):
    return _b(X) @ model["feature_log_prob"].T + model["class_log_prior"]


@WRONG("naive_bayes.bernoulli_log_joint", "the counts instead of presence")
def bernoulli_joint_counts(model, X):
    X, lp = np.asarray(X, float), model["feature_log_prob"]
    return X @ lp.T + (1 - X) @ np.log1p(-np.exp(lp)).T + model["class_log_prior"]


@WRONG("naive_bayes.bernoulli_log_joint", "the class prior left out")
def bernoulli_joint_no_prior(model, X):
    lp = model["feature_log_prob"]
    return _b(X) @ lp.T + (1 - _b(X)) @ np.log1p(-np.exp(lp)).T


@WRONG("naive_bayes.bernoulli_log_joint", "P(b, c), not its log")
def bernoulli_joint_not_log(model, X):
    lp = model["feature_log_prob"]
    return np.exp(_b(X) @ lp.T + (1 - _b(X)) @ np.log1p(-np.exp(lp)).T + model["class_log_prior"])


@WRONG("naive_bayes.bernoulli_log_joint", "log(1 - log p): treats feature_log_prob as p")
def bernoulli_joint_one_minus_log(model, X):
    lp = model["feature_log_prob"]
    return _b(X) @ lp.T + (1 - _b(X)) @ _log(1 - lp).T + model["class_log_prior"]


@WRONG("naive_bayes.bernoulli_log_joint", "log(1 - p) for every word, present or not")
def bernoulli_joint_absent_for_all(model, X):
    lp = model["feature_log_prob"]
    return _b(X) @ lp.T + np.log1p(-np.exp(lp)).sum(axis=1) + model["class_log_prior"]


# --- predict_log_proba(model, X) ------------------------------------------------------------

def _joint(model, X):
    lp = model["feature_log_prob"]
    if model["kind"] == "bernoulli":
        return _b(X) @ lp.T + (1 - _b(X)) @ np.log1p(-np.exp(lp)).T + model["class_log_prior"]
    return np.asarray(X, float) @ lp.T + model["class_log_prior"]


def _lse(a, axis):
    top = a.max(axis=axis, keepdims=True)
    return top + np.log(np.exp(a - top).sum(axis=axis, keepdims=True))


@WRONG("naive_bayes.predict_log_proba", "the log joint, not normalised")
def proba_not_normalised(model, X):
    return _joint(model, X)


@WRONG("naive_bayes.predict_log_proba", "normalised over the documents")
def proba_over_documents(model, X):
    a = _joint(model, X)
    return a - _lse(a, 0)


@WRONG("naive_bayes.predict_log_proba", "np.log(np.sum(np.exp(a))) without the max: underflows on long documents")
def proba_naive_logsumexp(model, X):
    a = _joint(model, X)
    with np.errstate(divide="ignore", invalid="ignore"):
        return a - np.log(np.exp(a).sum(axis=1, keepdims=True))


@WRONG("naive_bayes.predict_log_proba", "always the multinomial joint, whatever model['kind']")
def proba_ignores_kind(model, X):
    a = np.asarray(X, float) @ model["feature_log_prob"].T + model["class_log_prior"]
    return a - _lse(a, 1)


@WRONG("naive_bayes.predict_log_proba", "posterior probabilities, not logs")
def proba_probabilities(model, X):
    a = _joint(model, X)
    return np.exp(a - _lse(a, 1))


@WRONG("naive_bayes.predict_log_proba", "subtracts only the row maximum")
def proba_minus_max(model, X):
    a = _joint(model, X)
    return a - a.max(axis=1, keepdims=True)


@WRONG("naive_bayes.predict_log_proba", "divides the log joint by its row sum, as for probabilities")
def proba_divided_by_row_sum(model, X):
    a = _joint(model, X)
    return a / a.sum(axis=1, keepdims=True)
