"""Readers at the protocol level: a Streamlit session over its websocket, speaking Streamlit's own
protobuf messages (BackMsg out, ForwardMsg in), with no browser. Hundreds of these fit on the
machine that runs the server, so the load is the server's, not twenty Chromium front ends'.

A reader opens a page (a `rerun_script` BackMsg, as the front end sends on load) and waits for the
run to finish; a move sets one slider (a fragment rerun when the slider lives in an st.fragment,
as the front end does) and waits for that run to finish. What the server sends is counted, not
rendered.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

FRAGMENT_DONE = ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY
DONE = {ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY,
        ForwardMsg.ScriptFinishedStatus.FINISHED_FRAGMENT_RUN_SUCCESSFULLY}


@dataclass
class Slider:
    id: str
    key: str  # the widget's user key (the part after the last '-' of its id)
    label: str
    low: float
    high: float
    step: float
    fragment_id: str


@dataclass
class Reader:
    base: str  # http://host:port
    page: str = "overlap"
    query: str = ""
    ws: websockets.ClientConnection | None = None
    sliders: dict[str, Slider] = field(default_factory=dict)
    page_hash: str = ""
    received: int = 0  # bytes the server sent
    errors: list[str] = field(default_factory=list)
    last_chart: str = ""  # the last Plotly spec (JSON) the server sent: a check that a move took effect
    fragment_run: bool = False  # whether the last run was a fragment's only (not the whole page)

    async def open(self, timeout: float = 60) -> float:
        """Connect and run the page; seconds until its run finished."""
        ws_url = self.base.replace("http", "ws", 1) + "/_stcore/stream"
        t0 = time.perf_counter()
        self.ws = await websockets.connect(ws_url, subprotocols=["streamlit"], origin=self.base, max_size=None,
                                           open_timeout=timeout, ping_interval=None)
        msg = BackMsg()
        msg.rerun_script.query_string = self.query
        msg.rerun_script.page_name = self.page
        await self.ws.send(msg.SerializeToString())
        await self._until_finished(timeout)
        return time.perf_counter() - t0

    async def move(self, key: str, value: float, timeout: float = 60) -> float:
        """Set one slider and wait for the rerun; seconds from send to the run's end."""
        s = self.sliders[key]
        msg = BackMsg()
        cs = msg.rerun_script
        cs.query_string = self.query
        cs.page_name = self.page
        cs.page_script_hash = self.page_hash
        if s.fragment_id:
            cs.fragment_id = s.fragment_id
        w = cs.widget_states.widgets.add()
        w.id = s.id
        w.double_array_value.data.append(value)
        t0 = time.perf_counter()
        await self.ws.send(msg.SerializeToString())
        await self._until_finished(timeout)
        return time.perf_counter() - t0

    async def _until_finished(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        while True:
            raw = await asyncio.wait_for(self.ws.recv(), max(0.01, deadline - time.monotonic()))
            self.received += len(raw)
            f = ForwardMsg()
            f.ParseFromString(raw)
            kind = f.WhichOneof("type")
            if kind == "new_session":
                self.page_hash = f.new_session.page_script_hash
            elif kind == "page_info_changed" or kind == "navigation":
                if kind == "navigation" and f.navigation.page_script_hash:
                    self.page_hash = f.navigation.page_script_hash
            elif kind == "delta":
                self._element(f)
            elif kind == "script_finished" and f.script_finished in DONE:
                self.fragment_run = f.script_finished == FRAGMENT_DONE
                return

    def _element(self, f: ForwardMsg) -> None:
        d = f.delta
        if d.WhichOneof("type") != "new_element":
            return
        el = d.new_element
        t = el.WhichOneof("type")
        if t == "exception":
            self.errors.append(el.exception.message[:200])
        elif t == "plotly_chart" and el.plotly_chart.spec:
            self.last_chart = el.plotly_chart.spec
        elif t == "slider":
            s = el.slider
            key = s.id.rsplit("-", 1)[-1]
            self.sliders[key] = Slider(s.id, key, s.label, s.min, s.max, s.step or 0.01, d.fragment_id)

    async def close(self) -> None:
        if self.ws is not None:
            await self.ws.close()
            self.ws = None
