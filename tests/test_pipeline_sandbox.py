"""Per-notebook limits of the grading sandbox, on tiny notebooks run by SandboxExecute directly.

Small limits (3 CPU seconds, 1 GB of address space, 1 MB files, a 6 s notebook) keep this fast.
"""

from __future__ import annotations

import json
import os
import time

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grader.grading import sandbox, settings
from grader.grading.sandbox_execute import SandboxExecute

pytestmark = pytest.mark.notebook  # every test here starts a sandboxed kernel


@pytest.fixture(scope="module")
def kernel_path(tmp_path_factory):
    jupyter = tmp_path_factory.mktemp("jupyter")
    limits = settings.Limits(cell_timeout=20, notebook_timeout=60, cpu_seconds=3, memory_bytes=2**30,
                            file_bytes=2**20, nproc=64)
    sandbox.write_kernelspec(jupyter, limits)
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(jupyter)
    os.environ["GENLAB_TEST_SECRET"] = "do-not-leak"
    yield jupyter
    os.environ.pop("GENLAB_TEST_SECRET", None)
    if old is None:
        os.environ.pop("JUPYTER_PATH", None)
    else:
        os.environ["JUPYTER_PATH"] = old


def graded_cell(source, grade_id):
    cell = new_code_cell(source)
    cell.metadata["nbgrader"] = {"grade": True, "solution": False, "grade_id": grade_id, "points": 1,
                                 "locked": True, "schema_version": 3}
    return cell


def run(cells, **traits):
    nb = new_notebook(cells=cells)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    traits.setdefault("timeout", 20)
    executor = SandboxExecute(kernel_name=settings.KERNEL_NAME, **traits)
    start = time.perf_counter()
    nb, _ = executor.preprocess(nb, {})
    return nb, time.perf_counter() - start


def errors(cell):
    return [(o["ename"], o["evalue"]) for o in cell.outputs if o["output_type"] == "error"]


def stdout(cell):
    return "".join(o.get("text", "") for o in cell.outputs if o["output_type"] == "stream")


def test_limits_home_and_a_dead_kernel(kernel_path):
    nb, seconds = run([
        new_code_cell("import os, tempfile\nprint(os.environ['HOME'])\nprint(os.getcwd())\n"
                      "print(tempfile.gettempdir())\nprint(os.environ.get('GENLAB_TEST_SECRET'))"),
        new_code_cell("hog = bytearray(2 * 2**30)"),
        new_code_cell("with open('big.bin', 'wb') as f:\n    f.write(b'0' * 2 * 2**20)"),
        new_code_cell("import subprocess\nsubprocess.run(['true'])"),
        new_code_cell("open('/tmp/genlab-sandbox-escape.txt', 'w')"),
        new_code_cell("print('still alive')"),
        new_code_cell("while True:\n    pass"),              # CPU limit: the kernel is killed
        graded_cell("print('never runs')", "test_after_death"),
    ])
    home, cwd, tmp, secret = stdout(nb.cells[0]).split()
    real_home = os.path.expanduser("~")
    assert home != real_home and home.endswith("/home")
    assert cwd.endswith("/work") and tmp.endswith("/tmp") and cwd.rsplit("/", 2)[0] == home.rsplit("/", 2)[0]
    assert secret == "None"  # the grader's environment is not passed on
    assert errors(nb.cells[1])[0][0] == "MemoryError"
    assert "File too large" in errors(nb.cells[2])[0][1]
    assert "starting a process is not allowed" in errors(nb.cells[3])[0][1]
    assert "writing files outside the sandbox" in errors(nb.cells[4])[0][1]
    assert not os.path.exists("/tmp/genlab-sandbox-escape.txt")
    assert stdout(nb.cells[5]).strip() == "still alive"
    assert errors(nb.cells[6])[-1][0] == "KernelStopped"
    # the graded cell after the death never ran: it fails instead of passing silently (nbgrader #427)
    assert errors(nb.cells[7]) and errors(nb.cells[7])[0][0] == "KernelStopped"
    assert seconds < 20  # the 3 s CPU limit, not the 20 s cell timeout, stopped the loop
    assert not os.path.exists(home)  # the sandbox folder is removed


