"""channel_conflict.asgi: every HTML page names the server's root for the front end; nothing else changes."""
import asyncio
from concurrent.futures import ThreadPoolExecutor

from channel_conflict import asgi


def _serve(content_type: str, body: bytes, chunks: int = 1, path: str = "/overlap"):
    """Run the middleware over a stand-in app; returns (headers, body) as sent and the scope it saw."""
    seen, sent = {}, []

    async def app(scope, receive, send):
        seen["scope"] = scope
        headers = [(b"content-type", content_type.encode()), (b"content-length", str(len(body)).encode())]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        step = max(1, len(body) // chunks)
        parts = [body[i:i + step] for i in range(0, len(body), step)] or [b""]
        for i, part in enumerate(parts):
            await send({"type": "http.response.body", "body": part, "more_body": i < len(parts) - 1})

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "GET", "path": path,
             "headers": [(b"accept-encoding", b"gzip"), (b"host", b"x")]}
    # In a thread of its own: a browser test in this worker may have left an event loop running here.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, asgi.ServerRoot(app)(scope, None, send)).result()
    headers = dict(sent[0]["headers"])
    return headers, b"".join(m.get("body", b"") for m in sent[1:]), seen["scope"]


def test_an_html_page_gets_the_root_script_first_in_its_head_and_a_true_length():
    html = b"<!DOCTYPE html><html><head><title>x</title></head><body></body></html>"
    headers, body, scope = _serve("text/html; charset=utf-8", html, chunks=3)
    assert body.startswith(b"<!DOCTYPE html><html><head><script>window.__streamlit=")
    assert b"BACKEND_BASE_URL:window.location.origin+\"/\"" in body and body.endswith(b"</html>")
    assert int(headers[b"content-length"]) == len(body)
    assert b"accept-encoding" not in dict(scope["headers"]), "served plain, so the HTML can be edited"


def test_other_responses_pass_through_untouched():
    js = b"console.log('<head>')"
    headers, body, _ = _serve("application/javascript", js)
    assert body == js and int(headers[b"content-length"]) == len(js)
    headers, body, scope = _serve("application/javascript", js, path="/static/js/index.js")
    assert body == js and dict(scope["headers"])[b"accept-encoding"] == b"gzip", "files keep their compression"


def test_pages_are_told_from_files_and_the_api():
    assert all(asgi.is_page(p) for p in ("/", "/overlap", "/overlap/", "/app/market"))
    assert not any(asgi.is_page(p) for p in ("/static/js/index.js", "/favicon.png", "/_stcore/health",
                                              "/overlap/_stcore/health", "/media/x", "/component/a/b"))


def test_the_root_follows_the_base_url_path():
    assert b'origin+"/app/"' in asgi.root_script("/app/")
    assert b'origin+"/"' in asgi.root_script("")
    assert b"</script><" not in asgi.root_script("</script><img src=x onerror=alert(1)>")
