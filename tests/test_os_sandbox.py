"""The operating-system wall (bubblewrap) around graded kernels: what a hostile cell can reach.

Each probe is made twice: from this test's own process (the control: it works) and from inside
the sandbox (it gets nothing).  Skipped where bwrap is missing, except in CI.
"""

from __future__ import annotations

import csv
import json
import os
import shutil
import socket
import subprocess
import sys
import threading
import uuid
from pathlib import Path

import pytest
from nbformat.v4 import new_code_cell, new_notebook

from grader.grading import bubblewrap, sandbox, settings

REPO = Path(__file__).resolve().parent.parent
if not shutil.which("bwrap"):
    pytestmark = pytest.mark.skipif(os.environ.get("CI") != "true", reason="bubblewrap is not installed")

PROBE = r'''
import json, os, socket
def attempt(fn):
    try:
        return ["ok", str(fn())[:200]]
    except BaseException as error:
        return ["refused", type(error).__name__]
targets = json.loads({targets!r})
found = {{
    "gradebook": attempt(lambda: open(targets["gradebook"], "rb").read(16)),
    "other student": attempt(lambda: open(targets["other"]).read()),
    "solutions": attempt(lambda: os.listdir(targets["solutions"])),
    "course folder": attempt(lambda: os.listdir(targets["course"])),
    "root home": attempt(lambda: [n for n in os.listdir(os.path.expanduser("~root")) if n != ".pyenv"] or 1/0),
    "host process": attempt(lambda: open(f"/proc/{{targets['pid']}}/cmdline").read()),
    "listening port": attempt(lambda: [l for l in open("/proc/net/tcp") if targets["port_hex"] in l] or 1/0),
    "interfaces": attempt(lambda: [n for _, n in socket.if_nameindex() if n != "lo"] or 1/0),
    "network": attempt(lambda: socket.create_connection(("127.0.0.1", targets["port"]), timeout=2)),
    "become root": attempt(lambda: os.setuid(0)),
    "uid": os.getuid(),
    "capabilities": [l.split()[1] for l in open("/proc/self/status") if l.startswith("CapEff")][0],
    "pids": sorted(int(p) for p in os.listdir("/proc") if p.isdigit()),
    "reference": attempt(lambda: len(os.listdir(targets["reference"]))),
    "exercises": attempt(lambda: len(os.listdir(targets["exercises"]))),
    "grading code": attempt(lambda: open(targets["verdicts"]).read(10)),
}}
with open("/dev/shm/" + targets["shm"], "wb") as f:
    f.write(b"x" * 1000)
print(json.dumps(found))
'''


@pytest.fixture(scope="module")
def server():
    """A TCP server on the host's loopback that answers anyone who connects."""
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    threading.Thread(target=lambda: [listener.accept()[0].close() for _ in iter(int, 1)], daemon=True).start()
    yield port
    listener.close()


@pytest.fixture()
def targets(tmp_path, server):
    course = tmp_path / "course"
    (course / "submitted" / "other" / "05-grades").mkdir(parents=True)
    (course / "gradebook.db").write_bytes(b"SQLite format 3\0" + b"\0" * 100)
    (course / "submitted" / "other" / "05-grades" / "grades.ipynb").write_text("another student's work")
    os.chmod(course, 0o700)
    return {"gradebook": str(course / "gradebook.db"), "course": str(course), "solutions": str(REPO / "solutions"),
            "other": str(course / "submitted" / "other" / "05-grades" / "grades.ipynb"),
            "pid": os.getpid(), "port": server, "port_hex": f":{server:04X}",
            "reference": str(REPO / "genlab" / "reference"), "exercises": str(REPO / "grader" / "authoring"),
            "verdicts": str(REPO / "grader" / "grading" / "verdicts.py"), "shm": f"genlab-test-{uuid.uuid4().hex}"}


def _probe_source(targets) -> str:
    return PROBE.format(targets=json.dumps(targets))


def test_the_control_reads_everything_outside(targets):
    """The same probe in a plain Python, outside the sandbox, reaches all of it (so the test can fail)."""
    run = subprocess.run([sys.executable, "-c", _probe_source(targets)], capture_output=True, text=True, timeout=60)
    found = json.loads(run.stdout)
    for what in ("gradebook", "other student", "solutions", "course folder", "host process",
                 "listening port", "network"):
        assert found[what][0] == "ok", (what, found[what])
    assert os.getpid() in found["pids"]
    os.unlink("/dev/shm/" + targets["shm"])


