"""The corpus of broken and hostile submissions, built from the current 05-grades notebooks.

Each case is a student of assignment ``05-grades`` (8 autograded points: mle_theta 1, e_step 2,
m_step 2, observed_log_likelihood 1, run_em 2; run_em calls e_step and m_step).  The expected
score is worked out by hand from what the submission does, in cell order:
mle_theta, e_step, m_step, observed_log_likelihood, run_em, each followed by its test cell.

``expect`` lists words that must appear in that student's rows of reasons.csv or integrity.csv.
"""

from __future__ import annotations

import copy
import json
import sys
import zipfile
from pathlib import Path

import nbformat

from grader.cells import strip_solution_markers

from bad_submissions import cheats  # noqa: E402 - tests/ is on sys.path, as for this module

ASSIGNMENT = "05-grades"
NOTEBOOK = "grades.ipynb"


WRONG_M_STEP = "def m_step(n_b_expected, n_c):\n    return 0.0\n"


def _src(cell) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _gid(cell):
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def solved(master: dict, stub: dict) -> dict:
    nb = json.loads(json.dumps(stub))
    by_id = {_gid(c): c for c in master["cells"]}
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            cell["source"] = strip_solution_markers(_src(by_id[meta["grade_id"]]))
    return nb


def _cell(nb, grade_id):
    return next(c for c in nb["cells"] if _gid(c) == grade_id)


def prepend(nb, grade_id, code):
    cell = _cell(nb, grade_id)
    cell["source"] = code + "\n" + _src(cell)
    return nb


def append(nb, grade_id, code):
    cell = _cell(nb, grade_id)
    cell["source"] = _src(cell) + "\n" + code
    return nb


def replace(nb, grade_id, code):
    _cell(nb, grade_id)["source"] = code
    return nb


def insert_after(nb, grade_id, code):
    index = next(i for i, c in enumerate(nb["cells"]) if _gid(c) == grade_id)
    nb["cells"].insert(index + 1, {"cell_type": "code", "execution_count": None, "metadata": {},
                                   "outputs": [], "source": code})
    return nb


def drop(nb, *grade_ids):
    nb["cells"] = [c for c in nb["cells"] if _gid(c) not in grade_ids]
    return nb


def copy_cell(nb, grade_id, new_id=None):
    """Paste a copy of cell ``grade_id`` under it, as JupyterLab does (same grade id unless ``new_id``)."""
    index = next(i for i, c in enumerate(nb["cells"]) if _gid(c) == grade_id)
    cell = copy.deepcopy(nb["cells"][index])
    cell.pop("id", None)
    if new_id:
        cell["metadata"]["nbgrader"]["grade_id"] = new_id
    nb["cells"].insert(index + 1, cell)
    return nb


def as_nbformat_3(nb) -> bytes:
    return nbformat.writes(nbformat.convert(nbformat.reads(json.dumps(nb), 4), 3), version=3).encode()


def with_cells(nb, n):
    nb["cells"] += [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                     "source": "x = 1"} for _ in range(n)]
    return nb


ZIP_BOMB_STUDENT = "b35zipbomb"  # one word: the default name pattern takes the last `_\w+` before _attempt_


