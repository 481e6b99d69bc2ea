"""Cheats that change the student's own process, against verdicts decided by the grader.

The first seven each earned points before verdicts moved out of the kernel (issue "Verdicts the
student's code cannot forge"); the rest attack the new design: the exchange through which the
kernel hands back what the student's functions returned.  Every case here scores what its honest
part deserves and nothing for the cheat.  The table has the shape of ``corpus.cases``.
"""

from __future__ import annotations

SECRET = "c0ffee" * 8  # the corpus's course secret, written before grading (tests/test_bad_submissions.py)

SIGNATURES = {"mle_theta": "n_a, n_b, n_c", "e_step": "theta, n_ab", "m_step": "n_b_expected, n_c",
              "observed_log_likelihood": "theta, n, n_c", "run_em": "n, n_c, theta0, n_iter"}


def _wrong(name: str, say: bool = False) -> str:
    body = "[0.0] * (n_iter + 1)" if name == "run_em" else "0.0"
    speak = f"    _say({name!r})\n" if say else ""
    return f"def {name}({SIGNATURES[name]}):\n{speak}    return {body}\n"


def _delegating(name: str, helper: str) -> str:
    args = SIGNATURES[name]
    return f"def {name}({args}):\n    return {helper}({name!r}, {args})\n"


SHOWTRACEBACK = '''from IPython.core.interactiveshell import ExecutionResult, InteractiveShell
InteractiveShell.showtraceback = lambda self, *args, **kwargs: None
get_ipython().showtraceback = lambda *args, **kwargs: None
ExecutionResult.success = property(lambda self: True, lambda self, value: None)
'''

OWN_EXEC = '''def exec(*args, **kwargs):
    return None
'''

NUMPY_GLOBALS = '''import numpy as np
_g = getattr(np.isclose, "__wrapped__", np.isclose).__globals__
_g["isclose"] = lambda a, b, *args, **kwargs: np.ones(np.broadcast(np.asarray(a), np.asarray(b)).shape, bool)
_g["allclose"] = lambda *args, **kwargs: True
np.isclose, np.allclose = _g["isclose"], _g["allclose"]
'''

FROM_MEMORY = '''import sys
_mods = sys.modules
try:
    __import__("grader.check." + "visible" + "_cases", fromlist=["load"]).load("grades.mle_theta")
except Exception:
    pass

def _answer(name, *args):
    ref = _mods.get("genlab." + "refer" + "ence." + "grades")
    if ref is not None:
        return getattr(ref, name)(*args)
    cache = getattr(_mods.get("grader.check." + "visible" + "_cases"), "_cache", {})
    for case in cache.get("grades", {}).get("grades." + name, {}).get("cases", []):
        if list(case["args"]) == list(args):
            return case["expected"]
    return 0.0
'''

GRADER_FRAMES = '''_source = """
import sys
def _answer(name, *args):
    frame = sys._getframe(1)
    while frame is not None:
        seen = frame.f_locals
        if "expected" in seen and not callable(seen["expected"]):
            return seen["expected"]
        if "request" in seen and hasattr(seen["request"], "expected"):
            return seen["request"].expected(0)
        frame = frame.f_back
    return 0.0
"""
exec(compile(_source, "/opt/course/grader/check/helper.py", "exec"), globals())
'''

COMPLEX = '''import builtins
class _AlwaysZero(complex):
    def __new__(cls, *args, **kwargs):
        return complex.__new__(cls, 0)
builtins.complex = _AlwaysZero
'''

LIBRARY_RUN_EM = '''from genlab.viz import grades as _library

def run_em(n, n_c, theta0, n_iter):
    return _library.em_history(e_step, m_step, n, n_c, theta0, n_iter)
'''

# --- against the exchange --------------------------------------------------------------------

_PATCH_RUN = '''import os
import grader.check.running as _running
from grader.check import transport as _transport
_honest_run = _running.run

def _write(folder, nonce, value):
    _transport.save(os.path.join(folder, "out-%s.gex" % nonce), value)
'''

FORGED_PAYLOAD = _PATCH_RUN + '''
def _forged(folder, nonce, get_function, name, *rest):
    _write(folder, nonce, {"nonce": nonce, "outcomes": [], "passed": True, "verdict": "all tests pass"})
_running.run = _forged
'''

