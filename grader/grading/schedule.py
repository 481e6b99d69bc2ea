"""The order jobs are handed to workers: longest first, so the workers finish together.

A class's jobs differ five-fold in cost (a stub of 05 against the solved 06).  When the longest
jobs come last, one worker is still grading while the others wait.  The cost of a job is
estimated from finished jobs of the same assignment: those of earlier runs (their records stay in
``<course>/genlab/jobs``) and those of this run, learnt as they finish.  An assignment with no
finished job yet goes before the known ones (its cost is learnt early, while there is still work
to balance it); among those the one with more code goes first.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from pathlib import Path
from typing import Iterator

__all__ = ["LongestFirst"]


class LongestFirst:
    """Hands out jobs one at a time, the most expensive still waiting first.

    Parameters
    ----------
    jobs : list
        Objects with ``.assignment`` and ``.student`` (``grader.grading.workers.Job``).
    course : Path
        The course folder (its ``genlab/jobs/*.json`` records give earlier costs, and
        ``submitted/<student>/<assignment>/*.ipynb`` the size of each submission).
    """

    def __init__(self, jobs: list, course: Path):
        self.course = Path(course)
        self.seconds: dict[str, list[float]] = defaultdict(list)
        for path in (self.course / "genlab" / "jobs").glob("*.json"):
            try:
                record = json.loads(path.read_text())
                self.seconds[str(record["assignment"])].append(float(record["seconds"]))
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a record that cannot be read tells nothing about cost
        self.waiting: dict[str, list] = defaultdict(list)  # assignment -> its jobs, the next one last
        for job in jobs:
            self.waiting[job.assignment].append(job)
        for assignment, queue in self.waiting.items():
            if assignment not in self.seconds:  # cost unknown: the job with most code first
                queue.sort(key=self._code_size)

    def _code_size(self, job) -> int:
        """Characters of code in the job's submitted notebooks (more code: more to run)."""
        total = 0
        for path in (self.course / "submitted" / job.student / job.assignment).glob("*.ipynb"):
            try:
                cells = json.loads(path.read_text()).get("cells", [])
                total += sum(len("".join(c.get("source", ""))) for c in cells if c.get("cell_type") == "code")
            except (OSError, ValueError, AttributeError, TypeError):
                continue
        return total

    def expected(self, assignment: str) -> tuple[int, float]:
        """Sort key of an assignment's next job, larger first: (1, its code size) when the cost is
        unknown, else (0, the median seconds of the assignment's finished jobs)."""
        known = self.seconds.get(assignment)
        return (0, statistics.median(known)) if known else (1, float(self._code_size(self.waiting[assignment][-1])))

    def learn(self, record: dict) -> None:
        """A job finished: its time is what the next jobs of its assignment are expected to take."""
        if "seconds" in record:
            self.seconds[str(record["assignment"])].append(float(record["seconds"]))

    def __iter__(self) -> Iterator:
        while self.waiting:  # one key per assignment, not per job: a class of 1,800 has six
            assignment = max(self.waiting, key=self.expected)
            queue = self.waiting[assignment]
            yield queue.pop()
            if not queue:
                del self.waiting[assignment]
