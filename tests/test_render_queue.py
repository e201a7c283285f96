"""Bounded exports: renders take turns through a bounded line that tells a waiting caller its place;
a render that times out fails alone and the renderer restarts without touching the others.

The first tests drive the line with a stand-in for kaleido (fast, exact timings); the last one runs
30 concurrent renders through a real kaleido with a short timeout, three of them too heavy for it.
"""
from __future__ import annotations

import threading
import time

import numpy as np
import plotly.graph_objects as go
import pytest

from channel_conflict.export import render
from channel_conflict.export.render import RenderBusy, Renderer, RenderError


class FakeRenderer(Renderer):
    """Renderer with the browser replaced. A render waits until the test opens `gate` (open by default),
    so callers pile up in line for as long as a test needs, on a condition rather than a clock; a figure
    titled 'slow' fails as the real renderer fails a render that outlives its timeout."""

    def __init__(self, gate_open: bool = True, **kw):
        super().__init__(**kw)
        self.gate = threading.Event()
        if gate_open:
            self.gate.set()
        self.permits = threading.Semaphore(0)  # with the gate shut: one image per permit
        self.blocked = 0  # renders waiting for a permit
        self.released = 0  # renders that got one
        self.running = 0
        self.overlap = 0
        self.stops = 0
        self._count = threading.Lock()

    def start(self):
        return self

    def stop(self, close_timeout: float = 15) -> None:
        self.stops += 1

    def _call(self, spec, opts):
        with self._count:
            self.running += 1
            self.overlap = max(self.overlap, self.running)
        try:
            if (spec.get("layout", {}).get("title", {}) or {}).get("text") == "slow":
                raise render._Timeout("hung")  # what Renderer._call raises when no image comes in time
            if not self.gate.is_set():
                with self._count:
                    self.blocked += 1
                changed()
                try:
                    assert self.permits.acquire(timeout=60), "the test never let this render finish"
                finally:
                    with self._count:
                        self.blocked -= 1
                        self.released += 1
                    changed()
            return b"\x89PNG fake"
        finally:
            with self._count:
                self.running -= 1


# Every change a test waits on (a render's counters, a caller's result, its place in line, who holds the
# turn) is announced here after it is made, so a waiting test wakes on the change, not on a clock.
CHANGED = threading.Condition()


def changed() -> None:
    with CHANGED:
        CHANGED.notify_all()


def wait_until(condition, timeout: float = 30) -> None:
    """Block until `condition` holds, re-checked on each announced change (fails after `timeout` s)."""
    with CHANGED:
        assert CHANGED.wait_for(condition, timeout), "condition not reached"


def _fig(title: str = "ok") -> go.Figure:
    return go.Figure(go.Bar(x=[1, 2], y=[3, 4]), layout={"title": {"text": title}})


def _concurrently(n: int, job, meanwhile=None) -> list:
    """`job(i)` in n threads released together; `meanwhile(results)` runs here while they work."""
    results: list = [None] * n
    gate = threading.Barrier(n)

    def run(i):
        gate.wait()
        try:
            results[i] = job(i)
        except Exception as exc:  # noqa: BLE001 - collected and checked by the test
            results[i] = exc
        changed()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    if meanwhile:
        meanwhile(results)
    for t in threads:
        t.join(120)
    return results


