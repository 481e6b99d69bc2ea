"""grader.grading.schedule: jobs go to workers longest first, learning costs as jobs finish."""

from __future__ import annotations

import json

from grader.grading import schedule
from grader.grading.workers import Job, LocalPool


def write_record(course, student, assignment, seconds):
    folder = course / "genlab" / "jobs"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{student}--{assignment}.json").write_text(
        json.dumps({"student": student, "assignment": assignment, "seconds": seconds}))


def write_submission(course, student, assignment, code_chars):
    folder = course / "submitted" / student / assignment
    folder.mkdir(parents=True, exist_ok=True)
    cells = [{"cell_type": "code", "source": "x" * code_chars}, {"cell_type": "markdown", "source": "y" * 999}]
    (folder / "a.ipynb").write_text(json.dumps({"cells": cells}))


def test_known_costs_longest_first(tmp_path):
    write_record(tmp_path, "old1", "fast", 1.0)
    write_record(tmp_path, "old2", "slow", 6.0)
    write_record(tmp_path, "old3", "slow", 5.0)
    write_record(tmp_path, "old4", "middle", 3.0)
    (tmp_path / "genlab" / "jobs" / "broken.json").write_text("{not json")
    jobs = [Job("s1", "fast"), Job("s1", "middle"), Job("s1", "slow"), Job("s2", "fast")]
    order = [(j.student, j.assignment) for j in schedule.LongestFirst(jobs, tmp_path)]
    assert order[:2] == [("s1", "slow"), ("s1", "middle")]
    assert sorted(order[2:]) == [("s1", "fast"), ("s2", "fast")]


def test_unknown_assignments_go_first_by_code_size_then_learn(tmp_path):
    write_record(tmp_path, "old", "known", 4.0)
    for student in ("a", "b"):
        write_submission(tmp_path, student, "small", 10)
        write_submission(tmp_path, student, "big", 500)
        write_submission(tmp_path, student, "known", 50)
    jobs = [Job(s, a) for s in ("a", "b") for a in ("small", "big", "known")]
    order = schedule.LongestFirst(jobs, tmp_path)
    handed = iter(order)
    first, second = next(handed), next(handed)
    assert (first.assignment, second.assignment) == ("big", "big")  # unknown cost, most code
    order.learn({"student": "a", "assignment": "big", "seconds": 0.5})
    third = next(handed)
    assert third.assignment == "small"  # still unknown: before every known one
    order.learn({"student": "a", "assignment": "small", "seconds": 9.0})
    order.learn({"student": "a", "assignment": "oops"})  # a failed job's record has no time
    rest = [j.assignment for j in handed]
    assert rest == ["small", "known", "known"]  # small is now known to be the slowest


def double(x):
    return {"student": "s", "assignment": str(x * 2), "seconds": 0}


def test_local_pool_takes_calls_only_as_workers_free_up():
    taken = []

    def calls():
        for i in range(5):
            taken.append(i)
            yield (i,)

    pool = LocalPool(2)
    results = pool.run(double, calls())
    first = next(results)
    assert len(taken) == 2  # one call per worker until a result is back
    rest = list(results)
    assert sorted(int(r["assignment"]) for r in [first, *rest]) == [0, 2, 4, 6, 8]
    assert taken == [0, 1, 2, 3, 4]
    pool.close()
