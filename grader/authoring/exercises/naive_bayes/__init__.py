"""Exercises of notebook 02, a Naive Bayes spam filter.

Arguments stay small (toy documents, a few words, small count matrices); a "long email" is
a row of large counts over a handful of words, enough to underflow a product of probabilities.
"""

from grader.authoring.exercises.naive_bayes.models import (
    BERNOULLI_LOG_JOINT, BINARY_METRICS, FIT_BERNOULLI, FIT_MULTINOMIAL, MULTINOMIAL_LOG_JOINT,
    PREDICT_LOG_PROBA, TOP_SPAM_WORDS,
)
from grader.authoring.exercises.naive_bayes.text import BUILD_VOCABULARY, COUNT_MATRIX, TOKENIZE, TRAIN_TEST_MATRICES

EXERCISES = [TOKENIZE, BUILD_VOCABULARY, COUNT_MATRIX, TRAIN_TEST_MATRICES, FIT_MULTINOMIAL, FIT_BERNOULLI,
             MULTINOMIAL_LOG_JOINT, BERNOULLI_LOG_JOINT, PREDICT_LOG_PROBA, BINARY_METRICS, TOP_SPAM_WORDS]
