"""Every exercise's hints in levels, one module per topic (``LEVELS``: function name -> texts).

Level 1 says what to think about and where to look, without code; each next level is more
specific; only the last gives the formula (never the code).  ``make fixtures`` freezes them with
the visible cases, where ``grader.check.hints`` reads them.
"""

from __future__ import annotations

import importlib

__all__ = ["levels_for"]


def levels_for(exercise_id: str) -> tuple[str, ...]:
    """The hint levels of ``"<topic>.<function>"``, first to last (empty when it has none)."""
    topic, function = exercise_id.split(".", 1)
    try:
        module = importlib.import_module(f"grader.authoring.hint_levels.{topic}")
    except ModuleNotFoundError:
        return ()
    return tuple(module.LEVELS.get(function, ()))
