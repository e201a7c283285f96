"""Load at the protocol level: N Streamlit sessions over the app's own websocket, no browser each.

Each session connects to `/_stcore/stream` as the front end does, asks for a page (ClientState),
reads the widgets the run sent, then moves one slider again and again: a `rerun_script` back
message with the slider's new value (and the fragment it lives in), timed from sending to the
run's `script_finished`. So every session runs its own script on the server, as a reader would,
without twenty front ends competing with the server for the same two cores.

    python -m bench.load --sessions 10 25 50 --seconds 15            # against a server it starts
    python -m bench.load --url http://127.0.0.1:8501 --sessions 10   # against a running server

`run_load(url, n, seconds, page, key)` is the entry point for other tools (e.g. a capacity plan).
"""
from __future__ import annotations

import argparse
import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from .stats import summary

RUN_TIMEOUT = 30.0  # s: a run that has not finished by then counts as an error
DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


@dataclass
class Slider:
    id: str
    lo: float
    hi: float
    step: float
    value: float
    fragment_id: str = ""


@dataclass
class Session:
    """One protocol-level session: connect, load a page, find a slider by key, move it."""

    url: str
    page: str
    key: str
    ws: object = None
    slider: Slider | None = None
    states: dict = field(default_factory=dict)
    page_hash: str = ""
    direction: int = 1
    label: str = "resale"  # the scenario word the chart title uses for this slider ("" to skip the check)

    async def connect(self) -> None:
        ws_url = self.url.replace("http", "ws", 1).rstrip("/") + "/_stcore/stream"
        self.ws = await websockets.connect(ws_url, subprotocols=["streamlit"], max_size=2 ** 26)
        await self._run(page_name=self.page)
        if self.slider is None:
            raise RuntimeError(f"no slider with key {self.key!r} on /{self.page}")

    async def _send_rerun(self, page_name: str = "", fragment_id: str = "") -> None:
        msg = BackMsg()
        cs = msg.rerun_script
        # The slider is bound to the URL (bind="query-params"): the front end sends its value in the
        # query string too, and the server reads it from there.
        cs.query_string = "&".join(f"{self.key}={v:g}" for v in self.states.values())
        cs.page_name = page_name
        if self.page_hash:
            cs.page_script_hash = self.page_hash
        if fragment_id:
            cs.fragment_id = fragment_id
        for wid, value in self.states.items():
            w = cs.widget_states.widgets.add()
            w.id = wid
            w.double_array_value.data.extend([value])
        await self.ws.send(msg.SerializeToString())

    async def _run(self, page_name: str = "", fragment_id: str = "", expect: bytes = b"") -> float:
        """Send a rerun, read messages until the run finishes; ms from sending to script_finished.
        With `expect`, the run must send those bytes (e.g. the chart title naming the new value)."""
        t0 = time.perf_counter()
        await self._send_rerun(page_name, fragment_id)
        seen = not expect
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), RUN_TIMEOUT)
            seen = seen or expect in raw
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = fm.new_session.page_script_hash or self.page_hash
            elif kind == "delta":
                self._see(fm)
            elif kind == "script_finished" and fm.script_finished in DONE:  # not "ended early for a rerun"
                if not seen:
                    raise RuntimeError(f"the run did not show {expect!r}: the move was not taken")
                return (time.perf_counter() - t0) * 1000

    def _see(self, fm: ForwardMsg) -> None:
        el = fm.delta.new_element
        if el.WhichOneof("type") != "slider":
            return
        s = el.slider
        if not s.id.endswith("-" + self.key) and s.id != self.key:
            return
        if self.slider is not None:  # the value is ours to track: the proto carries the default
            return
        value = list(s.value)[0] if len(s.value) else list(s.default)[0]
        self.slider = Slider(s.id, s.min, s.max, s.step or 0.01, value, fm.delta.fragment_id)

    async def move(self) -> float:
        s = self.slider
        nxt = s.value + self.direction * s.step
        if not s.lo <= nxt <= s.hi:
            self.direction = -self.direction
            nxt = s.value + self.direction * s.step
        sent = s.value = round(nxt, 6)
        self.states[s.id] = sent
        # The chart in view states the scenario ("resale 11%"): proof the server ran with the new value.
        expect = f"{self.label} {sent:.0%}".encode() if self.label else b""
        return await self._run(fragment_id=s.fragment_id, expect=expect)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()


