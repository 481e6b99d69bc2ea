"""Parallel, resumable autograde: one job per (student, assignment), run by a pluggable pool.

A job runs nbgrader's own ``Autograde`` and ``GenerateFeedback`` converters (through
``nbgrader.apps.NbGraderAPI``) for one student and one assignment, in a long-lived worker
process, so the gradebook is written by nbgrader itself and formgrader and ``nbgrader export``
work as usual.  SQLite serialises the short writes (the database URL carries a busy timeout);
for a class spread over several machines use a server database (``db_url`` accepts PostgreSQL).

Resuming: when a job has finished, its record is written atomically to
``<course>/genlab/jobs/<student>--<assignment>.json`` with the hash of the notebooks it graded.
A batch killed half-way (even with SIGKILL) is run again with the same command: finished jobs
whose input has not changed are skipped, the rest run again from the start.  A job interrupted
inside nbgrader leaves at worst a submission row that the re-run overwrites (nbgrader updates
its rows by student and assignment), so nothing is counted twice.

Pools: ``LocalPool`` (processes on this machine; default: one more than the cores) and ``DaskPool`` (an
existing ``distributed`` cluster, optional extra ``genlab-course[dask]``); both run
:func:`run_job`.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path
from typing import Callable, Iterable

from grader.grading import schedule, settings
from grader.grading.terminal import progress_bar, worker_output_to

__all__ = ["Job", "run_job", "generate_job", "LocalPool", "DaskPool", "make_pool", "run_jobs", "job_record",
           "input_hash", "setup_worker", "warm_up", "default_workers"]


@dataclass(frozen=True)
class Job:
    student: str
    assignment: str

    @property
    def key(self) -> str:
        return f"{self.student}--{self.assignment}"


def input_hash(course: Path, job: Job) -> str:
    """Hash of the submitted notebooks of a job (what a finished record vouches for)."""
    digest = hashlib.sha256()
    folder = Path(course) / "submitted" / job.student / job.assignment
    for path in sorted(folder.glob("*.ipynb")) if folder.exists() else []:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _record_path(course: Path, job: Job) -> Path:
    return Path(course) / "genlab" / "jobs" / f"{job.key}.json"


def job_record(course: Path, job: Job) -> dict | None:
    """The finished record of a job, or None if it has not finished on its current input."""
    path = _record_path(course, job)
    try:
        record = json.loads(path.read_text())
    except (OSError, ValueError):
        return None
    return record if record.get("input") == input_hash(course, job) else None


# ---------------------------------------------------------------- inside a worker

_api_cache: dict[str, object] = {}


def setup_worker(course: str) -> object:
    """Environment and nbgrader API for this worker process (once per course)."""
    if course in _api_cache:
        return _api_cache[course]
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory

    from grader.grading import metadata_validation

    metadata_validation.install()  # nbgrader's cell checks, without re-checking the schema per cell
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    jupyter = str(Path(course) / "jupyter")
    paths = os.environ.get("JUPYTER_PATH", "")
    if jupyter not in paths.split(os.pathsep):
        os.environ["JUPYTER_PATH"] = jupyter + (os.pathsep + paths if paths else "")
    # one unprivileged uid per worker process (used when grading as root): a fork storm in one
    # notebook cannot use up another worker's process limit
    os.environ["GENLAB_SANDBOX_UID"] = str(200000 + os.getpid())
    config = settings.read_config(Path(course))
    coursedir = CourseDirectory(config=config, root=course)
    api = NbGraderAPI(coursedir=coursedir, config=config)
    _api_cache[course] = api
    return api


def _short(text: str | None, limit: int = 600) -> str:
    text = (text or "").strip()
    lines = [line for line in text.splitlines() if line.strip()]
    return " | ".join(lines[-4:])[-limit:]


def _record_missing(api, student: str, assignment: str) -> dict:
    """Nothing gradable was handed in: a submission scored 0 (as nbgrader scores a missing notebook)."""
    from nbgrader.api import Gradebook

    with Gradebook(api.coursedir.db_url, api.coursedir.course_id) as gb:
        gb.update_or_create_student(student)
        submission = gb.update_or_create_submission(assignment, student)
        for notebook in submission.notebooks:
            for grade in notebook.grades:
                grade.auto_score = 0
                grade.needs_manual_grade = False
        gb.db.commit()
    return {"success": False, "error": "nothing gradable handed in: scored 0"}


def generate_job(course: str, assignment: str) -> dict:
    """nbgrader's generate_assignment for one assignment, in a worker: its source cells enter the gradebook."""
    result = setup_worker(str(course)).generate_assignment(assignment, force=True, create=True)
    return {"assignment": assignment, "success": bool(result.get("success")),
            "error": "" if result.get("success") else _short(result.get("error") or result.get("log"))}


