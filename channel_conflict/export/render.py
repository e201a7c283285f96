"""One warm kaleido renderer per process, shared by every export.

Kaleido 1.x drives a headless Chromium. Starting one costs ~2.5 s; a warm one renders an
image in ~0.2 s. `Renderer` keeps a single `kaleido.Kaleido` open on its own event loop in a
daemon thread and hands it figures from any thread (Streamlit sessions, the CLI, tests).

We do not use `kaleido.start_sync_server()`: if its browser fails to start, its worker
thread dies and every later call blocks forever on the task queue. Here each call waits
with a timeout, errors come back as `RenderError`, and a dead browser is restarted once.
MathJax is off so the page kaleido loads never reaches for a CDN; plotly.js comes from the
installed plotly package.

Renders take turns through a bounded line (`turn()`): one pack (or one image) renders at a time
— kaleido has one tab, so this costs no throughput — and at most `max_in_line` wait; the next
one is refused at once with `RenderBusy`, and a waiting caller is told its place (`on_wait`). As
only the holder of the turn is rendering, a render that times out fails alone: the renderer is
restarted for the next caller and no other render is in flight to be hurt by that.
"""
from __future__ import annotations

import asyncio
import atexit
import logging
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import TimeoutError as FutureTimeout
from contextlib import contextmanager

import plotly.graph_objects as go

log = logging.getLogger("channel_conflict.export")

DEFAULT_WIDTH = 1100  # px, when a figure sets no width (the page stretches it to the column)
DEFAULT_HEIGHT = 480
SCALE = 2
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 60.0
MAX_IN_LINE = 12  # packs rendering or waiting; the next one is told the renderer is busy
QUEUE_TIMEOUT = 300.0  # seconds a caller waits for its turn before giving up


class RenderError(RuntimeError):
    """An image could not be made; the message says why in plain words."""


class RenderBusy(RenderError):
    """The line for the renderer is full, or the wait for a turn ran out; try again later."""

    def __init__(self, message: str, in_line: int):
        super().__init__(message)
        self.in_line = in_line


class _Timeout(RuntimeError):
    pass


def figure_size(fig: go.Figure) -> tuple[int, int]:
    """The CSS-pixel size an export uses: the figure's own width/height, else the defaults."""
    return int(fig.layout.width or DEFAULT_WIDTH), int(fig.layout.height or DEFAULT_HEIGHT)


