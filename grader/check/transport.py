"""Values between the grader and a graded kernel: one file of a JSON skeleton and raw arrays.

The grader writes a check's case inputs with :func:`save`; the kernel reads them with
:func:`load`, runs the student's function and writes what came back the same way; the
grader reads that with :func:`load`, which treats the file as hostile: a size cap, no
pickles, no object arrays, no compression, arrays only where the header says they are and
fully inside the file, a nesting limit.  Values round-trip exactly (bit for bit, NaN and
infinities included): numbers, strings, None, numpy arrays and scalars, and tuples, lists
and dicts of these, dicts with any such keys.  Anything else arrives as :class:`Opaque`,
which only names the type, so the grader can say "returned a set".

File layout::

    b"GENLAB1\\n" | 8-byte little-endian header length | JSON header | array bytes...

The header is ``{"value": skeleton, "arrays": [[dtype, shape, offset], ...]}``; in the
skeleton an array is ``{"a": index}`` and a numpy scalar ``{"s": index}`` (a 0-d array).
"""

from __future__ import annotations

import json
import os
import stat
from dataclasses import dataclass

import numpy as np

__all__ = ["Opaque", "TransportError", "pack", "unpack", "dumps", "loads", "save", "load", "read_regular"]

MAGIC = b"GENLAB1\n"
MAX_DEPTH = 40
MAX_NODES = 1_000_000
_KINDS = "biufc"  # bool, signed, unsigned, float, complex: the only dtypes that travel


class TransportError(ValueError):
    """A file that is not a well-formed exchange file (the reason is in the message)."""


@dataclass(frozen=True)
class Opaque:
    """A value of a type that does not travel; only its type's name does."""

    type_name: str

    def __repr__(self) -> str:
        return f"<a {self.type_name}>"


def pack(value) -> tuple[object, list[np.ndarray]]:
    """Split ``value`` into a JSON-ready skeleton and the arrays it holds."""
    arrays: list[np.ndarray] = []

    def walk(v, depth):
        if depth > MAX_DEPTH:
            return {"o": "deeply nested value"}
        if isinstance(v, np.ndarray) and v.dtype.kind in _KINDS:
            arrays.append(v.copy(order="C"))  # 0-d arrays stay 0-d
            return {"a": len(arrays) - 1}
        if isinstance(v, np.generic) and v.dtype.kind in _KINDS:  # before float: np.float64 is one
            arrays.append(np.asarray(v))
            return {"s": len(arrays) - 1}
        if v is None or isinstance(v, (bool, str)):
            return v
        if isinstance(v, int):
            return v if abs(v) < 2**63 else {"big": str(v)}
        if isinstance(v, float):
            return v if np.isfinite(v) else {"f": repr(v)}
        if isinstance(v, complex):
            return {"c": [walk(v.real, depth), walk(v.imag, depth)]}
        if type(v) is tuple:
            return {"t": [walk(x, depth + 1) for x in v]}
        if type(v) is list:
            return [walk(x, depth + 1) for x in v]
        if type(v) is dict:
            return {"d": [[walk(k, depth + 1), walk(x, depth + 1)] for k, x in v.items()]}
        return {"o": type(v).__name__[:60]}

    return walk(value, 0), arrays


def unpack(skeleton, arrays: list[np.ndarray]):
    """Inverse of :func:`pack`; raise :class:`TransportError` on anything malformed."""
    count = [0]

    def walk(v, depth):
        count[0] += 1
        if depth > MAX_DEPTH + 1 or count[0] > MAX_NODES:
            raise TransportError("the value is nested too deeply or holds too many items")
        if v is None or isinstance(v, (bool, str, int, float)):
            return v
        if isinstance(v, list):
            return [walk(x, depth + 1) for x in v]
        if not isinstance(v, dict) or len(v) != 1:
            raise TransportError("unknown value in the skeleton")
        (tag, body), = v.items()
        if tag in ("a", "s"):
            if not isinstance(body, int) or isinstance(body, bool) or not 0 <= body < len(arrays):
                raise TransportError("an array index out of range")
            return arrays[body] if tag == "a" else arrays[body].reshape(())[()]
        if tag == "t" and isinstance(body, list):
            return tuple(walk(x, depth + 1) for x in body)
        if tag == "d" and isinstance(body, list):
            out = {}
            for pair in body:
                if not isinstance(pair, list) or len(pair) != 2:
                    raise TransportError("a malformed dict item")
                key = walk(pair[0], depth + 1)
                try:
                    out[key] = walk(pair[1], depth + 1)
                except TypeError:  # an unhashable key
                    raise TransportError("a dict key that cannot be a key") from None
            return out
        if tag == "f" and body in ("nan", "inf", "-inf"):
            return float(body)
        if tag == "big" and isinstance(body, str) and body.lstrip("-").isdigit() and len(body) < 400:
            return int(body)
        if tag == "c" and isinstance(body, list) and len(body) == 2:
            real, imag = (walk(x, depth + 1) for x in body)
            if not all(isinstance(x, float) for x in (real, imag)):
                raise TransportError("a malformed complex number")
            return complex(real, imag)
        if tag == "o" and isinstance(body, str):
            return Opaque(body[:60])
        raise TransportError(f"unknown tag {str(tag)[:20]!r} in the skeleton")

    return walk(skeleton, 0)


