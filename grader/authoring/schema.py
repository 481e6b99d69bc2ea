"""The exercise schema: what one graded function is checked against.

Every ``grader.authoring.exercises`` module lists its exercises as :class:`Exercise` objects;
``grader.authoring.catalogue`` finds them by id.  An exercise id is ``"<topic>.<function>"``,
e.g. ``"grades.e_step"``.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Any, Callable

import numpy as np

__all__ = ["Mistake", "Exercise", "case_rng"]


@dataclass(frozen=True)
class Mistake:
    """A wrong answer students typically give.

    Attributes
    ----------
    name : str
        Short identifier shown in the message, e.g. ``"no_conditioning"``.
    hint : str
        One or two kind sentences: what went wrong and what to change.
    compute : callable
        Takes the same arguments as the exercise and returns the wrong answer.
    """

    name: str
    hint: str
    compute: Callable[..., Any]


@dataclass(frozen=True)
class Exercise:
    """One graded function.

    Attributes
    ----------
    id : str
        ``"<topic>.<function>"``.
    arg_names : tuple of str
        Names of the positional arguments, for messages.
    reference : callable
        Returns the right answer for a case's arguments.
    visible_cases, hidden_cases : callable
        ``rng -> list of argument tuples``.  Visible cases are frozen into fixtures;
        hidden ones are generated when grading and must not overlap the visible ones.
    mistakes : tuple of Mistake
    rtol, atol : float
        Tolerances for comparing with the right answer.
    time_limit : float
        Seconds one call may take before it counts as too slow.
    checker : str, optional
        Name of a custom difference in ``grader.check.custom_differences.CUSTOM`` (default:
        :func:`grader.check.difference.difference`, within rtol/atol).
    """

    id: str
    arg_names: tuple[str, ...]
    reference: Callable[..., Any]
    visible_cases: Callable[[np.random.Generator], list[tuple]]
    hidden_cases: Callable[[np.random.Generator], list[tuple]]
    mistakes: tuple[Mistake, ...] = field(default_factory=tuple)
    rtol: float = 1e-7
    atol: float = 1e-10
    time_limit: float = 2.0
    checker: str | None = None

    @property
    def topic(self) -> str:
        return self.id.split(".", 1)[0]

    @property
    def function(self) -> str:
        return self.id.split(".", 1)[1]


def case_rng(exercise_id: str, kind: str) -> np.random.Generator:
    """The random generator for an exercise's ``kind`` ("visible" or "hidden") cases.

    Seeded from the id, so fixtures and grades are reproducible; the two kinds use
    different streams.
    """
    digest = hashlib.sha256(f"{exercise_id}/{kind}".encode()).digest()
    return np.random.default_rng(int.from_bytes(digest[:8], "little"))