def run_job(course: str, student: str, assignment: str, log: str | None = None) -> dict:
    """Autograde and write feedback for one student's assignment; record it as finished.

    ``log``: a file for everything this worker and its kernels print (``grader.terminal``).
    """
    worker_output_to(log)
    start, started_at = time.perf_counter(), time.time()
    job = Job(student, assignment)
    api = setup_worker(str(course))
    digest = input_hash(Path(course), job)
    if not list((Path(course) / "submitted" / student / assignment).glob("*.ipynb")):
        result = _record_missing(api, student, assignment)
    else:
        result = api.autograde(assignment, student, force=True, create=True)
    record = {"student": student, "assignment": assignment, "input": digest, "started_at": round(started_at, 3),
              "autograde_ok": bool(result.get("success")),
              "autograde_error": "" if result.get("success") else _short(result.get("error") or result.get("log"))}
    record["autograde_seconds"] = round(time.perf_counter() - start, 3)
    if result.get("success"):
        feedback = api.generate_feedback(assignment, student, force=True)
        record["feedback_ok"] = bool(feedback.get("success"))
        if not feedback.get("success"):
            record["feedback_error"] = _short(feedback.get("error") or feedback.get("log"))
    record["seconds"] = round(time.perf_counter() - start, 3)
    path = _record_path(Path(course), job)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(record, indent=1))
    os.replace(tmp, path)  # atomic: a record exists only for a finished job
    return record


# ---------------------------------------------------------------- pools

def default_workers() -> int:
    """One worker more than the cores: while a job's kernel starts or stops, or its feedback page
    is written, its core would otherwise idle (2 cores, 54 notebooks: 3 workers 23% faster than 2;
    4 no faster than 3; docs/benchmarks.md)."""
    return (os.cpu_count() or 1) + 1


def _failed_job(args: tuple, error: Exception) -> dict:
    """The record of a :func:`run_job` call whose worker failed."""
    return {"student": args[1], "assignment": args[2], "autograde_ok": False,
            "autograde_error": f"worker failed: {type(error).__name__}: {error}"}


def warm_up() -> int:
    """Import what every job needs (nbgrader alone takes about 2 s), before the first job."""
    import nbclient  # noqa: F401
    import nbgrader.apps  # noqa: F401

    return os.getpid()


class LocalPool:
    """Worker processes on this machine, kept from :meth:`start` (or the first run) to :meth:`close`."""

    def __init__(self, workers: int | None = None):
        self.workers = max(1, int(workers or default_workers()))
        self._executor = None

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            self._executor = ProcessPoolExecutor(max_workers=self.workers, mp_context=get_context("spawn"))
        return self._executor

    def start(self) -> None:
        """Start every worker now and have it import nbgrader (while the course folder is prepared)."""
        pool = self._pool()
        for _ in range(self.workers):
            pool.submit(warm_up)

    def run(self, fn: Callable, calls: Iterable[tuple], failed: Callable = _failed_job) -> Iterable[dict]:
        """Run ``fn(*call)`` for each call, taking the next call only when a worker is free
        (``calls`` may be a scheduler that learns from each result, see ``grader.grading.schedule``);
        ``failed(call, error)`` is the result of a call whose worker failed."""
        calls = iter(calls)
        pool = self._pool()
        pending = {}

        def submit_next() -> None:
            args = next(calls, None)
            if args is not None:
                pending[pool.submit(fn, *args)] = args

        for _ in range(self.workers):
            submit_next()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                args = pending.pop(future)
                try:
                    yield future.result()
                except Exception as error:  # noqa: BLE001 - one job never stops the class
                    yield failed(args, error)
                submit_next()

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown()
            self._executor = None