def test_line_is_bounded_and_tells_each_waiting_caller_its_place():
    r = FakeRenderer(gate_open=False, max_in_line=4)
    places: dict[int, list[int]] = {}
    holding: set[int] = set()

    def pack(i):
        places[i] = []

        def told(ahead: int) -> None:
            places[i].append(ahead)
            changed()

        with r.turn(on_wait=told):
            holding.add(i)
            changed()
            return [r.render(_fig(), "png") for _ in range(2)]  # a pack's images share its turn

    def one_image_at_a_time(results):
        # Every caller is in line or turned away first; then each image finishes only once the render
        # is waiting for it and every caller still in line has been told its current place.
        wait_until(lambda: r.in_line() + sum(isinstance(x, RenderBusy) for x in results) == 10)

        def waiting_told_their_place() -> bool:
            told = sorted(places[i][-1] if places.get(i) else 99 for i in range(10)
                          if results[i] is None and i not in holding)
            return told == list(range(1, len(told) + 1))

        while True:
            wait_until(lambda: all(x is not None for x in results)
                       or (r.blocked == 1 and waiting_told_their_place()))
            if all(x is not None for x in results):
                return
            before = r.released
            r.permits.release()
            wait_until(lambda before=before: r.released > before)

    results = _concurrently(10, pack, meanwhile=one_image_at_a_time)
    busy = [x for x in results if isinstance(x, RenderBusy)]
    done = [x for x in results if isinstance(x, list)]
    assert len(done) + len(busy) == 10 and len(done) >= 4 and len(busy) >= 4
    assert all("busy" in str(b) for b in busy)
    assert r.overlap == 1  # one render at a time
    told = [p for i, p in places.items() if isinstance(results[i], list) and p]
    assert told and all(p == sorted(p, reverse=True) and p[-1] == 1 for p in told)  # counts down to "1 ahead"
    assert max(p[0] for p in told) >= 3
    assert r.in_line() == 0


def test_waiting_too_long_gives_up_and_leaves_the_line():
    r = FakeRenderer(gate_open=False, queue_timeout=0.3)

    def when_the_waiting_have_given_up(results):
        wait_until(lambda: sum(isinstance(x, RenderBusy) for x in results) == 2)
        r.gate.set()
        r.permits.release()  # the render that held the turn meanwhile

    results = _concurrently(3, lambda i: r.render(_fig(), "png"), meanwhile=when_the_waiting_have_given_up)
    assert sum(isinstance(x, bytes) for x in results) >= 1
    assert any(isinstance(x, RenderBusy) and "still busy" in str(x) for x in results)
    assert r.in_line() == 0


def test_a_timeout_fails_only_its_own_render_fake():
    r = FakeRenderer(render_timeout=0.2, max_in_line=40)
    results = _concurrently(30, lambda i: r.render(_fig("slow" if i % 10 == 3 else "ok"), "png"))
    for i, x in enumerate(results):
        if i % 10 == 3:
            assert isinstance(x, RenderError) and "longer than" in str(x), x
        else:
            assert x == b"\x89PNG fake", x
    assert r.stops == 3 and r.timeouts == 3 and r.overlap == 1


def test_thirty_concurrent_real_renders_with_a_short_timeout_each_succeed_or_fail_alone():
    from .conftest import require_browser

    require_browser()
    heavy = go.Figure(go.Scatter(x=np.arange(60_000), y=np.random.default_rng(1).random(60_000), mode="markers"))
    r = Renderer(render_timeout=3.0, max_in_line=40, queue_timeout=240)
    try:
        r.start()
        t0 = time.perf_counter()
        results = _concurrently(30, lambda i: r.render(heavy if i in (4, 15, 26) else _fig(f"chart {i}"), "png"))
        seconds = time.perf_counter() - t0
        for i, x in enumerate(results):
            if i in (4, 15, 26):
                assert isinstance(x, RenderError) and "longer than 3 s" in str(x), (i, x)
            else:
                assert isinstance(x, bytes) and x.startswith(b"\x89PNG"), (i, x)
        assert r.timeouts == 3
        assert r.render(_fig("after"), "png").startswith(b"\x89PNG")  # the restarted renderer works
        print(f"30 renders, 3 timed out, in {seconds:.1f} s")
    finally:
        r.stop()


def test_busy_error_names_the_line():
    r = FakeRenderer(max_in_line=3)
    r._queue.extend(object() for _ in range(3))
    with pytest.raises(RenderBusy) as info:
        with r.turn():
            pass
    assert info.value.in_line == 3 and "3 exports are in line" in str(info.value)
