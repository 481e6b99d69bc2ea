"""A zip of downloaded notebooks -> nbgrader's ``submitted/<student>/<assignment>/`` layout.

File names are read as nbgrader's ``zip_collect`` reads them: by
``nbgrader.plugins.FileNameCollectorPlugin`` with a ``named_regexp`` that gives ``student_id`` and
``file_id`` (and optionally ``timestamp``).  The default is the example of nbgrader's
documentation, e.g. ``ps1_bitdiddle_attempt_2016-01-30-15-00-00_problem1.ipynb``::

    .*_(?P<student_id>\\w+)_attempt_(?P<timestamp>[0-9\\-]+)_(?P<file_id>\\w+)

``file_id`` names the notebook; the assignment is the one given, or the one whose masters have a
notebook of that name.  When a student handed in several attempts the latest timestamp is kept.
Any name that cannot be placed stops the run with a list of those names (nothing is guessed).
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path, PurePosixPath

from grader import course

__all__ = ["DEFAULT_PATTERN", "collect_zip"]

DEFAULT_PATTERN = r".*_(?P<student_id>\w+)_attempt_(?P<timestamp>[0-9\-]+)_(?P<file_id>\w+)"


def _safe_members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    members = []
    for info in archive.infolist():
        path = PurePosixPath(info.filename)
        if info.is_dir() or "__MACOSX" in path.parts or path.name.startswith("."):
            continue
        if path.is_absolute() or ".." in path.parts:
            raise ValueError(f"unsafe name in the zip: {info.filename!r}")
        members.append(info)
    return members


def collect_zip(zip_path: Path, dest: Path, assignment: str | None = None, pattern: str = DEFAULT_PATTERN,
                source_root: Path = course.REPO) -> Path:
    """Unpack ``zip_path`` into ``dest/submitted/<student>/<assignment>/``; return that folder."""
    from nbgrader.plugins import FileNameCollectorPlugin

    dest = Path(dest)
    extracted = dest / "extracted"
    submitted = dest / "submitted"
    for folder in (extracted, submitted):
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    notebooks = {p.stem: p.parent.name for p in (Path(source_root) / course.SOURCE).glob("*/*.ipynb")}
    known = course.assignments(source_root)
    if assignment is not None and assignment not in known:
        raise ValueError(f"unknown assignment {assignment!r} (known: {', '.join(known)})")
    collector = FileNameCollectorPlugin(named_regexp=pattern)
    chosen: dict[tuple[str, str, str], tuple[str, Path]] = {}
    unplaced: list[str] = []
    with zipfile.ZipFile(zip_path) as archive:
        for info in _safe_members(archive):
            target = extracted / info.filename
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(archive.read(info))
            found = collector.collect(str(target))
            if not found or not found.get("student_id") or not found.get("file_id"):
                unplaced.append(f"{info.filename}: the name does not match the pattern")
                continue
            name = PurePosixPath(found["file_id"]).name
            stem = name[:-len(".ipynb")] if name.endswith(".ipynb") else name
            where = assignment or notebooks.get(stem)
            if where is None:
                unplaced.append(f"{info.filename}: no assignment has a notebook named {stem}.ipynb")
                continue
            key = (found["student_id"], where, stem)
            stamp = found.get("timestamp") or ""
            if key not in chosen or stamp > chosen[key][0]:
                chosen[key] = (stamp, target)
    if unplaced:
        listed = "\n  ".join(unplaced[:20]) + ("\n  ..." if len(unplaced) > 20 else "")
        raise ValueError(f"cannot place {len(unplaced)} file(s) of {Path(zip_path).name} (pattern {pattern!r}):"
                         f"\n  {listed}\nrename them, or give --name-pattern and --assignment")
    if not chosen:
        raise ValueError(f"no notebooks in {zip_path}")
    for (student, where, stem), (_, path) in sorted(chosen.items()):
        folder = submitted / student / where
        folder.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, folder / f"{stem}.ipynb")
    shutil.rmtree(extracted, ignore_errors=True)
    return submitted
