"""Naive Bayes spam filter: ours vs scikit-learn on the SpamAssassin corpus (genlab.data.spam).

1. Fit + predict: ``fit_multinomial`` + ``predict`` vs ``MultinomialNB(alpha=1).fit(...).predict(...)``
   on the same dense count matrices (train split -> test split), for a vocabulary of 2,000 words
   (as in notebook 02) and of 10,000 words.  Goal: at most 1.0x scikit-learn's time.  The
   predictions must be identical and the word log-probabilities agree to 1e-10.  A third
   column notes scikit-learn on a sparse CSR matrix, which is what CountVectorizer returns.
2. Tokenise + vectorise the training texts: ``tokenize`` + ``build_vocabulary(max_features=2000)``
   + ``count_matrix`` vs ``CountVectorizer(token_pattern=r"[a-z0-9]+", max_features=2000)
   .fit_transform``.  Both split text into the same tokens; they choose the 2,000 words
   differently (we keep the words in most documents, scikit-learn the most frequent words), so
   the counts are compared on our vocabulary (``CountVectorizer(vocabulary=...)``), where they
   must be identical.
"""

from __future__ import annotations

import sys

import numpy as np

try:
    from benchmarks import _common
except ImportError:  # run as a script
    import _common

from genlab.data import spam
from genlab.reference import naive_bayes as nb

TOKEN_PATTERN = r"[a-z0-9]+"


def run(quick=False) -> list[dict]:
    from scipy import sparse
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.naive_bayes import MultinomialNB

    train, test = spam.load_spam("train"), spam.load_spam("test")
    train_texts, test_texts = train.texts, test.texts
    megabytes = sum(len(t.encode("utf-8")) for t in train_texts) / 1e6
    rows = []
    rounds = 3 if quick else 7

    # 2. tokenise + vectorise (first: it also gives the vocabularies for 1.)
    out = {}

    def ours_vectorise():
        tokens = [nb.tokenize(t) for t in train_texts]
        vocabulary = nb.build_vocabulary(tokens, max_features=2000)
        out["ours"] = (vocabulary, nb.count_matrix(tokens, vocabulary))

    def sk_vectorise():
        out["sk"] = CountVectorizer(token_pattern=TOKEN_PATTERN, max_features=2000).fit_transform(train_texts)

    times = _common.side_by_side({"ours": ours_vectorise, "sk": sk_vectorise}, rounds=rounds)
    vocabulary, X_ours = out["ours"]
    X_sk_same_vocab = CountVectorizer(token_pattern=TOKEN_PATTERN, vocabulary=vocabulary).transform(train_texts)
    if not np.array_equal(X_sk_same_vocab.toarray(), X_ours):
        raise AssertionError("count matrices differ from CountVectorizer's on the same vocabulary")
    rows.append(_common.row(
        "tokenise + vectorise", f"{len(train_texts):,} training emails ({megabytes:.1f} MB), 2,000 words",
        times["ours"], times["sk"], "CountVectorizer",
        note=f"ours {megabytes / np.median(times['ours']):.1f} MB/s, CountVectorizer "
             f"{megabytes / np.median(times['sk']):.1f} MB/s; counts identical on the same vocabulary"))

    # 1. fit + predict on the same count matrices
    tokens_train = [nb.tokenize(t) for t in train_texts]
    tokens_test = [nb.tokenize(t) for t in test_texts]
    for n_words in (2000, 10_000):
        vocabulary = nb.build_vocabulary(tokens_train, max_features=n_words)
        X_train = nb.count_matrix(tokens_train, vocabulary)
        X_test = nb.count_matrix(tokens_test, vocabulary)
        csr_train, csr_test = sparse.csr_matrix(X_train), sparse.csr_matrix(X_test)
        result = {}

        def ours_nb():
            model = nb.fit_multinomial(X_train, train.y, alpha=1.0)
            result["ours"] = (model, nb.predict(model, X_test))

        def sk_nb():
            model = MultinomialNB(alpha=1.0).fit(X_train, train.y)
            result["sk"] = (model, model.predict(X_test))

        def sk_sparse():
            MultinomialNB(alpha=1.0).fit(csr_train, train.y).predict(csr_test)

        times = _common.side_by_side({"ours": ours_nb, "sk": sk_nb, "sk_sparse": sk_sparse}, rounds=rounds)
        (model, pred), (sk_model, sk_pred) = result["ours"], result["sk"]
        if not np.array_equal(pred, sk_pred):
            raise AssertionError(f"{n_words} words: predictions differ from MultinomialNB's")
        diff = float(np.max(np.abs(model["feature_log_prob"] - sk_model.feature_log_prob_)))
        if not diff <= 1e-10:
            raise AssertionError(f"{n_words} words: word log-probabilities differ by {diff:.3g}")
        accuracy = float(np.mean(pred == test.y))
        rows.append(_common.row(
            "Naive Bayes fit + predict", f"{len(train):,} train / {len(test):,} test emails, {n_words:,} words, dense",
            times["ours"], times["sk"], "MultinomialNB", goal=1.0,
            note=f"same predictions (accuracy {accuracy:.3f}), log-probs agree to {diff:.0e}; MultinomialNB on "
                 f"CSR {np.median(times['sk_sparse']) * 1e3:.1f} ms"))
    return rows


if __name__ == "__main__":
    _common.warn_coretype()
    with _common.limit_blas(_common.blas_threads_arg(sys.argv)):
        _common.print_table(run(quick="--quick" in sys.argv))
