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

__all__ = ["Batch", "Mistake", "Exercise", "case_rng"]


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
class Batch:
    """A visible case built at check time: one frozen visible case with its rows repeated.

    It makes the visible check enforce what only a large input shows (a vectorised function
    within the time limit; nothing that depends on the number of rows) without storing a large
    array in the fixtures.  ``batch_case`` in :mod:`grader.check.visible_cases` builds it.

    Attributes
    ----------
    case : int
        Index of the visible case whose rows are repeated.
    rows : int
        At least this many rows in the batch (the case's rows are repeated ⌈rows / n⌉ times).
    tiled : tuple of str
        The arguments whose rows (axis 0) are repeated; the others are passed as they are.
    answer : str
        How the right answer follows from the case's: ``"rows"`` (its rows repeated the same
        way, e.g. responsibilities), ``"sum"`` (times the number of repeats, e.g. a total
        log-likelihood) or ``"same"`` (unchanged, e.g. M-step parameters).
    """

    case: int
    rows: int
    tiled: tuple[str, ...]
    answer: str

    def __post_init__(self):
        if self.answer not in ("rows", "sum", "same"):
            raise ValueError(f"Batch answer must be 'rows', 'sum' or 'same', not {self.answer!r}")


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
    batch : Batch, optional
        One more visible case: a visible case's rows repeated, built when the check runs.
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
    batch: Batch | None = None

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
