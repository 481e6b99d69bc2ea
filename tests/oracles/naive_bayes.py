"""Oracles for notebook 02, the Naive Bayes spam filter: character loops, scikit-learn, math.

A model is a dict with ``kind``, ``classes``, ``class_log_prior`` (C,) and
``feature_log_prob`` (C, V).  Nothing here imports genlab.reference.
"""

from __future__ import annotations

import math
import warnings

import numpy as np

LETTERS_AND_DIGITS = set("abcdefghijklmnopqrstuvwxyz0123456789")


def tokenize(text):
    # a word is a maximal run of a-z / 0-9 in the lower-cased text; every other character separates
    tokens, word = [], ""
    for ch in text.lower():
        if ch in LETTERS_AND_DIGITS:
            word += ch
        else:
            if word:
                tokens.append(word)
            word = ""
    if word:
        tokens.append(word)
    return tokens


def _tokens(doc):
    return tokenize(doc) if isinstance(doc, str) else list(doc)


def build_vocabulary(docs, min_df=1, max_features=None):
    """A word is kept when it is in at least min_df documents and fewer than max_features
    eligible words rank ahead of it (in more documents, or in as many and alphabetically
    earlier); the kept words in alphabetical order.  Written as pairwise comparisons, not a sort."""
    doc_freq = {}
    for doc in docs:
        for word in set(_tokens(doc)):
            doc_freq[word] = doc_freq.get(word, 0) + 1
    eligible = [w for w in doc_freq if doc_freq[w] >= min_df]

    def ahead(u, w):
        return doc_freq[u] > doc_freq[w] or (doc_freq[u] == doc_freq[w] and u < w)

    kept = [w for w in eligible if max_features is None or sum(ahead(u, w) for u in eligible) < max_features]
    return sorted(kept)


def count_matrix(docs, vocabulary):
    # scikit-learn's CountVectorizer on the given tokens and the given column order
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(analyzer=_tokens, vocabulary=list(vocabulary), dtype=np.int64)
    return vectorizer.transform(list(docs)).toarray().reshape(len(docs), len(vocabulary))


def train_test_matrices(train_docs, test_docs, max_features=None):
    # the vocabulary comes from the training documents only; test words outside it are dropped
    vocabulary = build_vocabulary(train_docs, 1, max_features)
    return count_matrix(train_docs, vocabulary), count_matrix(test_docs, vocabulary)


def _fit(estimator, X, y, kind):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # alpha = 0 gives log 0 = -inf, which is intended
        estimator.fit(np.asarray(X, float), np.asarray(y))
    return {"kind": kind, "classes": estimator.classes_, "class_log_prior": estimator.class_log_prior_,
            "feature_log_prob": estimator.feature_log_prob_}


def fit_multinomial(X, y, alpha):
    """scikit-learn's MultinomialNB: log P(c) = log(n_c / n) and
    log P(w | c) = log((N_cw + α) / (N_c + α V)); force_alpha keeps α = 0 as given."""
    from sklearn.naive_bayes import MultinomialNB

    return _fit(MultinomialNB(alpha=alpha, force_alpha=True), X, y, "multinomial")


def fit_bernoulli(X, y, alpha):
    """scikit-learn's BernoulliNB on presence (binarize at 0: a count > 0 is 1):
    p_cw = (D_cw + α) / (D_c + 2α)."""
    from sklearn.naive_bayes import BernoulliNB

    return _fit(BernoulliNB(alpha=alpha, binarize=0.0, force_alpha=True), X, y, "bernoulli")


def _xlog(count, log_p):
    # count · log p, with 0 · log 0 = 0 (an absent word costs nothing)
    return 0.0 if count == 0 else count * log_p


def multinomial_log_joint(model, X):
    # log P(x, c) = log P(c) + Σ_w x_w log P(w | c), one document, class and word at a time
    flp, prior = np.asarray(model["feature_log_prob"], float), np.asarray(model["class_log_prior"], float)
    return np.array([[prior[c] + sum(_xlog(float(row[w]), flp[c, w]) for w in range(flp.shape[1]))
                      for c in range(flp.shape[0])] for row in np.asarray(X)])


def _log_one_minus(log_p):
    # log(1 - p) from log p, accurate for small p; log 0 = -inf when p = 1
    p = math.exp(log_p)
    return math.log1p(-p) if p < 1 else -math.inf


def bernoulli_log_joint(model, X):
    # log P(b, c) = log P(c) + Σ_w [b_w log p_cw + (1 - b_w) log(1 - p_cw)], b_w = 1 when x_w > 0
    flp, prior = np.asarray(model["feature_log_prob"], float), np.asarray(model["class_log_prior"], float)
    out = []
    for row in np.asarray(X):
        b = [1 if v > 0 else 0 for v in row]
        out.append([prior[c] + sum(_xlog(b[w], flp[c, w]) + _xlog(1 - b[w], _log_one_minus(flp[c, w]))
                                   for w in range(flp.shape[1])) for c in range(flp.shape[0])])
    return np.array(out)


def predict_log_proba(model, X):
    # log P(c | x) = log P(x, c) - log Σ_c' exp(log P(x, c')), the sum shifted by the row's maximum
    joint = {"multinomial": multinomial_log_joint, "bernoulli": bernoulli_log_joint}[model["kind"]](model, X)
    out = []
    for row in joint:
        top = max(row)
        log_evidence = top + math.log(sum(math.exp(v - top) for v in row))
        out.append([v - log_evidence for v in row])
    return np.array(out)


def binary_metrics(y_true, y_pred):
    # scikit-learn's metrics with spam = 1 positive; 0 / 0 counts as 0
    from sklearn import metrics

    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    return {
        "accuracy": float(metrics.accuracy_score(y_true, y_pred)),
        "precision": float(metrics.precision_score(y_true, y_pred, pos_label=1, zero_division=0)),
        "recall": float(metrics.recall_score(y_true, y_pred, pos_label=1, zero_division=0)),
        "confusion": metrics.confusion_matrix(y_true, y_pred, labels=[0, 1]),
    }


def top_spam_words(model, vocabulary, k):
    """The word with the r-th largest log-odds log P(w | spam) - log P(w | ham) is the one with
    exactly r words ahead of it (a larger log-odds, or an equal one earlier in the vocabulary)."""
    flp = np.asarray(model["feature_log_prob"], float)
    odds = [float(flp[1, j] - flp[0, j]) for j in range(len(vocabulary))]
    rank = {j: sum(1 for i in range(len(odds)) if odds[i] > odds[j] or (odds[i] == odds[j] and i < j))
            for j in range(len(odds))}
    by_rank = {r: j for j, r in rank.items()}
    return [vocabulary[by_rank[r]] for r in range(min(int(k), len(vocabulary)))]


ORACLES = {
    "naive_bayes.tokenize": tokenize,
    "naive_bayes.build_vocabulary": build_vocabulary,
    "naive_bayes.count_matrix": count_matrix,
    "naive_bayes.train_test_matrices": train_test_matrices,
    "naive_bayes.fit_multinomial": fit_multinomial,
    "naive_bayes.fit_bernoulli": fit_bernoulli,
    "naive_bayes.multinomial_log_joint": multinomial_log_joint,
    "naive_bayes.bernoulli_log_joint": bernoulli_log_joint,
    "naive_bayes.predict_log_proba": predict_log_proba,
    "naive_bayes.binary_metrics": binary_metrics,
    "naive_bayes.top_spam_words": top_spam_words,
}
