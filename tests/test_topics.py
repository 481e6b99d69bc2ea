"""Every notebook's parts are where its Topic declaration says, and agree with each other."""

from __future__ import annotations

import importlib
import json
import re
from pathlib import Path

import pytest

from grader import cells, course
from grader.authoring import catalogue, topics

REPO = course.REPO
CHECK_CALL = re.compile(r'check\("([\w.]+)",\s*(\w+)(,\s*hidden=True)?\)')


def _master(topic) -> dict:
    return json.loads((REPO / course.SOURCE / topic.folder / topic.notebook).read_text())


def test_every_exercises_module_is_declared_and_every_declaration_has_one():
    assert sorted(t.name for t in topics.TOPICS) == catalogue.topics()
    assert [t.folder for t in topics.TOPICS] == course.assignments(REPO)  # course order


@pytest.mark.parametrize("topic", topics.TOPICS, ids=lambda t: t.name)
def test_master_student_version_and_fixture_exist(topic):
    assert (REPO / course.SOURCE / topic.folder / topic.notebook).exists()
    assert (REPO / course.RELEASE / topic.folder / topic.notebook).exists()
    assert (REPO / topic.fixture).exists()
    assert topics.by_folder(topic.folder) is topics.by_name(topic.name) is topic


@pytest.mark.parametrize("topic", topics.TOPICS, ids=lambda t: t.name)
def test_every_exercise_has_a_visible_and_a_hidden_check_in_a_test_cell(topic):
    calls = set()
    for cell in _master(topic)["cells"]:
        if cells.is_test(cell):
            calls |= {(m.group(1), m.group(2), bool(m.group(3))) for m in CHECK_CALL.finditer(cells.source(cell))}
    registered = {e.id: e.function for e in catalogue.exercises(topic.name)}
    assert registered, topic.name
    wanted = {(i, f, hidden) for i, f in registered.items() for hidden in (False, True)}
    assert wanted - calls == set(), "exercises without a check in the master"
    assert {c for c in calls if c[0] not in registered} == set(), "checks of ids nobody registered"


@pytest.mark.parametrize("topic", topics.TOPICS, ids=lambda t: t.name)
def test_declared_modules_exist_and_are_the_ones_used(topic):
    for name in topic.reference + topic.viz + topic.data:
        importlib.import_module(name)
    exercises = importlib.import_module(topic.exercises_module)
    sources = [exercises.__file__]
    if hasattr(exercises, "__path__"):  # a package: its modules too
        sources = sorted(str(p) for p in Path(exercises.__path__[0]).glob("*.py"))
    text = "\n".join(open(s).read() for s in sources)
    assert any(name.rsplit(".", 1)[1] in text for name in topic.reference), "exercises use no declared reference"
    master = "\n".join(cells.source(c) for c in _master(topic)["cells"])
    for name in topic.viz + topic.data:
        package, module = name.rsplit(".", 1)
        assert name in master or re.search(rf"from {package} import [\w, ]*\b{module}\b", master), name
