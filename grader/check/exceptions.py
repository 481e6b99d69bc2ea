"""What an exception raised in a student's function usually means, in one sentence.

A failing call already says what was raised and on which of the student's lines
(``grader.check.calling``); :func:`explain_exception` adds, for the numpy errors students meet in
this course, where to look.
"""

from __future__ import annotations

import numpy as np

__all__ = ["explain_exception"]


def explain_exception(outcome: dict, arg_names, args) -> str | None:
    """What a numpy exception usually means, in one sentence, or None.

    Parameters
    ----------
    outcome : dict
        ``{"raised": type name, "message": str, ...}`` (``grader.check.calling``).
    arg_names : sequence of str
    args : tuple
        The case's arguments; the shapes of the arrays among them are quoted.
    """
    kind, text = str(outcome.get("raised", "")), str(outcome.get("message", "")).lower()
    shapes = ", ".join(f"{n} {tuple(a.shape)}" for n, a in zip(arg_names, args) if isinstance(a, np.ndarray))
    given = f" The arrays you were given have shapes {shapes}." if shapes else ""
    if kind == "LinAlgError" and "singular" in text:
        return ("A matrix you invert or solve with is singular: usually a component has collapsed onto a "
                "point or a variance is 0 (add the variance floor to the diagonal), or the arguments are "
                "in the wrong order." + given)
    if kind == "LinAlgError" and "positive definite" in text:
        return ("The matrix you factorise (Cholesky) is not a valid covariance: check that it is "
                "symmetric with the variance floor on its diagonal, and that the arguments are in the "
                "right order." + given)
    if kind == "LinAlgError" and "square" in text:
        return "np.linalg needs square matrices here: check which array you pass." + given
    if kind == "ValueError" and any(w in text for w in ("broadcast", "not aligned", "core dimension",
                                                        "shapes", "cannot reshape")):
        return ("Two arrays' shapes do not fit together: check which axis is which (samples, components, "
                "features), and line them up with [:, None] or keepdims=True." + given)
    if kind == "IndexError" and ("out of bounds" in text or "too many indices" in text):
        return "An index does not fit an array's shape: check the axis you index and its length." + given
    return None
