"""Notebook 03's model-selection section: the claims its markdown makes about BIC and
cross-validation hold for the code it runs (the master's own functions, on the same data)."""

from __future__ import annotations

import json
import re
import warnings

import numpy as np
import pytest

MASTER = "solutions/03-gaussian-mixtures/gaussian_mixtures.ipynb"


def _definitions(source: str) -> str:
    """The top-level ``def`` blocks of a cell (its plotting and printing left out)."""
    source = re.sub(r"^[ \t]*### (BEGIN|END) SOLUTION[ \t]*\n", "", source, flags=re.M)
    return "\n".join(b for b in re.split(r"\n(?=\S)", source) if b.startswith("def "))


@pytest.fixture(scope="module")
def notebook(repo):
    cells = json.loads((repo / MASTER).read_text())["cells"]
    by_id = {c["metadata"].get("nbgrader", {}).get("grade_id"): "".join(c["source"]) for c in cells}
    namespace = {}
    exec("import numpy as np\nfrom genlab.viz import em\nfrom genlab.data import faithful\n"
         "X = faithful.load(standardize=True)\nks = list(range(1, 6))\n", namespace)
    for grade_id in ("mvn_logpdf", "e_step_full", "m_step_full", "code-31", "n_parameters", "bic",
                     "code-40", "split_widest", "code-44", "code-47"):
        exec(_definitions(by_id[grade_id]), namespace)
    return namespace, by_id


def test_on_random_halves_bic_keeps_its_k_and_cross_validation_sometimes_moves(notebook):
    namespace, by_id = notebook
    assert "rng = np.random.default_rng(1)" in by_id["code-47-halves"]
    X, ks, bic_and_cv = namespace["X"], namespace["ks"], namespace["bic_and_cv"]
    rng = np.random.default_rng(1)
    picks, curves = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        _, bics, cv = bic_and_cv(X)
        for h in range(10):
            _, bics_half, cv_half = bic_and_cv(X[rng.choice(len(X), len(X) // 2, replace=False)], seed=h)
            picks.append((ks[int(np.argmin(bics_half))], ks[int(np.argmax(cv_half))]))
            curves.append(cv_half)
    assert ks[int(np.argmin(bics))] == ks[int(np.argmax(cv))]         # "on all 272 eruptions: the same K"
    assert len({b for b, _ in picks}) == 1                            # "BIC keeps its choice on every half"
    assert sum(c > b for b, c in picks) >= 2                          # "CV moves to a larger K on some"
    curves = np.array(curves)
    within = np.abs(curves[:, 1:4] - curves[:, 1:2]).max(axis=1)       # K = 2..4 within a half
    between = curves[:, 1].max() - curves[:, 1].min()                  # K = 2 from half to half
    assert np.median(within) < 0.07 and np.median(within) < between / 3  # "most: a few hundredths", "much less"


def test_the_price_of_one_more_component_is_what_the_text_says(notebook):
    namespace, by_id = notebook
    t = namespace["n_parameters"](3, 2) - namespace["n_parameters"](2, 2)
    assert t == 6
    assert round(0.5 * t * np.log(136), 1) == 14.7 and round(0.5 * t * np.log(136) / 136, 2) == 0.11
    text = next(s for g, s in by_id.items() if g == "md-47-halves")
    assert "14.7" in text and "0.11 per point" in text and "= 6$" in text
