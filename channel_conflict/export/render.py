"""One warm kaleido renderer per process, shared by every export.

Kaleido 1.x drives a headless Chromium. Starting one costs ~2.5 s; a warm one renders an
image in ~0.2 s. `Renderer` keeps a single `kaleido.Kaleido` open on its own event loop in a
daemon thread and hands it figures from any thread (Streamlit sessions, the CLI, tests).

We do not use `kaleido.start_sync_server()`: if its browser fails to start, its worker
thread dies and every later call blocks forever on the task queue. Here each call waits
with a timeout, errors come back as `RenderError`, and a dead browser is restarted once.
MathJax is off so the page kaleido loads never reaches for a CDN; plotly.js comes from the
installed plotly package.
"""
from __future__ import annotations

import asyncio
import atexit
import logging
import threading
import time
from concurrent.futures import TimeoutError as FutureTimeout

import plotly.graph_objects as go

log = logging.getLogger("channel_conflict.export")

DEFAULT_WIDTH = 1100  # px, when a figure sets no width (the page stretches it to the column)
DEFAULT_HEIGHT = 480
SCALE = 2
START_TIMEOUT = 60.0
RENDER_TIMEOUT = 60.0


class RenderError(RuntimeError):
    """An image could not be made; the message says why in plain words."""


def figure_size(fig: go.Figure) -> tuple[int, int]:
    """The CSS-pixel size an export uses: the figure's own width/height, else the defaults."""
    return int(fig.layout.width or DEFAULT_WIDTH), int(fig.layout.height or DEFAULT_HEIGHT)


class Renderer:
    """A warm kaleido (one Chromium, one tab) reused for every image."""

    def __init__(self, start_timeout: float = START_TIMEOUT, render_timeout: float = RENDER_TIMEOUT):
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
            k = kaleido.Kaleido(n=1, mathjax=False, timeout=self._render_timeout)
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

    def stop(self) -> None:
        with self._lock:
            self._stop_locked()

    def _stop_locked(self) -> None:
        k, loop, thread = self._kaleido, self._loop, self._thread
        self._kaleido = self._loop = self._thread = None
        if k is not None and loop is not None and loop.is_running():
            try:
                asyncio.run_coroutine_threadsafe(k.close(), loop).result(15)
            except Exception:  # noqa: BLE001 - closing a broken browser is best effort
                log.warning("kaleido renderer did not close cleanly", exc_info=True)
        if loop is not None and thread is not None:
            _stop_loop(loop, thread)

    # -- rendering ---------------------------------------------------------------------------
    def render(self, fig: go.Figure, fmt: str, scale: float = SCALE,
               width: int | None = None, height: int | None = None) -> bytes:
        """`fig` as PNG/SVG/PDF bytes at its export size (see figure_size) times `scale`."""
        w, h = figure_size(fig)
        opts = {"format": fmt, "width": width or w, "height": height or h, "scale": scale}
        spec = fig.to_dict()
        last: Exception | None = None
        for attempt in (1, 2):  # a crashed browser is restarted once
            self.start()
            try:
                return self._call(spec, opts)
            except RenderError:
                raise
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
            out = fut.result(self._render_timeout + 5)
        except FutureTimeout:
            fut.cancel()
            raise RuntimeError(f"no image after {self._render_timeout:.0f} s") from None
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
