"""Every figure a notebook shows gets an alternative text from its axes."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from genlab.viz.alt_text import describe_figure  # noqa: E402


def test_alt_text_names_each_panel_by_title_and_axes():
    fig, (left, right) = plt.subplots(1, 2)
    left.plot([0, 1], [1, 0])
    left.set(title="θ per iteration", xlabel="iteration", ylabel="θ")
    right.scatter([0], [1])
    right.set(xlabel="x")
    text = describe_figure(fig)
    plt.close(fig)
    assert text == "Figure with 2 panels: θ per iteration (θ against iteration); a panel (values against x)"


def test_empty_axes_are_left_out():
    fig, (left, right) = plt.subplots(1, 2)
    left.imshow([[0, 1], [1, 0]])
    left.set_title("label map")
    right.axis("off")
    text = describe_figure(fig)
    plt.close(fig)
    assert text == "Figure with 1 panel: label map"
