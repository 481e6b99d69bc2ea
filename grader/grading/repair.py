"""Repairs intake makes to a handed-in notebook before nbgrader sees it, each with a note.

One student's odd file must never cost the notebook, nor stop the class:

* :func:`student_id` gives a folder name nbgrader cannot take (``..evil``, ``a b/c``) a safe id;
* :func:`clean_text` replaces lone surrogate escapes (``"\\ud800"`` in the JSON), which no UTF-8
  file can hold;
* :func:`upgrade` reads a notebook of nbformat 1-3 as nbformat does, into version 4;
* :func:`set_aside_copies` keeps one cell per grade id (a test cell copy-pasted in JupyterLab
  keeps its grade id) and turns a grade cell the master does not have into a plain cell;
* :func:`too_many_cells` refuses a notebook with far more cells than its master.
"""

from __future__ import annotations

import difflib
import hashlib
import re
import uuid

import nbformat

from grader import cells

__all__ = ["student_id", "clean_text", "upgrade", "set_aside_copies", "too_many_cells", "MAX_CELLS_FACTOR",
           "MAX_EXTRA_CELLS"]

# a notebook may have up to max(MAX_CELLS_FACTOR x the master's cells, the master's + MAX_EXTRA_CELLS)
MAX_CELLS_FACTOR = 5
MAX_EXTRA_CELLS = 200

_SAFE_ID = re.compile(r"^\w[\w.@+-]{0,99}$")


def student_id(name: str) -> tuple[str, str | None]:
    """The id a student folder is graded under, and a note when it is not the folder's name.

    Parameters
    ----------
    name : str
        The folder's name under ``submitted/``.

    Returns
    -------
    tuple of (str, str or None)
        The name itself when nbgrader can take it (letters, digits, ``_``, and ``. @ + -`` after
        the first character); otherwise a slug of it plus a short hash of the full name, which
        no two folders share, and a sentence saying so.
    """
    if _SAFE_ID.match(name) and not name.endswith("."):
        return name, None
    slug = re.sub(r"[^\w]+", "-", name).strip("-_")[:40] or "student"
    safe = f"{slug}-{hashlib.sha256(name.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"
    return safe, (f"student folder {name!r} is not a name nbgrader can take (it starts with '.' or holds "
                  f"characters a path or the gradebook cannot); graded as student {safe!r}")


def _clean(value, count: list[int]):
    if isinstance(value, str):  # json.loads joins valid pairs: any surrogate left is a lone one
        lone = sum(1 for c in value if "\ud800" <= c <= "\udfff")
        if not lone:
            return value
        count[0] += lone
        return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in value)
    if isinstance(value, list):
        return [_clean(v, count) for v in value]
    if isinstance(value, dict):
        return {_clean(k, count): _clean(v, count) for k, v in value.items()}
    return value


def clean_text(data):
    """``data`` (parsed JSON) with every lone surrogate replaced by U+FFFD, and a note or None."""
    count = [0]
    cleaned = _clean(data, count)
    note = (f"{count[0]} lone surrogate escape(s) (e.g. \\ud800) in the JSON replaced by U+FFFD"
            if count[0] else None)
    return cleaned, note


def upgrade(data: dict) -> tuple[dict | None, str | None]:
    """An old notebook (nbformat 1-3: cells inside ``worksheets``) upgraded to nbformat 4.

    Returns
    -------
    tuple of (dict or None, str or None)
        The upgraded notebook and a note; ``(None, None)`` when ``data`` is not an old notebook.
    """
    version = data.get("nbformat")
    if isinstance(data.get("cells"), list) or not isinstance(version, int) or not 1 <= version <= 3:
        return None, None
    nb = nbformat.convert(nbformat.from_dict(data), 4)
    return dict(nb), f"upgraded from nbformat {version} to 4 (as nbformat reads it)"


def _match(cell, master_cell) -> tuple:
    same_type = cell.get("cell_type") == master_cell.get("cell_type")
    ratio = difflib.SequenceMatcher(None, cells.source(cell), cells.source(master_cell)).quick_ratio()
    return same_type, ratio


def _plain(cell) -> None:
    meta = cell.get("metadata")
    if isinstance(meta, dict):
        meta.pop("nbgrader", None)


def set_aside_copies(nb: dict, master: dict | None) -> list[str]:
    """Keep one cell per grade id; make the extra copies and unknown grade cells plain cells.

    For each grade id of the master the cell kept is, for a test cell, the first (nbgrader
    restores locked test cells from the master anyway), and otherwise the copy of the master's
    cell type whose source is closest to the master's.  A cell with nbgrader metadata whose
    grade id the master does not have is made a plain cell too.  Changes ``nb`` in place.

    Returns
    -------
    list of str
        One note per cell set aside.
    """
    if master is None or not isinstance(nb.get("cells"), list):
        return []
    master_cells = {cells.grade_id(c): c for c in master.get("cells", []) if cells.grade_id(c)}
    copies: dict[str, list[int]] = {}
    notes = []
    for index, cell in enumerate(nb["cells"]):
        if not isinstance(cell, dict) or not cells.nbgrader_meta(cell):
            continue
        gid = cells.grade_id(cell)
        if gid in master_cells:
            copies.setdefault(gid, []).append(index)
        elif cells.is_grade(cell) or cells.is_solution(cell) or cells.is_locked(cell):
            _plain(cell)
            notes.append(f"cell {gid or index} is a grade cell the master does not have: set aside "
                         "(run as a plain cell, not graded)")
    for gid, where in copies.items():
        if len(where) == 1:
            continue
        master_cell = master_cells[gid]
        if cells.is_test(master_cell):
            keep = where[0]
        else:
            keep = max(where, key=lambda i: (*_match(nb["cells"][i], master_cell), -i))
        for index in where:
            if index != keep:
                _plain(nb["cells"][index])
        extra = len(where) - 1
        notes.append(f"a second copy of cell {gid} was set aside" if extra == 1 else
                     f"{extra} extra copies of cell {gid} were set aside")
        notes[-1] += " (run as a plain cell, not graded; the one graded is the "
        notes[-1] += "first)" if keep == where[0] else f"copy closest to the master's, cell {keep})"
    seen = set()
    for cell in nb["cells"]:  # copies carry the same nbformat cell id, which nbformat refuses
        if isinstance(cell, dict) and "id" in cell:
            if cell["id"] in seen:
                cell["id"] = uuid.uuid4().hex[:12]
            seen.add(cell["id"])
    return notes


def too_many_cells(nb: dict, master: dict | None) -> str | None:
    """A reason to refuse ``nb`` when it has far more cells than its master, else None."""
    if master is None:
        return None
    n_master = len(master.get("cells", []))
    cap = max(MAX_CELLS_FACTOR * n_master, n_master + MAX_EXTRA_CELLS)
    n = len(nb.get("cells", []))
    if n <= cap:
        return None
    return (f"not graded: {n:,} cells, more than the {cap:,} a notebook of this assignment may have "
            f"(its master has {n_master}); delete the extra cells and hand it in again; "
            "scored 0")
