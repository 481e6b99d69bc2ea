"""Verdicts decided by the grader: test cells read, per-student hidden cases, answers judged as untrusted data."""

from __future__ import annotations

import copy
import json
import os
import stat
from pathlib import Path

import numpy as np
import pytest

from grader import cells
from grader.authoring import catalogue
from grader.check.difference import describe
from grader.check.messages import CheckFailed
from grader.grading import verdicts
from grader.grading.verdicts import Check

REPO = Path(__file__).resolve().parent.parent
SECRET = b"s" * 64
ALL = [e.id for t in catalogue.topics() for e in catalogue.exercises(t)]


def _test_cells():
    for path in sorted((REPO / "solutions").glob("*/*.ipynb")):
        for cell in json.loads(path.read_text())["cells"]:
            if cells.is_test(cell):
                yield path.parent.name, cells.grade_id(cell), cells.source(cell)


def test_every_master_test_cell_is_a_visible_and_a_hidden_check_of_a_known_exercise():
    seen = []
    for folder, grade_id, source in _test_cells():
        checks = verdicts.parse_test_cell(source)
        assert [c.hidden for c in checks] == [False, True], (folder, grade_id)
        assert checks[0].exercise_id == checks[1].exercise_id, (folder, grade_id)
        catalogue.get(checks[0].exercise_id)
        seen.append(checks[0].exercise_id)
    assert sorted(seen) == sorted(ALL)


@pytest.mark.parametrize("source, why", [
    ('check("grades.e_step", e_step)\nassert e_step(0.5, 3) == 1', "line 2"),
    ('import os\ncheck("grades.e_step", e_step)', "line 1"),
    ('check("grades.e_step", lambda *a: 1)', "line 1"),
    ('check("grades.e_step", e_step, hidden=flag)', "line 1"),
    ('"""only a docstring"""', "no check"),
    ('check("grades.e_step", e_step', "not valid Python"),
])
def test_a_test_cell_that_is_not_only_checks_is_ungradable(source, why):
    with pytest.raises(verdicts.UngradableTest, match=why):
        verdicts.parse_test_cell(source)


def _hidden(exercise_id, secret=SECRET, student="alice"):
    return verdicts.prepare(Check(exercise_id, exercise_id.split(".")[1], True), secret, student).cases


def _key(cases):
    return json.dumps(cases, default=lambda a: np.asarray(a).tolist(), sort_keys=True)


@pytest.mark.parametrize("exercise_id", ALL)
def test_hidden_cases_are_the_same_on_a_regrade_and_differ_between_students_and_years(exercise_id):
    first = _key(_hidden(exercise_id))
    assert _key(_hidden(exercise_id)) == first
    assert _key(_hidden(exercise_id, student="bob")) != first
    assert _key(_hidden(exercise_id, secret=b"t" * 64)) != first


def test_the_course_secret_is_made_once_private_and_checked(tmp_path):
    secret = verdicts.course_secret(tmp_path / "course")
    path = tmp_path / "course" / verdicts.SECRET_FILE
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert verdicts.course_secret(tmp_path / "course") == secret and len(secret) >= 32
    path.write_text("short\n")
    with pytest.raises(ValueError, match="too short"):
        verdicts.course_secret(tmp_path / "course")


def _request(exercise_id="grades.m_step", hidden=True):
    return verdicts.prepare(Check(exercise_id, exercise_id.split(".")[1], hidden), SECRET, "alice")


def _right(request):
    return [{"value": copy.deepcopy(request.expected(i))} for i in range(len(request.cases))]


def test_right_answers_pass_and_say_so_only_for_visible_checks():
    hidden, visible = _request(), _request(hidden=False)
    assert verdicts.judge(hidden, {"nonce": "n", "outcomes": _right(hidden)}, "n") == verdicts.Verdict(True, "")
    verdict = verdicts.judge(visible, {"nonce": "n", "outcomes": _right(visible)}, "n")
    assert verdict.passed and verdict.message == f"m_step: all {len(visible.cases)} visible tests pass."


def test_a_hidden_wrong_answer_names_the_mistake_and_never_the_expected_value():
    request = _request("grades.e_step")
    mistake = next(m for m in catalogue.get("grades.e_step").mistakes)
    outcomes = [{"value": mistake.compute(*args)} for args in request.cases]
    verdict = verdicts.judge(request, {"nonce": "n", "outcomes": outcomes}, "n")
    assert not verdict.passed and verdict.usable
    assert verdict.message.startswith("On a hidden test, e_step(") and f"[{mistake.name}]" in verdict.message
    assert describe(request.expected(0)) not in verdict.message


