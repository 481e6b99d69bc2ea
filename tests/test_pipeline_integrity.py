"""The integrity report's parts, without a kernel: fingerprints, the judgement, the static scan."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from grader.grading import integrity

REPO = Path(__file__).resolve().parent.parent


def _fingerprints_after(patch: str) -> dict:
    code = (f"{patch}\n"
            "import json, grader, grader.check, grader.check.difference, grader.check.visible_cases\n"
            "from grader.grading import integrity\n"
            "ns = {}\n"
            "exec(integrity._FINGERPRINT, ns)\n"
            "print(json.dumps(ns['_genlab_fingerprints'](False, {'check': grader.check.check})))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(run.stdout)


def test_untouched_process_matches_the_expected_fingerprints():
    expected = integrity.expected_fingerprints()
    assert "grader.check.verdict.check" in expected and "numpy.isclose" in expected
    got = _fingerprints_after("")
    report = integrity.judge({"fingerprints": got, "audit": [], "token": "t"}, expected, True, "t")
    assert report == {"problems": [], "events": [], "withhold": False}


def test_a_patched_numpy_or_checker_is_caught():
    expected = integrity.expected_fingerprints()
    for patch, key in [("import numpy; numpy.isclose = lambda *a, **k: True", "numpy.isclose"),
                       ("import grader.check.difference as d; d.difference = lambda *a, **k: None",
                        "grader.check.difference.difference"),
                       ("import grader.check.verdict as v; v.check = lambda *a, **k: None",
                        "grader.check.verdict.check")]:
        got = _fingerprints_after(patch)
        report = integrity.judge({"fingerprints": got, "audit": []}, expected, True)
        assert report["withhold"] and any(key in p for p in report["problems"]), (patch, report)


def test_frame_inspection_and_missing_token_withhold_only_test_cells():
    expected = integrity.expected_fingerprints()
    fingerprints = {k: v for k, v in expected.items() if not k.startswith(("exercise:", "fixtures:"))}
    looked = {"fingerprints": fingerprints, "audit": [["sys._getframe", "frame"]], "token": "a"}
    assert integrity.judge(looked, expected, True, "a")["withhold"]
    assert not integrity.judge(looked, expected, False, "a")["withhold"]  # reported, not withheld
    forged = {"fingerprints": fingerprints, "audit": [], "token": "old"}
    assert integrity.judge(forged, expected, True, "new")["withhold"]


def test_static_scan_flags_what_a_person_should_see():
    master = json.loads((REPO / "solutions/05-grades/grades.ipynb").read_text())
    student = json.loads((REPO / "notebooks/05-grades/grades.ipynb").read_text())
    assert integrity.scan_notebook(student, master) == []
    cells = [c for c in student["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") != "test_e_step"]
    index = next(i for i, c in enumerate(cells) if c["metadata"].get("nbgrader", {}).get("grade_id") == "mle_theta")
    cells[index] = dict(cells[index], source="import inspect, sys\nframe = sys._getframe(1)\ndef check(*a): pass\n"
                                     "import numpy as np\nnp.allclose = lambda *a: True\n!ls\n")
    flags = integrity.scan_notebook(dict(student, cells=cells, metadata={"kernelspec": {"name": "x"}}), master)
    text = " ".join(flags)
    for word in ("inspects frames", "redefines check", "patches numpy", "shell escape", "test_e_step: test cell deleted",
                 "kernelspec changed"):
        assert word in text, (word, flags)
