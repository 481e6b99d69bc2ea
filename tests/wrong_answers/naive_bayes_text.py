"""Wrong answers for notebook 02: tokens, vocabulary, count matrices, metrics, top words."""

from __future__ import annotations

import re
import string
from collections import Counter

import numpy as np

from . import Corpus

WRONG = Corpus()


# --- tokenize(text) -------------------------------------------------------------------------

@WRONG("naive_bayes.tokenize", "splits on whitespace")
def split_on_spaces(text):
    return text.split()


@WRONG("naive_bayes.tokenize", "lower-cases, then splits on whitespace (punctuation stays on the words)")
def lower_split(text):
    return text.lower().split()


@WRONG("naive_bayes.tokenize", "the right pattern on the text as it is: capitals break words")
def pattern_without_lower(text):
    return re.findall(r"[a-z0-9]+", text)


@WRONG("naive_bayes.tokenize", "keeps capitals: [A-Za-z0-9]+ without lower()")
def keeps_capitals(text):
    return re.findall(r"[A-Za-z0-9]+", text)


@WRONG("naive_bayes.tokenize", "letters only, digits dropped")
def letters_only(text):
    return re.findall(r"[a-z]+", text.lower())


@WRONG("naive_bayes.tokenize", "\\w+: underscores and accented letters count as word characters")
def word_characters(text):
    return re.findall(r"\w+", text.lower())


@WRONG("naive_bayes.tokenize", "each word once, sorted (a vocabulary, not the tokens)")
def unique_tokens(text):
    return sorted(set(re.findall(r"[a-z0-9]+", text.lower())))


@WRONG("naive_bayes.tokenize", "strips punctuation from the ends of space-separated words")
def strip_punctuation(text):
    return [w.strip(string.punctuation) for w in text.lower().split() if w.strip(string.punctuation)]


# --- build_vocabulary(docs, min_df, max_features) -------------------------------------------

def _doc_freq(docs):
    df = Counter()
    for doc in docs:
        df.update(set(doc))
    return df


@WRONG("naive_bayes.build_vocabulary", "ranks and filters by total occurrences, not documents")
def vocabulary_by_total_count(docs, min_df=1, max_features=None):
    tf = Counter(w for doc in docs for w in doc)
    kept = sorted((w for w in tf if tf[w] >= min_df), key=lambda w: (-tf[w], w))
    return sorted(kept[:max_features] if max_features is not None else kept)


@WRONG("naive_bayes.build_vocabulary", "returns the words in ranked order, not alphabetical")
def vocabulary_ranked_order(docs, min_df=1, max_features=None):
    df = _doc_freq(docs)
    kept = sorted((w for w in df if df[w] >= min_df), key=lambda w: (-df[w], w))
    return kept[:max_features] if max_features is not None else kept


@WRONG("naive_bayes.build_vocabulary", "min_df ignored")
def vocabulary_ignores_min_df(docs, min_df=1, max_features=None):
    df = _doc_freq(docs)
    kept = sorted(df, key=lambda w: (-df[w], w))
    return sorted(kept[:max_features] if max_features is not None else kept)


@WRONG("naive_bayes.build_vocabulary", "more than min_df documents (> instead of >=)")
def vocabulary_strict_min_df(docs, min_df=1, max_features=None):
    df = _doc_freq(docs)
    kept = sorted((w for w in df if df[w] > min_df), key=lambda w: (-df[w], w))
    return sorted(kept[:max_features] if max_features is not None else kept)


@WRONG("naive_bayes.build_vocabulary", "Counter.most_common: ties broken by first appearance, not alphabetically")
def vocabulary_most_common(docs, min_df=1, max_features=None):
    df = _doc_freq([list(dict.fromkeys(doc)) for doc in docs])
    kept = [w for w, c in df.most_common() if c >= min_df]
    return sorted(kept[:max_features] if max_features is not None else kept)


@WRONG("naive_bayes.build_vocabulary", "keeps the alphabetically first max_features words")
def vocabulary_alphabetical_cut(docs, min_df=1, max_features=None):
    df = _doc_freq(docs)
    kept = sorted(w for w in df if df[w] >= min_df)
    return kept[:max_features] if max_features is not None else kept


# --- count_matrix(docs, vocabulary) ---------------------------------------------------------

