"""Integrity report: a static scan of each submission plus a run-time proof about its checks.

Run-time proof (collected by ``grader.grading.sandbox_execute.SandboxExecute`` after every code
cell): the probe below runs silently in the student's kernel and fingerprints, through
``sys.modules`` as the test cell saw them, every object a check relies on: the functions of every
``grader.check`` module and of the exercise catalogue and schema, the numpy and builtin
functions the comparison calls, the exercises (reference function, hidden-case generator,
tolerances), every ``genlab.reference`` function and the loaded fixtures.  The same code computes
the expected fingerprints in the grader's own process, from modules no student touched.  The
probe also drains the sandbox's audit hook: frame inspection, reads of the grader's files,
processes, sockets.

A *test* cell whose fingerprints differ, or during which student code inspected frames or read
the grader's files, is not credited: it gets an ``IntegrityError`` output (so nbgrader scores it
0) and the instructor sees why in ``integrity.csv`` and the instructor report; formgrader can
give the points back.  Everything else found (static patterns, events outside test cells) is
reported only: no automatic deduction.

The proof is as strong as a check made inside the student's own process can be: code that
rewrites the probe's tools too (``hashlib``, ``compile``, the audit record) could forge it.  The
static scan is there to make such code visible to a person.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache

from grader import cells

__all__ = ["PROBE_CODE", "PROBE_EXPRESSION", "expected_fingerprints", "judge", "withheld_message",
           "scan_notebook", "WITHHOLD_EVENTS"]

# The fingerprinting function: the very same source runs in the kernel and in the grader.
_FINGERPRINT = r'''
def _genlab_fingerprints(deep, user_ns):
    import sys, types, hashlib, json as _json
    modules = sys.modules
    def code_hash(co):
        h = hashlib.sha256(co.co_code)
        h.update(repr((co.co_names, co.co_varnames, co.co_freevars)).encode())
        for c in co.co_consts:
            h.update(code_hash(c).encode() if isinstance(c, types.CodeType) else repr(c).encode())
        return h.hexdigest()[:20]
    def fp(obj):
        if isinstance(obj, types.FunctionType):
            mod = modules.get(obj.__module__)
            own = mod is not None and obj.__globals__ is getattr(mod, "__dict__", None)
            return "py:%s:%s:%s:%s" % (obj.__module__, obj.__qualname__, code_hash(obj.__code__),
                                       "g" if own else "foreign-globals")
        if isinstance(obj, types.BuiltinFunctionType):
            return "c:%s.%s" % (getattr(obj, "__module__", None), obj.__name__)
        if type(obj).__name__ == "ufunc":
            return "ufunc:%s:%s" % (type(obj).__module__, obj.__name__)
        if isinstance(obj, (types.MethodType, staticmethod, classmethod)):
            return "m:" + fp(obj.__func__)
        if isinstance(obj, type):
            return "type:%s.%s" % (obj.__module__, obj.__qualname__)
        if callable(obj) and hasattr(type(obj), "__call__") and hasattr(obj, "__wrapped__"):
            return "wrapped:" + fp(obj.__wrapped__)
        return "object:%s" % type(obj).__name__
    out = {}
    def module_functions(name):
        mod = modules.get(name)
        if mod is None:
            return
        origin = getattr(getattr(mod, "__spec__", None), "origin", None)
        out[name + ":__origin__"] = str(origin).rsplit("/", 3)[-3:] if origin else None
        for key, value in sorted(vars(mod).items()):
            if isinstance(value, (types.FunctionType, types.BuiltinFunctionType)) or type(value).__name__ == "ufunc":
                out[name + "." + key] = fp(value)
    for name in ("grader", "grader.check", "grader.check.verdict", "grader.check.calling",
                 "grader.check.messages", "grader.check.difference", "grader.check.custom_differences",
                 "grader.check.mistakes", "grader.check.visible_cases", "grader.check.json_values",
                 "grader.check.hidden", "grader.authoring.catalogue", "grader.authoring.schema"):
        module_functions(name)
    custom = modules.get("grader.check.custom_differences")
    if custom is not None:
        for key, value in sorted(getattr(custom, "CUSTOM", {}).items()):
            out["CUSTOM." + key] = fp(value)
    np = modules.get("numpy")
    if np is not None:
        for key in ("abs", "all", "any", "allclose", "isclose", "array_equal", "asarray", "array",
                    "isfinite", "isnan", "issubdtype", "log", "max", "min", "sort", "sqrt",
                    "searchsorted", "concatenate", "argwhere", "exp", "sum", "shape", "ndim",
                    "float64", "ndarray", "bool_", "floating", "inexact", "number", "errstate"):
            if hasattr(np, key):
                out["numpy." + key] = fp(getattr(np, key))
    import builtins
    for key in ("isinstance", "callable", "len", "repr", "type", "abs", "min", "max", "zip", "float",
                "int", "str", "getattr", "hasattr", "range", "sorted", "__import__", "next", "iter",
                "bool", "dict", "list", "tuple", "set", "any", "all", "enumerate"):
        out["builtins." + key] = fp(getattr(builtins, key, None))
    copy = modules.get("copy")
    if copy is not None:
        out["copy.deepcopy"] = fp(copy.deepcopy)
    if deep:
        for name in sorted(modules):
            if name.startswith("genlab.reference."):
                module_functions(name)
            if name.startswith("grader.authoring.exercises.") and modules[name] is not None:
                for ex in getattr(modules[name], "EXERCISES", []) or []:
                    key = "exercise:" + str(getattr(ex, "id", "?"))
                    try:
                        out[key] = "|".join([fp(ex.reference), fp(ex.hidden_cases), fp(ex.visible_cases),
                                             repr((ex.rtol, ex.atol, ex.time_limit, ex.checker, ex.arg_names)),
                                             ",".join(fp(m.compute) for m in ex.mistakes)])
                    except Exception as error:
                        out[key] = "broken:" + type(error).__name__
        fixtures = modules.get("grader.check.visible_cases")
        values = modules.get("grader.check.json_values")
        if fixtures is not None and values is not None:
            for topic, doc in sorted(dict(getattr(fixtures, "_cache", {})).items()):
                try:
                    text = _json.dumps(values.encode(doc), sort_keys=True, default=repr)
                    out["fixtures:" + topic] = hashlib.sha256(text.encode()).hexdigest()[:20]
                except Exception as error:
                    out["fixtures:" + topic] = "broken:" + type(error).__name__
    if user_ns is not None and "check" in user_ns:
        real = getattr(modules.get("grader.check.verdict"), "check", None)
        out["namespace:check"] = "original" if user_ns["check"] is real else fp(user_ns["check"])
    return out
'''

# Sent to the kernel (silently) after each code cell; the result comes back in user_expressions.
_PROBE = _FINGERPRINT + r'''
def _genlab_probe(deep, user_ns, token):
    import sys, json
    report = {"token": token}
    if deep:
        try:
            report["fingerprints"] = _genlab_fingerprints(deep, user_ns)
        except Exception as error:
            report["error"] = "%s: %s" % (type(error).__name__, error)
    store = sys.modules.get("_genlab_audit")
    if store is None:
        report["audit"] = None
    else:
        report["audit"] = list(store.events)
        del store.events[:]
    return json.dumps(report, default=repr)
'''
PROBE_CODE = ("_genlab_ns = {}\n"
              f"exec(compile({_PROBE!r}, '<genlab-probe>', 'exec'), _genlab_ns)\n"
              "get_ipython().user_ns['_genlab_probe_fn'] = _genlab_ns['_genlab_probe']\n"
              "del _genlab_ns\n")


def PROBE_EXPRESSION(deep: bool, token: str) -> str:  # noqa: N802 - reads like a constant at the call site
    """The expression whose value is the probe's report; ``token`` is a fresh random string that
    the report must carry back (a report that was not made by this probe, now, lacks it)."""
    return f"get_ipython().user_ns.pop('_genlab_probe_fn')({bool(deep)!r}, get_ipython().user_ns, {token!r})"


# Events that void a test cell's result: it looked for answers.
WITHHOLD_EVENTS = {"sys._getframe", "sys._current_frames", "object.__getattr__", "gc.get_referrers",
                   "gc.get_referents", "gc.get_objects"}


@lru_cache(maxsize=1)
def _expected_cached() -> str:
    import grader  # noqa: F401
    import grader.check.hidden  # noqa: F401 - fingerprinted like the rest of the checker
    from grader.authoring import catalogue
    from grader.check import visible_cases

    for topic in catalogue.topics():
        topic_exercises = catalogue.exercises(topic)  # imports grader.authoring.exercises.<topic>
        if topic_exercises:
            visible_cases.load(topic_exercises[0].id)  # loads (and caches) the topic's fixtures
    namespace: dict = {}
    exec(compile(_FINGERPRINT, "<genlab-fingerprint>", "exec"), namespace)
    return json.dumps(namespace["_genlab_fingerprints"](True, None))


def expected_fingerprints() -> dict:
    """Fingerprints computed in the grader's own, untouched process."""
    return json.loads(_expected_cached())


