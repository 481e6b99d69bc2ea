"""The README's course command brings JupyterLab up, serving the student notebooks."""

import json
import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

from local_http import free_port

REPO = Path(__file__).resolve().parent.parent


@pytest.mark.notebook
def test_make_lab_serves_the_notebooks():
    port = free_port()
    args = f"--no-browser --ip=127.0.0.1 --port={port} --IdentityProvider.token=genlab-test"
    server = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_ARGS={args}"], cwd=REPO,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                              start_new_session=True)
    try:
        deadline = time.monotonic() + 90
        status = None
        while time.monotonic() < deadline and status is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/status?token=genlab-test", timeout=2) as r:
                    status = json.load(r)
            except OSError:
                assert server.poll() is None, server.stderr.read()[-3000:]
                time.sleep(0.5)
        assert status is not None, "JupyterLab did not answer within 90 s"
        assert "started" in status
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/contents?token=genlab-test", timeout=5) as r:
            names = {item["name"] for item in json.load(r)["content"]}
        assert "05-grades" in names
    finally:
        _stop(server)


def _stop(server):
    """End the server's whole process group (make and JupyterLab)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(server.pid, sig)
        except ProcessLookupError:
            return
        try:
            server.wait(timeout=20)
            return
        except subprocess.TimeoutExpired:
            continue
