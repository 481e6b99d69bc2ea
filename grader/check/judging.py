"""Judging one case: from the outcome of a call to the message a student reads, or None.

The very same code judges the visible checks students run in JupyterLab (in their kernel) and
every check of a graded notebook (in the grader's own process, ``grader.grading.verdicts``,
from outcomes the kernel sent back).
"""

from __future__ import annotations

from typing import Callable

from grader.check.calling import outcome_problem
from grader.check.case_sizes import larger_than_visible
from grader.check.diagnosis import diagnose
from grader.check.difference import difference
from grader.check.exceptions import explain_exception
from grader.check.messages import CheckFailed, failure
from grader.check.mistakes import matching_mistake
from grader.check.shape_words import shape_sentence

__all__ = ["Rules", "judge_case"]


class Rules:
    """How one exercise's answers are compared: everything but the cases.

    Parameters
    ----------
    name : str
        The function's name, e.g. ``"e_step"``.
    arg_names : tuple of str
    differ : callable
        ``differ(got, expected, rtol=, atol=, reveal=) -> None | str``.
    rtol, atol, seconds : float
        Tolerances and the time limit of one call.
    hints : dict
        Mistake name -> hint.
    visible_args : list of sequence, optional
        For hidden cases: the visible cases' arguments, to say when a hidden case that fails is
        much larger than every visible one (``grader.check.case_sizes``).
    """

    def __init__(self, name, arg_names, differ, rtol, atol, seconds, hints, visible_args=()):
        self.name, self.arg_names, self.differ = name, tuple(arg_names), differ
        self.rtol, self.atol, self.seconds, self.hints = rtol, atol, seconds, dict(hints)
        self.visible_args = list(visible_args)


def judge_case(rules: Rules, args: tuple, outcome: dict, expected,
               wrong_answers: Callable[[], dict], hidden: bool, batch=None) -> CheckFailed | None:
    """The failure of one case, or None when the outcome is the right answer.

    Parameters
    ----------
    rules : Rules
    args : tuple
        The case's arguments.
    outcome : dict
        What the call gave (``grader.check.calling``).
    expected : object
        The right answer for ``args``.
    wrong_answers : callable
        Returns mistake name -> wrong answer (in the exercise's order, only those that differ
        from the right answer); called only when the answer is wrong.
    hidden : bool
        A hidden case: the message never quotes the expected value.
    batch : tuple of int, optional
        For a visible case built by repeating the rows of visible case ``batch[0]`` (numbered
        from 1) to ``batch[1]`` rows: the message then says so.

    A wrong answer that no named mistake matches gets a diagnosis (``grader.check.diagnosis``)
    when its shape is one we recognise; a named mistake always wins.  On a hidden case the
    diagnosis replaces the phrase quoting the student's value (with a transpose or an exp, the
    student's value would give away the expected one), and a wrong or too slow answer on a case
    much larger than the visible ones says so.  A function that changed an argument in place
    fails even with the right answer, and its message says which.
    """
    def larger():
        slow = "value" not in outcome
        if batch:
            return _batch_sentence(batch, slow)
        return larger_than_visible(rules.arg_names, args, rules.visible_args, slow) if hidden else None

    problem = outcome_problem(rules.name, rules.arg_names, args, outcome, rules.seconds)
    if problem:
        explained = explain_exception(outcome, rules.arg_names, args) if "raised" in outcome else None
        sized = larger() if outcome.get("too_slow") else None
        return CheckFailed(("On a hidden test, " if hidden else "") + problem
                           + "".join(f"\n{s}" for s in (explained, sized) if s))
    got = outcome["value"]
    changed = [rules.arg_names[i] for i in outcome.get("changed", ()) if 0 <= i < len(rules.arg_names)]
    problem = rules.differ(got, expected, rtol=rules.rtol, atol=rules.atol, reveal=not hidden)
    if not problem:
        if not changed:
            return None
        return failure(rules.name, rules.arg_names, args, "returned the right answer", None, rules.hints,
                       hidden=hidden, changed=changed)
    mistake = matching_mistake(got, wrong_answers(), rules.differ, rules.rtol, rules.atol)
    found = None
    if mistake is None and rules.differ is difference:  # custom comparisons have their own words
        found = diagnose(got, expected, rtol=rules.rtol, atol=rules.atol, reveal=not hidden)
    if found and hidden:
        path, _ = found
        problem = "returned a wrong answer" + (f" in {path}" if path else "")
    diagnosis = found[1] if found else None
    if not mistake and not diagnosis and not hidden:
        diagnosis = shape_sentence(got, expected, rules.arg_names, args, rtol=rules.rtol, atol=rules.atol)
    sized = None if mistake else larger()  # a named mistake says more than the size of the case
    if sized:
        diagnosis = f"{diagnosis}\n{sized}" if diagnosis else sized
    return failure(rules.name, rules.arg_names, args, problem, mistake, rules.hints, hidden=hidden,
                   diagnosis=diagnosis, changed=changed)


def _batch_sentence(batch, slow: bool) -> str:
    number, rows = batch
    where = f"This test repeats the rows of visible test {number} until there are {rows:,} of them."
    if slow:
        return where + (" A Python loop over the rows is too slow at this size: use whole-array numpy "
                        "operations (a loop over the K components is fine).")
    return where + (f" Your function is right on test {number} but not on its repeated rows: look for "
                    "what depends on the number of rows, such as a fixed size or index, a loop that stops "
                    "early, or a sum over all rows where each row needs its own.")
