"""What an instructor entered in formgrader survives every re-grade.

A re-grade may start a fresh course folder (when a master or a limit changed), and nbgrader's
autograde flags every hand-entered score for review.  So before a run rewrites the gradebook,
:func:`save` copies it (SQLite) and writes every hand-entered value — manual scores, extra credit,
comments — to ``OUT/backups/``; after the run :func:`restore` writes them back by (student,
assignment, notebook, cell) wherever that cell still exists, and reports the rest.
"""

from __future__ import annotations

import csv
import json
import shutil
import time
from dataclasses import asdict, dataclass
from pathlib import Path

__all__ = ["Entry", "sqlite_path", "read_entries", "save", "restore", "write_not_carried"]

NOT_CARRIED = "manual_grades_not_carried.csv"


@dataclass(frozen=True)
class Entry:
    """One value an instructor entered for one cell of one student's notebook.

    ``kind`` is ``"grade"`` (``manual_score``, ``extra_credit``, ``needs_manual_grade``) or
    ``"comment"`` (``manual_comment``); ``max_score`` is the cell's maximum when it was entered.
    """

    kind: str
    student: str
    assignment: str
    notebook: str
    cell: str
    manual_score: float | None = None
    extra_credit: float | None = None
    needs_manual_grade: bool = False
    manual_comment: str | None = None
    max_score: float | None = None

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.kind, self.student, self.assignment, self.notebook, self.cell)


def sqlite_path(db_url: str) -> Path | None:
    """The database file of a ``sqlite:///`` URL (query string dropped), else None."""
    if not db_url.startswith("sqlite:///"):
        return None
    return Path(db_url[len("sqlite:///"):].split("?", 1)[0])


def read_entries(db_url: str, course_id: str) -> list[Entry]:
    """Every hand-entered value in a gradebook, in a stable order."""
    from sqlalchemy import or_

    from nbgrader.api import Comment, Gradebook, Grade

    entries = []
    with Gradebook(db_url, course_id) as gb:
        grades = gb.db.query(Grade).filter(or_(Grade.manual_score.isnot(None), Grade.extra_credit.isnot(None)))
        for g in grades:
            nb = g.notebook
            entries.append(Entry("grade", nb.student.id, nb.assignment.name, nb.name, g.name,
                                 manual_score=g.manual_score, extra_credit=g.extra_credit,
                                 needs_manual_grade=bool(g.needs_manual_grade), max_score=g.max_score))
        for c in gb.db.query(Comment).filter(Comment.manual_comment.isnot(None)):
            nb = c.notebook
            entries.append(Entry("comment", nb.student.id, nb.assignment.name, nb.name, c.name,
                                 manual_comment=c.manual_comment))
    return sorted(entries, key=lambda e: e.key)


def save(db_url: str, course_id: str, out: Path) -> tuple[list[Entry], list[Path]]:
    """Back up the gradebook before a run: a timestamped copy (SQLite) and a JSON of every
    hand-entered value in ``out/backups``.  Returns the entries and the files written; nothing
    is written when there is no gradebook yet."""
    db_file = sqlite_path(db_url)
    if db_file is not None and not db_file.exists():
        return [], []
    entries = read_entries(db_url, course_id)
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime()) + f"-{time.time_ns() % 10**9:09d}"
    folder = Path(out) / "backups"
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    if db_file is not None:
        copy = folder / f"gradebook-{stamp}.db"
        shutil.copy2(db_file, copy)
        written.append(copy)
    listing = folder / f"manual-entries-{stamp}.json"
    listing.write_text(json.dumps([asdict(e) for e in entries], indent=1, ensure_ascii=False))
    written.append(listing)
    return entries, written


def restore(db_url: str, course_id: str, entries: list[Entry]
            ) -> tuple[list[Entry], list[tuple[Entry, str]], set[tuple[str, str]]]:
    """Write saved entries back into the gradebook after a run.

    Returns
    -------
    carried : list of Entry
        Entries written back (or already in place).
    not_carried : list of (Entry, str)
        Entries that could not be placed, or were placed with a warning, each with the reason.
    changed : set of (student, assignment)
        Submissions where a value had to be written back (their feedback is out of date).
    """
    from nbgrader.api import Gradebook, MissingEntry

    carried, not_carried, changed = [], [], set()
    with Gradebook(db_url, course_id) as gb:
        for entry in entries:
            finder = gb.find_grade if entry.kind == "grade" else gb.find_comment
            try:
                row = finder(entry.cell, entry.notebook, entry.assignment, entry.student)
            except MissingEntry:
                not_carried.append((entry, _why_missing(gb, entry)))
                continue
            before = (row.manual_score, row.extra_credit, row.needs_manual_grade) if entry.kind == "grade" \
                else row.manual_comment
            if entry.kind == "grade":
                row.manual_score = entry.manual_score
                row.extra_credit = entry.extra_credit
                row.needs_manual_grade = entry.needs_manual_grade
                if entry.manual_score is not None and row.max_score is not None \
                        and entry.manual_score > row.max_score:
                    not_carried.append((entry, f"kept, but the cell is now worth {row.max_score:g} points "
                                               f"(was {entry.max_score:g}): check this score"))
            else:
                row.manual_comment = entry.manual_comment
            after = (row.manual_score, row.extra_credit, row.needs_manual_grade) if entry.kind == "grade" \
                else row.manual_comment
            if after != before:
                changed.add((entry.student, entry.assignment))
            carried.append(entry)
        gb.db.commit()
    return carried, not_carried, changed


def _why_missing(gb, entry: Entry) -> str:
    from nbgrader.api import MissingEntry

    try:
        if entry.kind == "grade":
            gb.find_grade_cell(entry.cell, entry.notebook, entry.assignment)
        else:
            gb.find_solution_cell(entry.cell, entry.notebook, entry.assignment)
    except MissingEntry:
        return "the master no longer has this cell"
    return "this student's notebook was not graded in this run"


def write_not_carried(out: Path, not_carried: list[tuple[Entry, str]]) -> Path | None:
    """``out/manual_grades_not_carried.csv``: each entry not placed (or placed with a warning);
    the file is removed when there is none."""
    path = Path(out) / NOT_CARRIED
    if not not_carried:
        path.unlink(missing_ok=True)
        return None
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "assignment", "notebook", "cell", "kind", "manual_score",
                         "extra_credit", "manual_comment", "reason"])
        for e, reason in not_carried:
            writer.writerow([e.student, e.assignment, e.notebook, e.cell, e.kind,
                             "" if e.manual_score is None else f"{e.manual_score:g}",
                             "" if e.extra_credit is None else f"{e.extra_credit:g}",
                             e.manual_comment or "", reason])
    return path
