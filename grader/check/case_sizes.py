"""How a hidden case differs from the visible ones in size: "right on the small case, not on a batch".

A hidden check runs only after the same cell's visible checks passed, so a hidden failure means
the function works on the visible cases and not on this one.  When this case's inputs are much
larger than any visible case's, saying so points at what only works on a small input: a fixed
size, a Python loop, a sum over the whole array where each row needs its own.  Sizes of inputs
are no secret (the call is shown anyway); nothing here uses an expected value.
"""

from __future__ import annotations

import numpy as np

__all__ = ["larger_than_visible", "size"]

_RATIO = 2.0  # at least twice the largest visible size before it is worth a sentence


def size(value) -> int | None:
    """How many entries ``value`` holds: an array's, a list's or a string's length, a dict's
    values together; None for a single number (a count such as ``n_iter`` is not a size)."""
    if isinstance(value, np.ndarray):
        return int(value.size) if value.ndim else None
    if isinstance(value, (str, list, tuple)):
        return len(value)
    if isinstance(value, dict):
        sizes = [s for s in map(size, value.values()) if s is not None]
        return sum(sizes) if sizes else None
    return None


def _shown(value) -> str:
    if isinstance(value, np.ndarray):
        return "shape (" + ", ".join(map(str, value.shape)) + ("," if value.ndim == 1 else "") + ")"
    if isinstance(value, str):
        return f"{len(value)} characters"
    if isinstance(value, dict):
        return f"{size(value)} numbers in all"
    return f"{len(value)} items"


def larger_than_visible(arg_names, args, visible_args, slow: bool = False) -> str | None:
    """One sentence when ``args`` are much larger than every visible case's, else None.

    Parameters
    ----------
    arg_names : sequence of str
    args : tuple
        The hidden case's arguments.
    visible_args : list of sequence
        Each visible case's arguments, in the same order.
    slow : bool
        The call ran past its time limit (the sentence then points at loops).

    The argument named is the one whose size grew the most, by a factor of at least 2.
    """
    best = None
    for i, (name, value) in enumerate(zip(arg_names, args)):
        here = size(value)
        seen = [size(v[i]) for v in visible_args if i < len(v)]
        seen = [s for s in seen if s is not None]
        if here is None or not seen:
            continue
        ratio = here / max(max(seen), 1)
        if ratio >= _RATIO and (best is None or ratio > best[0]):
            largest = max((v[i] for v in visible_args if size(v[i]) is not None), key=size)
            best = (ratio, name, value, largest)
    if best is None:
        return None
    _, name, value, largest = best
    where = (f"Your function passes the visible tests, and this hidden case is much larger: `{name}` has "
             f"{_shown(value)}, the largest visible one {_shown(largest)}.")
    if slow:
        return where + " A Python loop over its entries is too slow at this size: use whole-array numpy operations."
    return (where + " Look for what only works on a small input: a fixed size or index, a loop that stops "
            "early, or a sum over the whole array where each row (or column) needs its own.")
