"""Intake: put each student's files where nbgrader expects them, or say why not.

For every ``<student>/<assignment>`` the files handed in are read leniently and matched to the
assignment's master notebooks by their nbgrader cell ids, not by name:

* bytes that are not UTF-8 are replaced (and noted), so one stray byte does not cost a notebook;
* a file that is not JSON, or not a Jupyter notebook, is not graded (reason recorded);
* a renamed notebook (``grades (1).ipynb``) is graded under its master's name;
* a notebook of another assignment, or an extra notebook, is not graded (reason recorded);
* a missing notebook scores 0 (nbgrader's rule) with a reason;
* a changed kernelspec is noted (the grader always uses its own sandbox kernel).

The placed notebooks are written to ``<course>/submitted/<student>/<assignment>/``; the static
integrity scan runs on them as handed in.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import nbformat

from grader import cells
from grader.grading import integrity

__all__ = ["Placed", "master_notebooks", "place_all"]


@dataclass
class Placed:
    """What intake did for one student's assignment."""

    student: str
    assignment: str
    reasons: list[tuple[str, str]] = field(default_factory=list)   # (notebook, message)
    flags: dict[str, list[str]] = field(default_factory=dict)       # notebook -> static flags


def _ids(nb: dict) -> set[str]:
    found = nb.get("cells", []) if isinstance(nb.get("cells"), list) else []
    return {cells.grade_id(cell) for cell in found if cells.grade_id(cell)}


def master_notebooks(course: Path) -> dict[str, dict[str, dict]]:
    """assignment -> notebook name (stem) -> master notebook (JSON)."""
    found: dict[str, dict[str, dict]] = {}
    for path in sorted((Path(course) / "solutions").glob("*/*.ipynb")):
        found.setdefault(path.parent.name, {})[path.stem] = json.loads(path.read_text())
    return found


def _read(path: Path) -> tuple[dict | None, list[str]]:
    notes = []
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", errors="replace")
        notes.append(f"non-UTF-8 bytes at offset {error.start} replaced by U+FFFD")
    try:
        data = json.loads(text)
    except ValueError as error:
        return None, notes + [f"not graded: not valid JSON ({error.msg} at line {error.lineno})"]
    if not isinstance(data, dict) or not isinstance(data.get("cells"), list):
        return None, notes + ["not graded: not a Jupyter notebook (no list of cells)"]
    try:
        nb = nbformat.reads(json.dumps(data), as_version=4)
    except Exception as error:  # noqa: BLE001
        return None, notes + [f"not graded: not a readable notebook ({type(error).__name__})"]
    return json.loads(nbformat.writes(nb)), notes


def _similarity(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def place(course: Path, student: str, assignment: str, files: list[Path],
          masters: dict[str, dict[str, dict]]) -> Placed:
    """Place one student's files for one assignment into ``course/submitted``."""
    placed = Placed(student, assignment)
    target = Path(course) / "submitted" / student / assignment
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    own = masters.get(assignment, {})
    master_ids = {(a, n): _ids(nb) for a, per in masters.items() for n, nb in per.items()}
    chosen: dict[str, tuple[Path, dict, list[str]]] = {}
    for path in sorted(files):
        if path.name == "timestamp.txt":
            shutil.copy2(path, target / "timestamp.txt")
            continue
        if path.suffix != ".ipynb":
            continue
        nb, notes = _read(path)
        if nb is None:
            for note in notes:
                placed.reasons.append((path.stem, note))
            continue
        ids = _ids(nb)
        scores = {key: _similarity(ids, mids) for key, mids in master_ids.items()}
        best = max(scores, key=lambda k: (scores[k], k[0] == assignment, k[1] == path.stem), default=None)
        if path.stem in own and (best is None or scores[best] == 0 or best == (assignment, path.stem)):
            name = path.stem  # its own name, and nothing suggests otherwise
        elif best is not None and best[0] == assignment and scores[best] >= 0.5:
            name = best[1]
            notes.append(f"renamed: handed in as {path.name}, graded as {name}.ipynb")
        elif best is not None and scores[best] >= 0.5:
            placed.reasons.append((path.stem, f"not graded: this is the notebook of assignment {best[0]} "
                                              f"({best[1]}.ipynb), handed in under {assignment}"))
            continue
        else:
            placed.reasons.append((path.stem, "not graded: extra notebook, not one of this assignment's"))
            continue
        if name in chosen:
            earlier = chosen[name][0]
            keep_new = path.stem == name and earlier.stem != name
            dropped = earlier if keep_new else path
            placed.reasons.append((dropped.stem, f"not graded: a second copy of {name}.ipynb"))
            if not keep_new:
                continue
        chosen[name] = (path, nb, notes)
    for name, (path, nb, notes) in chosen.items():
        for note in notes:
            placed.reasons.append((name, note))
        flags = integrity.scan_notebook(nb, own.get(name))
        if flags:
            placed.flags[name] = flags
        (target / f"{name}.ipynb").write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    for name in own:
        if name not in chosen:
            placed.reasons.append((name, "missing: no notebook handed in, scored 0"))
    return placed


def place_all(course: Path, submissions: dict[str, dict[str, list[Path]]]) -> list[Placed]:
    masters = master_notebooks(course)
    return [place(course, student, assignment, files, masters)
            for student, per_student in sorted(submissions.items())
            for assignment, files in sorted(per_student.items())]
