"""Integrity report: a static scan of each submission and the audit hook's record of each cell.

This is evidence for the instructor, not a defence: grades are decided in the grader's own
process (``grader.grading.verdicts``), where nothing the student's code does can reach.

Run-time record (collected by ``grader.grading.sandbox_execute.SandboxExecute`` after every code
cell): the probe drains the sandbox's audit hook (``grader.grading.sandbox``): frame inspection,
reads of the grader's files, refused processes, sockets and writes.  It rides on the cell's own
execute request (``PROBE_INLINE``, evaluated as a user expression once the cell has run); when that
gives no report (the cell raised, timed out, or the expression failed), a silent request of its
own (``PROBE_CODE`` with ``PROBE_EXPRESSION``) asks again.  Student code can
empty or forge that record (it lives in its own process); when the record is missing or the
request's token does not come back, that is reported too.  Nothing found here is deducted
automatically.
"""

from __future__ import annotations

import re

from grader import cells

__all__ = ["PROBE_CODE", "PROBE_EXPRESSION", "PROBE_INLINE", "judge", "merge", "scan_notebook"]

# Sent to the kernel (silently) after each code cell; the result comes back in user_expressions.
_PROBE = r'''
def _genlab_probe(token):
    import sys, json
    store = sys.modules.get("_genlab_audit")
    report = {"token": token, "audit": None if store is None else list(store.events)}
    if store is not None:
        del store.events[:]
    return json.dumps(report, default=repr)
'''
PROBE_CODE = ("_genlab_ns = {}\n"
              f"exec(compile({_PROBE!r}, '<genlab-probe>', 'exec'), _genlab_ns)\n"
              "get_ipython().user_ns['_genlab_probe_fn'] = _genlab_ns['_genlab_probe']\n"
              "del _genlab_ns\n")


def PROBE_EXPRESSION(token: str) -> str:  # noqa: N802 - reads like a constant at the call site
    """The expression whose value is the probe's report; ``token`` is a fresh random string that
    the report must carry back (a report that was not made by this probe, now, lacks it)."""
    return f"get_ipython().user_ns.pop('_genlab_probe_fn')({token!r})"


def PROBE_INLINE(token: str) -> str:  # noqa: N802
    """The same report as :data:`PROBE_CODE` and :func:`PROBE_EXPRESSION`, as one expression that
    needs no code run before it: sent with a cell's own execute request, it costs no round trip
    of its own (one costs 4 ms of CPU, 20-30 a notebook)."""
    return ("(lambda sys, json: json.dumps({'token': %r, 'audit': (lambda store: None if store is None "
            "else [list(store.events), store.events.clear()][0])(sys.modules.get('_genlab_audit'))}, "
            "default=repr))(__import__('sys'), __import__('json'))" % token)


def merge(records: list[dict]) -> dict:
    """One cell's record from the judged reports of its execute requests, in order."""
    return {"problems": [p for r in records for p in r["problems"]],
            "events": [e for r in records for e in r["events"]]}


def judge(report: dict, token: str | None = None) -> dict:
    """What a probe report shows: ``{"problems": [...], "events": [[event, detail], ...]}``."""
    problems = []
    if "error" in report:
        problems.append(f"no record: {report['error']}")
    elif token is not None and report.get("token") != token:
        problems.append("no record: the report does not carry this run's token")
    if "error" not in report and report.get("audit", []) is None:
        problems.append("the sandbox's audit record is missing")
    events = [[str(part) for part in e][:2] for e in (report.get("audit") or []) if isinstance(e, (list, tuple))]
    return {"problems": problems, "events": events}


# ---------------------------------------------------------------- static scan

_PATTERNS = [
    ("redefines check", re.compile(r"^\s*(def\s+check\b|check\s*=|from\s+\S+\s+import\s+.*\bas\s+check\b)", re.M)),
    ("touches the grader's modules", re.compile(r"\bgrader\s*\.\s*(check|authoring|grading)\s*(\.|=)|"
                                                 r"\bimport\s+grader\b|from\s+grader\.(authoring|grading|check\.\w+)\b")),
    ("imports the reference solutions", re.compile(r"genlab\s*\.\s*reference|from\s+genlab\s+import\s+reference")),
    ("patches numpy", re.compile(r"\b(np|numpy)(\.testing)?\s*\.\s*\w+\s*=[^=]|setattr\s*\(\s*(np|numpy)\b")),
    ("edits sys.modules or builtins", re.compile(r"sys\s*\.\s*modules\s*(\[|\.\s*(pop|update|clear|__setitem__))|\bbuiltins\s*\.\s*\w+\s*=|__builtins__")),
    ("inspects frames", re.compile(r"\b(inspect\s*\.\s*(currentframe|stack|getouterframes)|_getframe|f_back|f_locals|f_globals|tb_frame|gc\s*\.\s*get_(referrers|objects))")),
    ("ends the kernel", re.compile(r"\b(os\s*\.\s*_exit|sys\s*\.\s*exit|os\s*\.\s*kill|quit\s*\(|exit\s*\()")),
    ("starts processes", re.compile(r"\b(os\s*\.\s*(fork|system|popen|exec\w*|spawn\w*)|subprocess|multiprocessing)\b")),
    ("shell escape or cell magic", re.compile(r"^\s*(!|%%(bash|sh|script|system|writefile)|%(system|sx)\b)", re.M)),
    ("network", re.compile(r"\b(socket|urllib|requests|http\.client|httpx|ftplib|smtplib)\b")),
    ("signals or time limits", re.compile(r"\bsignal\s*\.\s*(signal|setitimer|alarm|pthread_sigmask)")),
    ("reads or writes files by path", re.compile(r"\bopen\s*\(|\.write_(text|bytes)\s*\(|shutil\.|os\s*\.\s*(remove|unlink|rename|chmod)")),
    ("dynamic code", re.compile(r"\b(exec|eval|compile)\s*\(|__import__|importlib")),
]


def scan_notebook(nb: dict, master: dict | None = None) -> list[str]:
    """Flags from the submitted notebook's own code (before nbgrader restores test cells)."""
    flags = []
    master_cells = {cells.grade_id(c): c for c in (master or {}).get("cells", []) if cells.grade_id(c)}
    seen_tests = set()
    for index, cell in enumerate(nb.get("cells", [])):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        grade_id = cells.grade_id(cell)
        where = grade_id or f"cell {index}"
        if cells.is_test(cell):
            seen_tests.add(grade_id)
            if grade_id in master_cells:
                visible = cells.visible_part(cells.source(master_cells[grade_id]))
                if cells.source(cell).rstrip() != visible and visible not in cells.source(cell):
                    flags.append(f"{where}: test cell edited (restored from the master before grading)")
            continue
        text = cells.source(cell)
        for name, pattern in _PATTERNS:
            if pattern.search(text):
                flags.append(f"{where}: {name}")
    for grade_id, cell in master_cells.items():
        if cells.is_test(cell) and grade_id not in seen_tests:
            flags.append(f"{grade_id}: test cell deleted (restored from the master before grading)")
    kernelspec = nb.get("metadata", {}).get("kernelspec", {}) if isinstance(nb.get("metadata"), dict) else {}
    wanted = (master or {}).get("metadata", {}).get("kernelspec", {})
    if master and kernelspec.get("name") != wanted.get("name"):
        flags.append(f"notebook: kernelspec changed to {kernelspec.get('name')!r} (ignored: graded in the sandbox)")
    return flags
