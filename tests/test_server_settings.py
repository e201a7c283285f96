"""Safe server defaults: loopback only, XSRF protection on, small uploads, and no raw HTML from data."""
from __future__ import annotations

import re
import tomllib

import pytest

from channel_conflict.paths import ROOT

CONFIG = ROOT / ".streamlit" / "config.toml"
CODE_DIRS = [ROOT / "pages", ROOT / "channel_conflict"]


@pytest.fixture(scope="module")
def config() -> dict:
    return tomllib.loads(CONFIG.read_text(encoding="utf-8"))


def test_binds_to_loopback_only(config):
    assert config["server"]["address"] == "127.0.0.1"
    assert config["server"].get("headless") is True


def test_xsrf_protection_is_on(config):
    # Streamlit's default is on; the file must not turn it off (and says so explicitly).
    assert config["server"].get("enableXsrfProtection", True) is True


def test_upload_size_is_limited(config):
    size = config["server"].get("maxUploadSize")
    assert size is not None and 0 < size <= 10, "maxUploadSize (MB) must be set and small"


def test_no_error_details_or_telemetry(config):
    assert config["client"].get("showErrorDetails") in ("none", False)
    assert config["browser"].get("gatherUsageStats") is False


def test_makefile_serves_on_loopback():
    make = (ROOT / "Makefile").read_text(encoding="utf-8")
    runs = [line for line in make.splitlines() if "streamlit run" in line or "channel_conflict.serve" in line]
    assert runs and all("--server.address 127.0.0.1" in line for line in runs)


UNSAFE = re.compile(r"unsafe_allow_html\s*=\s*True")


def _python_files():
    for d in CODE_DIRS:
        yield from sorted(d.rglob("*.py"))
    yield ROOT / "dashboard.py"


# st.html is allowed only where every interpolated value is escaped; each entry says why.
HTML_ALLOWED = {"channel_conflict/ui/share.py": "copy-link button: the link goes through html.escape(quote=True)"}
# Modules whose st.html() only ever renders module-level constants: <style> blocks with no data in them.
STATIC_HTML = {"channel_conflict/ui/layout.py": {"CSS", "CHART_CSS", "HEADLINE_CSS", "PILLS_CSS"}}


def test_no_unsafe_html_in_app_code():
    """No page or module renders raw HTML from data: titles, notes and URLs are never trusted."""
    unsafe, raw_html = [], []
    for p in _python_files():
        rel = p.relative_to(ROOT).as_posix()
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), start=1):
            if UNSAFE.search(line):
                unsafe.append(f"{rel}:{n}: {line.strip()}")
            if ("st.html(" in line or "components.html(" in line) and rel not in HTML_ALLOWED | STATIC_HTML:
                raw_html.append(f"{rel}:{n}: {line.strip()}")
    assert not unsafe, "unsafe_allow_html=True found:\n" + "\n".join(unsafe)
    assert not raw_html, "raw HTML outside the reviewed places (add to HTML_ALLOWED only if escaped):\n" + \
        "\n".join(raw_html)
    for rel in HTML_ALLOWED:
        text = (ROOT / rel).read_text(encoding="utf-8")
        assert "html.escape(" in text, f"{rel} renders HTML but no longer escapes what it interpolates"
    for rel, names in STATIC_HTML.items():
        assert static_html_only(ROOT / rel, names), f"{rel}: st.html() must take only its constant <style> blocks"


def static_html_only(path, names: set[str]) -> bool:
    """Every st.html() argument is one of `names`, each a module-level string whose f-string holes
    hold only UPPER_CASE constants and the module's own helpers (no argument, no data reaches the HTML)."""
    import ast

    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", "") == "html":
            if not (len(node.args) == 1 and isinstance(node.args[0], ast.Name) and node.args[0].id in names):
                return False
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) in names for t in node.targets):
            holes = [n for n in ast.walk(node.value) if isinstance(n, ast.FormattedValue)]
            used = {n.id for h in holes for n in ast.walk(h.value) if isinstance(n, ast.Name)}
            helpers = {f.name for f in tree.body if isinstance(f, ast.FunctionDef)}
            if any(not (u.isupper() or u in helpers) for u in used):
                return False
    return True


def test_the_static_html_check_catches_data(tmp_path):
    bad = tmp_path / "bad.py"
    bad.write_text('CSS = f"<style>{name}</style>"\ndef f(name):\n    st.html(CSS)\n    st.html(name)\n')
    assert not static_html_only(bad, {"CSS"})
    good = tmp_path / "good.py"
    good.write_text('PX = 3\nCSS = f"<style>{PX}</style>"\ndef f():\n    st.html(CSS)\n')
    assert static_html_only(good, {"CSS"})


def test_the_grep_finds_what_it_should(tmp_path):
    """Guard the guard: the pattern catches the usual spellings."""
    for text in ('st.markdown(x, unsafe_allow_html=True)', 'st.markdown(x, unsafe_allow_html = True)'):
        assert UNSAFE.search(text)
    assert not UNSAFE.search("st.markdown(x, unsafe_allow_html=False)")


def test_the_wrapped_pills_are_the_timelines_categories():
    from channel_conflict.ui import layout
    from channel_conflict.views import timeline

    assert timeline.CATEGORIES.key == layout.WRAPPED_PILLS
