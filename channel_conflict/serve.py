"""`python -m channel_conflict.serve [streamlit options]`: `streamlit run dashboard.py`, warmed up.

It serves channel_conflict/asgi.py, Streamlit's ASGI form of dashboard.py (st.App), whose one
middleware tells the front end where the server's root is (a link to /overlap otherwise waits 100 ms
for a failed probe of /overlap/_stcore/health; see asgi.py).

`make run`, `make cluster`, the bench and the browser tests start the app through this, so that no
visitor pays for two things a fresh server otherwise does on its first visit:

- Routing. With a `pages/` folder beside the entry point, Streamlit starts in its old "pages
  directory" mode and keeps it until some session runs `st.navigation` ("as soon as any session
  executes st.navigation, the app ignores pages/", Streamlit's multipage docs). A first visit to a
  deep link such as /market would run pages/market.py alone, without dashboard.py's layout and
  sidebar, and the page would have to rerun itself through dashboard.py (ui/page.py keeps that as a
  fallback for a bare `streamlit run`). The warm-up session opens `/` first: dashboard.py runs
  `st.navigation`, and from then on every session is routed by it.
- The first run. Imports (pandas, Plotly, DuckDB), the database connection, the model inputs and
  each page's default figures are cached by whichever run comes first; the warm-up session makes
  the entry point's run at once (shared imports and data, while the first reader's browser is still
  loading Streamlit), then each other page's in quiet time (QUIET_S).

The warm-up speaks Streamlit's own websocket protocol (a `rerun_script` message per page, as the
front end sends on load), from a thread of the server process, once /_stcore/health answers.
"""
from __future__ import annotations

import asyncio
import http.client
import logging
import os
import sys
import threading
import time
import urllib.request

from .paths import ROOT
from .registry import PAGES

log = logging.getLogger("channel_conflict.serve")
WARMED = "warm-up done"  # the log line a test or an operator can wait for
# After `/`, each page is warmed once no page has run for this long: measured on two cores, warming all
# seven pages at once made a first visitor's chart 0.3-0.6 s later than warming `/` alone (its browser
# loading Streamlit and the warm-up shared the cores); in quiet time it costs no one anything.
QUIET_S = 3.0
QUIET_ENV = "WARMUP_QUIET_S"  # another value (tests use a short one)
ROUTED = "warm-up: / ran"  # logged once dashboard.py has called st.navigation


def _option(argv: list[str], name: str, default: str) -> str:
    """The value of `--name value` or `--name=value` in streamlit's own options."""
    for i, arg in enumerate(argv):
        if arg == name and i + 1 < len(argv):
            return argv[i + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return default


def base_url(argv: list[str]) -> str:
    address = _option(argv, "--server.address", "127.0.0.1")
    if address in ("", "0.0.0.0", "::"):  # listening everywhere: loopback reaches it
        address = "127.0.0.1"
    return f"http://{address}:{_option(argv, '--server.port', '8501')}"


async def run_page(ws, page: str, timeout: float) -> None:
    """Run one page in the session on `ws` and wait until its run has finished."""
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    msg = BackMsg()
    msg.rerun_script.page_name = page
    await ws.send(msg.SerializeToString())
    deadline = time.monotonic() + timeout
    while True:
        f = ForwardMsg()
        f.ParseFromString(await asyncio.wait_for(ws.recv(), max(0.01, deadline - time.monotonic())))
        if f.WhichOneof("type") == "script_finished":
            return


async def warm(base: str, pages: list[str], timeout: float = 120, quiet_s: float = 0.0) -> dict[str, float]:
    """Seconds each page's first run took, in one session, `/` (the entry point) first; each later
    page once no page has run for `quiet_s` seconds."""
    import websockets

    took = {}
    ws_url = base.replace("http", "ws", 1) + "/_stcore/stream"
    async with websockets.connect(ws_url, subprotocols=["streamlit"], origin=base, max_size=None,
                                  open_timeout=timeout, ping_interval=None) as ws:
        for i, page in enumerate(pages):
            if i:
                await _quiet(quiet_s)
            t0 = time.perf_counter()
            await run_page(ws, page, timeout)
            took[page or "/"] = round(time.perf_counter() - t0, 2)
            if not page:
                log.warning("%s in %.2f s", ROUTED, took["/"])
    return took


async def _quiet(seconds: float) -> None:
    """Wait until no page has run in this process for `seconds` (ui.activity): after `/`, the
    warm-up takes only quiet time, not CPU from a first visitor whose browser is loading."""
    from .ui import activity

    while (gap := activity.quiet_for()) < seconds:
        await asyncio.sleep(max(0.02, seconds - gap))


def health(url: str, timeout: float = 1.0) -> bool:
    """Whether Streamlit's health endpoint at `url` answers 200 (make cluster's checks use it too)."""
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=timeout) as r:
            return r.status == 200
    except (OSError, http.client.HTTPException):
        return False


def _wait_healthy(base: str, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if health(base):
            return True
        time.sleep(0.05)
    return False


def _warm_when_ready(base: str, timeout: float = 120) -> None:
    # A warm-up that fails costs only speed: the app still serves, so it is logged, never raised.
    try:
        if not _wait_healthy(base, timeout):
            log.warning("warm-up skipped: %s/_stcore/health did not answer in %.0f s", base, timeout)
            return
        t0 = time.perf_counter()
        quiet = float(os.environ.get(QUIET_ENV, QUIET_S))
        took = asyncio.run(warm(base, [p.url_path for p in PAGES], timeout, quiet))
        log.warning("%s in %.1f s: %s", WARMED, time.perf_counter() - t0, took)
    except Exception as exc:  # noqa: BLE001 - see above
        log.warning("warm-up failed (%s): the first visitors will be slower", exc)


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    logging.basicConfig(format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # pandas is imported here, before the server takes sessions, not by the first page runs: two first
    # runs importing it at once (the warm-up and a first visitor) crashed one of them, Plotly's
    # validators finding a half-initialised pandas in sys.modules ("partially initialized module
    # 'pandas' has no attribute 'Series'", seen in the browser tests). Streamlit imports Plotly itself.
    import pandas  # noqa: F401

    threading.Thread(target=_warm_when_ready, args=(base_url(argv),), name="warm-up", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(ROOT / "channel_conflict" / "asgi.py"), *argv]
    return cli.main(prog_name="streamlit")


if __name__ == "__main__":
    sys.exit(main())
