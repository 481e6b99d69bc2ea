"""Calling the student's function: on deep copies of the arguments, with a time limit."""

from __future__ import annotations

import contextlib
import copy
import signal
import threading
import time

from grader.check.messages import CheckFailed, call_text

__all__ = ["TooSlow", "time_limit", "call_student"]


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


def call_student(student_fn, name, arg_names, args, seconds: float):
    """Call the student's function on copies of ``args``; return its value or raise CheckFailed."""
    __tracebackhide__ = True
    try:
        with time_limit(seconds):
            return student_fn(*copy.deepcopy(args))
    except NotImplementedError:
        raise CheckFailed(
            f"{name} is not written yet (NotImplementedError): replace "
            "`raise NotImplementedError()` with your code, run that cell, then this one."
        ) from None
    except TooSlow:
        raise CheckFailed(
            f"{call_text(name, arg_names, args)} did not finish within {seconds:g} s; look for a loop "
            "that never ends or a Python loop that could be a numpy operation."
        ) from None
    except Exception as error:  # the student's bug, reported in one line
        raise CheckFailed(f"{call_text(name, arg_names, args)} raised {type(error).__name__}: {error}") from None