REPLAYED_VISIBLE = _PATCH_RUN + '''import json
_fixtures = json.load(open(os.path.join(os.path.dirname(_transport.__file__), "fixtures", "grades.json")))

def _replay(folder, nonce, get_function, name, *rest):
    from grader.check.json_values import decode
    cases = decode(_fixtures["grades." + name])["cases"]
    asked = len(_transport.load(os.path.join(folder, "in-%s.gex" % nonce), 2**28)["cases"])
    _write(folder, nonce, {"nonce": nonce,
                           "outcomes": [{"value": cases[i % len(cases)]["expected"]} for i in range(asked)]})
_running.run = _replay
'''

PRINTS_PAYLOAD = '''import json
def _say(name):
    print(name + ": all 7 visible tests pass.")
    print(json.dumps({"nonce": "0" * 32, "outcomes": [{"value": 0.2}] * 7, "verdict": "pass"}))
'''

FLOODS_EXCHANGE = _PATCH_RUN + '''
def _flood(folder, nonce, get_function, name, *rest):
    for i in range(2000):
        try:
            _write(folder, "%032x" % i, {"nonce": "%032x" % i, "outcomes": [{"value": 0.0}]})
        except OSError:
            break
    with open(os.path.join(folder, "out-%s.gex" % nonce), "wb") as f:
        for _ in range(60):
            f.write(b"GENLAB1\\n" * 131072)
_running.run = _flood
'''

KILLED_MID_REPORT = _PATCH_RUN + '''import signal
def _die(folder, nonce, get_function, name, *rest):
    data = _transport.dumps({"nonce": nonce, "outcomes": [{"value": 0.2}] * 7})
    with open(os.path.join(folder, "out-%s.gex" % nonce), "wb") as f:
        f.write(data[: len(data) // 2])
        f.flush()
        os.kill(os.getpid(), signal.SIGKILL)
_running.run = _die
'''

WRONG_NONCE = _PATCH_RUN + '''
def _other_nonce(folder, nonce, get_function, name, *rest):
    _honest_run(folder, nonce, get_function, name, *rest)
    answer = _transport.load(os.path.join(folder, "out-%s.gex" % nonce), 2**28)
    os.remove(os.path.join(folder, "out-%s.gex" % nonce))
    _write(folder, nonce, dict(answer, nonce=nonce[::-1]))
_running.run = _other_nonce
'''

EXTRA_RESULTS = _PATCH_RUN + '''
def _extra(folder, nonce, get_function, name, *rest):
    _honest_run(folder, nonce, get_function, name, *rest)
    path = os.path.join(folder, "out-%s.gex" % nonce)
    answer = _transport.load(path, 2**28)
    os.remove(path)
    _write(folder, nonce, dict(answer, outcomes=answer["outcomes"] * 2))
_running.run = _extra
'''

SYMLINKED_ANSWER = _PATCH_RUN + '''
def _link(folder, nonce, get_function, name, *rest):
    honest = os.path.join(folder, "honest-%s.gex" % nonce)
    _transport.save(honest, {"nonce": nonce, "outcomes": [{"value": 0.2}] * 7})
    os.symlink(honest, os.path.join(folder, "out-%s.gex" % nonce))
_running.run = _link
'''

HEADER_BOMB = _PATCH_RUN + '''import json
def _bomb(folder, nonce, get_function, name, *rest):
    header = json.dumps({"value": {"nonce": nonce, "outcomes": [{"value": {"a": 0}}]},
                         "arrays": [["<f8", [10**6, 10**6], 0]]}).encode()
    with open(os.path.join(folder, "out-%s.gex" % nonce), "wb") as f:
        f.write(b"GENLAB1\\n" + len(header).to_bytes(8, "little") + header + b"\\0" * 64)
_running.run = _bomb
'''


def other_students_table(student: str = "alice") -> str:
    """An m_step that answers from a table of ``student``'s hidden cases and right answers."""
    from grader.grading import verdicts

    request = verdicts.prepare(verdicts.Check("grades.m_step", "m_step", True), SECRET.encode(), student)
    table = {tuple(args): request.expected(i) for i, args in enumerate(request.cases)}
    visible = verdicts.prepare(verdicts.Check("grades.m_step", "m_step", False))
    table.update({tuple(args): visible.expected(i) for i, args in enumerate(visible.cases)})
    return f"_TABLE = {table!r}\n\ndef m_step(n_b_expected, n_c):\n    return _TABLE.get((n_b_expected, n_c), 0.0)\n"


