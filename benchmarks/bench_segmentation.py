"""Segmentation of the bundled photo (640 x 427, about 0.27 megapixel) with K = 5, to convergence.

Ours: ``genlab.reference.segmentation.segment(photo, 5)`` with its defaults (EM on 20,000 random
pixels from a k-means++/k-means start until the average log-likelihood per pixel rises by less
than 1e-4, then every pixel labelled).  Goal: at most 3 s.

The same again with EM fitted on all 273,280 pixels (``n_fit=None``).

Beside it, what a user would write with scikit-learn: ``GaussianMixture(5, covariance_type="full",
tol=1e-4, reg_covar=1e-4, max_iter=200)`` fitted on the same 20,000 pixels (its own k-means
start), then ``predict`` on every pixel.  The two start differently, so they need different
numbers of iterations; the table notes both.
"""

from __future__ import annotations

import sys
import warnings

import numpy as np

try:
    from benchmarks import _common
except ImportError:  # run as a script
    import _common

K = 5
GOAL_S = 3.0


def run(quick=False) -> list[dict]:
    try:
        from genlab.data import photos
        from genlab.reference import segmentation
    except ImportError as error:
        return [_common.skipped("segmentation", f"not available yet ({error})")]
    if not hasattr(segmentation, "segment"):
        return [_common.skipped("segmentation", "genlab.reference.segmentation.segment not written yet")]
    from sklearn.mixture import GaussianMixture

    image = photos.load()
    h, w = image.shape[:2]
    rows = []
    for n_fit in (20_000, None):
        out = {}

        def ours():
            out["ours"] = segmentation.segment(image, K, n_fit=n_fit, random_state=0)

        def sk():
            X = segmentation.image_to_features(image)
            X_fit = X if n_fit is None else segmentation.subsample(X, n_fit, np.random.default_rng(0))
            model = GaussianMixture(K, covariance_type="full", tol=1e-4, reg_covar=1e-4, max_iter=200,
                                    random_state=0)
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                model.fit(X_fit)
            out["sk"] = (model.predict(X).reshape(h, w), model)

        times = _common.side_by_side({"ours": ours, "sk": sk}, rounds=3 if quick else 5)
        labels, mixture = out["ours"]
        _, model = out["sk"]
        fitted = f"{n_fit:,} random pixels" if n_fit else f"all {h * w:,} pixels"
        note = (f"EM on {fitted}; iterations: ours {mixture.n_iter} (converged={mixture.converged}), "
                f"scikit-learn {model.n_iter_}")
        case = f"photo {w}x{h}, K={K}, fit on {fitted}"
        rows.append(_common.row("segmentation", case, times["ours"], times["sk"],
                                "scikit-learn GaussianMixture", note=note))
        rows.append(_common.row("segmentation", case, times["ours"], goal=GOAL_S,
                                note="ours alone, against the 3 s goal"))
    return rows


if __name__ == "__main__":
    _common.warn_coretype()
    with _common.limit_blas(_common.blas_threads_arg(sys.argv)):
        _common.print_table(run(quick="--quick" in sys.argv))
