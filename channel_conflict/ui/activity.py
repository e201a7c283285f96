"""Whether page runs are going on in this server process, and when the last one ended, so the
warm-up (channel_conflict.serve) runs only in quiet time instead of taking CPU from a visitor."""
from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_running = 0
_last_end = 0.0  # time.monotonic() when the last run ended


@contextmanager
def running() -> Iterator[None]:
    global _running, _last_end  # noqa: PLW0603 - one counter per process, guarded by the lock
    with _lock:
        _running += 1
    try:
        yield
    finally:
        with _lock:
            _running -= 1
            _last_end = time.monotonic()


def quiet_for() -> float:
    """Seconds since the last run ended (0 while one is going on)."""
    with _lock:
        return 0.0 if _running else time.monotonic() - _last_end
