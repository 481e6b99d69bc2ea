"""Players and explorers are not built in a graded kernel (``GENLAB_GRADING=1``): their cells earn
no points, and building one runs EM and draws frames (issue 18).  Nothing the student passed is called."""

from __future__ import annotations

import importlib
import inspect
import pkgutil

import matplotlib
import pytest

matplotlib.use("Agg")

import genlab.viz  # noqa: E402
from genlab.viz import grades, player  # noqa: E402


def entry_points():
    """Every public function of genlab.viz whose name says it builds a player or an explorer."""
    found = []
    for info in pkgutil.iter_modules(genlab.viz.__path__):
        module = importlib.import_module(f"genlab.viz.{info.name}")
        for name, fn in vars(module).items():
            if (inspect.isfunction(fn) and fn.__module__ == module.__name__ and not name.startswith("_")
                    and name.endswith(("_player", "_explorer"))):
                found.append(fn)
    return found


class Recorder:
    """Stands for every argument: records each call and raises, so a call cannot go unseen."""

    def __init__(self):
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        raise RuntimeError("called")


def test_every_player_and_explorer_is_marked():
    names = {fn.__name__ for fn in entry_points()}
    assert {"em_player", "value_player", "prior_player", "lower_bound_player", "smoothing_explorer",
            "segmentation_explorer"} <= names
    unmarked = [f"{fn.__module__}.{fn.__name__}" for fn in entry_points() if not hasattr(fn, "__wrapped__")]
    assert not unmarked, f"not marked with @not_drawn_when_grading: {unmarked}"


@pytest.mark.parametrize("build", entry_points(), ids=lambda fn: f"{fn.__module__}.{fn.__name__}")
def test_nothing_is_built_or_called_when_grading(build, monkeypatch):
    monkeypatch.setenv("GENLAB_GRADING", "1")
    parameters = inspect.signature(build.__wrapped__).parameters.values()
    recorder = Recorder()
    args = [recorder for p in parameters if p.kind == p.POSITIONAL_OR_KEYWORD and p.default is p.empty]
    kwargs = {p.name: recorder for p in parameters if p.kind == p.KEYWORD_ONLY and p.default is p.empty}
    shown = build(*args, **kwargs)
    assert isinstance(shown, player.NotDrawn)
    assert recorder.calls == 0
    assert "not when the notebook is graded" in repr(shown) and "not when" in shown._repr_html_()


def test_outside_grading_the_student_function_runs(monkeypatch):
    monkeypatch.delenv("GENLAB_GRADING", raising=False)
    run_em, log_likelihood = Recorder(), Recorder()
    shown = grades.em_player(run_em, log_likelihood, n=100, n_c=20)
    assert not isinstance(shown, player.NotDrawn)
    assert run_em.calls + log_likelihood.calls >= 1  # it ran the student's functions (and showed their error)
