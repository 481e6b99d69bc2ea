"""`make lab` is the student view, `make lab-instructor` the instructor's (nbgrader's extensions).

Each is started as the README says, on a free loopback port; its page configuration and server
routes are read over HTTP: the student view lists nbgrader's formgrader, create-assignment and
course-list lab plugins as disabled and has no /formgrader or course list route, but keeps the
assignment list (fetch, submit) and Validate; the instructor view has all of them.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import time

import pytest

from local_http import free_port, get

from grader import course

pytestmark = pytest.mark.notebook
INSTRUCTOR_ONLY = ["@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                   "@jupyter/nbgrader:course-list"]


def _view(target: str):
    port, token = free_port(), "genlab-views"
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token={token}"
    server = subprocess.Popen(["make", "--no-print-directory", target, f"LAB_ARGS={args}"], cwd=course.REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    try:
        while get(f"{base}/api/status?token={token}")[0] != 200:
            assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()[-3000:]
            time.sleep(0.5)
        page = get(f"{base}/lab?token={token}")[1]
        config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
        routes = {path: get(f"{base}/{path}?token={token}")[0]
                  for path in ("formgrader", "formgraders", "assignments")}
        return config.get("disabledExtensions", []), routes
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(server.pid, sig)
                server.wait(timeout=20)
                break
            except (ProcessLookupError, subprocess.TimeoutExpired):
                continue


def test_students_see_no_instructor_tools():
    disabled, routes = _view("lab")
    for name in INSTRUCTOR_ONLY:
        assert name in disabled
    assert "@jupyter/nbgrader:assignment-list" not in disabled
    assert "@jupyter/nbgrader:validate-assignment" not in disabled
    assert routes["formgrader"] == 404 and routes["formgraders"] == 404
    assert routes["assignments"] != 404  # the assignment list (fetch, submit) answers
    assert "@jupyterlab/apputils-extension:announcements" in disabled  # no news toast over the outputs


def test_instructors_get_formgrader_on_this_course():
    disabled, routes = _view("lab-instructor")
    assert not set(INSTRUCTOR_ONLY) & set(disabled)
    assert routes["formgrader"] == 200
    assert routes["formgraders"] != 404  # the course list answers (400 off a hub: no JupyterHub to ask)
