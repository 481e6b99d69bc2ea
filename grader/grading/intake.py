"""Intake: put each student's files where nbgrader expects them, or say why not.

For every ``<student>/<assignment>`` the files handed in are read leniently and matched to the
assignment's master notebooks by their nbgrader cell ids, not by name:

* bytes that are not UTF-8 are replaced (and noted), so one stray byte does not cost a notebook;
* a file that is not JSON, or not a Jupyter notebook, is not graded (reason recorded);
* a renamed notebook (``grades (1).ipynb``) is graded under its master's name;
* a notebook of another assignment, or an extra notebook, is not graded (reason recorded);
* a missing notebook scores 0 (nbgrader's rule) with a reason;
* a changed kernelspec is noted (the grader always uses its own sandbox kernel);
* lone surrogate escapes are replaced, an nbformat 3 notebook is upgraded, a second copy of a
  grade cell (or a grade cell the master does not have) is set aside as a plain cell, a notebook
  with far more cells than its master is refused (``grader.grading.repair``), each with a note;
* anything unexpected while placing one student becomes a reason and a 0 for that student: the
  class goes on.

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
from grader.grading import integrity, repair

__all__ = ["Placed", "master_notebooks", "place", "place_all", "REFUSED_NOTE"]

REFUSED_NOTE = "genlab-refused.txt"  # written by grader.grading.zip_input for entries it refused


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
    try:
        raw = path.read_bytes()
    except OSError as error:
        return None, [f"not graded: the file cannot be read ({type(error).__name__}: {error.strerror})"]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        text = raw.decode("utf-8", errors="replace")
        notes.append(f"non-UTF-8 bytes at offset {error.start} replaced by U+FFFD")
    try:
        data = json.loads(text)
    except ValueError as error:
        return None, notes + [f"not graded: not valid JSON ({error.msg} at line {error.lineno})"]
    data, note = repair.clean_text(data)
    notes += [note] if note else []
    if isinstance(data, dict):
        try:
            upgraded, note = repair.upgrade(data)
        except Exception as error:  # noqa: BLE001
            return None, notes + [f"not graded: an old notebook (nbformat {data.get('nbformat')}) that "
                                  f"cannot be upgraded ({type(error).__name__})"]
        if upgraded is not None:
            data, notes = upgraded, notes + [note]
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
    refused: set[str] = set()   # master names handed in but not gradable (the reason says so)
    for path in sorted(files):
        if path.name == "timestamp.txt":
            shutil.copy2(path, target / "timestamp.txt")
            continue
        if path.name == REFUSED_NOTE:  # zip_input refused these entries (a zip bomb)
            for line in path.read_text(errors="replace").splitlines():
                stem, _, why = line.partition("\t")
                refused.add(stem)
                placed.reasons.append((stem, why or line))
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
        too_many = repair.too_many_cells(nb, own.get(name))
        if too_many:
            refused.add(name)
            placed.reasons.append((path.stem, too_many))
            continue
        chosen[name] = (path, nb, notes)
    for name, (path, nb, notes) in chosen.items():
        notes += repair.set_aside_copies(nb, own.get(name))
        for note in notes:
            placed.reasons.append((name, note))
        flags = integrity.scan_notebook(nb, own.get(name))
        if flags:
            placed.flags[name] = flags
        (target / f"{name}.ipynb").write_text(json.dumps(nb, indent=1, ensure_ascii=False) + "\n")
    for name in own:
        if name not in chosen and name not in refused:
            placed.reasons.append((name, "missing: no notebook handed in, scored 0"))
    return placed


def place_all(course: Path, submissions: dict[str, dict[str, list[Path]]],
              renamed: dict[str, str] | None = None) -> list[Placed]:
    """Place every student's files; one student's trouble is a reason and a 0, never an exception.

    Parameters
    ----------
    course : Path
        The nbgrader course folder.
    submissions : dict
        student id -> assignment -> files handed in (``pipeline.read_submitted``).
    renamed : dict, optional
        student id -> the note saying which folder it was graded from, for folders whose name
        nbgrader cannot take (``repair.student_id``).

    Returns
    -------
    list of Placed
        One per student and assignment, in order.
    """
    masters = master_notebooks(course)
    renamed = renamed or {}
    result = []
    for student, per_student in sorted(submissions.items()):
        for assignment, files in sorted(per_student.items()):
            try:
                placed = place(course, student, assignment, files, masters)
            except Exception as error:  # noqa: BLE001 - one student's file never stops the class
                target = Path(course) / "submitted" / student / assignment
                shutil.rmtree(target, ignore_errors=True)
                target.mkdir(parents=True, exist_ok=True)
                placed = Placed(student, assignment, [("", "not graded: intake failed on this submission "
                                                       f"({type(error).__name__}: {error}"[:300] + "); scored 0")])
            if student in renamed:
                placed.reasons.insert(0, ("", renamed[student]))
            result.append(placed)
    return result
