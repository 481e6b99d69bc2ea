"""Which cells a graded run must execute: the ones a grade can depend on (issue 18).

A grade depends only on the functions the test cells check (``grader.grading.verdicts``), on
the student's own cells and on the hand-graded answers.  The course's locked demonstration
cells — tokenising the whole corpus, fitting mixtures to a photo, timing tables — earn no points;
they were most of a solved notebook's grading time, and importing pyplot and the players for
them ~0.4 CPU-s of every notebook's.  Each top-level statement of a locked cell that is not
graded is a unit, skipped when nothing that runs needs a name it binds or changes:

    needed  = global names read by the student's cells, the solution and graded cells, and the
              test cells;
    a statement runs if it binds a needed name (assigns, imports, defines or deletes it) or
              changes its object (``x[i] = v``, ``x.a = v``, a method call ``x.f(...)`` on a
              name that is not imported), and then what it reads is needed too, until nothing
              changes.

A cell none of whose statements run is skipped; one some of whose statements run runs only those.
Anything the analysis cannot see through runs: a cell that does not parse, uses IPython magics
or shell escapes, ``exec``/``eval``/``globals()``/``vars()``/``locals()``/``__import__``, star
imports, or ``global`` statements.  Only locked, ungraded cells are skipped.  nbgrader restores the
master's locked cells before the run; what a student writes can only make more of them run, and a
student who marks a cell of their own as locked only keeps it from running, as deleting it would.
"""

from __future__ import annotations

import ast
import functools
from typing import NamedTuple

from grader import cells

__all__ = ["analyse", "plan", "Plan", "SKIPPED_NOTE", "PARTLY_RUN_NOTE"]

SKIPPED_NOTE = ("(Not run when the notebook is graded: nothing graded depends on this cell, and it "
                "earns no points. It runs as usual in JupyterLab.)\n")
PARTLY_RUN_NOTE = ("(Partly run when the notebook is graded: only the lines that graded cells depend on. "
                   "It runs in full in JupyterLab.)\n")
_OPAQUE = {"exec", "eval", "globals", "vars", "locals", "__import__", "get_ipython", "compile"}


def _tree(source: str) -> ast.Module | None:
    """The cell as Python, or None when the analysis cannot vouch for it."""
    if any(line.lstrip().startswith(("%", "!")) for line in source.splitlines()):
        return None  # an IPython magic or shell escape may define anything
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError):
        return None
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and node.id in _OPAQUE:
            return None
        if isinstance(node, (ast.Global, ast.Nonlocal)):
            return None
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
            return None
    return tree


_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)       # bodies that run when called
_DEFINITIONS = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)  # statements that bind their name
_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)


def _targets(node) -> set[str]:
    return {n.id for n in ast.walk(node) if isinstance(n, ast.Name)}


def _reads(node, now: set[str], later: set[str], hidden: frozenset = frozenset()) -> None:
    """Names ``node`` reads: ``now`` when it runs, ``later`` when a function it defines is called.

    ``hidden``: names local to an enclosing function, lambda or comprehension."""
    if isinstance(node, ast.Name):
        if isinstance(node.ctx, (ast.Load, ast.Del)) and node.id not in hidden:  # del needs the name too
            now.add(node.id)
        return
    if isinstance(node, _SCOPES):
        arguments = node.args
        for default in [*arguments.defaults, *arguments.kw_defaults]:
            if default is not None:
                _reads(default, now, later, hidden)
        for decorator in getattr(node, "decorator_list", []):
            _reads(decorator, now, later, hidden)
        local = {a.arg for a in [*arguments.posonlyargs, *arguments.args, *arguments.kwonlyargs,
                                 arguments.vararg, arguments.kwarg] if a is not None}
        body = node.body if isinstance(node.body, list) else [node.body]
        for statement in body:  # names bound in the body are the function's own
            local |= {n.id for n in ast.walk(statement) if isinstance(n, ast.Name)
                      and isinstance(n.ctx, (ast.Store, ast.Del))}
            local |= {n.name for n in ast.walk(statement) if isinstance(n, _DEFINITIONS)}
        inner: set[str] = set()
        for statement in body:
            _reads(statement, inner, later, hidden | local)
        later |= inner
        return
    if isinstance(node, _COMPREHENSIONS):
        local = hidden | set().union(*(_targets(g.target) for g in node.generators))
        for child in ast.iter_child_nodes(node):
            _reads(child, now, later, frozenset(local))
        return
    for child in ast.iter_child_nodes(node):
        _reads(child, now, later, hidden)