def judge(report: dict, expected: dict, deep: bool, token: str | None = None) -> dict:
    """Compare a probe report with the expected fingerprints; decide whether to withhold."""
    problems = []
    if token is not None and report.get("token") != token and "error" not in report:
        problems.append("no proof: the probe's report does not carry this run's token")
    if "error" in report:
        problems.append(f"no proof: {report['error']}")
    got = report.get("fingerprints") or {}
    for key, value in sorted(got.items()):
        if key == "namespace:check":
            if value != "original":
                problems.append(f"`check` in the notebook is not grader.check ({value})")
            continue
        if key in expected and expected[key] != value:
            problems.append(f"{key} was replaced ({str(value)[:80]})")
    if deep and "grader.check.verdict.check" not in got and "error" not in report:
        problems.append("grader.check is not loaded: the test cell did not run the checker")
    if report.get("audit", []) is None:
        problems.append("the sandbox's audit record is missing")
    events = [[str(part) for part in e][:2] for e in (report.get("audit") or []) if isinstance(e, (list, tuple))]
    looked = [e for e in events if e[0] in WITHHOLD_EVENTS or
              (e[0] == "open" and e[1].startswith("read "))]
    withhold = deep and bool(problems or looked)
    return {"problems": problems, "events": events, "withhold": withhold}


