"""The site's execution cache, without a kernel: what its key depends on, and what it keeps."""

from __future__ import annotations

import os

from grader.authoring import site_execute


def _course(root):
    master = root / "solutions" / "01-a" / "a.ipynb"
    master.parent.mkdir(parents=True)
    master.write_text("{}")
    (root / "genlab").mkdir()
    (root / "genlab" / "viz.py").write_text("x = 1\n")
    return master


def test_cache_key_changes_with_the_master_its_data_and_the_library(tmp_path):
    master = _course(tmp_path)
    first = site_execute.cache_key(master, tmp_path)
    assert site_execute.cache_key(master, tmp_path) == first
    (tmp_path / "genlab" / "viz.py").write_text("x = 2\n")
    second = site_execute.cache_key(master, tmp_path)
    (master.parent / "data.csv").write_text("1,2\n")
    third = site_execute.cache_key(master, tmp_path)
    master.write_text('{"cells": []}')
    assert len({first, second, third, site_execute.cache_key(master, tmp_path)}) == 4


def test_cache_key_ignores_bytecode(tmp_path):
    master = _course(tmp_path)
    first = site_execute.cache_key(master, tmp_path)
    (tmp_path / "genlab" / "__pycache__").mkdir()
    (tmp_path / "genlab" / "__pycache__" / "viz.cpython-311.pyc").write_bytes(b"\0")
    assert site_execute.cache_key(master, tmp_path) == first


def test_prune_keeps_what_was_just_used_and_the_most_recent(tmp_path):
    paths = [tmp_path / f"{i}.ipynb" for i in range(5)]
    for i, path in enumerate(paths):
        path.write_text("{}")
        os.utime(path, (1000 + i, 1000 + i))
    site_execute._prune(tmp_path, used=[paths[0]], keep=2)
    assert sorted(p.name for p in tmp_path.glob("*.ipynb")) == ["0.ipynb", "4.ipynb"]
