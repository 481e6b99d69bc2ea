"""A real photo for image segmentation (see datasets/photos/README.md).

Photo: "Flower" by vultilion on Flickr, CC BY 2.0, via scikit-learn's sample images;
converted from JPEG to PNG with the pixels unchanged.  Reading it needs only numpy and
matplotlib (``matplotlib.image.imread`` reads PNG itself).
"""

from __future__ import annotations

import hashlib

import numpy as np

from genlab.data import DATASETS_DIR

__all__ = ["PATHS", "PIXEL_SHA256", "CREDIT", "load"]

PATHS = {"flower": DATASETS_DIR / "photos" / "flower.png"}
PIXEL_SHA256 = {"flower": "3202904ed246795bf616c66d7859cd7c6080eff736c6e38dc5cc62779742033f"}
CREDIT = {"flower": ('Photo: "Flower" by vultilion on Flickr, CC BY 2.0, via scikit-learn\'s sample '
                    "images; converted from JPEG to PNG, pixels unchanged.")}


def load(name: str = "flower", scale: int = 1) -> np.ndarray:
    """A bundled photo as 8-bit RGB pixels.

    Parameters
    ----------
    name : str
        Which photo; only ``"flower"`` (640 x 427) for now.
    scale : int
        Keep every ``scale``-th row and column (1: full size; 2: 320 x 214 for quick plots).

    Returns
    -------
    image : ndarray of uint8, shape (H, W, 3)
        Red, green and blue values from 0 to 255.

    Raises
    ------
    ValueError
        For an unknown name or scale, or if the pixels' checksum differs from the README's.
    """
    if name not in PATHS:
        raise ValueError(f"no photo {name!r}; available: {', '.join(sorted(PATHS))}")
    if int(scale) != scale or scale < 1:
        raise ValueError(f"scale must be a whole number >= 1, got {scale!r}")
    import matplotlib.image as mpimg

    raw = mpimg.imread(PATHS[name])  # PNG: floats in [0, 1], multiples of 1/255
    image = np.ascontiguousarray(np.round(raw[..., :3] * 255.0).astype(np.uint8))
    digest = hashlib.sha256(image.tobytes()).hexdigest()
    if digest != PIXEL_SHA256[name]:
        raise ValueError(f"{PATHS[name].name} decodes to pixels with sha256 {digest}, expected "
                         f"{PIXEL_SHA256[name]}; rebuild it with datasets/photos/make_photos.py")
    return image[:: int(scale), :: int(scale)].copy() if scale > 1 else image
