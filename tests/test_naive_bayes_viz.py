"""Smoke tests of the notebook 02 plots and the alpha / vocabulary explorer."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from genlab.viz import spam_filter as viz  # noqa: E402


def test_plots_draw_without_error():
    fig, axes = plt.subplots(1, 4)
    viz.plot_word_histograms(["dear", "friend"], [[8, 5], [2, 1]], ["normal", "spam"], axes[0])
    viz.plot_confusion(np.array([[826, 4], [25, 354]]), axes[1])
    viz.plot_log_odds(["money", "razor"], [4.0, -6.0], axes[2])
    viz.plot_group_accuracy(["spam-1", "easy-ham-1", "easy-ham-1"], [1, 0, 0], [1, 0, 1], axes[3])
    assert [t.get_text() for t in axes[1].texts] == ["826", "4", "25", "354"]
    assert len(axes[3].patches) == 2
    plt.close(fig)


def test_explorer_evaluates_every_grid_point_once():
    calls = []

    def evaluate(alpha, k):
        calls.append((alpha, k))
        return {"accuracy": 0.9, "precision": 0.8, "recall": 0.7, "confusion": np.array([[5, 1], [2, 3]])}

    widget = viz.smoothing_explorer(evaluate, [0.1, 1.0], [10, 20, 30])
    assert sorted(calls) == sorted((a, k) for a in (0.1, 1.0) for k in (10, 20, 30))
    sliders = widget.children[0].children
    sliders[0].value = 0.1
    sliders[1].value = 10
    assert len(calls) == 6  # moving the sliders never refits
    picture, draws = widget.children[1].value, widget.frames.draws
    sliders[1].value = 20
    sliders[1].value = 10  # drawn before: shown again, not drawn
    assert widget.children[1].value == picture and widget.frames.draws == draws + 1


def test_explorer_shows_a_message_when_student_code_is_missing():
    def evaluate(alpha, k):
        raise NotImplementedError()

    box = viz.smoothing_explorer(evaluate, [1.0], [10])
    assert "first" in box.value and "alert" in box.value