async def _drive(url: str, n: int, seconds: float, page: str, key: str, rss=None) -> dict:
    sessions = [Session(url, page, key) for _ in range(n)]
    errors: list[str] = []
    opened = []
    for s in sessions:  # one after another, as readers arrive
        try:
            await s.connect()
            opened.append(s)
        except Exception as exc:  # noqa: BLE001 - counted and reported
            errors.append(f"connect: {type(exc).__name__}: {exc}")
    rss_open = rss() if rss else None
    lat: list[float] = []
    end = time.monotonic() + seconds

    async def loop(s: Session) -> None:
        while time.monotonic() < end:
            try:
                lat.append(await s.move())
            except Exception as exc:  # noqa: BLE001
                errors.append(f"move: {type(exc).__name__}: {exc}")
                return

    await asyncio.gather(*(loop(s) for s in opened))
    for s in opened:
        await s.close()
    return {"sessions": n, "opened": len(opened), "seconds": seconds, "runs": summary(lat), "errors": len(errors),
            "error_kinds": sorted({e[:100] for e in errors}), "rss_open_mb": rss_open}


def run_load(url: str, n: int, seconds: float, page: str = "overlap", key: str = "rho", rss=None) -> dict:
    """N protocol-level sessions moving slider `key` on `/page` for `seconds`; server run times (ms from a
    move sent to its run finished), errors, and the server's RSS once all are open (`rss`: a callable).

    Runs its own event loop in a worker thread: the caller's thread may already run one (Playwright's
    sync API keeps a loop running in it), and asyncio.run() refuses to start inside a running loop."""
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, _drive(url, n, seconds, page, key, rss)).result()


def repaint(url: str, page: str, moves: int, during=None) -> tuple[dict, object]:
    """One Chromium moving the page's first slider (bench.browser): repaint times, optionally while
    `during()` runs in a thread (the protocol load); returns (summary, during's result)."""
    import threading

    from playwright.sync_api import sync_playwright

    from . import browser as B

    out: dict = {}
    with sync_playwright() as pw:
        browser = B.launch(pw)
        try:
            pg = B.new_page(browser)
            B.open_url(pg, f"{url}/{page}")
            ctl = B.find_control(pg, None)
            box: dict = {}
            t = threading.Thread(target=lambda: box.setdefault("r", during())) if during else None
            if t:
                t.start()
                time.sleep(2)  # the sessions open before the timed moves start
            ms = []
            deadline = time.monotonic() + 600
            while len(ms) < moves and time.monotonic() < deadline and (t is None or t.is_alive()):
                ms += B.measure_control(pg, ctl, 1, warmup=0, timeout=30000)
            if t:
                t.join()
            out = summary(ms)
        finally:
            browser.close()
    return out, (box.get("r") if during else None)


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n\n")[0])
    ap.add_argument("--url", default=None, help="a running app (default: start one on a fresh DB)")
    ap.add_argument("--sessions", type=int, nargs="+", default=[10, 25, 50])
    ap.add_argument("--seconds", type=float, default=15)
    ap.add_argument("--page", default="overlap")
    ap.add_argument("--key", default="rho")
    ap.add_argument("--moves", type=int, default=20, help="Chromium slider moves timed idle and under each load")
    args = ap.parse_args(argv)
    server = None
    url = args.url
    if url is None:
        import tempfile
        from pathlib import Path

        from channel_conflict.build import build
        from channel_conflict.paths import CSV_DIR, ROOT

        from .server import Server

        db = Path(tempfile.mkdtemp(prefix="load-")) / "market.duckdb"
        build(CSV_DIR, db)
        server = Server("dashboard.py", db, ROOT / "bench" / "results")
        server.wait_ready()
        url = server.url
    rss = server.rss_mb if server else None
    try:
        idle, _ = repaint(url, args.page, args.moves)
        print(f"idle: Chromium repaint p50 {idle['median']} ms, p95 {idle['p95']} ms (n={idle['n']})", flush=True)
        for n in args.sessions:
            rss0 = rss() if rss else None
            shown, r = repaint(url, args.page, args.moves,
                               during=lambda n=n: run_load(url, n, args.seconds, args.page, args.key, rss))
            s = r["runs"]
            per = (f"; RSS {rss0:.0f} -> {r['rss_open_mb']:.0f} MB with all open "
                   f"({(r['rss_open_mb'] - rss0) / max(n, 1):.1f} MB/session)" if rss0 and r["rss_open_mb"] else "")
            ratio = shown["p95"] / idle["p95"] if shown.get("p95") and idle.get("p95") else None
            print(f"N={n}: Chromium repaint p50 {shown['median']} ms, p95 {shown['p95']} ms "
                  f"({f'{ratio:.1f}x' if ratio else '-'} idle p95{', doubled' if ratio and ratio >= 2 else ''}); "
                  f"server runs {s['n']}, p50 {s['median']} ms, p95 {s['p95']} ms; errors {r['errors']}{per}"
                  + (f" {r['error_kinds'][:2]}" if r["errors"] else ""), flush=True)
    finally:
        if server:
            server.stop()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
