"""Helpers for tests that start a local server: a free loopback port, and a GET that never raises."""

from __future__ import annotations

import socket
import time
import urllib.error
import urllib.request

__all__ = ["free_port", "get", "wait_until_up"]


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


def wait_until_up(url: str, server, seconds: float = 90) -> bool:
    """Poll ``url`` until it answers; False when ``seconds`` pass or the ``server`` process ends first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            urllib.request.urlopen(url, timeout=2).close()
            return True
        except OSError:
            time.sleep(0.5)
    return False
