"""The self-study site: every master executed and rendered to HTML, in course order.

``python -m grader.authoring.site --out site`` (or ``make site``) writes::

    site/index.html                      the notebooks in order, with links
    site/NN-topic.html                   the executed master (solutions shown)
    site/notebooks/NN-topic/*.ipynb      the student version, to download and work on

Notebooks run with ``GENLAB_STATIC=1``, so every EM player is rendered as pre-drawn
frames with a plain HTML Play button and slider: they move in the browser without a
kernel and without any widget JavaScript from the network.
"""

from __future__ import annotations

import argparse
import html
import os
import re
import shutil
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient
from nbconvert import HTMLExporter

from grader import course
from grader.samples import strip_solution_markers

__all__ = ["build"]

_HIDDEN = re.compile(r"^[ \t]*### BEGIN HIDDEN TESTS.*?### END HIDDEN TESTS[ \t]*\n?", re.MULTILINE | re.DOTALL)


def _readable(nb) -> None:
    """Drop solution markers and hidden-test blocks: the site shows the worked answers plainly."""
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = _HIDDEN.sub("", strip_solution_markers(cell.source)).rstrip()


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def build(out: Path, root: Path = course.REPO, timeout: int = 120, only=None) -> list[Path]:
    """Execute the masters (all, or the assignments named in ``only``) and write the site
    into ``out``; return the pages written."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    # The kernels inherit these: static players, and figures inline whatever the caller set.
    kernel_env = {"GENLAB_STATIC": "1", "MPLBACKEND": "module://matplotlib_inline.backend_inline"}
    saved = {name: os.environ.get(name) for name in kernel_env}
    os.environ.update(kernel_env)
    try:
        return _build(out, root, timeout, only)
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


def _build(out, root, timeout, only):
    exporter = HTMLExporter(template_name="lab")
    entries, pages = [], []
    for name in course.assignments(root):
        if only is not None and name not in only:
            continue
        for master in sorted((root / course.SOURCE / name).glob("*.ipynb")):
            nb = nbformat.read(master, as_version=4)
            _readable(nb)
            start = time.perf_counter()
            NotebookClient(nb, timeout=timeout, kernel_name="python3",
                           resources={"metadata": {"path": str(master.parent)}}).execute()
            seconds = time.perf_counter() - start
            title = _title(nb, name)
            body, _ = exporter.from_notebook_node(nb, resources={"metadata": {"name": title}})
            page = out / f"{name}.html"
            page.write_text(body)
            pages.append(page)
            student = root / course.RELEASE / name / master.name
            link = None
            if student.exists():
                target = out / "notebooks" / name / master.name
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(student, target)
                link = f"notebooks/{name}/{master.name}"
            entries.append((name, title, page.name, link))
            print(f"{name}: executed in {seconds:.1f} s -> {page.name}")
    (out / "index.html").write_text(_index(entries))
    return pages


def _index(entries) -> str:
    items = []
    for name, title, page, link in entries:
        student = f' · <a href="{html.escape(link)}">student notebook</a>' if link else ""
        items.append(f'<li><a href="{html.escape(page)}">{html.escape(title)}</a>{student}</li>')
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Generative models: the course</title>
<style>body{{font-family:sans-serif;max-width:46em;margin:2em auto;line-height:1.5}}li{{margin:.4em 0}}</style>
</head><body>
<h1>Generative models: the course</h1>
<p>Each notebook below is a worked, executed solution. To learn, download the student notebook, fill in
the functions yourself and run its tests; read the solution after you have tried.</p>
<ol>
{chr(10).join(items)}
</ol>
</body></html>
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.authoring.site", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="site", help="folder to write (default: %(default)s)")
    args = parser.parse_args(argv)
    pages = build(Path(args.out))
    print(f"wrote {len(pages)} pages and index.html to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