class Renderer:
    """A warm kaleido (one Chromium, one tab) reused for every image."""

    def __init__(self, start_timeout: float = START_TIMEOUT, render_timeout: float = RENDER_TIMEOUT,
                 max_in_line: int = MAX_IN_LINE, queue_timeout: float = QUEUE_TIMEOUT):
        self._line = threading.Condition()
        self._queue: deque = deque()  # tickets; the first one holds the turn
        self._held = threading.local()  # turns held by this thread (a pack's images reuse its turn)
        self.max_in_line = max_in_line
        self.queue_timeout = queue_timeout
        self.timeouts = 0
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._kaleido = None
        self._start_timeout = start_timeout
        self._render_timeout = render_timeout
        self.started_in: float | None = None  # seconds the last start took
        self.renders = 0

    # -- lifecycle ---------------------------------------------------------------------------
    def is_running(self) -> bool:
        return self._kaleido is not None and self._thread is not None and self._thread.is_alive()

    def start(self) -> Renderer:
        with self._lock:
            if not self.is_running():
                self._start_locked()
        return self

    def _start_locked(self) -> None:
        import kaleido  # imported lazily: the app does not need it until someone exports

        t0 = time.perf_counter()
        loop = asyncio.new_event_loop()
        thread = threading.Thread(target=loop.run_forever, name="kaleido-renderer", daemon=True)
        thread.start()

        async def _open():
            # kaleido's own timeout is a backstop: ours (in _call) fires first and restarts the browser.
            k = kaleido.Kaleido(n=1, mathjax=False, timeout=self._render_timeout + 10)
            await k.open()
            return k

        try:
            k = asyncio.run_coroutine_threadsafe(_open(), loop).result(self._start_timeout)
        except FutureTimeout:
            _stop_loop(loop, thread)
            raise RenderError(f"The image renderer (Chromium via kaleido) did not start within "
                              f"{self._start_timeout:.0f} s.") from None
        except Exception as exc:  # noqa: BLE001 - ChromeNotFoundError, BrowserFailedError, OSError...
            _stop_loop(loop, thread)
            raise RenderError(f"The image renderer (Chromium via kaleido) could not start: "
                              f"{str(exc).splitlines()[0] if str(exc) else type(exc).__name__}. "
                              "Install Chromium (`apt-get install -y chromium`).") from None
        self._loop, self._thread, self._kaleido = loop, thread, k
        self.started_in = time.perf_counter() - t0
        log.info("kaleido renderer started in %.2f s", self.started_in)

    def stop(self, close_timeout: float = 15) -> None:
        with self._lock:
            self._stop_locked(close_timeout)

    def _stop_locked(self, close_timeout: float = 15) -> None:
        k, loop, thread = self._kaleido, self._loop, self._thread
        self._kaleido = self._loop = self._thread = None
        if k is not None and loop is not None and loop.is_running():
            try:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(close_timeout)
            except Exception:  # noqa: BLE001 - closing a broken browser is best effort
                log.warning("kaleido renderer did not close cleanly", exc_info=True)
        if loop is not None and thread is not None:
            _stop_loop(loop, thread)

    # -- taking turns ------------------------------------------------------------------------
    def in_line(self) -> int:
        """Callers rendering or waiting now."""
        with self._line:
            return len(self._queue)

    @contextmanager
    def turn(self, on_wait: Callable[[int], None] | None = None) -> Iterator[None]:
        """Hold the renderer for a block of renders (a whole pack). Waits in a bounded line;
        `on_wait(n)` is called with the number of callers ahead whenever that number changes.
        Raises RenderBusy at once when `max_in_line` callers are already in line, or after
        `queue_timeout` seconds of waiting. Re-entrant within a thread."""
        if getattr(self._held, "depth", 0):
            self._held.depth += 1
            try:
                yield
            finally:
                self._held.depth -= 1
            return
        ticket = object()
        with self._line:
            if len(self._queue) >= self.max_in_line:
                raise RenderBusy(f"The image renderer is busy: {len(self._queue)} exports are in line. "
                                 "Try again in a minute.", len(self._queue))
            self._queue.append(ticket)
        try:
            self._wait_for_turn(ticket, on_wait)
            self._held.depth = 1
            try:
                yield
            finally:
                self._held.depth = 0
        finally:
            with self._line:
                self._queue.remove(ticket)
                self._line.notify_all()

    def _wait_for_turn(self, ticket: object, on_wait: Callable[[int], None] | None) -> None:
        deadline = time.monotonic() + self.queue_timeout
        told = None
        while True:
            with self._line:
                ahead = self._queue.index(ticket)
                if ahead == 0:
                    return
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise RenderBusy(f"The image renderer is still busy after {self.queue_timeout:.0f} s "
                                     f"({ahead} ahead in line). Try again in a minute.", ahead + 1)
                if ahead == told or on_wait is None:
                    self._line.wait(min(remaining, 1.0))
                    continue
            told = ahead
            on_wait(ahead)  # outside the lock: it may draw on a page

    # -- rendering ---------------------------------------------------------------------------
    def render(self, fig: go.Figure, fmt: str, scale: float = SCALE,
               width: int | None = None, height: int | None = None) -> bytes:
        """`fig` as PNG/SVG/PDF bytes at its export size (see figure_size) times `scale`.
        Takes a turn (see turn()) unless this thread already holds one."""
        w, h = figure_size(fig)
        opts = {"format": fmt, "width": width or w, "height": height or h, "scale": scale}
        spec = fig.to_dict()
        with self.turn():
            return self._render_turn(spec, opts, fmt)

    def _render_turn(self, spec: dict, opts: dict, fmt: str) -> bytes:
        last: Exception | None = None
        for attempt in (1, 2):  # a crashed browser is restarted once
            self.start()
            try:
                return self._call(spec, opts)
            except RenderError:
                raise
            except _Timeout:
                # This render alone fails; the browser may still be busy with it, so the next
                # caller gets a fresh one. Nobody else is rendering (we hold the turn).
                self.timeouts += 1
                log.warning("render timed out after %.1f s; restarting the renderer", self._render_timeout)
                self.stop(close_timeout=5)
                raise RenderError(f"The chart took longer than {self._render_timeout:.0f} s to render as "
                                  f"{fmt.upper()} and was stopped.") from None
            except Exception as exc:  # noqa: BLE001
                last = exc
                log.warning("render attempt %d failed: %s; restarting the renderer", attempt, exc)
                self.stop()
        raise RenderError(f"The chart could not be rendered as {fmt.upper()}: {last}") from None

    def _call(self, spec: dict, opts: dict) -> bytes:
        k, loop = self._kaleido, self._loop
        if k is None or loop is None:
            raise RuntimeError("renderer is not running")
        fut = asyncio.run_coroutine_threadsafe(k.calc_fig(spec, opts=opts), loop)
        try:
            out = fut.result(self._render_timeout)
        except FutureTimeout:
            fut.cancel()
            raise _Timeout(f"no image after {self._render_timeout:.1f} s") from None
        self.renders += 1
        return out


def _stop_loop(loop: asyncio.AbstractEventLoop, thread: threading.Thread) -> None:
    loop.call_soon_threadsafe(loop.stop)
    thread.join(5)
    if not thread.is_alive():
        loop.close()


_shared: Renderer | None = None
_shared_lock = threading.Lock()


def shared_renderer() -> Renderer:
    """The process-wide renderer (not started until the first image is asked for)."""
    global _shared
    with _shared_lock:
        if _shared is None:
            _shared = Renderer()
            atexit.register(_shared.stop)
        return _shared
