"""genlab.reference.naive_bayes against scikit-learn, the notes' toy example, and slow loops."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sklearn.naive_bayes import BernoulliNB, MultinomialNB

from genlab.reference import naive_bayes as nb


def random_counts(seed, n=40, v=12, c=2):
    rng = np.random.default_rng(seed)
    X = rng.poisson(rng.uniform(0.1, 3.0, size=v), size=(n, v))
    y = rng.integers(0, c, size=n)
    y[:c] = np.arange(c)  # every class present
    return X, y


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("alpha", [0.01, 0.5, 1.0, 3.0])
def test_multinomial_matches_sklearn(seed, alpha):
    X, y = random_counts(seed, c=2 + seed % 2)
    ours = nb.fit_multinomial(X, y, alpha=alpha)
    sk = MultinomialNB(alpha=alpha, force_alpha=True).fit(X, y)
    np.testing.assert_allclose(ours["class_log_prior"], sk.class_log_prior_, rtol=1e-12)
    np.testing.assert_allclose(ours["feature_log_prob"], sk.feature_log_prob_, rtol=1e-12)
    X_new, _ = random_counts(seed + 100)
    np.testing.assert_allclose(nb.predict_log_proba(ours, X_new), sk.predict_log_proba(X_new),
                               rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(nb.predict(ours, X_new), sk.predict(X_new))


@pytest.mark.parametrize("seed", range(5))
@pytest.mark.parametrize("alpha", [0.01, 0.5, 1.0, 3.0])
def test_bernoulli_matches_sklearn(seed, alpha):
    X, y = random_counts(seed, c=2 + seed % 2)
    ours = nb.fit_bernoulli(X, y, alpha=alpha)
    sk = BernoulliNB(alpha=alpha, force_alpha=True, binarize=0.0).fit(X, y)
    np.testing.assert_allclose(ours["class_log_prior"], sk.class_log_prior_, rtol=1e-12)
    np.testing.assert_allclose(ours["feature_log_prob"], sk.feature_log_prob_, rtol=1e-12)
    X_new, _ = random_counts(seed + 100)
    np.testing.assert_allclose(nb.predict_log_proba(ours, X_new), sk.predict_log_proba(X_new),
                               rtol=1e-9, atol=1e-9)
    np.testing.assert_array_equal(nb.predict(ours, X_new), sk.predict(X_new))


def test_spam_corpus_subsample_matches_sklearn():
    from genlab.data.spam import load_spam

    corpus = load_spam("train")
    keep = np.arange(len(corpus)) % 8 == 0
    docs = [nb.tokenize(t) for t, k in zip(corpus.texts, keep) if k]
    y = corpus.y[keep]
    vocab = nb.build_vocabulary(docs[:400], max_features=500)
    X = nb.count_matrix(docs, vocab)
    for fit, Sk in ((nb.fit_multinomial, MultinomialNB), (nb.fit_bernoulli, BernoulliNB)):
        ours = fit(X[:400], y[:400], alpha=1.0)
        sk = Sk(alpha=1.0).fit(X[:400], y[:400])
        np.testing.assert_array_equal(nb.predict(ours, X[400:]), sk.predict(X[400:]))
        np.testing.assert_allclose(nb.predict_log_proba(ours, X[400:]), sk.predict_log_proba(X[400:]),
                                   rtol=1e-8, atol=1e-8)


def toy_example():
    """The notes' 8 normal messages (Dear 8, Friend 5, Lunch 3, Money 1) and 4 spam (2, 1, 0, 4)."""
    vocab = ["dear", "friend", "lunch", "money"]
    normal = np.array([[1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 0, 0], [1, 1, 1, 0],
                       [1, 0, 1, 0], [1, 0, 1, 0], [1, 0, 0, 1]])
    spam = np.array([[1, 1, 0, 1], [1, 0, 0, 1], [0, 0, 0, 1], [0, 0, 0, 1]])
    assert normal.sum(axis=0).tolist() == [8, 5, 3, 1] and spam.sum(axis=0).tolist() == [2, 1, 0, 4]
    return vocab, np.vstack([normal, spam]), np.array([0] * 8 + [1] * 4)


def test_toy_example_scores_of_the_notes():
    vocab, X, y = toy_example()
    model = nb.fit_multinomial(X, y, alpha=0.0)
    p = np.exp(model["feature_log_prob"])
    np.testing.assert_allclose(p[0], [8 / 17, 5 / 17, 3 / 17, 1 / 17])
    np.testing.assert_allclose(p[1], [2 / 7, 1 / 7, 0, 4 / 7])
    dear_friend = nb.count_matrix([["dear", "friend"]], vocab)
    scores = np.exp(nb.multinomial_log_joint(model, dear_friend))[0]
    assert scores[0] == pytest.approx(8 / 12 * 8 / 17 * 5 / 17) and round(scores[0], 2) == 0.09
    assert scores[1] == pytest.approx(4 / 12 * 2 / 7 * 1 / 7) and round(scores[1], 2) == 0.01
    assert nb.predict(model, dear_friend)[0] == 0


def test_zero_count_word_makes_spam_impossible_without_smoothing():
    vocab, X, y = toy_example()
    lunch_money = nb.count_matrix([["lunch", "money", "money", "money", "money"]], vocab)
    raw = nb.fit_multinomial(X, y, alpha=0.0)
    assert nb.multinomial_log_joint(raw, lunch_money)[0, 1] == -np.inf
    assert nb.predict(raw, lunch_money)[0] == 0
    smoothed = nb.fit_multinomial(X, y, alpha=1.0)
    assert np.isfinite(nb.multinomial_log_joint(smoothed, lunch_money)).all()
    assert nb.predict(smoothed, lunch_money)[0] == 1
    np.testing.assert_allclose(np.exp(smoothed["feature_log_prob"][1]), [3 / 11, 2 / 11, 1 / 11, 5 / 11])


