"""What a student reads when a check fails: ``CheckFailed`` and its sentences."""

from __future__ import annotations

import textwrap

from grader.check.difference import describe

__all__ = ["CheckFailed", "LINE_WIDTH", "call_text", "failure"]

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


def failure(name, arg_names, args, problem: str, mistake: str | None, hints: dict,
            hidden: bool, diagnosis: str | None = None) -> CheckFailed:
    """The failure of one case: the call, what differs, and the named mistake's hint or else
    the diagnosis (``grader.check.diagnosis``: what the wrong answer looks like)."""
    where = "On a hidden test, " if hidden else ""
    message = f"{where}{call_text(name, arg_names, args)} {problem}."
    if mistake:
        message += f"\nThis looks like a known mistake [{mistake}]: {hints[mistake]}"
    elif diagnosis:
        message += f"\n{diagnosis}"
    return CheckFailed(message)