def withheld_message(record: dict) -> str:
    why = record["problems"][:2] + [f"{e[0]}: {e[1]}" for e in record["events"][:2]]
    return ("points withheld for the instructor's review: the check's result cannot be trusted ("
            + "; ".join(why) + ")")


# ---------------------------------------------------------------- static scan

_PATTERNS = [
    ("redefines check", re.compile(r"^\s*(def\s+check\b|check\s*=|from\s+\S+\s+import\s+.*\bas\s+check\b)", re.M)),
    ("touches the grader's modules", re.compile(r"\bgrader\s*\.\s*(check|authoring|grading)\s*(\.|=)|"
                                                 r"\bimport\s+grader\b|from\s+grader\.(authoring|grading|check\.\w+)\b")),
    ("imports the reference solutions", re.compile(r"genlab\s*\.\s*reference|from\s+genlab\s+import\s+reference")),
    ("patches numpy", re.compile(r"\b(np|numpy)(\.testing)?\s*\.\s*\w+\s*=[^=]|setattr\s*\(\s*(np|numpy)\b")),
    ("edits sys.modules or builtins", re.compile(r"sys\s*\.\s*modules\s*(\[|\.\s*(pop|update|clear|__setitem__))|\bbuiltins\s*\.\s*\w+\s*=|__builtins__")),
    ("inspects frames", re.compile(r"\b(inspect\s*\.\s*(currentframe|stack|getouterframes)|_getframe|f_back|f_locals|f_globals|tb_frame|gc\s*\.\s*get_(referrers|objects))")),
    ("ends the kernel", re.compile(r"\b(os\s*\.\s*_exit|sys\s*\.\s*exit|os\s*\.\s*kill|quit\s*\(|exit\s*\()")),
    ("starts processes", re.compile(r"\b(os\s*\.\s*(fork|system|popen|exec\w*|spawn\w*)|subprocess|multiprocessing)\b")),
    ("shell escape or cell magic", re.compile(r"^\s*(!|%%(bash|sh|script|system|writefile)|%(system|sx)\b)", re.M)),
    ("network", re.compile(r"\b(socket|urllib|requests|http\.client|httpx|ftplib|smtplib)\b")),
    ("signals or time limits", re.compile(r"\bsignal\s*\.\s*(signal|setitimer|alarm|pthread_sigmask)")),
    ("reads or writes files by path", re.compile(r"\bopen\s*\(|\.write_(text|bytes)\s*\(|shutil\.|os\s*\.\s*(remove|unlink|rename|chmod)")),
    ("dynamic code", re.compile(r"\b(exec|eval|compile)\s*\(|__import__|importlib")),
]


def scan_notebook(nb: dict, master: dict | None = None) -> list[str]:
    """Flags from the submitted notebook's own code (before nbgrader restores test cells)."""
    flags = []
    master_cells = {cells.grade_id(c): c for c in (master or {}).get("cells", []) if cells.grade_id(c)}
    seen_tests = set()
    for index, cell in enumerate(nb.get("cells", [])):
        if not isinstance(cell, dict) or cell.get("cell_type") != "code":
            continue
        grade_id = cells.grade_id(cell)
        where = grade_id or f"cell {index}"
        if cells.is_test(cell):
            seen_tests.add(grade_id)
            if grade_id in master_cells:
                visible = cells.visible_part(cells.source(master_cells[grade_id]))
                if cells.source(cell).rstrip() != visible and visible not in cells.source(cell):
                    flags.append(f"{where}: test cell edited (restored from the master before grading)")
            continue
        text = cells.source(cell)
        for name, pattern in _PATTERNS:
            if pattern.search(text):
                flags.append(f"{where}: {name}")
    for grade_id, cell in master_cells.items():
        if cells.is_test(cell) and grade_id not in seen_tests:
            flags.append(f"{grade_id}: test cell deleted (restored from the master before grading)")
    kernelspec = nb.get("metadata", {}).get("kernelspec", {}) if isinstance(nb.get("metadata"), dict) else {}
    wanted = (master or {}).get("metadata", {}).get("kernelspec", {})
    if master and kernelspec.get("name") != wanted.get("name"):
        flags.append(f"notebook: kernelspec changed to {kernelspec.get('name')!r} (ignored: graded in the sandbox)")
    return flags