@pytest.mark.parametrize("answer, why", [
    (None, "wrote none"),
    ("a string", "not the answer to this test"),
    ({"nonce": "other", "outcomes": []}, "not the answer to this test"),
    ({"nonce": "n", "outcomes": []}, "malformed"),
    ({"nonce": "n", "outcomes": [{"value": 1, "passed": True}]}, "malformed"),
    ({"nonce": "n", "outcomes": [{"raised": "X", "message": 3}]}, "malformed"),
    ({"nonce": "n", "outcomes": [{"too_slow": "yes"}]}, "malformed"),
    ({"nonce": "n", "outcomes": "RIGHT"}, "malformed"),
    ({"nonce": "n", "outcomes": [{"value": 0.0}]}, "fewer answers"),
    ({"nonce": "n", "outcomes": [{"not_written": True}, {"value": 0.0}]}, "fewer answers"),
])
def test_answers_that_are_missing_malformed_or_incomplete_score_zero_with_a_reason(answer, why):
    verdict = verdicts.judge(_request(), answer, "n")
    assert not verdict.passed and not verdict.usable and why in verdict.message
    assert "scores 0" in verdict.message


def test_more_answers_than_cases_and_answers_after_a_failure_are_refused():
    request = _request()
    doubled = _right(request) * 2
    assert "more answers" in verdicts.judge(request, {"nonce": "n", "outcomes": doubled}, "n").message
    early = [{"raised": "ValueError", "message": "no"}]
    verdict = verdicts.judge(request, {"nonce": "n", "outcomes": early}, "n")
    assert verdict.usable and "raised ValueError: no" in verdict.message


def test_a_kernel_that_took_longer_than_every_time_limit_together_is_too_slow():
    request = _request()
    verdict = verdicts.judge(request, {"nonce": "n", "outcomes": _right(request)}, "n",
                             seconds=request.budget + 0.1)
    assert not verdict.passed and "did not finish within" in verdict.message
    assert verdicts.judge(request, {"nonce": "n", "outcomes": _right(request)}, "n",
                          seconds=request.budget - 0.1).passed


def test_the_kernel_is_handed_inputs_and_a_time_limit_only():
    request = _request("gmm.e_step")
    message = request.message()
    assert set(message) == {"cases", "seconds"}
    assert len(message["cases"]) == len(request.cases)


@pytest.mark.parametrize("exercise_id", ALL)
def test_check_here_passes_the_reference_and_names_a_stub(exercise_id):
    exercise = catalogue.get(exercise_id)
    verdicts.check_here(exercise_id, exercise.reference)

    def stub(*args):
        raise NotImplementedError()

    with pytest.raises(CheckFailed, match="not written yet"):
        verdicts.check_here(exercise_id, stub)


def test_a_grader_error_fails_that_check_only_and_is_reported(tmp_path, monkeypatch):
    """A hidden case the grader cannot compute (a generator's bad draw) costs that check, said in
    words, and is listed for the instructor; it never ends the notebook as a dead kernel would."""
    from nbformat.v4 import new_code_cell

    from grader.grading.test_cells import TestCellGrader

    def broken(check, secret=None, student=None):
        raise ValueError("every class needs at least 2 points to estimate a covariance")

    monkeypatch.setattr(verdicts, "prepare", broken)
    tests = TestCellGrader(str(tmp_path), b"secret", "alice", 2**20)
    ran = []
    try:
        outputs = tests.grade(new_code_cell('from grader.check import check\ncheck("gmm.e_step", e_step)'),
                              "test_e_step", lambda source, timeout: ran.append(source))
    finally:
        tests.close()
    assert not ran  # nothing was sent to the kernel
    assert [o["output_type"] for o in outputs] == ["error"]
    assert "fault in the grader, not in your code" in outputs[0]["evalue"]
    assert "ValueError" not in outputs[0]["evalue"]  # the student reads one sentence, not our internals
    record = tests.records[0]
    assert record["unanswered"] and record["cell"] == "test_e_step"
    assert "ValueError: every class needs at least 2 points" in record["problems"][0]  # the instructor's detail
