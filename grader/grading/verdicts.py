"""Verdicts decided in the grader's own process, never in the student's kernel.

When a notebook is graded, a test cell is not executed in the kernel.  Its ``check`` calls are
read from the master's source (:func:`parse_test_cell`); for each, the grader makes the cases
(:func:`prepare`: the visible ones from its own fixtures, the hidden ones from a seed of the
course secret, the student and the exercise), the kernel only runs the student's function on
them (``grader.check.running``) and sends back the outcomes, and :func:`judge` compares them
here with the reference's answers and the named mistakes, through the same
``grader.check.judging.judge_case`` the visible checks use in JupyterLab.  Nothing the kernel
does can change an expected value, the comparison or the verdict; it can only choose what its
function returned.

Authors running a master notebook in their own checkout get the same hidden checks in-process
(:func:`check_here`, what ``check(..., hidden=True)`` calls), on the fixed hidden cases.
"""

from __future__ import annotations

import ast
import hashlib
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from grader.check import transport, visible_cases
from grader.check.calling import call_once, outcome_problem
from grader.check.custom_differences import difference_for
from grader.check.judging import Rules, judge_case
from grader.check.messages import CheckFailed
from grader.check.mistakes import distinct_mistakes

__all__ = ["Check", "UngradableTest", "parse_test_cell", "course_secret", "read_secret", "hidden_rng", "Request",
           "prepare", "Verdict", "judge", "run_source", "check_here", "SECRET_FILE"]

SECRET_FILE = "course_secret"  # in the course folder: generated once, never in the repository
SLACK_SECONDS = 10.0           # wall-clock allowance per check beyond the cases' time limits


class UngradableTest(ValueError):
    """A test cell that is not only ``check`` calls, so the grader cannot decide it by itself."""


@dataclass(frozen=True)
class Check:
    """One ``check(exercise_id, function, hidden=...)`` call of a test cell."""

    exercise_id: str
    function: str   # the name the cell passes, looked up in the student's namespace
    hidden: bool


def parse_test_cell(source: str) -> list[Check]:
    """The checks a test cell makes, in order.

    A gradable test cell holds only a docstring, ``from grader.check import check`` and calls
    ``check("<topic>.<function>", <name>)`` or ``check(..., <name>, hidden=True)`` (nbgrader's
    ``### BEGIN/END HIDDEN TESTS`` markers are comments).

    Raises
    ------
    UngradableTest
        Anything else, with the reason.
    """
    try:
        tree = ast.parse(source)
    except SyntaxError as error:
        raise UngradableTest(f"the test cell is not valid Python ({error.msg})") from None
    found = []
    for node in tree.body:
        if isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant) and isinstance(node.value.value, str):
            continue  # the docstring: "name (N points)"
        if isinstance(node, ast.ImportFrom) and node.module == "grader.check" and \
                [(a.name, a.asname) for a in node.names] == [("check", None)]:
            continue
        call = node.value if isinstance(node, ast.Expr) else None
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id == "check"
                and len(call.args) == 2 and isinstance(call.args[0], ast.Constant)
                and isinstance(call.args[0].value, str) and isinstance(call.args[1], ast.Name)
                and all(k.arg == "hidden" and isinstance(k.value, ast.Constant)
                        and isinstance(k.value.value, bool) for k in call.keywords)):
            raise UngradableTest(f"line {getattr(node, 'lineno', '?')} of the test cell is not a "
                                 "check(\"topic.function\", function[, hidden=True]) call")
        hidden = any(k.value.value for k in call.keywords)
        found.append(Check(call.args[0].value, call.args[1].id, hidden))
    if not found:
        raise UngradableTest("the test cell makes no check")
    return found


def course_secret(root: Path) -> bytes:
    """The course's secret (``root/course_secret``), made once on first use.

    Hidden cases are drawn from it: delete the file to give next year's class new ones.
    """
    path = Path(root) / SECRET_FILE
    if not path.exists():
        Path(root).mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as file:
            file.write(secrets.token_hex(32) + "\n")
    return read_secret(path)


def read_secret(path) -> bytes:
    """The secret in the file ``path`` (made by :func:`course_secret`)."""
    text = Path(path).read_text().strip()
    if len(text) < 32:
        raise ValueError(f"{path} is too short to be a course secret; delete it to make a new one")
    return text.encode()


def hidden_rng(secret: bytes, student: str, exercise_id: str) -> np.random.Generator:
    """The generator of one student's hidden cases of one exercise: same inputs, same cases."""
    digest = hashlib.sha256(b"\0".join([secret, student.encode(), exercise_id.encode()])).digest()
    return np.random.default_rng(int.from_bytes(digest[:16], "little"))


@dataclass
class Request:
    """The cases of one check and how to judge them."""

    check: Check
    rules: Rules
    cases: list[tuple]
    expected: Callable[[int], object]      # case index -> right answer
    wrong_answers: Callable[[int], dict]   # case index -> mistake name -> wrong answer
    batches: dict = field(default_factory=dict)  # case index -> (repeated case's number, rows)

    @property
    def budget(self) -> float:
        """Wall-clock seconds the kernel may take for all the cases."""
        return len(self.cases) * self.rules.seconds + SLACK_SECONDS

    def message(self) -> dict:
        """What the kernel is given: the inputs and the time limit, nothing else."""
        return {"cases": [list(args) for args in self.cases], "seconds": self.rules.seconds}


