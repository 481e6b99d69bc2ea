"""``check``: what every test cell calls.

The student's function is called first, on deep copies of the arguments, with a time
limit; only then is the expected answer looked up (visible case, from the fixtures) or
computed (hidden case, ``grader.check.hidden``).  A mismatch raises ``CheckFailed`` (an
AssertionError) with one short message; if the wrong answer equals a known mistake's, the
message names it and gives its hint.  Hidden cases never reveal their expected values.
"""

from __future__ import annotations

from grader.check import visible_cases
from grader.check.calling import call_student
from grader.check.custom_differences import difference_for
from grader.check.messages import CheckFailed, failure
from grader.check.mistakes import matching_mistake

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
        False: the visible cases, from the fixtures.  True: fresh hidden cases checked
        against the live reference (used by the grader; never shows expected values).

    Raises
    ------
    CheckFailed
        An AssertionError, on the first case that fails, with a message that says what went wrong.
    """
    __tracebackhide__ = True  # IPython and pytest hide the checker's frames from tracebacks
    if not callable(student_fn):
        raise CheckFailed(f"{exercise_id} expects a function, got {type(student_fn).__name__}.")
    if hidden:
        from grader.check.hidden import check_hidden

        check_hidden(exercise_id, student_fn)
    else:
        _check_visible(exercise_id, student_fn)
    return None


def _check_visible(exercise_id, student_fn):
    __tracebackhide__ = True
    spec = visible_cases.load(exercise_id)
    name = exercise_id.split(".", 1)[1]
    differ = difference_for(spec.get("checker"))
    for case in spec["cases"]:
        args = tuple(case["args"])
        got = call_student(student_fn, name, spec["arg_names"], args, spec["time_limit"])
        problem = differ(got, case["expected"], rtol=spec["rtol"], atol=spec["atol"])
        if problem:
            in_order = {n: case["mistakes"][n] for n in spec["mistake_order"] if n in case["mistakes"]}
            mistake = matching_mistake(got, in_order, differ, spec["rtol"], spec["atol"])
            raise failure(name, spec["arg_names"], args, problem, mistake, spec["hints"], hidden=False)
    print(f"{name}: all {len(spec['cases'])} visible tests pass.")
