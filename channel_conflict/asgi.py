"""The app as Streamlit's ASGI application (`st.App`): dashboard.py, and the server's root in every page.

Streamlit's front end does not know where the server's root is. Opened at a page's own path such as
/overlap, it first asks /overlap/_stcore/health, gets a 404, waits its 100 ms retry backoff and only
then asks /_stcore/health: every shared link to a page other than the overview paid 100 ms before
the first byte of its data (measured in Chromium, 1 Dec 2026). The front end reads the root from
`window.__streamlit.BACKEND_BASE_URL` when a host page sets it; here every HTML page sets it to the
origin the page was loaded from (plus server.baseUrlPath), so the first probe succeeds.
"""
from __future__ import annotations

import json

import streamlit as st
from starlette.datastructures import MutableHeaders
from starlette.middleware import Middleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from channel_conflict.paths import ROOT

MARK = b"<head>"


def root_script(base_path: str) -> bytes:
    """The script that names the server's root for the front end (no visitor's input in it)."""
    base = "/" + base_path.strip("/") + "/" if base_path.strip("/") else "/"
    literal = json.dumps(base).replace("<", "\\u003c")  # the config's text cannot close the script
    return (b"<script>window.__streamlit=Object.assign({},window.__streamlit,"
            b"{BACKEND_BASE_URL:window.location.origin+" + literal.encode() + b"});</script>")


class ServerRoot:
    """ASGI middleware: put root_script at the top of every HTML page the app serves."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or not is_page(scope.get("path", "")):
            await self.app(scope, receive, send)
            return
        # The HTML is ~2 KB: served uncompressed, it can be edited without a gzip round trip (scripts,
        # styles and data keep their compression: they are not pages).
        scope = dict(scope, headers=[(k, v) for k, v in scope["headers"] if k != b"accept-encoding"])
        start: Message | None = None
        body = bytearray()

        async def edit(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                headers = MutableHeaders(raw=list(message["headers"]))
                if not headers.get("content-type", "").startswith("text/html"):
                    start = None
                    await send(message)
                    return
                start = message
                return
            if start is None:
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            html = bytes(body).replace(MARK, MARK + root_script(_base_path()), 1)
            headers = MutableHeaders(raw=list(start["headers"]))
            headers["content-length"] = str(len(html))
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": html})

        await self.app(scope, receive, edit)


def is_page(path: str) -> bool:
    """A page's own path (/, /overlap), where Streamlit serves its index.html: not a file, not an API."""
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return "." not in last and not any(f"/{p}/" in path + "/" for p in ("_stcore", "static", "media", "component"))


def _base_path() -> str:
    from streamlit import config

    return config.get_option("server.baseUrlPath") or ""


app = st.App(ROOT / "dashboard.py", middleware=[Middleware(ServerRoot)])
