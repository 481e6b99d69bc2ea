"""Build the visible cases of every exercise from the reference, and write them as fixtures.

``python -m grader fixtures`` (``make fixtures``) rebuilds ``grader/check/fixtures/<topic>.json``
and rewrites a file only when :func:`grader.authoring.fixture_freshness.differences` finds a real
change; a test fails when they are stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from grader.authoring import catalogue
from grader.authoring.hint_levels import levels_for
from grader.authoring.fixture_freshness import differences, keep_close_document, plain
from grader.authoring.schema import case_rng
from grader.check.custom_differences import difference_for
from grader.check.json_values import encode
from grader.check.mistakes import distinct_mistakes
from grader.check.visible_cases import path

__all__ = ["build", "dumps", "write_all"]


def build(topic: str) -> dict:
    """Compute the fixture document of one topic from the reference (JSON-ready)."""
    document = {}
    for exercise in catalogue.exercises(topic):
        differ = difference_for(exercise.checker)
        cases = []
        for args in exercise.visible_cases(case_rng(exercise.id, "visible")):
            expected = exercise.reference(*args)
            mistakes = distinct_mistakes({m.name: m.compute(*args) for m in exercise.mistakes}, expected,
                                         differ, exercise.rtol, exercise.atol)
            cases.append({"args": encode(list(args)), "expected": encode(expected),
                          "mistakes": {name: encode(wrong) for name, wrong in mistakes.items()}})
        document[exercise.id] = {
            "arg_names": list(exercise.arg_names),
            "rtol": exercise.rtol,
            "atol": exercise.atol,
            "time_limit": exercise.time_limit,
            "checker": exercise.checker,
            "hints": {m.name: m.hint for m in exercise.mistakes},
            "mistake_order": [m.name for m in exercise.mistakes],
            "hint_levels": list(levels_for(exercise.id)),
            "cases": cases,
        }
        if exercise.batch is not None:
            batch = exercise.batch
            document[exercise.id]["batch"] = {"case": batch.case, "rows": batch.rows, "answer": batch.answer,
                                              "tiled": [exercise.arg_names.index(n) for n in batch.tiled]}
    return document


def dumps(document: dict) -> str:
    """The exact text written to a fixture file."""
    return json.dumps(document, indent=1, sort_keys=True) + "\n"


def write_all(directory: Path | None = None) -> list[tuple[Path, str, list[str]]]:
    """Rebuild every topic's fixture file, rewriting only those that really changed.

    Parameters
    ----------
    directory : Path, optional
        Where the fixture files are (default :data:`FIXTURE_DIR`).

    Returns
    -------
    list of (Path, str, list of str)
        Per topic: the file, what happened (``"wrote"`` for a new or unreadable file,
        ``"rewrote"``, ``"unchanged"``) and the :func:`differences` that caused a rewrite.

    Notes
    -----
    A file whose stored document has no :func:`differences` from the built one is left
    byte for byte as it is, so regenerating on another CPU changes nothing.  A file that
    is rewritten keeps its stored floats wherever they are within the freshness tolerance
    of the new ones, so its diff shows what changed and no rounding noise.
    """
    done = []
    for topic in catalogue.topics():
        file, built = path(topic, directory), plain(build(topic))
        try:
            stored = json.loads(file.read_text())
            if not isinstance(stored, dict):
                raise ValueError("not a fixture document")
        except (OSError, ValueError):
            file.parent.mkdir(parents=True, exist_ok=True)
            file.write_text(dumps(built))
            done.append((file, "wrote", []))
            continue
        found = differences(stored, built)
        if found:
            file.write_text(dumps(keep_close_document(stored, built)))
        done.append((file, "rewrote" if found else "unchanged", found))
    return done
