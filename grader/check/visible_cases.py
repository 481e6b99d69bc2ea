"""The visible cases of every exercise, frozen in ``grader/check/fixtures/<topic>.json``.

Each file holds, for each exercise of a topic, its argument names, tolerances, time limit,
the hints of its named mistakes and its visible cases: the arguments, the expected answer
and each mistake's answer (where it differs from the expected one).  Visible checks need
nothing else, so they run in the student bundle, which has neither ``genlab.reference`` nor
the exercises.  ``grader.authoring.fixture_building`` writes them (``make fixtures``).
"""

from __future__ import annotations

import json
from pathlib import Path

from grader.check.json_values import decode

__all__ = ["FIXTURE_DIR", "path", "load", "rules_and_cases", "wrong_answers", "exercise_ids"]

FIXTURE_DIR = Path(__file__).with_name("fixtures")


def path(topic: str, directory: Path | None = None) -> Path:
    """The fixture file of one topic (in ``directory``, by default :data:`FIXTURE_DIR`)."""
    return Path(directory or FIXTURE_DIR) / f"{topic}.json"


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


def rules_and_cases(exercise_id: str):
    """The exercise's comparison rules and its visible cases, from its fixture entry.

    Returns
    -------
    rules : grader.check.judging.Rules
    cases : list of dict
        Each with ``"args"`` (list), ``"expected"`` and ``"mistakes"`` (name -> wrong answer).
    """
    from grader.check.custom_differences import difference_for
    from grader.check.judging import Rules

    spec = load(exercise_id)
    rules = Rules(exercise_id.split(".", 1)[1], spec["arg_names"], difference_for(spec.get("checker")),
                  spec["rtol"], spec["atol"], spec["time_limit"], spec["hints"])
    return rules, spec["cases"]


def wrong_answers(exercise_id: str, case: dict) -> dict:
    """A visible case's mistake answers, in the exercise's order of mistakes."""
    order = load(exercise_id)["mistake_order"]
    return {name: case["mistakes"][name] for name in order if name in case["mistakes"]}


def exercise_ids(topic: str) -> list[str]:
    """The exercise ids of a topic, in its fixture file's order (by name)."""
    file = path(topic)
    if not file.exists():
        raise KeyError(f"no visible checks for topic {topic!r} (missing {file.name})")
    return list(json.loads(file.read_text()))
