"""nbgrader configuration of the course; the settings live in grader/course.py."""

from grader.course import configure

configure(get_config())  # noqa: F821 (get_config is provided by nbgrader)
