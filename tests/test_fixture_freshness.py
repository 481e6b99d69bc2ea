"""Fixture freshness means "the reference or the cases changed", not "this CPU rounds differently".

Floats differ in their last bits from one CPU to another (numpy's AVX2 vs AVX-512 kernels,
OpenBLAS's Haswell vs SkylakeX ones).  On one machine we show the principle: moving every
float of a freshly built fixture by a few ulps is no difference, moving one by 1e-6 relative
is, and so is any change of structure; other BLAS kernels give no difference either, and
``make fixtures`` leaves a file's bytes alone unless it really changed.
"""

from __future__ import annotations

import copy
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from grader import cli
from grader.authoring import catalogue, fixture_building, fixture_freshness
from grader.check import visible_cases
from grader.check.difference import difference

REPO = Path(__file__).resolve().parent.parent
TOPICS = catalogue.topics()


@pytest.fixture(scope="module")
def built():
    """Every topic's fixture document, freshly built, in its JSON form."""
    return {topic: json.loads(fixture_building.dumps(fixture_building.build(topic))) for topic in TOPICS}


def _floats(value, where):
    """(path as ``differences`` writes it, container, key, in an array) for every float inside
    an encoded value."""
    if isinstance(value, dict) and "__ndarray__" in value:
        if np.issubdtype(np.dtype(value["dtype"]), np.floating):
            for index in np.ndindex(*value["shape"]):
                if not index:  # a 0-d array holds its float directly
                    yield f"{where}[]", value, "__ndarray__", True
                    continue
                row = value["__ndarray__"]
                for i in index[:-1]:
                    row = row[i]
                yield f"{where}[{','.join(map(str, index))}]", row, index[-1], True
        return
    if isinstance(value, dict) and "__tuple__" in value:
        yield from _floats(value["__tuple__"], where)
        return
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    for key, item in items:
        if type(item) is float:
            yield f"{where}[{key}]", value, key, False
        else:
            yield from _floats(item, f"{where}[{key}]")


def _case_floats(document):
    """(section, path, container, key, in an array) for every float of every case."""
    for exercise_id, spec in document.items():
        for i, case in enumerate(spec["cases"]):
            where = f"{exercise_id} case {i}"
            places = [("args", case, "args", f"{where} args"), ("expected", case, "expected", f"{where} expected")]
            places += [("mistakes", case["mistakes"], name, f"{where} mistakes[{name}]") for name in case["mistakes"]]
            for section, parent, key, path in places:
                if type(parent[key]) is float:
                    yield section, path, parent, key, False
                else:
                    for inner, container, k, in_array in _floats(parent[key], path):
                        yield section, inner, container, k, in_array


def _nudge(value: float, steps: int, up: bool) -> float:
    for _ in range(steps):
        value = float(np.nextafter(value, np.inf if up else -np.inf))
    return value


def _perturbed_by_ulps(document):
    """A copy with every finite float of every case moved by 1 to 4 ulps, up or down by turns."""
    moved = copy.deepcopy(document)
    counts = {"args": 0, "expected": 0, "mistakes": 0, "scalar": 0, "array": 0}
    for k, (section, _, container, key, in_array) in enumerate(_case_floats(moved)):
        if np.isfinite(container[key]):
            container[key] = _nudge(container[key], 1 + k % 4, up=k % 2 == 0)
            counts[section] += 1
            counts["array" if in_array else "scalar"] += 1
    return moved, counts


@pytest.mark.parametrize("topic", TOPICS)
def test_a_few_ulps_on_every_float_is_no_difference(built, topic):
    moved, counts = _perturbed_by_ulps(built[topic])
    assert moved != built[topic] and fixture_building.dumps(moved) != fixture_building.dumps(built[topic])
    assert counts["args"] + counts["expected"] + counts["mistakes"] > 0
    assert fixture_freshness.differences(moved, built[topic]) == []
    assert fixture_freshness.differences(built[topic], moved) == []


def test_the_ulp_perturbation_reaches_args_expected_mistakes_scalars_and_arrays(built):
    totals = {}
    for topic in TOPICS:
        for name, count in _perturbed_by_ulps(built[topic])[1].items():
            totals[name] = totals.get(name, 0) + count
    assert all(count > 50 for count in totals.values()), totals