def cases(good, stub, helpers) -> dict:
    """student -> (description, {filename: bytes}, expected score, [words expected in the reports])."""
    h = helpers
    nb_name = h.NOTEBOOK

    def wrong_everywhere(nb, prelude, say=False):
        for name in SIGNATURES:
            h.replace(nb, name, _wrong(name, say))
        return h.insert_after(nb, "code-02", prelude)

    def answering(nb, prelude):
        for name in SIGNATURES:
            h.replace(nb, name, _delegating(name, "_answer"))
        return h.insert_after(nb, "code-02", prelude)

    def patched(nb, patch):
        return h.insert_after(nb, "code-02", patch)

    return {
        # the seven that forged a grade when the kernel decided
        "c01_showtraceback": ("the stub, with showtraceback silenced and every result a success",
                              {nb_name: h.dumps(h.insert_after(stub(), "code-02", SHOWTRACEBACK))}, 0,
                              ["not written yet"]),
        # the integrity probe calls no exec: its record stays whole; the static scan names the exec
        "c02_own_exec": ("constant wrong answers and a student-defined exec",
                         {nb_name: h.dumps(wrong_everywhere(good(), OWN_EXEC))}, 0,
                         ["returned 0", "dynamic code"]),
        "c03_numpy_globals": ("constant wrong answers and numpy changed through __wrapped__.__globals__",
                              {nb_name: h.dumps(wrong_everywhere(good(), NUMPY_GLOBALS))}, 0, ["returned 0"]),
        "c04_from_memory": ("answers looked up in sys.modules (reference, fixture cache), names in pieces",
                            {nb_name: h.dumps(answering(good(), FROM_MEMORY))}, 0, ["On a hidden test"]),
        "c05_grader_frames": ("answers from frames walked by a helper whose file name holds /grader/",
                              {nb_name: h.dumps(answering(good(), GRADER_FRAMES))}, 0, ["returned 0"]),
        "c06_complex": ("constant wrong answers and builtins.complex replaced by a subclass",
                        {nb_name: h.dumps(wrong_everywhere(good(), COMPLEX))}, 0, ["returned 0"]),
        "c07_library_run_em": ("run_em answered by a course library function",
                               {nb_name: h.dumps(h.replace(good(), "run_em", LIBRARY_RUN_EM))}, 6,
                               ["run_em", "raised AttributeError"]),
        # against the exchange
        "c08_forged_payload": ("grader.check.running.run replaced: it writes 'passed' and no outcomes",
                               {nb_name: h.dumps(patched(stub(), FORGED_PAYLOAD))}, 0, ["No usable answer"]),
        "c09_replayed_visible": ("every request answered with the visible cases' expected values",
                                 {nb_name: h.dumps(patched(stub(), REPLAYED_VISIBLE))}, 0,
                                 ["On a hidden test"]),
        "c10_other_students_cases": ("m_step answers from a table of another student's hidden cases",
                                     {nb_name: h.dumps(h.replace(good(), "m_step", other_students_table()))},
                                     4, ["On a hidden test, m_step"]),
        "c11_prints_payload": ("functions print the pass line and a payload, and return wrong answers",
                               {nb_name: h.dumps(wrong_everywhere(good(), PRINTS_PAYLOAD, say=True))}, 0,
                               ["returned 0"]),
        "c12_floods_exchange": ("2000 answer files for guessed requests and a 60 MB answer of junk",
                                {nb_name: h.dumps(patched(good(), FLOODS_EXCHANGE))}, 0, ["refused"]),
        "c13_killed_mid_report": ("the kernel kills itself half-way through writing its answer",
                                  {nb_name: h.dumps(patched(good(), KILLED_MID_REPORT))}, 0,
                                  ["KernelStopped"]),
        "c14_wrong_nonce": ("honest answers handed back under another request's nonce",
                            {nb_name: h.dumps(patched(good(), WRONG_NONCE))}, 0,
                            ["not the answer to this test"]),
        "c15_extra_results": ("honest answers, each handed back twice",
                              {nb_name: h.dumps(patched(good(), EXTRA_RESULTS))}, 0,
                              ["more answers than there were cases"]),
        "c16_symlinked_answer": ("the answer file is a symbolic link to a file of right-looking answers",
                                 {nb_name: h.dumps(patched(stub(), SYMLINKED_ANSWER))}, 0, ["refused"]),
        "c17_header_bomb": ("a small answer whose header claims an 8 TB array",
                            {nb_name: h.dumps(patched(stub(), HEADER_BOMB))}, 0, ["runs past the end"]),
        "c18_deleted_function": ("m_step deleted after its cell: the check names the NameError",
                                 {nb_name: h.dumps(h.append(good(), "m_step", "del m_step\n"))}, 4,
                                 ["m_step is not defined", "raised NameError"]),
    }
