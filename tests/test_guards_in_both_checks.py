"""What a notebook asks for is checked by the visible check and by the hidden one alike: a guard
left out (0·log 0, a ratio with nothing to count, far points), or a tokenizer that is too
generous, fails both, so that passing the visible check means the same as passing the hidden one."""

from __future__ import annotations

import re

import numpy as np
import pytest

from grader.check import check


def _both(exercise_id, fn):
    """The first line of each check's failure message (None: it passed)."""
    lines = []
    for hidden in (False, True):
        try:
            with np.errstate(all="ignore"):
                check(exercise_id, fn, hidden=hidden)
            lines.append(None)
        except AssertionError as failure:
            lines.append(str(failure))
    return lines


def _metrics_without_guards(y_true, y_pred):
    y_true, y_pred = np.asarray(y_true), np.asarray(y_pred)
    confusion = np.zeros((2, 2), dtype=np.int64)
    np.add.at(confusion, (y_true, y_pred), 1)
    (tn, fp), (fn, tp) = confusion
    return {"accuracy": float((tp + tn) / y_true.size), "precision": float(tp / (tp + fp)),
            "recall": float(tp / (tp + fn)), "confusion": confusion}


@pytest.mark.parametrize("exercise_id, fn, words", [
    ("grades.observed_log_likelihood",  # no 0·log 0 = 0
     lambda theta, n, n_c: n_c * np.log(theta) + (n - n_c) * np.log(1 - theta), "returned nan"),
    ("em_theory.elbo", lambda q, log_joint: float(np.sum(q * (log_joint - np.log(q)))), "nan"),
    ("naive_bayes.binary_metrics", _metrics_without_guards, "nan"),
    ("naive_bayes.tokenize", lambda text: re.findall(r"\w+", text.lower()), "[word_characters]"),
])
def test_a_missing_guard_fails_the_visible_and_the_hidden_check(exercise_id, fn, words):
    visible, hidden = _both(exercise_id, fn)
    assert visible and words in visible
    assert hidden and hidden.startswith("On a hidden test,") and words in hidden
