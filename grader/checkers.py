"""Custom comparisons, for exercises whose answer is not one fixed value.

An exercise names one with ``Exercise(checker="name")``; visible and hidden checks then use
``CHECKERS[name]`` instead of :func:`grader.compare.compare`.  Every checker has the same
contract as ``compare``: ``fn(got, expected, *, rtol, atol, reveal) -> None | str``, the
string completing "f(args) ...".  They live here, not in ``grader.exercises``, because
visible checks must run in the student bundle.  ``expected`` is whatever the exercise's
reference returns (for a random sampler, e.g. the moments the sample should match).
"""

from __future__ import annotations

from grader.compare import compare

__all__ = ["CHECKERS", "comparer"]

CHECKERS: dict = {}


def comparer(name: str | None):
    """The comparison function for an exercise: ``compare`` or a named checker."""
    if name is None:
        return compare
    try:
        return CHECKERS[name]
    except KeyError:
        raise KeyError(f"no checker {name!r}; known: {', '.join(sorted(CHECKERS))}") from None
