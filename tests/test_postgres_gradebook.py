"""A real PostgreSQL gradebook, graded through a Dask pool (root only; CI runs as root).

The test starts Debian's PostgreSQL itself: a data folder in a temporary folder owned by an
account made for the run (``initdb`` refuses root), ``pg_ctl`` on a free port of 127.0.0.1,
stopped and removed at the end.  psycopg comes from the ``postgres`` extra of pyproject.toml,
installed into a temporary folder (nothing is added to the environment).  A class of four is
graded with SQLite, then with ``--db-url postgresql+psycopg://...`` through a local Dask cluster of
two workers, one of which is SIGKILLed mid-run; the same command run again resumes.
Asserted: the same grades as with SQLite, one submission per student, and the re-run has nothing
left to do.
"""

from __future__ import annotations

import csv
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

import pytest

from grader.authoring import samples

pytestmark = pytest.mark.pipeline
REPO = Path(__file__).resolve().parent.parent
PG_BIN = Path("/usr/lib/postgresql/15/bin")
EXPECTED = {"alice": 8.0, "bob": 0.0, "carol": 7.0, "alice2": 8.0}

if os.geteuid() != 0:
    if os.environ.get("CI"):
        raise RuntimeError("the PostgreSQL test makes an account for the server: CI must run it as root")
    pytest.skip("the PostgreSQL test makes an account for the server (useradd): run as root (CI does)",
                allow_module_level=True)
if not (PG_BIN / "pg_ctl").exists():
    if os.environ.get("CI"):
        raise RuntimeError("Debian's postgresql is not installed (.ci/run installs it)")
    pytest.skip("Debian's postgresql is not installed", allow_module_level=True)
pytest.importorskip("distributed")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def postgres():
    """A running server: yields the SQLAlchemy URL of an empty database."""
    user = f"glpg{secrets.token_hex(3)}"
    base = Path(tempfile.mkdtemp(prefix="genlab-pg-"))
    base.chmod(0o755)
    port = _free_port()
    data = base / "data"
    subprocess.run(["useradd", "--no-create-home", "--home-dir", str(base), "--shell", "/bin/sh", user], check=True)
    shutil.chown(base, user)

    def as_pg(*args):
        return subprocess.run(["runuser", "-u", user, "--", *args], cwd=base, check=True, capture_output=True,
                              text=True, timeout=120)

    try:
        as_pg(str(PG_BIN / "initdb"), "-D", str(data), "-U", "genlab", "-A", "trust", "--no-sync")
        as_pg(str(PG_BIN / "pg_ctl"), "-D", str(data), "-l", str(base / "server.log"), "-w", "-o",
              f"-p {port} -k {base} -c listen_addresses=127.0.0.1", "start")
        as_pg(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "genlab", "gradebook")
        yield f"postgresql+psycopg://genlab@127.0.0.1:{port}/gradebook"
    finally:
        subprocess.run(["runuser", "-u", user, "--", str(PG_BIN / "pg_ctl"), "-D", str(data), "-m", "fast",
                        "-w", "stop"], cwd=base, capture_output=True, timeout=120)
        subprocess.run(["userdel", user], capture_output=True)
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def psycopg_path(tmp_path) -> Path:
    """The ``postgres`` extra, installed into a temporary folder."""
    extra = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["optional-dependencies"]["postgres"]
    target = tmp_path / "postgres-extra"
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                    "--target", str(target), *extra], check=True, timeout=600)
    return target


def _class(folder: Path) -> Path:
    submitted = samples.write_samples(folder / "submitted")
    shutil.rmtree(submitted / "dave", ignore_errors=True)
    shutil.copytree(submitted / "alice", submitted / "alice2")
    assert sorted(p.name for p in submitted.iterdir()) == sorted(EXPECTED)
    return submitted


def _command(submitted, out, *extra):
    return [sys.executable, "-m", "grader", "grade", "--submissions", str(submitted), "--out", str(out),
            "--cell-timeout", "8", "--workers", "2", *extra]


def _grades(out: Path) -> dict[str, float]:
    with open(out / "grades.csv", newline="") as f:
        return {r["student_id"]: float(r["score"]) for r in csv.DictReader(f)}


def _children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def _finished(out: Path) -> int:
    return len(list((out / "course" / "genlab" / "jobs").glob("*.json")))


def test_postgres_gradebook_through_dask_same_grades_and_resumes(tmp_path, postgres, psycopg_path):
    submitted = _class(tmp_path)
    env = dict(os.environ, PYTHONPATH=str(psycopg_path))
    started = time.monotonic()
    sqlite = subprocess.run(_command(submitted, tmp_path / "sqlite"), capture_output=True, text=True,
                            timeout=900, env=env)
    assert sqlite.returncode == 0, sqlite.stderr[-3000:]
    assert _grades(tmp_path / "sqlite") == EXPECTED
    sqlite_seconds = time.monotonic() - started

    out = tmp_path / "postgres"
    command = _command(submitted, out, "--pool", "dask", "--db-url", postgres)
    log = open(tmp_path / "first.log", "w")
    first = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    killed = None
    deadline = time.monotonic() + 600
    while first.poll() is None and time.monotonic() < deadline:
        workers = [p for p in _children(first.pid)
                   if "multiprocessing" in Path(f"/proc/{p}/cmdline").read_bytes().decode(errors="replace")]
        if _finished(out) >= 1 and workers and killed is None:
            killed = workers[0]
            os.kill(killed, signal.SIGKILL)  # a Dask worker dies mid-run
        time.sleep(0.2)
    if first.poll() is None:
        os.killpg(first.pid, signal.SIGKILL)
    first.wait()
    log.close()
    assert killed is not None, (tmp_path / "first.log").read_text()[-3000:]
    done_before = _finished(out)

    second = subprocess.run(command, capture_output=True, text=True, timeout=900, env=env)
    assert second.returncode == 0, second.stderr[-3000:]
    assert f"{len(EXPECTED)} jobs, {done_before} already finished" in second.stderr
    assert _grades(out) == _grades(tmp_path / "sqlite") == EXPECTED

    check = ("import sqlalchemy as sa, sys; e = sa.create_engine(sys.argv[1]);\n"
             "with e.connect() as c:\n"
             "    print(sorted(c.execute(sa.text('select student_id, count(*) from submitted_assignment "
             "group by student_id')).all()))")
    rows = subprocess.run([sys.executable, "-c", check, postgres], capture_output=True, text=True, env=env,
                          check=True).stdout
    assert rows.strip() == str(sorted((s, 1) for s in EXPECTED))
    print(f"\nsqlite {sqlite_seconds:.1f} s; postgres+dask with a killed worker and a resume: "
          f"{time.monotonic() - started - sqlite_seconds:.1f} s ({done_before} of {len(EXPECTED)} "
          "finished before the re-run)")