@WRONG("naive_bayes.count_matrix", "1 for a word present, not its count")
def presence(docs, vocabulary):
    return np.array([[int(w in doc) for w in vocabulary] for doc in docs]).reshape(len(docs), len(vocabulary))


@WRONG("naive_bayes.count_matrix", "columns in sorted order rather than the vocabulary's order")
def sorted_columns(docs, vocabulary):
    words = sorted(vocabulary)
    return np.array([[doc.count(w) for w in words] for doc in docs]).reshape(len(docs), len(vocabulary))


@WRONG("naive_bayes.count_matrix", "one row per word and one column per document")
def words_by_documents(docs, vocabulary):
    return np.array([[doc.count(w) for doc in docs] for w in vocabulary]).reshape(len(vocabulary), len(docs))


@WRONG("naive_bayes.count_matrix", "index[word] for every token: a word outside the vocabulary raises KeyError")
def unknown_word_raises(docs, vocabulary):
    index = {w: j for j, w in enumerate(vocabulary)}
    X = np.zeros((len(docs), len(vocabulary)), dtype=int)
    for i, doc in enumerate(docs):
        for word in doc:
            X[i, index[word]] += 1
    return X


@WRONG("naive_bayes.count_matrix", "one Counter for all documents: counts accumulate from row to row")
def counter_never_reset(docs, vocabulary):
    counts, rows = Counter(), []
    for doc in docs:
        counts.update(doc)
        rows.append([counts[w] for w in vocabulary])
    return np.array(rows, dtype=int).reshape(len(docs), len(vocabulary))


@WRONG("naive_bayes.count_matrix", "counts substrings of the joined text")
def substring_counts(docs, vocabulary):
    return np.array([[" ".join(doc).count(w) for w in vocabulary] for doc in docs]).reshape(len(docs), len(vocabulary))


# --- train_test_matrices(train_docs, test_docs, max_features) --------------------------------

def _vocabulary(docs, min_df=1, max_features=None):
    df = _doc_freq(docs)
    kept = sorted((w for w in df if df[w] >= min_df), key=lambda w: (-df[w], w))
    return sorted(kept[:max_features] if max_features is not None else kept)


def _counts(docs, vocabulary):
    return np.array([[doc.count(w) for w in vocabulary] for doc in docs], dtype=int).reshape(len(docs), len(vocabulary))


@WRONG("naive_bayes.train_test_matrices", "the vocabulary fitted on the test documents")
def vocabulary_from_test(train_docs, test_docs, max_features=None):
    v = _vocabulary(test_docs, 1, max_features)
    return _counts(train_docs, v), _counts(test_docs, v)


@WRONG("naive_bayes.train_test_matrices", "the vocabulary fitted on train and test together")
def vocabulary_from_both(train_docs, test_docs, max_features=None):
    v = _vocabulary(train_docs + test_docs, 1, max_features)
    return _counts(train_docs, v), _counts(test_docs, v)


@WRONG("naive_bayes.train_test_matrices", "a vocabulary of its own for each set")
def two_vocabularies(train_docs, test_docs, max_features=None):
    return (_counts(train_docs, _vocabulary(train_docs, 1, max_features)),
            _counts(test_docs, _vocabulary(test_docs, 1, max_features)))


@WRONG("naive_bayes.train_test_matrices", "max_features passed where min_df goes")
def max_features_as_min_df(train_docs, test_docs, max_features=None):
    v = _vocabulary(train_docs, max_features if max_features is not None else 1)
    return _counts(train_docs, v), _counts(test_docs, v)


@WRONG("naive_bayes.train_test_matrices", "max_features ignored")
def ignores_max_features(train_docs, test_docs, max_features=None):
    v = _vocabulary(train_docs)
    return _counts(train_docs, v), _counts(test_docs, v)


@WRONG("naive_bayes.train_test_matrices", "returns the test matrix first")
def test_first(train_docs, test_docs, max_features=None):
    v = _vocabulary(train_docs, 1, max_features)
    return _counts(test_docs, v), _counts(train_docs, v)


# --- binary_metrics(y_true, y_pred) ---------------------------------------------------------

def _cells(y_true, y_pred):
    t, p = np.asarray(y_true), np.asarray(y_pred)
    return (int(np.sum((t == 1) & (p == 1))), int(np.sum((t == 0) & (p == 0))),
            int(np.sum((t == 0) & (p == 1))), int(np.sum((t == 1) & (p == 0))))