def test_log_joint_equals_slow_product_on_short_documents():
    X, y = random_counts(3, n=30, v=6)
    for fit, kind in ((nb.fit_multinomial, "m"), (nb.fit_bernoulli, "b")):
        model = fit(X, y, alpha=0.7)
        p = np.exp(model["feature_log_prob"])
        prior = np.exp(model["class_log_prior"])
        got = nb.joint_log_likelihood(model, X[:5])
        for i in range(5):
            for c in range(2):
                prod = prior[c]
                for w in range(X.shape[1]):
                    if kind == "m":
                        prod *= p[c, w] ** X[i, w]
                    else:
                        prod *= p[c, w] if X[i, w] > 0 else 1 - p[c, w]
                assert got[i, c] == pytest.approx(math.log(prod), rel=1e-10)


def test_long_email_underflows_outside_log_space_but_not_in_it():
    X, y = random_counts(0, v=5)
    model = nb.fit_multinomial(X, y)
    long_email = np.full((1, 5), 400)
    direct = np.exp(model["class_log_prior"]) * np.prod(np.exp(model["feature_log_prob"]) ** long_email,
                                                        axis=1)
    assert (direct == 0).all()  # the product underflows for both classes
    log_post = nb.predict_log_proba(model, long_email)
    assert np.isfinite(log_post).all() and np.exp(log_post).sum() == pytest.approx(1.0)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(-2000, 50), min_size=2, max_size=5), st.integers(1, 4))
def test_log_normalize_rows_sum_to_one_and_keep_differences(row, n_rows):
    a = np.array([row] * n_rows)
    out = nb.log_normalize(a)
    np.testing.assert_allclose(np.exp(out).sum(axis=1), 1.0)
    np.testing.assert_allclose(out - out[:, :1], a - a[:, :1], atol=1e-9)


def test_tokenize_lowercases_and_splits_on_non_alphanumerics():
    assert nb.tokenize("Dear Friend, WIN $1,000,000 now!!! Don't wait.") == [
        "dear", "friend", "win", "1", "000", "000", "now", "don", "t", "wait"]
    assert nb.tokenize("") == []
    with pytest.raises(ValueError):
        nb.tokenize(["not", "a", "string"])


def test_build_vocabulary_ranks_by_document_frequency():
    docs = [["b", "b", "b", "b", "a"], ["a", "c"], ["a", "c", "d"]]
    assert nb.build_vocabulary(docs) == ["a", "b", "c", "d"]
    assert nb.build_vocabulary(docs, max_features=2) == ["a", "c"]  # b has more counts, c more documents
    assert nb.build_vocabulary(docs, min_df=2) == ["a", "c"]
    assert nb.build_vocabulary(docs, max_features=3) == ["a", "b", "c"]  # tie b/d broken alphabetically


def test_count_matrix_matches_a_loop_and_ignores_unknown_words():
    docs = [["x", "y", "x", "zz"], [], ["y", "y", "q"]]
    vocab = ["y", "x", "q"]
    expected = np.array([[docs[i].count(w) for w in vocab] for i in range(3)])
    np.testing.assert_array_equal(nb.count_matrix(docs, vocab), expected)
    with pytest.raises(ValueError):
        nb.count_matrix(docs, ["x", "x"])


def test_train_test_matrices_use_training_vocabulary_only():
    train, test = [["a", "b"], ["b", "c"]], [["c", "d", "d"]]
    X_train, X_test = nb.train_test_matrices(train, test)
    np.testing.assert_array_equal(X_train, [[1, 1, 0], [0, 1, 1]])
    np.testing.assert_array_equal(X_test, [[0, 0, 1]])


def test_binary_metrics_against_sklearn():
    from sklearn.metrics import accuracy_score, confusion_matrix, precision_score, recall_score

    rng = np.random.default_rng(7)
    y_true, y_pred = rng.integers(0, 2, 200), rng.integers(0, 2, 200)
    got = nb.binary_metrics(y_true, y_pred)
    np.testing.assert_array_equal(got["confusion"], confusion_matrix(y_true, y_pred))
    assert got["accuracy"] == pytest.approx(accuracy_score(y_true, y_pred))
    assert got["precision"] == pytest.approx(precision_score(y_true, y_pred))
    assert got["recall"] == pytest.approx(recall_score(y_true, y_pred))
    assert nb.binary_metrics([0, 0], [0, 0])["precision"] == 0.0


def test_top_words_are_the_largest_log_odds():
    model = {"feature_log_prob": np.log([[0.4, 0.3, 0.2, 0.1], [0.1, 0.2, 0.3, 0.4]])}
    assert nb.top_words(model, ["a", "b", "c", "d"], k=2) == ["d", "c"]


def test_fit_rejects_bad_input():
    with pytest.raises(ValueError):
        nb.fit_multinomial(np.ones((3, 2)), [0, 1])
    with pytest.raises(ValueError):
        nb.fit_multinomial(-np.ones((2, 2)), [0, 1])
    with pytest.raises(ValueError):
        nb.fit_bernoulli(np.ones((2, 2)), [0, 1], alpha=-1)
