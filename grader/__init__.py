"""The course's checker: ``from grader import check``; see ``grader.checks``."""

from grader.checks import check

__all__ = ["check"]
