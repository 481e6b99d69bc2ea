"""Notebook 06's structure: every segmentation exercise is checked, the time budget the text
states is the one the check enforces, and the photo is credited where it is loaded."""

import json

from grader.authoring import catalogue, schema
from grader.authoring.exercises import segmentation as exercises

MASTER = "solutions/06-image-segmentation/image_segmentation.ipynb"


def _sources(repo):
    return ["".join(c["source"]) for c in json.loads((repo / MASTER).read_text())["cells"]]


def test_the_stated_time_budget_is_the_enforced_one(repo):
    text = "\n".join(_sources(repo))
    assert exercises.TIME_LIMIT == 3.0 and exercises.BIG_N == 300_000
    assert "3 seconds for 300,000 pixels" in text
    for name in ("e_step", "m_step", "log_likelihood"):
        exercise = catalogue.get(f"segmentation.{name}")
        assert exercise.time_limit == exercises.TIME_LIMIT
        rng = schema.case_rng(exercise.id, "hidden")
        assert max(len(args[0]) for args in exercise.hidden_cases(rng)) == exercises.BIG_N


def test_the_photo_is_credited_where_it_is_loaded(repo):
    loading = [s for s in _sources(repo) if 'photos.load("flower")' in s]
    assert loading and 'photos.CREDIT["flower"]' in loading[0]

