"""The visible cases of every exercise, frozen in ``grader/check/fixtures/<topic>.json``.

Each file holds, for each exercise of a topic, its argument names, tolerances, time limit,
the hints of its named mistakes and its visible cases: the arguments, the expected answer
and each mistake's answer (where it differs from the expected one), and optionally a *batch*:
a visible case whose rows are repeated when the check runs (:func:`batch_case`), so that a
check can enforce what only a large input shows without a large fixture.  Visible checks need
nothing else, so they run in the student bundle, which has neither ``genlab.reference`` nor
the exercises.  ``grader.authoring.fixture_building`` writes them (``make fixtures``).
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from grader.check.json_values import decode

__all__ = ["FIXTURE_DIR", "path", "load", "rules_and_cases", "batch_case", "wrong_answers", "exercise_ids"]

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
        Each with ``"args"`` (list), ``"expected"`` and ``"mistakes"`` (name -> wrong answer);
        the batch, if the exercise has one, last, with ``"batch"``: (its case's number from 1,
        its number of rows).
    """
    from grader.check.custom_differences import difference_for
    from grader.check.judging import Rules

    spec = load(exercise_id)
    rules = Rules(exercise_id.split(".", 1)[1], spec["arg_names"], difference_for(spec.get("checker")),
                  spec["rtol"], spec["atol"], spec["time_limit"], spec["hints"])
    cases = spec["cases"]
    if "batch" in spec:
        cases = cases + [batch_case(spec["batch"], cases)]
    return rules, cases


def batch_case(batch: dict, cases: list[dict]) -> dict:
    """The case ``batch`` describes, built from the frozen ``cases`` (see
    :class:`grader.authoring.schema.Batch`).

    The arguments listed in ``batch["tiled"]`` have the rows of case ``batch["case"]`` repeated
    r = ⌈rows / n⌉ times (``np.tile`` along axis 0); the right answer is that case's with its
    rows repeated the same way, times r, or unchanged.  It has no mistake answers.
    """
    case = cases[batch["case"]]
    args = list(case["args"])
    n = len(args[batch["tiled"][0]])
    repeats = -(-batch["rows"] // n)

    def tiled(a):
        a = np.asarray(a)
        return np.tile(a, (repeats,) + (1,) * (a.ndim - 1))

    for i in batch["tiled"]:
        args[i] = tiled(args[i])
    expected = case["expected"]
    if batch["answer"] == "rows":
        expected = tiled(expected)
    elif batch["answer"] == "sum":
        expected = float(expected) * repeats
    return {"args": args, "expected": expected, "mistakes": {}, "batch": (batch["case"] + 1, n * repeats)}


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
