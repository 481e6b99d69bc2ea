"""Intake never drops a student nor stops the class (issue 14): unit tests, no kernels.

Each case is the bad submission measured in the issue: a student folder nbgrader cannot take, an
nbformat 3 notebook, a copy-pasted test cell, an extra grade cell, a lone surrogate escape, a
zip bomb, a notebook of 10,000 cells, and an exception inside intake.
"""

from __future__ import annotations

import copy
import json
import shutil
import zipfile
from pathlib import Path

import nbformat
import pytest

from grader import cells
from grader.authoring import samples
from grader.grading import intake, pipeline, repair, reports, zip_input

REPO = Path(__file__).resolve().parent.parent
ASSIGNMENT, NOTEBOOK = "05-grades", "grades.ipynb"


@pytest.fixture(scope="module")
def master() -> dict:
    return json.loads((REPO / "solutions" / ASSIGNMENT / NOTEBOOK).read_text())


@pytest.fixture(scope="module")
def good(tmp_path_factory) -> dict:
    folder = samples.write_samples(tmp_path_factory.mktemp("samples"))
    return json.loads((folder / "alice" / ASSIGNMENT / NOTEBOOK).read_text())


@pytest.fixture
def course(tmp_path) -> Path:
    root = tmp_path / "course"
    shutil.copytree(REPO / "solutions" / ASSIGNMENT, root / "solutions" / ASSIGNMENT)
    return root


def _hand_in(tmp_path: Path, data: bytes, student: str = "s", name: str = NOTEBOOK) -> list[Path]:
    folder = tmp_path / "in" / student / ASSIGNMENT
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)
    return sorted(folder.iterdir())


def _dumps(nb) -> bytes:
    return json.dumps(nb, indent=1, ensure_ascii=False).encode()


def _placed_nb(course: Path, student: str = "s") -> dict:
    return json.loads((course / "submitted" / student / ASSIGNMENT / NOTEBOOK).read_text())


def _place(course, files, student="s"):
    return intake.place(course, student, ASSIGNMENT, files, intake.master_notebooks(course))


def _test_index(nb, grade_id="test_e_step"):
    return next(i for i, c in enumerate(nb["cells"]) if cells.grade_id(c) == grade_id)


# ------------------------------------------------------------------ student folders

@pytest.mark.parametrize("name", ["..evil", ".hidden", "a b", "x;rm -rf", "tab\tname", "dot."])
def test_a_name_nbgrader_cannot_take_gets_a_safe_id_and_a_note(name):
    safe, note = repair.student_id(name)
    assert safe != name and repair.student_id(safe) == (safe, None)
    assert not safe.startswith(".") and "/" not in safe and repair._SAFE_ID.match(safe)
    assert repr(name) in note and safe in note


def test_two_unsafe_names_never_share_an_id():
    assert repair.student_id("..evil")[0] != repair.student_id(".evil")[0]


@pytest.mark.parametrize("name", ["alice", "b01_stub", "jose.garcia", "Zoë", "s-12"])
def test_ordinary_names_are_kept(name):
    assert repair.student_id(name) == (name, None)


def test_every_student_folder_is_read_and_renamed_ones_are_noted(tmp_path, good):
    for student in ("..evil", "alice"):
        _hand_in(tmp_path, _dumps(good), student)
    (tmp_path / "in" / "empty_student").mkdir()
    renamed = {}
    found = pipeline.read_submitted(tmp_path / "in", renamed)
    safe = repair.student_id("..evil")[0]
    assert set(found) == {"alice", safe, "empty_student"}
    assert found["empty_student"] == {}
    assert [p.name for p in found[safe][ASSIGNMENT]] == [NOTEBOOK]
    assert "'..evil'" in renamed[safe]


# ------------------------------------------------------------------ nbformat 3

def test_an_nbformat_3_notebook_is_upgraded_and_placed(tmp_path, course, good):
    v3 = nbformat.convert(nbformat.reads(json.dumps(good), 4), 3)
    files = _hand_in(tmp_path, nbformat.writes(v3, version=3).encode())
    placed = _place(course, files)
    nb = _placed_nb(course)
    assert nb["nbformat"] == 4
    assert {cells.grade_id(c) for c in nb["cells"]} >= {cells.grade_id(c) for c in good["cells"]} - {None}
    assert any("upgraded from nbformat 3" in why for _, why in placed.reasons)
    assert not any(why.startswith(("not graded", "missing")) for _, why in placed.reasons)


# ------------------------------------------------------------------ copies of grade cells

