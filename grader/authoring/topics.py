"""One declaration per notebook: where each of its parts lives.

A topic's name is the first part of its exercise ids (``"gmm"`` in ``"gmm.e_step"``); from it
follow its exercises (``grader.authoring.exercises.<name>``) and its fixture file
(``grader/check/fixtures/<name>.json``).  Everything else is declared here, once, and the
structure tests run over every topic.  ``python -m grader new-topic NAME`` adds one.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Topic", "TOPICS", "by_name", "by_folder"]


@dataclass(frozen=True)
class Topic:
    """Where one notebook's parts live.

    Attributes
    ----------
    name : str
        The topic id, e.g. ``"gmm"``.
    folder : str
        The notebook's folder in ``solutions/`` and ``notebooks/``, e.g. ``"03-gaussian-mixtures"``.
    notebook : str
        The notebook's file name.
    reference : tuple of str
        The ``genlab.reference`` modules its exercises check against.
    viz : tuple of str
        The ``genlab.viz`` modules the master imports for its plots and widgets.
    data : tuple of str
        The ``genlab.data`` loaders it uses.
    em_player : bool
        Whether its first Play widget is an EM player (the browser tests play it).
    """

    name: str
    folder: str
    notebook: str
    reference: tuple[str, ...]
    viz: tuple[str, ...] = ()
    data: tuple[str, ...] = ()
    em_player: bool = False

    @property
    def exercises_module(self) -> str:
        return f"grader.authoring.exercises.{self.name}"

    @property
    def fixture(self) -> str:
        return f"grader/check/fixtures/{self.name}.json"


TOPICS = (
    Topic("discriminative", "01-generative-vs-discriminative", "generative_vs_discriminative.ipynb",
          reference=("genlab.reference.discriminative",), viz=("genlab.viz.decision_boundaries",)),
    Topic("naive_bayes", "02-naive-bayes-spam", "naive_bayes_spam.ipynb",
          reference=("genlab.reference.naive_bayes",), viz=("genlab.viz.spam_filter",),
          data=("genlab.data.spam",)),
    Topic("gmm", "03-gaussian-mixtures", "gaussian_mixtures.ipynb",
          reference=("genlab.reference.gmm", "genlab.reference.gaussian"),
          viz=("genlab.viz.em", "genlab.viz.gmm_plots", "genlab.viz.player"), data=("genlab.data.faithful",),
          em_player=True),
    Topic("em_theory", "04-em-derivation", "em_derivation.ipynb",
          reference=("genlab.reference.em_theory",), viz=("genlab.viz.em_theory",)),
    Topic("grades", "05-grades", "grades.ipynb",
          reference=("genlab.reference.grades",), viz=("genlab.viz.grades",), em_player=True),
    Topic("segmentation", "06-image-segmentation", "image_segmentation.ipynb",
          reference=("genlab.reference.segmentation", "genlab.reference.kmeans"),
          viz=("genlab.viz.segmentation",), data=("genlab.data.photos",)),
    # `python -m grader new-topic NAME` adds topics above this line
)


def by_name(name: str) -> Topic:
    """The topic of that name; KeyError listing the known ones."""
    for topic in TOPICS:
        if topic.name == name:
            return topic
    raise KeyError(f"no topic {name!r}; known: {', '.join(t.name for t in TOPICS)}")


def by_folder(folder: str) -> Topic:
    """The topic whose notebook lives in ``folder`` (e.g. ``"05-grades"``)."""
    for topic in TOPICS:
        if topic.folder == folder:
            return topic
    raise KeyError(f"no topic in folder {folder!r}; known: {', '.join(t.folder for t in TOPICS)}")
