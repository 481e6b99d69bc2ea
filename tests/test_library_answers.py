"""No function the student bundle ships computes an exercise's answer.

Every public function of ``genlab`` (without ``genlab.reference``) and ``grader.check`` is called
on each exercise's visible cases wherever its signature fits: parameters named like the
exercise's arguments get the case's values; parameters named like *other* exercise functions of
the topic get the reference's (as a student would pass their own, right, functions); otherwise
the case's arguments are passed in order.  None may return the exercise's right answer.
"""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import genlab
import grader.check
from grader.authoring import catalogue
from grader.check import visible_cases
from grader.check.calling import call_once

EXERCISES = [e for t in catalogue.topics() for e in catalogue.exercises(t)]


def _shipped_functions():
    found = {}
    for package in (genlab, grader.check):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if info.name.startswith("genlab.reference"):
                continue
            module = importlib.import_module(info.name)
            for name, obj in vars(module).items():
                if not name.startswith("_") and inspect.isfunction(obj) and obj.__module__ == module.__name__:
                    found[f"{module.__name__}.{name}"] = obj
    return found


FILE_PARAMETERS = {"path", "folder", "filename", "file"}  # functions that read or write files compute nothing


def _calls(fn, exercise, args, helpers):
    """The ways ``fn`` can be called on one case: by parameter name, and in order."""
    try:
        params = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return
    if FILE_PARAMETERS & {p.name for p in params}:
        return
    given = dict(zip(exercise.arg_names, args))
    kwargs, used = {}, False
    for p in params:
        if p.kind in (p.VAR_POSITIONAL, p.VAR_KEYWORD):
            continue
        if p.name in given:
            kwargs[p.name], used = given[p.name], True
        elif p.name in helpers:
            kwargs[p.name] = helpers[p.name]
        elif p.default is p.empty:
            kwargs = None
            break
    if kwargs is not None and used:
        yield (), kwargs
    required = [p for p in params if p.default is p.empty and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(required) <= len(args) <= len(positional):
        yield tuple(args), {}


def test_no_shipped_function_reproduces_an_answer(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # whatever a function writes lands here, not in the checkout
    functions = _shipped_functions()
    assert "genlab.viz.grades.em_player" in functions and "grader.check.verdict.check" in functions
    assert not any(name.startswith("genlab.reference") for name in functions)
    answering, tried = [], 0
    for exercise in EXERCISES:
        helpers = {e.function: e.reference for e in catalogue.exercises(exercise.topic)
                   if e.function != exercise.function}
        rules, cases = visible_cases.rules_and_cases(exercise.id)
        for name, fn in sorted(functions.items()):
            for case in cases:
                for args, kwargs in _calls(fn, exercise, tuple(case["args"]), helpers):
                    tried += 1
                    outcome = call_once(lambda *a: fn(*a, **kwargs), args, 2.0)
                    if "value" in outcome and outcome["value"] is not None and rules.differ(
                            outcome["value"], case["expected"], rtol=rules.rtol, atol=rules.atol) is None:
                        answering.append(f"{name} answers {exercise.id}")
    assert tried > 200, tried  # the signatures did fit somewhere: the test did call the library
    assert not sorted(set(answering))
    assert not list(tmp_path.iterdir())  # and nothing it called wrote a file
