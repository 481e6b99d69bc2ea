"""The exchange file between the grader and a graded kernel: exact round trips, hostile bytes refused."""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

from grader.check import transport
from grader.check.transport import Opaque, TransportError


def _same(a, b) -> bool:
    """Bit-for-bit equality, types included (NaN equal to NaN)."""
    if type(a) is not type(b):
        return False
    if isinstance(a, np.ndarray):
        return a.dtype == b.dtype and a.shape == b.shape and a.tobytes() == b.tobytes()
    if isinstance(a, np.generic):
        return a.dtype == b.dtype and a.tobytes() == b.tobytes()
    if isinstance(a, float):
        return np.float64(a).tobytes() == np.float64(b).tobytes()
    if isinstance(a, complex):
        return _same(a.real, b.real) and _same(a.imag, b.imag)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b))
    if isinstance(a, dict):
        return list(a) == list(b) and all(_same(a[k], b[k]) for k in a)
    return a == b


def _perturbed(x: np.ndarray, ulps: int) -> np.ndarray:
    """``x`` moved by ``ulps`` units in the last place, elementwise."""
    out = x.copy()
    for _ in range(abs(ulps)):
        out = np.nextafter(out, np.inf if ulps > 0 else -np.inf)
    return out


VALUES = [
    None, True, 0, -7, 2**70, -(2**64) - 1, 0.1, -0.0, float("nan"), float("inf"), -float("inf"), 1e-310,
    1 + 2j, "θ", "", (), (1,), [1, (2.5, "x")], {"a": 1, 3: [None], (1, 2): "t", 0.5: False},
    np.float64(0.2), np.float32(1 / 3), np.int64(-3), np.bool_(True), np.uint8(255),
    np.arange(12.0).reshape(3, 4), np.array([], dtype=float).reshape(0, 3), np.array(3.5),
    np.array([[1, 2], [3, 4]], dtype=np.int32).T, np.array([1 + 1j, np.nan]), np.array([True, False]),
]


@pytest.mark.parametrize("value", VALUES, ids=[repr(v)[:30] for v in VALUES])
def test_values_round_trip_bit_for_bit(value):
    assert _same(transport.loads(transport.dumps(value)), value)


@pytest.mark.parametrize("ulps", [-3, -1, 1, 2])
def test_values_a_few_ulps_apart_stay_apart_and_exact(ulps):
    """Whatever kernels another machine's numpy picks, the grader sees exactly what was computed."""
    rng = np.random.default_rng(0)
    x = rng.normal(size=(50, 3))
    moved = _perturbed(x, ulps)
    back = transport.loads(transport.dumps({"x": x, "moved": moved, "first": float(moved[0, 0])}))
    assert back["x"].tobytes() == x.tobytes() and back["moved"].tobytes() == moved.tobytes()
    assert not np.array_equal(back["x"], back["moved"])
    assert back["first"] == moved[0, 0] != x[0, 0]


def test_types_that_do_not_travel_arrive_as_their_name():
    back = transport.loads(transport.dumps({"s": {1, 2}, "f": len, "o": np.array([object()], dtype=object)}))
    assert back == {"s": Opaque("set"), "f": Opaque("builtin_function_or_method"), "o": Opaque("ndarray")}


def _file(header: dict, body: bytes = b"") -> bytes:
    text = json.dumps(header).encode()
    return transport.MAGIC + len(text).to_bytes(8, "little") + text + body


@pytest.mark.parametrize("data, why", [
    (b"", "not an exchange file"),
    (b"\x80\x04pickle", "not an exchange file"),
    (transport.MAGIC + (10**9).to_bytes(8, "little") + b"{}", "past the end"),
    (_file({"value": 1}), "not valid"),
    (_file({"value": {"a": 0}, "arrays": [["<f8", [10**6, 10**6], 0]]}, b"\0" * 64), "past the end"),
    (_file({"value": {"a": 0}, "arrays": [["|O", [1], 0]]}, b"\0" * 8), "does not travel"),
    (_file({"value": {"a": 1}, "arrays": [["<f8", [1], 0]]}, b"\0" * 8), "out of range"),
    (_file({"value": {"a": 0}, "arrays": [["<f8", [-1], 0]]}), "does not travel"),
    (_file({"value": {"zzz": 1}, "arrays": []}), "unknown tag"),
    (_file({"value": {"d": [[[1], 2]]}, "arrays": []}), "cannot be a key"),
    (_file({"value": {"big": "9" * 5000}, "arrays": []}), "unknown tag"),
    (transport.MAGIC + (60_000).to_bytes(8, "little") + b"[" * 30_000 + b"]" * 30_000, "not valid"),
])
def test_hostile_files_are_refused_with_a_reason(data, why):
    with pytest.raises(TransportError, match=why):
        transport.loads(data)


def test_deep_nesting_is_refused():
    value = []
    for _ in range(transport.MAX_DEPTH + 5):
        value = [value]
    skeleton = json.loads(json.dumps(value))
    with pytest.raises(TransportError, match="nested"):
        transport.loads(_file({"value": skeleton, "arrays": []}))


def test_links_fifos_and_large_files_are_not_read(tmp_path):
    good = tmp_path / "good.gex"
    transport.save(good, {"nonce": "n"})
    assert transport.load(good, 1000) == {"nonce": "n"}
    with pytest.raises(FileExistsError):
        transport.save(good, {"again": 1})       # never over an existing file
    os.symlink(good, tmp_path / "link.gex")
    with pytest.raises(TransportError, match="cannot open"):
        transport.load(tmp_path / "link.gex", 1000)
    os.mkfifo(tmp_path / "fifo.gex")
    with pytest.raises(TransportError, match="not a regular file"):
        transport.load(tmp_path / "fifo.gex", 1000)
    with pytest.raises(TransportError, match="more than"):
        transport.load(good, 10)