def test_a_copy_pasted_test_cell_is_set_aside_with_one_reason(tmp_path, course, good):
    nb = copy.deepcopy(good)
    i = _test_index(nb)
    nb["cells"].insert(i + 1, copy.deepcopy(nb["cells"][i]))  # JupyterLab's copy keeps the grade id
    placed = _place(course, _hand_in(tmp_path, _dumps(nb)))
    out = _placed_nb(course)
    ids = [cells.grade_id(c) for c in out["cells"] if cells.grade_id(c)]
    assert len(ids) == len(set(ids)) and "test_e_step" in ids
    assert len(out["cells"]) == len(nb["cells"])  # the copy stays, as a plain cell
    assert len({c["id"] for c in out["cells"]}) == len(out["cells"])
    assert [why for _, why in placed.reasons if "copy" in why] == [
        "a second copy of cell test_e_step was set aside (run as a plain cell, not graded; the one graded is "
        "the first)"]


def test_of_two_answer_copies_the_closest_to_the_master_is_graded(master, good):
    nb = copy.deepcopy(good)
    i = next(k for k, c in enumerate(nb["cells"]) if cells.grade_id(c) == "m_step")
    wrong = copy.deepcopy(nb["cells"][i])
    wrong["source"] = "def m_step(n_b_expected, n_c):\n    return 0.0\n"
    nb["cells"].insert(i, wrong)
    notes = repair.set_aside_copies(nb, master)
    graded = [c for c in nb["cells"] if cells.grade_id(c) == "m_step"]
    assert len(graded) == 1 and "return 0.0" not in cells.source(graded[0])
    assert "a second copy of cell m_step" in notes[0]


def test_an_extra_grade_cell_is_made_plain(tmp_path, course, good):
    nb = copy.deepcopy(good)
    i = _test_index(nb)
    extra = copy.deepcopy(nb["cells"][i])
    extra["metadata"]["nbgrader"]["grade_id"] = "my_extra"
    extra.pop("id", None)
    nb["cells"].insert(i + 1, extra)
    placed = _place(course, _hand_in(tmp_path, _dumps(nb)))
    out = _placed_nb(course)
    assert "my_extra" not in {cells.grade_id(c) for c in out["cells"]}
    assert any("my_extra is a grade cell the master does not have" in why for _, why in placed.reasons)


def test_a_clean_notebook_has_nothing_set_aside(master, good):
    assert repair.set_aside_copies(copy.deepcopy(good), master) == []


# ------------------------------------------------------------------ bad bytes and exceptions

def test_a_lone_surrogate_escape_is_replaced_and_noted(tmp_path, course, good):
    raw = _dumps(good).replace(b'"## 1', b'"\\ud800 ## 1', 1)
    assert b"\\ud800" in raw
    placed = _place(course, _hand_in(tmp_path, raw))
    text = (course / "submitted" / "s" / ASSIGNMENT / NOTEBOOK).read_text(encoding="utf-8")
    assert "\ufffd ## 1" in text
    assert any("lone surrogate" in why for _, why in placed.reasons)


def test_a_valid_surrogate_pair_is_kept():
    data, note = repair.clean_text(json.loads('{"s": ["\\ud83d\\ude00 fine", "\\ud800 bad"]}'))
    assert data == {"s": ["\U0001F600 fine", "\ufffd bad"]}
    assert note and note.startswith("1 lone surrogate")


def test_one_students_exception_is_a_reason_and_the_class_goes_on(tmp_path, course, good, monkeypatch):
    for student in ("alice", "boom"):
        _hand_in(tmp_path, _dumps(good), student)
    submissions = pipeline.read_submitted(tmp_path / "in")
    real = intake.place

    def place(course_, student, *args):
        if student == "boom":
            real(course_, student, *args)  # a half-placed notebook must not stay behind
            raise RuntimeError("something nobody foresaw")
        return real(course_, student, *args)

    monkeypatch.setattr(intake, "place", place)
    placed = {p.student: p for p in intake.place_all(course, submissions, {"boom": "renamed note"})}
    assert (course / "submitted" / "alice" / ASSIGNMENT / NOTEBOOK).exists()
    assert not list((course / "submitted" / "boom" / ASSIGNMENT).iterdir())
    reasons = [why for _, why in placed["boom"].reasons]
    assert reasons[0] == "renamed note"
    assert "intake failed" in reasons[1] and "RuntimeError: something nobody foresaw" in reasons[1]
    assert "scored 0" in reasons[1]


# ------------------------------------------------------------------ too many cells

