"""The student bundle: everything a student needs, and no answers.

``python -m grader bundle --out DIR`` writes ``genlab-student.zip`` holding:

* ``notebooks/``   the student versions (solutions cleared, hidden tests removed);
* ``datasets/``    the data files;
* ``genlab/``      the course library without ``genlab/reference/`` (the reference solutions);
* ``grader/check/`` only what the visible checks need: ``check``, its comparison code and the
  fixtures (visible cases only; hidden cases are generated when grading, from modules that are
  not in the bundle), and ``grader/__init__.py``;
* ``pyproject.toml`` and ``README.md`` for the student (``pip install -e .``).

Left out: ``solutions/``, ``genlab/reference/``, ``grader/authoring/`` (the exercises),
``grader/grading/`` (pipeline, sandbox, integrity, ...), tests and benchmarks.  The archive is checked before it is
written: no file may contain a line of a master's solution or hidden tests.
"""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

from grader import cells, course

__all__ = ["CHECK_FOLDER", "build", "forbidden_lines", "leaks", "members"]

# The grader the visible checks import, and nothing else: grader/check/ is exactly that folder.
CHECK_FOLDER = "grader/check"
EXCLUDED_DIRS = {"__pycache__", ".ipynb_checkpoints", "reference"}

PYPROJECT = """[build-system]
requires = ["setuptools>=68"]
build-backend = "setuptools.build_meta"

[project]
name = "genlab-student"
version = "0.1.0"
description = "Generative models course: student notebooks, library and visible checks"
requires-python = ">=3.10"
dependencies = ["jupyterlab>=4.2,<5", "nbgrader>=0.9.6,<0.10", "ipywidgets>=8.1,<9", "matplotlib>=3.8",
                "numpy>=1.26"]

[tool.setuptools.packages.find]
include = ["genlab*", "grader*"]

[tool.setuptools.package-data]
"grader.check" = ["fixtures/*.json"]
"""

README = """# Generative models: student bundle

1. `python -m venv .venv && .venv/bin/pip install -e .`
2. `JUPYTER_CONFIG_PATH=jupyter/student .venv/bin/jupyter lab notebooks/` (the student view: nbgrader's
   Validate button and assignment list, without the instructor's tools)
3. In each notebook, replace every `raise NotImplementedError()` with your code, run that cell,
   then the test cell under it: it tells you what is right and, when it can, which mistake you made.

The test cells run the visible checks.  Your grade also uses hidden cases, so a function that
only handles the visible examples will not get full marks.
"""


def members(root: Path = course.REPO) -> dict[str, Path]:
    """archive name -> file, for everything the bundle holds."""
    root = Path(root)
    found: dict[str, Path] = {}

    def add_tree(folder: Path, skip=EXCLUDED_DIRS):
        for path in sorted(folder.rglob("*")):
            rel = path.relative_to(root)
            if path.is_file() and not (set(rel.parts) & skip) and path.suffix not in (".pyc",):
                found[str(rel)] = path

    add_tree(root / course.RELEASE)
    if (root / "datasets").exists():
        add_tree(root / "datasets")
    add_tree(root / "genlab")
    add_tree(root / "jupyter" / "student")  # the student view of JupyterLab (jupyter/README.md)
    found["grader/__init__.py"] = root / "grader" / "__init__.py"
    add_tree(root / CHECK_FOLDER)
    return found


def _normal(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def forbidden_lines(root: Path = course.REPO, window: int = 3) -> set[str]:
    """What must not be in the bundle: every hidden-test line, and every run of ``window``
    consecutive lines of a master's solution that the student version does not show.

    Whitespace is normalised and comments dropped; runs are joined with newlines.
    """
    root = Path(root)
    student = "\n".join("\n".join(_normal(cells.source(cell))) for nb in (root / course.RELEASE).glob("*/*.ipynb")
                         for cell in json.loads(nb.read_text())["cells"])
    found = set()
    for master in (root / course.SOURCE).glob("*/*.ipynb"):
        for cell in json.loads(master.read_text())["cells"]:
            source = cells.source(cell)
            for block in cells.hidden_blocks(source):
                found.update(line for line in _normal(block) if len(line) > 8)
            for block in re.findall(r"### BEGIN SOLUTION\n(.*?)### END SOLUTION", source, re.S):
                lines = _normal(block)
                for i in range(len(lines) - window + 1):
                    run = "\n".join(lines[i:i + window])
                    if run not in student:
                        found.add(run)
    return found


def leaks(text: str, forbidden: set[str]) -> list[str]:
    """The forbidden lines or runs found in ``text``."""
    normal = "\n".join(_normal(text))
    return [item for item in forbidden if item in normal]


def build(out: Path, root: Path = course.REPO, name: str = "genlab-student.zip") -> Path:
    """Write the bundle into ``out``; refuse if any file holds a solution or hidden-test line."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    files = members(root)
    forbidden = forbidden_lines(root)
    for arcname, path in files.items():
        if path.suffix in (".py", ".ipynb", ".json", ".md", ".txt"):
            if path.suffix == ".ipynb":
                text = "\n".join(cells.source(c) for c in json.loads(path.read_text())["cells"])
            else:
                text = path.read_text(errors="replace")
            found = leaks(text, forbidden)
            if found:
                raise RuntimeError(f"{arcname} holds answer code, e.g. {found[0]!r}: not bundled")
    target = out / name
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for arcname, path in sorted(files.items()):
            info = zipfile.ZipInfo(arcname, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, path.read_bytes())
        for arcname, text in (("pyproject.toml", PYPROJECT), ("README.md", README)):
            info = zipfile.ZipInfo(arcname, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, text)
    return target
