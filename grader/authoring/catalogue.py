"""The catalogue of exercises: every topic's ``EXERCISES``, found by id.

Each notebook has a module (or package) ``grader.authoring.exercises.<topic>`` with a list
``EXERCISES`` of :class:`grader.authoring.schema.Exercise`.  These modules, and the reference
library they call, are needed only to build fixtures and to grade hidden cases; visible checks
run from the fixtures alone (``grader.check.visible_cases``).
"""

from __future__ import annotations

import importlib
import pkgutil

from grader.authoring.schema import Exercise

__all__ = ["get", "topics", "exercises"]


def topics() -> list[str]:
    """Names of the topic modules in ``grader.authoring.exercises``, sorted."""
    import grader.authoring.exercises as package

    return sorted(m.name for m in pkgutil.iter_modules(package.__path__) if not m.name.startswith("_"))


def exercises(topic: str) -> list[Exercise]:
    """The exercises of one topic, in notebook order."""
    return list(importlib.import_module(f"grader.authoring.exercises.{topic}").EXERCISES)


def get(exercise_id: str) -> Exercise:
    """Look an exercise up by id; KeyError with the known ids if there is none."""
    topic = exercise_id.split(".", 1)[0]
    known = topics()
    if topic not in known:
        raise KeyError(f"no exercise topic {topic!r}; known topics: {', '.join(known)}")
    for exercise in exercises(topic):
        if exercise.id == exercise_id:
            return exercise
    ids = ", ".join(e.id for e in exercises(topic))
    raise KeyError(f"no exercise {exercise_id!r}; {topic} has: {ids}")
