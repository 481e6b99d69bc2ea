"""Hidden cases checked inside the kernel, against the live reference.

Only a graded kernel reaches this module (the student versions have no hidden tests, and the
student bundle has neither the exercises nor the reference).  It imports the exercise
catalogue from ``grader.authoring``: the one import that runs from ``check`` upward, which
goes away when the grading side decides hidden verdicts outside the student's process
(issue "Verdicts the student's code cannot forge").
"""

from __future__ import annotations

from grader.check.calling import call_student
from grader.check.custom_differences import difference_for
from grader.check.mistakes import distinct_mistakes, matching_mistake

__all__ = ["check_hidden"]


def check_hidden(exercise_id: str, student_fn) -> None:
    """Check ``student_fn`` on the exercise's hidden cases; raise CheckFailed on the first failure."""
    __tracebackhide__ = True
    from grader.authoring import catalogue  # see the module docstring
    from grader.authoring.schema import case_rng

    exercise = catalogue.get(exercise_id)
    for args in exercise.hidden_cases(case_rng(exercise_id, "hidden")):
        _check_hidden_case(exercise, student_fn, args)


def _check_hidden_case(exercise, student_fn, args):
    """One hidden case, in its own frame: nothing expected exists while the student runs."""
    __tracebackhide__ = True
    from grader.check.messages import failure

    got = call_student(student_fn, exercise.function, exercise.arg_names, args, exercise.time_limit)
    differ = difference_for(exercise.checker)
    expected = exercise.reference(*args)
    problem = differ(got, expected, rtol=exercise.rtol, atol=exercise.atol, reveal=False)
    if problem:
        wrong_answers = distinct_mistakes({m.name: m.compute(*args) for m in exercise.mistakes}, expected,
                                          differ, exercise.rtol, exercise.atol)
        mistake = matching_mistake(got, wrong_answers, differ, exercise.rtol, exercise.atol)
        hints = {m.name: m.hint for m in exercise.mistakes}
        raise failure(exercise.function, exercise.arg_names, args, problem, mistake, hints, hidden=True)
