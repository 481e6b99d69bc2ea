"""Zip input with nbgrader's zip_collect naming (FileNameCollectorPlugin.named_regexp)."""

from __future__ import annotations

import csv
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from grader.authoring import samples
from grader.grading import zip_input

REPO = Path(__file__).resolve().parent.parent


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    return path


@pytest.fixture(scope="module")
def notebooks(tmp_path_factory):
    folder = samples.write_samples(tmp_path_factory.mktemp("samples"))
    return {s: (folder / s / "05-grades" / "grades.ipynb").read_bytes() for s in ("alice", "bob")}


def test_names_are_placed_and_the_latest_attempt_wins(tmp_path, notebooks):
    archive = _zip(tmp_path / "dl.zip", {
        "05-grades_alice_attempt_2026-11-01-10-00-00_grades.ipynb": notebooks["bob"],
        "05-grades_alice_attempt_2026-11-02-09-00-00_grades.ipynb": notebooks["alice"],
        "inner/05-grades_bob_attempt_2026-11-01-08-00-00_grades.ipynb": notebooks["bob"],
        "__MACOSX/._junk": b"",
    })
    submitted = zip_input.collect_zip(archive, tmp_path / "work", source_root=REPO)
    placed = sorted(p.relative_to(submitted).as_posix() for p in submitted.rglob("*.ipynb"))
    assert placed == ["alice/05-grades/grades.ipynb", "bob/05-grades/grades.ipynb"]
    assert (submitted / "alice/05-grades/grades.ipynb").read_bytes() == notebooks["alice"]


def test_names_it_cannot_place_are_listed(tmp_path, notebooks):
    archive = _zip(tmp_path / "dl.zip", {
        "05-grades_alice_attempt_2026-11-01-10-00-00_grades.ipynb": notebooks["alice"],
        "my homework.ipynb": notebooks["bob"],
        "ps9_carol_attempt_2026-11-01-10-00-00_nosuchnotebook.ipynb": notebooks["bob"],
    })
    with pytest.raises(ValueError) as error:
        zip_input.collect_zip(archive, tmp_path / "work", source_root=REPO)
    message = str(error.value)
    assert "cannot place 2 file(s)" in message
    assert "my homework.ipynb: the name does not match the pattern" in message
    assert "no assignment has a notebook named nosuchnotebook.ipynb" in message


def test_a_custom_pattern_and_assignment(tmp_path, notebooks):
    archive = _zip(tmp_path / "dl.zip", {"dave-grades.ipynb": notebooks["alice"]})
    submitted = zip_input.collect_zip(archive, tmp_path / "work", assignment="05-grades",
                                      pattern=r".*/(?P<student_id>[a-z]+)-(?P<file_id>\w+)", source_root=REPO)
    assert (submitted / "dave/05-grades/grades.ipynb").exists()


def test_unsafe_names_are_refused(tmp_path, notebooks):
    archive = _zip(tmp_path / "dl.zip", {"../x_alice_attempt_1_grades.ipynb": notebooks["alice"]})
    with pytest.raises(ValueError, match="unsafe name"):
        zip_input.collect_zip(archive, tmp_path / "work", source_root=REPO)


@pytest.mark.pipeline
def test_cli_reports_unplaced_names_clearly(tmp_path, notebooks):
    archive = _zip(tmp_path / "dl.zip", {"grades.ipynb": notebooks["alice"]})
    run = subprocess.run([sys.executable, "-m", "grader", "grade", "--zip", str(archive), "--out",
                          str(tmp_path / "out")], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert "cannot place 1 file(s)" in run.stderr and "grades.ipynb" in run.stderr


@pytest.mark.pipeline
def test_cli_grades_a_zip(tmp_path, notebooks):
    archive = _zip(tmp_path / "dl.zip", {"05-grades_alice_attempt_2026-11-02-09-00-00_grades.ipynb":
                                         notebooks["alice"]})
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "grader", "grade", "--zip", str(archive), "--out", str(out),
                          "--cell-timeout", "8", "--workers", "1"], cwd=tmp_path, capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 0, run.stderr[-2000:]
    with open(out / "grades.csv", newline="") as f:
        rows = [(r["student_id"], r["assignment"], float(r["score"])) for r in csv.DictReader(f)]
    assert rows == [("alice", "05-grades", 8.0)]
