"""Benchmark (not a test): plain serial ``nbgrader autograde`` against our parallel pipeline.

    python benchmarks/bench_grading.py --students 30 [--workers 1,2,4] [--cell-timeout 30] [--no-alone]

Synthetic class: every student hands in every notebook; student i hands in the masters' solutions
(i % 3 == 0), the untouched stubs (i % 3 == 1) or the solutions with the first exercise left as a
stub (i % 3 == 2).  Three measurements, in one run, on the same submissions:

1. plain: a stock nbgrader course folder (the course's configuration, python3 kernel, no sandbox),
   ``nbgrader autograde <assignment>`` for every assignment, one after the other;
2. ours: ``grader.grading.pipeline.grade`` with N workers (sandbox kernel, integrity probe, feedback, reports),
   once per worker count asked for; every run's grades must equal plain nbgrader's, cell by cell
   (the benchmark fails otherwise);
3. execution alone: each notebook run once by nbclient in a plain kernel, serially, to give the
   overhead of our autograde step (from the job records; feedback is reported apart) over the
   notebook's own run time.  Jobs run two at a time, so on a busy machine this overhead includes
   the slowdown of sharing the cores.

Prints a table; the numbers are recorded in docs/benchmarks.md.  "Fixed" is the part of our run
that does not grow with the class (preparing the course folder, the reports): it is measured, and
the extrapolation to 1,800 notebooks adds it once to the per-notebook rate of the jobs.
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
from grader.grading import pipeline, settings, workers as grading_workers  # noqa: E402
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


def cell_scores(db_url: str) -> dict[tuple, float | None]:
    """Autograded score of every graded cell: (student, assignment, notebook, cell) -> points."""
    from nbgrader.api import Gradebook

    scores = {}
    with Gradebook(db_url, course.COURSE_ID) as gb:
        for assignment in gb.assignments:
            for submission in assignment.submissions:
                for notebook in submission.notebooks:
                    for grade in notebook.grades:
                        scores[(submission.student.id, assignment.name, notebook.name, grade.name)] = grade.auto_score
    return scores


def differences(plain: dict, ours: dict) -> list[str]:
    """Where two sets of cell scores differ: (key, one line) each."""
    lines = [(key, f"{key}: plain {plain.get(key)}, ours {ours.get(key)}") for key in sorted(set(plain) | set(ours))
             if (plain.get(key) is None) != (ours.get(key) is None)
             or (plain.get(key) is not None and abs(plain[key] - ours[key]) > 1e-9)]
    return lines


def explain(out: Path, key: tuple) -> str:
    """What our run wrote for one graded cell: its reasons.csv row, else the cell's outputs."""
    import csv

    student, assignment, notebook, cell = key
    with open(out / "reasons.csv", newline="") as handle:
        for row in csv.DictReader(handle):
            if (row["student"], row["assignment"], row["notebook"], row["cell"]) == key:
                return f"reason: {row['message']}"
    path = out / "course" / "autograded" / student / assignment / f"{notebook}.ipynb"
    try:
        cells = json.loads(path.read_text())["cells"]
    except (OSError, ValueError):
        return f"no autograded notebook at {path.name}"
    for c in cells:
        if c["metadata"].get("nbgrader", {}).get("grade_id") == cell:
            return f"outputs: {json.dumps(c.get('outputs', []))[:400]}"
    return "cell not in the autograded notebook"


