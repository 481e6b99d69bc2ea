"""The student bundle: no answers inside, and every visible check works from it alone.

The archive is unpacked into a temporary folder and used from a fresh virtual environment
(``python -m venv --system-site-packages``; the course's third-party packages are reached through
a path file, never the repository itself).  In it, every test cell of every student notebook fails
with a NotImplementedError message on the stubs and passes once the master's solution code is
pasted into the solution cells.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from grader.authoring import bundle

REPO = Path(__file__).resolve().parent.parent

RUNNER = r'''
import importlib.util, json, os, re, sys, traceback
from pathlib import Path

root = Path(sys.argv[1]).resolve()
import genlab, grader
assert Path(genlab.__file__).resolve().is_relative_to(root), genlab.__file__
assert Path(grader.__file__).resolve().is_relative_to(root), grader.__file__
assert importlib.util.find_spec("genlab.reference") is None
assert importlib.util.find_spec("grader.authoring") is None and importlib.util.find_spec("grader.grading") is None

from IPython.core.interactiveshell import InteractiveShell

def src(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]

def meta(cell):
    return cell.get("metadata", {}).get("nbgrader", {})

def run(nb_path, mode, solutions):
    nb = json.loads(Path(nb_path).read_text())
    os.chdir(Path(nb_path).parent)
    InteractiveShell.clear_instance()
    shell = InteractiveShell.instance()
    results = {}
    first = next(i for i, c in enumerate(nb["cells"]) if meta(c).get("solution") and c["cell_type"] == "code")
    for index, cell in enumerate(nb["cells"]):
        if cell["cell_type"] != "code":
            continue
        m = meta(cell)
        test = m.get("grade") and not m.get("solution")
        if mode == "stub" and index >= first and not (m.get("solution") or test):
            continue  # exploration cells use the unwritten functions: not needed by the checks
        code = solutions.get(m.get("grade_id"), src(cell)) if m.get("solution") else src(cell)
        result = shell.run_cell(code, silent=True)
        error = result.error_in_exec or result.error_before_exec
        if test:
            results[m["grade_id"]] = None if error is None else f"{type(error).__name__}: {error}"
    return results

report = {}
for item in json.loads(sys.argv[2]):
    report[item["notebook"] + ":" + item["mode"]] = run(item["notebook"], item["mode"], item["solutions"])
print("RESULT" + json.dumps(report))
'''


def _solutions(master: Path) -> dict[str, str]:
    found = {}
    for cell in json.loads(master.read_text())["cells"]:
        grade_id = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        source = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
        if cell["cell_type"] == "code" and "### BEGIN SOLUTION" in source:
            found[grade_id] = re.sub(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", "", source, flags=re.M)
    return found


@pytest.fixture(scope="module")
def unpacked(tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle")
    archive = bundle.build(out)
    root = out / "unpacked"
    with zipfile.ZipFile(archive) as z:
        z.extractall(root)
    return archive, root


def test_bundle_holds_no_answers(unpacked):
    archive, root = unpacked
    names = zipfile.ZipFile(archive).namelist()
    assert not [n for n in names if n.startswith(("solutions/", "genlab/reference/", "grader/authoring/", "grader/grading/", "tests/"))]
    assert not [n for n in names if n.startswith("grader/") and n.endswith(".py")
                and not (n == "grader/__init__.py" or n.startswith(bundle.CHECK_FOLDER + "/"))]
    assert "jupyter/student/labconfig/page_config.json" in names  # students get the student view
    assert "JUPYTER_CONFIG_PATH=jupyter/student" in (root / "README.md").read_text()
    shipped = {n for n in names if n.startswith(bundle.CHECK_FOLDER + "/") and n.endswith(".py")}
    assert shipped == {p.relative_to(REPO).as_posix() for p in (REPO / bundle.CHECK_FOLDER).glob("*.py")}
    assert sorted(p.relative_to(root / "notebooks").as_posix() for p in (root / "notebooks").glob("*/*.ipynb")) == \
        sorted(p.relative_to(REPO / "notebooks").as_posix() for p in (REPO / "notebooks").glob("*/*.ipynb"))
    forbidden = bundle.forbidden_lines(REPO)
    # the detector finds answers where they are...
    for master in sorted((REPO / "solutions").glob("*/*.ipynb")):
        text = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                         for c in json.loads(master.read_text())["cells"])
        assert bundle.leaks(text, forbidden), master
    # ...and none in the bundle
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in (".py", ".ipynb", ".json", ".md", ".toml", ".txt"):
            text = path.read_text(errors="replace")
            if path.suffix == ".ipynb":
                text = "\n".join("".join(c["source"]) if isinstance(c["source"], list) else c["source"]
                                 for c in json.loads(text)["cells"])
            assert not bundle.leaks(text, forbidden), path
            assert "BEGIN HIDDEN TESTS" not in text and "BEGIN SOLUTION" not in text, path


@pytest.mark.notebook
def test_every_visible_check_runs_from_the_bundle(unpacked, tmp_path):
    _, root = unpacked
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    # the course's third-party packages, as a plain path: the repository's own editable install is not active
    Path(site, "course-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    jobs = []
    for notebook in sorted((root / "notebooks").glob("*/*.ipynb")):
        master = REPO / "solutions" / notebook.parent.name / notebook.name
        jobs.append({"notebook": str(notebook), "mode": "stub", "solutions": {}})
        jobs.append({"notebook": str(notebook), "mode": "solved", "solutions": _solutions(master)})
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "MPLBACKEND": "Agg", "HOME": str(tmp_path),
           "MPLCONFIGDIR": str(tmp_path / "mpl"), "IPYTHONDIR": str(tmp_path / "ipython")}
    run = subprocess.run([str(python), "-c", RUNNER, str(root), json.dumps(jobs)], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stderr[-3000:]
    report = json.loads(run.stdout.split("RESULT", 1)[1])
    tests = 0
    for key, results in report.items():
        assert results, key
        for grade_id, error in results.items():
            tests += 1
            if key.endswith(":stub"):
                assert error and "NotImplementedError" in error, (key, grade_id, error)
            else:
                assert error is None, (key, grade_id, error)
    assert tests >= 2 * 20
