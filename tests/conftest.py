"""Hermetic tests: Jupyter, IPython and matplotlib get temporary config folders."""

import os
import sys
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
_HOME = tempfile.mkdtemp(prefix="genlab-test-home-")
for _name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR", "MPLCONFIGDIR"):
    os.environ[_name] = os.path.join(_HOME, _name.lower())
    os.makedirs(os.environ[_name], exist_ok=True)
os.environ["MPLBACKEND"] = "Agg"
os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
# Tools installed next to this Python (nbgrader runs alembic as a subprocess).
os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")


try:  # hypothesis keeps no example database in the repository
    from hypothesis import settings
    from hypothesis.configuration import set_hypothesis_home_dir

    set_hypothesis_home_dir(os.path.join(_HOME, "hypothesis"))
    settings.register_profile("hermetic", database=None)
    settings.load_profile("hermetic")
except ImportError:
    pass


@pytest.fixture(scope="session")
def repo() -> Path:
    return REPO


KERNEL_MARKS = {"notebook", "pipeline", "browser"}


@pytest.fixture(autouse=True)
def _kernels_only_in_marked_tests(request, monkeypatch):
    """A test that starts a Jupyter kernel in this process says so with a marker, so that
    ``-m "not notebook and not pipeline and not browser"`` really runs no kernel."""
    if KERNEL_MARKS & {m.name for m in request.node.iter_markers()}:
        return
    from jupyter_client.provisioning.local_provisioner import LocalProvisioner

    async def refuse(self, cmd, **kwargs):
        raise AssertionError(f"{request.node.nodeid} starts a kernel: mark it notebook, pipeline or browser")

    monkeypatch.setattr(LocalProvisioner, "launch_kernel", refuse)


@pytest.fixture(autouse=True)
def _no_hints_shown_yet(monkeypatch):
    """Each test's checks start as in a fresh kernel: no failure seen, no hint level shown
    (``grader.check.hints`` counts them for the life of the process)."""
    from grader.check import hints

    monkeypatch.setattr(hints, "_shown", {})
    monkeypatch.setattr(hints, "_failures", {})
