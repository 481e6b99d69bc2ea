"""A zip of downloaded notebooks -> nbgrader's ``submitted/<student>/<assignment>/`` layout.

File names are read as nbgrader's ``zip_collect`` reads them: by
``nbgrader.plugins.FileNameCollectorPlugin`` with a ``named_regexp`` that gives ``student_id`` and
``file_id`` (and optionally ``timestamp``).  The default is the example of nbgrader's
documentation, e.g. ``ps1_bitdiddle_attempt_2016-01-30-15-00-00_problem1.ipynb``::

    .*_(?P<student_id>\\w+)_attempt_(?P<timestamp>[0-9\\-]+)_(?P<file_id>\\w+)

``file_id`` names the notebook; the assignment is the one given, or the one whose masters have a
notebook of that name.  When a student handed in several attempts the latest timestamp is kept.
Any name that cannot be placed stops the run with a list of those names (nothing is guessed).

A zip bomb is refused entry by entry, before and while it inflates: sizes are read from the
central directory, and an entry larger than :data:`MAX_ENTRY_BYTES` uncompressed, or compressed
more than :data:`MAX_RATIO` times (above 1 MiB), or one that would take the archive past
:data:`MAX_ARCHIVE_BYTES`, is not extracted; extraction streams with a running count, so a
header that lies is caught too.  Its student gets a reason (written to
``<student>/<assignment>/`` as :data:`REFUSED_NOTE`, read by intake) and a 0; the rest of the
class is graded.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path, PurePosixPath

from grader import course
from grader.grading import intake

__all__ = ["DEFAULT_PATTERN", "collect_zip", "REFUSED_NOTE", "MAX_ENTRY_BYTES", "MAX_ARCHIVE_BYTES", "MAX_RATIO"]

MAX_ENTRY_BYTES = 50 * 10**6          # one notebook, uncompressed
MAX_ARCHIVE_BYTES = 2 * 2**30         # the whole archive, uncompressed
MAX_RATIO = 200                       # uncompressed / compressed, for entries above RATIO_FROM
RATIO_FROM = 2**20
REFUSED_NOTE = intake.REFUSED_NOTE   # "<notebook stem>\t<reason>" lines, read by intake
_CHUNK = 2**20

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


def _mb(n: int) -> str:
    return f"{n / 10**6:,.0f} MB" if n < 10**9 else f"{n / 2**30:,.1f} GiB"


def _extract(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, total: list[int]) -> str | None:
    """Extract one entry within the caps (``total[0]``: bytes so far); return why not, or None."""
    size, packed = info.file_size, max(info.compress_size, 1)
    why = None
    if size > MAX_ENTRY_BYTES:
        why = f"it inflates to {_mb(size)} (more than {_mb(MAX_ENTRY_BYTES)} per notebook)"
    elif size > RATIO_FROM and size / packed > MAX_RATIO:
        why = f"it is compressed {size / packed:,.0f} times (more than {MAX_RATIO}): a zip bomb"
    elif total[0] + size > MAX_ARCHIVE_BYTES:
        why = f"the archive would inflate past {_mb(MAX_ARCHIVE_BYTES)}"
    if why is None:
        target.parent.mkdir(parents=True, exist_ok=True)
        count, cap = 0, min(size, MAX_ENTRY_BYTES)
        try:
            with archive.open(info) as source, open(target, "wb") as sink:
                while chunk := source.read(_CHUNK):
                    count += len(chunk)
                    if count > cap:  # the header lied
                        why = f"it inflates past the {_mb(size)} its header gives"
                        break
                    sink.write(chunk)
        except (zipfile.BadZipFile, OSError, EOFError, RuntimeError, NotImplementedError) as error:
            why = f"the entry is damaged or cannot be read ({type(error).__name__}: {error})"[:300]
        total[0] += count
        if why is None:
            return None
        target.unlink(missing_ok=True)
    return f"not graded: {info.filename} in the zip was refused: {why}; scored 0"


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
    total = [0]
    with zipfile.ZipFile(zip_path) as archive:
        for info in _safe_members(archive):
            target = extracted / info.filename
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
            if key in chosen and stamp <= chosen[key][0]:
                continue
            refusal = _extract(archive, info, target, total)
            chosen[key] = (stamp, target if refusal is None else refusal)
    if unplaced:
        listed = "\n  ".join(unplaced[:20]) + ("\n  ..." if len(unplaced) > 20 else "")
        raise ValueError(f"cannot place {len(unplaced)} file(s) of {Path(zip_path).name} (pattern {pattern!r}):"
                         f"\n  {listed}\nrename them, or give --name-pattern and --assignment")
    if not chosen:
        raise ValueError(f"no notebooks in {zip_path}")
    for (student, where, stem), (_, path) in sorted(chosen.items()):
        folder = submitted / student / where
        folder.mkdir(parents=True, exist_ok=True)
        if isinstance(path, str):  # refused: the reason goes to intake
            with open(folder / REFUSED_NOTE, "a") as note:
                note.write(f"{stem}\t{path}\n")
        else:
            shutil.copyfile(path, folder / f"{stem}.ipynb")
    shutil.rmtree(extracted, ignore_errors=True)
    return submitted