def test_bwrap_alone_is_the_wall(targets):
    """Without the audit hook (plain Python under bwrap): no file, process, network or root."""
    box = Path(targets["course"]).parent / "box"
    (box / "work").mkdir(parents=True)
    run = subprocess.run(bubblewrap.bwrap_args(box) + ["--", sys.executable, "-c", _probe_source(targets)],
                         capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    found = json.loads(run.stdout)
    for what in ("gradebook", "other student", "solutions", "course folder", "root home", "host process",
                 "listening port", "interfaces", "network"):
        assert found[what][0] == "refused", (what, found[what])
    assert os.getpid() not in found["pids"] and max(found["pids"]) < 10  # its own PID namespace
    assert not os.path.exists("/dev/shm/" + targets["shm"])  # /dev/shm went with the sandbox


@pytest.fixture(scope="module")
def walled_kernel(tmp_path_factory):
    jupyter = tmp_path_factory.mktemp("jupyter")
    sandbox.write_kernelspec(jupyter, settings.Limits(cell_timeout=30, notebook_timeout=90))
    old = os.environ.get("JUPYTER_PATH")
    os.environ["JUPYTER_PATH"] = str(jupyter)
    yield jupyter
    if old is None:
        os.environ.pop("JUPYTER_PATH", None)
    else:
        os.environ["JUPYTER_PATH"] = old


@pytest.mark.notebook
def test_a_hostile_cell_in_a_graded_kernel_gets_nothing(walled_kernel, targets):
    nb = new_notebook(cells=[new_code_cell(_probe_source(targets)),
                             new_code_cell("import os; print(os.environ['GENLAB_SANDBOX_WALL'], os.getcwd())")])
    executor = bubblewrap.WalledExecute(kernel_name=settings.KERNEL_NAME, timeout=30)
    folder = Path(targets["course"]).parent / "notebook"  # the student's notebook folder, bound read-only
    folder.mkdir()
    nb, _ = executor.preprocess(nb, {"metadata": {"path": str(folder)}})
    text = "".join(o.get("text", "") for o in nb.cells[0].outputs if o.get("output_type") == "stream")
    found = json.loads(text.strip().splitlines()[-1])
    for what in ("gradebook", "other student", "solutions", "course folder", "root home", "host process",
                 "listening port", "interfaces", "network", "become root"):
        assert found[what][0] == "refused", (what, found[what])
    assert found["uid"] != 0 and int(found["capabilities"], 16) == 0  # nobody on the host, no capability
    assert os.getpid() not in found["pids"] and max(found["pids"]) < 10
    for what in ("reference", "exercises", "grading code"):  # only what the student bundle ships is bound
        assert found[what][0] == "refused", (what, found[what])
    assert not os.path.exists("/dev/shm/" + targets["shm"])
    wall, cwd = "".join(o.get("text", "") for o in nb.cells[1].outputs).split()
    assert wall == "bubblewrap" and not os.path.exists(cwd)  # its folder is removed with it


@pytest.mark.pipeline
def test_a_class_with_a_hostile_notebook_still_grades(tmp_path, targets):
    from grader.authoring import samples

    submitted = samples.write_samples(tmp_path / "submitted")
    for student in list(samples.SAMPLES):
        if student != "alice":
            shutil.rmtree(submitted / student)
    notebook = next((submitted / "alice" / samples.ASSIGNMENT).glob("*.ipynb"))
    nb = json.loads(notebook.read_text())
    nb["cells"].append({"cell_type": "code", "execution_count": None, "metadata": {}, "outputs": [],
                        "source": _probe_source(targets)})
    notebook.write_text(json.dumps(nb))
    out = tmp_path / "out"
    run = subprocess.run([sys.executable, "-m", "grader", "grade", "--submissions", str(submitted), "--out", str(out),
                          "--workers", "1"], capture_output=True, text=True, timeout=900, cwd=tmp_path)
    assert run.returncode == 0, run.stderr[-3000:]
    with open(out / "grades.csv", newline="") as f:
        assert [(r["student_id"], float(r["score"])) for r in csv.DictReader(f)] == [("alice", 8.0)]
    with open(out / "integrity.csv", newline="") as f:
        assert {r["sandbox"] for r in csv.DictReader(f)} == {"bubblewrap"}
    graded = json.loads(next((out / "course" / "autograded" / "alice").rglob("*.ipynb")).read_text())
    text = "".join("".join(o.get("text", "")) for o in graded["cells"][-1]["outputs"])  # saved as lines
    found = json.loads(text.strip().splitlines()[-1])
    assert found["gradebook"][0] == found["solutions"][0] == found["network"][0] == "refused"
    assert found["uid"] != 0


def test_grading_refuses_without_bwrap_and_says_how_to_install_it(tmp_path, monkeypatch):
    from grader.grading import pipeline

    monkeypatch.setattr(bubblewrap.shutil, "which", lambda name: None)
    with pytest.raises(bubblewrap.SandboxUnavailable, match="apt-get install bubblewrap"):
        pipeline.grade(tmp_path / "submitted", tmp_path / "out")
