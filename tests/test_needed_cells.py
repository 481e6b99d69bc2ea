"""grader.grading.needed_cells: a graded run skips only the locked cells nothing graded depends on."""

from __future__ import annotations

import json

import pytest
from nbformat.v4 import new_code_cell

from grader import course
from grader.grading.needed_cells import analyse, cells_to_skip


def locked(source):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True, "grade_id": f"c{id(cell)}",
                                 "schema_version": 3}
    return cell


def solution(source):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": False, "solution": True, "locked": False, "grade_id": f"s{id(cell)}",
                                 "schema_version": 3}
    return cell


def graded_test(source):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "locked": True, "grade_id": f"t{id(cell)}",
                                 "points": 1, "schema_version": 3}
    return cell


@pytest.mark.parametrize("source, bound, outside", [
    ("import numpy as np\nx = np.arange(3)", {"np", "x"}, set()),
    ("y = x + 1", {"y"}, {"x"}),
    ("x = x + 1", {"x"}, {"x"}),                                   # read before it is bound
    ("def f(a):\n    b = a + g\n    return h(b)", {"f"}, {"g", "h"}),
    ("def f():\n    return helper()\ndef helper():\n    return 1", {"f", "helper"}, set()),
    ("docs = [tokenize(t) for t in texts]", {"docs"}, {"tokenize", "texts"}),
    ("for i in range(n):\n    total = i", {"i", "total"}, {"range", "n"}),
    ("with open(p) as f:\n    text = f.read()\ndel q", {"f", "text", "q"}, {"open", "p", "q"}),
    ("try:\n    v = w\nexcept KeyError as e:\n    v = str(e)", {"v", "e"}, {"w", "KeyError", "str"}),
    ("if flag:\n    z = 1\nelse:\n    z = y", {"z"}, {"flag", "y"}),
    ("class Box:\n    size = width\n    def area(self):\n        return self.size * height", {"Box"},
     {"width", "height"}),
    ("f = lambda v: v * scale", {"f"}, {"scale"}),
    ("[(m := k) for k in ks]", {"m"}, {"ks"}),
])
def test_what_a_cell_binds_and_needs(source, bound, outside):
    assert analyse(source) == (bound, outside)


@pytest.mark.parametrize("source", ["%time x = 1", "!ls", "exec('x = 1')", "globals()['x'] = 1",
                                    "from numpy import *", "def f():\n    global x\n    x = 1",
                                    "x = (", "get_ipython().run_line_magic('time', '')"])
def test_what_the_analysis_cannot_see_through(source):
    assert analyse(source) is None


def test_only_what_nothing_graded_needs_is_skipped():
    cells = [locked("import numpy as np\nimport matplotlib.pyplot as plt"),     # 0 np: needed
             locked("data = np.ones(5)"),                                       # 1 read by the solution
             solution("def mean(x):\n    return np.sum(x) / len(x) + offset(data)"),
             locked("def offset(d):\n    return scale * 0"),                    # 3 needed, so is scale
             locked("scale = 2"),                                               # 4
             locked("picture = plt.figure()\nhuge = np.zeros((10, 10))"),       # 5 nothing needs it
             locked("print(mean(huge))"),                                       # 6 demo of the answer
             graded_test("from grader.check import check\ncheck('topic.mean', mean)"),
             new_code_cell("mine = huge.sum()")]                                # the student's own cell
    assert cells_to_skip(cells) == {6}  # the student's own cell reads huge: 5 runs
    assert cells_to_skip(cells[:-1]) == {5, 6}


def test_a_locked_cell_that_cannot_be_read_runs_everything():
    cells = [locked("%matplotlib inline"), locked("heavy = 1"), solution("def f():\n    return 1")]
    assert cells_to_skip(cells) == set()


def test_students_cells_are_never_skipped_and_unknown_code_runs_everything():
    cells = [locked("x = 1"), new_code_cell("y = 2"), solution("def f():\n    return eval('x')")]
    assert cells_to_skip(cells) == set()
    assert cells_to_skip(cells[:2]) == {0}


@pytest.mark.parametrize("assignment", course.assignments())
def test_no_checked_function_or_solution_needs_a_skipped_cell(assignment):
    """In every master, what a skipped cell binds is read by no cell that runs (so the masters'
    grades cannot change), and the test cells' functions are bound by cells that run."""
    for path in (course.REPO / course.SOURCE / assignment).glob("*.ipynb"):
        cells = json.loads(path.read_text())["cells"]
        skipped = cells_to_skip(cells)
        assert skipped, f"{path.name}: nothing skipped"
        run = [analyse("".join(c["source"])) for i, c in enumerate(cells)
               if c["cell_type"] == "code" and i not in skipped and "".join(c["source"]).strip()]
        needs = set().union(*(names[1] for names in run))
        for i in skipped:
            assert not analyse("".join(cells[i]["source"]))[0] & needs, (path.name, i)