def _metrics(acc, precision, recall, confusion):
    return {"accuracy": acc, "precision": precision, "recall": recall, "confusion": np.array(confusion)}


@WRONG("naive_bayes.binary_metrics", "precision and recall swapped")
def metrics_swapped(y_true, y_pred):
    tp, tn, fp, fn = _cells(y_true, y_pred)
    return _metrics((tp + tn) / len(y_true), tp / (tp + fn) if tp + fn else 0.0, tp / (tp + fp) if tp + fp else 0.0,
                    [[tn, fp], [fn, tp]])


@WRONG("naive_bayes.binary_metrics", "confusion with predicted classes on the rows")
def metrics_confusion_transposed(y_true, y_pred):
    tp, tn, fp, fn = _cells(y_true, y_pred)
    return _metrics((tp + tn) / len(y_true), tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0,
                    [[tn, fn], [fp, tp]])


@WRONG("naive_bayes.binary_metrics", "ham (0) taken as the positive class")
def metrics_ham_positive(y_true, y_pred):
    tp, tn, fp, fn = _cells(y_true, y_pred)
    return _metrics((tp + tn) / len(y_true), tn / (tn + fn) if tn + fn else 0.0, tn / (tn + fp) if tn + fp else 0.0,
                    [[tn, fp], [fn, tp]])


@WRONG("naive_bayes.binary_metrics", "no guard: 0/0 when nothing is predicted (or is) spam")
def metrics_no_guard(y_true, y_pred):
    tp, tn, fp, fn = _cells(y_true, y_pred)
    with np.errstate(invalid="ignore", divide="ignore"):
        return _metrics((tp + tn) / len(y_true), np.float64(tp) / (tp + fp), np.float64(tp) / (tp + fn),
                        [[tn, fp], [fn, tp]])


@WRONG("naive_bayes.binary_metrics", "confusion laid out [[TP, FP], [FN, TN]]")
def metrics_tp_first(y_true, y_pred):
    tp, tn, fp, fn = _cells(y_true, y_pred)
    return _metrics((tp + tn) / len(y_true), tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0,
                    [[tp, fp], [fn, tn]])


@WRONG("naive_bayes.binary_metrics", "accuracy as the number of correct predictions")
def metrics_accuracy_count(y_true, y_pred):
    tp, tn, fp, fn = _cells(y_true, y_pred)
    return _metrics(float(tp + tn), tp / (tp + fp) if tp + fp else 0.0, tp / (tp + fn) if tp + fn else 0.0,
                    [[tn, fp], [fn, tp]])


# --- top_spam_words(model, vocabulary, k) ---------------------------------------------------

def _log_odds(model):
    return np.asarray(model["feature_log_prob"][1]) - np.asarray(model["feature_log_prob"][0])


@WRONG("naive_bayes.top_spam_words", "ranks by P(w | spam) alone")
def top_by_spam_probability(model, vocabulary, k=10):
    return [vocabulary[j] for j in np.argsort(-np.asarray(model["feature_log_prob"][1]), kind="stable")[:k]]


@WRONG("naive_bayes.top_spam_words", "the smallest log-odds: the hammiest words")
def top_ham_words(model, vocabulary, k=10):
    return [vocabulary[j] for j in np.argsort(_log_odds(model), kind="stable")[:k]]


@WRONG("naive_bayes.top_spam_words", "argsort(...)[-k:]: the right words, smallest first")
def top_ascending(model, vocabulary, k=10):
    return [vocabulary[j] for j in np.argsort(_log_odds(model), kind="stable")[-k:]]


@WRONG("naive_bayes.top_spam_words", "the ratio of the log-probabilities instead of their difference")
def top_ratio_of_logs(model, vocabulary, k=10):
    fl = np.asarray(model["feature_log_prob"])
    return [vocabulary[j] for j in np.argsort(-(fl[1] / fl[0]), kind="stable")[:k]]


@WRONG("naive_bayes.top_spam_words", "returns the column indices, not the words")
def top_indices(model, vocabulary, k=10):
    return [int(j) for j in np.argsort(-_log_odds(model), kind="stable")[:k]]


@WRONG("naive_bayes.top_spam_words", "the difference of probabilities P(w|spam) - P(w|ham)")
def top_probability_difference(model, vocabulary, k=10):
    p = np.exp(np.asarray(model["feature_log_prob"]))
    return [vocabulary[j] for j in np.argsort(-(p[1] - p[0]), kind="stable")[:k]]
