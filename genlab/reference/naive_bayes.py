"""Reference solutions for notebook 02: a Naive Bayes spam filter.

Documents become word counts, and each class ``c`` gets a model of how words are drawn:

* **multinomial** NB: a document is a bag of word draws, each from P(w | c), so
  ``log P(d, c) = log P(c) + sum_w x_w log P(w | c)`` with ``x_w`` the count of word ``w``;
* **Bernoulli** NB: each vocabulary word is present or absent, independently given the class,
  so ``log P(d, c) = log P(c) + sum_w [b_w log p_wc + (1 - b_w) log(1 - p_wc)]`` with
  ``b_w = 1`` when the word occurs.  Absent words count too.

Everything stays in log space: a long email multiplies thousands of probabilities below one,
which underflows to 0 in floating point long before the classes can be compared.
A model is a dict with keys ``kind`` ("multinomial" or "bernoulli"), ``classes``,
``class_log_prior`` (n_classes,) and ``feature_log_prob`` (n_classes, n_features).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

import numpy as np

__all__ = [
    "tokenize",
    "build_vocabulary",
    "count_matrix",
    "train_test_matrices",
    "fit_multinomial",
    "fit_bernoulli",
    "multinomial_log_joint",
    "bernoulli_log_joint",
    "xlogy_matmul",
    "joint_log_likelihood",
    "log_normalize",
    "predict_log_proba",
    "predict",
    "binary_metrics",
    "top_words",
]

_TOKEN = re.compile(r"[a-z0-9]+")


def tokenize(text: str) -> list[str]:
    """Split a text into lower-case words: runs of the letters a-z and digits 0-9.

    Parameters
    ----------
    text : str

    Returns
    -------
    tokens : list of str
        In order of appearance, repeats kept.  Punctuation, spaces and other characters
        separate words and are dropped, so ``"Don't"`` gives ``["don", "t"]``.
    """
    if not isinstance(text, str):
        raise ValueError(f"tokenize expects a str, got {type(text).__name__}")
    return _TOKEN.findall(text.lower())


def _token_lists(docs) -> list[list[str]]:
    if isinstance(docs, str):
        raise ValueError("docs must be a list of documents, not a single str")
    return [tokenize(d) if isinstance(d, str) else list(d) for d in docs]


def build_vocabulary(docs, min_df=1, max_features=None) -> list[str]:
    """The words used as features, chosen from (training) documents only.

    Parameters
    ----------
    docs : list of (list of str or str)
        Documents as token lists (a str is tokenized with :func:`tokenize`).
    min_df : int
        Keep only words that occur in at least ``min_df`` documents.
    max_features : int or None
        Keep at most this many words: those in the most documents, ties broken
        alphabetically.  None keeps all.

    Returns
    -------
    vocabulary : list of str
        The kept words in alphabetical order; word ``vocabulary[j]`` is column ``j``.
    """
    if int(min_df) < 1:
        raise ValueError(f"min_df must be >= 1, got {min_df!r}")
    if max_features is not None and int(max_features) < 1:
        raise ValueError(f"max_features must be >= 1 or None, got {max_features!r}")
    doc_freq = Counter()
    for tokens in _token_lists(docs):
        doc_freq.update(set(tokens))
    ranked = sorted((w for w, df in doc_freq.items() if df >= min_df), key=lambda w: (-doc_freq[w], w))
    if max_features is not None:
        ranked = ranked[: int(max_features)]
    return sorted(ranked)


def count_matrix(docs, vocabulary) -> np.ndarray:
    """How often each vocabulary word occurs in each document.

    Parameters
    ----------
    docs : list of (list of str or str), length n_docs
    vocabulary : list of str, length n_features
        Column order of the result.  Words not in it are ignored.

    Returns
    -------
    X : ndarray of int64, shape (n_docs, n_features)
    """
    index = {word: j for j, word in enumerate(vocabulary)}
    if len(index) != len(vocabulary):
        raise ValueError("the vocabulary lists a word twice")
    token_lists = _token_lists(docs)
    hits = [[index[t] for t in tokens if t in index] for tokens in token_lists]  # columns, per document
    rows = np.repeat(np.arange(len(hits)), [len(h) for h in hits])
    cols = np.fromiter(itertools.chain.from_iterable(hits), dtype=np.intp, count=len(rows))
    # Count every (document, word) pair at once: bincount of the flat cell index row * n_features + col.
    n_cells = len(hits) * len(index)
    counts = np.bincount(rows * len(index) + cols, minlength=n_cells)
    return counts.astype(np.int64, copy=False).reshape(len(hits), len(index))


def train_test_matrices(train_docs, test_docs, max_features=None):
    """Count matrices of a train and a test set over a vocabulary fitted on the train set.

    Parameters
    ----------
    train_docs, test_docs : list of (list of str or str)
    max_features : int or None
        Passed to :func:`build_vocabulary` (with ``min_df=1``).

    Returns
    -------
    X_train : ndarray, shape (n_train, n_features)
    X_test : ndarray, shape (n_test, n_features)
        Test words never seen in training are dropped: the model knows nothing about them.
    """
    vocabulary = build_vocabulary(train_docs, max_features=max_features)
    return count_matrix(train_docs, vocabulary), count_matrix(test_docs, vocabulary)


def _check_Xy(X, y, alpha):
    X = np.asarray(X, dtype=float)
    y = np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {X.shape}")
    if y.shape != (X.shape[0],):
        raise ValueError(f"y must have shape ({X.shape[0]},), got {y.shape}")
    if (X < 0).any() or not np.isfinite(X).all():
        raise ValueError("X must hold finite, non-negative counts")
    if not np.isfinite(alpha) or alpha < 0:
        raise ValueError(f"alpha must be >= 0, got {alpha!r}")
    classes, y_index = np.unique(y, return_inverse=True)
    if X.shape[0] == 0:
        raise ValueError("cannot fit on zero documents")
    onehot = np.zeros((len(classes), X.shape[0]))
    onehot[y_index, np.arange(X.shape[0])] = 1.0
    return X, classes, onehot


def _safe_log(a):
    with np.errstate(divide="ignore"):
        return np.log(a)


def fit_multinomial(X, y, alpha=1.0) -> dict:
    """Fit multinomial Naive Bayes with add-alpha (Laplace when alpha = 1) smoothing.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Word counts.
    y : array_like, shape (n_samples,)
        Class labels.
    alpha : float
        Pseudo-count added to every word of every class; 0 gives the raw MLE, where a
        word never seen in a class gets probability 0 (log -inf).

    Returns
    -------
    model : dict
        ``kind="multinomial"``, ``classes`` (n_classes,), ``class_log_prior`` (n_classes,)
        = log(documents of class c / all documents), ``feature_log_prob``
        (n_classes, n_features) = log((N_cw + alpha) / (N_c + alpha * n_features)),
        with N_cw the count of word w in class c and N_c = sum_w N_cw.
    """
    X, classes, onehot = _check_Xy(X, y, alpha)
    n_docs = onehot.sum(axis=1)
    word_counts = onehot @ X + alpha  # (n_classes, n_features)
    return {
        "kind": "multinomial",
        "classes": classes,
        "class_log_prior": np.log(n_docs / n_docs.sum()),
        "feature_log_prob": _safe_log(word_counts) - np.log(word_counts.sum(axis=1, keepdims=True)),
    }


def fit_bernoulli(X, y, alpha=1.0) -> dict:
    """Fit Bernoulli Naive Bayes on word presence with add-alpha smoothing.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Word counts (or 0/1); any count > 0 means "present".
    y : array_like, shape (n_samples,)
    alpha : float

    Returns
    -------
    model : dict
        ``kind="bernoulli"``, ``classes``, ``class_log_prior`` as for the multinomial model,
        and ``feature_log_prob`` = log p_cw with p_cw = (D_cw + alpha) / (D_c + 2 alpha),
        D_cw the number of class-c documents containing w and D_c the number of class-c
        documents (each word has two outcomes, present or absent, hence 2 alpha).
    """
    X, classes, onehot = _check_Xy(X, y, alpha)
    n_docs = onehot.sum(axis=1)
    present = onehot @ (X > 0) + alpha
    return {
        "kind": "bernoulli",
        "classes": classes,
        "class_log_prior": np.log(n_docs / n_docs.sum()),
        "feature_log_prob": _safe_log(present) - np.log(n_docs + 2 * alpha)[:, None],
    }


def _check_model_X(model, X):
    X = np.asarray(X, dtype=float)
    flp = np.asarray(model["feature_log_prob"], dtype=float)
    if X.ndim != 2 or X.shape[1] != flp.shape[1]:
        raise ValueError(f"X must have shape (n_samples, {flp.shape[1]}), got {X.shape}")
    return X, flp, np.asarray(model["class_log_prior"], dtype=float)


def xlogy_matmul(X, log_p):
    """``X @ log_p.T`` with ``0 * (-inf)`` counted as 0 (a word that is absent costs nothing).

    Parameters
    ----------
    X : ndarray, shape (n_samples, n_words)
        Counts or 0/1 indicators, >= 0.
    log_p : ndarray, shape (n_classes, n_words)
        Log-probabilities; ``-inf`` (probability 0) is allowed.

    Returns
    -------
    out : ndarray, shape (n_samples, n_classes)
        ``Σ_w X[n, w] log_p[c, w]``; ``-inf`` where a sample holds a word of probability 0.
    """
    if np.isfinite(log_p).all():  # the usual case (alpha > 0): no impossible words to look for
        return X @ log_p.T
    finite = np.where(np.isfinite(log_p), log_p, 0.0)
    out = X @ finite.T
    impossible = (X > 0).astype(float) @ (~np.isfinite(log_p)).T.astype(float) > 0
    return np.where(impossible, -np.inf, out)




def multinomial_log_joint(model, X) -> np.ndarray:
    """log P(x, c) = log P(c) + sum_w x_w log P(w | c), dropping the multinomial coefficient.

    Parameters
    ----------
    model : dict
        From :func:`fit_multinomial`.
    X : array_like, shape (n_samples, n_features)
        Word counts.

    Returns
    -------
    log_joint : ndarray, shape (n_samples, n_classes)
        The coefficient n! / prod_w x_w! is the same for every class, so it is left out.
    """
    X, flp, prior = _check_model_X(model, X)
    return xlogy_matmul(X, flp) + prior


def bernoulli_log_joint(model, X) -> np.ndarray:
    """log P(b, c) = log P(c) + sum_w [b_w log p_cw + (1 - b_w) log(1 - p_cw)].

    Parameters
    ----------
    model : dict
        From :func:`fit_bernoulli`.
    X : array_like, shape (n_samples, n_features)
        Word counts; b = (X > 0).

    Returns
    -------
    log_joint : ndarray, shape (n_samples, n_classes)
    """
    X, flp, prior = _check_model_X(model, X)
    b = (X > 0).astype(float)
    with np.errstate(divide="ignore"):
        log_absent = np.log1p(-np.exp(flp))  # log(1 - p), accurate when p is small
    return xlogy_matmul(b, flp) + xlogy_matmul(1.0 - b, log_absent) + prior


def joint_log_likelihood(model, X) -> np.ndarray:
    """log P(x, c) for either kind of model, shape (n_samples, n_classes)."""
    kinds = {"multinomial": multinomial_log_joint, "bernoulli": bernoulli_log_joint}
    if model.get("kind") not in kinds:
        raise ValueError(f"model['kind'] must be one of {sorted(kinds)}, got {model.get('kind')!r}")
    return kinds[model["kind"]](model, X)


def log_normalize(log_joint) -> np.ndarray:
    """Turn each row of log P(x, c) into log P(c | x) by subtracting logsumexp over c.

    Parameters
    ----------
    log_joint : array_like, shape (n_samples, n_classes)

    Returns
    -------
    log_posterior : ndarray, shape (n_samples, n_classes)
        Each row's exponentials sum to 1.  Rows whose entries are all -inf give nan.
    """
    a = np.asarray(log_joint, dtype=float)
    if a.ndim != 2:
        raise ValueError(f"log_joint must be 2-D (n_samples, n_classes), got shape {a.shape}")
    top = np.max(a, axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        # logsumexp(a) = m + log sum exp(a - m): the largest term becomes exp(0) = 1, no underflow
        return a - (top + np.log(np.sum(np.exp(a - top), axis=1, keepdims=True)))


def predict_log_proba(model, X) -> np.ndarray:
    """log P(c | x), shape (n_samples, n_classes), columns in ``model["classes"]`` order."""
    return log_normalize(joint_log_likelihood(model, X))


def predict(model, X) -> np.ndarray:
    """The MAP class, argmax_c log P(x, c) (P(x) is the same for every class), shape (n_samples,)."""
    return np.asarray(model["classes"])[np.argmax(joint_log_likelihood(model, X), axis=1)]


def binary_metrics(y_true, y_pred) -> dict:
    """Accuracy, precision, recall and the confusion matrix, with 1 (spam) as positive.

    Parameters
    ----------
    y_true, y_pred : array_like of {0, 1}, shape (n_samples,)

    Returns
    -------
    metrics : dict
        ``confusion`` ndarray (2, 2): rows are the true class, columns the predicted one,
        ``[[TN, FP], [FN, TP]]``; ``accuracy`` = (TP + TN) / n; ``precision`` = TP / (TP + FP),
        the share of flagged mail that is spam; ``recall`` = TP / (TP + FN), the share of
        spam that is caught.  A ratio with nothing to count (0 / 0) is 0.0.
    """
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    if y_true.shape != y_pred.shape or y_true.ndim != 1 or y_true.size == 0:
        raise ValueError("y_true and y_pred must be non-empty 1-D arrays of the same length")
    if not (np.isin(y_true, (0, 1)).all() and np.isin(y_pred, (0, 1)).all()):
        raise ValueError("labels must be 0 (ham) or 1 (spam)")
    confusion = np.zeros((2, 2), dtype=np.int64)
    np.add.at(confusion, (y_true.astype(int), y_pred.astype(int)), 1)
    (tn, fp), (fn, tp) = confusion
    return {
        "accuracy": float((tp + tn) / y_true.size),
        "precision": float(tp / (tp + fp)) if tp + fp else 0.0,
        "recall": float(tp / (tp + fn)) if tp + fn else 0.0,
        "confusion": confusion,
    }


def top_words(model, vocabulary, k=10) -> list[str]:
    """The ``k`` words that most favour the last class (spam) over the first (ham).

    Parameters
    ----------
    model : dict
        A fitted two-class model.
    vocabulary : list of str, length n_features
    k : int

    Returns
    -------
    words : list of str
        Sorted by the log-odds log P(w | spam) - log P(w | ham), largest first; ties keep
        vocabulary order.
    """
    flp = np.asarray(model["feature_log_prob"], dtype=float)
    if flp.shape[0] != 2 or flp.shape[1] != len(vocabulary):
        raise ValueError("need a two-class model whose features match the vocabulary")
    with np.errstate(invalid="ignore"):
        log_odds = flp[1] - flp[0]
    order = np.argsort(-log_odds, kind="stable")
    return [vocabulary[j] for j in order[: int(k)]]
