"""A wrong shape in words: which arguments have the lengths of the answer's axes.

"returned an array of shape (2,); expected shape (5,)" leaves the student to work out what 2
and 5 are.  Most wrong shapes come from a sum, mean or argmax over the wrong axis, or from the
wrong array: so the sentence says which argument each length belongs to, e.g. "Your answer has
2 values along axis 0, as many as `weights` has; the right one has 5 there, as many as `x` has."
"""

from __future__ import annotations

import numpy as np

from grader.check.diagnosis import first_wrong

__all__ = ["shape_sentence"]


def _owners(length: int, arg_names, args) -> list[str]:
    """At most two arguments with an axis of ``length``, as words: "`x`", "`resp` along axis 1"."""
    found = [f"`{name}`" for name, value in zip(arg_names, args)  # a count given as a number
             if isinstance(value, (int, np.integer)) and not isinstance(value, bool) and value == length][:2]
    for name, value in zip(arg_names, args):
        try:
            shape = np.shape(value) if isinstance(value, (np.ndarray, list, tuple)) else ()
        except ValueError:  # ragged, e.g. a list of documents
            shape = (len(value),)
        if length in shape and len(found) < 2:
            found.append(f"`{name}`" if len(shape) == 1 else f"`{name}` along axis {shape.index(length)}")
    return found


def _as_many(owners) -> str:
    return f", as many as {' and '.join(owners)} {'have' if len(owners) > 1 else 'has'}" if owners else ""


def shape_sentence(got, expected, arg_names, args, *, rtol: float, atol: float) -> str | None:
    """A sentence relating the first axis where ``got`` and ``expected`` differ in length to the
    arguments' axes, or None (same shapes, not arrays, or no argument has those lengths).

    Parameters
    ----------
    got, expected : array_like, or tuples, lists or dicts of them
        Of a container, the first part that differs is looked at (as the message names it).
    arg_names : sequence of str
    args : sequence
        The call's arguments (arrays among them), in the order of ``arg_names``.
    rtol, atol : float
        The exercise's tolerances, to find the first part that differs.
    """
    got, expected, path = first_wrong(got, expected, rtol, atol)
    try:
        g, e = np.shape(np.asarray(got)), np.shape(np.asarray(expected))
    except (TypeError, ValueError):  # ragged
        return None
    if g == e:
        return None
    where = f" in {path}" if path else ""
    if g == () and len(e) == 1:
        owners = _owners(e[0], arg_names, args)
        return (f"Your answer{where} is one number; the answer has {e[0]} values there{_as_many(owners)}: "
                "is there a sum, mean or product that should not be there?") if owners else None
    if len(g) != len(e):
        return (f"Your answer{where} has {len(g)} dimension{'s' if len(g) != 1 else ''} and the right "
                f"one {len(e)}: check whether a sum or mean kept or dropped an axis (`keepdims`), or an "
                "index like `[:, None]`.") if g and e else None
    axis = next(i for i, (a, b) in enumerate(zip(g, e)) if a != b)
    mine, right = _owners(g[axis], arg_names, args), _owners(e[axis], arg_names, args)
    if not mine and not right:
        return None
    return (f"Your answer{where} has {g[axis]} values along axis {axis}{_as_many(mine)}; the right one has "
            f"{e[axis]} there{_as_many(right)}. Check which array or count "
            "sets that length, and the axis of each sum, mean or argmax.")
