"""Fixtures: the visible cases of every exercise, frozen to JSON.

``grader/fixtures/<topic>.json`` holds, for each exercise of a topic, its argument
names, tolerances, time limit, the hints of its named mistakes and its visible cases:
the arguments, the expected answer and each mistake's answer (where it differs from
the expected one).  Visible checks need nothing else, so they run in the student
bundle, which has neither ``genlab.reference`` nor ``grader.exercises``.

Rebuild with ``python -m grader fixtures``; a test fails when they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from grader import registry
from grader.checkers import comparer

__all__ = ["FIXTURE_DIR", "encode", "decode", "build", "load", "write_all"]

FIXTURE_DIR = Path(__file__).with_name("fixtures")


def encode(value):
    """Turn numbers, arrays and tuples into JSON-ready data (exactly invertible)."""
    if isinstance(value, np.ndarray):
        return {"__ndarray__": value.tolist(), "dtype": str(value.dtype), "shape": list(value.shape)}
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def decode(data):
    """Inverse of :func:`encode`."""
    if isinstance(data, dict):
        if "__ndarray__" in data:
            return np.array(data["__ndarray__"], dtype=data["dtype"]).reshape(data["shape"])
        if "__tuple__" in data:
            return tuple(decode(v) for v in data["__tuple__"])
        return {k: decode(v) for k, v in data.items()}
    if isinstance(data, list):
        return [decode(v) for v in data]
    return data


def build(topic: str) -> dict:
    """Compute the fixture document of one topic from the reference (JSON-ready)."""
    document = {}
    for exercise in registry.exercises(topic):
        same = comparer(exercise.checker)
        cases = []
        for args in exercise.visible_cases(registry.case_rng(exercise.id, "visible")):
            expected = exercise.reference(*args)
            mistakes = {}
            for mistake in exercise.mistakes:
                wrong = mistake.compute(*args)
                if same(wrong, expected, rtol=exercise.rtol, atol=exercise.atol) is not None:
                    mistakes[mistake.name] = encode(wrong)
            cases.append({"args": encode(list(args)), "expected": encode(expected), "mistakes": mistakes})
        document[exercise.id] = {
            "arg_names": list(exercise.arg_names),
            "rtol": exercise.rtol,
            "atol": exercise.atol,
            "time_limit": exercise.time_limit,
            "checker": exercise.checker,
            "hints": {m.name: m.hint for m in exercise.mistakes},
            "mistake_order": [m.name for m in exercise.mistakes],
            "cases": cases,
        }
    return document


def dumps(document: dict) -> str:
    """The exact text written to a fixture file."""
    return json.dumps(document, indent=1, sort_keys=True) + "\n"


def path(topic: str) -> Path:
    return FIXTURE_DIR / f"{topic}.json"


def write_all() -> list[Path]:
    """Rebuild every topic's fixture file; return the paths written."""
    written = []
    for topic in registry.topics():
        path(topic).write_text(dumps(build(topic)))
        written.append(path(topic))
    return written


_cache: dict[str, dict] = {}


def load(exercise_id: str) -> dict:
    """The decoded fixture entry of one exercise (cached per topic)."""
    topic = exercise_id.split(".", 1)[0]
    if topic not in _cache:
        file = path(topic)
        if not file.exists():
            raise KeyError(f"no visible checks for topic {topic!r} (missing {file.name})")
        _cache[topic] = decode(json.loads(file.read_text()))
    try:
        return _cache[topic][exercise_id]
    except KeyError:
        raise KeyError(f"no exercise {exercise_id!r}; known: {', '.join(_cache[topic])}") from None
