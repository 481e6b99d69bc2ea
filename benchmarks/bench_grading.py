"""Benchmark (not a test): plain serial ``nbgrader autograde`` against our parallel pipeline.

    python benchmarks/bench_grading.py --students 30 [--workers N] [--cell-timeout 30]

Synthetic class: every student hands in every notebook; student i hands in the masters' solutions
(i % 3 == 0), the untouched stubs (i % 3 == 1) or the solutions with the first exercise left as a
stub (i % 3 == 2).  Three measurements, in one run, on the same submissions:

1. plain: a stock nbgrader course folder (the course's configuration, python3 kernel, no sandbox),
   ``nbgrader autograde <assignment>`` for every assignment, one after the other;
2. ours: ``grader.grading.pipeline.grade`` with N workers (sandbox kernel, integrity probe, feedback, reports);
3. execution alone: each notebook run once by nbclient in a plain kernel, serially, to give the
   overhead of our autograde step (from the job records; feedback is reported apart) over the
   notebook's own run time.  Jobs run two at a time, so on a busy machine this overhead includes
   the slowdown of sharing the cores.

Prints a table; the numbers are recorded in docs/grading.md.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from grader import course
from grader.grading import pipeline, settings  # noqa: E402
from traitlets.config import Config  # noqa: E402

_SOLUTION = re.compile(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n?", re.MULTILINE)


def _src(cell):
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


def _student_version(master: dict, stub: dict, kind: int) -> dict:
    if kind == 1:
        return stub
    nb = json.loads(json.dumps(stub))
    solved = {c["metadata"].get("nbgrader", {}).get("grade_id"): c for c in master["cells"]}
    first = True
    for cell in nb["cells"]:
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("solution") and cell["cell_type"] == "code":
            if kind == 2 and first:
                first = False
                continue
            cell["source"] = _SOLUTION.sub("", _src(solved[meta["grade_id"]]))
    return nb


def make_class(folder: Path, students: int) -> Path:
    submitted = folder / "submitted"
    for master_path in sorted((REPO / "solutions").glob("*/*.ipynb")):
        master = json.loads(master_path.read_text())
        stub = json.loads((REPO / "notebooks" / master_path.parent.name / master_path.name).read_text())
        for i in range(students):
            target = submitted / f"s{i:03d}" / master_path.parent.name
            target.mkdir(parents=True, exist_ok=True)
            (target / master_path.name).write_text(json.dumps(_student_version(master, stub, i % 3)))
    return submitted


def plain_nbgrader(submitted: Path, work: Path, cell_timeout: int) -> float:
    root = work / "plain"
    root.mkdir(parents=True)
    shutil.copytree(REPO / "solutions", root / "solutions")
    config = Config()  # the course's own nbgrader settings, nothing of the grader's pipeline
    course.configure(config, cell_timeout=cell_timeout)
    config.CourseDirectory.db_url = f"sqlite:///{root / 'gradebook.db'}"
    settings.write_config(root, config)
    for assignment in course.assignments(REPO):
        course.nbgrader(["generate_assignment", assignment, "--force", "--log-level=ERROR"], root,
                        capture_output=True)
    shutil.copytree(submitted, root / "submitted")
    start = time.perf_counter()
    for assignment in course.assignments(REPO):
        course.nbgrader(["autograde", assignment, "--force", "--log-level=ERROR"], root, check=False,
                        capture_output=True)
    return time.perf_counter() - start


def execution_alone(submitted: Path) -> dict[str, float]:
    import nbformat
    from nbclient import NotebookClient

    times = {}
    for path in sorted(submitted.glob("*/*/*.ipynb")):
        nb = nbformat.read(path, as_version=4)
        start = time.perf_counter()
        NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(path.parent)}}).execute()
        times[f"{path.parent.parent.name}--{path.parent.name}"] = time.perf_counter() - start
    return times


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30)
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--cell-timeout", type=int, default=30)
    args = parser.parse_args(argv)
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    with tempfile.TemporaryDirectory(prefix="genlab-bench-") as tmp:
        work = Path(tmp)
        submitted = make_class(work, args.students)
        count = len(list(submitted.glob("*/*/*.ipynb")))
        plain = plain_nbgrader(submitted, work, args.cell_timeout)
        start = time.perf_counter()
        pipeline.grade(submitted, work / "ours", cell_timeout=args.cell_timeout, workers_count=args.workers,
                       progress=False)
        ours = time.perf_counter() - start
        records = [json.loads(p.read_text()) for p in (work / "ours" / "course" / "genlab" / "jobs").glob("*.json")]
        jobs = {f"{r['student']}--{r['assignment']}": r["autograde_seconds"] for r in records}
        feedback = statistics.mean(r["seconds"] - r["autograde_seconds"] for r in records)
        alone = execution_alone(submitted)
        overheads = [jobs[key] - alone[key] for key in alone if key in jobs]
    print(f"\n{args.students} students x {count // args.students} notebooks = {count} notebooks, "
          f"{os.cpu_count()} cores, {args.workers} workers, cell timeout {args.cell_timeout} s")
    print(f"{'':44}{'seconds':>10}{'per notebook':>14}")
    print(f"{'plain nbgrader autograde, serial':44}{plain:>10.1f}{plain / count:>14.2f}")
    print(f"{'ours (autograde+feedback+reports), parallel':44}{ours:>10.1f}{ours / count:>14.2f}")
    print(f"{'speed-up':44}{plain / ours:>10.2f}x")
    print(f"{'notebook execution alone (nbclient), serial':44}{sum(alone.values()):>10.1f}"
          f"{statistics.mean(alone.values()):>14.2f}")
    print(f"{'our autograde minus execution, median':44}{statistics.median(overheads):>10.2f}")
    print(f"{'our autograde minus execution, mean':44}{statistics.mean(overheads):>10.2f}")
    print(f"{'our feedback page, mean':44}{feedback:>10.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