@pytest.mark.parametrize("topic", TOPICS)
def test_one_value_moved_by_1e_6_relative_is_reported_by_its_path(built, topic):
    document = copy.deepcopy(built[topic])
    chosen, tried = set(), 0
    for section, path, container, key, _ in list(_case_floats(document)):
        exercise_id = path.split(" ", 1)[0]
        if (exercise_id, section) in chosen or not (np.isfinite(container[key]) and abs(container[key]) >= 0.1):
            continue
        chosen.add((exercise_id, section))
        old = container[key]
        container[key] = old * (1 + 1e-6)
        found = fixture_freshness.differences(document, built[topic])
        container[key] = old
        assert found == [f"{path}: {old * (1 + 1e-6)!r} vs {old!r}"], (path, found)
        tried += 1
    assert tried >= len(document)  # at least one value per exercise
    assert fixture_freshness.differences(document, built[topic]) == []


def _first_float_array(document, min_rows=2):
    for exercise_id, spec in document.items():
        for i, case in enumerate(spec["cases"]):
            for j, arg in enumerate(case["args"]):
                if (isinstance(arg, dict) and arg.get("dtype") == "float64" and len(arg["shape"]) >= 1
                        and arg["shape"][0] >= min_rows):
                    return f"{exercise_id} case {i} args[{j}]", arg
    raise AssertionError("no float array argument")


def test_changed_shape_dtype_and_structure_are_reported(built):
    document = copy.deepcopy(built["gmm"])
    where, arg = _first_float_array(document)
    arg["__ndarray__"], arg["shape"] = arg["__ndarray__"][:-1], [arg["shape"][0] - 1] + arg["shape"][1:]
    found = fixture_freshness.differences(document, built["gmm"])
    assert len(found) == 1 and found[0].startswith(where + ": float64 array of shape"), found

    document = copy.deepcopy(built["gmm"])
    where, arg = _first_float_array(document)
    arg["dtype"] = "float32"
    assert fixture_freshness.differences(document, built["gmm"]) == [
        f"{where}: float32 array of shape {arg['shape']} vs float64 array of shape {arg['shape']}"]

    document = copy.deepcopy(built["grades"])
    spec = document["grades.e_step"]
    spec["hints"]["no_conditioning"] += " Really."
    spec["time_limit"] = spec["time_limit"] + 1e-9
    spec["cases"].pop()
    document["grades.renamed"] = document.pop("grades.m_step")
    found = fixture_freshness.differences(document, built["grades"])
    assert "grades.e_step hints[no_conditioning]" in " ".join(found)
    assert any(f.startswith("grades.e_step time_limit: ") for f in found)  # settings compare exactly
    assert f"grades.e_step: {len(spec['cases'])} cases vs {len(spec['cases']) + 1}" in found
    assert "grades.m_step: built, but not stored" in found and "grades.renamed: stored, but no longer built" in found


def test_an_int_is_not_a_float_and_integers_compare_exactly():
    def document(value):
        return {"t.f": {"rtol": 1e-7, "atol": 1e-10, "cases": [{"args": [value], "expected": 1.0, "mistakes": {}}]}}

    assert fixture_freshness.differences(document(3), document(3.0)) == ["t.f case 0 args[0]: 3 vs 3.0"]
    big = 2**62
    assert fixture_freshness.differences(document(big), document(big + 1)) == [f"t.f case 0 args[0]: {big} vs {big + 1}"]
    assert fixture_freshness.differences(document(float("nan")), document(float("nan"))) == []
    assert fixture_freshness.differences(document(float("inf")), document(float("-inf"))) == ["t.f case 0 args[0]: inf vs -inf"]


def test_a_dropped_or_added_mistake_is_reported(built):
    document = copy.deepcopy(built["gmm"])
    exercise_id, i, name = next((e, i, n) for e, spec in document.items()
                                for i, case in enumerate(spec["cases"]) for n in case["mistakes"])
    del document[exercise_id]["cases"][i]["mistakes"][name]
    where = f"{exercise_id} case {i} mistakes[{name}]"
    assert fixture_freshness.differences(document, built["gmm"]) == [f"{where}: now differs from expected, but not stored"]
    assert fixture_freshness.differences(built["gmm"], document) == [f"{where}: stored, but no longer differs from expected"]


def _one_mistake(answer):
    case = {"args": [1.0], "expected": 1.0, "mistakes": {} if answer is None else {"m": answer}}
    return {"t.f": {"arg_names": ["x"], "rtol": 1e-7, "atol": 1e-10, "time_limit": 1.0, "checker": None,
                    "hints": {"m": "a hint"}, "mistake_order": ["m"], "cases": [case]}}


