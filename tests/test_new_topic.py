"""`python -m grader new-topic NAME` gives a notebook that passes the tests as generated."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from grader import course
from grader.authoring import new_topic

REPO = course.REPO


def _copy_of_the_course(target):
    """The parts of the repository a notebook's tests read (the data folder linked, not copied)."""
    for name in ("grader", "genlab", "solutions", "notebooks", "tests"):
        shutil.copytree(REPO / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "nbgrader_config.py", "README.md"):
        shutil.copy(REPO / name, target / name)
    (target / "datasets").symlink_to(REPO / "datasets")


def test_bad_names_and_taken_names_are_refused(tmp_path):
    for bad in ("HMM", "7up", "my-topic", ""):
        with pytest.raises(ValueError, match="identifier"):
            new_topic.new_topic(bad, root=tmp_path)
    with pytest.raises(ValueError, match="already"):
        new_topic.new_topic("grades", root=tmp_path)


@pytest.mark.notebook
def test_a_new_topic_passes_the_course_tests_as_generated(tmp_path):
    copy = tmp_path / "course"
    _copy_of_the_course(copy)
    env = dict(os.environ, PYTHONPATH=str(copy))  # the copy's grader and genlab, in kernels too
    run = subprocess.run([sys.executable, "-m", "grader", "new-topic", "hmm", "--title", "Hidden Markov models"],
                         cwd=copy, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    for written in ("solutions/07-hmm/hmm.ipynb", "notebooks/07-hmm/hmm.ipynb", "genlab/reference/hmm.py",
                    "grader/authoring/exercises/hmm.py", "grader/check/fixtures/hmm.json", "tests/test_hmm.py",
                    "grader/authoring/hint_levels/hmm.py", "tests/wrong_answers/hmm.py"):
        assert (copy / written).exists(), written
        assert written in run.stdout
    assert 'Topic("hmm", "07-hmm", "hmm.ipynb"' in (copy / "grader/authoring/topics.py").read_text()
    tests = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:warnings",
                            "tests/test_hmm.py", "tests/test_topics.py", "tests/test_points.py",
                            "tests/test_exercise_invariants.py", "tests/test_notebooks.py", "tests/test_hints.py",
                            "tests/test_wrong_answer_corpus.py", "-k", "hmm or 07 or topic or every_master"
                            " or regenerated or two_to_four or five_to_nine"],
                           cwd=copy, env=env, capture_output=True, text=True, timeout=900)
    assert tests.returncode == 0, tests.stdout[-4000:]
    summary = tests.stdout.strip().splitlines()[-1]
    assert " passed" in summary and "failed" not in summary, summary
    assert "hmm" in tests.stdout or int(summary.split()[0]) >= 10
    # the repository itself was not touched
    assert not (REPO / "solutions" / "07-hmm").exists() and not (REPO / "genlab/reference/hmm.py").exists()
