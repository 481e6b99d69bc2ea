"""`nbgrader validate`, as a student runs it from the course folder, prints the checker's whole hint."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from grader import course
from grader.authoring import samples
from grader.check import visible_cases

REPO = course.REPO


@pytest.mark.notebook
def test_validate_prints_the_whole_hint_and_no_grader_internals(tmp_path):
    master = json.loads((REPO / course.SOURCE / samples.ASSIGNMENT / samples.NOTEBOOK).read_text())
    stub = json.loads((REPO / course.RELEASE / samples.ASSIGNMENT / samples.NOTEBOOK).read_text())
    _, replacements = samples.SAMPLES["carol"]  # observed_log_likelihood with P(B): mistake uses_p_b
    notebook = tmp_path / samples.NOTEBOOK
    notebook.write_text(json.dumps(samples.solved_notebook(master, stub, replacements)))
    run = subprocess.run([sys.executable, "-m", "nbgrader", "validate", str(notebook)], cwd=REPO,
                         capture_output=True, text=True, timeout=300)
    printed = " ".join(run.stdout.split())
    hint = visible_cases.load("grades.observed_log_likelihood")["hints"]["uses_p_b"]
    assert "[uses_p_b]" in printed
    assert " ".join(hint.split()) in printed, printed[-2000:]
    assert "..." not in printed.split("[uses_p_b]")[1][:len(hint) + 40]
    assert "grader/check/" not in run.stdout and "CheckFailed" not in run.stdout
