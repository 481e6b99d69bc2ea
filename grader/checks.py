"""``check``: what every test cell calls.

The student's function is called first, on deep copies of the arguments, with a time
limit; only then is the expected answer looked up (visible case, from the fixtures) or
computed (hidden case, from the live reference).  A mismatch raises ``CheckFailed`` (an
AssertionError) with one short message; if the wrong answer equals a known mistake's, the
message names it and gives its hint.  Hidden cases never reveal their expected values.
IPython, ``nbgrader validate`` and the Validate button show that message alone, in lines of
at most 80 characters, never the checker's traceback.
"""

from __future__ import annotations

import contextlib
import copy
import signal
import textwrap
import threading
import time

from grader.checkers import comparer
from grader.compare import describe

__all__ = ["check", "CheckFailed", "TooSlow"]

LINE_WIDTH = 80  # nbgrader's Validator cuts lines at its width (90) less its indent


class CheckFailed(AssertionError):
    """A check did not pass: the message is all the student needs to read."""

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the message, wrapped."""
        lines = []
        for paragraph in str(self).splitlines() or [""]:
            lines += textwrap.wrap(paragraph, LINE_WIDTH, break_long_words=False,
                                   break_on_hyphens=False) or [""]
        return lines


class TooSlow(BaseException):
    """Raised inside the student's function when it runs past its time limit.

    A BaseException, so that a student's ``except Exception`` cannot swallow it.
    """


@contextlib.contextmanager
def _time_limit(seconds: float):
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


def _call_text(name: str, arg_names, args) -> str:
    shown = ", ".join(f"{n}={describe(a)}" for n, a in zip(arg_names, args))
    return f"{name}({shown})"


def _run(student_fn, name, arg_names, args, time_limit):
    """Call the student's function; return its value or raise CheckFailed."""
    __tracebackhide__ = True
    call = _call_text(name, arg_names, args)
    try:
        with _time_limit(time_limit):
            return student_fn(*copy.deepcopy(args))
    except NotImplementedError:
        raise CheckFailed(
            f"{name} is not written yet (NotImplementedError): replace "
            "`raise NotImplementedError()` with your code, run that cell, then this one."
        ) from None
    except TooSlow:
        raise CheckFailed(
            f"{call} did not finish within {time_limit:g} s; look for a loop that never ends "
            "or a Python loop that could be a numpy operation."
        ) from None
    except Exception as error:  # the student's bug, reported in one line
        raise CheckFailed(f"{call} raised {type(error).__name__}: {error}") from None


def _fail(name, arg_names, args, problem, mistake, hints, hidden):
    __tracebackhide__ = True
    call = _call_text(name, arg_names, args)
    where = "On a hidden test, " if hidden else ""
    message = f"{where}{call} {problem}."
    if mistake:
        message += f"\nThis looks like a known mistake [{mistake}]: {hints[mistake]}"
    raise CheckFailed(message)


def _matching_mistake(got, wrong_answers: dict, same, rtol, atol):
    for mistake_name, wrong in wrong_answers.items():
        if same(got, wrong, rtol=rtol, atol=atol) is None:
            return mistake_name
    return None


def check(exercise_id: str, student_fn, hidden: bool = False) -> None:
    """Check a student's function against every case of an exercise.

    Parameters
    ----------
    exercise_id : str
        ``"<topic>.<function>"``, e.g. ``"grades.e_step"``.
    student_fn : callable
        The student's function.
    hidden : bool
        False: the visible cases, from the fixtures.  True: fresh hidden cases checked
        against the live reference (used by the grader; never shows expected values).

    Raises
    ------
    CheckFailed
        (an AssertionError) On the first case that fails, with a message that says what went wrong.
    """
    __tracebackhide__ = True  # IPython and pytest hide the checker's frames from tracebacks
    if not callable(student_fn):
        raise CheckFailed(f"{exercise_id} expects a function, got {type(student_fn).__name__}.")
    if hidden:
        _check_hidden(exercise_id, student_fn)
    else:
        _check_visible(exercise_id, student_fn)
    return None


def _check_visible(exercise_id, student_fn):
    __tracebackhide__ = True
    from grader import fixtures

    spec = fixtures.load(exercise_id)
    name = exercise_id.split(".", 1)[1]
    same = comparer(spec.get("checker"))
    for case in spec["cases"]:
        args = tuple(case["args"])
        got = _run(student_fn, name, spec["arg_names"], args, spec["time_limit"])
        problem = same(got, case["expected"], rtol=spec["rtol"], atol=spec["atol"])
        if problem:
            in_order = {n: case["mistakes"][n] for n in spec["mistake_order"] if n in case["mistakes"]}
            mistake = _matching_mistake(got, in_order, same, spec["rtol"], spec["atol"])
            _fail(name, spec["arg_names"], args, problem, mistake, spec["hints"], hidden=False)
    print(f"{name}: all {len(spec['cases'])} visible tests pass.")


def _check_hidden(exercise_id, student_fn):
    __tracebackhide__ = True
    from grader import registry

    exercise = registry.get(exercise_id)
    for args in exercise.hidden_cases(registry.case_rng(exercise_id, "hidden")):
        _check_hidden_case(exercise, student_fn, args)


def _check_hidden_case(exercise, student_fn, args):
    """One hidden case, in its own frame: nothing expected exists while the student runs."""
    __tracebackhide__ = True
    got = _run(student_fn, exercise.function, exercise.arg_names, args, exercise.time_limit)
    same = comparer(exercise.checker)
    expected = exercise.reference(*args)
    problem = same(got, expected, rtol=exercise.rtol, atol=exercise.atol, reveal=False)
    if problem:
        wrong_answers = {}
        for mistake in exercise.mistakes:
            wrong = mistake.compute(*args)
            if same(wrong, expected, rtol=exercise.rtol, atol=exercise.atol) is not None:
                wrong_answers[mistake.name] = wrong
        mistake = _matching_mistake(got, wrong_answers, same, exercise.rtol, exercise.atol)
        hints = {m.name: m.hint for m in exercise.mistakes}
        _fail(exercise.function, exercise.arg_names, args, problem, mistake, hints, hidden=True)
