"""grader.check.shape_words: a wrong shape says which argument each length belongs to; and a
message's call stays on one line, so what follows it is the diagnosis."""

import numpy as np

from grader.check.difference import describe
from grader.check.shape_words import shape_sentence

X = np.zeros((5, 2))
WEIGHTS = np.array([0.5, 0.5])
TOL = {"rtol": 1e-7, "atol": 1e-10}


def test_a_sum_over_the_wrong_axis_names_both_lengths():
    sentence = shape_sentence(np.zeros(2), np.zeros(5), ["x", "weights"], [np.zeros(5), WEIGHTS], **TOL)
    assert "2 values along axis 0, as many as `weights` has" in sentence
    assert "5 there, as many as `x` has" in sentence


def test_the_first_wrong_item_of_a_tuple_is_found_and_named():
    got, expected = (np.zeros(5), np.zeros((2, 2))), (np.zeros(2), np.zeros((2, 2)))
    sentence = shape_sentence(got, expected, ["X", "resp"], [X, np.zeros((5, 2))], **TOL)
    assert sentence.startswith("Your answer in item 0 has 5 values along axis 0")
    assert "`resp` along axis 1" in sentence


def test_a_count_given_as_a_number_is_named():
    sentence = shape_sentence(np.zeros((3, 5)), np.zeros((3, 3)), ["docs", "max_features"],
                              [[["a"], ["b", "c"], ["d"]], 3], **TOL)
    assert "the right one has 3 there, as many as `max_features`" in sentence


def test_one_number_for_many_says_a_sum_is_too_many():
    sentence = shape_sentence(np.float64(1.0), np.zeros(5), ["X"], [X], **TOL)
    assert sentence.startswith("Your answer is one number") and "`X` along axis 0" in sentence


def test_no_sentence_when_nothing_explains_the_lengths_or_the_shapes_agree():
    assert shape_sentence(np.zeros(7), np.zeros(3), ["X"], [X], **TOL) is None
    assert shape_sentence(np.zeros(5), np.ones(5), ["X"], [X], **TOL) is None
    assert shape_sentence([[1], [2, 3]], np.zeros(2), ["X"], [X], **TOL) is None  # ragged: no crash


def test_an_array_is_described_on_one_line_with_its_shape():
    text = describe(np.arange(12.0).reshape(6, 2))
    assert "\n" not in text and text.endswith("(6 × 2)") and "..." in text
    assert "\n" not in describe(np.eye(2)) and describe(np.eye(2)) == "[[1., 0.], [0., 1.]]"
