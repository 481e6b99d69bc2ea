"""grader.grading.needed_cells: a graded run skips only the locked cells nothing graded depends on."""

from __future__ import annotations

import json

import pytest
from nbformat.v4 import new_code_cell

from grader import course
import ast

from grader.grading.needed_cells import analyse, plan


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
    assert plan(cells).skip == {6}  # the student's own cell reads huge: 5 runs
    assert plan(cells[:-1]).skip == {5, 6}


def test_a_locked_cell_that_cannot_be_read_runs_everything():
    cells = [locked("%matplotlib inline"), locked("heavy = 1"), solution("def f():\n    return 1")]
    assert plan(cells).skip == set()


def test_students_cells_are_never_skipped_and_unknown_code_runs_everything():
    cells = [locked("x = 1"), new_code_cell("y = 2"), solution("def f():\n    return eval('x')")]
    assert plan(cells).skip == set()
    assert plan(cells[:2]).skip == {0}


def test_a_cell_runs_only_the_statements_graded_cells_need():
    cells = [locked("import numpy as np  # numbers\nimport matplotlib.pyplot as plt\nfrom fractions import Fraction"),
             locked("fig, ax = plt.subplots()\nsizes = [3, 4]\nax.plot(sizes)\nsizes.append(5)\nlabel = 'n'"),
             locked("a = 1; b = plt.figure()"),
             locked("@np.vectorize\ndef double(v):\n    return 2 * v\nprint(double(sizes))"),
             solution("def f(x):\n    return np.array(sizes) * x + a + double(x)"),
             graded_test("check('topic.f', f)")]
    run = plan(cells)
    assert run.skip == set()
    assert run.partly == {0: "import numpy as np  # numbers\n",
                          1: "sizes = [3, 4]\nsizes.append(5)\n",   # sizes.append changes sizes
                          2: "a = 1\n",                              # shares a line: unparsed
                          3: "@np.vectorize\ndef double(v):\n    return 2 * v\n"}


def test_a_statement_that_changes_a_needed_object_runs():
    """``x[i] = v``, ``x.a = v`` and ``x.f(...)`` change x without binding it; calls on modules
    (``np.mean``) change nothing of the notebook's."""
    cells = [locked("import numpy as np\ntable = np.zeros(3)"),
             locked("table[0] = 5"),
             locked("log = []"),
             locked("log.extend([1, 2])\ntotal = np.sum(table)"),
             solution("def f():\n    return table, log"),
             graded_test("check('topic.f', f)")]
    run = plan(cells)
    assert run.skip == set() and run.partly == {3: "log.extend([1, 2])\n"}


def _statements(source):
    """Each top-level statement of a cell as its own source text (an independent split)."""
    return [ast.unparse(node) for node in ast.parse(source).body]


@pytest.mark.parametrize("assignment", course.assignments())
def test_no_checked_function_or_solution_needs_what_is_not_run(assignment):
    """In every master, nothing a statement that does not run binds is read by one that runs (so
    the masters' grades cannot change), each partly run cell still compiles, and something is
    left out."""
    for path in (course.REPO / course.SOURCE / assignment).glob("*.ipynb"):
        cells = json.loads(path.read_text())["cells"]
        run = plan(cells)
        assert run.skip, f"{path.name}: nothing skipped"
        units = {}   # (cell, source of the statement) -> runs?
        for i, cell in enumerate(cells):
            source = "".join(cell["source"])
            if cell["cell_type"] != "code" or not source.strip():
                continue
            kept = _statements(run.partly[i]) if i in run.partly else []
            for statement in _statements(source):
                units[i, statement] = i not in run.skip and (i not in run.partly or statement in kept)
        for source in run.partly.values():
            compile(source, path.name, "exec")
        needs = set().union(*(analyse(s)[1] for (_, s), runs in units.items() if runs))
        for (i, statement), runs in units.items():
            if not runs:
                assert not analyse(statement)[0] & needs, (path.name, i, statement)


def test_a_locked_cell_shared_by_two_notebooks_is_judged_in_each():
    """The analysis of a cell is kept for the next notebook; what it means depends on the rest of
    the notebook: ``x.append(1)`` changes ``x`` when ``x`` is a list, not when it is a module."""
    shared = "x.append(1)\nprint('demo')"
    as_module = [solution("import collections as x"), locked(shared), graded_test("assert x")]
    as_list = [solution("x = []"), locked(shared), graded_test("assert x")]
    for _ in range(2):  # the second time from what was kept
        assert plan(as_module).skip == {1}
        assert plan(as_list).skip == set() and plan(as_list).partly == {1: "x.append(1)\n"}
