"""Wrong answers of the wrong kind: rounded, one-hot, square roots and squares.

Recognised for any exercise from the values alone, when no named mistake matches: the student's
numbers are the right ones rounded down or up to whole numbers (``//``, ``round``, ``int``, an
integer array), one-hot rows where the right rows are probabilities (a hard choice), or the
square root or the square of the right ones (a standard deviation for a variance, or the other
way).  Each is tested on every
entry, within the exercise's tolerances, and only where it is not trivially true.
"""

from __future__ import annotations

from typing import Callable

import numpy as np

__all__ = ["kind_sentence"]


def kind_sentence(g: np.ndarray, e: np.ndarray, close: Callable) -> str | None:
    """One sentence for ``g`` (the student's numbers) against ``e`` (the right ones), or None.

    Parameters
    ----------
    g, e : ndarray of float, the same shape, finite
    close : callable
        ``close(a, b)`` -> bool: equal within the exercise's tolerances.
    """
    rounded = np.all((g == np.floor(e)) | (g == np.ceil(e)))
    if rounded and np.any(g != 0) and not np.all(e == np.round(e)):  # all zeros: many other causes
        if g.ndim == 2 and min(g.shape) > 1 and close(e.sum(axis=1), np.ones(len(e))) \
                and np.all(g.sum(axis=1) == 1):
            return ("Yours are all 0 or 1 where the right answer has fractions: a hard choice (an argmax "
                    "or a comparison) where probabilities are asked?")
        return ("Yours is the right answer rounded to whole numbers: look for `//`, `round`, `int(...)` "
                "or an array made with an integer dtype.")
    if np.all((e == 0) | (e == 1)):  # 0 and 1 are their own squares and roots
        return None
    if np.all(e >= 0) and close(g, np.sqrt(e)):
        return "Yours is the square root of the right answer: a standard deviation where a variance is asked?"
    if close(g, e ** 2):
        return ("Yours is the square of the right answer: a variance where a standard deviation is asked, "
                "or a square taken twice?")
    return None