def zip_bomb(path: Path) -> Path:
    """A 60 MB notebook entry of spaces (about 60 kB compressed), named as zip_collect expects."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        with z.open(f"{ASSIGNMENT}_{ZIP_BOMB_STUDENT}_attempt_2026-11-01-10-00-00_grades.ipynb", "w") as f:
            for _ in range(60):
                f.write(b" " * 10**6)
    return path


def dumps(nb) -> bytes:
    return (json.dumps(nb, indent=1, ensure_ascii=False) + "\n").encode()


FRAME_WALKER = '''import sys

def m_step(n_b_expected, n_c):
    frame = sys._getframe(1)
    while frame is not None:
        if "case" in frame.f_locals:
            return frame.f_locals["case"]["expected"]
        if "exercise" in frame.f_locals:
            return frame.f_locals["exercise"].reference(n_b_expected, n_c)
        frame = frame.f_back
    return 0.0
'''

FIXTURE_READER = '''import json, os
import grader

def m_step(n_b_expected, n_c):
    path = os.path.join(os.path.dirname(grader.__file__), "fixtures", "grades.json")
    for case in json.load(open(path))["grades.m_step"]["cases"]:
        if case["args"] == [n_b_expected, n_c]:
            return case["expected"]
    return 0.0
'''

GRADEBOOK_WRITER = '''import os, sqlite3
found = ["../../../gradebook.db"]
for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
    for link in ("cwd", "fd"):
        try:
            base = f"/proc/{pid}/{link}"
            names = [os.readlink(base)] if link == "cwd" else [os.readlink(f"{base}/{fd}") for fd in os.listdir(base)]
        except OSError:
            continue
        found += [n if n.endswith("gradebook.db") else os.path.join(n, "gradebook.db") for n in names]
for path in dict.fromkeys(found):
    if os.path.exists(path):
        sqlite3.connect(path).execute("update grade set auto_score = 100")
open("../../../gradebook.db", "a").write("owned")
'''

PATCH_GRADER = '''import grader.check, grader.check.verdict
grader.check.check = lambda *args, **kwargs: None
grader.check.verdict.check = grader.check.check
'''

PATCH_NUMPY = '''import numpy
numpy.isclose = lambda a, b, *args, **kwargs: numpy.ones(numpy.shape(numpy.asarray(a) + numpy.asarray(b)), bool)
numpy.allclose = lambda *args, **kwargs: True
'''

FAKE_MODULE = '''import sys, types
fake = types.ModuleType("grader.check")
fake.check = lambda *args, **kwargs: print("all tests pass")
sys.modules["grader.check"] = fake
'''


def cases(master: dict, stub: dict, other: tuple[str, dict] | None) -> dict:
    """student -> (description, {filename: bytes}, expected score, [words expected in the reasons])."""
    def good():
        return solved(master, stub)

    corpus = {
        "alice": ("every exercise solved", {NOTEBOOK: dumps(good())}, 8, []),
        "b01_stub": ("the untouched student version", {NOTEBOOK: dumps(stub)}, 0, ["NotImplementedError"]),
        "b02_infinite_loop": ("while True at the top of the e_step cell",
                              {NOTEBOOK: dumps(prepend(good(), "e_step", "while True:\n    pass\n"))}, 4,
                              ["ran past its time limit"]),
        "b03_sleep": ("m_step sleeps for ten minutes", {NOTEBOOK: dumps(replace(
            good(), "m_step", "import time\n\ndef m_step(n_b_expected, n_c):\n    time.sleep(600)\n"))}, 4,
            ["did not finish within"]),
        "b04_memory_bomb": ("allocates 50 GB before defining mle_theta", {NOTEBOOK: dumps(prepend(
            good(), "mle_theta", "hog = bytearray(50 * 2**30)\n"))}, 7, ["MemoryError"]),
        "b05_fork_storm": ("forks forever at the top of the e_step cell", {NOTEBOOK: dumps(prepend(
            good(), "e_step", "import os\nwhile True:\n    os.fork()\n"))}, 4, ["starting a process"]),
        "b06_sys_exit": ("sys.exit() at the top of the m_step cell", {NOTEBOOK: dumps(prepend(
            good(), "m_step", "import sys\nsys.exit()\n"))}, 4, ["SystemExit"]),
        "b07_os_exit": ("os._exit(1) after defining m_step: the kernel dies", {NOTEBOOK: dumps(append(
            good(), "m_step", "import os\nos._exit(1)\n"))}, 3, ["KernelStopped"]),
        "b08_output_flood": ("prints 100 MB in a cell of its own", {NOTEBOOK: dumps(insert_after(
            good(), "test_mle_theta", "for _ in range(1_000_000):\n    print('x' * 99)\n"))}, 8,
            ["output truncated"]),
        "b09_invalid_json": ("a notebook cut off half-way", {NOTEBOOK: dumps(good())[:5000]}, 0,
                             ["not valid JSON"]),
        "b11_renamed": ("the notebook saved as 'grades (1).ipynb'", {"grades (1).ipynb": dumps(good())}, 8,
                        ["renamed"]),
        "b12_missing": ("no notebook at all, only a note", {"README.txt": b"I forgot\n"}, 0, ["missing"]),
        "b13_extra_notebooks": ("the notebook and a scratch notebook", {
            NOTEBOOK: dumps(good()),
            "scratch.ipynb": dumps({"cells": [], "metadata": {}, "nbformat": 4, "nbformat_minor": 5})}, 8,
            ["extra notebook"]),
        "b14_deleted_tests": ("two test cells deleted", {NOTEBOOK: dumps(drop(good(), "test_e_step",
                                                                               "test_m_step"))}, 8,
                              ["test cell deleted"]),
        "b15_edited_tests": ("a wrong m_step and its test cell replaced by pass", {NOTEBOOK: dumps(replace(
            replace(good(), "m_step", WRONG_M_STEP), "test_m_step", "pass\n"))}, 4, ["test cell edited"]),
        "b16_redefines_check": ("a wrong m_step and check redefined to do nothing", {NOTEBOOK: dumps(append(
            replace(good(), "m_step", WRONG_M_STEP), "m_step", "def check(*args, **kwargs):\n    pass\n"))},
            4, ["redefines check"]),
        "b17_patches_grader": ("a wrong m_step and grader.check replaced", {NOTEBOOK: dumps(append(
            replace(good(), "m_step", WRONG_M_STEP), "m_step", PATCH_GRADER))}, 4, ["touches the grader's modules"]),
        "b18_patches_numpy": ("a wrong m_step and numpy.isclose/allclose always true", {NOTEBOOK: dumps(append(
            replace(good(), "m_step", WRONG_M_STEP), "m_step", PATCH_NUMPY))}, 4, ["patches numpy"]),
        "b19_patches_testing": ("numpy.testing.assert_allclose replaced (the checker does not use it)",
                                {NOTEBOOK: dumps(append(good(), "m_step",
                                                        "import numpy.testing\nnumpy.testing.assert_allclose = "
                                                        "lambda *a, **k: None\n"))}, 8, ["patches numpy"]),
        "b20_sys_modules": ("a wrong m_step and a fake grader module in sys.modules", {NOTEBOOK: dumps(append(
            replace(good(), "m_step", WRONG_M_STEP), "m_step", FAKE_MODULE))}, 4, ["edits sys.modules"]),
        "b21_frame_inspection": ("m_step reads the expected answer from the checker's frames",
                                 {NOTEBOOK: dumps(replace(good(), "m_step", FRAME_WALKER))}, 4,
                                 ["sys._getframe"]),
        "b22_reads_grader_files": ("m_step looks its answers up in the grader's fixtures",
                                   {NOTEBOOK: dumps(replace(good(), "m_step", FIXTURE_READER))}, 4,
                                   ["fixtures"]),
        "b23_writes_gradebook": ("a cell that hunts for the gradebook and writes to it", {NOTEBOOK: dumps(
            insert_after(good(), "test_run_em", GRADEBOOK_WRITER))}, 8, ["not allowed while grading"]),
        "b24_network": ("a cell that opens a network connection", {NOTEBOOK: dumps(insert_after(
            good(), "test_mle_theta", "import socket\nsocket.create_connection(('192.0.2.1', 80), timeout=2)\n"))},
            8, ["network access"]),
        "b25_huge_file": ("writes a 200 MB file", {NOTEBOOK: dumps(insert_after(
            good(), "test_mle_theta", "with open('big.bin', 'wb') as f:\n    f.write(b'0' * 200_000_000)\n"))},
            8, ["File too large"]),
        "b26_non_utf8": ("a Latin-1 byte in a markdown cell", {NOTEBOOK: dumps(good()).replace(
            "## 1 ·".encode(), b"## 1 caf\xe9 \xb7", 1)}, 8, ["non-UTF-8"]),
        "b27_kernelspec": ("the notebook asks for another kernel", {NOTEBOOK: dumps(dict(good(), metadata=dict(
            good()["metadata"], kernelspec={"name": "evil", "display_name": "Evil", "language": "python"})))},
            8, ["kernelspec changed"]),
        "b28_shell_escapes": ("a shell escape and a %%bash cell", {NOTEBOOK: dumps(insert_after(insert_after(
            good(), "test_mle_theta", "%%bash\necho hi > /tmp/genlab-corpus-bash\n"), "test_mle_theta",
            "!touch /tmp/genlab-corpus-shell\n"))}, 8, ["starting a process"]),
        "..b29_evil": ("a student folder whose name starts with '.'", {NOTEBOOK: dumps(good())}, 8,
                       ["is not a name nbgrader can take"]),
        "b30_nbformat3": ("a correct notebook saved in nbformat 3", {NOTEBOOK: as_nbformat_3(good())}, 8,
                          ["upgraded from nbformat 3"]),
        "b31_copied_test_cell": ("the e_step test cell copy-pasted (same grade id)", {NOTEBOOK: dumps(
            copy_cell(good(), "test_e_step"))}, 8, ["a second copy of cell test_e_step was set aside"]),
        "b32_extra_grade_cell": ("a copy of a test cell with a grade id of its own", {NOTEBOOK: dumps(
            copy_cell(good(), "test_e_step", "my_extra_test"))}, 8, ["grade cell the master does not have"]),
        "b33_lone_surrogate": ("a lone surrogate escape (\\ud800) in the JSON", {NOTEBOOK: dumps(good()).replace(
            "## 1 ·".encode(), b"## 1 \\ud800 \xc2\xb7", 1)}, 8, ["lone surrogate"]),
        "b34_ten_thousand_cells": ("a correct notebook followed by 10,000 cells", {NOTEBOOK: dumps(
            with_cells(good(), 10_000))}, 0, ["not graded: 10,0", "cells, more than"]),
        ZIP_BOMB_STUDENT: ("a zip entry that inflates to 60 MB (from 60 kB); written by write()", {}, 0,
                           ["zip was refused", "more than 50 MB per notebook"]),
    }
    corpus.update(cheats.cases(good, lambda: json.loads(json.dumps(stub)), sys.modules[__name__]))
    if other is not None:
        name, nb = other
        corpus["b10_other_assignment"] = (f"the notebook of {name} handed in as grades.ipynb",
                                          {NOTEBOOK: dumps(nb)}, 0, ["notebook of assignment"])
    return corpus


def load(repo: Path):
    master = json.loads((repo / "solutions" / ASSIGNMENT / NOTEBOOK).read_text())
    stub = json.loads((repo / "notebooks" / ASSIGNMENT / NOTEBOOK).read_text())
    others = sorted(p for p in (repo / "notebooks").glob("*/*.ipynb") if p.parent.name != ASSIGNMENT)
    other = (others[0].parent.name, json.loads(others[0].read_text())) if others else None
    return cases(master, stub, other)


def write(folder: Path, repo: Path) -> dict:
    """Write every case as ``folder/<student>/05-grades/<files>``; return the case table.

    The zip bomb (:data:`ZIP_BOMB_STUDENT`) is written by ``zip_input.collect_zip`` itself from
    :func:`zip_bomb`, as the ``--zip`` input would place it.
    """
    import shutil

    from grader.grading import zip_input

    table = load(repo)
    work = Path(folder).parent / (Path(folder).name + "-zip")
    collected = zip_input.collect_zip(zip_bomb(Path(folder).parent / (Path(folder).name + "-bomb.zip")), work,
                                      source_root=repo)
    shutil.copytree(collected / ZIP_BOMB_STUDENT, Path(folder) / ZIP_BOMB_STUDENT)

    for student, (_, files, _, _) in table.items():
        target = Path(folder) / student / ASSIGNMENT
        target.mkdir(parents=True, exist_ok=True)
        for name, data in files.items():
            (target / name).write_bytes(data)
    return table
