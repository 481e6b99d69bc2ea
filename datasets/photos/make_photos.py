"""Rebuild flower.png from scikit-learn's bundled sample image ``flower.jpg``.

Usage (from the repository root)::

    pip download --no-deps scikit-learn==1.9.1 -d /tmp/sklearn-wheel   # any wheel of 1.9.1
    python datasets/photos/make_photos.py /tmp/sklearn-wheel/scikit_learn-1.9.1-*.whl

or, with scikit-learn installed, without an argument (the installed copy is used).

The wheel holds ``sklearn/datasets/images/flower.jpg`` (640 x 427 pixels, RGB, JPEG).
We decode it with Pillow and write the pixels unchanged (no resizing: 273,280 pixels,
about 0.27 megapixels) as an 8-bit RGB PNG, which matplotlib reads without Pillow or
scikit-learn.  JPEG decoders may differ in the last bit between libjpeg versions, so the
README records the sha256 of the decoded pixel array as well as that of the PNG file;
``genlab.data.photos.load`` verifies the pixels.  Needs numpy and Pillow (build time only).
"""

from __future__ import annotations

import hashlib
import io
import sys
import zipfile
from pathlib import Path

import numpy as np
from PIL import Image

MEMBER = "sklearn/datasets/images/flower.jpg"
OUT = Path(__file__).with_name("flower.png")


def read_jpeg(source: Path | None) -> bytes:
    """The bytes of flower.jpg, from a scikit-learn wheel or the installed package."""
    if source is None:
        import sklearn  # only to locate the installed copy

        return (Path(sklearn.__file__).parent / "datasets" / "images" / "flower.jpg").read_bytes()
    if source.suffix == ".whl":
        with zipfile.ZipFile(source) as wheel:
            return wheel.read(MEMBER)
    return source.read_bytes()


def main(argv: list[str]) -> None:
    source = Path(argv[1]) if len(argv) > 1 else None
    jpeg = read_jpeg(source)
    pixels = np.asarray(Image.open(io.BytesIO(jpeg)).convert("RGB"), dtype=np.uint8)
    Image.fromarray(pixels).save(OUT, format="PNG", optimize=True)
    print(f"flower.jpg sha256: {hashlib.sha256(jpeg).hexdigest()}")
    print(f"pixels {pixels.shape} sha256: {hashlib.sha256(np.ascontiguousarray(pixels).tobytes()).hexdigest()}")
    print(f"{OUT.name} sha256: {hashlib.sha256(OUT.read_bytes()).hexdigest()} ({OUT.stat().st_size} bytes)")


if __name__ == "__main__":
    main(sys.argv)
