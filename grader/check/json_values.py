"""Values as JSON: numbers, arrays, tuples, lists and dicts, exactly invertible.

The visible cases are frozen with :func:`encode` and read back with :func:`decode`.
"""

from __future__ import annotations

import numpy as np

__all__ = ["encode", "decode"]


def encode(value):
    """Turn numbers, arrays and tuples into JSON-ready data (exactly invertible)."""
    if isinstance(value, np.ndarray):
        return {"__ndarray__": value.tolist(), "dtype": str(value.dtype), "shape": list(value.shape)}
    if isinstance(value, tuple):
        return {"__tuple__": [encode(v) for v in value]}
    if isinstance(value, list):
        return [encode(v) for v in value]
    if isinstance(value, dict):
        return {k: encode(v) for k, v in value.items()}
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def decode(data):
    """Inverse of :func:`encode`."""
    if isinstance(data, dict):
        if "__ndarray__" in data:
            return np.array(data["__ndarray__"], dtype=data["dtype"]).reshape(data["shape"])
        if "__tuple__" in data:
            return tuple(decode(v) for v in data["__tuple__"])
        return {k: decode(v) for k, v in data.items()}
    if isinstance(data, list):
        return [decode(v) for v in data]
    return data
