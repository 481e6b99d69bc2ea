"""What a student reads when a check fails: ``CheckFailed`` and its sentences."""

from __future__ import annotations

import textwrap

from grader.check.difference import describe

__all__ = ["CheckFailed", "LINE_WIDTH", "call_text", "changed_in_place", "failure"]

LINE_WIDTH = 80  # nbgrader's Validator cuts lines at its width (90) less its indent


class CheckFailed(AssertionError):
    """A check did not pass: the message is all the student needs to read.

    IPython, ``nbgrader validate`` and the Validate button show that message alone, in lines of
    at most :data:`LINE_WIDTH` characters, never the checker's traceback.
    """

    def _render_traceback_(self) -> list[str]:
        """What IPython shows instead of a traceback: the message, wrapped."""
        lines = []
        for paragraph in str(self).splitlines() or [""]:
            lines += textwrap.wrap(paragraph, LINE_WIDTH, break_long_words=False,
                                   break_on_hyphens=False) or [""]
        return lines


def call_text(name: str, arg_names, args) -> str:
    """How a call is shown: ``e_step(theta=0.25, n_ab=30)``."""
    shown = ", ".join(f"{n}={describe(a)}" for n, a in zip(arg_names, args))
    return f"{name}({shown})"


def changed_in_place(names) -> str:
    """The sentence for a function that changed its arguments ``names`` (a list) in place."""
    listed = " and ".join(f"`{n}`" for n in names)
    it = "them" if len(names) > 1 else "it"
    first = names[0]
    return (f"It changed {listed} in place, so every later cell that uses {it} would see the changed "
            f"values: write `{first} = {first} - m` rather than `{first} -= m`, or start with "
            f"`{first} = {first}.copy()`.")


def failure(name, arg_names, args, problem: str, mistake: str | None, hints: dict,
            hidden: bool, diagnosis: str | None = None, changed=()) -> CheckFailed:
    """The failure of one case: the call, what differs, and the named mistake's hint or else
    the diagnosis (``grader.check.diagnosis``: what the wrong answer looks like); then the
    arguments it ``changed`` in place, if any (names)."""
    where = "On a hidden test, " if hidden else ""
    message = f"{where}{call_text(name, arg_names, args)} {problem}."
    if mistake:
        message += f"\nThis looks like a known mistake [{mistake}]: {hints[mistake]}"
    elif diagnosis:
        message += f"\n{diagnosis}"
    if changed:
        message += f"\n{changed_in_place(list(changed))}"
    return CheckFailed(message)
