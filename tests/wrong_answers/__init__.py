"""A corpus of realistic wrong answers, 5-9 for every exercise (issue 15, items 2 and 3).

Each module (one or two per topic) defines ``WRONG = Corpus()`` and registers plain student
code with ``@WRONG("<exercise id>", "the misconception, in one line")``: the function is
written from the notebook's docstring and markdown as a student misreading them would, with
numpy only, never through ``genlab.reference`` or a named mistake's ``compute`` (that would be
circular).  The entry's name is the function's name.

:func:`run` puts one entry through the visible check and the hidden one, as a test cell and a
graded notebook do, and :func:`classify` sorts the message a student reads:

* ``named``: a named mistake ("This looks like a known mistake [name]: ...");
* ``diagnosed``: no name, but a line after the first says in words what the wrong answer looks
  like (a general diagnosis, an exception translated, a case much larger than the visible ones,
  an argument changed in place);
* ``unnamed``: only the first line ("returned X; expected Y", "differs at ... first at index
  ...", a raw exception), perhaps followed by the bare "Yours is 0.25 too high" number line;
* ``passes``: both checks pass (a gap in the cases, or an entry that is not wrong).

The message classified is the visible check's; when only the hidden check fails, the hidden one's.
``python -m tests.wrong_answers.report`` prints the table per notebook.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import warnings
from dataclasses import dataclass
from functools import lru_cache
from typing import Callable

__all__ = ["Corpus", "WrongAnswer", "Result", "entries", "run", "classify", "CATEGORIES", "notebooks"]

CATEGORIES = ("named", "diagnosed", "unnamed", "passes")


def notebooks() -> dict[str, str]:
    """Topic -> its notebook's number ("gmm" -> "03"), in notebook order (grader.authoring.topics)."""
    from grader.authoring import topics

    return {t.name: t.folder[:2] for t in sorted(topics.TOPICS, key=lambda t: t.folder)}


# The one line after the first that says only by how much (grader.check.diagnosis._first_gap).
_NUMBER_ONLY = re.compile(r"^Yours is \S+ too (high|low)( there)?( \(a relative difference of [^)]*\))?\.$")


@dataclass(frozen=True)
class WrongAnswer:
    exercise: str
    name: str
    why: str
    fn: Callable
    gap: str | None = None  # a wrong answer the checks let through or cannot name: why (xfail)

    @property
    def topic(self) -> str:
        return self.exercise.split(".", 1)[0]

    @property
    def key(self) -> str:
        return f"{self.exercise}:{self.name}"


class Corpus:
    """The entries of one module: ``@WRONG(exercise_id, why)`` registers a function."""

    def __init__(self):
        self.entries: list[WrongAnswer] = []

    def __call__(self, exercise: str, why: str, gap: str | None = None):
        def register(fn):
            self.entries.append(WrongAnswer(exercise, fn.__name__, why, fn, gap))
            return fn
        return register


@lru_cache(maxsize=None)
def entries() -> tuple[WrongAnswer, ...]:
    """Every entry of every module of this package, in topic order."""
    found = []
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name in ("report",):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        found += getattr(module, "WRONG").entries
    from grader.authoring import catalogue

    order = [e.id for topic in catalogue.topics() for e in catalogue.exercises(topic)]
    return tuple(sorted(found, key=lambda e: (list(notebooks()).index(e.topic), order.index(e.exercise))))


@dataclass(frozen=True)
class Result:
    visible: str | None  # the visible check's message, None when it passes
    hidden: str | None
    category: str

    @property
    def message(self) -> str | None:
        return self.visible if self.visible is not None else self.hidden


def classify(message: str | None) -> str:
    """``named``, ``diagnosed`` or ``unnamed`` for a failure's message; ``passes`` for None."""
    if message is None:
        return "passes"
    if "known mistake [" in message:
        return "named"
    # a sentence after the first line; never a continuation of a value printed over several lines
    rest = [line for line in message.splitlines()[1:]
            if line[:1].isalpha() and line[:1].isupper() and not _NUMBER_ONLY.match(line.strip())]
    return "diagnosed" if rest else "unnamed"


def _message(exercise: str, fn, hidden: bool) -> str | None:
    """The check's message, as a student's first failure reads it (no hint level yet: each
    entry is checked as in a fresh kernel, so that one entry's failures never add hints to
    another's message)."""
    from grader.check import check, hints

    hints._shown.pop(exercise, None)
    hints._failures.pop(exercise, None)
    try:
        with warnings.catch_warnings(), _quiet():
            warnings.simplefilter("ignore")
            check(exercise, fn, hidden=hidden)
    except AssertionError as failure:
        return str(failure)
    return None


class _quiet:
    """Swallow what a check prints when it passes ("...: all 5 visible tests pass.")."""

    def __enter__(self):
        import contextlib
        import io

        self._redirect = contextlib.redirect_stdout(io.StringIO())
        self._redirect.__enter__()

    def __exit__(self, *exc):
        return self._redirect.__exit__(*exc)


@lru_cache(maxsize=None)
def run(entry: WrongAnswer) -> Result:
    """The entry through the visible check and the hidden one."""
    visible = _message(entry.exercise, entry.fn, hidden=False)
    hidden = _message(entry.exercise, entry.fn, hidden=True)
    return Result(visible, hidden, classify(visible if visible is not None else hidden))
