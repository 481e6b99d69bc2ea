"""Hints in levels: what is wrong and where to look first, the formula only at the last.

A failed visible check says what went wrong (and names the mistake when it is a known one).
Each exercise also has two to four *levels* of hints, frozen with its visible cases
(``hint_levels`` in ``grader/check/fixtures/<topic>.json``), from the idea to the formula.
``hint("grades.e_step")`` shows the next level; so does each failure of that check after the
first (the first failure's message stays what it is: what went wrong; each notebook's "How to
work" says that hints exist).  What has been shown is remembered for the life of the kernel:
restarting it starts again from the first level.
"""

from __future__ import annotations

import contextlib

from grader.check import visible_cases

__all__ = ["hint", "after_failure", "levels", "untouched"]

_shown: dict[str, int] = {}     # exercise id -> how many levels this kernel has shown
_failures: dict[str, int] = {}  # exercise id -> how many times its visible check failed


def levels(exercise_id: str) -> list[str]:
    """The exercise's hint levels, first to last (empty when it has none)."""
    return list(visible_cases.load(exercise_id).get("hint_levels", []))


def _level_text(exercise_id: str, number: int, texts: list[str]) -> str:
    name = exercise_id.split(".", 1)[1]
    last = " (the last one)" if number == len(texts) else ""
    return f"Hint {number} of {len(texts)} for {name}{last}: {texts[number - 1]}"


def hint(exercise_id: str, level: int | None = None) -> None:
    """Print the next hint for an exercise (or hint number ``level``, counted from 1).

    Parameters
    ----------
    exercise_id : str
        ``"<topic>.<function>"``, as in the test cell, e.g. ``"grades.e_step"``.
    level : int, optional
        Show this level again instead of the next one.
    """
    try:
        texts = levels(exercise_id)
    except KeyError:
        print(f"There is no exercise {exercise_id!r}: use the name its test cell checks, "
              'such as hint("grades.e_step").')
        return
    if not texts:
        print(f"{exercise_id} has no hints.")
        return
    if level is None:
        if _shown.get(exercise_id, 0) >= len(texts):
            print(f"That was the last hint for {exercise_id}; hint({exercise_id!r}, 1) shows the first again.")
            return
        _shown[exercise_id] = _shown.get(exercise_id, 0) + 1
        level = _shown[exercise_id]
    if not 1 <= level <= len(texts):
        print(f"{exercise_id} has hints 1 to {len(texts)}.")
        return
    print(_level_text(exercise_id, level, texts))


def after_failure(exercise_id: str) -> str | None:
    """What a failed visible check adds to its message: nothing the first time; on each later
    failure, the next level not yet shown (None when all have been)."""
    try:
        texts = levels(exercise_id)
    except KeyError:
        return None
    if not texts:
        return None
    _failures[exercise_id] = _failures.get(exercise_id, 0) + 1
    if _failures[exercise_id] == 1 or _shown.get(exercise_id, 0) >= len(texts):
        return None
    _shown[exercise_id] = _shown.get(exercise_id, 0) + 1
    return _level_text(exercise_id, _shown[exercise_id], texts)


@contextlib.contextmanager
def untouched():
    """Checks run inside this block leave the hints as they were (the progress summary runs
    every visible check; that is not the student failing them again)."""
    shown, failures = dict(_shown), dict(_failures)
    try:
        yield
    finally:
        _shown.clear()
        _shown.update(shown)
        _failures.clear()
        _failures.update(failures)
