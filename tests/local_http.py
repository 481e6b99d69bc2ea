"""Helpers for tests that start a local server: a free loopback port, and a GET that never raises."""

from __future__ import annotations

import socket
import urllib.error
import urllib.request

__all__ = ["free_port", "get"]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url: str) -> tuple[int | None, str]:
    """(HTTP status, body) of a GET; (code, "") on an HTTP error, (None, "") when nothing listens yet."""
    try:
        with urllib.request.urlopen(url, timeout=5) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, ""
    except OSError:
        return None, ""
