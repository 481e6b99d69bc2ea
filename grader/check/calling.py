"""Calling the student's function: on deep copies of the arguments, with a time limit.

A call's *outcome* is a small dict, the same in JupyterLab and when graded (where it travels
from the kernel to the grader, ``grader.check.running``):

* ``{"value": v}``: the function returned ``v``;
* ``{"not_written": True}``: it raised NotImplementedError (the stub);
* ``{"too_slow": True}``: it ran past the time limit;
* ``{"raised": "TypeError", "message": "..."}``: it raised another exception;
* ``{"undefined": True}``: no function of that name exists (when graded: its cell never ran).
"""

from __future__ import annotations

import contextlib
import copy
import signal
import threading
import time

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
    """Call ``student_fn`` on deep copies of ``args`` within ``seconds``; return the outcome."""
    try:
        with time_limit(seconds):
            return {"value": student_fn(*copy.deepcopy(args))}
    except NotImplementedError:
        return {"not_written": True}
    except TooSlow:
        return {"too_slow": True}
    except Exception as error:  # the student's bug, reported in one line
        return {"raised": type(error).__name__, "message": str(error)[:500]}


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
    return f"{call_text(name, arg_names, args)} raised {outcome.get('raised')}: {outcome.get('message')}"
