"""The locks (``make lock``) agree with pyproject.toml, and binder/ builds the student view.

* ``requirements.lock`` (``uv pip compile``, runtime + ``postgres`` extra) pins every runtime
  dependency of pyproject.toml at a version its specifier allows;
* ``environment.lock.yml`` (conda; ``tools/conda_lock.py``) pins the same packages at the same
  versions (conda-lock itself needs the conda channels, see docs/hub.md);
* ``binder/requirements.txt`` is the runtime lock without extras, at the same versions;
* the binder configuration, built without Docker: a fresh virtual environment from
  ``binder/requirements.txt``, ``postBuild`` on a copy of the repository, ``start jupyter lab``:
  the student notebooks are served, ``solutions/`` is gone, formgrader answers 404.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import tomllib

import pytest

from local_http import free_port, get
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from grader import course

REPO = course.REPO


def _pins(text: str) -> dict[str, str]:
    found = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        match = re.match(r"^([A-Za-z0-9_.\-]+)(\[[^\]]*\])?==(\S+)$", line)
        if match:
            found[canonicalize_name(match.group(1))] = match.group(3)
    return found


def _project():
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]


def test_pip_lock_pins_every_runtime_requirement_within_its_range():
    pins = _pins((REPO / "requirements.lock").read_text())
    project = _project()
    for text in project["dependencies"] + project["optional-dependencies"]["postgres"]:
        requirement = Requirement(text)
        name = canonicalize_name(requirement.name)
        assert name in pins, f"{name} is not in requirements.lock: run make lock"
        assert requirement.specifier.contains(pins[name], prereleases=True), \
            f"{name}=={pins[name]} is outside {requirement.specifier}: run make lock"
        for extra in requirement.extras:  # psycopg[binary] -> psycopg-binary
            assert canonicalize_name(f"{requirement.name}-{extra}") in pins


def test_conda_lock_pins_the_same_versions():
    env = yaml.safe_load((REPO / "environment.lock.yml").read_text())
    pip_section = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert _pins("\n".join(pip_section)) == _pins((REPO / "requirements.lock").read_text())
    assert any(isinstance(d, str) and d.startswith("python=") for d in env["dependencies"])


def test_binder_requirements_are_the_runtime_lock():
    binder = _pins((REPO / "binder" / "requirements.txt").read_text())
    lock = _pins((REPO / "requirements.lock").read_text())
    for name, version in binder.items():
        assert lock.get(name) == version, name
    assert "psycopg" not in binder and "pytest" not in binder
    for text in _project()["dependencies"]:
        assert canonicalize_name(Requirement(text).name) in binder


@pytest.mark.pipeline
def test_binder_environment_starts_the_student_view(tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r",
                    str(REPO / "binder" / "requirements.txt")], check=True, timeout=1500)
    repo = tmp_path / "repo"
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=REPO, capture_output=True,
                           text=True, check=True).stdout.split("\n")
    for name in filter(None, files):
        source = REPO / name
        if source.is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, repo / name)
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env["PATH"] = f"{venv / 'bin'}:/usr/bin:/bin"
    subprocess.run(["bash", "binder/postBuild"], cwd=repo, env=env, check=True, timeout=900)
    assert not (repo / "solutions").exists() and not (repo / "genlab" / "reference").exists()
    assert sorted(p.name for p in (repo / "notebooks").iterdir()) == course.assignments()

    port, token = free_port(), "binder-test"
    server = subprocess.Popen([str(repo / "binder" / "start"), "jupyter", "lab", "--no-browser", "--ip=127.0.0.1",
                               f"--port={port}", f"--IdentityProvider.token={token}", "--allow-root",
                               f"--ServerApp.root_dir={repo}"], cwd=repo, env=env, start_new_session=True,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while get(f"{base}/api/status?token={token}")[0] != 200:
            assert server.poll() is None and time.monotonic() < deadline, server.stderr.read()[-3000:]
            time.sleep(0.5)
        status, listing = get(f"{base}/api/contents?token={token}")
        names = {item["name"] for item in json.loads(listing)["content"]}
        assert "notebooks" in names and "solutions" not in names
        assert get(f"{base}/formgrader?token={token}")[0] == 404
        status, page = get(f"{base}/lab?token={token}")
        assert status == 200 and "@jupyter/nbgrader:create-assignment" in page  # listed as disabled
        config = json.loads(re.search(r'id="jupyter-config-data"[^>]*>(.*?)</script>', page, re.S).group(1))
        assert "@jupyter/nbgrader:formgrader" in config["disabledExtensions"]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def test_student_bundle_installs_nbgrader_for_the_validate_button():
    from grader.authoring import bundle

    dependencies = tomllib.loads(bundle.PYPROJECT)["project"]["dependencies"]
    names = {canonicalize_name(Requirement(d).name): Requirement(d) for d in dependencies}
    assert "nbgrader" in names
    pinned = _pins((REPO / "binder" / "requirements.txt").read_text())["nbgrader"]
    assert names["nbgrader"].specifier.contains(pinned)
