"""Hints in levels (each test starts as a fresh kernel: tests/conftest.py): the first failure
says only what is wrong; ``hint(id)`` or a second failure gives the next level; the formula
comes only at the last; never code."""

from __future__ import annotations

import re

import pytest

from grader.authoring import catalogue
from grader.authoring.hint_levels import levels_for
from grader.check import check, hint
from grader.grading import verdicts
from grader.grading.verdicts import Check

ALL = [e for t in catalogue.topics() for e in catalogue.exercises(t)]
WRONG_E_STEP = lambda theta, n_ab: n_ab * (0.5 - theta)  # noqa: E731 - P(B), not P(B | A or B)


def _failure(exercise_id, fn):
    with pytest.raises(AssertionError) as failed:
        check(exercise_id, fn)
    return str(failed.value)


def test_hint_shows_the_levels_in_order_then_says_it_was_the_last(capsys):
    texts = levels_for("grades.e_step")
    for number in range(1, len(texts) + 1):
        hint("grades.e_step")
        shown = capsys.readouterr().out.strip()
        assert shown.startswith(f"Hint {number} of {len(texts)} for e_step") and texts[number - 1] in shown
    assert shown.endswith(texts[-1]) and "(the last one)" in shown
    hint("grades.e_step")
    assert "That was the last hint" in capsys.readouterr().out
    hint("grades.e_step", 1)
    assert texts[0] in capsys.readouterr().out


def test_the_first_failure_says_only_what_is_wrong_and_each_later_one_gives_the_next_level():
    texts = levels_for("grades.e_step")
    first = _failure("grades.e_step", WRONG_E_STEP)
    assert "Hint" not in first and "[" in first  # the named mistake, nothing more
    second = _failure("grades.e_step", WRONG_E_STEP)
    assert second.splitlines()[-1] == f"Hint 1 of {len(texts)} for e_step: {texts[0]}"
    hint("grades.e_step")  # level 2, asked for
    third = _failure("grades.e_step", WRONG_E_STEP)
    assert third.splitlines()[-1].startswith(f"Hint 3 of {len(texts)} for e_step (the last one)")
    fourth = _failure("grades.e_step", WRONG_E_STEP)
    assert "Hint" not in fourth


def test_hints_are_counted_per_exercise_and_a_pass_adds_nothing(capsys):
    _failure("grades.e_step", WRONG_E_STEP)
    wrong_m_step = lambda n_b_expected, n_c: n_c / (n_b_expected + n_c)  # noqa: E731
    assert "Hint" not in _failure("grades.m_step", wrong_m_step)
    assert "Hint 1 of 3 for m_step" in _failure("grades.m_step", wrong_m_step)
    from genlab.reference import grades as ref

    check("grades.e_step", ref.e_step)
    assert capsys.readouterr().out.strip() == "e_step: all 7 visible tests pass."


def test_an_unknown_exercise_is_told_how_to_name_one(capsys):
    hint("grades.estep")
    assert "There is no exercise 'grades.estep'" in capsys.readouterr().out


def test_a_graded_check_gives_no_hints():
    request = verdicts.prepare(Check("grades.e_step", "e_step", False))
    outcomes = [{"value": WRONG_E_STEP(*args)} for args in request.cases[:1]]
    for _ in range(2):
        message = verdicts.judge(request, {"nonce": "n", "outcomes": outcomes}, "n").message
        assert "hint" not in message.lower()


_CODE = re.compile(r"`|np\.|\bdef\b|\breturn\b|\[:|\.sum\(|\.T\b|axis=")


def test_every_exercise_has_two_to_four_levels():
    counts = {e.id: len(levels_for(e.id)) for e in ALL}
    assert {i: n for i, n in counts.items() if not 2 <= n <= 4} == {}


@pytest.mark.parametrize("exercise", [e for e in ALL if levels_for(e.id)], ids=lambda e: e.id)
def test_levels_go_from_the_idea_to_the_formula_and_never_give_code(exercise):
    texts = levels_for(exercise.id)
    assert 2 <= len(texts) <= 4
    assert all(not _CODE.search(t) for t in texts), [t for t in texts if _CODE.search(t)]
    assert len(set(texts)) == len(texts)
    assert not {m.hint for m in exercise.mistakes} & set(texts)  # a level is not a mistake's hint


def test_every_level_module_names_only_real_exercises():
    import importlib
    import pkgutil

    import grader.authoring.hint_levels as package

    known = {e.id for e in ALL}
    for info in pkgutil.iter_modules(package.__path__):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        assert {f"{info.name}.{name}" for name in module.LEVELS} <= known, info.name


def test_the_progress_summary_runs_the_checks_without_spending_hints():
    from grader.check.standing import exercise_states

    assert "Hint" not in _failure("grades.e_step", WRONG_E_STEP)  # the student's first failure
    for _ in range(3):
        states = exercise_states(["grades.e_step"], {"e_step": WRONG_E_STEP})
        assert states[0][1] is False
    second = _failure("grades.e_step", WRONG_E_STEP)  # the student's second: level 1, not 4
    assert second.splitlines()[-1].startswith("Hint 1 of 3 for e_step")
