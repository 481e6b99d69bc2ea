"""The integrity report's parts, without a kernel: the audit probe, its judgement, the static scan."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from grader.grading import integrity

REPO = Path(__file__).resolve().parent.parent


def _probe_in_a_fresh_process(setup: str, token: str) -> dict:
    """Run the probe as the kernel would (a user namespace, ``get_ipython``), after ``setup``."""
    code = ("import json, sys, types\n"
            "ns = {}\n"
            "shell = types.SimpleNamespace(user_ns=ns)\n"
            "ns['get_ipython'] = lambda: shell\n"
            f"{setup}\n"
            "from grader.grading import integrity\n"
            "exec(integrity.PROBE_CODE, ns)\n"
            f"print(eval(integrity.PROBE_EXPRESSION({token!r}), ns))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    return json.loads(run.stdout)


def test_the_probe_drains_the_audit_record_and_carries_the_token_back():
    setup = ("store = types.ModuleType('_genlab_audit'); store.events = [('sys._getframe', '1')]\n"
             "sys.modules['_genlab_audit'] = store")
    report = _probe_in_a_fresh_process(setup, "t0")
    assert integrity.judge(report, "t0") == {"problems": [], "events": [["sys._getframe", "1"]]}


def test_the_inline_probe_gives_the_same_report_with_no_code_run_before_it():
    """PROBE_INLINE is one expression (a cell's own user expression), and a namespace whose
    ``exec`` is the student's does not break it."""
    code = ("import json, sys, types\n"
            "store = types.ModuleType('_genlab_audit'); store.events = [('sys._getframe', '1')]\n"
            "sys.modules['_genlab_audit'] = store\n"
            "ns = {'exec': lambda *a, **k: None}\n"
            "from grader.grading import integrity\n"
            "first = eval(integrity.PROBE_INLINE('t2'), ns)\n"
            "print(json.dumps([json.loads(first), json.loads(eval(integrity.PROBE_INLINE('t3'), ns))]))\n")
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO)
    first, second = json.loads(run.stdout)
    assert integrity.judge(first, "t2") == {"problems": [], "events": [["sys._getframe", "1"]]}
    assert integrity.judge(second, "t3") == {"problems": [], "events": []}  # drained by the first
    assert integrity.merge([integrity.judge(first, "t2"), integrity.judge(second, "t2")]) == {
        "problems": ["no record: the report does not carry this run's token"], "events": [["sys._getframe", "1"]]}


def test_a_missing_record_or_a_stale_token_is_reported_never_deducted():
    report = _probe_in_a_fresh_process("", "t1")
    assert integrity.judge(report, "t1")["problems"] == ["the sandbox's audit record is missing"]
    assert "does not carry this run's token" in integrity.judge(report, "other")["problems"][0]
    assert "no record" in integrity.judge({"error": "probe failed: KeyError"}, "t")["problems"][0]
    assert set(integrity.judge(report, "t1")) == {"problems", "events"}  # nothing here withholds points


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