def test_a_notebook_of_ten_thousand_cells_is_refused_with_one_reason(tmp_path, course, good):
    nb = copy.deepcopy(good)
    nb["cells"] += [{"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                     "source": "x = 1"} for _ in range(10_000)]
    placed = _place(course, _hand_in(tmp_path, _dumps(nb)))
    assert not (course / "submitted" / "s" / ASSIGNMENT / NOTEBOOK).exists()
    assert len(placed.reasons) == 1
    assert "not graded: 10,0" in placed.reasons[0][1] and "scored 0" in placed.reasons[0][1]


def test_a_few_scratch_cells_are_fine(master, good):
    nb = copy.deepcopy(good)
    nb["cells"] += [{"cell_type": "code", "metadata": {}, "source": ""}] * repair.MAX_EXTRA_CELLS
    assert repair.too_many_cells(nb, master) is None


# ------------------------------------------------------------------ reasons from the autograded notebook

def _error(name, value):
    return {"output_type": "error", "ename": name, "evalue": value, "traceback": []}


def test_thousands_of_cells_not_run_make_one_row(tmp_path):
    stopped = "the notebook ran past its time limit of 80 s"
    nb_cells = [{"cell_type": "code", "metadata": {}, "source": "a", "outputs": [_error("NameError", "x")]},
                {"cell_type": "code", "metadata": {}, "source": "b", "outputs": [_error("KernelStopped", stopped)]}]
    nb_cells += [{"cell_type": "code", "metadata": {}, "source": "c",
                  "outputs": [_error("KernelStopped", f"not run: {stopped}")]} for _ in range(2800)]
    path = tmp_path / "nb.ipynb"
    path.write_text(json.dumps({"cells": nb_cells}))
    rows = reports.failures(path)
    assert rows == [("cell 0", "NameError: x"),
                    ("cell 1", f"KernelStopped: kernel stopped: 2801 cells stopped or not run, from this one on "
                               f"({stopped})")]


# ------------------------------------------------------------------ zip bombs

def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


def test_a_zip_bomb_entry_is_refused_and_its_student_told(tmp_path, good, monkeypatch):
    monkeypatch.setattr(zip_input, "MAX_ENTRY_BYTES", 20 * 2**20)
    archive = _zip(tmp_path / "dl.zip", {
        "05-grades_alice_attempt_2026-11-01-10-00-00_grades.ipynb": _dumps(good),
        "05-grades_mallory_attempt_2026-11-01-10-00-00_grades.ipynb": b" " * (30 * 2**20),
        "05-grades_eve_attempt_2026-11-01-10-00-00_grades.ipynb": b"{" + b" " * (5 * 2**20) + b"}",
    })
    assert archive.stat().st_size < 200_000
    submitted = zip_input.collect_zip(archive, tmp_path / "work", source_root=REPO)
    assert (submitted / "alice" / ASSIGNMENT / NOTEBOOK).read_bytes() == _dumps(good)
    for student, words in (("mallory", "per notebook"), ("eve", "zip bomb")):
        folder = submitted / student / ASSIGNMENT
        assert not (folder / NOTEBOOK).exists()
        note = (folder / intake.REFUSED_NOTE).read_text()
        assert note.startswith("grades\tnot graded:") and words in note and "scored 0" in note


def test_the_archive_cap_refuses_what_would_pass_it(tmp_path, good, monkeypatch):
    monkeypatch.setattr(zip_input, "MAX_ARCHIVE_BYTES", len(_dumps(good)) + 10)
    archive = _zip(tmp_path / "dl.zip", {
        f"05-grades_{s}_attempt_2026-11-01-10-00-00_grades.ipynb": _dumps(good) for s in ("a1", "a2")})
    submitted = zip_input.collect_zip(archive, tmp_path / "work", source_root=REPO)
    assert (submitted / "a1" / ASSIGNMENT / NOTEBOOK).exists()
    assert "past" in (submitted / "a2" / ASSIGNMENT / intake.REFUSED_NOTE).read_text()


def test_a_header_that_lies_is_caught_while_streaming(tmp_path, monkeypatch):
    target = tmp_path / "x" / "grades.ipynb"

    class Info:
        filename, file_size, compress_size = "lying.ipynb", 10, 10

    class Archive:
        def open(self, info):
            import io
            return io.BytesIO(b"x" * (3 * 2**20))

    why = zip_input._extract(Archive(), Info(), target, [0])
    assert "header" in why and not target.exists()


def test_intake_reads_the_refusal_and_says_no_more(tmp_path, course):
    folder = tmp_path / "in" / "mallory" / ASSIGNMENT
    folder.mkdir(parents=True)
    (folder / intake.REFUSED_NOTE).write_text("grades\tnot graded: grades.ipynb in the zip was refused: x; "
                                              "scored 0\n")
    placed = _place(course, sorted(folder.iterdir()), "mallory")
    assert placed.reasons == [("grades", "not graded: grades.ipynb in the zip was refused: x; scored 0")]
