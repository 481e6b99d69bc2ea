"""The Naive Bayes exercises name the mistakes issue 4 asks for, and their cases can expose them."""

import numpy as np
import pytest

from grader.authoring import catalogue, schema
from grader.check import visible_cases

EXERCISES = {e.function: e for e in catalogue.exercises("naive_bayes")}


def hidden(name):
    exercise = EXERCISES[name]
    return exercise, exercise.hidden_cases(schema.case_rng(exercise.id, "hidden"))


def mistake(exercise, name):
    return next(m for m in exercise.mistakes if m.name == name)


@pytest.mark.parametrize("function,name", [
    ("fit_multinomial", "no_smoothing"), ("fit_bernoulli", "no_smoothing"),
    ("multinomial_log_joint", "prior_left_out"), ("bernoulli_log_joint", "prior_left_out"),
    ("multinomial_log_joint", "multiplied_outside_log_space"),
    ("bernoulli_log_joint", "no_absent_word_term"),
    ("train_test_matrices", "vocabulary_from_test"),
])
def test_issue_mistakes_are_named(function, name):
    assert name in {m.name for m in EXERCISES[function].mistakes}


def test_at_least_eight_graded_functions():
    assert len(EXERCISES) >= 8


def test_a_hidden_long_email_underflows_when_multiplied_outside_log_space():
    exercise, cases = hidden("multinomial_log_joint")
    wrong = mistake(exercise, "multiplied_outside_log_space")
    underflowed = 0
    for model, X in cases:
        expected = exercise.reference(model, X)
        assert np.isfinite(expected).all()
        with np.errstate(all="ignore"):
            got = wrong.compute(model, X)
        rows = np.isneginf(got).all(axis=1)
        underflowed += rows.sum()
        assert (np.asarray(X)[rows].sum(axis=1) >= 500).all()  # only long emails underflow
    assert underflowed >= 1


def test_a_hidden_case_breaks_naive_normalisation():
    exercise, cases = hidden("predict_log_proba")
    wrong = mistake(exercise, "exp_before_normalising")
    assert any(not np.isfinite(wrong.compute(*args)).all() for args in cases)


def test_no_smoothing_gives_minus_infinity_on_a_zero_count():
    exercise, cases = hidden("fit_multinomial")
    wrong = mistake(exercise, "no_smoothing")
    assert any(np.isneginf(wrong.compute(*args)["feature_log_prob"]).any() for args in cases)


def test_fixture_file_is_small(repo):
    assert visible_cases.path("naive_bayes").stat().st_size < 300_000
