"""Execute a notebook in a fresh kernel and read its results (shared by the notebook tests)."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbclient import NotebookClient


def execute(path: Path, timeout: int = 60):
    """Run every cell of ``path`` in its own folder, errors allowed; return the notebook."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            resources={"metadata": {"path": str(Path(path).parent)}})
    client.execute()
    return nb


def grade_id(cell) -> str | None:
    return cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")


def errors(nb) -> dict[str, tuple[str, str]]:
    """cell key (grade_id, or index) -> (ename, evalue) of every cell that raised."""
    found = {}
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                found[grade_id(cell) or f"cell {index}"] = (output["ename"], output["evalue"])
    return found


def autograded_test_cells(nb) -> list:
    """Cells nbgrader grades automatically: grade=True and solution=False."""
    cells = []
    for cell in nb.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        if meta.get("grade") and not meta.get("solution") and cell.cell_type == "code":
            cells.append(cell)
    return cells


def masters(repo: Path) -> list[Path]:
    return sorted((repo / "solutions").glob("*/*.ipynb"))
