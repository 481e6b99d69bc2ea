"""Where you stand in a notebook: ``progress("grades", "grades.ipynb")``, its last code cell.

For each exercise it runs the visible checks on your function, quietly, as its test cell does,
and says whether it passes, is not written yet, or fails (naming the mistake when it is a known
one); for each question graded by hand it says whether the notebook, as last saved, still holds
the placeholder answer.  It is for self-study and for a last look before submitting: it grades
nothing, and the grader also runs hidden tests.

When the notebook is graded (``GENLAB_GRADING=1``) it says so in one sentence and runs nothing.
"""

from __future__ import annotations

import json
import os
import re

__all__ = ["progress", "Standing", "exercise_states", "unanswered_questions", "GRADING_NOTE"]

PLACEHOLDER = "YOUR ANSWER HERE"  # what nbgrader leaves in a hand-graded answer cell
GRADING_NOTE = "(Your progress is shown when you run this cell in JupyterLab; it earns no points.)"
_CHECK = re.compile(r"""\bcheck\(\s*["']([\w.]+)["']""")
_MISTAKE = re.compile(r"known mistake \[([^\]]+)\]")
_QUESTION = re.compile(r"\*\*(Question(?: \d+)?)\b")
_MARKDOWN = re.compile(r"([\\`*_|$<>\[\]#])")


def _meta(cell: dict) -> dict:
    meta = cell.get("metadata", {}).get("nbgrader", {})
    return meta if isinstance(meta, dict) else {}


def _source(cell: dict) -> str:
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _exercise_ids(topic: str, notebook: dict | None) -> list[str]:
    """The notebook's exercises in its own order (from its test cells), else the topic's."""
    found = []
    for cell in (notebook or {}).get("cells", []):
        meta = _meta(cell)
        if cell.get("cell_type") == "code" and meta.get("grade") and not meta.get("solution"):
            for exercise_id in _CHECK.findall(_source(cell)):  # a master's cell names it twice
                if exercise_id not in found:
                    found.append(exercise_id)
    if found:
        return found
    from grader.check import visible_cases
    return visible_cases.exercise_ids(topic)


def exercise_states(exercise_ids: list[str], namespace: dict) -> list[tuple[str, bool, str]]:
    """``(function, passes, what to say)`` for each exercise, from its visible checks.

    Parameters
    ----------
    exercise_ids : list of str
        ``"<topic>.<function>"`` ids, in the order to report them.
    namespace : dict
        Where the student's functions are (the notebook's globals).

    Returns
    -------
    list of (str, bool, str)
        The function's name, whether its visible checks pass, and a few words on its state.
    """
    import contextlib
    import io

    from grader.check import hints
    from grader.check.messages import CheckFailed
    from grader.check.verdict import check

    rows = []
    for exercise_id in exercise_ids:
        name = exercise_id.split(".", 1)[1]
        function = namespace.get(name)
        if function is None:
            rows.append((name, False, "not run yet: run the cell that defines it"))
            continue
        try:
            with contextlib.redirect_stdout(io.StringIO()), hints.untouched():
                check(exercise_id, function)
        except CheckFailed as failed:
            text = str(failed)
            mistake = _MISTAKE.search(text)
            if "is not written yet" in text.splitlines()[0]:
                rows.append((name, False, "not written yet"))
            elif "is not defined" in text.splitlines()[0]:
                rows.append((name, False, "not run yet: run the cell that defines it"))
            elif mistake:
                rows.append((name, False, f"fails: known mistake [{mistake.group(1)}]; its test cell says what to change"))
            else:
                rows.append((name, False, "fails a visible test: its test cell says why"))
        else:
            rows.append((name, True, "passes its visible tests"))
    return rows