def _binds(statement) -> set[str]:
    """Names a top-level statement binds or deletes in the notebook's namespace."""
    found = set()
    stack = [statement]
    while stack:
        node = stack.pop()
        if isinstance(node, _DEFINITIONS):
            found.add(node.name)
            continue  # what a function or class body binds is its own
        if isinstance(node, ast.Lambda):
            continue
        if isinstance(node, _COMPREHENSIONS):  # only a walrus escapes a comprehension
            found |= {n.target.id for n in ast.walk(node) if isinstance(n, ast.NamedExpr)}
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, (ast.Store, ast.Del)):
            found.add(node.id)
        elif isinstance(node, (ast.Import, ast.ImportFrom)):
            found |= {(alias.asname or alias.name).split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ExceptHandler) and node.name:
            found.add(node.name)
        stack.extend(ast.iter_child_nodes(node))
    return found


def _block(statements, bound: set[str], outside: set[str], later: set[str]) -> None:
    """Walk statements in order: a name read before this cell binds it comes from outside."""
    for statement in statements:
        if isinstance(statement, (ast.For, ast.AsyncFor)):
            parts = [(statement.iter, None), (None, statement.target), (statement.body, None),
                     (statement.orelse, None)]
        elif isinstance(statement, (ast.With, ast.AsyncWith)):
            parts = [part for item in statement.items
                     for part in ((item.context_expr, None), (None, item.optional_vars))] + [(statement.body, None)]
        elif isinstance(statement, (ast.If, ast.While)):
            parts = [(statement.test, None), (statement.body, None), (statement.orelse, None)]
        elif isinstance(statement, ast.Try):
            parts = [(statement.body, None)] + [
                part for handler in statement.handlers
                for part in ((handler.type, None), (None, handler), (handler.body, None))] + [
                (statement.orelse, None), (statement.finalbody, None)]
        else:
            now: set[str] = set()
            _reads(statement, now, later)
            outside |= now - bound
            bound |= _binds(statement)
            continue
        for code, target in parts:
            if isinstance(code, list):
                _block(code, bound, outside, later)
            elif code is not None:
                now = set()
                _reads(code, now, later)
                outside |= now - bound
            if isinstance(target, ast.ExceptHandler):
                bound |= {target.name} if target.name else set()
            elif target is not None:
                bound |= _binds(target)


def analyse(source: str) -> tuple[set[str], set[str]] | None:
    """(names the cell binds, names it needs from earlier cells), or None when it cannot be told.

    A name the cell reads before binding it, or reads only inside a function and never binds,
    comes from outside; one it binds first is its own."""
    tree = _tree(source)
    if tree is None:
        return None
    bound, outside, later = set(), set(), set()
    _block(tree.body, bound, outside, later)
    return bound, outside | (later - bound)


class Plan(NamedTuple):
    """What a graded run executes of the locked, ungraded code cells.

    Attributes
    ----------
    skip : set of int
        Indices of the cells not run at all.
    partly : dict of int to str
        Index -> the source that runs instead of the cell's (only its needed statements).
    """

    skip: set
    partly: dict


def _import_bound(trees) -> set[str]:
    """Names bound by an import somewhere: modules and what was imported from them."""
    return {(alias.asname or alias.name).split(".")[0] for tree in trees for node in ast.walk(tree)
            if isinstance(node, (ast.Import, ast.ImportFrom)) for alias in node.names}


def _root(node) -> str | None:
    """``x`` for ``x``, ``x.a.b``, ``x[i].a``; None for anything else (a call's result, ...)."""
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node.id if isinstance(node, ast.Name) else None


