"""The student bundle's Validate button, in a real browser (issue 17).

`grader.authoring.bundle.build` writes the bundle into a temporary folder; it is unpacked and
given a fresh virtual environment as in tests/test_bundle.py (``--system-site-packages`` and a path
file to the course's site-packages: no network). The files the course's packages install outside
site-packages (``share/jupyter``: JupyterLab's assets and the lab extensions; ``etc/jupyter``:
the server extensions' "enabled" settings) are copied into that environment from their wheels'
RECORD, as ``pip install`` of the bundle's dependencies would lay them out; nothing is enabled by
hand. The bundle itself is installed with ``pip install --no-deps --no-build-isolation -e`` when
that can build offline, else it is put on PYTHONPATH: either way the kernel imports the bundle's
own ``grader.check``, and the server serves the bundle's own ``notebooks/``.

JupyterLab runs from that environment; in Chromium, nbgrader's Validate toolbar button
(``.validate-button``, from ``@jupyter/nbgrader``) is clicked on 05-grades: on the untouched
student notebook, on a copy with ``mle_theta`` written, and on a fully solved copy.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest
from local_http import free_port, wait_until_up

# importing it skips this module as it skips itself: no playwright or no chromium, outside CI
from test_lab_in_browser import (  # noqa: F401  (artifacts, browser: fixtures)
    open_page,
    NB,
    TOKEN,
    _open,
    _real_problems,
    _stop,
    artifacts,
    browser,
)

from grader import cells, course
from grader.authoring import bundle, samples

pytestmark = pytest.mark.browser

REPO = course.REPO
ASSIGNMENT, NOTEBOOK = "05-grades", "grades.ipynb"
ONE_WRITTEN, SOLVED = "grades-mle-written.ipynb", "grades-solved.ipynb"
NOT_WRITTEN = "is not written yet"  # grader.check's message for a NotImplementedError
SUCCESS = "Success! Your notebook passes all the tests."  # nbgrader 0.9.6's lab extension
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def _copy_data_files(site: Path, prefix: Path) -> int:
    """Copy what the wheels installed in ``site`` put under ``share/`` and ``etc/`` into ``prefix``."""
    copied = 0
    for record in sorted(site.glob("*.dist-info/RECORD")):
        for line in record.read_text().splitlines():
            name = line.rsplit(",", 2)[0]
            if name.startswith(("../../../share/", "../../../etc/")):
                target = prefix / name.removeprefix("../../../")
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(site / name, target)
                copied += 1
    return copied


def _can_build_editable(python: Path, env: dict) -> bool:
    """pip, and a setuptools that imports here and builds an editable wheel without fetching ``wheel``."""
    probe = ("import importlib.util as u, setuptools; "
             "assert u.find_spec('pip') and (u.find_spec('wheel') or u.find_spec('setuptools.command.bdist_wheel'))")
    return subprocess.run([str(python), "-c", probe], env=env, capture_output=True, check=False).returncode == 0


@pytest.fixture(scope="module")
def student_env(tmp_path_factory):
    """(unpacked bundle, its venv's python, the environment to run it with, the extension listings)."""
    tmp = tmp_path_factory.mktemp("bundle-validate")
    archive = bundle.build(tmp / "dist")
    root = tmp / "genlab-student"
    with zipfile.ZipFile(archive) as z:
        z.extractall(root)
    venv = tmp / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--system-site-packages", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          capture_output=True, text=True, check=True).stdout.strip()
    course_site = Path(sysconfig.get_paths()["purelib"])
    # the course's third-party packages, as a plain path: the repository's own editable install is not active
    Path(site, "course-deps.pth").write_text(f"{course_site}\n")
    assert _copy_data_files(course_site, venv) > 0
    home = tmp / "home"
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(home), "MPLBACKEND": "Agg",
           "JUPYTER_PLATFORM_DIRS": "1", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR",
                 "JUPYTERLAB_SETTINGS_DIR", "JUPYTERLAB_WORKSPACES_DIR"):
        env[name] = str(home / name.lower())
        Path(env[name]).mkdir(parents=True)
    if _can_build_editable(python, env):
        subprocess.run([str(python), "-m", "pip", "install", "--no-index", "--no-deps", "--no-build-isolation",
                        "-q", "-e", str(root)], env=env, check=True, capture_output=True)
    else:  # e.g. the course's setuptools, reached through a plain path, cannot import (its distutils hack)
        env["PYTHONPATH"] = str(root)
    where = subprocess.run([str(python), "-c", ("import genlab, grader, importlib.util as u; "
                            "print(genlab.__file__, grader.__file__, u.find_spec('grader.authoring'))")],
                           cwd=home, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert all(Path(p).resolve().is_relative_to(root) for p in where[:2]) and where[2] == "None", where
    # `jupyter server extension list` and `jupyter labextension list`, run by the bundle's python; started
    # now, read by the last test, so that they run while JupyterLab starts
    listings = [subprocess.Popen([str(python), "-m", *command], cwd=root, env=env, text=True,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
                for command in (["jupyter_server", "extension", "list"], ["jupyterlab.labextensions", "list"])]
    yield root, python, env, listings
    for run in listings:  # when the last test did not run
        if run.poll() is None:
            run.kill()
        run.wait()
        run.stdout.close()


@pytest.fixture(scope="module")
def bundle_lab(student_env):
    """JupyterLab from the bundle's venv, serving the bundle's notebooks/ (one server for the module)."""
    root, python, env, _ = student_env
    folder = root / "notebooks" / ASSIGNMENT
    master = json.loads((REPO / course.SOURCE / ASSIGNMENT / NOTEBOOK).read_text())
    student = json.loads((folder / NOTEBOOK).read_text())
    one = json.loads(json.dumps(student))  # the stub with mle_theta written: the master's code, markers gone
    solution = next(c for c in master["cells"] if cells.grade_id(c) == "mle_theta")
    cell = next(c for c in one["cells"] if cells.grade_id(c) == "mle_theta")
    cell["source"] = cells.strip_solution_markers(cells.source(solution))
    (folder / ONE_WRITTEN).write_text(json.dumps(one, indent=1))
    (folder / SOLVED).write_text(json.dumps(samples.solved_notebook(master, student), indent=1))

    settings = Path(env["JUPYTERLAB_SETTINGS_DIR"])
    for plugin, values in (("apputils-extension/notification", {"fetchNews": "false", "checkForUpdates": False}),
                           ("docmanager-extension/plugin", {"autosave": False})):
        path = settings / "@jupyterlab" / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    port = free_port()
    command = [str(python), "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--IdentityProvider.token={TOKEN}", f"--ServerApp.root_dir={root / 'notebooks'}"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    log = root.parent / "jupyterlab.log"
    with open(log, "w") as out:
        server = subprocess.Popen(command, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                  start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    if not wait_until_up(f"{url}/api/status?token={TOKEN}", server):
        _stop(server)
        raise RuntimeError("JupyterLab did not start:\n" + log.read_text()[-3000:])
    try:
        yield url, root / "notebooks"
    finally:
        _stop(server)


@pytest.fixture
def page(browser, bundle_lab):  # noqa: F811
    context, page = open_page(browser)
    yield page
    context.close()


def _validate(page) -> tuple[str, str]:
    """Click nbgrader's Validate toolbar button; (result class, text) of its Validation Results dialog."""
    page.locator(f"{NB} .jp-Toolbar .validate-button").click()
    # nbgrader's result node is the dialog's body: class validation-failed, validation-success, ...
    body = page.locator(".jp-Dialog:has(.jp-Dialog-header:text('Validation Results')) .jp-Dialog-body")
    body.wait_for(timeout=180_000)
    classes = body.get_attribute("class") or ""
    return next((c for c in classes.split() if c.startswith("validation-")), classes), body.inner_text()


def _failed_sources(text: str) -> list[str]:
    """The first line of each failed cell's source."""
    return [next(line for line in part.splitlines() if line.strip())
            for part in text.split("The following cell failed:")[1:]]


def test_validate_in_the_bundle(page, bundle_lab, artifacts):  # noqa: F811
    graded = [cells.nbgrader_meta(c) for c in json.loads((bundle_lab[1] / ASSIGNMENT / NOTEBOOK).read_text())["cells"]
              if cells.nbgrader_meta(c).get("grade")]
    tests = sum(1 for m in graded if not m.get("solution"))  # the autograded test cells: 5
    written = len(graded) - tests  # the answer graded by hand: nbgrader also reports it unanswered

    _open(page, bundle_lab, f"{ASSIGNMENT}/{NOTEBOOK}")
    kind, text = _validate(page)
    page.screenshot(path=str(artifacts / "bundle-validate-stub.png"))
    assert kind == "validation-failed" and SUCCESS not in text, text[:800]
    assert tests == 5 and text.count("The following cell failed:") == tests + written, text[:800]
    assert text.count(NOT_WRITTEN) == tests and text.count("You did not provide a response") == written, text[:800]

    _open(page, bundle_lab, f"{ASSIGNMENT}/{ONE_WRITTEN}")
    kind, text = _validate(page)
    page.screenshot(path=str(artifacts / "bundle-validate-mle-written.png"))
    assert kind == "validation-failed", text[:800]
    failed = _failed_sources(text)
    assert len(failed) == tests - 1 + written and not [s for s in failed if "mle_theta" in s], failed
    assert "mle_theta is not written yet" not in text and text.count(NOT_WRITTEN) == tests - 1, text[:800]

    _open(page, bundle_lab, f"{ASSIGNMENT}/{SOLVED}")
    kind, text = _validate(page)
    page.screenshot(path=str(artifacts / "bundle-validate-solved.png"))
    assert kind == "validation-success" and text.strip() == SUCCESS, text[:800]
    assert _real_problems(page) == []


def test_the_bundle_requires_nbgrader_and_its_extensions_are_enabled(student_env):
    root, python, _, listings = student_env
    dependencies = re.search(r"^dependencies = \[(.*?)\]", (root / "pyproject.toml").read_text(), re.MULTILINE | re.DOTALL)
    assert dependencies and re.search(r'"nbgrader[<>=]', dependencies[1]), dependencies
    server, lab = (ANSI.sub("", run.communicate(timeout=120)[0]) for run in listings)
    assert all(run.returncode == 0 for run in listings), (server[-2000:], lab[-2000:])
    venv = python.parent.parent
    assert f"Config dir: {venv / 'etc' / 'jupyter'}" in server, server
    for extension in ("validate_assignment", "assignment_list"):
        assert re.search(rf"nbgrader\.server_extensions\.{extension} enabled", server), server
        assert re.search(rf"nbgrader\.server_extensions\.{extension}\s+OK", server), server
    assert str(venv / "share" / "jupyter" / "labextensions") in lab, lab
    assert re.search(r"@jupyter/nbgrader v\S+ enabled OK", lab), lab