def unanswered_questions(notebook: dict) -> list[str]:
    """Where each hand-graded answer that is still empty (or the placeholder) is.

    Returns
    -------
    list of str
        For each, the question's label and its section: ``"Question 2 in 4 · The M-step"``
        (``"the question in …"`` when the notebook does not number them).
    """
    empty, section, before = [], None, ""
    for cell in notebook.get("cells", []):
        source, meta = _source(cell), _meta(cell)
        if cell.get("cell_type") != "markdown":
            continue
        if meta.get("grade") and meta.get("solution"):
            if not source.strip() or PLACEHOLDER in source:
                label = _QUESTION.search(before)
                label = label.group(1) if label and label.group(1) != "Question" else "the question"
                empty.append(f"{label} in {section}" if section else label)
        else:
            headings = [line.lstrip("#").strip() for line in source.splitlines() if line.startswith("#")]
            section = headings[-1] if headings else section
            before = source
    return empty


class Standing:
    """What the progress cell shows: a short table in JupyterLab, plain lines elsewhere."""

    def __init__(self, rows: list[tuple[str, bool, str]], empty: list[str] | None, notebook_file: str):
        self.rows, self.empty, self.notebook_file = rows, empty, notebook_file

    def _headline(self) -> str:
        passed = sum(ok for _, ok, _ in self.rows)
        return (f"{passed} of {len(self.rows)} exercises pass their visible tests "
                "(the grader also runs hidden tests).")

    def _answers(self, plain=str) -> str:
        """The written answers' line; ``plain`` escapes the course's own words (not the notebook's
        section titles, whose maths should render)."""
        if self.empty is None:
            return plain(f"Save the notebook as {self.notebook_file} (Ctrl+S) to see which written "
                         "answers are still empty.")
        if not self.empty:
            return plain("Every written answer has some text (as last saved).")
        return plain("Written answers still to write (as last saved): ") + "; ".join(self.empty) + "."

    def __repr__(self) -> str:
        width = max([len(name) for name, _, _ in self.rows] + [1])
        lines = ["Where you stand: " + self._headline()]
        lines += [f"  {'✓' if ok else '✗'} {name:<{width}}  {text}" for name, ok, text in self.rows]
        return "\n".join(lines + [self._answers()])

    def _repr_markdown_(self) -> str:
        def plain(text):
            return _MARKDOWN.sub(r"\\\1", text)
        lines = [f"**Where you stand.** {plain(self._headline())}", "", "| | exercise | |", "|:-:|:--|:--|"]
        lines += [f"| {'✅' if ok else '✗'} | `{name}` | {plain(text)} |" for name, ok, text in self.rows]
        return "\n".join(lines + ["", self._answers(plain)])


class _Note:
    """The one sentence a graded run shows."""

    def __repr__(self) -> str:
        return GRADING_NOTE


def _namespace() -> dict:
    """The notebook's globals: IPython's user namespace, else ``__main__``'s."""
    try:
        from IPython import get_ipython
        shell = get_ipython()
    except ImportError:
        shell = None
    if shell is not None:
        return shell.user_ns
    import __main__
    return vars(__main__)


def progress(topic: str, notebook_file: str, namespace: dict | None = None):
    """Which exercises pass their visible tests, and which written answers are still empty.

    Parameters
    ----------
    topic : str
        The notebook's topic, e.g. ``"grades"``.
    notebook_file : str or os.PathLike
        The notebook's file name, read as last saved (save first: Ctrl+S).
    namespace : dict, optional
        Where the functions are; by default the notebook's own globals.

    Returns
    -------
    Standing
        Shown as the cell's output.  In a graded run an object that shows one sentence, and
        nothing is run.

    Raises
    ------
    TypeError
        When ``notebook_file`` is not a path (a file descriptor is refused).
    """
    if os.environ.get("GENLAB_GRADING") == "1":
        return _Note()
    # a path, never a number: open(1) would read and then close the process's own stdout
    notebook_file = os.fspath(notebook_file)
    try:
        with open(notebook_file, encoding="utf-8") as file:
            notebook = json.load(file)
    except (OSError, ValueError):
        notebook = None
    rows = exercise_states(_exercise_ids(topic, notebook), _namespace() if namespace is None else namespace)
    return Standing(rows, None if notebook is None else unanswered_questions(notebook), notebook_file)
