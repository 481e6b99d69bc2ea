"""The four invariants of every exercise in every topic (README, "How a check works"):
the stub fails, the reference passes, each named mistake fails with its name, and the
hidden cases differ from the visible ones."""

import json
import pickle

import pytest

from grader.authoring import catalogue, fixture_building, fixture_freshness, schema
from grader.check import check, visible_cases

ALL = [exercise for topic in catalogue.topics() for exercise in catalogue.exercises(topic)]
IDS = [exercise.id for exercise in ALL]


def stub(*args, **kwargs):
    # YOUR CODE HERE
    raise NotImplementedError()


@pytest.mark.parametrize("exercise", ALL, ids=IDS)
@pytest.mark.parametrize("hidden", [False, True], ids=["visible", "hidden"])
def test_stub_fails_with_not_implemented_message(exercise, hidden):
    with pytest.raises(AssertionError, match="NotImplementedError"):
        check(exercise.id, stub, hidden=hidden)


@pytest.mark.parametrize("exercise", ALL, ids=IDS)
def test_reference_passes(exercise):
    """The reference passes the visible checks (the frozen fixtures).

    Hidden checks compute their expected values with the reference itself, so running the
    reference through them could fail only on an exception; instead, the hidden expected values
    are checked against independent oracles in tests/test_hidden_oracles.py."""
    check(exercise.id, exercise.reference)


MISTAKES = [(e, m) for e in ALL for m in e.mistakes]


@pytest.mark.parametrize("exercise,mistake", MISTAKES, ids=[f"{e.id}:{m.name}" for e, m in MISTAKES])
def test_each_named_mistake_fails_with_its_name(exercise, mistake):
    for hidden in (False, True):
        with pytest.raises(AssertionError) as failure:
            check(exercise.id, mistake.compute, hidden=hidden)
        assert f"[{mistake.name}]" in str(failure.value), (hidden, str(failure.value))


@pytest.mark.parametrize("exercise", ALL, ids=IDS)
def test_hidden_cases_differ_from_visible(exercise):
    visible = [pickle.dumps(tuple(c["args"])) for c in visible_cases.load(exercise.id)["cases"]]
    rng = schema.case_rng(exercise.id, "hidden")
    hidden = [pickle.dumps(tuple(args)) for args in exercise.hidden_cases(rng)]
    assert hidden, "an exercise needs hidden cases"
    assert not set(hidden) & set(visible)


@pytest.mark.parametrize("exercise", ALL, ids=IDS)
def test_every_exercise_has_two_named_mistakes_with_hints(exercise):
    assert len(exercise.mistakes) >= 2
    assert len({m.name for m in exercise.mistakes}) == len(exercise.mistakes)
    assert all(len(m.hint) > 20 for m in exercise.mistakes)


@pytest.mark.parametrize("topic", catalogue.topics())
def test_fixtures_are_up_to_date(topic):
    """Fails when the reference or the cases changed without `make fixtures`, not when this
    CPU rounds the last bits differently (see tests/test_fixture_freshness.py)."""
    stored = json.loads(visible_cases.path(topic).read_text())
    found = fixture_freshness.differences(stored, fixture_building.build(topic))
    assert not found, (f"grader/check/fixtures/{topic}.json is stale: run `make fixtures`; "
                       f"{len(found)} differences (stored vs built):\n" + "\n".join(found[:20]))
