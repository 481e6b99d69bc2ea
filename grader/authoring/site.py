"""The self-study site: every master executed and rendered to HTML, in course order.

``python -m grader.authoring.site --out site`` (or ``make site``) writes::

    site/index.html                      the notebooks in order, what each teaches, links
    site/NN-topic.html                   the executed master: contents, previous / next,
                                         each worked answer behind "show the answer"
    site/notebooks/NN-topic/*.ipynb      the student version, to download and work on
    site/mathjax/                        MathJax 3 (npm package ``mathjax``) and its licence

The site needs nothing from the network: formulas are typeset by the local MathJax, and
every interactive figure is pre-drawn frames with a plain HTML Play button and slider
(notebooks run with ``GENLAB_STATIC=1``), which move without a kernel.

Each master is executed once, the masters in parallel (one kernel per core), and the
executed notebooks are kept in a cache folder outside the repository; a rebuild executes
only the masters whose inputs changed (:mod:`grader.authoring.site_execute`).
"""

from __future__ import annotations

import argparse
import functools
import html
import os
import re
import shutil
import time
from pathlib import Path

import nbformat

from grader import course
from grader.authoring import site_execute, site_mathjax, site_page

__all__ = ["build", "default_cache", "TEACHES"]

# What each notebook teaches, for the index (the README's table says what each one builds).
TEACHES = {
    "01-generative-vs-discriminative": "Joint and conditional probability tables; a Gaussian class model "
                                       "against logistic regression, and what the prior does to the boundary.",
    "02-naive-bayes-spam": "A Naive Bayes spam filter trained and tested on the SpamAssassin corpus: "
                           "word counts, smoothing, log space, and why hard ham is hard.",
    "03-gaussian-mixtures": "One Gaussian and its maximum likelihood, then mixtures fitted by EM in 1-D "
                            "and 2-D on Old Faithful; k-means against EM, and choosing K.",
    "04-em-derivation": "The EM updates derived step by step (the lower bound, the E- and M-steps), "
                        "each step checked with numbers.",
    "05-grades": "The smallest EM there is: estimating θ from grades, from the closed-form MLE to "
                 "the boundary case.",
    "06-image-segmentation": "A Gaussian mixture on pixel colours that segments a photo; choosing "
                             "the number of segments.",
}


def default_cache() -> Path:
    """Where executed notebooks and MathJax are kept: ``$GENLAB_SITE_CACHE``, else the user's
    cache folder (``$XDG_CACHE_HOME/genlab-site``, ``~/.cache/genlab-site``)."""
    if os.environ.get("GENLAB_SITE_CACHE"):
        return Path(os.environ["GENLAB_SITE_CACHE"])
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "genlab-site"


