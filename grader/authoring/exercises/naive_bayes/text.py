"""Notebook 02, from text to counts: tokenize, vocabulary, count matrices."""

from __future__ import annotations

import re
from collections import Counter

import numpy as np

from genlab.reference import naive_bayes as ref
from grader.authoring.exercises.naive_bayes.common import WORDS
from grader.authoring.schema import Exercise, Mistake

# --- tokenize(text) ------------------------------------------------------------------------

def _sentence(rng):
    pieces = []
    for _ in range(int(rng.integers(3, 9))):
        word = str(rng.choice(WORDS))
        if rng.random() < 0.3:
            word = word.upper() if rng.random() < 0.5 else word.capitalize()
        if rng.random() < 0.2:
            word += str(int(rng.integers(0, 1000)))
        pieces.append(word + str(rng.choice(["", "", ",", "!", "?!", "...", ":)"])))
    return str(rng.choice(["", "Re: ", "$$$ "])) + " ".join(pieces)


TOKENIZE = Exercise(
    id="naive_bayes.tokenize",
    arg_names=("text",),
    reference=ref.tokenize,
    visible_cases=lambda rng: [("Dear Friend, win $100 now!",), ("Lunch at 12:30?  See you there.",),
                               ("",), ("FREE money!!! Click here: www.example.com/win",),
                               ("Naïve_Bayes, déjà vu!",)]  # an underscore and accents separate words
    + [(_sentence(rng),) for _ in range(2)],
    hidden_cases=lambda rng: [("Don't miss this OFFER -- 50% off, today only",), ("e-mail\tme\nASAP",),
                              ("Crème_brûlée, s'il vous plaît!",), ("Café au lait 2x",)]
    + [(_sentence(rng),) for _ in range(3)],
    mistakes=(
        Mistake("split_on_spaces",
                "splitting on spaces keeps punctuation attached ('friend,' and 'friend' become different "
                "words). A word is a run of letters and digits: look for those runs instead.",
                lambda text: text.lower().split()),
        Mistake("no_lowercase",
                "'FREE', 'Free' and 'free' should be one word: lower-case the text first.",
                lambda text: re.findall(r"[A-Za-z0-9]+", text)),
        Mistake("letters_only",
                "digits are part of words too ('100', 'win2'): keep runs of a-z and 0-9.",
                lambda text: re.findall(r"[a-z]+", text.lower())),
        Mistake("word_characters",
                "a regex word character (\\w) is more than a-z and 0-9: it also matches the underscore "
                "and accented letters such as é, so 'naïve_bayes' stays one word. Here a word is a run "
                "of the letters a to z and the digits only.",
                lambda text: re.findall(r"\w+", text.lower())),
    ),
)


# --- build_vocabulary(docs, min_df, max_features) ------------------------------------------------

def _docs(rng, n_docs, low=0, high=7):
    return [[str(w) for w in rng.choice(WORDS, size=int(rng.integers(low, high)))] for _ in range(n_docs)]


def _vocab_by_total(docs, min_df, max_features):
    doc_freq = Counter(w for d in docs for w in set(d))
    total = Counter(w for d in docs for w in d)
    ranked = sorted((w for w in total if doc_freq[w] >= min_df), key=lambda w: (-total[w], w))
    return sorted(ranked[:max_features] if max_features is not None else ranked)


def _vocab_unsorted(docs, min_df, max_features):
    doc_freq = Counter(w for d in docs for w in set(d))
    ranked = sorted((w for w in doc_freq if doc_freq[w] >= min_df), key=lambda w: (-doc_freq[w], w))
    return ranked[:max_features] if max_features is not None else ranked


VOCAB_DOCS = [["money", "money", "money", "money", "win"], ["dear", "friend", "lunch"],
              ["dear", "friend"], ["dear", "lunch", "win"], ["tomato"]]

BUILD_VOCABULARY = Exercise(
    id="naive_bayes.build_vocabulary",
    arg_names=("docs", "min_df", "max_features"),
    reference=ref.build_vocabulary,
    visible_cases=lambda rng: [(VOCAB_DOCS, 1, 3), ([["win", "ant"], ["win", "bee"], ["win", "ant"]], 1, 2),
                               (VOCAB_DOCS, 2, None), ([], 1, None)]
    + [(_docs(rng, 6), int(rng.integers(1, 3)), int(rng.integers(2, 6))) for _ in range(2)],
    hidden_cases=lambda rng: [([["x"], ["y"], ["x", "y", "y", "y"], ["z"]], 1, 1), (VOCAB_DOCS, 3, None),
                              ([["zeta", "alpha"], ["zeta"]], 1, None)]
    + [(_docs(rng, 8), int(rng.integers(1, 3)), int(rng.integers(2, 8))) for _ in range(4)],
    mistakes=(
        Mistake("ranks_by_total_count",
                "rank words by the number of *documents* they occur in, not by how often they occur "
                "overall: one email repeating a word 50 times should not buy it a place.",
                _vocab_by_total),
        Mistake("not_sorted",
                "return the kept words in alphabetical order, so that column j of the count matrix is "
                "the same word for everyone.",
                _vocab_unsorted),
        Mistake("ignores_min_df",
                "keep only the words that occur in at least min_df documents before taking the "
                "max_features most frequent.",
                lambda docs, min_df, max_features: ref.build_vocabulary(docs, 1, max_features)),
    ),
)


