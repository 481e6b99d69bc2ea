"""``python -m grader new-topic NAME``: a new notebook with every part in its place.

It writes a master with one exercise and its test cell, a reference module, an exercises
module with two named mistakes, the exercise's hint levels, five realistic wrong answers for the
corpus, a test of the reference, the topic's declaration in ``grader/authoring/topics.py``, its
fixtures and its student version — everything ``make test`` checks for a notebook, passing as
generated.  The example exercise (a sample mean) is there to
be replaced by the topic's own.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from grader import course

__all__ = ["new_topic"]

MARKER = "    # `python -m grader new-topic NAME` adds topics above this line\n"
_NAME = re.compile(r"^[a-z][a-z0-9_]*$")

REFERENCE = '''"""Reference implementations for notebook {folder} ({title}).

Replace the example with the topic's own functions (numpy only, numpydoc docstrings with shapes).
"""

from __future__ import annotations

import numpy as np

__all__ = ["sample_mean"]


def sample_mean(x):
    """The mean of a sample.

    Parameters
    ----------
    x : ndarray of shape (n_samples,)

    Returns
    -------
    float
    """
    # x̄ = (1/N) Σ_n x_n
    x = np.asarray(x, dtype=float)
    return float(x.sum() / x.size)
'''

EXERCISES = '''"""Exercises of notebook {folder} ({title}): what each graded function is checked against."""

from __future__ import annotations

import numpy as np

from genlab.reference import {name} as ref
from grader.authoring.schema import Exercise, Mistake


def _visible(rng):
    return [(np.array([1.0, 2.0, 6.0]),), (rng.normal(size=5),)]


def _hidden(rng):
    return [(rng.normal(3.0, 2.0, size=n),) for n in (3, 7, 100)]


SAMPLE_MEAN = Exercise(
    id="{name}.sample_mean", arg_names=("x",), reference=ref.sample_mean,
    visible_cases=_visible, hidden_cases=_hidden,
    mistakes=(
        Mistake("sum_not_mean", "you returned the sum of the values; divide it by their number N.",
                lambda x: float(np.sum(x))),
        Mistake("n_minus_1", "you divided by N - 1: the mean divides the sum by N "
                             "(N - 1 belongs to the unbiased variance).",
                lambda x: float(np.sum(x)) / (len(x) - 1)),
    ),
)

EXERCISES = [SAMPLE_MEAN]
'''

HINT_LEVELS = '''"""Hint levels of notebook {folder} ({title}): from where to look to the formula, never code."""

LEVELS = {{
    "sample_mean": (
        "The mean is the balance point of the sample: add up the values and share the total equally.",
        "Add all N values, then divide by how many there are: N, not N − 1.",
        "x̄ = (1/N) Σ_n x_n.",
    ),
}}
'''

WRONG_ANSWERS = '''"""Wrong answers to notebook {folder} ({title}), as students write them (the corpus)."""

from __future__ import annotations

import numpy as np

from . import Corpus

WRONG = Corpus()


@WRONG("{name}.sample_mean", "the sum, never divided")
def mean_as_sum(x):
    return float(np.sum(x))


@WRONG("{name}.sample_mean", "divided by N - 1, as for the unbiased variance")
def mean_by_n_minus_1(x):
    return float(np.sum(x)) / (len(x) - 1)


@WRONG("{name}.sample_mean", "the median: the middle value")
def mean_as_median(x):
    return float(np.median(x))


@WRONG("{name}.sample_mean", "the mean of the squares")
def mean_of_squares(x):
    return float(np.sum(np.asarray(x) ** 2)) / len(x)


@WRONG("{name}.sample_mean", "halfway between the smallest and the largest value")
def mean_of_extremes(x):
    return float(np.min(x) + np.max(x)) / 2
'''

TEST = '''"""The reference of notebook {folder} against a slow loop written from the formula."""

import numpy as np

from genlab.reference import {name} as ref


def test_sample_mean_equals_the_loop_over_the_sum():
    x = np.random.default_rng(0).normal(size=50)
    total = 0.0
    for value in x:
        total += value
    assert np.isclose(ref.sample_mean(x), total / len(x), rtol=1e-12)
'''


def _cell(kind: str, index: int, source: str, grade_id: str, *, solution=False, grade=False,
          points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": not solution, "schema_version": 3,
            "solution": solution, "task": False}
    if points is not None:
        meta["points"] = points
    cell = {"cell_type": kind, "id": f"cell-{index:03d}", "metadata": {"nbgrader": meta}, "source": source}
    if kind == "code":
        cell.update(execution_count=None, outputs=[])
    return cell


def _master(name: str, folder: str, title: str) -> dict:
    exercise = f"{name}.sample_mean"
    cells = [
        _cell("markdown", 0, f"# {folder[:2]} · {title}\n\nWhat this notebook teaches, as the lecture notes do: "
                             "intuition, formula, code, picture.", "md-01"),
        _cell("code", 1, "import numpy as np", "code-02"),
        _cell("markdown", 2, "## Exercise 1: the sample mean\n\n$\\bar x = \\frac{1}{N}\\sum_{n=1}^N x_n$. "
                             "Write `sample_mean(x)` for an array `x` of shape (n_samples,).", "md-03"),
        _cell("code", 3, "def sample_mean(x):\n    \"\"\"The mean of a sample x of shape (n_samples,).\"\"\"\n"
                         "    ### BEGIN SOLUTION\n    x = np.asarray(x, dtype=float)\n"
                         "    return float(x.sum() / x.size)\n    ### END SOLUTION", "sample_mean", solution=True),
        _cell("code", 4, f"\"\"\"sample_mean: the mean of a sample (1 point)\"\"\"\nfrom grader.check import check\n"
                         f"check(\"{exercise}\", sample_mean)\n### BEGIN HIDDEN TESTS\n"
                         f"check(\"{exercise}\", sample_mean, hidden=True)\n### END HIDDEN TESTS",
              "test_sample_mean", grade=True, points=1),
        # the progress summary: the last code cell, locked and ungraded, then one closing sentence
        _cell("markdown", 5, "## Where you stand\n\nSave the notebook (Ctrl+S), then run the cell below: it says "
                             "which exercises pass their visible tests. It grades nothing.", "md-progress"),
        _cell("code", 6, f"from grader.check import progress\nprogress(\"{name}\", \"{name}.ipynb\")",
              "code-progress"),
        _cell("markdown", 7, "When every exercise passes its visible tests and every written answer is there, "
                             "you are ready to submit.", "md-progress-end"),
    ]
    return {"cells": cells, "metadata": {"kernelspec": {"display_name": "Python 3 (ipykernel)",
                                                        "language": "python", "name": "python3"},
                                         "language_info": {"name": "python"}},
            "nbformat": 4, "nbformat_minor": 5}


def new_topic(name: str, title: str | None = None, root: Path = course.REPO) -> list[Path]:
    """Scaffold notebook ``NN-name`` (NN: one after the last) in ``root``; return the files written.

    Raises
    ------
    ValueError
        When ``name`` is not a lower-case identifier, or a topic or folder of that name exists.
    """
    from grader.authoring import topics

    root = Path(root)
    if not _NAME.match(name):
        raise ValueError(f"a topic name is a lower-case Python identifier, not {name!r}")
    if any(t.name == name for t in topics.TOPICS):
        raise ValueError(f"there is a topic {name!r} already")
    number = 1 + max((int(p.name[:2]) for p in (root / course.SOURCE).iterdir() if p.name[:2].isdigit()), default=0)
    folder = f"{number:02d}-{name.replace('_', '-')}"
    title = title or name.replace("_", " ").capitalize()
    notebook = f"{name}.ipynb"
    words = {"name": name, "folder": folder, "title": title}
    files = {
        root / "genlab" / "reference" / f"{name}.py": REFERENCE.format(**words),
        root / "grader" / "authoring" / "exercises" / f"{name}.py": EXERCISES.format(**words),
        root / "grader" / "authoring" / "hint_levels" / f"{name}.py": HINT_LEVELS.format(**words),
        root / "tests" / "wrong_answers" / f"{name}.py": WRONG_ANSWERS.format(**words),
        root / "tests" / f"test_{name}.py": TEST.format(**words),
        root / course.SOURCE / folder / notebook: json.dumps(_master(name, folder, title), indent=1) + "\n",
    }
    for path in files:
        if path.exists():
            raise ValueError(f"{path.relative_to(root)} exists already")
    declarations = root / "grader" / "authoring" / "topics.py"
    text = declarations.read_text()
    if MARKER not in text:
        raise ValueError(f"{declarations.relative_to(root)} has lost its line {MARKER.strip()!r}")
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content)
    entry = (f'    Topic("{name}", "{folder}", "{notebook}",\n'
             f'          reference=("genlab.reference.{name}",)),\n')
    declarations.write_text(text.replace(MARKER, entry + MARKER))
    return sorted(files) + [declarations]