def _parts(value) -> list:
    """The pieces of an exchange file, in order: magic and header bytes, then each array."""
    skeleton, arrays = pack(value)
    table, offset = [], 0
    for array in arrays:
        table.append([array.dtype.str, list(array.shape), offset])
        offset += array.nbytes
    header = json.dumps({"value": skeleton, "arrays": table}, allow_nan=False).encode()
    return [MAGIC + len(header).to_bytes(8, "little") + header] + [a.reshape(-1).view(np.uint8) for a in arrays]


def dumps(value) -> bytes:
    """The bytes of an exchange file holding ``value``."""
    return b"".join(bytes(part) for part in _parts(value))


def loads(data: bytes):
    """The value held in the bytes of an exchange file (hostile bytes are refused)."""
    if not isinstance(data, (bytes, bytearray)) or data[:len(MAGIC)] != MAGIC:
        raise TransportError("not an exchange file")
    start = len(MAGIC) + 8
    length = int.from_bytes(data[len(MAGIC):start], "little")
    if length > len(data) - start:
        raise TransportError("the header runs past the end of the file")
    try:
        header = json.loads(data[start:start + length])
        table, skeleton = header["arrays"], header["value"]
    except (ValueError, TypeError, KeyError, RecursionError):
        raise TransportError("the header is not valid") from None
    body = memoryview(data)[start + length:]
    if not isinstance(table, list):
        raise TransportError("the header is not valid")
    arrays = [_array(entry, body) for entry in table]
    try:
        return unpack(skeleton, arrays)
    except RecursionError:
        raise TransportError("the value is nested too deeply") from None


def _array(entry, body: memoryview) -> np.ndarray:
    try:
        code, shape, offset = entry
        dtype = np.dtype(str(code))
        shape = tuple(int(n) for n in shape)
        offset = int(offset)
    except (TypeError, ValueError):
        raise TransportError("a malformed array entry") from None
    if dtype.kind not in _KINDS or dtype.hasobject or len(shape) > 32 or any(n < 0 for n in shape):
        raise TransportError(f"an array of dtype {dtype} or shape {shape} does not travel")
    size = int(np.prod(shape, dtype=object)) * dtype.itemsize
    if offset < 0 or offset + size > len(body):
        raise TransportError("an array runs past the end of the file")
    array = np.frombuffer(body[offset:offset + size], dtype=dtype).reshape(shape)
    return array if array.flags.writeable else array.copy()  # a file's bytearray is ours already


def save(path, value, dir_fd: int | None = None) -> None:
    """Write ``value`` to a new exchange file at ``path`` (never over an existing file or link)."""
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o644,
                 dir_fd=dir_fd)
    with os.fdopen(fd, "wb") as file:
        for part in _parts(value):  # arrays straight from their memory, no joined copy
            file.write(part)


def load(path, max_bytes: int, dir_fd: int | None = None):
    """Read the value in the exchange file at ``path``: a regular file of at most ``max_bytes``."""
    return loads(read_regular(path, max_bytes, dir_fd))


def read_regular(path, max_bytes: int, dir_fd: int | None = None) -> bytearray:
    """The bytes of a regular file (no symlink, FIFO or device) of at most ``max_bytes``."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags, dir_fd=dir_fd)
    except OSError as error:
        raise TransportError(f"cannot open it ({error.strerror})") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode):
            raise TransportError("it is not a regular file")
        if info.st_size > max_bytes:
            raise TransportError(f"it holds {info.st_size} bytes, more than the {max_bytes} allowed")
        data = bytearray(info.st_size)
        got = file.readinto(data)
    if got != len(data):
        raise TransportError("it changed while it was read")
    return data
