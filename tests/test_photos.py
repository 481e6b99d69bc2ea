"""The bundled photo: shape, checksums recorded in its README, credit, and a loader that needs
only numpy and matplotlib."""

import hashlib
import re
import subprocess
import sys

import numpy as np
import pytest

from genlab.data import photos

README = photos.PATHS["flower"].with_name("README.md")


def test_flower_loads_as_uint8_rgb_of_about_a_quarter_megapixel():
    image = photos.load()
    assert image.shape == (427, 640, 3) and image.dtype == np.uint8
    assert image.shape[0] * image.shape[1] <= 300_000
    assert 0 <= image.min() and image.max() <= 255 and image.std() > 20


def test_scale_keeps_every_other_pixel():
    full, half = photos.load(), photos.load(scale=2)
    assert half.shape == (214, 320, 3)
    assert np.array_equal(half, full[::2, ::2])


def test_readme_records_the_pixel_and_file_checksums_and_the_credit():
    text = README.read_text()
    assert photos.PIXEL_SHA256["flower"] in text
    file_digest = hashlib.sha256(photos.PATHS["flower"].read_bytes()).hexdigest()
    assert file_digest in text
    assert "CC BY 2.0" in text and "vultilion" in text
    assert "CC BY 2.0" in photos.CREDIT["flower"] and "vultilion" in photos.CREDIT["flower"]
    assert not re.search(r"https?://", text), "no URLs in committed files"


def test_a_changed_photo_is_refused(tmp_path, monkeypatch):
    import matplotlib.image as mpimg

    image = photos.load()
    image[0, 0, 0] ^= 1
    bad = tmp_path / "flower.png"
    mpimg.imsave(bad, image)
    monkeypatch.setitem(photos.PATHS, "flower", bad)
    with pytest.raises(ValueError, match="sha256"):
        photos.load()


@pytest.mark.parametrize("kwargs", [{"name": "tiger"}, {"scale": 0}, {"scale": 1.5}])
def test_bad_arguments_raise_value_error(kwargs):
    with pytest.raises(ValueError):
        photos.load(**kwargs)


def test_loading_does_not_import_scikit_learn():
    code = ("import sys; from genlab.data import photos; photos.load(); "
            "assert 'sklearn' not in sys.modules, 'sklearn imported'")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=photos.PATHS["flower"].parents[2])