# --- count_matrix(docs, vocabulary) ----------------------------------------------------------

def _count_cases(rng, count):
    cases = []
    for _ in range(count):
        vocab = [str(w) for w in rng.permutation(WORDS)[: int(rng.integers(3, 8))]]
        cases.append((_docs(rng, int(rng.integers(2, 6)), 0, 10), vocab))
    return cases


COUNT_MATRIX = Exercise(
    id="naive_bayes.count_matrix",
    arg_names=("docs", "vocabulary"),
    reference=ref.count_matrix,
    visible_cases=lambda rng: [([["win", "money", "money"], ["dear", "friend", "dear", "lunch"]],
                                ["money", "dear", "win", "friend"]),
                               ([[], ["tomato", "tomato"]], ["lunch", "tomato"]),
                               ([["wine", "win", "winner"], ["twin"]], ["win", "wine"])]  # words inside words
    + _count_cases(rng, 2),
    hidden_cases=lambda rng: [([["b", "a", "b", "b"]], ["b", "a"]), ([["seat", "sea", "eat"]], ["sea", "eat"])]
    + _count_cases(rng, 4),
    mistakes=(
        Mistake("presence_not_counts",
                "count every occurrence: 'money money' gives 2, not 1.",
                lambda docs, vocab: (ref.count_matrix(docs, vocab) > 0).astype(np.int64)),
        Mistake("sorted_columns",
                "column j must be the word vocabulary[j], in the order given, not in alphabetical order.",
                lambda docs, vocab: ref.count_matrix(docs, sorted(vocab))),
        Mistake("substrings",
                "count whole tokens, not pieces of text: 'win' inside 'wine' or 'twin' is not the word 'win'.",
                lambda docs, vocab: np.array([[" ".join(d).count(w) for w in vocab] for d in docs],
                                             dtype=np.int64).reshape(len(docs), len(vocab))),
    ),
)


# --- train_test_matrices(train_docs, test_docs, max_features) -----------------------------------------

def _split_cases(rng, count):
    return [(_docs(rng, 5, 1, 7), _docs(rng, 3, 1, 7), int(rng.integers(2, 7))) for _ in range(count)]


TRAIN_TEST_MATRICES = Exercise(
    id="naive_bayes.train_test_matrices",
    arg_names=("train_docs", "test_docs", "max_features"),
    reference=ref.train_test_matrices,
    visible_cases=lambda rng: [([["dear", "friend"], ["money", "win", "money"], ["dear", "lunch"]],
                                [["win", "tomato", "tomato"], ["tomato", "offer"]], 3)] + _split_cases(rng, 2),
    hidden_cases=lambda rng: [([["a", "b"], ["b", "c"]], [["c", "d", "d", "e"], ["d", "e"]], 10)]
    + _split_cases(rng, 3),
    mistakes=(
        Mistake("vocabulary_from_test",
                "build the vocabulary from the *training* documents only. The test set stands for "
                "future email: choosing features by looking at it leaks information into the model.",
                lambda train, test, k: (ref.count_matrix(train, ref.build_vocabulary(test, 1, k)),
                                        ref.count_matrix(test, ref.build_vocabulary(test, 1, k)))),
        Mistake("vocabulary_from_train_and_test",
                "build the vocabulary from the training documents only, not from train + test: the "
                "test set must not influence which words become features.",
                lambda train, test, k: (ref.count_matrix(train, ref.build_vocabulary(train + test, 1, k)),
                                        ref.count_matrix(test, ref.build_vocabulary(train + test, 1, k)))),
        Mistake("separate_vocabularies",
                "the test matrix must use the training vocabulary: column j of both matrices counts "
                "the same word, or the model's feature j means nothing on the test set.",
                lambda train, test, k: (ref.count_matrix(train, ref.build_vocabulary(train, 1, k)),
                                        ref.count_matrix(test, ref.build_vocabulary(test, 1, k)))),
    ),
)