class DaskPool:
    """Jobs on a ``distributed`` cluster (every worker must see the course folder)."""

    def __init__(self, address: str | None = None, workers: int = 2):
        from distributed import Client, LocalCluster  # optional extra: genlab-course[dask]

        if address:
            self.client = Client(address)
            self.cluster = None
        else:
            self.cluster = LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                        dashboard_address=None)
            self.client = Client(self.cluster)
        self.workers = workers

    def start(self) -> None:
        """Nothing to do: the cluster's workers are running already."""

    def run(self, fn: Callable, calls: Iterable[tuple], failed: Callable = _failed_job) -> Iterable[dict]:
        from distributed import as_completed  # the scheduler balances the cluster: all calls go at once

        futures = {self.client.submit(fn, *args, pure=False): args for args in calls}
        for future in as_completed(list(futures)):
            args = futures[future]
            try:
                yield future.result()
            except Exception as error:  # noqa: BLE001
                yield failed(args, error)

    def close(self) -> None:
        self.client.close()
        if self.cluster is not None:
            self.cluster.close()


def make_pool(spec: str | None, workers: int | None):
    """``None``/``"local"`` -> LocalPool; ``"dask"`` -> a local Dask cluster; ``"dask://host:port"``
    -> an existing scheduler (``tcp://`` is used)."""
    if not spec or spec == "local":
        return LocalPool(workers)
    if spec == "dask":
        return DaskPool(None, workers or os.cpu_count() or 1)
    if spec.startswith("dask://"):
        return DaskPool("tcp://" + spec[len("dask://"):], workers or 1)
    raise ValueError(f"unknown pool {spec!r}: use local, dask or dask://host:port")


def run_jobs(course: Path, jobs: list[Job], pool, progress: bool = True, terminal=None,
             log: Path | None = None) -> list[dict]:
    """Run the jobs not yet finished on their current input; return every job's record.

    Parameters
    ----------
    course : Path
        The nbgrader course folder.
    jobs : list of Job
    pool : LocalPool or DaskPool
    progress : bool
        Show the count of finished jobs and a progress bar on ``terminal``.
    terminal : file, optional
        Where the grader's own lines go (default: stderr).
    log : Path, optional
        Where the workers' and kernels' own output goes (``grader.terminal``).
    """
    course = Path(course)
    records, todo = {}, []
    for job in jobs:
        record = job_record(course, job)
        if record is not None:
            records[job.key] = record
        else:
            todo.append(job)
    terminal = terminal or sys.stderr
    if progress and jobs:
        print(f"autograde: {len(jobs)} jobs, {len(jobs) - len(todo)} already finished, "
              f"{len(todo)} to run on {getattr(pool, 'workers', '?')} workers", file=terminal)
    log_name = str(log) if log else None
    order = schedule.LongestFirst(todo, course)
    calls = ((str(course), j.student, j.assignment, log_name) for j in order)
    with progress_bar(len(todo), terminal, enabled=progress) as bar:
        for record in pool.run(run_job, calls):
            order.learn(record)
            records[Job(record["student"], record["assignment"]).key] = record
            bar.set_postfix_str(f"{record['student']}/{record['assignment']}", refresh=False)
            bar.update(1)
    return [records[j.key] for j in jobs if j.key in records]
