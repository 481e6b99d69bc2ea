"""The house rules a newcomer relies on: imports run one way, and modules stay small."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
MODULES = sorted(p for folder in ("grader", "genlab", "benchmarks") for p in (REPO / folder).rglob("*.py"))
# The one import that runs upward: check(hidden=True) runs the grading side's check_here, in an author's checkout.
KNOWN_UPWARD = {("grader/check/verdict.py", "grader.grading")}


def _imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def _room(module: str) -> str | None:
    for room in ("grader.check", "grader.authoring", "grader.grading", "genlab.reference", "genlab"):
        if module == room or module.startswith(room + "."):
            return room
    return "grader" if module.startswith("grader") else None


# room -> rooms it may import (besides itself, the standard library and third-party packages)
ALLOWED = {
    "grader.check": set(),
    "grader.authoring": {"grader", "grader.check", "genlab.reference", "genlab"},
    "grader.grading": {"grader", "grader.check", "grader.authoring", "genlab"},  # genlab: where its files are
    "grader": {"grader.check", "grader.authoring", "grader.grading"},
    "genlab.reference": set(),
    "genlab": {"genlab.reference"},
}


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO)))
def test_imports_run_one_way(path):
    rel = path.relative_to(REPO).as_posix()
    if rel.startswith("benchmarks/"):
        return
    own = _room(rel[:-3].replace("/", ".").removesuffix(".__init__"))
    bad = {m for m in _imports(path) if _room(m) not in (None, own) and _room(m) not in ALLOWED[own]
           and (rel, _room(m)) not in KNOWN_UPWARD}
    assert not bad, f"{rel} ({own}) imports {sorted(bad)}"


def test_the_course_library_never_imports_the_grader():
    for path in MODULES:
        rel = path.relative_to(REPO).as_posix()
        if rel.startswith("genlab/"):
            assert not any(m.startswith("grader") for m in _imports(path)), rel


@pytest.mark.parametrize("path", MODULES, ids=lambda p: str(p.relative_to(REPO)))
def test_every_module_has_at_most_400_lines(path):
    assert len(path.read_text().splitlines()) <= 400