def test_a_mistake_on_the_edge_of_the_tolerance_may_be_stored_on_one_machine_only():
    edge = 1.0 + (1e-7 + 1e-10) * (1 + 1e-3)  # just outside rtol 1e-7, atol 1e-10
    assert difference(edge, 1.0, rtol=1e-7, atol=1e-10) is not None  # so a build would store it
    assert fixture_freshness.differences(_one_mistake(edge), _one_mistake(None)) == []
    assert fixture_freshness.differences(_one_mistake(None), _one_mistake(edge)) == []
    assert fixture_freshness.differences(_one_mistake(1.5), _one_mistake(None)) == [
        "t.f case 0 mistakes[m]: stored, but no longer differs from expected"]
    assert fixture_freshness.differences(_one_mistake(None), _one_mistake(1.5)) == [
        "t.f case 0 mistakes[m]: now differs from expected, but not stored"]


@pytest.mark.parametrize("exercise", [e for t in TOPICS for e in catalogue.exercises(t)], ids=lambda e: e.id)
def test_freshness_tolerance_is_far_above_ulps_and_far_below_the_exercise_tolerance(exercise):
    rtol, atol = fixture_freshness.freshness_tolerance({"rtol": exercise.rtol, "atol": exercise.atol})
    assert 1e5 * np.finfo(float).eps < rtol <= exercise.rtol / 50
    assert rtol < 1e-6 / 10  # a 1e-6 relative change is reported
    assert 0 < atol <= exercise.atol / 50


def test_other_blas_kernels_give_no_differences():
    """Rebuild in a process whose OpenBLAS uses other kernels (as on another CPU)."""
    code = ("import json\nfrom grader.authoring import catalogue, fixture_building, fixture_freshness\n"
            "from grader.check import visible_cases\n"
            "out = {}\n"
            "for t in catalogue.topics():\n"
            "    stored = json.loads(visible_cases.path(t).read_text())\n"
            "    built = json.loads(fixture_building.dumps(fixture_building.build(t)))\n"
            "    out[t] = [fixture_freshness.differences(stored, built), fixture_building.dumps(stored) == fixture_building.dumps(built)]\n"
            "print(json.dumps(out))\n")
    env = dict(os.environ, OPENBLAS_CORETYPE="Sandybridge")
    run = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True, text=True,
                         timeout=300, check=True)
    result = json.loads(run.stdout)
    assert set(result) == set(TOPICS)
    assert {topic: found for topic, (found, _) in result.items() if found} == {}


def test_make_fixtures_rewrites_a_file_only_when_it_really_changed(tmp_path, built):
    first = fixture_building.write_all(tmp_path)
    assert [(p.name, status) for p, status, _ in first] == [(f"{t}.json", "wrote") for t in TOPICS]
    assert all(json.loads(p.read_text()) == built[t] for (p, _, _), t in zip(first, TOPICS))

    moved = {t: _perturbed_by_ulps(built[t])[0] for t in TOPICS}
    for topic in TOPICS:
        visible_cases.path(topic, tmp_path).write_text(fixture_building.dumps(moved[topic]))
    again = fixture_building.write_all(tmp_path)
    assert [status for _, status, _ in again] == ["unchanged"] * len(TOPICS)
    assert all(visible_cases.path(t, tmp_path).read_text() == fixture_building.dumps(moved[t]) for t in TOPICS)

    _, where, container, key, _ = next(f for f in _case_floats(moved["gmm"]) if abs(f[2][f[3]]) >= 0.1)
    container[key] *= 1 + 1e-6
    visible_cases.path("gmm", tmp_path).write_text(fixture_building.dumps(moved["gmm"]))
    done = {p.name: (status, found) for p, status, found in fixture_building.write_all(tmp_path)}
    assert done["gmm.json"][0] == "rewrote" and done["gmm.json"][1][0].startswith(where + ": ")
    assert all(status == "unchanged" for name, (status, _) in done.items() if name != "gmm.json")
    rewritten = json.loads(visible_cases.path("gmm", tmp_path).read_text())
    assert fixture_freshness.differences(rewritten, built["gmm"]) == []
    container[key] = next(c[k] for _, path, c, k, _ in _case_floats(built["gmm"]) if path == where)
    assert rewritten == moved["gmm"]  # the moved value is rebuilt; the other floats keep their stored bits


def test_the_command_says_unchanged_or_wrote(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(visible_cases, "FIXTURE_DIR", tmp_path)
    assert cli.main(["fixtures"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"wrote {tmp_path / t}.json" for t in TOPICS]
    assert cli.main(["fixtures"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"unchanged {tmp_path / t}.json" for t in TOPICS]
    text = visible_cases.path("grades", tmp_path).read_text().replace('"time_limit": 2.0', '"time_limit": 2.5', 1)
    visible_cases.path("grades", tmp_path).write_text(text)
    assert cli.main(["fixtures"]) == 0
    assert any(line.startswith(f"rewrote {tmp_path / 'grades'}.json (1 difference, first: grades.")
               and "time_limit: 2.5 vs 2.0" in line for line in capsys.readouterr().out.splitlines())