def ours_once(submitted: Path, out: Path, workers: int, cell_timeout: int) -> dict:
    """Grade with our pipeline; wall time, the jobs' own span and worker-seconds, cell scores."""
    start = time.perf_counter()
    pipeline.grade(submitted, out, cell_timeout=cell_timeout, workers_count=workers, progress=False)
    wall = time.perf_counter() - start
    records = [json.loads(p.read_text()) for p in (out / "course" / "genlab" / "jobs").glob("*.json")]
    span = max(r["started_at"] + r["seconds"] for r in records) - min(r["started_at"] for r in records)
    return {"wall": wall, "span": span, "records": records,
            "scores": cell_scores(f"sqlite:///{out / 'course' / 'gradebook.db'}")}


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
    parser.add_argument("--workers", default=str(grading_workers.default_workers()),
                        help="worker counts for our pipeline, e.g. 1,2,4 (default: the pipeline's, "
                             "one more than the cores)")
    parser.add_argument("--cell-timeout", type=int, default=30)
    parser.add_argument("--no-alone", action="store_true", help="skip the execution-alone measurement")
    args = parser.parse_args(argv)
    counts = [int(n) for n in str(args.workers).split(",")]
    os.environ["PATH"] = str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")
    runs, wrong = [], []
    with tempfile.TemporaryDirectory(prefix="genlab-bench-") as tmp:
        work = Path(tmp)
        submitted = make_class(work, args.students)
        count = len(list(submitted.glob("*/*/*.ipynb")))
        plain = plain_nbgrader(submitted, work, args.cell_timeout)
        plain_scores = cell_scores(f"sqlite:///{work / 'plain' / 'gradebook.db'}")
        for i, workers in enumerate(counts):  # a count may come twice: each run grades afresh
            out = work / f"ours-{i}"
            runs.append((workers, ours_once(submitted, out, workers, args.cell_timeout)))
            for key, line in differences(plain_scores, runs[-1][1]["scores"]):
                wrong.append(f"{workers} workers: {line}; {explain(out, key)}")
        alone = {} if args.no_alone else execution_alone(submitted)
    print(f"\n{args.students} students x {count // args.students} notebooks = {count} notebooks, "
          f"{os.cpu_count()} cores, cell timeout {args.cell_timeout} s")
    print(f"{'':46}{'seconds':>9}{'per notebook':>14}{'vs plain':>10}")
    print(f"{'plain nbgrader autograde, serial':46}{plain:>9.1f}{plain / count:>14.2f}{1:>9.2f}x")
    for workers, run in runs:
        label = f"ours, {workers} worker{'s' if workers > 1 else ''} (autograde+feedback+reports)"
        print(f"{label:46}{run['wall']:>9.1f}{run['wall'] / count:>14.2f}{plain / run['wall']:>9.2f}x")
    print("\nours, by worker count     jobs' span  fixed   worker-s per notebook   1,800 notebooks (min)")
    for workers, run in runs:
        worker_seconds = sum(r["seconds"] for r in run["records"]) / count
        fixed = run["wall"] - run["span"]
        print(f"{workers:>3} workers {run['span']:>22.1f}{fixed:>7.1f}{worker_seconds:>24.2f}"
              f"{(fixed + run['span'] / count * 1800) / 60:>23.1f}")
    first = runs[0][1]["records"]
    print("\nworker-seconds per job, by assignment (first run): solved / stub / first exercise a stub")
    for assignment in sorted({r["assignment"] for r in first}):
        kinds = [[r["seconds"] for r in first if r["assignment"] == assignment and int(r["student"][1:]) % 3 == k]
                 for k in range(3)]
        print(f"  {assignment:34}" + "".join(f"{statistics.mean(k):>8.2f}" if k else f"{'-':>8}" for k in kinds))
    if alone:
        jobs = {f"{r['student']}--{r['assignment']}": r["autograde_seconds"] for r in first}
        overheads = [jobs[key] - alone[key] for key in alone if key in jobs]
        print(f"\n{'notebook execution alone (nbclient), serial':46}{sum(alone.values()):>9.1f}"
              f"{statistics.mean(alone.values()):>14.2f}")
        print(f"{'our autograde minus execution, median':46}{statistics.median(overheads):>9.2f}")
    feedback = statistics.mean(r["seconds"] - r["autograde_seconds"] for r in first)
    print(f"{'our feedback page, mean':46}{feedback:>9.2f}")
    cells = len(plain_scores)
    print(f"\ngrades equal to plain nbgrader's: {cells} graded cells x {len(runs)} runs, "
          f"{len(wrong)} differ" + "".join(f"\n  {line}" for line in wrong[:20]))
    return 1 if wrong or not cells else 0


if __name__ == "__main__":
    raise SystemExit(main())
