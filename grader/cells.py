"""nbgrader cells: what a cell's metadata says, read in one place.

A notebook cell is a dict (or nbformat's NotebookNode) with ``cell_type``, ``source`` (a string
or a list of strings) and ``metadata.nbgrader`` holding nbgrader's flags.  The course also states
each graded cell's points in prose — "(2 points)" in a test cell's docstring, "(2 points, graded
by hand)" in the question above a written answer — and :func:`points_mismatches` checks that the
prose says what the metadata says.
"""

from __future__ import annotations

import re

__all__ = ["nbgrader_meta", "source", "grade_id", "is_grade", "is_solution", "is_locked", "is_test",
           "points", "stated_points", "points_mismatches", "HIDDEN_BEGIN", "HIDDEN_END", "hidden_blocks",
           "without_hidden", "visible_part", "strip_solution_markers"]

# nbgrader's markers (its default ClearHiddenTests and ClearSolutions delimiters)
HIDDEN_BEGIN, HIDDEN_END = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"
_HIDDEN = re.compile(rf"^[ \t]*{HIDDEN_BEGIN}[^\n]*\n(.*?)^[ \t]*{HIDDEN_END}[ \t]*\n?", re.MULTILINE | re.DOTALL)
_SOLUTION = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)

# "(2 points)", "(1 point)", "(2 points, graded by hand)"
_STATED = re.compile(r"\((\d+(?:\.\d+)?) points?(?:, graded by hand)?\)")


def nbgrader_meta(cell) -> dict:
    """The cell's ``metadata.nbgrader`` dict ({} when absent or malformed)."""
    meta = cell.get("metadata", {}) if isinstance(cell, dict) else {}
    meta = meta.get("nbgrader", {}) if isinstance(meta, dict) else {}
    return meta if isinstance(meta, dict) else {}


def source(cell) -> str:
    """The cell's source as one string."""
    text = cell.get("source", "") if isinstance(cell, dict) else ""
    return "".join(text) if isinstance(text, list) else str(text)


def grade_id(cell) -> str | None:
    return nbgrader_meta(cell).get("grade_id") or None


def is_grade(cell) -> bool:
    return bool(nbgrader_meta(cell).get("grade"))


def is_solution(cell) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def is_locked(cell) -> bool:
    return bool(nbgrader_meta(cell).get("locked"))


def is_test(cell) -> bool:
    """An autograded test cell: a graded code cell that is not the student's answer."""
    return cell.get("cell_type") == "code" and is_grade(cell) and not is_solution(cell)


def hidden_blocks(text: str) -> list[str]:
    """The hidden-test regions of a cell's source, without their markers."""
    return _HIDDEN.findall(text)


def without_hidden(text: str) -> str:
    """A cell's source with its hidden-test regions (markers included) removed."""
    return _HIDDEN.sub("", text)


def visible_part(text: str) -> str:
    """What a test cell shows a student: its source up to the first hidden-test marker."""
    return text.split(HIDDEN_BEGIN)[0].rstrip()


def strip_solution_markers(text: str) -> str:
    """A master cell's source with its solution markers removed (the worked answer stays)."""
    return _SOLUTION.sub("", text)


def points(cell) -> float:
    return float(nbgrader_meta(cell).get("points", 0) or 0)


def stated_points(cells: list, index: int) -> float | None:
    """The points the prose gives for grade cell ``cells[index]``, or None if it gives none.

    A test cell states them in the first line of its source; a written answer in the nearest
    markdown question above it that is not itself a graded cell.
    """
    cell = cells[index]
    if cell.get("cell_type") == "code":
        first = source(cell).strip().splitlines()[:1]
        match = _STATED.search(first[0]) if first else None
        return float(match.group(1)) if match else None
    for above in reversed(cells[:index]):
        if above.get("cell_type") == "markdown" and not is_grade(above):
            match = _STATED.search(source(above))
            if match:
                return float(match.group(1))
        if is_grade(above):
            break
    return None


def _points(value: float) -> str:
    return f"{value:g} point" + ("" if value == 1 else "s")


def points_mismatches(cells: list, where: str = "") -> list[str]:
    """One sentence for every grade cell whose stated points differ from its metadata."""
    problems = []
    for index, cell in enumerate(cells):
        if not is_grade(cell):
            continue
        stated, given = stated_points(cells, index), points(cell)
        name = f"{where}cell {grade_id(cell) or index}"
        if stated is None:
            problems.append(f"{name} states no points; its metadata gives {given:g} "
                            f"(write \"({_points(given)})\" in its first line or the question above)")
        elif stated != given:
            problems.append(f"{name} says ({_points(stated)}) but its nbgrader metadata gives {given:g}: "
                            "make them agree")
    return problems
