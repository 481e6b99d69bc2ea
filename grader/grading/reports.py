"""The reports of a grading run: ``reasons.csv``, ``integrity.csv`` and ``instructor/``.

``reasons.csv`` says, in one row each, what a student needs to know: every file intake did not
grade or changed (``(submission)``), a job that failed (``(autograde)``), every failing cell with
the message the student saw, one row when the kernel stopped (however many cells were then not
run: a notebook of 10,000 cells once wrote 2,800 rows) and one row when output was dropped
(``(output)``).  ``integrity.csv`` and ``instructor/`` hold what the integrity scan found, for the
instructor to judge.
"""

from __future__ import annotations

import csv
import json
import shutil
from pathlib import Path

from grader import cells
from grader.grading import intake

__all__ = ["failures", "write_reports"]


def failures(notebook: Path) -> list[tuple[str, str]]:
    """(cell id, error on one line) for every cell of an autograded notebook that failed.

    One row per cell: a timeout leaves two errors in the cell (the kernel's KeyboardInterrupt and
    nbclient's CellTimeoutError), which say one thing.  Cells not run because the kernel stopped
    make one row, at the first of them: "kernel stopped: N cells ... not run (why)".

    Parameters
    ----------
    notebook : Path
        An autograded notebook.

    Returns
    -------
    list of (str, str)
        In cell order.
    """
    rows, stopped = [], []
    for index, cell in enumerate(json.loads(notebook.read_text()).get("cells", [])):
        errors = [o for o in cell.get("outputs", []) if o.get("output_type") == "error"]
        if not errors:
            continue
        cell_id = cells.grade_id(cell) or f"cell {index}"
        names = [e.get("ename", "") for e in errors]
        if "KernelStopped" in names:
            why = next(e for e in errors if e.get("ename") == "KernelStopped").get("evalue", "")
            if not stopped:
                rows.append((cell_id, None))
            stopped.append(why.removeprefix("not run: "))
            continue
        if "CellTimeoutError" in names or ("KeyboardInterrupt" in names and len(errors) > 1):
            message = "stopped: the cell ran past its time limit (look for a loop that never ends)"
        else:
            chosen = errors[0]
            name = "" if chosen.get("ename") == "CheckFailed" else f"{chosen.get('ename', '')}: "
            message = f"{name}{chosen.get('evalue', '')}".strip()
        rows.append((cell_id, " ".join(message.split())[:500] or "error"))
    if stopped:
        n = len(stopped)
        summary = (f"KernelStopped: kernel stopped: {n} cell{'s' if n != 1 else ''} stopped or not run, "
                   f"from this one on ({' '.join(stopped[0].split())[:300]})")
        rows = [(cid, summary if message is None else message) for cid, message in rows]
    return rows


def _runtime(root: Path, student: str, assignment: str, notebook: str) -> dict:
    path = root / "integrity" / student / assignment / f"{notebook}.json"
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _write_reasons(root: Path, out: Path, placed: list[intake.Placed], records: list[dict],
                   output_bytes: int | None) -> None:
    by_job = {(r["student"], r["assignment"]): r for r in records}
    limit = f"{output_bytes:,} bytes" if output_bytes else "the limit"
    with open(out / "reasons.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "assignment", "notebook", "cell", "message"])
        for p in placed:
            for notebook, message in p.reasons:
                writer.writerow([p.student, p.assignment, notebook, "(submission)", message])
            record = by_job.get((p.student, p.assignment), {})
            nothing = record.get("autograde_error", "").startswith("nothing gradable") and p.reasons
            if record and not record.get("autograde_ok", True) and not nothing:  # intake said why already
                writer.writerow([p.student, p.assignment, "", "(autograde)",
                                 "not autograded: " + record.get("autograde_error", "")])
            for notebook in sorted((root / "autograded" / p.student / p.assignment).glob("*.ipynb")):
                for cell_id, message in failures(notebook):
                    writer.writerow([p.student, p.assignment, notebook.stem, cell_id, message])
                if _runtime(root, p.student, p.assignment, notebook.stem).get("output_truncated"):
                    writer.writerow([p.student, p.assignment, notebook.stem, "(output)",
                                     f"output truncated: the notebook printed more than {limit}; the rest "
                                     "was dropped (the cells still ran and were graded)"])


def write_reports(root: Path, out: Path, placed: list[intake.Placed], records: list[dict],
                  output_bytes: int | None = None) -> None:
    """Write ``reasons.csv``, ``integrity.csv`` and ``instructor/`` to ``out``.

    Parameters
    ----------
    root : Path
        The nbgrader course folder (autograded notebooks and integrity records).
    out : Path
        The run's output folder.
    placed : list of intake.Placed
        What intake did, one per student and assignment.
    records : list of dict
        The jobs' records (``workers.run_jobs``).
    output_bytes : int, optional
        The output kept per notebook, named in the "output truncated" reason.
    """
    _write_reasons(root, out, placed, records, output_bytes)
    instructor = out / "instructor"
    shutil.rmtree(instructor, ignore_errors=True)
    with open(out / "integrity.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "assignment", "notebook", "flagged", "static_flags",
                         "runtime_findings", "unanswered_cells"])
        for p in placed:
            notebooks = sorted(set(p.flags) | {n.stem for n in (root / "submitted" / p.student / p.assignment).glob("*.ipynb")})
            report_lines = []
            for name in notebooks:
                runtime = _runtime(root, p.student, p.assignment, name)
                findings, unanswered = [], []
                for cell in runtime.get("cells", []):
                    for problem in cell.get("problems", []):
                        findings.append(f"{cell['cell']}: {problem}")
                    for event, detail in cell.get("events", []):
                        findings.append(f"{cell['cell']}: {event} {detail}")
                    if cell.get("unanswered"):
                        unanswered.append(cell["cell"])
                if runtime.get("stopped"):
                    findings.append(f"kernel stopped: {runtime['stopped']}")
                if runtime.get("output_truncated"):
                    findings.append("output truncated")
                static = p.flags.get(name, [])
                flagged = bool(static or unanswered or any(
                    c.get("problems") or c.get("events") for c in runtime.get("cells", [])))
                writer.writerow([p.student, p.assignment, name, "yes" if flagged else "no",
                                 " | ".join(static), " | ".join(findings)[:2000], " ".join(unanswered)])
                if flagged:
                    report_lines += [f"## {name}.ipynb", ""]
                    report_lines += [f"- static: {s}" for s in static]
                    report_lines += [f"- at run time: {s}" for s in findings]
                    if unanswered:
                        report_lines.append(f"- no usable answer came back from the kernel in: {', '.join(unanswered)} "
                                            "(scored 0); the findings above say why")
                    report_lines.append("")
            if report_lines:
                page = instructor / p.student / f"{p.assignment}.md"
                page.parent.mkdir(parents=True, exist_ok=True)
                page.write_text(f"# Integrity report: {p.student}, {p.assignment}\n\n"
                                "Findings for the instructor; nothing here was deducted automatically.\n\n"
                                + "\n".join(report_lines))