def _changes(statement, modules: set[str]) -> set[str]:
    """Names whose objects a top-level statement may change without binding them.

    ``x[i] = v``, ``x.a += v``, ``del x[i]`` change ``x``; so may a method call ``x.f(...)``
    anywhere in the statement (``data.append(v)``, ``ax.plot(...)``), except on a module or an
    imported name (``np.mean(x)`` changes nothing of ours).  Bodies of functions run later.
    """
    found, stack = set(), [statement]
    while stack:
        node = stack.pop()
        if isinstance(node, (*_SCOPES, ast.ClassDef)):
            continue
        if isinstance(node, (ast.Attribute, ast.Subscript)) and isinstance(node.ctx, (ast.Store, ast.Del)):
            found.add(_root(node))
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            receiver = _root(node.func.value)
            if receiver not in modules:
                found.add(receiver)
        stack.extend(ast.iter_child_nodes(node))
    return found - {None}


def _statement_source(lines: list[str], statements: list, i: int) -> str:
    """The text of ``statements[i]`` (decorators included), or its unparsed form when it shares
    a line with another statement (``a = 1; b = 2``)."""
    node = statements[i]
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    alone = ((i == 0 or statements[i - 1].end_lineno < first)
             and (i + 1 == len(statements) or statements[i + 1].lineno > node.end_lineno))
    return "\n".join(lines[first - 1:node.end_lineno]) if alone else ast.unparse(node)


# A class's notebooks share their locked cells: each cell's analysis is kept per worker process
# (the ASTs are only read, never changed).
@functools.lru_cache(maxsize=4096)
def _parsed(text: str) -> tuple:
    """(:func:`analyse` of the cell, its AST), or (None, None) when it cannot be told."""
    names = analyse(text)
    return (None, None) if names is None else ((frozenset(names[0]), frozenset(names[1])), ast.parse(text))


@functools.lru_cache(maxsize=4096)
def _units(text: str, modules: frozenset) -> tuple:
    """For each top-level statement of a cell: (names it binds or changes, names it needs from
    before it); ``modules``: the notebook's imported names (a method call on one changes nothing)."""
    found = []
    for statement in _parsed(text)[1].body:
        bound, outside, later = set(), set(), set()
        _block([statement], bound, outside, later)
        found.append((frozenset(bound | _changes(statement, modules)), frozenset(outside | (later - bound))))
    return tuple(found)


def plan(notebook_cells: list) -> Plan:
    """Which locked, ungraded code cells a graded run skips, and which it runs only in part.

    Each top-level statement of such a cell is a unit: it runs when it binds or changes a name
    that something running needs (then what it reads is needed too, until nothing changes); a
    cell none of whose statements run is skipped.

    Parameters
    ----------
    notebook_cells : list of dict
        The notebook's cells, as nbgrader hands them to the Execute step (locked cells restored).
    """
    trees, candidates, needed = {}, [], set()
    for index, cell in enumerate(notebook_cells):
        text = cells.source(cell)
        if cell.get("cell_type") != "code" or not text.strip():
            continue
        names, trees[index] = _parsed(text)
        if names is None:
            return Plan(set(), {})  # a cell the analysis cannot see through may need anything
        if cells.is_locked(cell) and not cells.is_grade(cell) and not cells.is_solution(cell):
            candidates.append(index)
        else:
            needed |= names[1]
    modules = frozenset(_import_bound(trees.values()))
    units = {}  # (cell, statement) -> (names it binds or changes, names it needs from before it)
    for index in candidates:
        for i, unit in enumerate(_units(cells.source(notebook_cells[index]), modules)):
            units[index, i] = unit
    waiting = dict(units)
    changed = True
    while changed:
        changed = False
        for key, (defined, read) in list(waiting.items()):
            if defined & needed:
                needed |= read
                del waiting[key]
                changed = True
    skip, partly = set(), {}
    for index in candidates:
        statements = trees[index].body
        running = [i for i in range(len(statements)) if (index, i) not in waiting]
        if not running:
            skip.add(index)
        elif len(running) < len(statements):
            lines = cells.source(notebook_cells[index]).splitlines()
            partly[index] = "\n".join(_statement_source(lines, statements, i) for i in running) + "\n"
    return Plan(skip, partly)
