"""Where you stand in a notebook: ``progress("grades", globals(), "grades.ipynb")``.

The last cell of every notebook calls it.  For each exercise it runs the visible checks on your
function, quietly, as its test cell does, and says whether it passes, is not written yet, or what
the first problem is; for each question graded by hand it says whether the saved notebook still
holds the placeholder answer.  It is for self-study and for a last look before submitting: it
grades nothing (the grader also runs hidden tests).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re

from grader.check import visible_cases
from grader.check.messages import CheckFailed
from grader.check.verdict import check

__all__ = ["progress", "exercise_states", "unanswered_questions"]

PLACEHOLDER = "YOUR ANSWER HERE"  # what nbgrader leaves in a hand-graded answer cell
_CHECK = re.compile(r"""\bcheck\(\s*["']([\w.]+)["']""")


def _cells(notebook: dict) -> list[tuple[dict, str]]:
    out = []
    for cell in notebook.get("cells", []):
        source = cell.get("source", "")
        out.append((cell, "".join(source) if isinstance(source, list) else source))
    return out


def _exercise_ids(topic: str, notebook: dict | None) -> list[str]:
    """The notebook's exercises in its own order (from its test cells), else the topic's."""
    found = []
    for cell, source in _cells(notebook or {}):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution"):
            for exercise_id in _CHECK.findall(source):  # a master's cell names it twice (hidden tests)
                if exercise_id not in found:
                    found.append(exercise_id)
    return found or visible_cases.exercise_ids(topic)


def exercise_states(exercise_ids: list[str], namespace: dict) -> list[tuple[str, bool, str]]:
    """``(function, passes, what to say)`` for each exercise, from its visible checks."""
    rows = []
    for exercise_id in exercise_ids:
        name = exercise_id.split(".", 1)[1]
        function = namespace.get(name)
        if function is None:
            rows.append((name, False, "not defined yet: run the cell that defines it"))
            continue
        try:
            with contextlib.redirect_stdout(io.StringIO()):
                check(exercise_id, function)
        except CheckFailed as failed:
            first = str(failed).splitlines()[0]
            rows.append((name, False, "not written yet" if "not written yet" in first else first))
        else:
            rows.append((name, True, "passes its visible tests"))
    return rows


def unanswered_questions(notebook: dict) -> list[str]:
    """The grade ids of hand-graded answers that are still empty or the placeholder."""
    empty = []
    for cell, source in _cells(notebook):
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and meta.get("solution") and cell.get("cell_type") == "markdown":
            if not source.strip() or PLACEHOLDER in source:
                empty.append(meta.get("grade_id", "?"))
    return empty


def progress(topic: str, namespace: dict, notebook_file: str) -> None:
    """Print which exercises pass their visible tests and which questions still need an answer.

    Parameters
    ----------
    topic : str
        The notebook's topic, e.g. ``"grades"``.
    namespace : dict
        Where your functions are: ``globals()``.
    notebook_file : str
        The notebook's file name, read as last saved (save first: Ctrl+S).
    """
    if os.environ.get("GENLAB_GRADING") == "1":
        print("Your progress is shown when you run this cell in JupyterLab.")
        return
    try:
        with open(notebook_file, encoding="utf-8") as file:
            notebook = json.load(file)
    except (OSError, ValueError):
        notebook = None
    rows = exercise_states(_exercise_ids(topic, notebook), namespace)
    width = max(len(name) for name, _, _ in rows)
    passed = sum(ok for _, ok, _ in rows)
    print(f"Exercises: {passed} of {len(rows)} pass their visible tests (the grader also runs hidden ones).")
    for name, ok, text in rows:
        print(f"  {'✓' if ok else '✗'} {name:<{width}}  {text}")
    if notebook is None:
        print(f"Questions graded by hand: save the notebook as {notebook_file} (Ctrl+S) to see which are answered.")
        return
    empty = unanswered_questions(notebook)
    if empty:
        print(f"Questions graded by hand still to answer (as last saved): {', '.join(empty)}.")
    else:
        print("Questions graded by hand: all answered (as last saved).")