def _title(nb, fallback: str) -> str:
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def build(out: Path, root: Path = course.REPO, timeout: int = 120, only=None, cache: Path | None = None,
          use_cache: bool = True, workers: int | None = None, mathjax: Path | None = None,
          log=print) -> list[Path]:
    """Execute the masters (all, or the assignments named in ``only``) and write the site.

    Parameters
    ----------
    out : Path
        The site folder (created).
    root : Path
        The repository.
    timeout : int
        Seconds per cell.
    only : set of str, optional
        Assignment names to build.
    cache : Path, optional
        Cache folder (default :func:`default_cache`); MathJax is fetched into it as well.
    use_cache : bool
        False executes every master even when stored outputs are current (and refreshes them).
    workers : int, optional
        Kernels run in parallel (default: the number of cores).
    mathjax : Path, optional
        An unpacked ``mathjax`` 3 package to copy instead of the cached npm one.
    log : callable

    Returns
    -------
    list of Path
        The notebook pages written (index.html excluded).
    """
    out, root = Path(out), Path(root)
    cache = Path(cache) if cache is not None else default_cache()
    out.mkdir(parents=True, exist_ok=True)
    site_mathjax.install(out, cache=cache, source=mathjax)
    masters = site_execute.masters(root, only)
    names = [m.parent.name for m in masters]
    titles = [_title(nbformat.read(m, as_version=4), m.parent.name) for m in masters]
    finish = {}
    for i, master in enumerate(masters):
        prev = (f"{names[i - 1]}.html", titles[i - 1]) if i > 0 else None
        nxt = (f"{names[i + 1]}.html", titles[i + 1]) if i + 1 < len(masters) else None
        finish[master] = functools.partial(site_page.render, title=titles[i], prev=prev, nxt=nxt)
    start = time.perf_counter()
    done = site_execute.execute_all(masters, root, cache, finish, workers=workers, timeout=timeout,
                                    reuse=use_cache, log=log)
    log(f"executed and rendered {len(masters)} notebooks in {time.perf_counter() - start:.1f} s")
    pages, entries = [], []
    for master, name, title in zip(masters, names, titles):
        nb, body = done[master]
        page = out / f"{name}.html"
        page.write_text(body, encoding="utf-8")
        pages.append(page)
        entries.append((name, master, nb, title))
    links = []
    for name, master, nb, title in entries:
        student = root / course.RELEASE / name / master.name
        link = None
        if student.exists():
            target = out / "notebooks" / name / master.name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(student, target)
            link = f"notebooks/{name}/{master.name}"
        links.append((name, title, f"{name}.html", link, TEACHES.get(name) or _intro(nb)))
    (out / "index.html").write_text(_index(links), encoding="utf-8")
    return pages


def _intro(nb) -> str:
    """The first paragraph after the title, for a notebook the index has no description of."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            paragraphs = [p for p in cell.source.split("\n\n") if not p.startswith("#")]
            if paragraphs:
                return re.sub(r"\s+", " ", paragraphs[0]).strip()
    return ""


def _index(entries) -> str:
    items = []
    for name, title, page, link, teaches in entries:
        student = f' · <a href="{html.escape(link)}">student notebook</a>' if link else ""
        items.append(f'<li><a href="{html.escape(page)}">{html.escape(title)}</a>{student}'
                     f'<p>{html.escape(teaches)}</p></li>')
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Generative models: the course</title>
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<script>window.MathJax = {{tex: {{inlineMath: [["$", "$"], ["\\\\(", "\\\\)"]]}}}};</script>
<script defer src="{site_mathjax.SCRIPT}"></script>
<style>body{{font-family:sans-serif;max-width:46em;margin:2em auto;padding:0 1em;line-height:1.5}}
li{{margin:.8em 0}}li p{{margin:.2em 0;color:#444}}</style>
</head><body>
<h1>Generative models: the course</h1>
<p>Six notebooks, in order. Each page is a worked, executed solution. To learn, download the student
notebook, fill in the functions yourself and run its tests; each worked answer on the pages is folded
behind "show the answer", so that you can try first.</p>
<ol>
{chr(10).join(items)}
</ol>
<p><small>Formulas are typeset by MathJax {site_mathjax.VERSION} (Apache License 2.0, see
<a href="mathjax/LICENSE">mathjax/LICENSE</a>), shipped with this site.</small></p>
</body></html>
"""


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m grader.authoring.site", description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="site", help="folder to write (default: %(default)s)")
    parser.add_argument("--cache", type=Path, help="cache folder (default: $GENLAB_SITE_CACHE or ~/.cache/genlab-site)")
    parser.add_argument("--no-cache", action="store_true", help="execute every master, even if its outputs are stored")
    parser.add_argument("--workers", type=int, help="kernels in parallel (default: the number of cores)")
    parser.add_argument("--mathjax", type=Path, help="an unpacked mathjax 3 package to use instead of npm's")
    parser.add_argument("--only", nargs="*", help="assignments to build (default: all)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    pages = build(Path(args.out), cache=args.cache, use_cache=not args.no_cache, workers=args.workers,
                  mathjax=args.mathjax, only=set(args.only) if args.only else None)
    print(f"wrote {len(pages)} pages and index.html to {args.out} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
