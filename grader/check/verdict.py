"""``check``: what every test cell calls.

In JupyterLab, ``check("grades.e_step", e_step)`` calls the student's function on each
visible case (deep copies of the arguments, a time limit), then compares the answer with the
frozen expected one.  A mismatch raises ``CheckFailed`` (an AssertionError) with one short
message; if the wrong answer equals a known mistake's, the message names it and gives its hint.
These checks are advice.

When a notebook is graded, test cells do not run in the student's kernel at all: the grader
reads their ``check`` calls, has the kernel only *run* the function on the cases
(``grader.check.running``), and judges the outcomes itself (``grader.grading.verdicts``),
with the same :func:`grader.check.judging.judge_case`.
"""

from __future__ import annotations

from grader.check import hints, visible_cases
from grader.check.calling import call_once
from grader.check.judging import judge_case
from grader.check.messages import CheckFailed

__all__ = ["check"]


def check(exercise_id: str, student_fn, hidden: bool = False) -> None:
    """Check a student's function against every case of an exercise.

    Parameters
    ----------
    exercise_id : str
        ``"<topic>.<function>"``, e.g. ``"grades.e_step"``.
    student_fn : callable
        The student's function.
    hidden : bool
        False: the visible cases, from the fixtures.  True: the hidden cases, which only an
        author's checkout has (the master notebooks run them; the student bundle cannot).

    Raises
    ------
    CheckFailed
        An AssertionError, on the first case that fails, with a message that says what went wrong.
    """
    __tracebackhide__ = True  # IPython and pytest hide the checker's frames from tracebacks
    if not callable(student_fn):
        raise CheckFailed(f"{exercise_id} expects a function, got {type(student_fn).__name__}.")
    if hidden:
        try:
            from grader.grading.verdicts import check_here
        except ImportError:
            raise CheckFailed("Hidden tests run only when your notebook is graded.") from None
        check_here(exercise_id, student_fn)
    else:
        _check_visible(exercise_id, student_fn)
    return None


def _check_visible(exercise_id, student_fn):
    __tracebackhide__ = True
    rules, cases = visible_cases.rules_and_cases(exercise_id)
    for case in cases:
        args = tuple(case["args"])
        failed = judge_case(rules, args, call_once(student_fn, args, rules.seconds), case["expected"],
                            lambda: visible_cases.wrong_answers(exercise_id, case), hidden=False,
                            batch=case.get("batch"))
        if failed:
            more = hints.after_failure(exercise_id)
            raise CheckFailed(f"{failed}\n{more}") if more else failed
    print(f"{rules.name}: all {len(cases)} visible tests pass.")