def test_notebook_wall_clock_limit(kernel_path):
    cells = [new_code_cell("import time\ntime.sleep(1.5)") for _ in range(6)]
    cells.append(graded_cell("print('late')", "test_late"))
    nb, seconds = run(cells, notebook_timeout=4)
    assert seconds < 12
    stopped = [c for c in nb.cells if errors(c) and errors(c)[0][0] == "KernelStopped"]
    assert stopped and "time limit of 4 s" in errors(stopped[0])[0][1]
    assert errors(nb.cells[-1])[0][0] == "KernelStopped"
    assert not errors(nb.cells[0])


def test_output_is_capped(kernel_path):
    nb, _ = run([new_code_cell("for _ in range(2000):\n    print('y' * 999)"),
                 new_code_cell("print('after')")], output_bytes=100_000)
    kept = len(nbformat.writes(nb))
    assert kept < 300_000
    assert "output beyond 100000 bytes was dropped" in stdout(nb.cells[0])


def test_players_are_not_built_in_a_graded_kernel(kernel_path):
    nb, _ = run([
        new_code_cell("from genlab.viz import grades\ncalls = []\n"
                      "def run_em(*args, **kwargs):\n    calls.append(args)\n    raise RuntimeError('ran')\n"
                      "grades.em_player(run_em, run_em, n=100, n_c=20)"),
        new_code_cell("print(len(calls))"),
    ])
    shown = "".join(o.get("data", {}).get("text/plain", "") for o in nb.cells[0].outputs)
    assert "not when the notebook is graded" in shown, nb.cells[0].outputs
    assert stdout(nb.cells[1]).strip() == "0"  # the student's run_em was never called


def test_only_the_needed_statements_of_a_locked_cell_run(kernel_path):
    """A locked demonstration cell runs only the statements graded cells depend on: pyplot is
    never imported, the notebook keeps the cell's whole source and says what happened."""
    def locked(source):
        cell = new_code_cell(source)
        cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True,
                                     "grade_id": f"demo{len(source)}", "schema_version": 3}
        return cell

    setup = "import numpy as np\nimport matplotlib.pyplot as plt\nprint('setup printed')\nsizes = np.arange(3)"
    nb, _ = run([locked(setup),
                 locked("plt.plot(sizes)\nprint('demo printed')"),
                 new_code_cell("import sys\nprint(int(sizes.sum()), 'matplotlib.pyplot' in sys.modules)")])
    assert nb.cells[0].source == setup
    assert "Partly run when the notebook is graded" in stdout(nb.cells[0])
    assert "setup printed" not in stdout(nb.cells[0])
    assert "Not run when the notebook is graded" in stdout(nb.cells[1])
    assert stdout(nb.cells[2]).strip() == "3 False"


class _CountingExecute(SandboxExecute):
    """SandboxExecute that counts the kernel's execute requests, the probe's own (silent) apart."""

    def preprocess_cell(self, cell, resources, index):
        if self.kc is not None and not hasattr(self, "requests"):
            self.requests = {"cell": 0, "silent": 0}
            send = self.kc.execute

            def counted(code, *args, **kwargs):
                self.requests["silent" if kwargs.get("silent") else "cell"] += 1
                return send(code, *args, **kwargs)

            self.kc.execute = counted
        return super().preprocess_cell(cell, resources, index)


def test_the_integrity_probe_rides_on_each_cell_and_asks_again_after_an_error(kernel_path, tmp_path):
    """Each cell's audit events are recorded against that cell; only a cell that raised (no user
    expressions come back then) costs a request of the probe's own."""
    cells = [new_code_cell("import sys\nframe = sys._getframe(0)\nx = 1"),
             new_code_cell("y = 2"),
             new_code_cell("frame = sys._getframe(0)\nraise ValueError('on purpose')"),
             new_code_cell("z = 3")]
    nb = new_notebook(cells=cells)
    executor = _CountingExecute(kernel_name=settings.KERNEL_NAME, timeout=20, integrity_dir=str(tmp_path))
    nb, _ = executor.preprocess(nb, {"nbgrader": {"student": "s", "assignment": "a", "notebook": "n"}})
    assert errors(nb.cells[2]) == [("ValueError", "on purpose")]
    assert executor.requests == {"cell": 4, "silent": 1}
    record = json.loads((tmp_path / "s" / "a" / "n.json").read_text())
    found = {r["cell"]: ([e[0] for e in r["events"]], r["problems"]) for r in record["cells"]}
    assert found == {"cell 0": (["sys._getframe"], []), "cell 2": (["sys._getframe"], [])}
