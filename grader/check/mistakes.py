"""Named mistakes: which wrong answer a student's answer is.

A mistake can be named only where its answer differs from the right one (on some cases a
typical mistake gives the right answer); :func:`distinct_mistakes` is that rule, used both
when the visible cases are frozen and when hidden cases are checked.
"""

from __future__ import annotations

__all__ = ["distinct_mistakes", "matching_mistake"]


def distinct_mistakes(answers: dict, expected, differ, rtol: float, atol: float) -> dict:
    """The mistakes' answers that differ from the right answer.

    Parameters
    ----------
    answers : dict
        Mistake name -> the wrong answer it computes, in the exercise's order.
    expected : object
        The right answer.
    differ : callable
        The exercise's difference function (``difference_for(exercise.checker)``).
    rtol, atol : float
        The exercise's tolerances.
    """
    return {name: wrong for name, wrong in answers.items()
            if differ(wrong, expected, rtol=rtol, atol=atol) is not None}


def matching_mistake(got, wrong_answers: dict, differ, rtol: float, atol: float) -> str | None:
    """The first mistake whose answer ``got`` equals (within the tolerances), or None."""
    for name, wrong in wrong_answers.items():
        if differ(got, wrong, rtol=rtol, atol=atol) is None:
            return name
    return None
