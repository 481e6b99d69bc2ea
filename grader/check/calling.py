"""Calling the student's function: on deep copies of the arguments, with a time limit.

A call's *outcome* is a small dict, the same in JupyterLab and when graded (where it travels
from the kernel to the grader, ``grader.check.running``):

* ``{"value": v}``: the function returned ``v``; ``{"value": v, "changed": [0, 2]}``: it also
  changed arguments 0 and 2 in place (its copies of them; the caller's values are untouched);
* ``{"not_written": True}``: it raised NotImplementedError (the stub);
* ``{"too_slow": True}``: it ran past the time limit;
* ``{"raised": "TypeError", "message": "...", "where": "line 2 of m_step: ..."}``: it raised
  another exception (``where``, when known: the student's own line it came from);
* ``{"undefined": True}``: no function of that name exists (when graded: its cell never ran).
"""

from __future__ import annotations

import contextlib
import copy
import linecache
import os
import signal
import sys
import threading
import time

import numpy as np

from grader.check.messages import call_text

__all__ = ["TooSlow", "time_limit", "call_once", "outcome_problem"]


class TooSlow(BaseException):
    """Raised inside the student's function when it runs past its time limit.

    A BaseException, so that a student's ``except Exception`` cannot swallow it.
    """


@contextlib.contextmanager
def time_limit(seconds: float):
    """Interrupt the body with TooSlow after ``seconds`` (main thread, Unix);
    elsewhere the elapsed time is checked afterwards."""
    use_alarm = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    start = time.perf_counter()
    if use_alarm:
        def on_alarm(signum, frame):
            raise TooSlow()

        previous = signal.signal(signal.SIGALRM, on_alarm)
        signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        if use_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    if time.perf_counter() - start > seconds:
        raise TooSlow()


def call_once(student_fn, args: tuple, seconds: float) -> dict:
    """Call ``student_fn`` on deep copies of ``args`` within ``seconds``; return the outcome.

    The copies are compared with ``args`` afterwards: an argument the function changed in
    place is named in the outcome (``"changed"``), since in the notebook it would have changed
    the caller's data for every later cell.
    """
    copies = copy.deepcopy(args)
    try:
        with time_limit(seconds):
            value = student_fn(*copies)
    except NotImplementedError:
        return {"not_written": True}
    except TooSlow:
        return {"too_slow": True}
    except Exception as error:  # the student's bug, reported in one line
        outcome = {"raised": type(error).__name__, "message": str(error)[:500]}
        where = _student_line(error)
        return dict(outcome, where=where) if where else outcome
    changed = [i for i, (before, after) in enumerate(zip(args, copies)) if not _unchanged(before, after)]
    return {"value": value, "changed": changed} if changed else {"value": value}


def _unchanged(before, after) -> bool:
    """``after`` (the function's copy of an argument) still equals ``before``: the same type,
    shape and entries (NaN equal to NaN), all the way down."""
    if isinstance(before, np.ndarray):
        return (isinstance(after, np.ndarray) and after.shape == before.shape and after.dtype == before.dtype
                and bool(np.array_equal(before, after, equal_nan=before.dtype.kind in "fc")))
    if isinstance(before, (list, tuple)):
        return (type(after) is type(before) and len(after) == len(before)
                and all(map(_unchanged, before, after)))
    if isinstance(before, dict):
        return (isinstance(after, dict) and list(after) == list(before)
                and all(_unchanged(before[k], after[k]) for k in before))
    try:
        return bool(before == after) or (before != before and after != after)  # NaN stays NaN
    except Exception:  # noqa: BLE001 - a value that cannot be compared: not ours to judge
        return True


_NOT_STUDENT = (os.path.dirname(os.path.dirname(os.path.abspath(__file__))) + os.sep,  # grader/
                sys.prefix + os.sep, sys.base_prefix + os.sep)                        # Python, numpy...


def _student_line(error: BaseException) -> str | None:
    """Where in the student's own code ``error`` came from: "line 2 of m_step: `return 1 / 0`".

    The innermost frame of the traceback that is neither the checker's nor the Python
    installation's (numpy's own frames are skipped: the student's call into numpy is shown).
    """
    place, tb = None, error.__traceback__
    while tb is not None:
        code = tb.tb_frame.f_code
        if not os.path.abspath(code.co_filename).startswith(_NOT_STUDENT):
            place = (code, tb.tb_lineno)
        tb = tb.tb_next
    if place is None:
        return None
    code, line = place
    text = " ".join(linecache.getline(code.co_filename, line).split())
    where = f"line {line - code.co_firstlineno + 1} of {code.co_name}"
    return (where + (f": `{text[:100]}`" if text else ""))[:300]


def outcome_problem(name: str, arg_names, args, outcome: dict, seconds: float) -> str | None:
    """The message for an outcome that is not a value, or None when the function returned one."""
    if "value" in outcome:
        return None
    if outcome.get("undefined"):
        return f"{name} is not defined: run the cell that defines it, then this one."
    if outcome.get("not_written"):
        return (f"{name} is not written yet (NotImplementedError): replace "
                "`raise NotImplementedError()` with your code, run that cell, then this one.")
    if outcome.get("too_slow"):
        return (f"{call_text(name, arg_names, args)} did not finish within {seconds:g} s; look for a "
                "loop that never ends or a Python loop that could be a numpy operation.")
    where = f" ({outcome['where']})" if outcome.get("where") else ""
    return f"{call_text(name, arg_names, args)} raised {outcome.get('raised')}: {outcome.get('message')}{where}"
