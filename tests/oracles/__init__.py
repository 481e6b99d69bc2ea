"""Independent oracles for the expected values of every exercise.

One module per topic, each with ``ORACLES = {"<topic>.<function>": fn}``: ``fn`` takes the
exercise's positional arguments and returns the right answer, computed without
``genlab.reference`` (a closed form, a slow loop written straight from the formula, or
scikit-learn / scipy).  ``tests/test_hidden_oracles.py`` compares them with the reference on
the hidden cases and with the frozen fixtures on the visible ones.
"""

from __future__ import annotations

import importlib

TOPICS = ("discriminative", "naive_bayes", "gmm", "em_theory", "grades", "segmentation")

ORACLES: dict = {}
for _topic in TOPICS:
    ORACLES.update(importlib.import_module(f"{__name__}.{_topic}").ORACLES)