def prepare(check: Check, secret: bytes | None = None, student: str | None = None) -> Request:
    """Make the cases of a check (hidden ones from the secret and the student, if given)."""
    if not check.hidden:
        rules, cases = visible_cases.rules_and_cases(check.exercise_id)
        return Request(check, rules, [tuple(c["args"]) for c in cases],
                       lambda i: cases[i]["expected"],
                       lambda i: visible_cases.wrong_answers(check.exercise_id, cases[i]),
                       {i: c["batch"] for i, c in enumerate(cases) if "batch" in c})
    from grader.authoring import catalogue
    from grader.authoring.schema import case_rng

    exercise = catalogue.get(check.exercise_id)
    rng = case_rng(exercise.id, "hidden") if secret is None else hidden_rng(secret, student or "", exercise.id)
    cases = [tuple(args) for args in exercise.hidden_cases(rng)]
    differ = difference_for(exercise.checker)
    try:
        visible = [c["args"] for c in visible_cases.load(check.exercise_id)["cases"]]
    except KeyError:  # an exercise without frozen visible cases (yet): no comparison of sizes
        visible = []
    rules = Rules(exercise.function, exercise.arg_names, differ, exercise.rtol, exercise.atol,
                  exercise.time_limit, {m.name: m.hint for m in exercise.mistakes}, visible_args=visible)
    answers: dict[int, object] = {}

    def expected(i):
        if i not in answers:
            answers[i] = exercise.reference(*cases[i])
        return answers[i]

    def wrong_answers(i):
        computed = {m.name: m.compute(*cases[i]) for m in exercise.mistakes}
        return distinct_mistakes(computed, expected(i), differ, exercise.rtol, exercise.atol)

    return Request(check, rules, cases, expected, wrong_answers)


@dataclass(frozen=True)
class Verdict:
    """A check's result: passed, or the one message the student reads (``usable=False``: no
    usable answer came back, which the instructor's report shows as such)."""

    passed: bool
    message: str
    usable: bool = True
    detail: str = ""   # for the instructor's report only (e.g. the grader's own error)


def _outcome_is_well_formed(outcome) -> bool:
    if not isinstance(outcome, dict):
        return False
    keys = set(outcome)
    if keys == {"value"}:
        return True
    if keys == {"value", "changed"}:  # argument indices, as grader.check.calling writes them
        changed = outcome["changed"]
        return isinstance(changed, list) and 0 < len(changed) <= 64 and all(
            type(i) is int and 0 <= i < 64 for i in changed)
    if keys in ({"not_written"}, {"too_slow"}, {"undefined"}):
        return next(iter(outcome.values())) is True
    return keys in ({"raised", "message"}, {"raised", "message", "where"}) and all(
        isinstance(v, str) and len(v) <= 500 for v in outcome.values())


def judge(request: Request, answer, nonce: str, seconds: float = 0.0) -> Verdict:
    """Judge what the kernel sent back for ``request`` (untrusted data) in this process.

    Parameters
    ----------
    request : Request
    answer : object
        The decoded answer file; None when none came back; the TransportError that refused it.
    nonce : str
        The request's random name; the answer must carry it.
    seconds : float
        Wall-clock time the kernel took, measured by the grader.
    """
    name, rules = request.check.function, request.rules

    def unusable(why):
        return Verdict(False, f"No usable answer came back from {name} for this test ({why}), so it "
                              "scores 0. Run your whole notebook from the top and check that it finishes.",
                       usable=False)

    hidden = request.check.hidden
    if seconds > request.budget:  # the kernel's own time limit was switched off, or it hung
        problem = outcome_problem(rules.name, rules.arg_names, request.cases[0], {"too_slow": True}, rules.seconds)
        return Verdict(False, ("On a hidden test, " if hidden else "") + problem)
    if answer is None:
        return unusable("the kernel wrote none")
    if isinstance(answer, transport.TransportError):
        return unusable(f"its file was refused: {answer}")
    if not isinstance(answer, dict) or answer.get("nonce") != nonce:
        return unusable("it is not the answer to this test")
    outcomes = answer.get("outcomes")
    if not isinstance(outcomes, list) or not outcomes or not all(map(_outcome_is_well_formed, outcomes)):
        return unusable("it is malformed")
    if len(outcomes) > len(request.cases):
        return unusable("it holds more answers than there were cases")
    failed_before_end = any("value" not in o for o in outcomes[:-1])
    if failed_before_end or (len(outcomes) < len(request.cases) and "value" in outcomes[-1]):
        return unusable("it holds fewer answers than there were cases")
    for i, outcome in enumerate(outcomes):
        failed = judge_case(rules, request.cases[i], outcome, request.expected(i),
                            lambda: request.wrong_answers(i), hidden=hidden, batch=request.batches.get(i))
        if failed:
            return Verdict(False, str(failed))
    kind = "hidden" if hidden else "visible"
    return Verdict(True, "" if hidden else f"{rules.name}: all {len(request.cases)} {kind} tests pass.")


def run_source(folder: str, nonce: str, check: Check) -> str:
    """The code the kernel executes in place of one check: run the function, write the outcomes."""
    return (f'__import__("grader.check.running", fromlist=["run"]).run('
            f"{folder!r}, {nonce!r}, lambda: {check.function}, {check.function!r})")


def check_here(exercise_id: str, student_fn) -> None:
    """The hidden check run in this process, on the fixed hidden cases (authors, masters)."""
    __tracebackhide__ = True
    request = prepare(Check(exercise_id, exercise_id.split(".", 1)[1], True))
    outcomes = []
    for args in request.cases:
        outcomes.append(call_once(student_fn, args, request.rules.seconds))
        if "value" not in outcomes[-1]:
            break
    verdict = judge(request, {"nonce": "here", "outcomes": outcomes}, "here")
    if not verdict.passed:
        raise CheckFailed(verdict.message)
